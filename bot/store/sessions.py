"""Queries for sessions (the weekly meetings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import aiosqlite

from bot.store.db import Database


@dataclass(frozen=True)
class Session:
    id: int
    group_id: int
    local_date: str
    starts_at: datetime
    ends_at: datetime
    status: str
    reason: str | None
    moved: bool
    event_id: int | None

    @property
    def date(self) -> date:
        return date.fromisoformat(self.local_date)

    @property
    def is_active(self) -> bool:
        return self.status == "scheduled"

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Session:
        return cls(
            id=row["id"],
            group_id=row["group_id"],
            local_date=row["local_date"],
            starts_at=datetime.fromisoformat(row["starts_at"]),
            ends_at=datetime.fromisoformat(row["ends_at"]),
            status=row["status"],
            reason=row["reason"],
            moved=bool(row["moved"]),
            event_id=row["event_id"],
        )


async def get_session(db: Database, session_id: int) -> Session | None:
    row = await db.fetchone("SELECT * FROM sessions WHERE id = ?", (session_id,))
    return Session.from_row(row) if row else None


async def session_on(db: Database, group_id: int, local_date: date) -> Session | None:
    row = await db.fetchone(
        "SELECT * FROM sessions WHERE group_id = ? AND local_date = ?",
        (group_id, local_date.isoformat()),
    )
    return Session.from_row(row) if row else None


async def upcoming_sessions(
    db: Database, group_id: int, now: datetime, limit: int = 10, include_inactive: bool = True
) -> list[Session]:
    """Sessions not yet ended, soonest first."""
    sql = "SELECT * FROM sessions WHERE group_id = ? AND ends_at > ?"
    if not include_inactive:
        sql += " AND status = 'scheduled'"
    rows = await db.fetchall(
        sql + " ORDER BY starts_at LIMIT ?", (group_id, now.isoformat(), limit)
    )
    return [Session.from_row(r) for r in rows]


async def current_or_next_session(db: Database, group_id: int, now: datetime) -> Session | None:
    """The session under way, else the next one to meet (never a skipped or cancelled one)."""
    found = await upcoming_sessions(db, group_id, now, limit=1, include_inactive=False)
    return found[0] if found else None


async def next_session_to_start(db: Database, group_id: int, after: datetime) -> Session | None:
    """The first session that will meet and starts after `after` (one under way does not count)."""
    row = await db.fetchone(
        "SELECT * FROM sessions WHERE group_id = ? AND status = 'scheduled' AND starts_at > ? "
        "ORDER BY starts_at LIMIT 1",
        (group_id, after.isoformat()),
    )
    return Session.from_row(row) if row else None


async def moved_sessions_near(db: Database, group_id: int, day: date) -> list[Session]:
    """The group's moved sessions starting within a day either side of `day` (UTC), so whatever
    the group's time zone, one that now meets on `day` is among them."""
    start = datetime.combine(day, datetime.min.time())
    rows = await db.fetchall(
        "SELECT * FROM sessions WHERE group_id = ? AND moved = 1 AND starts_at >= ? AND starts_at < ?",
        (
            group_id,
            (start - timedelta(days=1)).isoformat(),
            (start + timedelta(days=2)).isoformat(),
        ),
    )
    return [Session.from_row(r) for r in rows]


async def sessions_either_side(
    db: Database, group_id: int, day: date
) -> tuple[Session | None, Session | None]:
    """The group's sessions dated just before and just after `day`."""
    before = await db.fetchone(
        "SELECT * FROM sessions WHERE group_id = ? AND local_date < ? ORDER BY local_date DESC LIMIT 1",
        (group_id, day.isoformat()),
    )
    after = await db.fetchone(
        "SELECT * FROM sessions WHERE group_id = ? AND local_date > ? ORDER BY local_date LIMIT 1",
        (group_id, day.isoformat()),
    )
    return (
        Session.from_row(before) if before else None,
        Session.from_row(after) if after else None,
    )


async def sessions_between(db: Database, start: datetime, end: datetime) -> list[Session]:
    """Active sessions of every group whose start lies in [start, end) — the scheduler's window."""
    rows = await db.fetchall(
        "SELECT * FROM sessions WHERE status = 'scheduled' AND starts_at >= ? AND starts_at < ? "
        "ORDER BY starts_at",
        (start.isoformat(), end.isoformat()),
    )
    return [Session.from_row(r) for r in rows]


async def meetings_between(
    db: Database, group_id: int, first: date, last: date, after: datetime
) -> list[Session]:
    """The group's sessions that will meet, dated first..last (inclusive), starting after `after`."""
    rows = await db.fetchall(
        "SELECT * FROM sessions WHERE group_id = ? AND local_date >= ? AND local_date <= ? "
        "AND status = 'scheduled' AND starts_at > ? ORDER BY starts_at",
        (group_id, first.isoformat(), last.isoformat(), after.isoformat()),
    )
    return [Session.from_row(r) for r in rows]


async def sessions_anchored_between(
    db: Database, anchor: Literal["start", "end"], start: datetime, end: datetime
) -> list[Session]:
    """Sessions of every group (any status) whose start (or end) lies in [start, end)."""
    column = "starts_at" if anchor == "start" else "ends_at"
    rows = await db.fetchall(
        f"SELECT * FROM sessions WHERE {column} >= ? AND {column} < ? ORDER BY {column}",
        (start.isoformat(), end.isoformat()),
    )
    return [Session.from_row(r) for r in rows]
