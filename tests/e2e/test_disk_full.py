"""A post due while the disk is full goes out once space is freed: the failed ledger
write is an attempt like any other, retried after RETRY_AFTER, and no task's failure goes unseen.

The disk is filled for real as SQLite sees it: the bot's connection may not grow the file
(max_page_count), and the ledger's pages are filled with rows until SQLite answers "database or
disk is full"; freeing space is deleting those rows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.scheduling import RETRY_AFTER, nonce_for
from bot.store.db import Database
from bot.store.groups import Group
from bot.store.sessions import session_on

SEP3_START = datetime(2026, 9, 3, 8, tzinfo=UTC)
AGENDA_DUE = SEP3_START - timedelta(hours=24)
MINUTE = timedelta(minutes=1)


async def fill_the_disk(db: Database, session_id: int) -> None:
    pages = await db.fetchval("PRAGMA page_count")
    await db.conn.execute(f"PRAGMA max_page_count = {pages}")
    for i in range(100_000):
        try:
            await db.execute(
                "INSERT INTO deliveries (session_id, kind, status, due_at, decided_at) "
                "VALUES (?, ?, 'missed', '', '')",
                (session_id, f"agenda~{i:06d}"),
            )
        except sqlite3.OperationalError as full:
            assert "full" in str(full)
            return
    raise AssertionError("the disk never filled")


async def free_the_disk(db: Database) -> None:
    await db.conn.execute("PRAGMA max_page_count = 1073741823")
    await db.execute("DELETE FROM deliveries WHERE kind LIKE 'agenda~%'")


async def test_a_post_due_while_the_disk_is_full_goes_out_once_space_is_freed(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    s3 = await session_on(bot.db, group.id, date(2026, 9, 3))
    assert s3 is not None
    await clock.move_to(AGENDA_DUE - MINUTE)
    await fill_the_disk(bot.db, s3.id)
    await clock.move_to(AGENDA_DUE + MINUTE)
    agenda = [m for m in emulator.all_messages() if m.nonce == nonce_for(s3.id, "agenda")]
    assert not agenda
    assert "the store failed" in caplog.text and "will retry" in caplog.text

    await free_the_disk(bot.db)
    await clock.shift(RETRY_AFTER)
    agenda = [m for m in emulator.all_messages() if m.nonce == nonce_for(s3.id, "agenda")]
    assert len(agenda) == 1 and agenda[0].channel is world.channel
    status = await bot.db.fetchval(
        "SELECT status FROM deliveries WHERE session_id = ? AND kind = 'agenda'", (s3.id,)
    )
    assert status == "sent"
    assert "never retrieved" not in caplog.text
