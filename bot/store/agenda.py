"""Queries for what comes before a session: the leaders' agenda (and where it was posted and
pinned) and the anonymous "I have a case in mind" handles behind the T-72h count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.db import Database, Work


@dataclass(frozen=True)
class AgendaRow:
    session_id: int
    text: str | None  # None: the gentle default
    set_by: int | None
    updated_at: str | None
    channel_id: int | None
    message_id: int | None
    pinned: bool

    @property
    def posted(self) -> bool:
        return self.message_id is not None

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> AgendaRow:
        return cls(
            session_id=row["session_id"],
            text=row["text"],
            set_by=row["set_by"],
            updated_at=row["updated_at"],
            channel_id=row["channel_id"],
            message_id=row["message_id"],
            pinned=bool(row["pinned"]),
        )


async def get_agenda(db: Database, session_id: int) -> AgendaRow | None:
    row = await db.fetchone("SELECT * FROM agendas WHERE session_id = ?", (session_id,))
    return AgendaRow.from_row(row) if row else None


async def set_text(
    db: Database, session_id: int, text: str | None, *, by: int, now: datetime
) -> AgendaRow:
    """The leaders' text for a session (None or empty: back to the default)."""
    await db.execute(
        "INSERT INTO agendas (session_id, text, set_by, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (session_id) DO UPDATE SET text = excluded.text, set_by = excluded.set_by, "
        "updated_at = excluded.updated_at",
        (session_id, text or None, by, now.isoformat()),
    )
    found = await get_agenda(db, session_id)
    assert found is not None
    return found


async def record_posted(
    db: Database, session_id: int, channel_id: int, message_id: int, *, pinned: bool
) -> None:
    await db.execute(
        "INSERT INTO agendas (session_id, channel_id, message_id, pinned) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (session_id) DO UPDATE SET channel_id = excluded.channel_id, "
        "message_id = excluded.message_id, pinned = excluded.pinned",
        (session_id, channel_id, message_id, int(pinned)),
    )


async def set_pinned(db: Database, session_id: int, pinned: bool) -> None:
    await db.execute(
        "UPDATE agendas SET pinned = ? WHERE session_id = ?", (int(pinned), session_id)
    )


async def pinned_agendas(db: Database, group_id: int, *, besides: int) -> list[AgendaRow]:
    """The group's agendas still pinned, other than the session's own (last week's, usually)."""
    rows = await db.fetchall(
        "SELECT a.* FROM agendas a JOIN sessions s ON s.id = a.session_id "
        "WHERE a.pinned = 1 AND s.group_id = ? AND a.session_id != ?",
        (group_id, besides),
    )
    return [AgendaRow.from_row(r) for r in rows]


# -- "I have a case in mind" -------------------------------------------------------------------


async def toggle_case_intent(db: Database, session_id: int, handle: str) -> bool:
    """Press once to say so, again to take it back; True when the member now has a case in mind."""

    def toggle(w: Work) -> bool:
        taken_back = w.run(
            "DELETE FROM case_intents WHERE session_id = ? AND handle = ?", (session_id, handle)
        )
        if taken_back.rowcount:
            return False
        w.run("INSERT INTO case_intents (session_id, handle) VALUES (?, ?)", (session_id, handle))
        return True

    return await db.write(toggle)


async def case_intent_handles(db: Database, session_id: int) -> set[str]:
    rows = await db.fetchall("SELECT handle FROM case_intents WHERE session_id = ?", (session_id,))
    return {r["handle"] for r in rows}


async def case_intents_of_groups(
    db: Database, group_ids: list[int]
) -> list[tuple[int, str, str, set[str]]]:
    """For /mydata: each session of these groups that holds presses, as (session id, group name,
    local date, its handles); the caller matches its own handle."""
    if not group_ids:
        return []
    marks = ",".join("?" * len(group_ids))
    rows = await db.fetchall(
        "SELECT s.id, g.name, s.local_date, c.handle FROM case_intents c "
        "JOIN sessions s ON s.id = c.session_id JOIN groups g ON g.id = s.group_id "
        f"WHERE s.group_id IN ({marks}) ORDER BY s.starts_at",
        tuple(group_ids),
    )
    out: dict[int, tuple[int, str, str, set[str]]] = {}
    for r in rows:
        out.setdefault(r["id"], (r["id"], r["name"], r["local_date"], set()))[3].add(r["handle"])
    return list(out.values())
