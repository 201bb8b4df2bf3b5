"""/absence and /attendance: declaring an absence ahead, and the attendance record.

A trainee sees only their own record (`/attendance me`, with a CSV and a PDF for the portfolio);
leaders see the group's (`/attendance group`) and correct it (`/attendance mark`). There is never
a public list of who was absent. An excused absence (declared ahead, or marked by a leader) does
not count against a trainee, and the presenting capability treats it as not missing a turn.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot import clock, gate
from bot import records as records_doc
from bot.access import group_here, member_in, require_leader, require_member
from bot.app import BalintBot
from bot.domain import wording
from bot.domain.attendance import (
    ABSENT,
    EXCUSED,
    PRESENT,
    REASONS,
    STATUS_WORDS,
    summarise,
    unexcused_streak,
)
from bot.domain.calendar import parse_date, zone
from bot.domain.evidence import (
    OUTCOMES,
    SATISFACTORY,
    Evidence,
    fraction_words,
    parse_fraction,
    pro_rata,
)
from bot.domain.records import clean_printed_name, fingerprint, new_code, period_of
from bot.errors import UserError
from bot.reports.attendance import Line, group_csv, record_csv
from bot.store import attendance as store
from bot.store import evidence as evidence_store
from bot.store import names as names_store
from bot.store import records as records_store
from bot.store.groups import Group, member_role, members
from bot.store.sessions import Session, meetings_between
from bot.which_session import date_label, day_label, find_session, session_choices, status_note
from cogs.sessions._assessments import ASSESSMENTS, AssessmentReminders, marks_of
from cogs.sessions._common import NO_MENTIONS

BACK = "back"
REASON_CHOICES = [
    app_commands.Choice(name="Annual or study leave", value="leave"),
    app_commands.Choice(name="On call", value="on_call"),
    app_commands.Choice(name="Post nights", value="post_nights"),
    app_commands.Choice(name="Less-than-full-time day", value="ltft"),
    app_commands.Choice(name="Unwell", value="sick"),
    app_commands.Choice(name="Other", value="other"),
    app_commands.Choice(name="I can come after all (take my absence back)", value=BACK),
]
STATUS_CHOICES = [
    app_commands.Choice(name="Attended", value="attended"),
    app_commands.Choice(name="Late", value="late"),
    app_commands.Choice(name="Excused absence", value="excused"),
    app_commands.Choice(name="Absent", value="absent"),
]
OUTCOME_WORDS = {"satisfactory": "satisfactory", "unsatisfactory": "not satisfactory"}
OUTCOME_CHOICES = [
    app_commands.Choice(name=OUTCOME_WORDS[o].capitalize(), value=o) for o in OUTCOMES
]
MAX_RANGE = timedelta(weeks=26)
RECENT = 12  # lines shown in the message; the files have everything


def _filename(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "attendance"


class AttendanceCog(commands.Cog):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        self.reminders = AssessmentReminders(bot)

    async def cog_load(self) -> None:
        self.bot.scheduler.register(self.reminders.kind())

    async def cog_unload(self) -> None:
        self.bot.scheduler.kinds.pop(ASSESSMENTS, None)

    attendance = app_commands.Group(name="attendance", description="Attendance records")

    # -- /absence -----------------------------------------------------------------------------

    @app_commands.command(name="absence", description="Tell the group ahead that you cannot come")
    @app_commands.describe(
        date="The session's date, e.g. 2026-10-08 (or 'next')",
        reason="Only the leaders see it; no details needed",
        until="Optional last date, for several weeks (e.g. two weeks of leave)",
    )
    @app_commands.choices(reason=REASON_CHOICES)
    async def absence(
        self,
        interaction: discord.Interaction,
        date: str,
        reason: app_commands.Choice[str],
        until: str | None = None,
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        role = await require_member(self.bot.db, group, interaction.user)
        if role == "leader":
            raise UserError(
                "Attendance is kept for the trainees; leaders don't need to declare absences here. "
                "(To record a trainee's absence, use /attendance mark.)"
            )
        sessions = await self._sessions_for(group, date, until)
        user_id = interaction.user.id
        now = self.bot.now()
        if reason.value == BACK:
            taken = [
                s for s in sessions if await store.withdraw_absence(self.bot.db, s.id, user_id)
            ]
            if not taken:
                raise UserError(
                    "You had not declared an absence for "
                    + self._days(group, sessions)
                    + "; nothing to take back."
                )
            await interaction.response.send_message(
                f"Taken back: you're expected on {self._days(group, taken)}. See you there!",
                ephemeral=True,
            )
            return
        for s in sessions:
            await store.declare_absence(self.bot.db, s.id, user_id, reason.value, now)
        first = sessions[0]
        await interaction.response.send_message(
            f"Noted: you'll be away on {self._days(group, sessions)} ({REASONS[reason.value]}). "
            "It counts as an excused absence: it does not count against you, and you don't lose "
            "your turn to present. Only the leaders see absences. Changed your mind? "
            f"`/absence date:{first.local_date} reason:I can come after all`.",
            ephemeral=True,
        )

    async def _sessions_for(self, group: Group, date: str, until: str | None) -> list[Session]:
        first = await find_session(self.bot.db, group, date, self.bot.now())
        if first.starts_at <= self.bot.now():
            raise UserError(
                f"The session on {day_label(group, first)} "
                + ("is in the past" if first.ends_at <= self.bot.now() else "has already started")
                + ": absences are declared ahead. If you missed it for a good reason, tell a "
                "leader, who can record it with /attendance mark."
            )
        if until is None:
            self._meets(group, first)
            return [first]
        last_day = parse_date(until)
        if last_day < first.date:
            raise UserError(
                f"'until' ({date_label(last_day)}) must be on or after the first date "
                f"({day_label(group, first)})."
            )
        if last_day - first.date > MAX_RANGE:
            raise UserError("That is more than 26 weeks; declare a shorter stretch at a time.")
        sessions = await meetings_between(
            self.bot.db, group.id, first.date, last_day, self.bot.now()
        )
        if not sessions:
            self._meets(group, first)
            raise UserError(
                f"There is no session between {day_label(group, first)} and {date_label(last_day)}."
            )
        return sessions

    def _meets(self, group: Group, session: Session) -> None:
        if not session.is_active:
            raise UserError(
                f"The session on {day_label(group, session)} will not take place "
                f"({status_note(session)}), so there is no need to declare an absence. Nothing "
                "was changed."
            )

    def _days(self, group: Group, sessions: list[Session]) -> str:
        return wording.listed([day_label(group, s) for s in sessions])

    # -- /attendance me -------------------------------------------------------------------------

    @attendance.command(
        name="me", description="Your own attendance record (with files for your portfolio)"
    )
    async def me(self, interaction: discord.Interaction) -> None:
        try:
            group = await group_here(self.bot.db, interaction)
            role = await require_member(self.bot.db, group, interaction.user)
        except UserError:
            # a closed group leaves its ledger: the certificate can still be re-issued
            if await self._closed_record(interaction):
                return
            raise
        if role == "leader":
            raise UserError(
                "Leaders' attendance is not recorded; /attendance group shows the trainees'."
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        now = self.bot.now()
        records = await store.attendance_record(
            self.bot.db, group.id, interaction.user.id, until=now
        )
        remaining = await store.remaining_sessions(self.bot.db, group.id, now)
        scheme = await self._scheme(group, interaction.user.id, leaders_view=False)
        here = sum(1 for r in records if r.status in PRESENT)
        summary = summarise(
            [r.status for r in records],
            scheme.sessions_needed,
            remaining,
            earlier=max(0, scheme.attended - here),
        )
        lines = [Line(r.starts_at, r.status, r.reason) for r in records]
        text = [f"**Your attendance in {group.name}** (only you can see this)", summary.sentence()]
        if len(scheme.groups) > 1:
            text.append(
                "**Every group on this bot** (your leaders here see only this group's "
                "unless you /attendance share it):"
            )
            text += [f"• {g.line(now.date())}" for g in scheme.groups]
        if len(scheme.groups) > 1 or scheme.assessments_needed:
            text.append(scheme.sentence())
        if records:
            text.append("")
            shown = records[-RECENT:]
            if len(records) > len(shown):
                text.append(f"The last {len(shown)} sessions (all of them are in the files):")
            for r in shown:
                word = STATUS_WORDS[r.status]
                if r.status == EXCUSED and r.reason:
                    word += f" ({REASONS.get(r.reason, r.reason)})"
                text.append(f"• {date_label(r.date)}: {word}")
        else:
            text.append("Nothing recorded yet: your record starts with your first session.")
        files = [
            discord.File(
                io.BytesIO(record_csv(lines, group.timezone)),
                filename=f"attendance-{_filename(group.name)}.csv",
            )
        ]
        if records:
            cert, _ = await self._certificate(group, interaction.user, leaders_view=False)
            files.append(
                discord.File(
                    io.BytesIO(await records_doc.render(cert)),
                    filename=f"attendance-{_filename(group.name)}.pdf",
                )
            )
            text.append(
                "\nAttached: your dated record as a spreadsheet (CSV) and a PDF certificate for "
                "your portfolio"
                + (
                    f", endorsed by {cert.endorsed.leader} (code {cert.endorsed.code})."
                    if cert.endorsed
                    else "; a leader can endorse it with /attendance endorse."
                )
            )
        await interaction.followup.send("\n".join(text), files=files, ephemeral=True)

    async def _scheme(self, group: Group, user_id: int, *, leaders_view: bool) -> Evidence:
        a = self.bot.settings.attendance
        return await records_doc.scheme_for(
            self.bot.db,
            group,
            user_id,
            self.bot.now(),
            sessions=a.target_sessions,
            assessments=a.target_assessments,
            leaders_view=leaders_view,
        )

    async def _certificate(
        self, group: Group, member: discord.abc.User, *, leaders_view: bool
    ) -> tuple[records_doc.Certificate, list[records_doc.LedgerLine]]:
        """The certificate with the server's names (as in a DM too, where only the user is
        known); the earlier groups only where the reader may see them (leaders_view: shared)."""
        return await records_doc.open_certificate(
            self.bot.db,
            group,
            member.id,
            member_name=member_in(group, member).display_name,
            leaders=await records_doc.leader_names(
                self.bot.db, group, self.bot.get_guild(group.guild_id)
            ),
            target=self.bot.settings.attendance.target_sessions,
            now=self.bot.now(),
            scheme=await self._scheme(group, member.id, leaders_view=leaders_view),
        )

    async def _closed_record(self, interaction: discord.Interaction) -> bool:
        """/attendance me in a channel whose group has closed: the certificate from its ledger."""
        if interaction.channel_id is None:
            return False
        ledgers = await records_store.ledgers_of(
            self.bot.db, interaction.user.id, channel_id=interaction.channel_id
        )
        if not ledgers:
            return False
        ledger = ledgers[0]
        await interaction.response.defer(ephemeral=True, thinking=True)
        cert = await records_doc.closed_certificate(
            self.bot.db,
            ledger,
            interaction.user.id,
            member_name=interaction.user.display_name,
            now=self.bot.now(),
        )
        await interaction.followup.send(
            f"**{ledger.name}** closed on {wording.day(ledger.closed_at, clock.today())}. Its attendance ledger is "
            f"kept until {wording.day(ledger.keep_until, clock.today())} so certificates can be re-issued and "
            f"verified: here is yours. {cert.summary.sentence()}",
            file=discord.File(
                io.BytesIO(await records_doc.render(cert)),
                filename=f"attendance-{_filename(ledger.name)}.pdf",
            ),
            ephemeral=True,
        )
        return True

    @attendance.command(name="name", description="The name printed on your attendance certificate")
    @app_commands.describe(
        name="As it should be printed, e.g. Dr Alice Smith (leave out: the server's name for you)"
    )
    async def printed_name(self, interaction: discord.Interaction, name: str | None = None) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_member(self.bot.db, group, interaction.user)
        if name is None:
            await names_store.set_printed_name(
                self.bot.db, interaction.user.id, None, self.bot.now()
            )
            await interaction.response.send_message(
                "Your certificates will print your name in the server, "
                f"**{discord.utils.escape_markdown(member_in(group, interaction.user).display_name)}**.",
                ephemeral=True,
            )
            return
        try:
            chosen = clean_printed_name(name)
        except ValueError as exc:
            raise UserError(f"{exc} Nothing was changed.") from None
        if (checked := await gate.check({"name": chosen}, own_name=True)).blocked:
            raise UserError(
                "A certificate goes to supervisors and portfolios, so the name on it must carry "
                "nothing else. Nothing was changed; type your name alone:\n"
                + checked.explain(only_blocking=True)
            )
        await names_store.set_printed_name(self.bot.db, interaction.user.id, chosen, self.bot.now())
        await interaction.response.send_message(
            f"Your attendance certificates will print **{chosen}** (in every group). "
            "`/attendance name` with no name goes back to your name in the server.",
            ephemeral=True,
        )

    # -- /attendance endorse, verify ----------------------------------------------------------

    @attendance.command(
        name="endorse", description="Leaders: endorse a trainee's attendance certificate"
    )
    @app_commands.describe(member="The trainee whose certificate you vouch for")
    async def endorse(self, interaction: discord.Interaction, member: discord.Member) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        if await member_role(self.bot.db, group.id, member.id) == "leader":
            raise UserError(f"{member.mention} is a leader; certificates are for trainees.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        cert, lines = await self._certificate(group, member, leaders_view=True)
        if not lines:
            await interaction.followup.send(
                f"Nothing is recorded for {member.mention} in {group.name} yet, so there is "
                "nothing to endorse. Nothing was changed.",
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )
            return
        now = self.bot.now()
        code = new_code()
        await records_store.add_endorsement(
            self.bot.db,
            records_store.Endorsement(
                code=code,
                group_id=group.id,
                ledger_id=None,
                user_id=member.id,
                member_name=cert.member,
                leader_id=interaction.user.id,
                leader_name=member_in(group, interaction.user).display_name,
                endorsed_at=now,
                covers_until=now,
                fingerprint=fingerprint(lines),
                summary=cert.summary.sentence(),
            ),
        )
        cert, _ = await self._certificate(group, member, leaders_view=True)
        pdf = await records_doc.render(cert)
        name = f"attendance-{_filename(group.name)}-endorsed.pdf"
        await self.bot.send_dm(
            member.id,
            f"{member_in(group, interaction.user).display_name} endorsed your attendance certificate for "
            f"{group.name}: here it is for your portfolio (verification code {code}). "
            "/attendance me gives it again.",
            file=discord.File(io.BytesIO(pdf), filename=name),
        )
        await interaction.followup.send(
            f"Endorsed: {member.mention}'s certificate now carries your name, today's date and "
            f"the verification code **{code}**; they have it by private message. "
            f"{cert.summary.sentence()}",
            file=discord.File(io.BytesIO(pdf), filename=name),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @attendance.command(
        name="verify", description="Check an attendance certificate's verification code"
    )
    @app_commands.describe(code="The code printed on the certificate, e.g. K7Q2-M9XD-4TRA")
    async def verify(
        self, interaction: discord.Interaction, code: app_commands.Range[str, 1, 40]
    ) -> None:
        valid, text = await records_doc.verify(self.bot.db, code)
        await interaction.response.send_message(("✅ " if valid else "⚠️ ") + text, ephemeral=True)

    # -- /attendance group --------------------------------------------------------------------

    @attendance.command(
        name="group", description="Leaders: everyone's attendance (only you see it)"
    )
    async def group_(self, interaction: discord.Interaction) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        now = self.bot.now()
        records = await store.group_records(self.bot.db, group.id, until=now)
        remaining = await store.remaining_sessions(self.bot.db, group.id, now)
        target = self.bot.settings.attendance.target_sessions
        threshold = self.bot.settings.sessions.drift_alert_absences
        roster = [m.user_id for m in await members(self.bot.db, group.id, role="trainee")]
        people = roster + [u for u in records if u not in roster]
        lines = [f"**Attendance in {group.name}** (target {target}; only you see this)"]
        csv_rows: list[tuple[str, Line]] = []
        shared = await evidence_store.sharing(self.bot.db, group.id)
        for user_id in people:
            mine = records.get(user_id, [])
            scheme = await self._scheme(group, user_id, leaders_view=True)
            here = sum(1 for r in mine if r.status in PRESENT)
            earlier = max(0, scheme.attended - here)
            summary = summarise(
                [r.status for r in mine], scheme.sessions_needed, remaining, earlier
            )
            streak = unexcused_streak([r.status for r in mine]).length
            line = (
                f"• <@{user_id}>: {summary.counted} attended"
                + (f" ({summary.late} late)" if summary.late else "")
                + f", {summary.excused} excused, {summary.absent} absent"
                + (f", +{earlier} in earlier groups (shared)" if earlier else "")
                + f" · {summary.counted + earlier}/{scheme.sessions_needed}"
                + (f" ({fraction_words(scheme.fraction)})" if scheme.fraction < 1 else "")
            )
            if scheme.assessments_needed:
                line += f" · CBDGAs {scheme.satisfactory}/{scheme.assessments_needed}"
            if user_id in shared and not earlier:
                line += " · shared their record (no earlier group)"
            if streak >= threshold:
                line += f" · ⚠️ {streak} missed in a row"
            elif not summary.reachable:
                line += " · target out of reach"
            if user_id not in roster:
                line += " (left the group)"
            lines.append(line)
            label = self._name(group, user_id)
            csv_rows += [(label, Line(r.starts_at, r.status, r.reason)) for r in mine]
        if not people:
            lines.append("Nobody on the roster yet.")
        unrecorded = await store.uncounted_sessions(self.bot.db, group.id)
        if unrecorded:
            lines.append(
                "⚠️ No check-in was posted for "
                + ", ".join(day_label(group, s) for s in unrecorded[-5:])
                + " (I was offline), so nobody was marked absent then; record who came with "
                "/attendance mark."
            )
        content = "\n".join(lines)
        if len(content) > 1900:
            content = content[:1850].rsplit("\n", 1)[0] + "\n… (the rest is in the attached file)"
        await interaction.response.send_message(
            content,
            file=discord.File(
                io.BytesIO(group_csv(csv_rows, group.timezone)),
                filename=f"attendance-{_filename(group.name)}-group.csv",
            ),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    def _name(self, group: Group, user_id: int) -> str:
        guild = self.bot.get_guild(group.guild_id)
        member = guild.get_member(user_id) if guild else None
        return member.display_name if member else str(user_id)

    # -- /attendance mark ---------------------------------------------------------------------

    @attendance.command(name="mark", description="Leaders: correct a trainee's attendance")
    @app_commands.describe(
        member="The trainee",
        date="The session's date, e.g. 2026-09-03",
        status="What happened",
        reason="For an excused absence (optional)",
    )
    @app_commands.choices(status=STATUS_CHOICES, reason=REASON_CHOICES[:-1])
    async def mark(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        date: str,
        status: app_commands.Choice[str],
        reason: app_commands.Choice[str] | None = None,
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        if await member_role(self.bot.db, group.id, member.id) != "trainee":
            had = await store.attendance_record(self.bot.db, group.id, member.id)
            if not had:
                raise UserError(
                    f"{member.mention} is not a trainee on the roster of {group.name}; attendance "
                    "is kept for trainees. (/group members add puts them on it.)"
                )
        session = await find_session(self.bot.db, group, date, self.bot.now())
        self._meets(group, session)
        if status.value != EXCUSED and session.starts_at > self.bot.now():
            raise UserError(
                f"The session on {day_label(group, session)} has not started yet, so nobody can "
                "be marked as attended, late or absent. For an absence known ahead, choose "
                "'Excused absence'."
            )
        before = await store.mark(
            self.bot.db,
            session.id,
            member.id,
            status.value,
            by=interaction.user.id,
            now=self.bot.now(),
            reason=(reason.value if reason else "other") if status.value == EXCUSED else None,
        )
        was = (
            f" (was: {STATUS_WORDS[before.status]})"
            if before and before.status != status.value
            else ""
        )
        note = ""
        if status.value in PRESENT and before and before.status == ABSENT:
            note = " A drift-away alert already sent is not taken back, but the streak is broken."
        await interaction.response.send_message(
            f"Recorded: {member.mention} on {day_label(group, session)}: "
            f"**{STATUS_WORDS[status.value]}**{was}.{note}",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    # -- /attendance assessed ---------------------------------------------------------------------

    @attendance.command(
        name="assessed", description="Leaders: record that a trainee's CBDGA assessment is done"
    )
    @app_commands.describe(
        member="The trainee",
        date="The day it was done (default: today), e.g. 2027-03-04",
        outcome="Satisfactory (the default), or not; recording the same day again corrects it",
    )
    @app_commands.choices(outcome=OUTCOME_CHOICES)
    async def assessed(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        date: str | None = None,
        outcome: app_commands.Choice[str] | None = None,
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        if await member_role(self.bot.db, group.id, member.id) != "trainee":
            raise UserError(
                f"{member.mention} is not a trainee on the roster of {group.name}; assessments "
                "are recorded for trainees."
            )
        today = self.bot.now().astimezone(zone(group.timezone)).date()
        day = parse_date(date) if date else today
        if day > today:
            raise UserError(
                f"{date_label(day)} is in the future: record an assessment once it is done."
            )
        marks = marks_of(self.bot, group)
        if not marks:
            raise UserError(
                "Assessment reminders are off on this bot (`[attendance] assessment_months` = 0), "
                "so there is nothing to record them against."
            )
        mark = period_of(marks, day)
        if mark is None:
            raise UserError(
                f"{date_label(day)} is before the first assessment period, which opens four weeks before "
                f"{wording.day(marks[0], clock.today())}. Nothing was changed."
            )
        result = outcome.value if outcome else SATISFACTORY
        before = await records_store.record_assessment(
            self.bot.db,
            group.id,
            member.id,
            day,
            by=interaction.user.id,
            now=self.bot.now(),
            outcome=result,
        )
        scheme = await self._scheme(group, member.id, leaders_view=True)
        following = (
            f"the next mark ({wording.day(marks[mark + 1], clock.today())})"
            if mark + 1 < len(marks)
            else "the end of the group"
        )
        said = wording.day(day, clock.today())
        verb = (
            "Recorded"
            if before is None
            else "Already recorded"
            if before == result
            else f"Corrected (was {OUTCOME_WORDS[before]})"
        )
        await interaction.response.send_message(
            f"{verb}: {member.mention}'s CBDGA assessment on {said}, "
            f"**{OUTCOME_WORDS[result]}**. It counts for the mark of "
            f"{wording.day(marks[mark], clock.today())}: no more reminders for them until "
            f"{following}. "
            + (
                f"Satisfactory CBDGAs (as you can see them): {scheme.satisfactory} of "
                f"{scheme.assessments_needed} the scheme asks for."
                if scheme.assessments_needed
                else ""
            ),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    # -- less than full time, and sharing an earlier record ---------------------------------------

    @attendance.command(
        name="ltft",
        description="Leaders: a less-than-full-time trainee's fraction, for a pro-rata target",
    )
    @app_commands.describe(
        member="The trainee", fraction="Of full time, e.g. 0.6, 60% or 3/5 (1 = full time)"
    )
    async def ltft(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        fraction: app_commands.Range[str, 1, 20],
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        if await member_role(self.bot.db, group.id, member.id) != "trainee":
            raise UserError(f"{member.mention} is not a trainee on the roster of {group.name}.")
        try:
            value = parse_fraction(fraction)
        except ValueError as error:
            raise UserError(f"{error} Nothing was changed.") from None
        await evidence_store.set_fraction(
            self.bot.db, group.id, member.id, value, by=interaction.user.id, now=self.bot.now()
        )
        target = pro_rata(self.bot.settings.attendance.target_sessions, value)
        await interaction.response.send_message(
            f"Noted: {member.mention} works {fraction_words(value)}, so their target is "
            f"**{target} sessions** (of {self.bot.settings.attendance.target_sessions}); "
            "/attendance me and their certificate say so. Only this group's leaders and they "
            "see it.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @attendance.command(
        name="share",
        description="Let this group's leaders see your record from earlier groups (or stop)",
    )
    @app_commands.describe(stop="True: this group's leaders no longer see your earlier groups")
    async def share(self, interaction: discord.Interaction, stop: bool = False) -> None:
        group = await group_here(self.bot.db, interaction)
        if await require_member(self.bot.db, group, interaction.user) != "trainee":
            raise UserError("Sharing a record is for the group's trainees.")
        user_id = interaction.user.id
        changed = await evidence_store.set_shared(
            self.bot.db, group.id, user_id, not stop, self.bot.now()
        )
        if stop:
            text = (
                f"Stopped: {group.name}'s leaders see only your record in this group again."
                if changed
                else "You had not shared your earlier record here; nothing changed."
            )
        else:
            scheme = await self._scheme(group, user_id, leaders_view=False)
            earlier = [g for g in scheme.groups if g.group != group.name or g.closed]
            text = (
                f"Shared with {group.name}'s leaders: for each earlier group, its name and dates, "
                "the sessions you attended, your CBDGA outcomes and its endorsement (never the "
                "sessions' detail). They see it in /attendance group, the assessment reminders "
                "and your certificate. `/attendance share stop:True` takes it back."
                + (
                    "\n" + "\n".join(f"• {g.line(self.bot.now().date())}" for g in earlier)
                    if earlier
                    else "\nYou have no earlier group on this bot yet: only this one will show."
                )
            )
        await interaction.response.send_message(text, ephemeral=True)

    # -- autocomplete ----------------------------------------------------------------------------

    @absence.autocomplete("date")
    async def absence_dates(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await session_choices(
            self.bot.db, interaction, current, self.bot.now(), to_come=True
        )


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(AttendanceCog(bot))
