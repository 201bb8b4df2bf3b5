"""How the bot writes dates, times and counts: one way, everywhere ("Thu 3 Sep, 09:00", "1 comment",
"no comments").

A date carries its year only when it is not this year's. Times a reader must act on are sent as
Discord timestamps (shown in each reader's own time zone); these are for the rest: days named in a
sentence, lists, files. Days are never zero-padded ("3 Sep", not "03 Sep"). The ISO form
("2026-09-03") is only for what a person types into a command option and for data columns a
program sorts (CSV), never for prose.
"""

from __future__ import annotations

from datetime import date, datetime, time


def day(d: date, today: date) -> str:
    """'Thu 3 Sep', or 'Thu 7 Jan 2027' when it is not this year."""
    return dated(d) if d.year != today.year else f"{d:%a} {d.day} {d:%b}"


def dated(d: date) -> str:
    """'Thu 3 Sep 2026', always with the year: for documents that outlive the year they were made
    in (a portfolio certificate, an attendance record, a reflective log), where 'this year' means
    nothing to the reader."""
    return f"{d:%a} {d.day} {d:%b} {d.year}"


def short(d: date) -> str:
    """'3 Sep': chart ticks and table cells, where space is short and the period is given nearby
    (a title or heading that carries the years)."""
    return f"{d.day} {d:%b}"


def span(first: date, last: date) -> str:
    """'1 Sep 2026 to 31 Jul 2027' (or one day, '3 Sep 2026'): a period such as a group's year or
    the sessions pooled in a feedback result. Both ends carry the year, as a period often crosses
    a new year; weekdays are left out, as a period is not about the day it starts on."""
    if first == last:
        return f"{first.day} {first:%b} {first.year}"
    return f"{first.day} {first:%b} {first.year} to {last.day} {last:%b} {last.year}"


def time_of_day(when: datetime | time) -> str:
    """'09:00', 24-hour: the one way a time of day is written (a local time: convert to the
    group's zone first)."""
    return f"{when:%H:%M}"


def day_time(when: datetime, today: date) -> str:
    """'Thu 3 Sep, 09:00' (a local time: convert to the group's zone first)."""
    return f"{day(when.date(), today)}, {time_of_day(when)}"


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """'1 comment', '2 comments', and 'no comments' (never '0 comments'); irregular plurals given
    ('1 person', '3 people'). Every count the bot writes goes through here, so none reads
    '1 sessions'. At the start of a sentence, pass the result through `capital`."""
    if count == 0:
        return f"no {plural or singular + 's'}"
    word = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {word}"


def verb(count: int, one: str, many: str) -> str:
    """The verb that agrees with a count: verb(1, 'is', 'are') is 'is', verb(0 or 3, ...) 'are'."""
    return one if count == 1 else many


def capital(text: str) -> str:
    """The text with its first letter in capitals ('no sessions met' -> 'No sessions met')."""
    return text[:1].upper() + text[1:]


def listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c': a list as a sentence says it."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
