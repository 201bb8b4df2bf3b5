"""Accelerated time for the sandbox and end-to-end tests.

time-machine moves the wall clock (what the bot and APScheduler read as "now") without touching the
monotonic clock asyncio sleeps on; after a move the scheduler is woken so due jobs run, and we wait
until the bot has finished talking to the emulator.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import BalintBot
from bot.sandbox.emulator import Emulator


class TravelClock:
    def __init__(self, traveller: Any, emulator: Emulator | None = None) -> None:
        self.traveller = traveller
        self.emulator = emulator
        self.bots: list[BalintBot] = []

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def move_to(self, when: datetime) -> None:
        self.traveller.move_to(when)
        await self.settle()

    async def shift(self, delta: timedelta) -> None:
        self.traveller.shift(delta)
        await self.settle()

    async def settle(self) -> None:
        """Wake each running scheduler, let due jobs run, and wait until the bot is quiet."""
        live = [b for b in self.bots if not b.is_closed() and hasattr(b, "scheduler")]
        for bot in live:
            if bot.scheduler.aps.running:
                bot.scheduler.wakeup()
        await asyncio.sleep(0.05)
        for _ in range(3):
            for bot in live:
                await bot.scheduler.drain()
            if self.emulator is not None:
                await self.emulator.idle()
