"""Rules for the weekly sessions as pure functions: reading a new date and time for a move, whether
a move collides with another session, and fitting an agenda into one Discord message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.domain.calendar import MAX_TYPED, InputError, parse_date, parse_time, quoted

MESSAGE_LIMIT = 2000  # characters in one Discord message
# The leaders' own text may use this much, leaving room for the heading and the presenters' lines.
AGENDA_TEXT_LIMIT = 1500
DEFAULT_AGENDA = (
    "No special plan this week: a member tells the group about a patient who stays on their mind, "
    "without notes, and we stay with the relationship and the feelings rather than advice. "
    "If you have a case in mind, you're welcome to bring it."
)
SHORTENED = "\n… *(shortened to fit one message; leaders can see all of it with /agenda show)*"

_SPLIT = re.compile(
    r"^\s*(.+?)(?:\s*[T ,]\s*|\s+at\s+)(\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?)?)\s*$", re.I
)


def parse_date_time(text: str, default_time: time) -> tuple[date, time]:
    """'2026-10-09 14:00', '09/10/2026 2pm', '9 October 2026 at 14:00' or just a date (the usual
    start time) -> a local date and time."""
    raw = text.strip()
    if len(raw) > MAX_TYPED:
        raise InputError(f"{quoted(raw)} is too long to be a date and time.")
    try:
        return parse_date(raw), default_time
    except InputError:
        pass
    match = _SPLIT.match(raw)
    if match:
        try:
            return parse_date(match[1]), parse_time(match[2])
        except InputError:
            pass
    raise InputError(
        f"{quoted(text)} is not a date and time I can read: type it like 2026-10-09 14:00 "
        "(or only the date, to keep the usual start time)."
    )


@dataclass(frozen=True)
class Slot:
    """A session's time, for collision checks."""

    local_date: date
    starts_at: datetime
    ends_at: datetime


def collision(moving: Slot, others: Sequence[Slot]) -> Slot | None:
    """The other session a move would land on: the same day, or overlapping times."""
    for other in others:
        if other.local_date == moving.local_date or (
            moving.starts_at < other.ends_at and other.starts_at < moving.ends_at
        ):
            return other
    return None


def agenda_time(starts_at: datetime, agenda_hours: int) -> datetime:
    """When a session's agenda goes out, pinned (`[sessions] agenda_hours` before its start): also
    when its rota locks, as the agenda announces the presenters."""
    return starts_at - timedelta(hours=agenda_hours)


def agenda_not_out_after(now: datetime, agenda_hours: int) -> datetime:
    """Sessions starting after this have not had their agenda yet at `now` (agenda_time, turned)."""
    return now + timedelta(hours=agenda_hours)


def agenda_text_problem(text: str, room: int = AGENDA_TEXT_LIMIT) -> str | None:
    """What is wrong with a leaders' agenda text, or None: too long says by how much."""
    if len(text) > room:
        over = len(text) - room
        return (
            f"That agenda is {len(text):,} characters; there is room for {room:,} in the post "
            f"(beside the date and the presenters), so please make it {over:,} characters shorter. "
            "Nothing was changed."
        )
    return None


@dataclass(frozen=True)
class Agenda:
    content: str
    shortened: bool  # the leaders' text was cut to fit
    dropped: int  # lines from other capabilities that did not fit


def compose_agenda(
    heading: str, text: str | None, parts: Sequence[str], limit: int = MESSAGE_LIMIT
) -> Agenda:
    """The agenda post: heading, the leaders' text (or the default), then the other lines.

    Lines from other capabilities stay whole (a draft's line must be found again to be removed), so
    when everything does not fit, the leaders' text is shortened first, then trailing lines dropped.
    """
    body = (text or "").strip() or DEFAULT_AGENDA
    lines = [p for p in parts if p.strip()]

    def build(body_text: str, kept: list[str], note: str = "") -> str:
        joined = "\n".join(kept)
        return heading + "\n\n" + body_text + ("\n\n" + joined if joined else "") + note

    content = build(body, lines)
    if len(content) <= limit:
        return Agenda(content, False, 0)
    room = limit - len(build("", lines)) - len(SHORTENED)
    if room >= 200:
        return Agenda(build(body[:room].rstrip() + SHORTENED, lines), True, 0)
    short = body[:200].rstrip() + SHORTENED if len(body) > 200 else body
    for dropped in range(1, len(lines) + 1):
        kept = lines[: len(lines) - dropped]
        note = f"\n*({dropped} more line{'s' if dropped > 1 else ''} did not fit in one message.)*"
        content = build(short, kept, note)
        if len(content) <= limit:
            return Agenda(content, short != body, dropped)
    return Agenda(build(short, [])[:limit], short != body, len(lines))
