"""Which session a person means, and how the bot names a session back to them.

Every capability has a `session:` (or `date:`) option: 'next' or a date, with autocomplete. One
resolver and one list of choices serve them all, so a date finds the same session everywhere (a
moved session also by the day it now meets) and every reply names it the same way.
"""

from __future__ import annotations

from datetime import date, datetime

import discord
from discord import app_commands

from bot import clock
from bot.access import group_here
from bot.domain import wording
from bot.domain.calendar import WEEKDAYS, discord_timestamp, parse_date, zone
from bot.errors import UserError
from bot.store.db import Database
from bot.store.groups import Group
from bot.store.sessions import (
    Session,
    current_or_next_session,
    moved_sessions_near,
    next_session_to_start,
    session_on,
    sessions_either_side,
    upcoming_sessions,
)

NEXT = "next"
CHOICES = 25  # Discord shows at most 25 choices
SCANNED = 60  # sessions looked at for them, so that what a person typed still finds 25


# -- naming a session ---------------------------------------------------------------------------


def local_start(group: Group, session: Session) -> datetime:
    return session.starts_at.astimezone(zone(group.timezone))


def date_label(day: date) -> str:
    """'Thu 24 Sep' (with the year when it is not this year's): bot.domain.wording.day."""
    return wording.day(day, clock.today())


def day_label(group: Group, session: Session) -> str:
    """'Thu 24 Sep': the day the session actually meets (after a move), in the group's time zone."""
    return date_label(local_start(group, session).date())


def when(session: Session) -> str:
    """The start as a Discord timestamp: each reader sees it in their own time zone."""
    return discord_timestamp(session.starts_at, "F")


def date_option(session: Session) -> str:
    """What to type in a `session:` option to mean this session."""
    return session.local_date


def status_note(session: Session) -> str:
    if session.status == "skipped":
        return "no session" + (f" ({session.reason})" if session.reason else "")
    if session.status == "cancelled":
        return "cancelled" + (f" ({session.reason})" if session.reason else "")
    return ""


# -- finding the session a person means ---------------------------------------------------------


async def session_for_day(db: Database, group: Group, day: date) -> Session | None:
    """The session that meets on `day` (a moved one by the day it now meets), else the one
    regularly dated `day`."""
    for moved in await moved_sessions_near(db, group.id, day):
        if local_start(group, moved).date() == day:
            return moved
    return await session_on(db, group.id, day)


async def find_session(
    db: Database, group: Group, text: str | None, now: datetime, *, to_come: str | None = None
) -> Session:
    """The session someone means: 'next' (or nothing), or a date. Anything else is a private
    refusal that says which days the group meets.

    With `to_come` (the command, e.g. "volunteer"): only a session that will meet and has not
    started; 'next' then skips one under way, and a refusal shows how to name the next one.
    """
    wanted = (text or NEXT).strip()

    async def next_one() -> Session | None:
        if to_come:
            return await next_session_to_start(db, group.id, now)
        return await current_or_next_session(db, group.id, now)

    if wanted.lower() in (NEXT, "the next one", ""):
        upcoming = await next_one()
        if upcoming is None:
            raise UserError(
                f"{group.name} has no more sessions planned (its year ends on {date_label(date.fromisoformat(group.end_date))})."
            )
        return upcoming
    day = parse_date(wanted)
    session = await session_for_day(db, group, day)
    if session is not None and (to_come is None or (session.is_active and session.starts_at > now)):
        return session
    # a refusal: only now is the next session looked up, for the hint
    upcoming = await next_one() if to_come else None
    hint = (
        f" The next session is {when(upcoming)}: `/{to_come} session:{date_option(upcoming)}`."
        if to_come and upcoming
        else ""
    )
    if session is None:
        raise UserError(await _not_a_session_day(db, group, day) + hint)
    if not session.is_active:
        reason = f" ({session.reason})" if session.reason else ""
        raise UserError(
            f"The session on {day_label(group, session)} is {session.status}{reason}; pick "
            f"another session.{hint}"
        )
    raise UserError(
        f"The session on {day_label(group, session)} has already "
        f"{'ended' if session.ends_at <= now else 'started'}.{hint}"
    )


async def _not_a_session_day(db: Database, group: Group, day: date) -> str:
    start, end = date.fromisoformat(group.start_date), date.fromisoformat(group.end_date)
    head = f"{date_label(day)} is not a session day of {group.name}"
    if day < start or day > end:
        return f"{head}: the group runs from {date_label(start)} to {date_label(end)}."
    near = [date_label(s.date) for s in await sessions_either_side(db, group.id, day) if s]
    return (
        f"{head}: it meets on {WEEKDAYS[group.weekday]}s."
        + (f" The nearest are {' and '.join(near)}." if near else "")
        + " Type the date like 2026-09-24, or pick one from the list."
    )


# -- autocomplete -------------------------------------------------------------------------------


async def session_choices(
    db: Database,
    interaction: discord.Interaction,
    current: str,
    now: datetime,
    *,
    to_come: bool = False,
) -> list[app_commands.Choice[str]]:
    """Autocomplete for a session option in the group of the channel it is typed in: sessions not
    yet over, soonest first, as 'Thu 24 Sep, 19:00' (skipped, cancelled, moved, next marked),
    with the date as the value. `to_come`: only sessions that will meet and have not started."""
    try:
        group = await group_here(db, interaction)
    except UserError:
        return []
    found = await upcoming_sessions(db, group.id, now, limit=SCANNED, include_inactive=not to_come)
    if to_come:
        found = [s for s in found if s.starts_at > now]
    nxt = next((s for s in found if s.is_active and s.starts_at > now), None)
    typed = current.strip().lower()
    out = []
    for s in found:
        name = wording.day_time(local_start(group, s), clock.today())
        if note := status_note(s):
            name += f" ({note})"
        elif s.moved:
            name += " (moved)"
        if s is nxt:
            name += " (next)"
        if typed and typed not in name.lower() and typed not in s.local_date:
            continue
        out.append(app_commands.Choice(name=name[:100], value=s.local_date))
        if len(out) == CHOICES:
            break
    return out
