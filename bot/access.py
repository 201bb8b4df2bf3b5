"""Who may do what, checked server-side on every command and button (never trusted from the client).

A group is found from the channel a command is used in (its own or its leaders' channel, or the
person's only group in a DM: `group_here`); leaders are the group's roster leaders and
holders of its leader role; members are the closed roster.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import discord

from bot.errors import UserError
from bot.store.db import Database
from bot.store.groups import (
    Group,
    everyone_ever,
    group_for_channel,
    groups_in_guild,
    groups_led_from,
    groups_of_user,
    member_role,
    trainees_of_server,
)


async def group_here(db: Database, interaction: discord.Interaction) -> Group:
    """The group a command is about, wherever a member or leader types it: the group of the channel
    (or of the thread's channel), the group whose leaders' channel it is, or in a DM the person's
    only group. Where that is ambiguous the refusal lists the groups and where to type it instead.

    Every command finds its group here, so a leaders' command works in the leaders' channel and
    every command works in a DM for someone in one group."""
    if interaction.guild_id is None:
        return _only(await groups_of_person(db, interaction.user), interaction)
    channel = interaction.channel
    for channel_id in (interaction.channel_id, getattr(channel, "parent_id", None)):
        if not channel_id:
            continue
        group = await group_for_channel(db, channel_id)
        if group is not None:
            return group
        led = await groups_led_from(db, channel_id)
        if led:
            return _only(led, interaction)
    raise UserError(
        "This channel has no Balint group. Use the command in your group's channel or its "
        "leaders' channel, or ask a leader to set a group up here with /group setup."
    )


def _only(groups: list[Group], interaction: discord.Interaction) -> Group:
    """The one group, or a refusal that says where to use the command for each of several."""
    if len(groups) == 1:
        return groups[0]
    if not groups:
        raise UserError("You are not in any Balint group yet; ask your group's leader to add you.")
    command = f"/{interaction.command.qualified_name}" if interaction.command else "the command"
    listed = "\n".join(f"• **{g.name}**: <#{g.channel_id}>" for g in groups)
    if interaction.guild_id is None:
        raise UserError(
            f"You are in {len(groups)} groups, so in a private message I cannot tell which one "
            f"you mean. Type {command} in that group's channel (or its leaders' channel):\n{listed}"
        )
    raise UserError(
        f"This leaders' channel serves {len(groups)} groups, so here I cannot tell which one you "
        f"mean. Type {command} in that group's own channel:\n{listed}"
    )


async def groups_of_person(db: Database, user: discord.abc.User) -> list[Group]:
    """The groups someone belongs to: on the roster, or holding a group's leader role."""
    found = {g.id: g for g in await groups_of_user(db, user.id)}
    for guild in _servers_of(user):
        for group in await groups_in_guild(db, guild.id):
            if group.id not in found and has_role(guild.get_member(user.id), group.leader_role_id):
                found[group.id] = group
    return sorted(found.values(), key=lambda g: g.name)


def _servers_of(user: discord.abc.User) -> list[discord.Guild]:
    """The servers the bot shares with this person (from its member cache)."""
    return list(user.mutual_guilds) if isinstance(user, discord.User | discord.Member) else []


def member_in(group: Group, user: discord.abc.User) -> discord.abc.User:
    """The person as a member of the group's server (with their roles), even in a DM."""
    if isinstance(user, discord.Member) and user.guild.id == group.guild_id:
        return user
    guild = next((g for g in _servers_of(user) if g.id == group.guild_id), None)
    member = guild.get_member(user.id) if guild else None
    return member or user


def has_role(user: discord.abc.User | None, role_id: int | None) -> bool:
    """Whether the member holds the role; @everyone (id = the server's) never counts, as every
    member holds it: a group set up with it by an older version leads nobody by role."""
    return (
        bool(role_id)
        and isinstance(user, discord.Member)
        and role_id != user.guild.id
        and any(r.id == role_id for r in user.roles)
    )


def can_manage_guild(interaction: discord.Interaction) -> bool:
    """Manage Server, as Discord resolved it for this interaction (roles, owner, administrator)."""
    return interaction.guild_id is not None and interaction.permissions.manage_guild


def can_configure(interaction: discord.Interaction, channel: discord.abc.GuildChannel) -> bool:
    """Manage Server, or Manage Channels on the group's channel, as the bot computes it from the
    server's roles and the channel's overwrites (whatever role the command names)."""
    user = interaction.user
    if can_manage_guild(interaction):
        return True
    return isinstance(user, discord.Member) and channel.permissions_for(user).manage_channels


@dataclass(frozen=True)
class NoTrainees:
    """Who may not View Channel in a group's leaders' channel: the trainee roles and every
    trainee, present or past, of the server's groups (another group's trainees would read this
    group's drafts and alerts, and one who left is no longer entitled to them either); this
    group's own leaders excepted (a trainee elsewhere may lead here)."""

    role_ids: frozenset[int]
    user_ids: frozenset[int]
    leaders: frozenset[int] = frozenset()


async def no_trainees(
    db: Database,
    guild_id: int,
    *,
    trainee_role_id: int | None,
    trainee_ids: Iterable[int],
    leader_ids: Iterable[int] = (),
) -> NoTrainees:
    """`NoTrainees` for a group of this server with this trainee role and roster (also one being
    set up, edited or renewed, not yet in the store as it will be)."""
    roles, users = await trainees_of_server(db, guild_id)
    own_role = {trainee_role_id} if trainee_role_id else set()
    return NoTrainees(roles | own_role, users | frozenset(trainee_ids), frozenset(leader_ids))


def role_members(guild: discord.Guild, role_id: int | None) -> list[discord.Member]:
    """The holders of a role (none for no role, or @everyone: it leads nobody)."""
    role = guild.get_role(role_id) if role_id and role_id != guild.id else None
    return list(role.members) if role is not None else []


def trainee_readers(
    channel: discord.abc.GuildChannel | discord.Thread, who: NoTrainees
) -> list[str]:
    """Who, of those who must not, may View Channel in a leaders' channel: @everyone, a trainee
    role or a trainee (`NoTrainees`: of any group of the server, past ones too), as mentions,
    for the leaders; empty if nobody.

    The one check of a leaders-only channel: what goes there (drift-away alerts naming a trainee,
    presenting notices, the year's exports, anonymous drafts) must reach no trainee. Made at
    /group setup, /group edit and /group renew, and again before each post, as permissions
    change.
    """
    guild = channel.guild
    if channel.permissions_for(guild.default_role).view_channel:
        return ["@everyone"]
    found = []
    for role_id in sorted(who.role_ids):
        role = guild.get_role(role_id)
        if role is not None and channel.permissions_for(role).view_channel:
            found.append(role.mention)
    for user_id in sorted(who.user_ids - who.leaders):
        member = guild.get_member(user_id)
        if member is not None and channel.permissions_for(member).view_channel:
            found.append(member.mention)
    return found


def readers_words(readers: list[str]) -> str:
    """'@everyone', or up to three names and how many more."""
    shown = ", ".join(readers[:3])
    return shown + (f" and {len(readers) - 3} more" if len(readers) > 3 else "")


def require_leaders_only(
    channel: discord.abc.GuildChannel | discord.Thread, who: NoTrainees
) -> None:
    """Refuse a leaders' channel a trainee (or @everyone) can read, saying how to make it private."""
    readers = trainee_readers(channel, who)
    if readers:
        raise UserError(
            f"I cannot use {channel.mention} as the leaders' channel: {readers_words(readers)} "
            "can read it (**View Channel**), and what goes there (drift-away alerts naming "
            "trainees, presenting notices, the year's exports, anonymous drafts) is for the "
            "leaders only. Make it private (its settings → Permissions → @everyone: deny **View "
            "Channel**; allow it for the leaders' role and for me), pick another channel, or "
            "leave the option out: the leaders then get these privately."
        )


def require_configure(interaction: discord.Interaction, channel: discord.abc.GuildChannel) -> None:
    if not can_configure(interaction, channel):
        raise UserError(
            f"Setting up a group in {channel.mention}, or choosing its leader role, needs the "
            "Manage Server permission or Manage Channels on that channel. Ask a server "
            "administrator."
        )


def check_leader_role(role: discord.Role, trainee_role_id: int | None = None) -> None:
    """A leader role that every member (or every trainee) holds would make them all leaders."""
    if role.is_default():
        raise UserError(
            "@everyone cannot be the leader role: every member holds it. Name the leaders' own "
            "role."
        )
    if role.id == trainee_role_id:
        raise UserError("The leader role cannot be the trainee role: every trainee would lead.")


def check_trainee_role(role: discord.Role, leader_role_id: int | None) -> None:
    """The trainee role makes the closed roster: @everyone would put the whole server on it
    (outsiders then get the group's private messages and its feedback), and the leader role
    would make the leaders its trainees. Checked wherever a trainee role is given (set-up,
    /group edit, /group renew)."""
    if role.is_default():
        raise UserError(
            "@everyone cannot be the trainee role: every member of the server would join the "
            "group's closed roster. Name the trainees' own role, or add them with /group members "
            "add."
        )
    if role.id == leader_role_id:
        raise UserError("The trainee role cannot be the leader role: every trainee would lead.")


async def is_leader(db: Database, group: Group, user: discord.abc.User) -> bool:
    return (
        has_role(member_in(group, user), group.leader_role_id)
        or await member_role(db, group.id, user.id) == "leader"
    )


async def require_leader(db: Database, group: Group, user: discord.abc.User) -> None:
    if not await is_leader(db, group, user):
        raise UserError(f"Only the leaders of {group.name} can do this.")


async def require_member(db: Database, group: Group, user: discord.abc.User) -> str:
    """The member's role ('trainee' or 'leader'); refuses people not on the roster."""
    role = await member_role(db, group.id, user.id)
    if role is None and has_role(member_in(group, user), group.leader_role_id):
        role = "leader"
    if role is None:
        raise UserError(
            f"You are not on the roster of {group.name}. If you should be, ask a leader to add you "
            "with /group members add."
        )
    return role


async def people_ever(db: Database, client: discord.Client, group: Group) -> set[int]:
    """Everyone who is or was one of the group's people: the roster (past members too) and the
    holders of its leader role."""
    found = set(await everyone_ever(db, group.id))
    guild = client.get_guild(group.guild_id)
    role = guild.get_role(group.leader_role_id) if guild and group.leader_role_id else None
    if role is not None:
        found |= {m.id for m in role.members}
    return found


async def people_names(db: Database, client: discord.Client, group: Group) -> list[str]:
    """The names the group's people go by (server nickname, user name, display name), so a
    draft or a comment that names a colleague gets a private warning."""
    guild = client.get_guild(group.guild_id)
    names: set[str] = set()
    for user_id in await people_ever(db, client, group):
        user = (guild.get_member(user_id) if guild else None) or client.get_user(user_id)
        if user is not None:
            names |= {n for n in (user.display_name, user.name, user.global_name) if n}
    return sorted(n for n in names if len(n) >= 3)
