"""/help: what the group is, its rhythm this week, and the commands this person can use.

The command lists come from the bot's own command tree (a leaders' command says so in its
description), so a new command appears here without anyone remembering to add it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.access import group_here, is_leader
from bot.app import BalintBot
from bot.domain.calendar import WEEKDAYS, discord_timestamp
from bot.domain.sessions import agenda_time
from bot.domain.wording import listed, verb
from bot.errors import UserError
from bot.store.groups import Group, member_role
from bot.store.sessions import current_or_next_session

# Commands for leaders (or server admins) whose description does not start with "Leaders".
LEADERS_TOO = {"group setup", "group renew", "group leaders add", "group leaders remove"}
FIELD_LIMIT = 1024


class HelpCog(commands.Cog):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="How this group works and what you can do")
    async def help(self, interaction: discord.Interaction) -> None:
        why = ""
        try:
            group = await group_here(self.bot.db, interaction)
        except UserError as error:
            group, why = None, str(error)
        embed = discord.Embed(colour=discord.Colour.blurple())
        if group is None:
            embed.title = "Balint group bot"
            embed.description = (
                "This bot gives a Balint group (a weekly case-discussion group of trainees and "
                "their leaders) its weekly rhythm: the calendar, the week's posts, a fair rota of "
                "who presents, anonymous case drafts and anonymous feedback.\n\n" + why
            )
            leader = True  # whoever sets a group up
            role = None
        else:
            role = await member_role(self.bot.db, group.id, interaction.user.id)
            leader = await is_leader(self.bot.db, group, interaction.user)
            embed.title = group.name
            embed.description = await self._about(group, role, leader)
        everyone, leaders = self._commands()
        if leader:
            for name, value in _fields("Leaders' commands", leaders):
                embed.add_field(name=name, value=value, inline=False)
        label = "Everyone's commands" if leader else "Your commands"
        for name, value in _fields(label, everyone):
            embed.add_field(name=name, value=value, inline=False)
        embed.set_footer(text="Answers to commands are private unless they say otherwise.")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    async def _about(self, group: Group, role: str | None, leader: bool) -> str:
        s = self.bot.settings.sessions
        lines = [
            f"A Balint group: trainees and their leaders meet every **{WEEKDAYS[group.weekday]}** "
            f"at **{group.start_time}** ({group.timezone}) for {group.duration_minutes} minutes "
            f"in <#{group.channel_id}>. Someone tells the group about a patient who stays on "
            "their mind, and the group stays with the relationship and the feelings rather than "
            "advice. What is said in the group stays in the group.",
            "",
        ]
        nxt = await current_or_next_session(self.bot.db, group.id, self.bot.now())
        if nxt is None:
            lines.append("No session is scheduled.")
        else:
            start = nxt.starts_at
            end = nxt.ends_at
            now = self.bot.now()
            week = [
                (
                    start - timedelta(hours=s.who_has_case_hours),
                    "f",
                    "*Who has a case?* (a button that only counts; offer a case with `/volunteer`)",
                    "*Who has a case?*",
                ),
                (agenda_time(start, s.agenda_hours), "f", "the agenda, pinned", "the agenda"),
                (
                    start - timedelta(minutes=s.opening_minutes),
                    "t",
                    "the ground rules",
                    "the ground rules",
                ),
                (
                    start,
                    "t",
                    f"the check-in, *I'm here* (late after {s.checkin_grace_minutes} minutes)",
                    "the check-in",
                ),
                (end, "t", "the close, then a short anonymous feedback", "the close"),
            ]
            lines.append(
                f"**Next session: {discord_timestamp(start)}** ({discord_timestamp(start, 'R')})"
            )
            # only what is still to come has a date: a past one would read as a promise missed
            done = [short for when, _, _, short in week if when <= now]
            lines += [
                f"• {discord_timestamp(when, style)}: {text}"
                for when, style, text, _ in week
                if when > now
            ]
            if done:
                lines.append(
                    f"• {listed(done)} {verb(len(done), 'is', 'are')} already in the channel"
                )
        if role is None and not leader:
            lines += [
                "",
                "You are not on this group's roster: ask a leader to add you.",
            ]
        return "\n".join(lines)

    def _commands(self) -> tuple[list[str], list[str]]:
        """(everyone's, leaders') commands as '`/name` what it does' lines, in the tree's order."""
        everyone: list[str] = []
        leaders: list[str] = []
        for command in _leaves(self.bot.tree.get_commands()):
            name = command.qualified_name
            if name == "help":
                continue
            text = command.description
            if text.startswith("Leaders:") or name in LEADERS_TOO:
                text = text.removeprefix("Leaders:").strip()
                leaders.append(f"`/{name}` — {text[:1].lower()}{text[1:]}")
            else:
                everyone.append(f"`/{name}` — {text[:1].lower()}{text[1:]}")
        return everyone, leaders


def _leaves(
    items: list[
        app_commands.Command[Any, ..., Any] | app_commands.Group | app_commands.ContextMenu
    ],
) -> Iterator[app_commands.Command[Any, ..., Any]]:
    for item in items:
        if isinstance(item, app_commands.Group):
            yield from _leaves(list(item.commands))
        elif isinstance(item, app_commands.Command):
            yield item


def _fields(title: str, lines: list[str]) -> Iterator[tuple[str, str]]:
    """Embed fields of at most 1,024 characters each; continuation fields are titled '…'."""
    chunk: list[str] = []
    name = title
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > FIELD_LIMIT:
            yield name, "\n".join(chunk)
            chunk, name = [], f"{title} (continued)"
        chunk.append(line)
    if chunk:
        yield name, "\n".join(chunk)


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(HelpCog(bot))
