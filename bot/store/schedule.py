"""Queries for leaders' changes to the calendar (skip, move, cancel, restore) and for the native
Discord events that mirror the sessions.

A change updates the session's row and logs it in one transaction, guarded by the status the
leader saw, so two leaders pressing at once cannot both apply. The log gives the calendar file its
SEQUENCE (phone calendars accept an update only with a higher one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.store.db import Database, Work
from bot.store.sessions import Session, get_session


class Conflict(RuntimeError):
    """The session changed since it was read (another leader was quicker)."""


async def apply_change(
    db: Database,
    session: Session,
    change: str,
    *,
    by: int,
    now: datetime,
    reason: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> Session:
    """Skip, cancel, restore or move a session; returns the updated row."""

    def change_it(w: Work) -> None:
        if change in ("skipped", "cancelled"):
            cur = w.run(
                "UPDATE sessions SET status = ?, reason = ? WHERE id = ? AND status = 'scheduled'",
                (change, reason, session.id),
            )
        elif change == "restored":
            cur = w.run(
                "UPDATE sessions SET status = 'scheduled', reason = NULL WHERE id = ? "
                "AND status = ?",
                (session.id, session.status),
            )
            _reopen_dropped_posts(w, session.id)
        elif change == "moved":
            assert starts_at is not None and ends_at is not None
            cur = w.run(
                "UPDATE sessions SET starts_at = ?, ends_at = ?, moved = 1 WHERE id = ? "
                "AND status = 'scheduled' AND starts_at = ?",
                (
                    starts_at.isoformat(),
                    ends_at.isoformat(),
                    session.id,
                    session.starts_at.isoformat(),
                ),
            )
        else:
            raise ValueError(f"unknown change {change!r}")
        if cur.rowcount == 0:
            raise Conflict(session.id)
        w.run(
            "INSERT INTO session_changes (session_id, change, reason, old_starts_at, "
            "new_starts_at, changed_by, changed_at, done) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
            (
                session.id,
                change,
                reason,
                session.starts_at.isoformat(),
                (starts_at or session.starts_at).isoformat(),
                by,
                now.isoformat(),
            ),
        )

    await db.write(change_it)
    updated = await get_session(db, session.id)
    assert updated is not None
    return updated


# how far a change is carried out beyond its row (session_changes.done)
WRITTEN, TOLD, FOLLOWED = 0, 1, 2


@dataclass(frozen=True)
class Unfinished:
    """A leader's change a stop left before it was carried out (`done` below FOLLOWED)."""

    change_id: int
    session_id: int
    change: str
    old_starts_at: datetime
    changed_at: datetime
    done: int


async def unfinished_changes(db: Database, before: datetime) -> list[Unfinished]:
    """Changes made before `before` (this process's start) not yet carried out, oldest first."""
    rows = await db.fetchall(
        "SELECT id, session_id, change, old_starts_at, changed_at, done FROM session_changes "
        "WHERE done < ? AND changed_at < ? ORDER BY id",
        (FOLLOWED, before.isoformat()),
    )
    return [
        Unfinished(
            r[0],
            r[1],
            r[2],
            datetime.fromisoformat(r[3]),
            datetime.fromisoformat(r[4]),
            r[5],
        )
        for r in rows
    ]


async def change_done(db: Database, session_id: int, done: int) -> None:
    """The session's changes are carried out this far (never lowered)."""
    await db.execute(
        "UPDATE session_changes SET done = ? WHERE session_id = ? AND done < ?",
        (done, session_id, done),
    )


def _reopen_dropped_posts(w: Work, session_id: int) -> None:
    """Posts recorded as 'skipped' while the session was off are decided again after a restore
    (sent, late with a note, or missed, by the usual rule)."""
    since = w.value(
        "SELECT max(changed_at) FROM session_changes WHERE session_id = ? "
        "AND change IN ('skipped', 'cancelled')",
        (session_id,),
    )
    if since:
        w.run(
            "DELETE FROM deliveries WHERE session_id = ? AND status = 'skipped' "
            "AND decided_at >= ?",
            (session_id, since),
        )


async def change_counts(db: Database, group_id: int) -> dict[int, int]:
    """How many times each session of a group was changed (the calendar's SEQUENCE)."""
    rows = await db.fetchall(
        "SELECT c.session_id, count(*) AS n FROM session_changes c "
        "JOIN sessions s ON s.id = c.session_id WHERE s.group_id = ? GROUP BY c.session_id",
        (group_id,),
    )
    return {r["session_id"]: r["n"] for r in rows}


async def moved_or_restored_since(db: Database, session_id: int, since: datetime) -> bool:
    """Was the session moved or restored at or after `since`?"""
    found = await db.fetchval(
        "SELECT 1 FROM session_changes WHERE session_id = ? AND change IN ('moved', "
        "'restored') AND changed_at >= ? LIMIT 1",
        (session_id, since.isoformat()),
    )
    return bool(found)


async def all_sessions(db: Database, group_id: int) -> list[Session]:
    rows = await db.fetchall(
        "SELECT * FROM sessions WHERE group_id = ? ORDER BY starts_at", (group_id,)
    )
    return [Session.from_row(r) for r in rows]


async def others_near(
    db: Database, session: Session, start: datetime, end: datetime
) -> list[Session]:
    """The group's other active sessions within two days of a proposed new time."""
    margin = timedelta(days=2)
    rows = await db.fetchall(
        "SELECT * FROM sessions WHERE group_id = ? AND id != ? AND status = 'scheduled' "
        "AND starts_at < ? AND ends_at > ? ORDER BY starts_at",
        (session.group_id, session.id, (end + margin).isoformat(), (start - margin).isoformat()),
    )
    return [Session.from_row(r) for r in rows]


# -- native events ----------------------------------------------------------------------------


async def set_event_id(db: Database, session_id: int, event_id: int | None) -> None:
    await db.execute("UPDATE sessions SET event_id = ? WHERE id = ?", (event_id, session_id))


async def set_event_ids(db: Database, links: list[tuple[int, int]]) -> None:
    """Link many sessions to their events at once ((session id, event id) pairs)."""
    await db.executemany(
        "UPDATE sessions SET event_id = ? WHERE id = ?", [(e, s) for s, e in links]
    )


async def event_ids(db: Database, group_id: int) -> set[int]:
    """The native events the group's sessions link to."""
    rows = await db.fetchall(
        "SELECT event_id FROM sessions WHERE group_id = ? AND event_id IS NOT NULL", (group_id,)
    )
    return {r["event_id"] for r in rows}


async def event_ids_in_guild(db: Database, guild_id: int) -> set[int]:
    """The native events any group of the server links to."""
    rows = await db.fetchall(
        "SELECT s.event_id FROM sessions s JOIN groups g ON g.id = s.group_id "
        "WHERE g.guild_id = ? AND s.event_id IS NOT NULL",
        (guild_id,),
    )
    return {r["event_id"] for r in rows}


async def sessions_due_events(db: Database, now: datetime, ahead: int) -> list[Session]:
    """For each group, its next `ahead` sessions that will meet: those should have an event."""
    rows = await db.fetchall(
        "SELECT * FROM (SELECT s.*, row_number() OVER (PARTITION BY s.group_id "
        "ORDER BY s.starts_at) AS n FROM sessions s WHERE s.status = 'scheduled' "
        "AND s.starts_at > ?) WHERE n <= ? ORDER BY group_id, starts_at",
        (now.isoformat(), ahead),
    )
    return [Session.from_row(r) for r in rows]


async def sessions_with_dropped_events(db: Database) -> list[Session]:
    """Skipped or cancelled sessions whose event still exists (to be cancelled)."""
    rows = await db.fetchall(
        "SELECT * FROM sessions WHERE status != 'scheduled' AND event_id IS NOT NULL"
    )
    return [Session.from_row(r) for r in rows]


async def sessions_with_post_before_start(db: Database, kind: str, now: datetime) -> list[Session]:
    """Scheduled sessions not yet started whose `kind` post is out (e.g. the count to refresh)."""
    rows = await db.fetchall(
        "SELECT s.* FROM sessions s JOIN deliveries d ON d.session_id = s.id "
        "WHERE d.kind = ? AND d.status = 'sent' AND d.message_id IS NOT NULL "
        "AND s.status = 'scheduled' AND s.starts_at > ? ORDER BY s.starts_at",
        (kind, now.isoformat()),
    )
    return [Session.from_row(r) for r in rows]
