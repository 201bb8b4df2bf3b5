"""Queries for groups and their closed rosters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, time
from typing import Any

import aiosqlite

from bot.domain.calendar import Schedule, plan_sessions
from bot.store.db import Database, Work


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
    publish_draft_text: bool
    voice_channel_id: int | None

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
        values = {f.name: row[f.name] for f in fields(cls)}
        values["publish_draft_text"] = bool(values["publish_draft_text"])
        return cls(**values)


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
    "publish_draft_text",
    "voice_channel_id",
}
SCHEDULE_FIELDS = {
    "weekday",
    "start_time",
    "duration_minutes",
    "timezone",
    "start_date",
    "end_date",
}


async def create_group(
    db: Database, *, now: datetime, roster: Iterable[tuple[int, str]] = (), **values: Any
) -> Group:
    """A new group with its sessions for the year and its roster ((user id, role) pairs), in one
    transaction: a failure half-way leaves no group and no partial roster."""
    return (await create_groups(db, [(values, roster)], now=now))[0]


async def create_groups(
    db: Database,
    groups: Iterable[tuple[dict[str, Any], Iterable[tuple[int, str]]]],
    *,
    now: datetime,
) -> list[Group]:
    """Groups (their fields, their roster) as create_group makes each, in one transaction and one
    hop to the store's thread, every session and roster row written by one statement (a
    deanery's groups at once, the benchmarks' 10,000)."""
    wanted = [(dict(values), list(roster)) for values, roster in groups]
    for values, _ in wanted:
        unknown = set(values) - EDITABLE - {"guild_id", "channel_id"}
        if unknown:
            raise TypeError(f"unknown group fields: {unknown}")

    def write(work: Work) -> list[Group]:
        made: list[Group] = []
        sessions: list[tuple[int, str, str, str]] = []
        roster_rows: list[tuple[int, int, str, str]] = []
        for values, roster in wanted:
            taken = work.value(
                "SELECT name FROM groups WHERE channel_id = ?", (values["channel_id"],)
            )
            if taken is not None:
                raise DuplicateGroup(taken)
            columns = [*values, "created_at"]
            row = work.row(
                f"INSERT INTO groups ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))}) RETURNING *",
                [*values.values(), now.isoformat()],
            )
            assert row is not None  # written in this transaction
            group = Group.from_row(row)
            made.append(group)
            sessions.extend(_session_rows(group))
            roster_rows.extend((group.id, user, role, now.isoformat()) for user, role in roster)
        work.run_many(INSERT_SESSION, sessions)
        work.run_many(PUT_MEMBER, roster_rows)
        work.forget_looked_up()
        return made

    return await db.write(write)


INSERT_SESSION = (
    "INSERT OR IGNORE INTO sessions (group_id, local_date, starts_at, ends_at) VALUES (?, ?, ?, ?)"
)


def _session_rows(group: Group) -> list[tuple[int, str, str, str]]:
    return [
        (group.id, p.local_date.isoformat(), p.starts_at.isoformat(), p.ends_at.isoformat())
        for p in plan_sessions(group.schedule)
    ]


@dataclass(frozen=True)
class Replanned:
    """What a schedule change did to future sessions (ids), for the scheduler and the hooks."""

    moved: tuple[int, ...] = ()
    cancelled: tuple[int, ...] = ()
    added: int = 0


async def update_group(
    db: Database, group: Group, *, now: datetime, **changes: Any
) -> tuple[Group, Replanned]:
    """Change settings; a schedule change re-plans the future sessions nobody has touched.

    Past sessions, and future ones that were skipped, cancelled or moved by hand, keep their rows.
    Untouched future sessions move to the new slot week by week, keeping their ids (and so their
    volunteers and drafts); sessions with no slot left are cancelled, never silently deleted.
    """
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"unknown group fields: {unknown}")
    if not changes:
        return group, Replanned()

    def write(work: Work) -> tuple[Group, Replanned]:
        sets = ", ".join(f"{k} = ?" for k in changes)
        work.run(f"UPDATE groups SET {sets} WHERE id = ?", [*changes.values(), group.id])
        work.forget_looked_up()
        row = work.row("SELECT * FROM groups WHERE id = ?", (group.id,))
        assert row is not None  # written in this transaction
        updated = Group.from_row(row)
        replanned = Replanned()
        if SCHEDULE_FIELDS & set(changes):
            replanned = replan_future_sessions(work, updated, now)
        return updated, replanned

    # One hop: nobody reads the sessions half re-planned (the swap's placeholder dates below).
    return await db.write(write)


def _week(local_date: str | date) -> tuple[int, int]:
    d = date.fromisoformat(local_date) if isinstance(local_date, str) else local_date
    year, week, _ = d.isocalendar()
    return year, week


def replan_future_sessions(work: Work, group: Group, now: datetime) -> Replanned:
    """Move each untouched future session to the new slot in the same week.

    A session whose week's new slot has already passed keeps its old time (this week's meeting
    still happens); one whose week has no slot any more (the year got shorter) is cancelled; weeks
    with a new slot and no session get one.
    """
    rows = work.rows(
        "SELECT id, local_date, starts_at, ends_at, status, moved FROM sessions "
        "WHERE group_id = ? AND starts_at > ? ORDER BY starts_at",
        (group.id, now.isoformat()),
    )
    touched_weeks = {
        _week(r["local_date"]) for r in rows if r["status"] != "scheduled" or r["moved"]
    }
    untouched = [r for r in rows if r["status"] == "scheduled" and not r["moved"]]
    plan = plan_sessions(group.schedule)
    past_slot_weeks = {_week(p.local_date) for p in plan if p.starts_at <= now}
    future_slots = {
        _week(p.local_date): p
        for p in plan
        if p.starts_at > now and _week(p.local_date) not in touched_weeks
    }
    pairs, kept, cancelled = [], [], []
    for old in untouched:
        week = _week(old["local_date"])
        if week in future_slots:
            pairs.append((old, future_slots.pop(week)))
        elif week in past_slot_weeks:
            kept.append(old["id"])
        else:
            cancelled.append(old["id"])
    # Two phases, so that swapping dates never trips UNIQUE (group_id, local_date).
    for old, _ in pairs:
        work.run("UPDATE sessions SET local_date = ? WHERE id = ?", (f"~{old['id']}", old["id"]))
    moved = []
    for old, new in pairs:
        values = (new.local_date.isoformat(), new.starts_at.isoformat(), new.ends_at.isoformat())
        work.run(
            "UPDATE sessions SET local_date = ?, starts_at = ?, ends_at = ? WHERE id = ?",
            (*values, old["id"]),
        )
        if values != (old["local_date"], old["starts_at"], old["ends_at"]):
            moved.append(old["id"])
    for session_id in kept:  # frozen at its old time so later re-plans leave it alone
        work.run("UPDATE sessions SET moved = 1 WHERE id = ?", (session_id,))
    for session_id in cancelled:
        work.run(
            "UPDATE sessions SET status = 'cancelled', reason = ? WHERE id = ?",
            ("the group's schedule changed", session_id),
        )
    extra = list(future_slots.values())
    work.run_many(
        "INSERT INTO sessions (group_id, local_date, starts_at, ends_at) VALUES (?, ?, ?, ?)",
        [
            (group.id, p.local_date.isoformat(), p.starts_at.isoformat(), p.ends_at.isoformat())
            for p in extra
        ],
    )
    return Replanned(tuple(moved), tuple(cancelled), len(extra))


async def get_group(db: Database, group_id: int) -> Group | None:
    async def load() -> Group | None:
        row = await db.fetchone("SELECT * FROM groups WHERE id = ?", (group_id,))
        return Group.from_row(row) if row else None

    return await db.recall(("group", group_id), load)


async def group_for_channel(db: Database, channel_id: int) -> Group | None:
    async def load() -> Group | None:
        row = await db.fetchone("SELECT * FROM groups WHERE channel_id = ?", (channel_id,))
        return Group.from_row(row) if row else None

    return await db.recall(("group_for_channel", channel_id), load)


async def groups_meeting_in(db: Database, channel_id: int) -> list[Group]:
    """The groups whose voice or stage channel this is (voice attendance)."""

    async def load() -> list[Group]:
        rows = await db.fetchall(
            "SELECT * FROM groups WHERE voice_channel_id = ? ORDER BY id", (channel_id,)
        )
        return [Group.from_row(r) for r in rows]

    return list(await db.recall(("groups_meeting_in", channel_id), load))


async def groups_with_voice_channel(db: Database) -> list[Group]:
    """Every group that takes attendance from a voice channel."""
    rows = await db.fetchall("SELECT * FROM groups WHERE voice_channel_id IS NOT NULL ORDER BY id")
    return [Group.from_row(r) for r in rows]


async def groups_led_from(db: Database, channel_id: int) -> list[Group]:
    """The groups whose leaders' channel this is (one leaders' channel may serve several)."""

    async def load() -> list[Group]:
        rows = await db.fetchall(
            "SELECT * FROM groups WHERE leaders_channel_id = ? ORDER BY name", (channel_id,)
        )
        return [Group.from_row(r) for r in rows]

    return list(await db.recall(("groups_led_from", channel_id), load))


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

    def add(w: Work) -> bool:
        row = w.row(
            "SELECT role, left_at FROM group_members WHERE group_id = ? AND user_id = ?",
            (group_id, user_id),
        )
        if row and row["role"] == role and row["left_at"] is None:
            return False
        w.run(PUT_MEMBER, (group_id, user_id, role, now.isoformat()))
        w.forget_looked_up()
        return True

    return await db.write(add)


PUT_MEMBER = (
    "INSERT INTO group_members (group_id, user_id, role, joined_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role, left_at = NULL"
)


async def remove_member(
    db: Database, group_id: int, user_id: int, role: str, now: datetime
) -> bool:
    """Mark a member as left (their record stays); False if they were not a current member."""

    def leave(w: Work) -> bool:
        left = w.run(
            "UPDATE group_members SET left_at = ? WHERE group_id = ? AND user_id = ? AND role = ? "
            "AND left_at IS NULL",
            (now.isoformat(), group_id, user_id, role),
        )
        w.forget_looked_up()
        return left.rowcount > 0

    return await db.write(leave)


async def members(db: Database, group_id: int, role: str | None = None) -> list[Member]:
    """Current members (not left), optionally of one role, in the order they joined."""
    sql = "SELECT user_id, role, joined_at, left_at FROM group_members WHERE group_id = ? AND left_at IS NULL"
    params: list[Any] = [group_id]
    if role:
        sql += " AND role = ?"
        params.append(role)
    rows = await db.fetchall(sql + " ORDER BY joined_at, user_id", params)
    return [Member(r["user_id"], r["role"], r["joined_at"], r["left_at"]) for r in rows]


async def everyone_ever(db: Database, group_id: int) -> frozenset[int]:
    """Every user ever on the group's roster (past members too)."""

    async def load() -> frozenset[int]:
        rows = await db.fetchall(
            "SELECT user_id FROM group_members WHERE group_id = ?", (group_id,)
        )
        return frozenset(r["user_id"] for r in rows)

    return await db.recall(("everyone_ever", group_id), load)


async def trainees_of_server(db: Database, guild_id: int) -> tuple[frozenset[int], frozenset[int]]:
    """The trainee roles of the server's groups, and every user ever a trainee on one of their
    rosters (past members too): people no group's leaders' channel may let in."""

    async def load() -> tuple[frozenset[int], frozenset[int]]:
        roles = await db.fetchall(
            "SELECT trainee_role_id FROM groups WHERE guild_id = ? AND trainee_role_id IS NOT NULL",
            (guild_id,),
        )
        users = await db.fetchall(
            "SELECT DISTINCT m.user_id FROM group_members m JOIN groups g ON g.id = m.group_id "
            "WHERE g.guild_id = ? AND m.role = 'trainee'",
            (guild_id,),
        )
        return (
            frozenset(r["trainee_role_id"] for r in roles),
            frozenset(r["user_id"] for r in users),
        )

    return await db.recall(("trainees_of_server", guild_id), load)


async def member_role(db: Database, group_id: int, user_id: int) -> str | None:
    """A current member's role ('trainee' or 'leader'), None for anyone else. The group's whole
    roster is read at once and remembered: its other members' interactions then need no query."""

    async def load() -> dict[int, str]:
        rows = await db.fetchall(
            "SELECT user_id, role FROM group_members WHERE group_id = ? AND left_at IS NULL",
            (group_id,),
        )
        return {r["user_id"]: r["role"] for r in rows}

    roles: dict[int, str] = await db.recall(("roster", group_id), load)
    return roles.get(user_id)
