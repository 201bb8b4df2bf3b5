"""The CBDGA assessment rhythm: at the first session on or after each mark (every six months from
the group's start, and four weeks before its end) each leader gets a private list of trainees due
their case-based discussion group assessment, with their attendance and presentations so far;
again every fourth session while someone is still due. `/attendance assessed` records one done.

A timed post of each session (kind "assessments", an hour after it ends), so the delivery ledger
makes each reminder exactly-once; the rule of who is due lives in bot/domain/records.py. The bot
does not imitate the portfolio's form: it only says who is due.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot import clock
from bot import records as records_doc
from bot.app import BalintBot
from bot.domain import wording
from bot.domain.attendance import PRESENT, summarise
from bot.domain.evidence import still_needs_assessment
from bot.domain.records import assessment_marks, current_mark, due_for_assessment, remind_now
from bot.scheduling import Delivery, PostKind
from bot.store import records as records_store
from bot.store.groups import Group, get_group, members

ASSESSMENTS = "assessments"


def marks_of(bot: BalintBot, group: Group) -> list[date]:
    return assessment_marks(
        date.fromisoformat(group.start_date),
        date.fromisoformat(group.end_date),
        bot.settings.attendance.assessment_months,
    )


class AssessmentReminders:
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot

    def kind(self) -> PostKind:
        return PostKind(ASSESSMENTS, "end", timedelta(hours=1), timedelta(days=6), self.remind)

    async def remind(self, delivery: Delivery) -> tuple[int, int] | None:
        bot, session = self.bot, delivery.session
        group = await get_group(bot.db, session.group_id)
        if group is None:
            return None
        marks = marks_of(bot, group)
        mark = current_mark(marks, session.date)
        if mark is None:
            return None
        since = await records_store.sessions_since(bot.db, group.id, marks[mark], session.starts_at)
        if not remind_now(since):
            return None
        trainees = [m.user_id for m in await members(bot.db, group.id, role="trainee")]
        done = await records_store.assessments(bot.db, group.id)
        due = due_for_assessment(trainees, done, marks, mark)
        if not due:
            return None
        guild = bot.get_guild(group.guild_id)
        a = bot.settings.attendance
        lines = []
        for user_id in due:
            mine = await records_store.live_lines(bot.db, group.id, user_id, bot.now())
            # what these leaders may see: this group, and earlier groups the trainee shared
            scheme = await records_doc.scheme_for(
                bot.db,
                group,
                user_id,
                bot.now(),
                sessions=a.target_sessions,
                assessments=a.target_assessments,
                leaders_view=True,
            )
            here = sum(1 for x in mine if x.status in PRESENT)
            summary = summarise(
                [x.status for x in mine if x.status],
                scheme.sessions_needed,
                0,
                max(0, scheme.attended - here),
            )
            presented = sum(1 for x in mine if x.presented)
            line = (
                f"• {records_doc.name_in(guild, user_id)}: {summary.counted + summary.earlier} of "
                f"{scheme.sessions_needed} sessions attended"
                + (f" ({summary.late} late)" if summary.late else "")
                + (f", {summary.earlier} of them in earlier groups" if summary.earlier else "")
                + f", {summary.excused} excused, {summary.absent} absent; "
                f"{wording.plural(presented, 'presentation')}"
            )
            if scheme.assessments_needed:
                line += (
                    f"; satisfactory CBDGAs {scheme.satisfactory} of {scheme.assessments_needed}"
                )
                if still_needs_assessment(scheme.satisfactory, scheme.assessments_needed):
                    line += f", **still needs {scheme.assessments_to_go}**"
            lines.append(line)
        text = (
            f"**CBDGA assessments due in {group.name}** (the assessment mark of "
            f"{wording.day(marks[mark], clock.today())}). Only you see this list:\n"
            + "\n".join(lines)
            + "\nWhen you have completed one in the portfolio, record it with "
            "`/attendance assessed MEMBER` (and its outcome) and the reminders stop for that "
            "trainee until the next mark. Satisfactory CBDGAs are counted from this group and from "
            "earlier groups a trainee shared with you (/attendance share)."
        )
        first: tuple[int, int] | None = None
        for leader in await records_doc.leader_ids(bot.db, group, guild):
            sent = await bot.send_dm(leader, text, nonce=delivery.nonce)
            if sent is not None and first is None:
                first = (sent.channel.id, sent.id)
        return first
