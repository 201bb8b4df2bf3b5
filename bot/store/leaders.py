"""Queries for the leaders' own practice: each leader's accreditation log (session lines the bot
fills, entries the leader adds) and the co-leaders' debrief note of a session.

The log is keyed by the leader's Discord id only, with the group's name as text, so it outlives
/group close; /forgetme erases it (bot/store/mydata.py). A debrief note belongs to its session and
goes with it, or earlier, when the group's case material expires.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.leaders import DEBRIEF_FIELDS, MISSED, SESSION_KINDS, LogEntry, session_roles
from bot.store.db import Database, Work
from bot.store.sessions import Session

_SESSION_KIND_LIST = ", ".join(f"'{k}'" for k in SESSION_KINDS)


def _entry(row: aiosqlite.Row) -> LogEntry:
    return LogEntry(
        id=row["id"],
        day=date.fromisoformat(row["day"]),
        kind=row["kind"],
        group=row["group_name"],
        note=row["note"],
    )


def _settle(w: Work, channel_id: int, day: date, now: datetime) -> dict[int, str]:
    """Everyone's part in one session again, from who is marked away (one leader there: led)."""
    rows = w.rows(
        "SELECT user_id, kind FROM leader_log WHERE channel_id = ? AND day = ? ORDER BY id",
        (channel_id, day.isoformat()),
    )
    roles = session_roles(
        [r["user_id"] for r in rows], {r["user_id"] for r in rows if r["kind"] == MISSED}
    )
    for user_id, kind in roles.items():
        w.run(
            "UPDATE leader_log SET kind = ?, recorded_at = ? WHERE user_id = ? AND channel_id = ? "
            "AND day = ? AND kind != ?",
            (kind, now.isoformat(), user_id, channel_id, day.isoformat(), kind),
        )
    return roles


async def log_session(
    db: Database,
    *,
    leaders: Sequence[int],
    channel_id: int,
    group_name: str,
    day: date,
    now: datetime,
) -> dict[int, str]:
    """A session met: each leader gets its line (led or co-led), once; a leader already marked
    away stays missed. Returns everyone's part, as it stands now."""

    def fn(w: Work) -> dict[int, str]:
        for user_id in leaders:
            w.run(
                "INSERT OR IGNORE INTO leader_log (user_id, day, kind, group_name, channel_id, "
                "recorded_at) VALUES (?, ?, 'co_led', ?, ?, ?)",
                (user_id, day.isoformat(), group_name, channel_id, now.isoformat()),
            )
        return _settle(w, channel_id, day, now)

    return await db.write(fn)


async def set_away(
    db: Database, user_id: int, *, channel_id: int, day: date, away: bool, now: datetime
) -> dict[int, str] | None:
    """A leader says they were not there (or were, after all); everyone's part is settled again.
    None if the session has no line for this leader."""

    def fn(w: Work) -> dict[int, str] | None:
        found = w.row(
            "SELECT kind FROM leader_log WHERE user_id = ? AND channel_id = ? AND day = ?",
            (user_id, channel_id, day.isoformat()),
        )
        if found is None:
            return None
        # 'co_led' stands for "there": _settle gives it its true part
        w.run(
            "UPDATE leader_log SET kind = ?, recorded_at = ? WHERE user_id = ? AND channel_id = ? "
            "AND day = ?",
            (MISSED if away else "co_led", now.isoformat(), user_id, channel_id, day.isoformat()),
        )
        return _settle(w, channel_id, day, now)

    return await db.write(fn)


async def session_parts(db: Database, channel_id: int, day: date) -> dict[int, str]:
    rows = await db.fetchall(
        "SELECT user_id, kind FROM leader_log WHERE channel_id = ? AND day = ? ORDER BY id",
        (channel_id, day.isoformat()),
    )
    return {r["user_id"]: r["kind"] for r in rows}


async def add_entry(
    db: Database, user_id: int, kind: str, day: date, note: str | None, now: datetime
) -> int:
    return await db.execute(
        "INSERT INTO leader_log (user_id, day, kind, note, recorded_at) VALUES (?, ?, ?, ?, ?)",
        (user_id, day.isoformat(), kind, note, now.isoformat()),
    )


async def remove_added(db: Database, user_id: int, kind: str, day: date) -> int:
    """Take back entries the leader added (never the session lines); how many went."""

    def fn(w: Work) -> int:
        return w.run(
            "DELETE FROM leader_log WHERE user_id = ? AND kind = ? AND day = ? "
            f"AND channel_id IS NULL AND kind NOT IN ({_SESSION_KIND_LIST})",
            (user_id, kind, day.isoformat()),
        ).rowcount

    gone = await db.write(fn)
    if gone:
        await db.forget()
    return gone


async def entries_of(db: Database, user_id: int) -> list[LogEntry]:
    """A leader's whole log, oldest first, across every group and year."""
    rows = await db.fetchall(
        "SELECT * FROM leader_log WHERE user_id = ? ORDER BY day, id", (user_id,)
    )
    return [_entry(r) for r in rows]


# -- the debrief note ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DebriefNote:
    session_id: int
    values: dict[str, str]
    written_by: int | None
    written_at: datetime


async def get_note(db: Database, session_id: int) -> DebriefNote | None:
    row = await db.fetchone("SELECT * FROM debrief_notes WHERE session_id = ?", (session_id,))
    if row is None:
        return None
    return DebriefNote(
        session_id=row["session_id"],
        values={k: row[k] for k, _ in DEBRIEF_FIELDS if row[k]},
        written_by=row["written_by"],
        written_at=datetime.fromisoformat(row["written_at"]),
    )


async def put_note(
    db: Database, session_id: int, values: dict[str, str], *, by: int, now: datetime
) -> None:
    """Save the shared note (replacing the last version); an empty note deletes it."""
    if not values:
        await db.execute("DELETE FROM debrief_notes WHERE session_id = ?", (session_id,))
        await db.forget()
        return
    await db.execute(
        "INSERT INTO debrief_notes (session_id, happened, process, watch, written_by, written_at) "
        "VALUES (:s, :happened, :process, :watch, :by, :at) ON CONFLICT (session_id) DO UPDATE "
        "SET happened = :happened, process = :process, watch = :watch, written_by = :by, "
        "written_at = :at",
        {
            "s": session_id,
            "by": by,
            "at": now.isoformat(),
            **{key: values.get(key) for key, _ in DEBRIEF_FIELDS},
        },
    )
    await db.forget()  # the last version is not left in the file or its log


async def expire_notes(db: Database, ended_before: datetime) -> int:
    """Delete the notes of sessions that ended before this time; how many went."""
    gone = await db.write(
        lambda w: (
            w.run(
                "DELETE FROM debrief_notes WHERE session_id IN "
                "(SELECT id FROM sessions WHERE ends_at < ?)",
                (ended_before.isoformat(),),
            ).rowcount
        )
    )
    if gone:
        await db.forget()
    return gone


async def last_ended_session(db: Database, group_id: int, now: datetime) -> Session | None:
    """The group's latest session that met and has ended (the one to debrief)."""
    row = await db.fetchone(
        "SELECT * FROM sessions WHERE group_id = ? AND status = 'scheduled' AND ends_at <= ? "
        "ORDER BY ends_at DESC LIMIT 1",
        (group_id, now.isoformat()),
    )
    return Session.from_row(row) if row else None
