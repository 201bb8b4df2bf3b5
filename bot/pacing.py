"""Pacing what the bot sends on its own, so one process can carry hundreds of groups.

Discord allows a bot 50 requests a second (the global limit) and bans its IP for an hour after
10,000 refused requests in 10 minutes; discord.py only reacts to 429s and gives up after five.
So every REST request the bot makes through its HTTP client waits here for a slot: at most
`PER_SECOND` a second (a margin below 50 for timing jitter), the most urgent first.

Per-route buckets are kept here too, as Discord describes them in each answer's headers
(`X-RateLimit-Bucket`, `-Limit`, `-Remaining`, `-Reset-After`, read through an aiohttp trace on
discord.py's session), keyed as Discord keys them: the bucket hash plus the route's major
parameters (channel, guild, webhook and token). A request whose bucket is spent takes no global
slot until the bucket resets (a timer), so other routes' posts pass it, and the bucket's own
queue stays in urgency order; were the slot taken first, the request would sit in discord.py's
per-route wait holding it. A bucket not yet known lets one request through to learn it, as
Discord expects, never a burst.

Interaction responses are not paced: discord.py sends them through its webhook adapter, not this
client, and Discord exempts them from the global limit.

Urgency is a rank (class, due time): the scheduler sets it around each delivery (`ranked`); work
caused by a person (no rank set) goes first, in the order it came; the native events' sync is
background. Posts due together thus leave in due-time order, a check-in before a pulse, and a
post due now before an event sync.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import heapq
import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import discord
from aiolimiter import AsyncLimiter

from bot import discord_patches

PER_SECOND = 44.0  # of Discord's 50: room for jitter between here and Discord's clock
BURST = 2  # requests that may leave back to back: any one second stays at 46 or fewer

URGENT = 0  # a person is waiting, or a post useful only for a short while (the check-in)
NORMAL = 1  # a scheduled post with hours of use left (the pulse, the agenda)
BACKGROUND = 2  # keeping things in step (the native events)

Rank = tuple[int, float]
_rank: contextvars.ContextVar[Rank | None] = contextvars.ContextVar("pacing_rank", default=None)

_BACKGROUND_ROUTES = ("/guilds/{guild_id}/scheduled-events",)
_outstanding = 0  # requests of any pacer in this process, from queueing until answered
_SWEEP_FROM = 256  # buckets kept before the idle ones are forgotten (as discord.py does)


def outstanding() -> int:
    """Requests queued or under way (the emulator's idle() waits for them: a request waiting
    its turn here is work the bot has not finished, though Discord has not seen it yet)."""
    return _outstanding


@contextlib.contextmanager
def ranked(urgency: int, due: float) -> Iterator[None]:
    """Requests made inside (and in tasks started inside) queue with this rank."""
    token = _rank.set((urgency, due))
    try:
        yield
    finally:
        _rank.reset(token)


def rank_of(route: discord.http.Route) -> Rank:
    rank = _rank.get()
    if rank is not None:
        return rank
    # no due time: first in their class, and in the order they came (so two edits of one message
    # cannot swap places)
    if route.path.startswith(_BACKGROUND_ROUTES):
        return (BACKGROUND, 0.0)
    return (URGENT, 0.0)


@dataclass(eq=False)
class _Bucket:
    """One per-route bucket for one major parameter, as its answers described it."""

    key: str
    limit: float = 1  # until an answer says: one request at a time, to learn it
    used: int = 0  # slots handed out in this window
    unanswered: int = 0  # of which no answer came yet
    window: int = 0  # windows seen to end here; an answer from an earlier one is stale
    reset_at: float | None = None  # loop time this window ends, once an answer said
    parked: list[_Waiter] = field(default_factory=list)  # a heap: waiting for it to reset
    timer: asyncio.TimerHandle | None = None


@dataclass(eq=False)
class _Waiter:
    rank: Rank
    order: int
    route: discord.http.Route | None
    future: asyncio.Future[_Ticket]
    bucket: _Bucket | None = None

    def __lt__(self, other: _Waiter) -> bool:
        return (self.rank, self.order) < (other.rank, other.order)


@dataclass(eq=False)
class _Ticket:
    """A request given its slot, until it is answered."""

    pacer: Pacer
    route: discord.http.Route | None
    bucket: _Bucket | None
    window: int
    answered: bool = False


_ticket: contextvars.ContextVar[_Ticket | None] = contextvars.ContextVar(
    "pacing_ticket", default=None
)


class Pacer:
    """Hands out request slots at a steady rate, most urgent first, none to a spent bucket."""

    def __init__(self, per_second: float = PER_SECOND, burst: int = BURST) -> None:
        self.per_second = per_second
        self._limiter = AsyncLimiter(burst, burst / per_second)
        self._ready: list[_Waiter] = []  # a heap of waiters whose bucket has room
        self._buckets: dict[str, _Bucket] = {}
        self._hashes: dict[str, str] = {}  # route ("POST /channels/{channel_id}/messages") -> hash
        self._order = itertools.count()
        self._pump: asyncio.Task[None] | None = None
        self._sweep_at = _SWEEP_FROM
        self.queued = 0  # waiting for a slot
        self.sent = 0  # slots handed out
        self.waited = 0  # of which found others queued ahead
        self.held = 0  # times a request waited for its bucket to reset

    async def slot(self, rank: Rank, route: discord.http.Route | None = None) -> _Ticket:
        """Wait until a request of this rank (to this route, if given) may leave."""
        self.sent += 1
        if self.queued:
            self.waited += 1
        self.queued += 1
        loop = asyncio.get_running_loop()
        waiter = _Waiter(rank, next(self._order), route, loop.create_future())
        try:
            self._admit(waiter)
            self._kick()
            return await waiter.future
        except asyncio.CancelledError:
            if waiter.future.done() and not waiter.future.cancelled():
                self.done(waiter.future.result())  # granted, then cancelled: never sent
            raise
        finally:
            self.queued -= 1

    def done(self, ticket: _Ticket) -> None:
        """The request of this ticket is over (answered or not)."""
        bucket = ticket.bucket
        if bucket is not None:
            if not ticket.answered:
                ticket.answered = True
                bucket.unanswered -= 1
            self._release(bucket)
            self._kick()

    # -- the queue ---------------------------------------------------------------------------

    def _bucket(self, route: discord.http.Route) -> _Bucket:
        key = f"{self._hashes.get(route.key, route.key)}:{route.major_parameters}"
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self._sweep_at:
                self._sweep()
            bucket = self._buckets[key] = _Bucket(key)
        return bucket

    def _sweep(self) -> None:
        """Forget buckets that are idle and whose window is over (a new request learns again)."""
        now = asyncio.get_running_loop().time()
        for key, b in list(self._buckets.items()):
            over = b.reset_at is None or b.reset_at <= now
            if over and not b.parked and not b.unanswered and b.timer is None:
                del self._buckets[key]
        self._sweep_at = max(_SWEEP_FROM, 2 * len(self._buckets))

    def _room(self, bucket: _Bucket) -> bool:
        if bucket.reset_at is not None and asyncio.get_running_loop().time() >= bucket.reset_at:
            # a new window; requests still unanswered may count in it
            bucket.window += 1
            bucket.used = bucket.unanswered
            bucket.reset_at = None
        if bucket.used >= bucket.limit and bucket.reset_at is None and not bucket.unanswered:
            # spent, yet no answer will say when it resets: one more request, to learn it
            bucket.used = int(bucket.limit) - 1
        return bucket.used < bucket.limit

    def _admit(self, waiter: _Waiter) -> None:
        bucket = waiter.bucket = None if waiter.route is None else self._bucket(waiter.route)
        if bucket is None or self._room(bucket):
            heapq.heappush(self._ready, waiter)
        else:
            self._park(bucket, waiter)

    def _park(self, bucket: _Bucket, waiter: _Waiter) -> None:
        self.held += 1
        heapq.heappush(bucket.parked, waiter)
        self._arm(bucket)

    def _arm(self, bucket: _Bucket) -> None:
        """Wake the bucket's waiters when its window ends (once an answer said when)."""
        if bucket.parked and bucket.timer is None and bucket.reset_at is not None:
            loop = asyncio.get_running_loop()
            bucket.timer = loop.call_at(bucket.reset_at, self._reset, bucket)

    def _reset(self, bucket: _Bucket) -> None:
        bucket.timer = None
        self._release(bucket)
        self._kick()

    def _release(self, bucket: _Bucket) -> None:
        """Let the bucket's most urgent waiters queue for a slot, as many as it has room for."""
        if self._buckets.get(bucket.key) is not bucket:  # keyed anew since (its hash learned)
            free = math.inf
        else:
            free = bucket.limit - bucket.used if self._room(bucket) else 0
        while bucket.parked and free > 0:
            waiter = heapq.heappop(bucket.parked)
            if not waiter.future.done():  # not cancelled meanwhile
                self._admit(waiter)
                free -= 1
        self._arm(bucket)

    def _next(self) -> _Waiter | None:
        """The most urgent waiter that may leave now (those whose bucket is spent are parked)."""
        while self._ready:
            waiter = self._ready[0]
            bucket = waiter.bucket
            if waiter.future.done():  # cancelled meanwhile: gives its turn on
                heapq.heappop(self._ready)
                if bucket is not None and bucket.parked:
                    self._release(bucket)
            elif bucket is not None and self._buckets.get(bucket.key) is not bucket:
                self._admit(heapq.heappop(self._ready))  # its bucket is known better now
            elif bucket is not None and not self._room(bucket):
                self._park(bucket, heapq.heappop(self._ready))
            else:
                return waiter
        return None

    def _kick(self) -> None:
        if self._ready and (self._pump is None or self._pump.done()):
            self._pump = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while self._next() is not None:
            await self._limiter.acquire()
            waiter = self._next()
            if waiter is None:
                break
            heapq.heappop(self._ready)
            bucket = waiter.bucket
            if bucket is not None:
                bucket.used += 1
                bucket.unanswered += 1
            waiter.future.set_result(
                _Ticket(self, waiter.route, bucket, 0 if bucket is None else bucket.window)
            )

    # -- what the answers say ----------------------------------------------------------------

    def answered(self, ticket: _Ticket, status: int, headers: Mapping[str, str]) -> None:
        """Learn the ticket's bucket from one answer's headers."""
        mine = ticket.bucket
        if mine is None or ticket.route is None:
            return
        if not ticket.answered:
            ticket.answered = True
            mine.unanswered -= 1
        remaining = headers.get("X-RateLimit-Remaining")
        if remaining is not None:
            self._learn(ticket, ticket.route, int(remaining), headers)
        elif status != 429 and self._buckets.get(mine.key) is mine:
            mine.limit = math.inf  # a route without limits (a global 429 says nothing)
        self._release(mine)
        self._kick()

    def _learn(
        self,
        ticket: _Ticket,
        route: discord.http.Route,
        remaining: int,
        headers: Mapping[str, str],
    ) -> None:
        mine = ticket.bucket
        learned = headers.get("X-RateLimit-Bucket")
        if learned:
            self._hashes[route.key] = learned
        bucket = self._bucket(route)
        if bucket is mine and ticket.window != bucket.window:
            return  # an answer from a window that is over
        bucket.limit = int(headers.get("X-RateLimit-Limit", 1))
        bucket.used = max(bucket.used, bucket.limit - remaining)
        reset_at = asyncio.get_running_loop().time() + float(
            headers.get("X-RateLimit-Reset-After", 0)
        )
        bucket.reset_at = max(bucket.reset_at or reset_at, reset_at)
        if bucket is not mine and mine is not None and self._buckets.get(mine.key) is mine:
            # the route's first answer (or its hash changed): its waiters queue for the bucket
            del self._buckets[mine.key]
        self._release(bucket)

    async def _on_request_end(
        self, _session: Any, _context: Any, params: aiohttp.TraceRequestEndParams
    ) -> None:
        ticket = _ticket.get()
        if ticket is not None and ticket.pacer is self:
            self.answered(ticket, params.response.status, params.response.headers)

    def install(self, http: discord.http.HTTPClient) -> None:
        """Route every request of this HTTP client through the pacer, and read its answers'
        rate-limit headers (an aiohttp trace on the session it creates at login)."""
        trace = http.http_trace or aiohttp.TraceConfig()
        trace.on_request_end.append(self._on_request_end)
        http.http_trace = trace
        discord_patches.wrap_requests(http, self._paced)

    async def _paced(
        self, send: discord_patches.Send, route: discord.http.Route, kwargs: dict[str, Any]
    ) -> Any:
        """One request: it waits for its slot, then goes."""
        global _outstanding
        _outstanding += 1
        try:
            ticket = await self.slot(rank_of(route), route)
            token = _ticket.set(ticket)
            try:
                return await send(route, **kwargs)
            finally:
                _ticket.reset(token)
                self.done(ticket)
        finally:
            _outstanding -= 1
