"""Queries for groups and their closed rosters."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time
from typing import Any

import aiosqlite

from bot.domain.calendar import Schedule, plan_sessions
from bot.store.db import Database


class DuplicateGroup(ValueError):
    """The channel already has a group."""


@dataclass(frozen=True)
class Group:
    id: int
    guild_id: int
    channel_id: int
    name: str
    weekday: int
    start_time: str
    duration_minutes: int
    timezone: str
    start_date: str
    end_date: str
    leader_role_id: int | None
    trainee_role_id: int | None
    leaders_channel_id: int | None
    case_slots: int
    created_at: str

    @property
    def schedule(self) -> Schedule:
        return Schedule(
            weekday=self.weekday,
            start_time=time.fromisoformat(self.start_time),
            duration_minutes=self.duration_minutes,
            timezone=self.timezone,
            start_date=date.fromisoformat(self.start_date),
            end_date=date.fromisoformat(self.end_date),
        )

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Group:
        return cls(**{f.name: row[f.name] for f in fields(cls)})


@dataclass(frozen=True)
class Member:
    user_id: int
    role: str
    joined_at: str
    left_at: str | None


EDITABLE = {
    "name",
    "weekday",
    "start_time",
    "duration_minutes",
    "timezone",
    "start_date",
    "end_date",
    "leader_role_id",
    "trainee_role_id",
    "leaders_channel_id",
    "case_slots",
}
SCHEDULE_FIELDS = {
    "weekday",
    "start_time",
    "duration_minutes",
    "timezone",
    "start_date",
    "end_date",
}


async def create_group(db: Database, *, now: datetime, **values: Any) -> Group:
    """A new group with its sessions for the year, in one transaction."""
    unknown = set(values) - EDITABLE - {"guild_id", "channel_id"}
    if unknown:
        raise TypeError(f"unknown group fields: {unknown}")
    async with db.transaction() as conn:
        taken = await (
            await conn.execute(
                "SELECT name FROM groups WHERE channel_id = ?", (values["channel_id"],)
            )
        ).fetchone()
        if taken:
            raise DuplicateGroup(taken["name"])
        columns = [*values, "created_at"]
        cur = await conn.execute(
            f"INSERT INTO groups ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [*values.values(), now.isoformat()],
        )
        group_id = cur.lastrowid
        row = await (
            await conn.execute("SELECT * FROM groups WHERE id = ?", (group_id,))
        ).fetchone()
        group = Group.from_row(row)
        await _insert_sessions(conn, group, since=None)
    return group


async def _insert_sessions(
    conn: aiosqlite.Connection, group: Group, since: datetime | None
) -> None:
    planned = [p for p in plan_sessions(group.schedule) if since is None or p.starts_at > since]
    await conn.executemany(
        "INSERT OR IGNORE INTO sessions (group_id, local_date, starts_at, ends_at) VALUES (?, ?, ?, ?)",
        [
            (group.id, p.local_date.isoformat(), p.starts_at.isoformat(), p.ends_at.isoformat())
            for p in planned
        ],
    )


async def update_group(db: Database, group: Group, *, now: datetime, **changes: Any) -> Group:
    """Change settings; a schedule change re-plans future sessions that nobody has touched.

    Past sessions, and future ones that were skipped, cancelled or moved, keep their rows (and so
    their attendance, volunteers and posts).
    """
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"unknown group fields: {unknown}")
    if not changes:
        return group
    async with db.transaction() as conn:
        sets = ", ".join(f"{k} = ?" for k in changes)
        await conn.execute(f"UPDATE groups SET {sets} WHERE id = ?", [*changes.values(), group.id])
        row = await (
            await conn.execute("SELECT * FROM groups WHERE id = ?", (group.id,))
        ).fetchone()
        updated = Group.from_row(row)
        if SCHEDULE_FIELDS & set(changes):
            await replan_future_sessions(conn, updated, now)
    return updated


async def replan_future_sessions(conn: aiosqlite.Connection, group: Group, now: datetime) -> None:
    planned = {
        p.local_date.isoformat(): p for p in plan_sessions(group.schedule) if p.starts_at > now
    }
    rows = await (
        await conn.execute(
            "SELECT id, local_date FROM sessions WHERE group_id = ? AND starts_at > ? "
            "AND status = 'scheduled' AND moved = 0",
            (group.id, now.isoformat()),
        )
    ).fetchall()
    for row in rows:
        p = planned.get(row["local_date"])
        if p is None:
            await conn.execute("DELETE FROM sessions WHERE id = ?", (row["id"],))
        else:
            await conn.execute(
                "UPDATE sessions SET starts_at = ?, ends_at = ? WHERE id = ?",
                (p.starts_at.isoformat(), p.ends_at.isoformat(), row["id"]),
            )
    await _insert_sessions(conn, group, since=now)


async def get_group(db: Database, group_id: int) -> Group | None:
    row = await db.fetchone("SELECT * FROM groups WHERE id = ?", (group_id,))
    return Group.from_row(row) if row else None


async def group_for_channel(db: Database, channel_id: int) -> Group | None:
    row = await db.fetchone("SELECT * FROM groups WHERE channel_id = ?", (channel_id,))
    return Group.from_row(row) if row else None


async def groups_in_guild(db: Database, guild_id: int) -> list[Group]:
    rows = await db.fetchall("SELECT * FROM groups WHERE guild_id = ? ORDER BY name", (guild_id,))
    return [Group.from_row(r) for r in rows]


async def all_groups(db: Database) -> list[Group]:
    return [Group.from_row(r) for r in await db.fetchall("SELECT * FROM groups ORDER BY id")]


async def groups_of_user(db: Database, user_id: int) -> list[Group]:
    """Groups where the user is a current member (trainee or leader), e.g. for commands in DMs."""
    rows = await db.fetchall(
        "SELECT g.* FROM groups g JOIN group_members m ON m.group_id = g.id "
        "WHERE m.user_id = ? AND m.left_at IS NULL ORDER BY g.name",
        (user_id,),
    )
    return [Group.from_row(r) for r in rows]


# -- roster -----------------------------------------------------------------------------------


async def add_member(db: Database, group_id: int, user_id: int, role: str, now: datetime) -> bool:
    """Add (or re-add) a member with a role; False if they already had exactly that role."""
    async with db.transaction() as conn:
        row = await (
            await conn.execute(
                "SELECT role, left_at FROM group_members WHERE group_id = ? AND user_id = ?",
                (group_id, user_id),
            )
        ).fetchone()
        if row and row["role"] == role and row["left_at"] is None:
            return False
        await conn.execute(
            "INSERT INTO group_members (group_id, user_id, role, joined_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role, left_at = NULL",
            (group_id, user_id, role, now.isoformat()),
        )
    return True


async def remove_member(
    db: Database, group_id: int, user_id: int, role: str, now: datetime
) -> bool:
    """Mark a member as left (their record stays); False if they were not a current member."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE group_members SET left_at = ? WHERE group_id = ? AND user_id = ? AND role = ? "
            "AND left_at IS NULL",
            (now.isoformat(), group_id, user_id, role),
        )
        return cur.rowcount > 0


async def members(db: Database, group_id: int, role: str | None = None) -> list[Member]:
    """Current members (not left), optionally of one role, in the order they joined."""
    sql = "SELECT user_id, role, joined_at, left_at FROM group_members WHERE group_id = ? AND left_at IS NULL"
    params: list[Any] = [group_id]
    if role:
        sql += " AND role = ?"
        params.append(role)
    rows = await db.fetchall(sql + " ORDER BY joined_at, user_id", params)
    return [Member(r["user_id"], r["role"], r["joined_at"], r["left_at"]) for r in rows]


async def member_role(db: Database, group_id: int, user_id: int) -> str | None:
    return await db.fetchval(
        "SELECT role FROM group_members WHERE group_id = ? AND user_id = ? AND left_at IS NULL",
        (group_id, user_id),
    )
