"""APScheduler wiring: scheduled posts derived from the store, delivered exactly once.

Capabilities register PostKinds ("who has a case?" 72 h before a session, the check-in at its start,
...). `reconcile()` rebuilds the in-memory jobs from the sessions table for posts due within the
horizon, so a restart loses nothing: every post's fate is a row in the delivery ledger, keyed
(session, kind). A job that finds its row decided does nothing. A post whose time passed while the
bot was down is sent late (with a note) while it is still useful, and recorded as missed after that.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
import logging
from bisect import bisect_left
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import aiohttp
import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot import pacing
from bot.clock import Clock
from bot.settings import SchedulerSettings
from bot.store import deliveries
from bot.store.db import Database
from bot.store.schedule import all_sessions
from bot.store.sessions import Session, get_session, sessions_anchored_between

log = logging.getLogger(__name__)

LATE_AFTER = timedelta(minutes=2)  # a post sent later than this after its due time says so
RETRY_AFTER = timedelta(minutes=5)  # a failed delivery is tried again after this
# A post that went out but could not be recorded is tried again well inside Discord's nonce window
# ("a few minutes"), so the repeat is dropped by Discord and only the record is written.
RECORD_RETRY_AFTER = timedelta(minutes=1)
# How long the bot trusts Discord's nonce de-duplication ("in the past few minutes"): a retry of
# an attempt older than this looks for the earlier post instead.
NONCE_TRUSTED = timedelta(minutes=1)
URGENT_WITHIN = timedelta(hours=2)  # posts useful no longer than this are paced as urgent
LOOKBACK = timedelta(days=14)  # after downtime, posts due this far back are sent late or recorded
DAY, ZERO = timedelta(days=1), timedelta(0)


@dataclass(frozen=True)
class Delivery:
    """What a handler needs to post once: the nonce makes Discord drop a repeated send within
    its few minutes; a retry of an attempt older than that (a crash, then a long stop) looks
    for the earlier post itself (``look_before_posting``)."""

    session: Session
    kind: str
    due_at: datetime
    late: bool
    nonce: str
    claimed_at: datetime | None = None  # an earlier attempt claimed it then (this is a retry)

    def look_before_posting(self, now: datetime) -> datetime | None:
        """When an earlier attempt began, if Discord's nonce may no longer cover it: the
        handler then looks for its own post since then before posting again."""
        if self.claimed_at is not None and now - self.claimed_at > NONCE_TRUSTED:
            return self.claimed_at
        return None


# A handler posts and returns (channel_id, message_id), or None when there was nothing to post.
# Where a post went is recorded only for a server channel (see Scheduler.in_server): a private
# message's channel names its recipient to anyone holding the bot's token.
Handler = Callable[[Delivery], Awaitable[tuple[int, int] | None]]
# Told when Discord refused a post for a missing permission (the bot tells the leaders once).
ForbiddenHook = Callable[[Delivery], Awaitable[None]]
# Discord refused or could not be reached: expected now and then, and retried (never an ERROR).
DISCORD_TROUBLE = (discord.HTTPException, aiohttp.ClientError, asyncio.TimeoutError)


@dataclass(frozen=True)
class PostKind:
    """A post due at a fixed offset from a session's start or end."""

    name: str
    anchor: Literal["start", "end"]
    offset: timedelta
    # After this much time past its due time the post is no longer useful: recorded as missed.
    useful_for: timedelta
    handler: Handler
    # Useful only while the session lasts (e.g. the check-in), whatever useful_for says.
    until_end: bool = False
    # Its place in the pacer's queue (bot/pacing.py); by default from how long it stays useful.
    urgency: int | None = None
    # Among one session's posts due at the same moment, the lower goes out first, each after the
    # one before has gone: the frame closes at the session's end before the feedback asks how
    # it was, both at the time the session ends.
    order: int = 0

    def pacing_urgency(self) -> int:
        """Posts that are soon useless (the check-in, the opening) go before the others."""
        if self.urgency is not None:
            return self.urgency
        short = self.until_end or self.useful_for <= URGENT_WITHIN
        return pacing.URGENT if short else pacing.NORMAL

    def due_at(self, session: Session) -> datetime:
        base = session.starts_at if self.anchor == "start" else session.ends_at
        return base + self.offset

    def stale_at(self, session: Session) -> datetime:
        stale = self.due_at(session) + self.useful_for
        return min(stale, session.ends_at) if self.until_end else stale


# When the earlier attempt of what is being sent now began, if Discord's nonce may no longer
# cover it (a crash, then a stop longer than its few minutes): set around a retried delivery's
# handler, so every message it sends through the bot (bot.send_dm, bot.tell_leaders) first looks
# for its own copy from that attempt, as the channel posts do (Delivery.look_before_posting).
# Bound to the task that set it: tasks started meanwhile (APScheduler's wakeups among them)
# copy the context, and must not carry an old time into sends of their own.
_earlier_attempt: ContextVar[tuple[datetime, asyncio.Task[Any] | None] | None] = ContextVar(
    "earlier_attempt", default=None
)


def earlier_attempt() -> datetime | None:
    """When an earlier attempt of the send under way began, if its nonce may have lapsed."""
    found = _earlier_attempt.get()
    if found is None or found[1] is not asyncio.current_task():
        return None
    return found[0]


@contextlib.contextmanager
def retrying_since(when: datetime | None) -> Iterator[None]:
    """Sends made inside (in this task) look for a copy posted since `when` first (None:
    nothing to look for)."""
    token = _earlier_attempt.set(None if when is None else (when, asyncio.current_task()))
    try:
        yield
    finally:
        _earlier_attempt.reset(token)


def each_utc(*, hour: int | None = None, minute: int = 0) -> IntervalTrigger:
    """At `minute` past each hour (no `hour`), or at hour:minute each day, UTC: the times of
    CronTrigger(minute=m) or CronTrigger(hour=h, minute=m), counted by adding an hour or a day.
    After a jump of the clock (a host asleep, the sandbox's and the tests' time travel) APScheduler
    lists every missed time before coalescing them; a cron trigger searches its fields for each,
    ~0.1 ms apiece, ~2,000 times for each hourly job after a term."""
    every = timedelta(hours=1) if hour is None else timedelta(days=1)
    first = datetime(2000, 1, 1, hour or 0, minute, tzinfo=UTC)
    return IntervalTrigger(seconds=int(every.total_seconds()), start_date=first, timezone=UTC)


def nonce_for(session_id: int, kind: str) -> str:
    """A stable nonce per (session, kind), at most 25 characters as Discord requires."""
    return hashlib.sha256(f"{session_id}:{kind}".encode()).hexdigest()[:25]


class Scheduler:
    """The bot's scheduler: APScheduler for timing, the ledger for exactly-once."""

    def __init__(self, db: Database, clock: Clock, settings: SchedulerSettings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.kinds: dict[str, PostKind] = {}
        self.aps = AsyncIOScheduler(
            timezone="UTC",
            job_defaults={
                # 0 = however late: the delivery itself decides between late and missed.
                "misfire_grace_time": settings.misfire_grace_seconds or None,
                "coalesce": settings.coalesce,
                "max_instances": 1,
            },
        )
        # Posts planned for later, by due time: one APScheduler job per due time, not per post
        # (10,000 groups have ~150,000 posts within the horizon, due at a few hundred times).
        self._due: dict[datetime, dict[tuple[int, str], None]] = {}
        self._planned: dict[tuple[int, str], datetime] = {}
        self._in_flight: set[tuple[int, str]] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False  # shutdown is over: spawn begins nothing more
        self._failures: dict[tuple[int, str], int] = {}  # failed attempts per post, this process
        self._open = asyncio.Event()  # deliveries wait while this is clear (see hold)
        self._open.set()
        self.on_forbidden: ForbiddenHook | None = None
        # Told after each post that went out (e.g. a permission problem is over).
        self.on_sent: Callable[[Delivery, int | None], Awaitable[None]] | None = None
        # Is this channel one of a server's (not a private message)? Only then is where a post
        # went recorded: a DM channel's id names the member (a nudge, a reflection prompt, a
        # reserve offer went to them), and it would stay in the ledger after /forgetme.
        self.in_server: Callable[[int], bool] = lambda channel_id: True
        # Waits while the session's server is not in the gateway cache (its shard starting afresh).
        self.until_ready: Callable[[Session], Awaitable[None]] | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def register(self, kind: PostKind) -> None:
        self.kinds[kind.name] = kind

    def start(self) -> None:
        self.aps.start()
        self.aps.add_job(
            self._run_later,
            IntervalTrigger(hours=6),
            args=(self.reconcile,),
            id="reconcile",
            replace_existing=True,
        )

    def hold(self) -> None:
        """Deliveries wait until release(): the bot holds them until its gateway cache is filled."""
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    async def shutdown(self, grace: float = 5.0) -> None:
        """Stop timing new jobs and let deliveries in progress finish (then cancel stragglers)."""
        if self.aps.running:
            self.aps.shutdown(wait=False)  # scheduled onto the loop (call_soon_threadsafe)
            await asyncio.sleep(0)
        if not self._open.is_set():  # never released: the waiting deliveries have not begun
            for task in self._tasks:
                task.cancel()
        # Work spawned while we wait (a start-up sweep spawning its clean-up) is waited for too:
        # a task no one waits for would reach the store after it closed.
        deadline = asyncio.get_running_loop().time() + grace
        while self._tasks:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                break
            await asyncio.wait(list(self._tasks), timeout=left)
        self._closed = True
        pending = list(self._tasks)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def drain(self) -> None:
        """Wait until deliveries started so far have finished (tests and the sandbox)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def wakeup(self) -> None:
        """Re-check what is due now (after the wall clock moved in tests)."""
        self.aps.wakeup()

    # -- planning ----------------------------------------------------------------------------

    async def skip_begun(self, group_id: int, now: datetime) -> int:
        """Record every post of the group's sessions that began by `now` as skipped: a group set
        up late (a start date in the past, or today's session already under way) gets no
        check-in, agenda, nudge or feedback for a session the bot was not there for."""
        begun = [s for s in await all_sessions(self.db, group_id) if s.starts_at <= now]
        posts = [(s.id, kind.name, kind.due_at(s)) for s in begun for kind in self.kinds.values()]
        await deliveries.skip_all(self.db, posts, now)
        return len(begun)

    async def reconcile(self, *, wait_for_group: int | None = None) -> int:
        """Plan every undecided post due within the horizon; run overdue ones now (and wait for
        those of `wait_for_group`: a group just set up has its posts already due out first).

        The sessions are read by their start (indexed), once for the kinds whose windows
        overlap, with the posts already decided for them: not a query per kind, nor the whole
        ledger (10,000 groups: 150,000 posts to plan, millions of ledger rows by the summer)."""
        now = self.clock.now()
        since, horizon = now - LOOKBACK, now + timedelta(days=self.settings.horizon_days)
        windows = sorted(
            (*self._starts_for(kind, since, horizon), n)
            for n, kind in enumerate(self.kinds.values())
        )
        kinds_in_order = list(self.kinds.values())
        count = 0
        overdue: list[asyncio.Future[Any]] = []
        while windows:
            # the kinds whose windows overlap the first one's, planned in the order registered
            lo, hi, n = windows.pop(0)
            group = [(lo, hi, n)]
            while windows and windows[0][0] <= hi:
                group.append(windows.pop(0))
                hi = max(hi, group[-1][1])
            kinds = [(a, b, kinds_in_order[n]) for a, b, n in sorted(group, key=lambda w: w[2])]
            sessions = await sessions_anchored_between(self.db, "start", lo, hi)
            decided = await deliveries.decided_for_sessions_starting(self.db, lo, hi)
            sessions.sort(key=lambda session: session.starts_at)
            starts = [session.starts_at for session in sessions]
            for first, last, kind in kinds:
                for session in sessions[bisect_left(starts, first) : bisect_left(starts, last)]:
                    if since <= kind.due_at(session) < horizon and (
                        (session.id, kind.name) not in decided
                    ):
                        task = self._plan(session, kind, now)
                        count += 1
                        if task is not None and session.group_id == wait_for_group:
                            overdue.append(task)
        if overdue:
            await asyncio.gather(*overdue, return_exceptions=True)
        return count

    @staticmethod
    def _starts_for(kind: PostKind, since: datetime, until: datetime) -> tuple[datetime, datetime]:
        """Where the start of a session lies whose `kind` post is due in [since, until): due =
        anchor + offset, and a session ends within a day of its start (15 to 240 minutes)."""
        return since - kind.offset - (DAY if kind.anchor == "end" else ZERO), until - kind.offset

    def planned(self) -> list[tuple[datetime, int, str]]:
        """Posts planned for later (due time, session id, kind), soonest first."""
        return sorted((due, sid, kind) for (sid, kind), due in self._planned.items())

    async def reschedule_session(self, session_id: int) -> None:
        """After a move, skip or restore: drop the session's jobs and plan them again."""
        for kind in self.kinds.values():
            self._unplan((session_id, kind.name))
            job = self.aps.get_job(self._job_id(session_id, kind.name))
            if job:
                job.remove()
        session = await get_session(self.db, session_id)
        if session is None:
            return
        now = self.clock.now()
        horizon = now + timedelta(days=self.settings.horizon_days)
        decided = await deliveries.decided_kinds(self.db, session_id)
        for kind in self.kinds.values():
            if kind.name in decided:
                continue
            due = kind.due_at(session)
            if now - LOOKBACK <= due < horizon:
                self._plan(session, kind, now)

    def _plan(self, session: Session, kind: PostKind, now: datetime) -> asyncio.Future[Any] | None:
        """Deliver now if due (the task), else plan the post for its due time."""
        due = kind.due_at(session)
        if due <= now:
            return self.spawn(self.deliver(session.id, kind.name))
        key = (session.id, kind.name)
        if self._planned.get(key) == due:
            return None  # already planned for that time (reconcile runs often)
        self._unplan(key)
        self._planned[key] = due
        posts = self._due.get(due)
        if posts is None:
            posts = self._due[due] = {}
            self.aps.add_job(
                self._run_later,
                DateTrigger(run_date=due),
                args=(self._due_now, due),
                id=f"due:{due.isoformat()}",
                replace_existing=True,
            )
        posts[key] = None
        return None

    def _unplan(self, key: tuple[int, str]) -> None:
        due = self._planned.pop(key, None)
        if due is None:
            return
        posts = self._due.get(due)
        if posts is not None:
            posts.pop(key, None)
            if not posts:
                del self._due[due]
                job = self.aps.get_job(f"due:{due.isoformat()}")
                if job is not None:
                    job.remove()

    async def _due_now(self, due: datetime) -> None:
        """Every post planned for this time: the sessions side by side, one session's posts one
        after another by their kinds' order."""
        by_session: dict[int, list[PostKind]] = {}
        for key in self._due.pop(due, {}):
            self._planned.pop(key, None)
            by_session.setdefault(key[0], []).append(self.kinds[key[1]])
        for session_id, kinds in by_session.items():
            if len(kinds) == 1:
                self.spawn(self.deliver(session_id, kinds[0].name))
            else:
                kinds.sort(key=lambda kind: kind.order)
                self.spawn(self._in_turn(session_id, [kind.name for kind in kinds]))

    async def _in_turn(self, session_id: int, names: list[str]) -> None:
        for name in names:
            await self.deliver(session_id, name)

    @staticmethod
    def _job_id(session_id: int, kind: str) -> str:
        return f"{kind}:{session_id}"

    def at(self, when: datetime, job: Callable[..., Awaitable[Any]], *args: Any) -> None:
        """Run `job(*args)` at `when`, as a tracked task. Kept in memory only (a restart drops
        it): for what the caller rebuilds at start from what it did write down (the feedback
        reminders' next turn)."""
        self.aps.add_job(self._run_later, DateTrigger(run_date=when), args=(job, *args))

    async def _run_later(self, job: Callable[..., Awaitable[Any]], *args: Any) -> None:
        """APScheduler's entry point: run the job as a tracked task, so shutdown and drain see it.

        (A coroutine function, so APScheduler runs it on the event loop, not in a thread.)
        """
        self.spawn(job(*args))

    def spawn(self, coro: Awaitable[Any]) -> asyncio.Future[Any]:
        """Run background work as a tracked task: shutdown waits for it, tests can drain it.

        Awaiting the returned task is fine too: work after an interaction's reply (private
        messages to others) then still finishes, and sees an open database, if the bot closes.
        """
        if (
            self._closed
        ):  # shut down: the store is closing, the work is not begun (a cancelled task)
            if inspect.iscoroutine(coro):
                coro.close()
            refused: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            refused.cancel()
            log.debug("background work after shutdown not begun")
            return refused
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Future[Any]) -> None:
        """Every background task's failure is seen (never "Task exception was never retrieved")."""
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background work failed", exc_info=task.exception())

    # -- delivery ----------------------------------------------------------------------------

    async def deliver(self, session_id: int, kind_name: str) -> str:
        """Decide and post once; returns the ledger status ('sent', 'missed', 'skipped', ...)."""
        key = (session_id, kind_name)
        if key in self._in_flight:
            return "in-flight"
        self._in_flight.add(key)
        try:
            await self._open.wait()
            return await self._deliver(session_id, self.kinds[kind_name])
        except Exception as error:
            # The ledger could not be read or written (disk full, database locked): an attempt
            # that failed like any other, tried again, not left until the next re-plan.
            self._note_failure(key, f"the store failed ({type(error).__name__}: {error})")
            self._retry(session_id, kind_name, self.clock.now() + RETRY_AFTER)
            return "failed"
        finally:
            self._in_flight.discard(key)

    async def _deliver(self, session_id: int, kind: PostKind) -> str:
        session = await get_session(self.db, session_id)
        if session is None:
            return "gone"
        if self.until_ready is not None:
            await self.until_ready(session)
        now = self.clock.now()
        due = kind.due_at(session)
        if due > now + timedelta(seconds=1):
            await self.reschedule_session(session_id)  # the session moved later
            return "rescheduled"
        closed = (
            "skipped"
            if not session.is_active
            else "missed"
            if now > kind.stale_at(session)
            else None
        )
        late = now - due > LATE_AFTER
        decision = await deliveries.decide(
            self.db, session_id, kind.name, due=due, now=now, late=late, closed_as=closed
        )
        if decision.status != deliveries.CLAIMED:
            if decision.fresh:
                log.info(
                    "post %s for session %s %s (due %s)",
                    kind.name,
                    session_id,
                    decision.status,
                    due,
                )
                self._failures.pop((session_id, kind.name), None)
            return decision.status
        delivery = Delivery(
            session,
            kind.name,
            due,
            late,
            nonce_for(session_id, kind.name),
            claimed_at=decision.claimed_at,
        )
        key = (session_id, kind.name)
        try:
            # Queued behind more urgent and earlier-due posts; `late` was decided above, so a
            # post that waits its turn here still counts as on time.
            with (
                pacing.ranked(kind.pacing_urgency(), due.timestamp()),
                retrying_since(delivery.look_before_posting(now)),
            ):
                posted = await kind.handler(delivery)
        except discord.Forbidden:
            # A missing permission is an expected condition (docs/architecture.md → Failures, restarts and
            # missing permissions): the leaders are told once which permission to grant, and the
            # post goes out when they do.
            self._note_failure(key, "refused: a permission is missing")
            if self.on_forbidden is not None:
                try:
                    await self.on_forbidden(delivery)
                except Exception:
                    log.exception("could not tell the leaders of group %s", session.group_id)
            self._retry(session_id, kind.name, now + RETRY_AFTER)
            return "failed"
        except DISCORD_TROUBLE as error:
            # 5xx after discord.py's own retries, a 429 it would not wait for, the network:
            # the row stays 'claimed' and the retry uses the same nonce.
            self._note_failure(key, f"Discord trouble ({type(error).__name__}: {error})")
            self._retry(session_id, kind.name, now + RETRY_AFTER)
            return "failed"
        except Exception:
            log.exception("post %s for session %s failed; will retry", kind.name, session_id)
            self._retry(session_id, kind.name, now + RETRY_AFTER)
            return "failed"
        status = "sent" if posted else "skipped"
        where = posted if posted and self.in_server(posted[0]) else None
        channel_id = where[0] if where else None
        try:
            await deliveries.record(self.db, session_id, kind.name, status, where)
        except Exception:
            # Posted but not recorded (as if the process had died in between). Without a retry
            # the row would wait for the next reconcile, hours later, when Discord no longer
            # recognises the nonce and the post would appear twice.
            log.exception(
                "post %s for session %s went out but could not be recorded; will retry",
                kind.name,
                session_id,
            )
            self._retry(session_id, kind.name, self.clock.now() + RECORD_RETRY_AFTER)
            return "unrecorded"
        self._failures.pop(key, None)
        log.info(
            "post %s for session %s %s%s", kind.name, session_id, status, " (late)" if late else ""
        )
        if status == "sent" and self.on_sent is not None:
            try:
                await self.on_sent(delivery, channel_id)
            except Exception:
                log.exception("after-post bookkeeping failed for session %s", session_id)
        return status

    def _retry(self, session_id: int, kind_name: str, when: datetime) -> None:
        self.aps.add_job(
            self._run_later,
            DateTrigger(run_date=when),
            args=(self.deliver, session_id, kind_name),
            id=self._job_id(session_id, kind_name),
            replace_existing=True,
        )

    def _note_failure(self, key: tuple[int, str], why: str) -> None:
        """A warning for the first failure of a post, then quieter: a permission can stay missing
        for days, and the post is retried every few minutes while it is useful."""
        attempts = self._failures[key] = self._failures.get(key, 0) + 1
        log.log(
            logging.WARNING if attempts == 1 else logging.INFO,
            "post %s for session %s not sent (attempt %d): %s; will retry",
            key[1],
            key[0],
            attempts,
            why,
        )
