"""The names trainees chose for their certificates (table printed_names)."""

from __future__ import annotations

from datetime import datetime

from bot.store.db import Database


async def printed_name(db: Database, user_id: int) -> str | None:
    name: str | None = await db.fetchval(
        "SELECT name FROM printed_names WHERE user_id = ?", (user_id,)
    )
    return name


async def set_printed_name(db: Database, user_id: int, name: str | None, now: datetime) -> None:
    """Keep ``name`` for the person's certificates; None goes back to the server's name."""
    if name is None:
        await db.execute("DELETE FROM printed_names WHERE user_id = ?", (user_id,))
    else:
        await db.execute(
            "INSERT INTO printed_names (user_id, name, set_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, set_at = excluded.set_at",
            (user_id, name, now.isoformat()),
        )
