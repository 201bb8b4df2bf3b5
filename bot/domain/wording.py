"""How the bot writes dates, times and counts: one way, everywhere ("Thu 3 Sep, 09:00", "1 comment").

A date carries its year only when it is not this year's. Times a reader must act on are sent as
Discord timestamps (shown in each reader's own time zone); these are for the rest: days named in a
sentence, lists, files.
"""

from __future__ import annotations

from datetime import date, datetime


def day(d: date, today: date) -> str:
    """'Thu 3 Sep', or 'Thu 7 Jan 2027' when it is not this year."""
    text = f"{d:%a} {d.day} {d:%b}"
    return text if d.year == today.year else f"{text} {d.year}"


def day_time(when: datetime, today: date) -> str:
    """'Thu 3 Sep, 09:00' (a local time: convert to the group's zone first)."""
    return f"{day(when.date(), today)}, {when:%H:%M}"


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """'1 comment', '2 comments', '0 comments'; irregular plurals given ('1 person', '3 people')."""
    word = singular if count == 1 else (plural or f"{singular}s")
    return f"{count} {word}"


def listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c': a list as a sentence says it."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
