"""Shared by the sessions cogs (/schedule, /agenda, /absence, /attendance): finding the session a
person means, naming it in their words, and the service object that owns the timed posts and the
native events.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord
from discord import app_commands

from bot.access import group_here
from bot.app import BalintBot
from bot.clock import SystemClock
from bot.domain import wording
from bot.domain.anonymity import handle
from bot.domain.calendar import WEEKDAYS, discord_timestamp, parse_date
from bot.errors import UserError
from bot.store.groups import Group
from bot.store.sessions import Session, get_session, next_session

if TYPE_CHECKING:
    from cogs.sessions._service import SessionsService

NO_MENTIONS = discord.AllowedMentions.none()
CASE_SALT = b"sessions:case-intent"


def case_handle(key: bytes, session_id: int, user_id: int) -> str:
    """The anonymous handle behind a press of "I have a case in mind" (never stored as who)."""
    return handle(key, CASE_SALT, session_id, user_id)


def bot_of(interaction: discord.Interaction) -> BalintBot:
    client = interaction.client
    assert isinstance(client, BalintBot)
    return client


def service(bot: BalintBot) -> SessionsService:
    """The one SessionsService of this bot (owned by the /schedule cog)."""
    cog = bot.get_cog("ScheduleCog")
    if cog is None:
        raise RuntimeError("the schedule extension is not loaded")
    return cog.service  # type: ignore[attr-defined,no-any-return]


def local_start(group: Group, session: Session) -> datetime:
    return session.starts_at.astimezone(ZoneInfo(group.timezone))


def day_label(group: Group, session: Session) -> str:
    """'Thu 24 Sep', the day the session actually meets, in the group's time zone."""
    return date_label(local_start(group, session).date())


def date_label(d: date) -> str:
    """'Thu 24 Sep' (with the year when it is not this year): bot.domain.wording.day."""
    return wording.day(d, SystemClock().now().date())


def when(session: Session) -> str:
    """The start as a Discord timestamp: each reader sees it in their own time zone."""
    return discord_timestamp(session.starts_at, "F")


def status_note(session: Session) -> str:
    if session.status == "skipped":
        return "no session" + (f" ({session.reason})" if session.reason else "")
    if session.status == "cancelled":
        return "cancelled" + (f" ({session.reason})" if session.reason else "")
    return ""


async def find_session(bot: BalintBot, group: Group, text: str | None) -> Session:
    """The session someone means: 'next' (or nothing), or a date (its regular date or, for a moved
    session, the day it now meets). Not a session day: say which days are."""
    raw = (text or "next").strip()
    if raw.lower() in {"next", "the next one", ""}:
        found = await next_session(bot.db, group.id, bot.now())
        if found is None:
            raise UserError(
                f"{group.name} has no more sessions planned (it ended {group.end_date})."
            )
        return found
    day = parse_date(raw)
    row = await bot.db.fetchone(
        "SELECT * FROM sessions WHERE group_id = ? AND local_date = ?", (group.id, day.isoformat())
    )
    if row is not None:
        return Session.from_row(row)
    for candidate in await _sessions_around(bot, group, day):
        if local_start(group, candidate).date() == day:
            return candidate
    raise UserError(await _not_a_session_day(bot, group, day))


async def _sessions_around(bot: BalintBot, group: Group, day: date) -> list[Session]:
    rows = await bot.db.fetchall(
        "SELECT * FROM sessions WHERE group_id = ? AND moved = 1 AND starts_at >= ? AND starts_at < ?",
        (
            group.id,
            (datetime.combine(day, datetime.min.time()) - timedelta(days=1)).isoformat(),
            (datetime.combine(day, datetime.min.time()) + timedelta(days=2)).isoformat(),
        ),
    )
    return [Session.from_row(r) for r in rows]


async def _not_a_session_day(bot: BalintBot, group: Group, day: date) -> str:
    start, end = date.fromisoformat(group.start_date), date.fromisoformat(group.end_date)
    head = f"{date_label(day)} is not a session day of {group.name}"
    if day < start or day > end:
        return f"{head}: the group runs from {date_label(start)} to {date_label(end)}."
    before = await bot.db.fetchone(
        "SELECT * FROM sessions WHERE group_id = ? AND local_date < ? ORDER BY local_date DESC LIMIT 1",
        (group.id, day.isoformat()),
    )
    after = await bot.db.fetchone(
        "SELECT * FROM sessions WHERE group_id = ? AND local_date > ? ORDER BY local_date LIMIT 1",
        (group.id, day.isoformat()),
    )
    near = [date_label(date.fromisoformat(r["local_date"])) for r in (before, after) if r]
    return (
        f"{head}: it meets on {WEEKDAYS[group.weekday]}s."
        + (f" The nearest are {' and '.join(near)}." if near else "")
        + " Type the date like 2026-09-24, or pick one from the list."
    )


async def session_by_id(bot: BalintBot, session_id: int) -> Session:
    found = await get_session(bot.db, session_id)
    if found is None:
        raise UserError("That session no longer exists.")
    return found


def not_started(bot: BalintBot, group: Group, session: Session, doing: str) -> None:
    """Refuse changes to sessions that have started or are in the past."""
    if session.starts_at <= bot.now():
        past = session.ends_at <= bot.now()
        raise UserError(
            f"The session on {day_label(group, session)} "
            + ("is in the past" if past else "has already started")
            + f", so it cannot be {doing}. Pick a date still to come (see /schedule show)."
        )


async def session_autocomplete(
    bot: BalintBot, interaction: discord.Interaction, current: str, *, include_inactive: bool = True
) -> list[app_commands.Choice[str]]:
    """Autocomplete for a session option in the group of the channel it is typed in."""
    try:
        group = await group_here(bot.db, interaction)
    except UserError:
        return []
    return await session_choices(bot, group, current, include_inactive=include_inactive)


async def session_choices(
    bot: BalintBot, group: Group, current: str, *, include_inactive: bool = True
) -> list[app_commands.Choice[str]]:
    """Autocomplete: the next sessions, as 'Thu 24 Sep 2026 09:00' with the date as the value."""
    sql = "SELECT * FROM sessions WHERE group_id = ? AND ends_at > ?"
    if not include_inactive:
        sql += " AND status = 'scheduled'"
    rows = await bot.db.fetchall(
        sql + " ORDER BY starts_at LIMIT 60", (group.id, bot.now().isoformat())
    )
    typed = current.strip().lower()
    out = []
    for row in rows:
        s = Session.from_row(row)
        name = f"{day_label(group, s)} {local_start(group, s):%H:%M}"
        if note := status_note(s):
            name += f" ({note})"
        elif s.moved:
            name += " (moved)"
        if typed and typed not in name.lower() and typed not in s.local_date:
            continue
        out.append(app_commands.Choice(name=name[:100], value=s.local_date))
        if len(out) == 25:
            break
    return out
