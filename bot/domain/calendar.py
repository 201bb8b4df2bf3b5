"""The group's calendar as pure functions: parsing what people type, and the weekly sessions.

Recurrence is computed in the group's IANA time zone, so 09:00 on Thursday stays 09:00 local across
the BST/GMT changes; results are UTC datetimes for storage.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.domain import wording

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


class InputError(ValueError):
    """What a person typed cannot be used; the message says what to type instead."""


MAX_TYPED = 100  # longer than any date, time or zone anyone types: refused before parsing
FIRST_YEAR, LAST_YEAR = 2000, 2199  # dates outside are typing mistakes (and overflow arithmetic)
# A group's year: set up at most a year after it began, at most two years ahead, for at most
# two years (a training year is one): a few hundred sessions at the very most.
MAX_GROUP_SPAN = timedelta(days=2 * 366)
MAX_BACKDATE = timedelta(days=366)
MAX_AHEAD = timedelta(days=2 * 366)


def quoted(text: str, limit: int = 40) -> str:
    """What the person typed, for an error message: short enough to fit any answer."""
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1]}…"'


def _typed(text: str, what: str) -> str:
    if len(text) > MAX_TYPED:
        raise InputError(f"{quoted(text)} is too long to be {what}.")
    return text


# -- time of day ----------------------------------------------------------------------------

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$", re.IGNORECASE)
_COMPACT = re.compile(r"^\s*(\d{2})(\d{2})\s*$")


def parse_time(text: str) -> time:
    """'9am', '09:00', '9.30', '0930', '2:15pm' -> a time; '25:00' and '13pm' are refused."""
    match = _TIME.match(_typed(text, "a time")) or _COMPACT.match(text)
    if not match:
        raise InputError(
            f"{quoted(text)} is not a time I can read: type it like 09:00, 9.30 or 9am."
        )
    hour = int(match.group(1))
    minute = int(match.group(2) or 0)
    suffix = (match.group(3) or "").lower().replace(".", "") if match.re is _TIME else ""
    if suffix:
        if not 1 <= hour <= 12:
            raise InputError(
                f"{quoted(text)} is not a time: with am/pm the hour is 1-12 (e.g. 9am)."
            )
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InputError(f"{quoted(text)} is not a time of day: hours go 00-23 and minutes 00-59.")
    return time(hour, minute)


# -- dates ----------------------------------------------------------------------------------

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_UK = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")
_WORDS = re.compile(r"^\s*(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})\s*$", re.IGNORECASE)


def parse_date(text: str) -> date:
    """'2026-09-03', '03/09/2026' (UK order) or '3 September 2026' -> a date (2000-2199)."""
    _typed(text, "a date")
    try:
        if m := _ISO.match(text):
            day = date(int(m[1]), int(m[2]), int(m[3]))
        elif m := _UK.match(text):
            day = date(int(m[3]), int(m[2]), int(m[1]))
        elif (m := _WORDS.match(text)) and m[2].lower() in MONTHS:
            day = date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
        else:
            day = None
    except ValueError:
        raise InputError(f"{quoted(text)} is not a real date.") from None
    if day is None:
        raise InputError(
            f"{quoted(text)} is not a date I can read: type it like 2026-09-03 or 03/09/2026."
        )
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError(f"{quoted(text)} is too far away: type a date this century.")
    return day


def check_group_dates(first: date, last: date, today: date) -> None:
    """A group's year within sane limits of today: no runaway calendars, no accidental past."""
    start, end = wording.day(first, today), wording.day(last, today)
    if last <= first:
        raise InputError(f"The end date ({end}) must be after the start date ({start}).")
    if first < today - MAX_BACKDATE:
        raise InputError(
            f"The start date ({start}) is more than a year ago: a group is set up for a year "
            "that is starting (or started this year)."
        )
    if first > today + MAX_AHEAD:
        raise InputError(f"The start date ({start}) is more than two years ahead.")
    if last - first > MAX_GROUP_SPAN:
        raise InputError(
            f"From {start} to {end} is more than two years: set up one year at a time "
            "(/group renew starts the next)."
        )


def check_new_end_date(start: date, last: date, today: date) -> None:
    """A changed end date: after the start and not in the past (/group close ends a group)."""
    first, end = wording.day(start, today), wording.day(last, today)
    if last <= start:
        raise InputError(f"The end date ({end}) must be after the start date ({first}).")
    if last < today:
        raise InputError(
            f"The end date ({end}) has passed: to end the group now, use /group close."
        )
    if last - start > MAX_GROUP_SPAN:
        raise InputError(
            f"From {first} to {end} is more than two years: set up one year at a time "
            "(/group renew starts the next)."
        )


def parse_weekday(text: str) -> int:
    """'Thursday', 'thu' -> 3 (Monday = 0)."""
    t = text.strip().lower()
    for i, name in enumerate(WEEKDAYS):
        if len(t) >= 2 and name.lower().startswith(t):
            return i
    raise InputError(f"{quoted(text)} is not a weekday: type one of {', '.join(WEEKDAYS)}.")


def months_between(start: date, end: date) -> float:
    return (end - start).days / 30.44


# -- time zones -----------------------------------------------------------------------------


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def resolve_timezone(text: str) -> str:
    """An IANA name, case-insensitively; unknown names are refused with close suggestions."""
    name = _typed(text, "a time zone").strip()
    lookup = {z.lower(): z for z in _zone_names()}
    if name.lower() in lookup:
        return lookup[name.lower()]
    raise InputError(
        f"{quoted(name)} is not a time zone I know."
        + _suggestion(suggest_timezones(name))
        + " Use an IANA name such as Europe/London."
    )


def suggest_timezones(text: str, limit: int = 3) -> list[str]:
    """Close matches for a misspelt zone, by full name and by city ('londn' -> Europe/London)."""
    t = text.strip().lower().replace(" ", "_")
    if not t or len(t) > MAX_TYPED:
        return []
    zones = _zone_names()
    by_city = {z.rsplit("/", 1)[-1].lower(): z for z in zones}
    hits = [z for z in zones if t in z.lower()]
    hits += [by_city[c] for c in difflib.get_close_matches(t, list(by_city), n=limit, cutoff=0.7)]
    lowered = {z.lower(): z for z in zones}
    hits += [lowered[c] for c in difflib.get_close_matches(t, list(lowered), n=limit, cutoff=0.7)]
    out: list[str] = []
    for z in hits:
        if z not in out:
            out.append(z)
    return out[:limit]


def _suggestion(options: list[str]) -> str:
    return f" Did you mean {' or '.join(options)}?" if options else ""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        raise InputError(f"{quoted(name)} is not a time zone I know.") from None


# -- sessions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """The weekly slot of a group."""

    weekday: int
    start_time: time
    duration_minutes: int
    timezone: str
    start_date: date
    end_date: date


@dataclass(frozen=True)
class PlannedSession:
    local_date: date
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC


def local_to_utc(day: date, at: time, tz: str) -> datetime:
    """A local wall-clock time on a day, in UTC (a non-existent time in a DST gap moves forward)."""
    local = datetime.combine(day, at, tzinfo=zone(tz))
    # Round-trip through UTC normalises times that fall in a spring-forward gap.
    return local.astimezone(UTC)


def session_dates(schedule: Schedule) -> list[date]:
    """Every date on the group's weekday from start to end date, inclusive."""
    first = schedule.start_date + timedelta(
        days=(schedule.weekday - schedule.start_date.weekday()) % 7
    )
    days = []
    d = first
    while d <= schedule.end_date:
        days.append(d)
        d += timedelta(weeks=1)
    return days


def plan_sessions(schedule: Schedule) -> list[PlannedSession]:
    """The year's sessions, each at the local start time on its date, as UTC instants."""
    out = []
    for d in session_dates(schedule):
        start = local_to_utc(d, schedule.start_time, schedule.timezone)
        out.append(PlannedSession(d, start, start + timedelta(minutes=schedule.duration_minutes)))
    return out


def discord_timestamp(when: datetime, style: str = "F") -> str:
    """<t:UNIX:F>: each Discord client shows it in its reader's own time zone."""
    return f"<t:{int(when.timestamp())}:{style}>"
