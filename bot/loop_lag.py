"""How long the event loop was blocked: a sleeper that measures how late it wakes.

Everything the bot does for every group runs on one event loop; work that holds it (a PDF, a chart,
a big loop in Python) delays every other interaction, and Discord allows 3 s for an answer. The
probe sleeps `interval` seconds again and again; waking later than asked means the loop was busy
for that long. `run` keeps one (logging a stall worth a host's attention); the benchmarks read
the longest stall (benchmarks/bench_stalls.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

log = logging.getLogger(__name__)


class LoopLag:
    """The longest stall seen since the last `take()`, in seconds."""

    def __init__(self, interval: float = 0.005, warn_over: float | None = None) -> None:
        self.interval = interval
        self.warn_over = warn_over
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> LoopLag:
        self._task = asyncio.get_running_loop().create_task(self._watch(), name="loop-lag")
        return self

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def take(self) -> float:
        """The longest stall since the last take (and start again from nothing)."""
        worst, self.worst = self.worst, 0.0
        return worst

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            asked = loop.time() + self.interval
            await asyncio.sleep(self.interval)
            late = loop.time() - asked
            self.worst = max(self.worst, late)
            if self.warn_over is not None and late > self.warn_over:
                log.warning(
                    "the event loop was blocked for %.1f s: interactions waited that long "
                    "(Discord allows 3 s for an answer)",
                    late,
                )
