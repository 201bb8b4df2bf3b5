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
from bot.domain.wording import listed, plural, verb
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
        else:
            role = await member_role(self.bot.db, group.id, interaction.user.id)
            leader = await is_leader(self.bot.db, group, interaction.user)
            embed.title = group.name
            embed.description = await self._about(group, role, leader)
        for name, value in _fields(self.bot.tree, leader):
            embed.add_field(name=name, value=value, inline=False)
        embed.set_footer(text="Answers to commands are private unless they say otherwise.")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    async def _about(self, group: Group, role: str | None, leader: bool) -> str:
        """This week first (when, the posts still to come, how to bring a case, how to say you
        will be away; for leaders, what leading it takes), then what the group is."""
        s = self.bot.settings.sessions
        lines = []
        if role is None and not leader:
            lines += ["You are not on this group's roster: ask a leader to add you.", ""]
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
                    "*Who has a case?* (a button that only counts)",
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
                    f"the check-in, *I'm here* (late after {plural(s.checkin_grace_minutes, 'minute')})",
                    "the check-in",
                ),
                (end, "t", "the close, then a short anonymous feedback", "the close"),
            ]
            lines.append(
                f"**Next session: {discord_timestamp(start)}** ({discord_timestamp(start, 'R')}) "
                f"in <#{group.channel_id}>"
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
        lines += [
            "",
            "**Bringing a case:** `/volunteer` offers one for a session, and `/withdraw` takes "
            "it back, no questions asked. `/draft new` lets you prepare it anonymously for the "
            "leaders first.",
            "**Can't come?** `/absence` tells the leaders ahead: it counts as excused, and you "
            "keep your turn to present.",
        ]
        if leader:
            where = f" in <#{group.leaders_channel_id}>" if group.leaders_channel_id else ""
            lines.append(
                "**Leading it:** `/agenda set` writes the week's agenda before it goes out, "
                "`/rota group` shows who presents, `/draft review` the anonymous drafts; after "
                f"the session, record who presented on the prompt{where}."
            )
        lines += [
            "",
            f"*A Balint group:* trainees and their leaders meet every "
            f"**{WEEKDAYS[group.weekday]}** at **{group.start_time}** ({group.timezone}) for "
            f"{group.duration_minutes} minutes. Someone tells the group about a patient who stays "
            "on their mind, and the group stays with the relationship and the feelings rather "
            "than advice. What is said in the group stays in the group.",
        ]
        return "\n".join(lines)


# The commands by task, by their first word: a new command joins its family's task, and one of a
# new family shows under "More" until it is given a place here.
TASKS = (
    ("Sessions and the calendar", ("schedule", "agenda")),
    ("Bringing a case", ("volunteer", "withdraw", "draft", "rota", "presenter", "nudges")),
    ("Attendance and your record", ("absence", "attendance")),
    ("Private reflection", ("reflect",)),
    ("Feedback", ("feedback",)),
    ("The group", ("group", "report")),
    ("Your data", ("privacy", "mydata", "forgetme")),
)
MORE = "More"


def _fields(tree: app_commands.CommandTree, leader: bool) -> Iterator[tuple[str, str]]:
    """One embed field per task, everyone's commands then the leaders' (for a leader), each field
    whole: a list that would not fit is written more briefly, never split into a 'continued'."""
    tasks: dict[str, tuple[list[str], list[str]]] = {t: ([], []) for t, _ in (*TASKS, (MORE, ()))}
    family = {first: task for task, firsts in TASKS for first in firsts}
    for command in _leaves(tree.get_commands()):
        name = command.qualified_name
        if name == "help":
            continue
        text = command.description
        for_leaders = text.startswith("Leaders:") or name in LEADERS_TOO
        if for_leaders and not leader:
            continue
        text = text.removeprefix("Leaders:").strip()
        line = (f"`/{name}`", f"{text[:1].lower()}{text[1:]}")
        everyone, leaders = tasks[family.get(name.split()[0], MORE)]
        (leaders if for_leaders else everyone).append(" — ".join(line))
    order = {first: i for _, firsts in TASKS for i, first in enumerate(firsts)}
    for task, (everyone, leaders) in tasks.items():
        if not everyone and not leaders:
            continue
        for lines in (everyone, leaders):  # in the task's own order: /volunteer before /draft
            lines.sort(key=lambda line: order.get(line[2:].split()[0].rstrip("`"), 0))
        lines = everyone + (["*Leaders:*", *leaders] if leaders and everyone else leaders)
        value = "\n".join(lines)
        if len(value) > FIELD_LIMIT:  # names only, still one list
            value = " · ".join(line.split(" — ")[0] for line in lines)
        yield (task + (" (leaders)" if leaders and not everyone else "")), value


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


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(HelpCog(bot))
