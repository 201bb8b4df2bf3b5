"""Concurrent use of the one store connection: remembered look-ups and cancelled writers.

Every interaction is a task of its own; these start two at the same moment (no sleeps: the
order is the order their statements reach SQLite's thread, which is first come first served).
"""

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

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


async def test_writes_that_wait_for_the_lock_go_together_each_its_own_transaction(
    db: Database,
) -> None:
    # A write holds the store's thread (here: until the test lets it go); five more come meanwhile,
    # one of which fails. They go in one hop after it, in the order they came, each a transaction
    # of its own: the failure undoes its own rows only and reaches its own caller only.
    held, hops = threading.Event(), 0
    door = db._in_thread

    async def counted(fn: Any) -> Any:
        nonlocal hops
        hops += 1
        return await door(fn)

    db._in_thread = counted  # type: ignore[method-assign]

    def hold(w: Work) -> None:
        held.wait(timeout=10)
        w.run("INSERT INTO meta (key, value) VALUES ('first', '0')")

    def put(n: int) -> Callable[[Work], int]:
        def write(w: Work) -> int:
            w.run("INSERT INTO meta (key, value) VALUES (?, ?)", (f"k{n}", str(n)))
            if n == 2:
                raise ValueError("refused")
            return n

        return write

    first = asyncio.create_task(db.write(hold))
    await writing(db, first)
    waiting = [asyncio.create_task(db.write(put(n))) for n in range(5)]
    await asyncio.sleep(0)
    held.set()
    outcomes = await asyncio.gather(first, *waiting, return_exceptions=True)
    assert outcomes[0] is None and outcomes[1:3] == [0, 1] and outcomes[4:] == [3, 4]
    assert isinstance(outcomes[3], ValueError)
    assert hops == 2
    kept = {r["key"] for r in await db.fetchall("SELECT key FROM meta WHERE key LIKE 'k%'")}
    assert kept == {"k0", "k1", "k3", "k4"}
    assert not db.conn.in_transaction


async def test_a_waiting_writer_cancelled_before_its_turn_writes_nothing(db: Database) -> None:
    held = threading.Event()

    def hold(w: Work) -> None:
        held.wait(timeout=10)

    def probe(w: Work) -> None:
        w.run("INSERT INTO meta (key, value) VALUES ('probe', 'x')")

    first = asyncio.create_task(db.write(hold))
    await writing(db, first)
    doomed = asyncio.create_task(db.write(probe))
    await asyncio.sleep(0)
    doomed.cancel()
    held.set()
    await asyncio.gather(first, doomed, return_exceptions=True)
    assert doomed.cancelled()
    assert await db.fetchval("SELECT value FROM meta WHERE key = 'probe'") is None
    await db.execute("INSERT INTO meta (key, value) VALUES ('after', 'y')")  # writable still
    assert await db.fetchval("SELECT value FROM meta WHERE key = 'after'") == "y"
