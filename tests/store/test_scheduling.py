"""The delivery ledger: exactly once, late with a note while useful, missed when stale."""

import asyncio
import inspect
from datetime import UTC, datetime, timedelta

import aiosqlite
from apscheduler.triggers.cron import CronTrigger
from hypothesis import given
from hypothesis import strategies as st

from bot.clock import Clock, FixedClock
from bot.sandbox.world import STORED_GROUP
from bot.scheduling import Delivery, PostKind, Scheduler, each_utc, nonce_for
from bot.settings import SchedulerSettings
from bot.store import groups as store
from bot.store.db import Database

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
GROUP = STORED_GROUP


class Recorder:
    def __init__(self, fail: int = 0) -> None:
        self.sent: list[Delivery] = []
        self.fail = fail
        self.delivered = asyncio.Event()

    async def __call__(self, delivery: Delivery) -> tuple[int, int]:
        if self.fail:
            self.fail -= 1
            raise RuntimeError("discord said 500")
        self.sent.append(delivery)
        self.delivered.set()
        return (100, 1000 + len(self.sent))


async def make(db: Database, clock: Clock, handler: Recorder) -> Scheduler:
    sched = Scheduler(db, clock, SchedulerSettings())
    sched.register(PostKind("checkin", "start", timedelta(0), timedelta(minutes=75), handler))
    return sched


async def first_session(db: Database) -> aiosqlite.Row:
    row = await db.fetchone("SELECT id, starts_at FROM sessions ORDER BY starts_at LIMIT 1")
    assert row is not None
    return row


async def test_a_post_is_delivered_once_even_if_triggered_twice(db: Database) -> None:
    await store.create_group(db, now=NOW, **GROUP)
    clock, rec = FixedClock(datetime(2026, 9, 3, 8, tzinfo=UTC)), Recorder()
    sched = await make(db, clock, rec)
    session = await first_session(db)
    assert await sched.deliver(session["id"], "checkin") == "sent"
    assert await sched.deliver(session["id"], "checkin") == "sent"
    assert len(rec.sent) == 1
    assert rec.sent[0].late is False
    assert rec.sent[0].nonce == nonce_for(session["id"], "checkin")
    # a new scheduler (a restart) finds the ledger row and sends nothing
    sched2 = await make(db, clock, rec)
    await sched2.deliver(session["id"], "checkin")
    assert len(rec.sent) == 1


async def test_after_downtime_a_useful_post_is_late_and_a_stale_one_is_missed(db: Database) -> None:
    await store.create_group(db, now=NOW, **GROUP)
    session = await first_session(db)
    clock, rec = FixedClock(datetime(2026, 9, 3, 8, 30, tzinfo=UTC)), Recorder()
    sched = await make(db, clock, rec)
    assert await sched.deliver(session["id"], "checkin") == "sent"
    assert rec.sent[0].late is True
    second = await db.fetchone("SELECT id FROM sessions ORDER BY starts_at LIMIT 1 OFFSET 1")
    assert second is not None
    clock.set(datetime(2026, 9, 10, 11, tzinfo=UTC))  # after that session ended
    assert await sched.deliver(second["id"], "checkin") == "missed"
    assert len(rec.sent) == 1
    assert (
        await db.fetchval("SELECT status FROM deliveries WHERE session_id = ?", (second["id"],))
        == "missed"
    )


async def test_a_skipped_session_records_skipped_and_posts_nothing(db: Database) -> None:
    await store.create_group(db, now=NOW, **GROUP)
    session = await first_session(db)
    await db.execute("UPDATE sessions SET status = 'skipped' WHERE id = ?", (session["id"],))
    clock, rec = FixedClock(datetime(2026, 9, 3, 8, tzinfo=UTC)), Recorder()
    sched = await make(db, clock, rec)
    assert await sched.deliver(session["id"], "checkin") == "skipped"
    assert rec.sent == []


async def test_a_failed_post_stays_claimed_and_is_retried_with_the_same_nonce(db: Database) -> None:
    await store.create_group(db, now=NOW, **GROUP)
    session = await first_session(db)
    clock, rec = FixedClock(datetime(2026, 9, 3, 8, tzinfo=UTC)), Recorder(fail=1)
    sched = await make(db, clock, rec)
    sched.aps.start(paused=True)
    try:
        assert await sched.deliver(session["id"], "checkin") == "failed"
        assert await db.fetchval("SELECT status FROM deliveries") == "claimed"
        assert await sched.deliver(session["id"], "checkin") == "sent"
        assert len(rec.sent) == 1
    finally:
        sched.aps.shutdown(wait=False)


async def test_reconcile_plans_jobs_within_the_horizon_and_runs_overdue_ones(db: Database) -> None:
    await store.create_group(db, now=NOW, **GROUP)
    clock, rec = FixedClock(datetime(2026, 9, 3, 8, 1, tzinfo=UTC)), Recorder()
    sched = await make(db, clock, rec)
    sched.aps.start(paused=True)
    try:
        planned = await sched.reconcile()
        assert planned == 2  # today's (overdue, run now) and next week's (a job)
        await sched.drain()  # the overdue one runs as a tracked task
        assert len(rec.sent) == 1
        next_week = datetime(2026, 9, 10, 8, tzinfo=UTC)
        assert sched.planned() == [(next_week, (await first_session(db))["id"] + 1, "checkin")]
        assert [j.next_run_time for j in sched.aps.get_jobs()] == [next_week]
    finally:
        await sched.shutdown()


async def test_a_job_fired_by_apscheduler_delivers_and_shutdown_waits_for_it(db: Database) -> None:

    from bot.clock import SystemClock

    group = await store.create_group(db, now=NOW, **GROUP)
    start = datetime.now(UTC) + timedelta(seconds=0.3)
    await db.execute(
        "INSERT INTO sessions (group_id, local_date, starts_at, ends_at) VALUES (?, '2030-01-03', ?, ?)",
        (group.id, start.isoformat(), (start + timedelta(minutes=75)).isoformat()),
    )
    rec = Recorder()
    sched = await make(db, SystemClock(), rec)
    sched.start()
    try:
        await sched.reconcile()
        await asyncio.wait_for(rec.delivered.wait(), timeout=10)  # APScheduler fires the job
        await sched.drain()
        assert [d.session.local_date for d in rec.sent] == ["2030-01-03"]
    finally:
        await sched.shutdown()
    assert not sched.aps.running


async def test_a_retrys_earlier_attempt_reaches_its_own_sends_only() -> None:
    """Sends of a retried delivery look for their earlier copy (bot.send_dm); work it starts
    meanwhile (a task, an APScheduler wakeup copying the context) must not carry that time into
    sends of its own weeks later, where an identical weekly prompt would be taken for a copy."""
    from bot.scheduling import earlier_attempt, retrying_since

    seen: list[datetime | None] = []

    async def later() -> None:
        seen.append(earlier_attempt())

    with retrying_since(NOW):
        assert earlier_attempt() == NOW
        await asyncio.get_running_loop().create_task(later())
    assert earlier_attempt() is None
    assert seen == [None]


async def test_work_spawned_while_shutting_down_finishes_and_none_begins_after(
    db: Database,
) -> None:
    """A sweep that spawns its clean-up while the bot closes (a start-up sweep, closed at once)
    is waited for, so it never reaches a closed store; work spawned once shutdown is over is not
    begun at all (it would reach the store after it closed: "background work failed")."""
    sched = await make(db, FixedClock(NOW), Recorder())
    done: list[str] = []
    release = asyncio.Event()

    async def clean_up() -> None:
        await db.fetchval("SELECT 1")
        done.append("clean-up")

    async def sweep() -> None:
        await release.wait()
        sched.spawn(clean_up())  # spawned after shutdown began waiting
        done.append("sweep")

    sched.spawn(sweep())
    closing = asyncio.ensure_future(sched.shutdown())
    await asyncio.sleep(0)  # shutdown is now waiting for the sweep
    release.set()
    await closing
    assert done == ["sweep", "clean-up"]

    late = clean_up()
    refused = sched.spawn(late)
    assert refused.cancelled()
    assert inspect.getcoroutinestate(late) == inspect.CORO_CLOSED  # closed, never begun
    assert done == ["sweep", "clean-up"]


@given(
    now=st.datetimes(datetime(2001, 1, 1), datetime(2040, 1, 1), timezones=st.just(UTC)),
    hour=st.one_of(st.none(), st.integers(0, 23)),
    minute=st.integers(0, 59),
    jumps=st.integers(0, 3),
)
def test_each_utc_fires_when_the_cron_it_replaced_would(
    now: datetime, hour: int | None, minute: int, jumps: int
) -> None:
    """The hourly and nightly jobs' trigger: the first time at or after `now`, and each next one
    after it, are the cron trigger's; a jump of days lists the same missed times too."""
    mine = each_utc(hour=hour, minute=minute)
    cron = CronTrigger(hour=hour, minute=minute, timezone=UTC)
    a, b = mine.get_next_fire_time(None, now), cron.get_next_fire_time(None, now)
    assert a == b
    later = now + timedelta(days=jumps, hours=5)
    while a is not None and a <= later:
        a, b = mine.get_next_fire_time(a, later), cron.get_next_fire_time(b, later)
        assert a == b
