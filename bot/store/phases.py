"""Queries for the session's phase timer: one row per session while it runs, so a restart
resumes it. The decision what a press or the clock does is bot.domain.phases'; the store applies
it to the row in one hop."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.phases import Timer
from bot.store.db import Database, Work


@dataclass(frozen=True)
class Shown:
    """A timer and where its message is."""

    session_id: int
    channel_id: int
    message_id: int
    timer: Timer


def _shown(row: aiosqlite.Row) -> Shown:
    paused = row["paused_at"]
    return Shown(
        session_id=row["session_id"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        timer=Timer(
            minutes=tuple(json.loads(row["minutes"])),
            phase=row["phase"],
            started_at=datetime.fromisoformat(row["started_at"]),
            paused_at=datetime.fromisoformat(paused) if paused else None,
        ),
    )


def _write(w: Work, session_id: int, timer: Timer) -> None:
    w.run(
        "UPDATE phase_timers SET phase = ?, started_at = ?, paused_at = ? WHERE session_id = ?",
        (
            timer.phase,
            timer.started_at.isoformat(),
            timer.paused_at.isoformat() if timer.paused_at else None,
            session_id,
        ),
    )


async def get(db: Database, session_id: int) -> Shown | None:
    row = await db.fetchone("SELECT * FROM phase_timers WHERE session_id = ?", (session_id,))
    return _shown(row) if row else None


async def running(db: Database) -> list[Shown]:
    """Every timer (after a restart: each is resumed)."""
    return [_shown(r) for r in await db.fetchall("SELECT * FROM phase_timers")]


async def begin(
    db: Database, session_id: int, timer: Timer, *, channel_id: int, message_id: int
) -> bool:
    """Keep a new timer; False if the session already has one."""

    def fn(w: Work) -> bool:
        return (
            w.run(
                "INSERT OR IGNORE INTO phase_timers (session_id, channel_id, message_id, minutes, "
                "phase, started_at, paused_at) VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (
                    session_id,
                    channel_id,
                    message_id,
                    json.dumps(list(timer.minutes)),
                    timer.phase,
                    timer.started_at.isoformat(),
                ),
            ).rowcount
            > 0
        )

    return await db.write(fn)


async def change(
    db: Database, session_id: int, decide: Callable[[Timer], Timer | None]
) -> tuple[Shown, Timer | None] | None:
    """Apply a decision to the timer in one hop: `decide` gets the stored timer and returns the
    new one (None: the leaders stopped it). A stopped or finished timer's row goes. Returns (as
    it was, as it is now), or None if there is no timer."""

    def fn(w: Work) -> tuple[Shown, Timer | None] | None:
        row = w.row("SELECT * FROM phase_timers WHERE session_id = ?", (session_id,))
        if row is None:
            return None
        before = _shown(row)
        after = decide(before.timer)
        if after is None or after.finished:
            w.run("DELETE FROM phase_timers WHERE session_id = ?", (session_id,))
        elif after != before.timer:
            _write(w, session_id, after)
        return before, after

    return await db.write(fn)
