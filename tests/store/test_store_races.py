"""Concurrent use of the one store connection: remembered look-ups and cancelled writers.

Every interaction is a task of its own; these start two at the same moment (no sleeps: the
order is the order their statements reach SQLite's thread, which is first come first served).
"""

import asyncio
import sqlite3
from datetime import UTC, datetime

from bot.sandbox.world import STORED_GROUP
from bot.store import groups as store
from bot.store.db import Database, Work

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)
ALICE, BOB = 11, 12


async def writing(db: Database, task: asyncio.Task[object]) -> None:
    """Let a new writer take its first step: it holds the write lock, its first statement queued."""
    await asyncio.sleep(0)  # one turn of the loop, not a wait for time
    assert db._write_lock.locked() and not task.done()


async def test_a_roster_read_racing_a_removal_does_not_remember_the_removed_member(
    db: Database,
) -> None:
    group = await store.create_group(db, now=NOW, roster=[(ALICE, "trainee")], **THURSDAY)
    # One of Alice's presses reads the roster while the leader removes her (the write is one
    # hop: the read that races it is the one already on its way).
    press = asyncio.create_task(store.member_role(db, group.id, ALICE))
    removal = asyncio.create_task(store.remove_member(db, group.id, ALICE, "trainee", NOW))
    assert await removal
    assert await press == "trainee"  # read before the removal: fine for that press
    assert await store.member_role(db, group.id, ALICE) is None  # not for the next one
    assert ALICE not in {m.user_id for m in await store.members(db, group.id)}


async def test_a_roster_read_racing_an_addition_does_not_hide_the_new_member(db: Database) -> None:
    group = await store.create_group(db, now=NOW, roster=[(ALICE, "trainee")], **THURSDAY)
    adding = asyncio.create_task(store.add_member(db, group.id, BOB, "trainee", NOW))
    ever = asyncio.create_task(store.everyone_ever(db, group.id))
    assert await adding
    await ever
    assert await store.member_role(db, group.id, BOB) == "trainee"
    assert BOB in await store.everyone_ever(db, group.id)


async def test_a_writer_cancelled_while_it_begins_leaves_the_store_writable(db: Database) -> None:
    group = await store.create_group(db, now=NOW, **THURSDAY)
    # e.g. an interaction's task cancelled at shutdown, or by a deadline, as its write begins
    doomed = asyncio.create_task(store.add_member(db, group.id, ALICE, "trainee", NOW))
    await writing(db, doomed)
    doomed.cancel()
    await asyncio.gather(doomed, return_exceptions=True)
    assert await store.add_member(db, group.id, BOB, "trainee", NOW)
    assert not db.conn.in_transaction
    assert await store.member_role(db, group.id, BOB) == "trainee"


async def test_a_one_hop_write_cancelled_mid_hop_is_whole_and_the_next_transaction_follows_it(
    db: Database,
) -> None:
    group = await store.create_group(db, now=NOW, roster=[(ALICE, "trainee")], **THURSDAY)
    assert await store.member_role(db, group.id, ALICE) == "trainee"  # remembered

    def leave(w: Work) -> None:
        w.run("UPDATE group_members SET left_at = ? WHERE user_id = ?", (NOW.isoformat(), ALICE))
        w.run("INSERT INTO meta (key, value) VALUES ('probe', 'x')")

    doomed = asyncio.create_task(db.write(leave))
    await writing(db, doomed)
    doomed.cancel()
    press = asyncio.create_task(store.member_role(db, group.id, ALICE))
    await asyncio.gather(doomed, return_exceptions=True)
    await press
    # the hop ran to its end on the store's thread: both rows or neither, never half
    async with db.transaction() as tx:
        await tx.execute("INSERT INTO meta (key, value) VALUES ('after', 'y')")
    left = await db.fetchval("SELECT left_at FROM group_members WHERE user_id = ?", (ALICE,))
    probe = await db.fetchval("SELECT value FROM meta WHERE key = 'probe'")
    assert (left is None) == (probe is None)
    assert (await store.member_role(db, group.id, ALICE) is None) == (left is not None)


THURSDAY = STORED_GROUP


async def test_a_roster_change_whose_commit_fails_is_not_remembered(db: Database) -> None:
    group = await store.create_group(db, now=NOW, roster=[(ALICE, "trainee")], **THURSDAY)
    # A COMMIT that fails (as on a full disk while the log is written), here by a constraint
    # checked only at COMMIT: the removal is undone, yet a press read the roster meanwhile.
    try:
        async with db.transaction() as tx:
            await tx.execute("PRAGMA defer_foreign_keys = ON")
            await tx.execute(
                "INSERT INTO group_members (group_id, user_id, role, joined_at) "
                "VALUES (-1, ?, 'trainee', ?)",
                (BOB, NOW.isoformat()),
            )
            await tx.execute(
                "UPDATE group_members SET left_at = ? WHERE user_id = ?", (NOW.isoformat(), ALICE)
            )
            assert await store.member_role(db, group.id, ALICE) is None  # sees the removal
    except sqlite3.IntegrityError:
        pass
    assert not db.conn.in_transaction
    assert ALICE in {m.user_id for m in await store.members(db, group.id)}  # undone
    assert await store.member_role(db, group.id, ALICE) == "trainee"
