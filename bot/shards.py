"""Shards: what discord.py's AutoShardedBot leaves to the bot.

Discord closes a gateway session that would carry more than 2,500 servers (4011) and recommends
about one shard per 1,000 (`GET /gateway/bot`); each shard is a session of its own that drops,
resumes and starts afresh on its own. The bot runs as AutoShardedBot (bot/app.py); REST, and so
the pacer, is one client for every shard. Two things discord.py does not do for it:

- IDENTIFY pacing. Discord allows `max_concurrency` IDENTIFYs per 5 seconds, one per rate-limit
  key `shard_id % max_concurrency`, and answers more with INVALID_SESSION. discord.py sleeps 5 s
  before every IDENTIFY but the first, whatever `max_concurrency` is: a bot allowed 16 at once
  starts 16 shards in 75 s, and a shard starting afresh hours later waits 5 s for nothing.
  `IdentifyGate` waits only as long as the key's window says.
- Readiness per shard. A shard that starts afresh (a session that could not resume) gets READY
  with its servers unavailable and refills their channels, roles and members after; discord.py
  says "ready" again only when every shard has. A post due meanwhile would find no channel in the
  cache. `Readiness` tracks each shard, and the scheduler's deliveries wait for their server's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable

log = logging.getLogger(__name__)

IDENTIFY_WINDOW = 5.0  # Discord: max_concurrency IDENTIFYs "per 5 seconds"
MARGIN = 0.25  # Discord times the window from when it read the IDENTIFY, after the network
READY_WAIT = 300.0  # a delivery waits this long at most for its shard, then goes without the cache


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's sharding formula: which shard carries a server's events."""
    return (guild_id >> 22) % shard_count


class IdentifyGate:
    """IDENTIFYs paced as Discord allows: per rate-limit key, one per window."""

    def __init__(self, max_concurrency: int = 1, window: float = IDENTIFY_WINDOW) -> None:
        self.max_concurrency = max(max_concurrency, 1)
        self.window = window
        self._last: dict[int, float] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    async def wait(self, shard_id: int | None) -> None:
        """Return when this shard may IDENTIFY (and count it as done)."""
        key = (shard_id or 0) % self.max_concurrency
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            loop = asyncio.get_running_loop()
            last = self._last.get(key)
            if last is not None:
                delay = last + self.window + MARGIN - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
            self._last[key] = loop.time()


class Readiness:
    """Which shards have their servers in the cache (READY and every GUILD_CREATE after it)."""

    def __init__(self) -> None:
        self._ready: dict[int, asyncio.Event] = {}

    def expect(self, shard_ids: Iterable[int]) -> None:
        """The shards the bot is about to start: none ready yet."""
        for shard_id in shard_ids:
            self._event(shard_id).clear()

    def starting(self, shard_id: int) -> None:
        """A fresh session (READY): the shard's servers are being filled in again."""
        self._event(shard_id).clear()

    def ready(self, shard_id: int) -> None:
        self._event(shard_id).set()

    def all_ready(self) -> bool:
        return all(e.is_set() for e in self._ready.values())

    def is_ready(self, shard_id: int) -> bool:
        event = self._ready.get(shard_id)
        return event is None or event.is_set()

    async def wait(self, shard_id: int, timeout: float = READY_WAIT) -> bool:  # noqa: ASYNC109
        """Wait until the shard is ready; False if it was not within `timeout`."""
        event = self._ready.get(shard_id)
        if event is None or event.is_set():
            return True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)
        if not event.is_set():
            log.warning(
                "shard %s not ready after %.0f s: going on without its cache", shard_id, timeout
            )
        return event.is_set()

    def _event(self, shard_id: int) -> asyncio.Event:
        event = self._ready.get(shard_id)
        if event is None:
            event = self._ready[shard_id] = asyncio.Event()
        return event
