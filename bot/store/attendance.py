"""Queries for attendance: check-ins, declared absences, leaders' corrections, absences decided when
a session closes, and the drift-away alerts already sent.

Other capabilities use two functions: `excused_absence` (presenting treats an excused absence as
not missing a turn) and `attendance_record` (a trainee's dated record for their portfolio).
Only sessions that take place (status 'scheduled') appear in a record; rows for a session that was
later skipped are kept, so restoring it restores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import aiosqlite

from bot.domain.attendance import ABSENT, EXCUSED, PRESENT
from bot.store.db import Database, Work
from bot.store.sessions import Session


@dataclass(frozen=True)
class Record:
    """One dated line of a member's attendance."""

    session_id: int
    local_date: str
    starts_at: datetime
    status: str  # attended | late | excused | absent
    reason: str | None
    checked_in_at: datetime | None
    source: str  # checkin | declared | closed | leader

    @property
    def date(self) -> date:
        return date.fromisoformat(self.local_date)

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Record:
        return cls(
            session_id=row["session_id"],
            local_date=row["local_date"],
            starts_at=datetime.fromisoformat(row["starts_at"]),
            status=row["status"],
            reason=row["reason"],
            checked_in_at=(
                datetime.fromisoformat(row["checked_in_at"]) if row["checked_in_at"] else None
            ),
            source=row["source"],
        )


_RECORD_SQL = (
    "SELECT a.session_id, s.local_date, s.starts_at, a.status, a.reason, a.checked_in_at, a.source "
    "FROM attendance a JOIN sessions s ON s.id = a.session_id "
    "WHERE s.group_id = ? AND a.user_id = ? AND s.status = 'scheduled'"
)


_CURRENT = (
    "SELECT a.session_id, s.local_date, s.starts_at, a.status, a.reason, a.checked_in_at, "
    "a.source FROM attendance a JOIN sessions s ON s.id = a.session_id "
    "WHERE a.session_id = ? AND a.user_id = ?"
)


async def current(db: Database, session_id: int, user_id: int) -> Record | None:
    """What is recorded for one member at one session (whatever the session's status)."""
    row = await db.fetchone(_CURRENT, (session_id, user_id))
    return Record.from_row(row) if row else None


# -- for other capabilities ---------------------------------------------------------------------


async def excused_absence(db: Database, session_id: int, user_id: int) -> bool:
    """Has the member declared an absence for this session (or a leader excused them)?"""
    status: str | None = await db.fetchval(
        "SELECT status FROM attendance WHERE session_id = ? AND user_id = ?",
        (session_id, user_id),
    )
    return status == EXCUSED


async def attendance_record(
    db: Database, group_id: int, user_id: int, until: datetime | None = None
) -> list[Record]:
    """A member's dated record in a group, oldest first: attended, late, excused or absent.

    With `until`, only sessions that started by then (a portfolio wants what happened, not
    absences declared ahead).
    """
    sql = _RECORD_SQL
    params: list[object] = [group_id, user_id]
    if until is not None:
        sql += " AND s.starts_at <= ?"
        params.append(until.isoformat())
    rows = await db.fetchall(sql + " ORDER BY s.starts_at", params)
    return [Record.from_row(r) for r in rows]


async def group_records(
    db: Database, group_id: int, until: datetime | None = None
) -> dict[int, list[Record]]:
    """Every member's record in a group (leaders' view), oldest first per member."""
    sql = (
        "SELECT a.user_id, a.session_id, s.local_date, s.starts_at, a.status, a.reason, "
        "a.checked_in_at, a.source FROM attendance a JOIN sessions s ON s.id = a.session_id "
        "WHERE s.group_id = ? AND s.status = 'scheduled'"
    )
    params: list[object] = [group_id]
    if until is not None:
        sql += " AND s.starts_at <= ?"
        params.append(until.isoformat())
    out: dict[int, list[Record]] = {}
    for row in await db.fetchall(sql + " ORDER BY s.starts_at", params):
        out.setdefault(row["user_id"], []).append(Record.from_row(row))
    return out


async def remaining_sessions(db: Database, group_id: int, now: datetime) -> int:
    """Sessions still to come this year (not skipped or cancelled)."""
    return int(
        await db.fetchval(
            "SELECT count(*) FROM sessions WHERE group_id = ? AND status = 'scheduled' "
            "AND starts_at > ?",
            (group_id, now.isoformat()),
        )
    )


async def present_count(db: Database, session_id: int) -> int:
    """How many checked in (a number, never names)."""
    return int(
        await db.fetchval(
            "SELECT count(*) FROM attendance WHERE session_id = ? AND status IN (?, ?)",
            (session_id, *PRESENT),
        )
    )


# -- check-in, absences, corrections -----------------------------------------------------------

CheckinOutcome = Literal["checked_in", "already", "kept"]


async def check_in(
    db: Database, session_id: int, user_id: int, at: datetime, late: bool
) -> tuple[CheckinOutcome, Record | None]:
    """Record "I'm here". A declared absence gives way (they came after all); a second press
    changes nothing; a leader's correction stands."""

    def press(w: Work) -> tuple[CheckinOutcome, Record | None]:
        row = w.row(
            "SELECT source, status FROM attendance WHERE session_id = ? AND user_id = ?",
            (session_id, user_id),
        )
        if row and (row["source"] == "leader" or row["status"] in PRESENT):
            outcome: CheckinOutcome = "kept" if row["source"] == "leader" else "already"
        else:
            outcome = "checked_in"
            w.run(
                "INSERT INTO attendance (session_id, user_id, status, reason, checked_in_at, "
                "source, updated_at) VALUES (?, ?, ?, NULL, ?, 'checkin', ?) "
                "ON CONFLICT (session_id, user_id) DO UPDATE SET status = excluded.status, "
                "reason = NULL, checked_in_at = excluded.checked_in_at, source = 'checkin', "
                "marked_by = NULL, updated_at = excluded.updated_at",
                (
                    session_id,
                    user_id,
                    "late" if late else "attended",
                    at.isoformat(),
                    at.isoformat(),
                ),
            )
        record = w.row(_CURRENT, (session_id, user_id))
        return outcome, Record.from_row(record) if record else None

    return await db.write(press)


async def declare_absence(
    db: Database, session_id: int, user_id: int, reason: str, now: datetime
) -> str | None:
    """An excused absence declared ahead; returns the reason recorded before, if any."""

    def declare(w: Work) -> str | None:
        before: str | None = w.value(
            "SELECT reason FROM attendance WHERE session_id = ? AND user_id = ? "
            "AND status = 'excused'",
            (session_id, user_id),
        )
        w.run(
            "INSERT INTO attendance (session_id, user_id, status, reason, source, updated_at) "
            "VALUES (?, ?, 'excused', ?, 'declared', ?) "
            "ON CONFLICT (session_id, user_id) DO UPDATE SET status = 'excused', "
            "reason = excluded.reason, checked_in_at = NULL, source = 'declared', "
            "marked_by = NULL, updated_at = excluded.updated_at",
            (session_id, user_id, reason, now.isoformat()),
        )
        return before

    return await db.write(declare)


async def withdraw_absence(db: Database, session_id: int, user_id: int) -> bool:
    """Take a declared absence back ("I can come after all"); False if there was none."""
    deleted = await db.changes(
        "DELETE FROM attendance WHERE session_id = ? AND user_id = ? AND status = 'excused'",
        (session_id, user_id),
    )
    return deleted > 0


async def mark(
    db: Database,
    session_id: int,
    user_id: int,
    status: str,
    *,
    by: int,
    now: datetime,
    reason: str | None = None,
) -> Record | None:
    """A leader's correction; it replaces whatever was recorded. Returns what was there before."""
    before = await current(db, session_id, user_id)
    await db.execute(
        "INSERT INTO attendance (session_id, user_id, status, reason, checked_in_at, source, "
        "marked_by, updated_at) VALUES (?, ?, ?, ?, ?, 'leader', ?, ?) "
        "ON CONFLICT (session_id, user_id) DO UPDATE SET status = excluded.status, "
        "reason = excluded.reason, source = 'leader', marked_by = excluded.marked_by, "
        "updated_at = excluded.updated_at",
        (
            session_id,
            user_id,
            status,
            reason if status == EXCUSED else None,
            before.checked_in_at.isoformat() if before and before.checked_in_at else None,
            by,
            now.isoformat(),
        ),
    )
    return before


# -- closing a session ----------------------------------------------------------------------------


async def is_closed(db: Database, session_id: int) -> bool:
    return bool(
        await db.fetchval("SELECT 1 FROM attendance_closed WHERE session_id = ?", (session_id,))
    )


async def close_session(
    db: Database, session: Session, now: datetime, *, counted: bool
) -> list[int] | None:
    """Decide absences once: roster trainees of the session without check-in or declared absence.

    `counted` is False when the check-in was never posted (the bot was offline): nobody could press
    it, so nobody is marked absent. Returns the members newly marked absent, or None if the session
    was closed before. Also empties the session's anonymous case intents.
    """

    def close(w: Work) -> list[int] | None:
        first = w.run(
            "INSERT OR IGNORE INTO attendance_closed (session_id, closed_at, counted) "
            "VALUES (?, ?, ?)",
            (session.id, now.isoformat(), int(counted)),
        )
        if first.rowcount == 0:
            return None
        w.run("DELETE FROM case_intents WHERE session_id = ?", (session.id,))
        if not counted:
            return []
        rows = w.rows(
            "SELECT m.user_id FROM group_members m WHERE m.group_id = ? AND m.role = 'trainee' "
            "AND m.joined_at <= ? AND (m.left_at IS NULL OR m.left_at > ?) "
            "AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = ? "
            "AND a.user_id = m.user_id) ORDER BY m.user_id",
            (
                session.group_id,
                session.ends_at.isoformat(),
                session.starts_at.isoformat(),
                session.id,
            ),
        )
        absent = [r["user_id"] for r in rows]
        w.run_many(
            "INSERT INTO attendance (session_id, user_id, status, source, updated_at) "
            "VALUES (?, ?, 'absent', 'closed', ?)",
            [(session.id, uid, now.isoformat()) for uid in absent],
        )
        return absent

    return await db.write(close)


async def uncounted_sessions(db: Database, group_id: int) -> list[Session]:
    """Sessions that closed without a posted check-in (the bot was offline): nobody is marked
    absent for them unless a leader records it."""
    rows = await db.fetchall(
        "SELECT s.* FROM sessions s JOIN attendance_closed c ON c.session_id = s.id "
        "WHERE s.group_id = ? AND c.counted = 0 AND s.status = 'scheduled' ORDER BY s.starts_at",
        (group_id,),
    )
    return [Session.from_row(r) for r in rows]


async def sessions_to_close(db: Database, now: datetime, limit: int = 500) -> list[Session]:
    """Sessions that have ended (since their group was set up) and were not closed yet."""
    rows = await db.fetchall(
        "SELECT s.* FROM sessions s JOIN groups g ON g.id = s.group_id "
        "WHERE s.status = 'scheduled' AND s.ends_at <= ? AND s.ends_at > g.created_at "
        "AND NOT EXISTS (SELECT 1 FROM attendance_closed c WHERE c.session_id = s.id) "
        "ORDER BY s.ends_at LIMIT ?",
        (now.isoformat(), limit),
    )
    return [Session.from_row(r) for r in rows]


async def absent_count(db: Database, session_id: int) -> int:
    return int(
        await db.fetchval(
            "SELECT count(*) FROM attendance WHERE session_id = ? AND status = ?",
            (session_id, ABSENT),
        )
    )
