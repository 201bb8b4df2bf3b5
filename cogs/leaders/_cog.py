"""/leader: a leader's own log for accreditation (`log`, `add`, `remove`) and the debrief note of a
session (`debrief`, the same form as the prompt's button)."""

from __future__ import annotations

import io
from datetime import date

import discord
from discord import app_commands
from discord.ext import commands

from bot import gate, rendering
from bot.access import group_here, require_leader
from bot.app import BalintBot
from bot.domain import wording
from bot.domain.calendar import parse_date, zone
from bot.domain.deidentify import blocking, explain, warnings
from bot.domain.leaders import (
    KIND_WORDS,
    MEMBER,
    NOTE_MAX,
    SUPERVISION,
    WEEKEND,
    WORKSHOP,
    LogEntry,
    Targets,
    check_added,
    progress,
)
from bot.domain.quoting import words
from bot.errors import UserError
from bot.reports.leader_log import log_csv, log_pdf
from bot.store import leaders as store
from bot.store import names
from bot.which_session import date_label, day_label, find_session, session_choices
from cogs.leaders._debrief import (
    DEBRIEF,
    DEBRIEF_EXPIRY,
    DebriefButton,
    DebriefForm,
    Debriefs,
    still_kept,
)

ADDED_CHOICES = [
    app_commands.Choice(name="Supervision session", value=SUPERVISION),
    app_commands.Choice(name="Leadership day or workshop", value=WORKSHOP),
    app_commands.Choice(name="Leadership weekend", value=WEEKEND),
    app_commands.Choice(name="Session as a group member", value=MEMBER),
]
SHOWN = 10  # entries in the message; the files have them all


class LeaderCog(
    commands.GroupCog, group_name="leader", group_description="Your own practice as a leader"
):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        self.debriefs = Debriefs(bot)
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(DebriefButton)
        for kind in self.debriefs.kinds():
            self.bot.scheduler.register(kind)
        await self.debriefs.sweep()  # notes whose time passed while the bot was down

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(DebriefButton)
        for name in (DEBRIEF, DEBRIEF_EXPIRY):
            self.bot.scheduler.kinds.pop(name, None)

    def targets(self) -> Targets:
        s = self.bot.settings.leaders
        return Targets(
            co_led=s.accreditation_co_led,
            leadership_days=s.accreditation_leadership_days,
            member_sessions=s.accreditation_member_sessions,
        )

    def today(self) -> date:
        """Today where the bot's groups are by default (a leader's log is not one group's)."""
        return self.bot.now().astimezone(zone(self.bot.settings.groups.default_timezone)).date()

    # -- /leader log -------------------------------------------------------------------------------

    @app_commands.command(
        name="log",
        description="Leaders: your own log of sessions led, co-led and supervised (PDF and CSV)",
    )
    async def log(self, interaction: discord.Interaction) -> None:
        user = interaction.user
        entries = await store.entries_of(self.bot.db, user.id)
        if not entries:
            raise UserError(
                "Your leader log is empty. It fills itself when a session of a group you lead "
                "ends; `/leader add` records supervision, leadership days and weekends, and "
                "sessions you attended as a group member."
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        summary = progress(entries, self.targets())
        name = await names.printed_name(self.bot.db, user.id) or user.display_name
        pdf = await rendering.render(log_pdf, name, entries, summary, self.today())
        groups = sorted({e.group for e in entries if e.group})
        text = [
            f"**Your leader log** (only you see this): {wording.plural(len(entries), 'entry', 'entries')} "
            f"from {date_label(entries[0].day)} to {date_label(entries[-1].day)}"
            + (f", in {wording.listed(groups)}." if groups else "."),
            *(f"• {line}" for line in summary.lines()),
            "",
            f"The latest {min(SHOWN, len(entries))}:" if len(entries) > SHOWN else "Entries:",
            *(_line(e) for e in entries[-SHOWN:]),
            "",
            "Attached: the log as a PDF for your accreditation application and as a spreadsheet "
            "(CSV). It stays yours across groups and years, also after a group closes; "
            "/forgetme erases it.",
        ]
        await interaction.followup.send(
            "\n".join(text)[:1990],
            files=[
                discord.File(io.BytesIO(pdf), filename="leader-log.pdf"),
                discord.File(io.BytesIO(log_csv(entries)), filename="leader-log.csv"),
            ],
            ephemeral=True,
        )

    # -- /leader add, remove -----------------------------------------------------------------------

    @app_commands.command(
        name="add",
        description="Leaders: add supervision, a leadership day or weekend to your own log",
    )
    @app_commands.describe(
        what="What it was",
        date="The day, e.g. 2026-10-14",
        note=f"Optional, up to {NOTE_MAX} characters: a supervisor's name, a workshop's title",
    )
    @app_commands.choices(what=ADDED_CHOICES)
    async def add(
        self,
        interaction: discord.Interaction,
        what: app_commands.Choice[str],
        date: str,
        note: str | None = None,
    ) -> None:
        day = parse_date(date)
        note = " ".join(note.split()) if note else None
        if problem := check_added(what.value, day, self.today(), note):
            raise UserError(f"{problem} Nothing was added.")
        please = ""
        if note:
            findings = (await gate.check({"note": note})).findings["note"]
            if blocking(findings):
                raise UserError(
                    explain(note, findings)
                    + "\n\nNothing was added: a note names a supervisor or a workshop, never a "
                    "patient."
                )
            if warned := warnings(findings):
                please = (
                    "\nPlease check it names no patient: "
                    + explain(note, warned).partition("\n")[0]
                )
        await store.add_entry(
            self.bot.db, interaction.user.id, what.value, day, note, self.bot.now()
        )
        entries = await store.entries_of(self.bot.db, interaction.user.id)
        count = sum(1 for e in entries if e.kind == what.value)
        await interaction.response.send_message(
            f"Added to your leader log: {KIND_WORDS[what.value]} on {date_label(day)}"
            + (f" ({words(note)})" if note else "")
            + f". That makes {count}; /leader log shows the whole log.{please}",
            ephemeral=True,
        )

    @app_commands.command(
        name="remove", description="Leaders: take back an entry you added to your own log"
    )
    @app_commands.describe(what="What it was", date="The day it was added for")
    @app_commands.choices(what=ADDED_CHOICES)
    async def remove(
        self, interaction: discord.Interaction, what: app_commands.Choice[str], date: str
    ) -> None:
        day = parse_date(date)
        gone = await store.remove_added(self.bot.db, interaction.user.id, what.value, day)
        if not gone:
            raise UserError(
                f"Your log has no {KIND_WORDS[what.value]} on {date_label(day)} that you added. "
                "(Sessions you led come from the groups' calendars: the debrief prompt's "
                "**I wasn't there** corrects them.)"
            )
        await interaction.response.send_message(
            f"Removed from your leader log: {KIND_WORDS[what.value]} on {date_label(day)}.",
            ephemeral=True,
        )

    # -- /leader debrief -----------------------------------------------------------------------

    @app_commands.command(
        name="debrief", description="Leaders: write or read the debrief note of a session"
    )
    @app_commands.describe(session="The session's date (default: the last one that met)")
    async def debrief(self, interaction: discord.Interaction, session: str | None = None) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        now = self.bot.now()
        if session is None:
            found = await store.last_ended_session(self.bot.db, group.id, now)
            if found is None:
                raise UserError(
                    f"No session of {group.name} has met yet: the debrief comes after one."
                )
        else:
            found = await find_session(self.bot.db, group, session, now)
            if not found.is_active:
                raise UserError(
                    f"The session on {day_label(group, found)} did not take place, so there is "
                    "nothing to debrief."
                )
            if found.ends_at > now:
                raise UserError(
                    f"The session on {day_label(group, found)} has not ended yet: the debrief "
                    "comes after it."
                )
        still_kept(self.bot, group, found)
        note = await store.get_note(self.bot.db, found.id)
        await interaction.response.send_modal(
            DebriefForm(group, found, note.values if note else {})
        )

    @debrief.autocomplete("session")
    async def debrief_dates(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await session_choices(self.bot.db, interaction, current, self.bot.now())


def _line(entry: LogEntry) -> str:
    where = f" · {words(entry.group)}" if entry.group else ""
    note = f" · {words(entry.note)}" if entry.note else ""
    return f"• {date_label(entry.day)}: {KIND_WORDS[entry.kind]}{where}{note}"


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(LeaderCog(bot))
