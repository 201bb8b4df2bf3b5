"""Pacing what the bot sends on its own, so one process can carry hundreds of groups.

Discord allows a bot 50 requests a second (the global limit) and bans its IP for an hour after
10,000 refused requests in 10 minutes; discord.py only reacts to 429s and gives up after five.
So every REST request the bot makes through its HTTP client waits here for a slot: at most
`PER_SECOND` a second (a margin below 50 for timing jitter), the most urgent first.

Interaction responses are not paced: discord.py sends them through its webhook adapter, not this
client, and Discord exempts them from the global limit. Per-route buckets stay discord.py's job (it
waits when a bucket's headers say it is spent), so no request is sent only to learn a limit.

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
from collections.abc import Iterator
from typing import Any

import discord
from aiolimiter import AsyncLimiter

PER_SECOND = 44.0  # of Discord's 50: room for jitter between here and Discord's clock
BURST = 2  # requests that may leave back to back: any one second stays at 46 or fewer

URGENT = 0  # a person is waiting, or a post useful only for a short while (the check-in)
NORMAL = 1  # a scheduled post with hours of use left (the pulse, the agenda)
BACKGROUND = 2  # keeping things in step (the native events)

Rank = tuple[int, float]
_rank: contextvars.ContextVar[Rank | None] = contextvars.ContextVar("pacing_rank", default=None)

_BACKGROUND_ROUTES = ("/guilds/{guild_id}/scheduled-events",)
_outstanding = 0  # requests of any pacer in this process, from queueing until answered


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


class Pacer:
    """Hands out request slots at a steady rate, most urgent first (a heap in front of aiolimiter)."""

    def __init__(self, per_second: float = PER_SECOND, burst: int = BURST) -> None:
        self.per_second = per_second
        self._limiter = AsyncLimiter(burst, burst / per_second)
        self._heap: list[tuple[Rank, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._pump: asyncio.Task[None] | None = None
        self.sent = 0  # slots handed out
        self.waited = 0  # of which found others queued ahead

    @property
    def queued(self) -> int:
        return len(self._heap)

    async def slot(self, rank: Rank) -> None:
        """Wait until a request of this rank may leave."""
        self.sent += 1
        if self._heap:
            self.waited += 1
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (rank, next(self._order), future))
        if self._pump is None or self._pump.done():
            self._pump = asyncio.create_task(self._run())
        await future

    async def _run(self) -> None:
        while self._heap:
            await self._limiter.acquire()
            while self._heap:
                _, _, future = heapq.heappop(self._heap)
                if not future.done():  # a waiter cancelled meanwhile gives its turn on
                    future.set_result(None)
                    break

    def install(self, http: discord.http.HTTPClient) -> None:
        """Route every request of this HTTP client through the pacer."""
        send = http.request

        async def request(route: discord.http.Route, **kwargs: Any) -> Any:
            global _outstanding
            _outstanding += 1
            try:
                await self.slot(rank_of(route))
                return await send(route, **kwargs)
            finally:
                _outstanding -= 1

        http.request = request  # type: ignore[method-assign]
