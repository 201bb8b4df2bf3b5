"""Queries for a trainee's evidence across groups: the groups they were a trainee in, the CBDGA
outcomes their leaders recorded (open groups and closed groups' ledgers), their less-than-full-time
fraction, and whether they shared their earlier record with a group's leaders."""

from __future__ import annotations

from datetime import datetime

from bot.store.db import Database
from bot.store.groups import Group


async def trainee_groups(db: Database, user_id: int) -> list[Group]:
    """The open groups the member was ever a trainee in (left or not), oldest first."""
    rows = await db.fetchall(
        "SELECT g.* FROM groups g JOIN group_members m ON m.group_id = g.id "
        "WHERE m.user_id = ? AND m.role = 'trainee' ORDER BY g.start_date, g.id",
        (user_id,),
    )
    return [Group.from_row(r) for r in rows]


async def outcomes(
    db: Database, user_id: int, *, group_id: int | None = None, ledger_id: int | None = None
) -> tuple[int, int]:
    """(satisfactory, not satisfactory) CBDGAs recorded for the member in a group or a ledger."""
    table, column, value = (
        ("assessments", "group_id", group_id)
        if group_id is not None
        else ("ledger_assessments", "ledger_id", ledger_id)
    )
    rows = await db.fetchall(
        f"SELECT outcome, count(*) AS n FROM {table} WHERE {column} = ? AND user_id = ? "
        "GROUP BY outcome",
        (value, user_id),
    )
    counts = {r["outcome"]: r["n"] for r in rows}
    return counts.get("satisfactory", 0), counts.get("unsatisfactory", 0)


async def fraction(db: Database, group_id: int, user_id: int) -> float:
    value = await db.fetchval(
        "SELECT fraction FROM ltft_fractions WHERE group_id = ? AND user_id = ?",
        (group_id, user_id),
    )
    return float(value) if value is not None else 1.0


async def fractions(db: Database, group_id: int) -> dict[int, float]:
    rows = await db.fetchall(
        "SELECT user_id, fraction FROM ltft_fractions WHERE group_id = ?", (group_id,)
    )
    return {r["user_id"]: float(r["fraction"]) for r in rows}


async def set_fraction(
    db: Database, group_id: int, user_id: int, value: float, *, by: int, now: datetime
) -> None:
    """1 (full time) removes the row: full time is what nobody needs to record."""
    if value >= 1:
        await db.execute(
            "DELETE FROM ltft_fractions WHERE group_id = ? AND user_id = ?", (group_id, user_id)
        )
        return
    await db.execute(
        "INSERT INTO ltft_fractions (group_id, user_id, fraction, set_by, set_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id, user_id) DO UPDATE SET "
        "fraction = excluded.fraction, set_by = excluded.set_by, set_at = excluded.set_at",
        (group_id, user_id, value, by, now.isoformat()),
    )


async def set_shared(db: Database, group_id: int, user_id: int, on: bool, now: datetime) -> bool:
    """Share (or stop sharing) the member's earlier record with this group's leaders; True if
    that changed anything."""
    if on:
        sql = "INSERT OR IGNORE INTO record_shares (group_id, user_id, shared_at) VALUES (?, ?, ?)"
        params: tuple[object, ...] = (group_id, user_id, now.isoformat())
    else:
        sql = "DELETE FROM record_shares WHERE group_id = ? AND user_id = ?"
        params = (group_id, user_id)
    return await db.changes(sql, params) > 0


async def sharing(db: Database, group_id: int) -> set[int]:
    """The trainees who shared their earlier record with this group's leaders."""
    rows = await db.fetchall("SELECT user_id FROM record_shares WHERE group_id = ?", (group_id,))
    return {r["user_id"] for r in rows}
