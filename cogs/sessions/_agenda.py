"""/agenda: the leaders' words for a session, posted and pinned 24 hours before (T-24h, with the
presenters who agreed to be named and approved anonymous draft themes added by their capabilities).

Leaders write it in a modal (`/agenda set`) and read it back with `/agenda show`; an edit after the
agenda was posted updates the pinned message in place. Members see the posted agenda.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import gate
from bot.access import group_here, is_leader, require_leader, require_member
from bot.app import BalintBot, bot_of
from bot.domain.calendar import discord_timestamp
from bot.domain.deidentify import warnings
from bot.domain.sessions import (
    AGENDA_TEXT_LIMIT,
    DEFAULT_AGENDA,
    MESSAGE_LIMIT,
    agenda_text_problem,
    agenda_time,
    compose_agenda,
)
from bot.errors import BaseModal, UserError
from bot.store import agenda as store
from bot.store.deliveries import delivered_message
from bot.store.groups import Group, get_group
from bot.store.sessions import Session
from bot.which_session import day_label, find_session, session_choices, when
from cogs.sessions._common import not_started, session_by_id
from cogs.sessions._posts import AGENDA, SessionPosts
from cogs.sessions._service import SessionsService

TEXT_FIELD = "agenda_text"


def _usable(group: Group, session: Session) -> None:
    if not session.is_active:
        raise UserError(
            f"The session on {day_label(group, session)} will not take place ({session.status}), "
            "so it needs no agenda. /schedule restore brings it back."
        )


class AgendaModal(BaseModal):
    """The leaders' text for one session (empty: the usual gentle text)."""

    def __init__(
        self, posts: SessionPosts, group: Group, session: Session, current: str | None
    ) -> None:
        super().__init__(title=f"Agenda for {day_label(group, session)}"[:45], timeout=900)
        self.posts = posts
        self.session_id = session.id
        self.text: discord.ui.TextInput[AgendaModal] = discord.ui.TextInput(
            label="Agenda (empty = the usual text)",
            custom_id=TEXT_FIELD,
            style=discord.TextStyle.paragraph,
            default=current or None,
            placeholder=DEFAULT_AGENDA[:100],
            required=False,
            max_length=4000,
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        session = await session_by_id(bot, self.session_id)
        group = await get_group(bot.db, session.group_id)
        if group is None:
            raise UserError("That group no longer exists.")
        await require_leader(bot.db, group, interaction.user)
        not_started(bot, group, session, "given a new agenda")
        _usable(group, session)
        text = (self.text.value or "").strip()
        if problem := agenda_text_problem(text):
            raise UserError(problem)
        checked = await gate.check({"agenda": text})
        findings = checked.findings.get("agenda", [])
        if checked.blocked:
            raise UserError(
                "The agenda goes to the whole group, so it must not identify a patient. Nothing was "
                "saved; please write it again without these (/agenda set):\n"
                + checked.explain(only_blocking=True)
            )
        posts = self.posts
        posted = await delivered_message(bot.db, session.id, AGENDA)
        if posted is not None:
            heading = f"**Agenda: {group.name}, {when(session)}**"
            full = compose_agenda(heading, text, await posts.agenda_parts(session), limit=10**6)
            if len(full.content) > MESSAGE_LIMIT:
                over = len(full.content) - MESSAGE_LIMIT
                raise UserError(
                    f"With the lines already in the posted agenda, that is {over:,} characters "
                    f"more than one message holds: please make it {over:,} characters shorter. "
                    "Nothing was changed."
                )
        # saved first: whatever happens to the reply, the leader's text is kept
        await store.set_text(
            bot.db, session.id, text or None, by=interaction.user.id, now=bot.now()
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        if posted is not None:
            await posts.refresh_agenda(session)
            done = "Saved, and the pinned agenda in the channel now shows it."
        else:
            due = agenda_time(session.starts_at, bot.settings.sessions.agenda_hours)
            done = (
                f"Saved. It will be posted and pinned {discord_timestamp(due, 'R')} "
                f"({discord_timestamp(due, 'f')}), with the presenters who agreed to be named."
            )
        shown = text or f"*(the usual text)* {DEFAULT_AGENDA}"
        note = ""
        if warned := warnings(findings):
            note = (
                "\nPlease check (it goes to the whole group): "
                + "; ".join(f'"{f.span_text(text)[:40]}" {f.reason}' for f in warned[:3])
                + ". If any of it could identify a patient, change it with /agenda set."
            )
        await interaction.followup.send(
            f"{done}{note}\nAgenda for {day_label(group, session)}:\n>>> {shown[:1200]}",
            ephemeral=True,
        )


class AgendaCog(commands.GroupCog, group_name="agenda", group_description="The session's agenda"):
    def __init__(self, bot: BalintBot, service: SessionsService) -> None:
        self.bot = bot
        self.service = service
        super().__init__()

    @app_commands.command(name="set", description="Leaders: write the agenda of a session")
    @app_commands.describe(session="The session's date (default: the next one)")
    async def set_(self, interaction: discord.Interaction, session: str | None = None) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        found = await find_session(self.bot.db, group, session, self.bot.now())
        not_started(self.bot, group, found, "given a new agenda")
        _usable(group, found)
        row = await store.get_agenda(self.bot.db, found.id)
        await interaction.response.send_modal(
            AgendaModal(self.service.posts, group, found, row.text if row else None)
        )

    @app_commands.command(name="show", description="See the agenda of a session")
    @app_commands.describe(session="The session's date (default: the next one)")
    async def show(self, interaction: discord.Interaction, session: str | None = None) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_member(self.bot.db, group, interaction.user)
        found = await find_session(self.bot.db, group, session, self.bot.now())
        _usable(group, found)
        leader = await is_leader(self.bot.db, group, interaction.user)
        row = await store.get_agenda(self.bot.db, found.id)
        posted = await delivered_message(self.bot.db, found.id, AGENDA)
        due = agenda_time(found.starts_at, self.bot.settings.sessions.agenda_hours)
        head = f"**Agenda for {day_label(group, found)}** ({when(found)})"
        if posted is not None:
            link = f"https://discord.com/channels/{group.guild_id}/{posted[0]}/{posted[1]}"
            status = f"Posted and pinned in <#{posted[0]}>: {link}"
        else:
            status = f"It will be posted and pinned {discord_timestamp(due, 'R')}."
        if not leader and posted is None:
            await interaction.response.send_message(f"{head}\n{status}", ephemeral=True)
            return
        text = row.text if row and row.text else None
        body = text or f"*(the usual text)* {DEFAULT_AGENDA}"
        extra = (
            f"\nLeaders' text: {len(text or ''):,} of {AGENDA_TEXT_LIMIT:,} characters. "
            "The presenters who agreed to be named and approved draft themes are added when it "
            "is posted. Change it with /agenda set."
            if leader
            else ""
        )
        await interaction.response.send_message(
            f"{head}\n{status}{extra}\n>>> {body[:1500]}", ephemeral=True
        )

    @set_.autocomplete("session")
    @show.autocomplete("session")
    async def session_option(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await session_choices(
            self.bot.db, interaction, current, self.bot.now(), to_come=True
        )


async def setup(bot: BalintBot, service: SessionsService) -> None:
    await bot.add_cog(AgendaCog(bot, service))
