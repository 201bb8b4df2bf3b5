"""Queries for the year's record: a trainee's dated lines (live while the group runs, from the
ledger after it closed), endorsements and their codes, closing a group into its ledger, and the
ledger's deletion when its time is up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import aiosqlite

from bot.domain.records import LedgerLine
from bot.store.db import Database, Work
from bot.store.groups import Group

# What met, per trainee: attendance rows, and presentations (the leaders' record, or the scheduled
# presenter of an ended session still awaiting it), merged per session.
_LIVE_SQL = """
WITH att AS (
    SELECT a.user_id, s.id AS session_id, s.local_date, s.starts_at, a.status, a.reason
    FROM attendance a JOIN sessions s ON s.id = a.session_id
    WHERE s.group_id = :g AND s.status = 'scheduled' AND s.starts_at <= :until
), pres AS (
    SELECT p.user_id, s.id AS session_id, s.local_date, s.starts_at
    FROM presentations p JOIN sessions s ON s.id = p.session_id
    WHERE s.group_id = :g AND s.status = 'scheduled' AND s.starts_at <= :until
    UNION
    SELECT v.user_id, s.id, s.local_date, s.starts_at
    FROM volunteers v JOIN sessions s ON s.id = v.session_id
    WHERE s.group_id = :g AND v.status = 'presenter' AND s.status = 'scheduled'
      AND s.ends_at <= :until
      AND NOT EXISTS (SELECT 1 FROM session_confirmations c WHERE c.session_id = s.id)
)
SELECT user_id, local_date, starts_at, status, reason,
       EXISTS (SELECT 1 FROM pres WHERE pres.user_id = att.user_id
               AND pres.session_id = att.session_id) AS presented
FROM att
UNION ALL
SELECT user_id, local_date, starts_at, NULL, NULL, 1 FROM pres
WHERE NOT EXISTS (SELECT 1 FROM att WHERE att.user_id = pres.user_id
                  AND att.session_id = pres.session_id)
"""


def _line(row: aiosqlite.Row) -> LedgerLine:
    return LedgerLine(
        local_date=row["local_date"],
        starts_at=datetime.fromisoformat(row["starts_at"]),
        status=row["status"],
        reason=row["reason"],
        presented=bool(row["presented"]),
    )


async def live_lines(
    db: Database, group_id: int, user_id: int, until: datetime
) -> list[LedgerLine]:
    """A trainee's lines in an open group, sessions that started by `until`, oldest first."""
    rows = await db.fetchall(
        f"SELECT * FROM ({_LIVE_SQL}) WHERE user_id = :u ORDER BY starts_at",
        {"g": group_id, "until": until.isoformat(), "u": user_id},
    )
    return [_line(r) for r in rows]


async def people_with_lines(db: Database, group_id: int, until: datetime) -> list[int]:
    """Everyone with something recorded in an open group (also those who left), by id."""
    rows = await db.fetchall(
        f"SELECT DISTINCT user_id FROM ({_LIVE_SQL}) ORDER BY user_id",
        {"g": group_id, "until": until.isoformat()},
    )
    return [r["user_id"] for r in rows]


async def met_sessions(db: Database, group_id: int, until: datetime) -> list[date]:
    """The local dates of a group's sessions that took place (not skipped) and started by then."""
    rows = await db.fetchall(
        "SELECT local_date FROM sessions WHERE group_id = ? AND status = 'scheduled' "
        "AND starts_at <= ? ORDER BY starts_at",
        (group_id, until.isoformat()),
    )
    return [date.fromisoformat(r["local_date"]) for r in rows]


@dataclass(frozen=True)
class Ledger:
    """What a closed group left behind."""

    id: int
    guild_id: int
    channel_id: int
    name: str
    timezone: str
    start_date: str
    end_date: str
    leaders: str
    target: int
    settings: dict[str, Any]
    closed_at: datetime
    keep_until: datetime

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Ledger:
        return cls(
            id=row["id"],
            guild_id=row["guild_id"],
            channel_id=row["channel_id"],
            name=row["name"],
            timezone=row["timezone"],
            start_date=row["start_date"],
            end_date=row["end_date"],
            leaders=row["leaders"],
            target=row["target"],
            settings=json.loads(row["settings"]),
            closed_at=datetime.fromisoformat(row["closed_at"]),
            keep_until=datetime.fromisoformat(row["keep_until"]),
        )


async def ledger_lines(
    db: Database, ledger_id: int, user_id: int, until: datetime | None = None
) -> list[LedgerLine]:
    sql = "SELECT * FROM ledger_lines WHERE ledger_id = ? AND user_id = ?"
    params: list[Any] = [ledger_id, user_id]
    if until is not None:
        sql += " AND starts_at <= ?"
        params.append(until.isoformat())
    rows = await db.fetchall(sql + " ORDER BY starts_at", params)
    return [_line(r) for r in rows]


async def get_ledger(db: Database, ledger_id: int) -> Ledger | None:
    row = await db.fetchone("SELECT * FROM ledgers WHERE id = ?", (ledger_id,))
    return Ledger.from_row(row) if row else None


async def ledgers_of(db: Database, user_id: int, channel_id: int | None = None) -> list[Ledger]:
    """Closed groups that still keep lines about a member (newest first), in one channel or all."""
    sql = (
        "SELECT * FROM ledgers l WHERE EXISTS (SELECT 1 FROM ledger_lines x "
        "WHERE x.ledger_id = l.id AND x.user_id = ?)"
    )
    params: list[Any] = [user_id]
    if channel_id is not None:
        sql += " AND l.channel_id = ?"
        params.append(channel_id)
    rows = await db.fetchall(sql + " ORDER BY l.closed_at DESC", params)
    return [Ledger.from_row(r) for r in rows]


async def latest_ledger_in(db: Database, channel_id: int) -> Ledger | None:
    row = await db.fetchone(
        "SELECT * FROM ledgers WHERE channel_id = ? ORDER BY closed_at DESC LIMIT 1",
        (channel_id,),
    )
    return Ledger.from_row(row) if row else None


# -- endorsements ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endorsement:
    code: str
    group_id: int | None
    ledger_id: int | None
    user_id: int
    member_name: str
    leader_id: int
    leader_name: str
    endorsed_at: datetime
    covers_until: datetime
    fingerprint: str
    summary: str

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Endorsement:
        return cls(
            code=row["code"],
            group_id=row["group_id"],
            ledger_id=row["ledger_id"],
            user_id=row["user_id"],
            member_name=row["member_name"],
            leader_id=row["leader_id"],
            leader_name=row["leader_name"],
            endorsed_at=datetime.fromisoformat(row["endorsed_at"]),
            covers_until=datetime.fromisoformat(row["covers_until"]),
            fingerprint=row["fingerprint"],
            summary=row["summary"],
        )


async def add_endorsement(db: Database, endorsement: Endorsement) -> None:
    e = endorsement
    await db.execute(
        "INSERT INTO endorsements (code, group_id, ledger_id, user_id, member_name, leader_id, "
        "leader_name, endorsed_at, covers_until, fingerprint, summary) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            e.code,
            e.group_id,
            e.ledger_id,
            e.user_id,
            e.member_name,
            e.leader_id,
            e.leader_name,
            e.endorsed_at.isoformat(),
            e.covers_until.isoformat(),
            e.fingerprint,
            e.summary,
        ),
    )


async def endorsement(db: Database, code: str) -> Endorsement | None:
    row = await db.fetchone("SELECT * FROM endorsements WHERE code = ?", (code,))
    return Endorsement.from_row(row) if row else None


async def latest_endorsement(
    db: Database, user_id: int, *, group_id: int | None = None, ledger_id: int | None = None
) -> Endorsement | None:
    """A member's most recent endorsement in an open group or a closed group's ledger."""
    column, value = ("group_id", group_id) if group_id is not None else ("ledger_id", ledger_id)
    row = await db.fetchone(
        f"SELECT * FROM endorsements WHERE user_id = ? AND {column} = ? "
        "ORDER BY endorsed_at DESC LIMIT 1",
        (user_id, value),
    )
    return Endorsement.from_row(row) if row else None


async def lines_behind(db: Database, e: Endorsement) -> list[LedgerLine] | None:
    """The ledger's lines for what an endorsement covers now (None if the ledger is gone)."""
    if e.group_id is not None:
        return await live_lines(db, e.group_id, e.user_id, e.covers_until)
    if e.ledger_id is not None:
        return await ledger_lines(db, e.ledger_id, e.user_id, e.covers_until)
    return None


# -- closing -----------------------------------------------------------------------------------


async def close_group(
    db: Database,
    group: Group,
    *,
    leaders: str,
    target: int,
    settings: dict[str, Any],
    now: datetime,
    keep_until: datetime,
) -> int:
    """Copy the group's attendance and presentations into a ledger, move its endorsements there,
    and delete the group (its sessions, roster, rota, drafts, feedback and delivery ledger go with
    it, by ON DELETE CASCADE), in one transaction. Returns the ledger's id."""

    def close(w: Work) -> int | None:
        ledger_id = w.run(
            "INSERT INTO ledgers (guild_id, channel_id, name, timezone, start_date, end_date, "
            "leaders, target, settings, closed_at, keep_until) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                group.guild_id,
                group.channel_id,
                group.name,
                group.timezone,
                group.start_date,
                group.end_date,
                leaders,
                target,
                json.dumps(settings, sort_keys=True),
                now.isoformat(),
                keep_until.isoformat(),
            ),
        ).lastrowid
        w.run(
            "INSERT INTO ledger_lines (ledger_id, user_id, local_date, starts_at, status, reason, "
            f"presented) SELECT :l, user_id, local_date, starts_at, status, reason, presented "
            f"FROM ({_LIVE_SQL})",
            {"l": ledger_id, "g": group.id, "until": now.isoformat()},
        )
        w.run(
            "UPDATE endorsements SET ledger_id = ?, group_id = NULL WHERE group_id = ?",
            (ledger_id, group.id),
        )
        # the CBDGA outcomes are the trainee's evidence too: kept with the ledger
        w.run(
            "INSERT INTO ledger_assessments (ledger_id, user_id, assessed_on, outcome) "
            "SELECT ?, user_id, assessed_on, outcome FROM assessments WHERE group_id = ?",
            (ledger_id, group.id),
        )
        w.run("DELETE FROM groups WHERE id = ?", (group.id,))
        w.forget_looked_up()
        return ledger_id

    ledger_id = await db.write(close)
    await db.forget()
    return int(ledger_id or 0)


async def purge_expired(db: Database, now: datetime) -> int:
    """Delete the ledgers whose time is up (their lines and endorsements go with them, and the
    reflective logs kept for authors the bot could not send them to at close)."""

    def purge(w: Work) -> tuple[int, int]:
        ledgers = w.run("DELETE FROM ledgers WHERE keep_until <= ?", (now.isoformat(),))
        w.run("DELETE FROM endorsements WHERE group_id IS NULL AND ledger_id IS NULL")
        # a reflective log kept for an author whose DMs were closed at close goes with the ledger
        kept = w.run("DELETE FROM kept_reflections WHERE keep_until <= ?", (now.isoformat(),))
        return ledgers.rowcount, kept.rowcount

    count, logs = await db.write(purge)
    if count or logs:
        await db.forget()
    return count


# -- assessments -------------------------------------------------------------------------------


async def record_assessment(
    db: Database,
    group_id: int,
    user_id: int,
    on: date,
    *,
    by: int,
    now: datetime,
    outcome: str = "satisfactory",
) -> str | None:
    """A leader records a trainee's CBDGA assessment on a day, with its outcome; the outcome
    recorded for that day before (None if it is new). Recording it again corrects the outcome."""

    def record(w: Work) -> str | None:
        key = (group_id, user_id, on.isoformat())
        before = w.value(
            "SELECT outcome FROM assessments WHERE group_id = ? AND user_id = ? AND assessed_on = ?",
            key,
        )
        w.run(
            "INSERT INTO assessments (group_id, user_id, assessed_on, recorded_by, recorded_at, "
            "outcome) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, user_id, assessed_on) "
            "DO UPDATE SET outcome = excluded.outcome, recorded_by = excluded.recorded_by, "
            "recorded_at = excluded.recorded_at",
            (*key, by, now.isoformat(), outcome),
        )
        return str(before) if before is not None else None

    return await db.write(record)


async def assessments(db: Database, group_id: int) -> dict[int, list[date]]:
    rows = await db.fetchall(
        "SELECT user_id, assessed_on FROM assessments WHERE group_id = ? ORDER BY assessed_on",
        (group_id,),
    )
    out: dict[int, list[date]] = {}
    for r in rows:
        out.setdefault(r["user_id"], []).append(date.fromisoformat(r["assessed_on"]))
    return out


async def sessions_since(db: Database, group_id: int, since: date, before: datetime) -> int:
    """Sessions that met from a local date up to (not including) a start time."""
    return int(
        await db.fetchval(
            "SELECT count(*) FROM sessions WHERE group_id = ? AND status = 'scheduled' "
            "AND local_date >= ? AND starts_at < ?",
            (group_id, since.isoformat(), before.isoformat()),
        )
    )
