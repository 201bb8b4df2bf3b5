"""The delivery ledger: one row per (session, kind of timed post), written before posting.

A row is 'claimed' while its post is being sent (or retried), then 'sent' (with where it went) or
'skipped'; a post decided against is 'skipped' (inactive session) or 'missed' (stale after
downtime). The scheduler (bot/scheduling.py) reads and writes it only through these functions.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from bot.store.db import Database, Work

CLAIMED = "claimed"


class Decision(NamedTuple):
    status: str  # CLAIMED: post now; else the post's final status
    fresh: bool  # decided by this call (False: found decided before)
    # CLAIMED by an earlier attempt: when (its post may have gone out before a crash)
    claimed_at: datetime | None = None


async def decide(
    db: Database,
    session_id: int,
    kind: str,
    *,
    due: datetime,
    now: datetime,
    late: bool,
    closed_as: str | None,
) -> Decision:
    """In one transaction: the status decided before, if any; else `closed_as` ('skipped',
    'missed') recorded as final; else the post claimed for sending now (kept if already claimed,
    so a retry keeps its first decision time and lateness)."""

    def decide_now(w: Work) -> Decision:
        row = w.row(
            "SELECT status, decided_at FROM deliveries WHERE session_id = ? AND kind = ?",
            (session_id, kind),
        )
        if row is not None and row["status"] != CLAIMED:
            return Decision(row["status"], fresh=False)
        if closed_as is not None:
            w.run(
                "INSERT OR REPLACE INTO deliveries (session_id, kind, status, due_at, decided_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (session_id, kind, closed_as, due.isoformat(), now.isoformat()),
            )
            return Decision(closed_as, fresh=True)
        w.run(
            "INSERT OR IGNORE INTO deliveries (session_id, kind, status, due_at, decided_at, late) "
            "VALUES (?, ?, 'claimed', ?, ?, ?)",
            (session_id, kind, due.isoformat(), now.isoformat(), int(late)),
        )
        # claimed by an earlier attempt (kept), which may have posted before a crash: say when
        earlier = datetime.fromisoformat(row["decided_at"]) if row is not None else None
        return Decision(CLAIMED, fresh=True, claimed_at=earlier)

    return await db.write(decide_now)


async def record(
    db: Database,
    session_id: int,
    kind: str,
    status: str,
    where: tuple[int, int] | None,
) -> None:
    """A claimed post's outcome: 'sent' with its (channel, message), or 'skipped'."""
    channel_id, message_id = where if where else (None, None)
    await db.execute(
        "UPDATE deliveries SET status = ?, channel_id = ?, message_id = ? "
        "WHERE session_id = ? AND kind = ?",
        (status, channel_id, message_id, session_id, kind),
    )


async def skip_all(db: Database, posts: list[tuple[int, str, datetime]], now: datetime) -> None:
    """Record (session, kind, due) posts as skipped, in one transaction; a post decided before
    keeps its decision."""
    await db.executemany(
        "INSERT OR IGNORE INTO deliveries (session_id, kind, status, due_at, decided_at) "
        "VALUES (?, ?, 'skipped', ?, ?)",
        [(session_id, kind, due.isoformat(), now.isoformat()) for session_id, kind, due in posts],
    )


async def decided_for_sessions_starting(
    db: Database, start: datetime, end: datetime
) -> set[tuple[int, str]]:
    """(session, kind) of every post whose fate is decided, of the sessions starting in
    [start, end) (found by the sessions' start, not by reading the whole ledger)."""
    rows = await db.fetchall(
        "SELECT d.session_id, d.kind FROM sessions s JOIN deliveries d ON d.session_id = s.id "
        "WHERE s.starts_at >= ? AND s.starts_at < ? AND d.status != 'claimed'",
        (start.isoformat(), end.isoformat()),
    )
    return {(r[0], r[1]) for r in rows}


async def decided_kinds(db: Database, session_id: int) -> set[str]:
    """The kinds of post whose fate is decided for one session."""
    rows = await db.fetchall(
        "SELECT kind FROM deliveries WHERE session_id = ? AND status != 'claimed'", (session_id,)
    )
    return {r["kind"] for r in rows}


async def delivered_message(db: Database, session_id: int, kind: str) -> tuple[int, int] | None:
    """Where a scheduled post went (channel, message), if it was sent."""
    row = await db.fetchone(
        "SELECT channel_id, message_id FROM deliveries WHERE session_id = ? AND kind = ? "
        "AND status = 'sent'",
        (session_id, kind),
    )
    return (row["channel_id"], row["message_id"]) if row and row["message_id"] else None
