"""The group's calendar as an .ics file that a phone or desktop calendar imports.

One VEVENT per session (not a recurrence rule, so skips and moves are exact). Each session keeps
its UID for ever, and SEQUENCE grows with every change, so importing the file again updates the
events already there instead of adding copies. Skipped and cancelled sessions stay in the file with
STATUS:CANCELLED, which calendars show as cancelled (or remove). Times carry the group's time zone
(with its VTIMEZONE), so 09:00 stays 09:00 on both sides of a clock change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

PRODID = "-//Balint group bot//Sessions//EN"
UID_DOMAIN = "balint-bot.invalid"


@dataclass(frozen=True)
class CalendarSession:
    """What the calendar needs to know about one session."""

    id: int
    local_date: str
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    status: str  # scheduled | skipped | cancelled
    reason: str | None = None
    moved: bool = False


def session_uid(group_id: int, session_id: int) -> str:
    """Stable for the life of the session, whatever happens to its time or status."""
    return f"group-{group_id}-session-{session_id}@{UID_DOMAIN}"


def build_calendar(
    *,
    group_id: int,
    group_name: str,
    timezone: str,
    sessions: Sequence[CalendarSession],
    sequences: Mapping[int, int],
    now: datetime,
    location: str | None = None,
) -> bytes:
    """The .ics bytes for a group's sessions."""
    tz = ZoneInfo(timezone)
    from icalendar import Calendar, Event  # imported on first use: the bot starts leaner

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", group_name)
    cal.add("x-wr-timezone", timezone)
    for s in sessions:
        event = Event()
        event.add("uid", session_uid(group_id, s.id))
        event.add("dtstamp", now)
        event.add("sequence", sequences.get(s.id, 0))
        event.add("dtstart", s.starts_at.astimezone(tz))
        event.add("dtend", s.ends_at.astimezone(tz))
        summary = group_name
        if s.status == "skipped":
            summary += " (no session" + (f": {s.reason}" if s.reason else "") + ")"
        elif s.status == "cancelled":
            summary += " (cancelled" + (f": {s.reason}" if s.reason else "") + ")"
        elif s.moved:
            summary += " (moved)"
        event.add("summary", summary)
        event.add(
            "description",
            "Balint group session. What is said in the group stays in the group; "
            "nothing is recorded.",
        )
        if location:
            event.add("location", location)
        event.add("status", "CONFIRMED" if s.status == "scheduled" else "CANCELLED")
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    if sessions:
        first = min(s.starts_at for s in sessions).date()
        last = max(s.ends_at for s in sessions).date()
        cal.add_missing_timezones(
            first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 12, 31)
        )
    ical: bytes = cal.to_ical()
    return ical
