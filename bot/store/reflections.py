"""Queries for private reflections: opt-ins, entries, a member's log, and erasing them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.db import Database, Work


@dataclass(frozen=True)
class Reflection:
    id: int
    group_id: int
    user_id: int
    session_date: str
    kind: str
    written_at: datetime
    answers: dict[str, str]

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Reflection:
        return cls(
            id=row["id"],
            group_id=row["group_id"],
            user_id=row["user_id"],
            session_date=row["session_date"],
            kind=row["kind"],
            written_at=datetime.fromisoformat(row["written_at"]),
            answers=json.loads(row["answers"]),
        )


async def set_optin(db: Database, group_id: int, user_id: int, on: bool, now: datetime) -> bool:
    """Turn prompts on or off; True if that changed anything."""
    if on:
        changed = await db.changes(
            "INSERT OR IGNORE INTO reflection_optins (group_id, user_id, since) VALUES (?, ?, ?)",
            (group_id, user_id, now.isoformat()),
        )
    else:
        changed = await db.changes(
            "DELETE FROM reflection_optins WHERE group_id = ? AND user_id = ?", (group_id, user_id)
        )
    return changed > 0


async def opted_in(db: Database, group_id: int) -> set[int]:
    rows = await db.fetchall(
        "SELECT user_id FROM reflection_optins WHERE group_id = ?", (group_id,)
    )
    return {r["user_id"] for r in rows}


async def add(
    db: Database,
    group_id: int,
    user_id: int,
    session_date: str,
    kind: str,
    answers: dict[str, str],
    now: datetime,
) -> int:
    return await db.execute(
        "INSERT INTO reflections (group_id, user_id, session_date, kind, written_at, answers) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (group_id, user_id, session_date, kind, now.isoformat(), json.dumps(answers)),
    )


async def of_member(db: Database, user_id: int, group_id: int | None = None) -> list[Reflection]:
    """A member's reflections, oldest session first (in one group, or all)."""
    sql, params = "SELECT * FROM reflections WHERE user_id = ?", [user_id]
    if group_id is not None:
        sql += " AND group_id = ?"
        params.append(group_id)
    rows = await db.fetchall(sql + " ORDER BY session_date, written_at", params)
    return [Reflection.from_row(r) for r in rows]


async def keep_group_logs(
    db: Database, group_id: int, channel_id: int, group_name: str, until: datetime
) -> list[int]:
    """Keep every author's log of a closing group past its close, in one statement (its time
    does not grow with the authors, whom the leaders watching the close must not count); each
    is dropped once its author has it (drop_kept). The authors, in no telling order."""
    rows = await db.fetchall(
        "SELECT DISTINCT user_id FROM reflections WHERE group_id = ?", (group_id,)
    )
    await db.execute(
        "INSERT INTO kept_reflections (group_id, channel_id, group_name, user_id, session_date, "
        "kind, written_at, answers, keep_until) SELECT group_id, ?, ?, user_id, session_date, "
        "kind, written_at, answers, ? FROM reflections WHERE group_id = ?",
        (channel_id, group_name, until.isoformat(), group_id),
    )
    return [r["user_id"] for r in rows]


async def kept_log(db: Database, group_id: int, user_id: int, until: datetime) -> list[Reflection]:
    """One author's log kept at one close, oldest session first."""
    rows = await db.fetchall(
        "SELECT * FROM kept_reflections WHERE group_id = ? AND user_id = ? AND keep_until = ? "
        "ORDER BY session_date, written_at",
        (group_id, user_id, until.isoformat()),
    )
    return [Reflection.from_row(r) for r in rows]


async def drop_kept(db: Database, group_id: int, user_id: int, until: datetime) -> None:
    """The author has their log: the copy kept at that close goes (overwritten, not left)."""
    await db.execute(
        "DELETE FROM kept_reflections WHERE group_id = ? AND user_id = ? AND keep_until = ?",
        (group_id, user_id, until.isoformat()),
    )
    await db.forget()


@dataclass(frozen=True)
class KeptLog:
    """A closed group's log kept for its author, and until when."""

    group_name: str
    keep_until: datetime
    entries: list[Reflection]


async def kept_logs(db: Database, user_id: int, channel_id: int | None = None) -> list[KeptLog]:
    """The logs kept for a member after their groups closed (in one channel, or all)."""
    sql, params = "SELECT * FROM kept_reflections WHERE user_id = ?", [user_id]
    if channel_id is not None:
        sql += " AND channel_id = ?"
        params.append(channel_id)
    rows = await db.fetchall(sql + " ORDER BY group_id, session_date, written_at", params)
    logs: dict[int, KeptLog] = {}
    for r in rows:
        kept = logs.setdefault(
            r["group_id"],
            KeptLog(r["group_name"], datetime.fromisoformat(r["keep_until"]), []),
        )
        kept.entries.append(Reflection.from_row(r))
    return list(logs.values())


async def erase_member(db: Database, user_id: int) -> None:

    def erase(w: Work) -> None:
        w.run("DELETE FROM reflections WHERE user_id = ?", (user_id,))
        w.run("DELETE FROM kept_reflections WHERE user_id = ?", (user_id,))
        w.run("DELETE FROM reflection_optins WHERE user_id = ?", (user_id,))

    await db.write(erase)
    await db.forget()
