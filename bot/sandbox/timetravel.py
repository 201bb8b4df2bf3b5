"""Accelerated time for the sandbox and end-to-end tests.

time-machine moves the wall clock (what the bot and APScheduler read as "now") without touching the
monotonic clock asyncio sleeps on; after a move the scheduler is woken so due jobs run, and we wait
until the bot has finished talking to the emulator.

With ``step=True`` (the sandbox) a move passes through every due time of every scheduled job on the
way, so each post goes out at its time, exactly as in a real week, and nothing is "sent late" merely
because the clock jumped. Tests that want a jump (the bot offline meanwhile) leave it off.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import BalintBot
from bot.emulator.emulator import Emulator

# A move through more due times than this is a runaway job, not a week of the group's life.
MAX_STEPS = 100_000
# Rounds of waiting for the bot (each can start more work) before it counts as never quiet.
MAX_ROUNDS = 50
# A handler still running after this long is waiting for something that will not come.
HANDLERS_TIMEOUT = 30.0


class TravelClock:
    def __init__(
        self, traveller: Any, emulator: Emulator | None = None, *, step: bool = False
    ) -> None:
        self.traveller = traveller
        self.emulator = emulator
        self.bots: list[BalintBot] = []
        self.step = step
        # Called after each intermediate due time a stepped move passed through (the sandbox
        # prints what was posted then, at its own time).
        self.on_step: Callable[[datetime], Awaitable[None]] | None = None

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def move_to(self, when: datetime) -> None:
        if self.step:
            await self._through_due_times(when)
        self.traveller.move_to(when)
        await self.settle()

    async def shift(self, delta: timedelta) -> None:
        await self.move_to(self.now() + delta)

    def _live(self) -> list[BalintBot]:
        return [b for b in self.bots if not b.is_closed() and hasattr(b, "scheduler")]

    def next_due(self) -> datetime | None:
        """The earliest time a running scheduler of ours has a job due."""
        times = [
            job.next_run_time
            for bot in self._live()
            if bot.scheduler.aps.running
            for job in bot.scheduler.aps.get_jobs()
            if job.next_run_time is not None
        ]
        return min(times, default=None)

    async def _through_due_times(self, when: datetime) -> None:
        for _ in range(MAX_STEPS):
            due = self.next_due()
            if due is None or due >= when:
                return
            if due > self.now():
                self.traveller.move_to(due)
            await self._settle_step()
            if self.on_step is not None:
                await self.on_step(due)
        raise RuntimeError(f"more than {MAX_STEPS} due times before {when:%Y-%m-%d %H:%M}")

    async def settle(self) -> None:
        """Wake each running scheduler, let due jobs run, and wait until the bot is done: its
        scheduled jobs, tracked tasks and event handlers finished, then the emulator idle."""
        live = self._live()
        if self.emulator is not None:
            self.emulator.tick()  # Discord's own changes by the clock (events start and end)
        for bot in live:
            if bot.scheduler.aps.running:
                bot.scheduler.wakeup()
        for _ in range(3):  # wakeup is queued with call_soon_threadsafe, then the job is a task
            await asyncio.sleep(0)
        await wait_for_bots(live, self.emulator)

    async def _settle_step(self) -> None:
        """settle() for a due time on the way: as quick as the jobs are when they post nothing."""
        live = self._live()
        emu = self.emulator
        before = emu.last_activity if emu is not None else 0.0
        if emu is not None:
            emu.tick()  # Discord's own changes by the clock (events start and end)
        for bot in live:
            if bot.scheduler.aps.running:
                bot.scheduler.wakeup()
        for _ in range(3):  # wakeup is queued with call_soon_threadsafe, then the job is a task
            await asyncio.sleep(0)
        for _ in range(3):
            for bot in live:
                await _wait_jobs(bot)
                await bot.scheduler.drain()
            if emu is None:
                await asyncio.sleep(0.05)
                return
            if emu.last_activity == before and not emu.requests_in_flight:
                return  # nothing reached Discord, so nothing more will come back
            await emu.idle()
            before = emu.last_activity


async def _wait_jobs(bot: BalintBot) -> bool:
    """Wait for the APScheduler jobs already submitted (a job is a task of its own, outside the
    drain). True if there were any."""
    executor = bot.scheduler.aps._lookup_executor("default")
    pending = [f for f in getattr(executor, "_pending_futures", ()) if not f.done()]
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
    return bool(pending)


# The tasks discord.py runs a gateway event's listeners and an interaction's handler in (what a
# handler does after its reply, e.g. a DM, or editing a card, is still the bot at work).
HANDLER_TASKS = (
    "discord.py: ",
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-modal-dispatch-",
    "discord-ui-dynamic-item-",
)


async def _wait_handlers() -> bool:
    """Wait for the bot's running event and interaction handlers. True if there were any."""
    me = asyncio.current_task()
    running = [
        t
        for t in asyncio.all_tasks()
        if t is not me and not t.done() and t.get_name().startswith(HANDLER_TASKS)
    ]
    if running:
        _, pending = await asyncio.wait(running, timeout=HANDLERS_TIMEOUT)
        if pending:
            names = ", ".join(sorted(t.get_name() for t in pending))
            raise RuntimeError(
                f"the bot's handlers did not finish within {HANDLERS_TIMEOUT:g} s: {names}"
            )
    return bool(running)


async def wait_for_bots(
    bots: list[BalintBot], emulator: Emulator | None, *, quiet: float = 0.05, idle_for: float = 10.0
) -> None:
    """Wait until the bots are done: until a round finds no scheduled job, tracked task or
    handler still running and the emulator idle (each wait can start more work: a handler
    spawns a DM, a delivery's reply is a gateway event)."""
    for _ in range(MAX_ROUNDS):
        busy = False
        for bot in bots:
            busy = await _wait_jobs(bot) or busy
            if bot.scheduler._tasks:
                busy = True
                await bot.scheduler.drain()
        busy = await _wait_handlers() or busy
        if emulator is not None:
            await emulator.idle(quiet=quiet, timeout=idle_for)
        else:
            await asyncio.sleep(quiet)
        if not busy:
            return
    raise RuntimeError(f"the bot was still busy after {MAX_ROUNDS} rounds of waiting")
