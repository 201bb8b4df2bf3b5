"""Queries for private reflections: opt-ins, entries, a member's log, and erasing them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.db import Database


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
    async with db.transaction() as conn:
        if on:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO reflection_optins (group_id, user_id, since) "
                "VALUES (?, ?, ?)",
                (group_id, user_id, now.isoformat()),
            )
        else:
            cur = await conn.execute(
                "DELETE FROM reflection_optins WHERE group_id = ? AND user_id = ?",
                (group_id, user_id),
            )
        return cur.rowcount > 0


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


async def authors(db: Database, group_id: int) -> list[int]:
    rows = await db.fetchall(
        "SELECT DISTINCT user_id FROM reflections WHERE group_id = ? ORDER BY user_id",
        (group_id,),
    )
    return [r["user_id"] for r in rows]


async def erase_member(db: Database, user_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM reflections WHERE user_id = ?", (user_id,))
        await conn.execute("DELETE FROM reflection_optins WHERE user_id = ?", (user_id,))
    await db.forget()
