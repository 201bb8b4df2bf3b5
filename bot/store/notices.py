"""What a group's leaders have been told about a problem (e.g. a missing permission), so they are
told once, and again only after the problem was over and came back."""

from __future__ import annotations

from datetime import datetime

from bot.store.db import Database


async def claim(db: Database, group_id: int, key: str, now: datetime) -> bool:
    """Record that the leaders are being told `key`; False if they were told before."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO notices (group_id, key, told_at) VALUES (?, ?, ?)",
            (group_id, key, now.isoformat()),
        )
        return cur.rowcount != 0


async def resolve(db: Database, group_id: int, pattern: str) -> None:
    """Forget the notices whose key matches the SQL LIKE `pattern`: the problem is over."""
    await db.execute("DELETE FROM notices WHERE group_id = ? AND key LIKE ?", (group_id, pattern))
