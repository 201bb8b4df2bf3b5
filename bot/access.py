"""Who may do what, checked server-side on every command and button (DESIGN.md principle 6).

A group is found from the channel a command is used in; leaders are the group's roster leaders and
holders of its leader role; members are the closed roster.
"""

from __future__ import annotations

import discord

from bot.errors import UserError
from bot.store.db import Database
from bot.store.groups import Group, group_for_channel, groups_of_user, member_role


async def group_here(db: Database, interaction: discord.Interaction) -> Group:
    """The group of the channel the interaction came from (or the user's only group, in DMs)."""
    channel_id = interaction.channel_id
    if interaction.guild_id is None:
        mine = await groups_of_user(db, interaction.user.id)
        if len(mine) == 1:
            return mine[0]
        if not mine:
            raise UserError(
                "You are not in any Balint group yet; ask your group's leader to add you."
            )
        raise UserError("You are in several groups: use this command in your group's channel.")
    group = await group_for_channel(db, channel_id) if channel_id else None
    if group is None:
        raise UserError(
            "This channel has no Balint group. Use the command in your group's channel, or ask a "
            "leader to set one up here with /group setup."
        )
    return group


def has_role(user: discord.abc.User, role_id: int | None) -> bool:
    return (
        bool(role_id)
        and isinstance(user, discord.Member)
        and any(r.id == role_id for r in user.roles)
    )


def can_manage_guild(interaction: discord.Interaction) -> bool:
    """Manage Server, as Discord resolved it for this interaction (roles, owner, administrator)."""
    return interaction.guild_id is not None and interaction.permissions.manage_guild


async def is_leader(db: Database, group: Group, user: discord.abc.User) -> bool:
    return (
        has_role(user, group.leader_role_id) or await member_role(db, group.id, user.id) == "leader"
    )


async def require_leader(db: Database, group: Group, user: discord.abc.User) -> None:
    if not await is_leader(db, group, user):
        raise UserError(f"Only the leaders of {group.name} can do this.")


async def require_member(db: Database, group: Group, user: discord.abc.User) -> str:
    """The member's role ('trainee' or 'leader'); refuses people not on the roster."""
    role = await member_role(db, group.id, user.id)
    if role is None and has_role(user, group.leader_role_id):
        role = "leader"
    if role is None:
        raise UserError(
            f"You are not on the roster of {group.name}. If you should be, ask a leader to add you "
            "with /group members add."
        )
    return role
