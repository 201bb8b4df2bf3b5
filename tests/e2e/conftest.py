"""End-to-end fixtures: the real bot, unmodified, against the local Discord emulator.

Each test gets a fresh emulator (127.0.0.1, port 0) with a demo server, a bot on a temporary SQLite
file, and a wall clock under time-machine so scheduled posts can be reached in accelerated time.
A test fails on any Discord-rule violation or OpenAPI validation failure the emulator recorded, and on
any ERROR log record from the bot or discord.py.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import pytest
import time_machine

from bot import gate, rendering
from bot.app import BalintBot, unfinished_work
from bot.emulator.connect import use_emulator
from bot.emulator.emulator import Emulator, InteractionResult, no_long_thinking
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.timetravel import wait_for_bots
from bot.sandbox.world import GROUP_SETUP, World, build_world
from bot.settings import Settings, load_settings
from bot.store.groups import Group

START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
TEST_KEY = bytes.fromhex("5a" * 32)


class ErrorLogTrap(logging.Handler):
    """Collects ERROR records from the bot and discord.py; the test fails if there are any."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".")[0] in {"bot", "cogs", "discord"}:
            self.records.append(record)


@pytest.fixture(scope="session", autouse=True)
def rendering_worker() -> None:
    """One rendering worker (bot/rendering.py) for the session's bots, started at once: no test
    waits for a process to start and import fpdf and matplotlib (shared, expensive set-up).
    And the de-identification worker (bot/gate.py), which loads the gate's word lists as it
    starts (~0.8 s of CPU): on a busy machine a first draft's form waiting for that went past
    Discord's 3 s ("not acknowledged within 3 s") in whichever test of a worker came first."""
    rendering.warm()
    gate.start()


@pytest.fixture
def error_trap() -> Iterator[ErrorLogTrap]:
    trap = ErrorLogTrap()
    root = logging.getLogger()
    root.addHandler(trap)
    yield trap
    root.removeHandler(trap)


@pytest.fixture
def clock() -> Iterator[Clock]:
    with time_machine.travel(START, tick=True) as traveller:
        yield Clock(traveller)


@pytest.fixture
async def emulator(clock: Clock, error_trap: ErrorLogTrap) -> AsyncIterator[Emulator]:
    emu = Emulator(busy=unfinished_work)
    # Our expectation beyond Discord's rules: nobody is left looking at "thinking…" when the
    # call's timeout (5 s unless a test gives more) runs out; a test that means it removes it.
    emu.interaction_checks.append(no_long_thinking)
    await emu.start()
    clock.emulator = emu
    with use_emulator(emu):
        yield emu
    await emu.stop()
    assert not emu.failures, "Discord would have refused:\n" + "\n".join(emu.failures)
    assert not error_trap.records, "errors were logged:\n" + "\n".join(
        f"{r.name}: {r.getMessage()}" for r in error_trap.records
    )


DOCUMENTS_WITHIN = 120.0  # a generous bound for documents made on a loaded machine


class Answered(Protocol):
    """The `answered` fixture's function."""

    async def __call__(
        self,
        result: InteractionResult,
        phrase: str,
        timeout: float = DOCUMENTS_WITHIN,  # noqa: ASYNC109
    ) -> InteractionResult: ...


@pytest.fixture
def answered(emulator: Emulator) -> Answered:
    """`await answered(result, phrase)`: until a command that first says what it is doing
    (/group close: "building 9 certificates...", /report year) gives its answer with `phrase`.
    Waits for the bot's messages (bounded, generous for a loaded machine), never sleeps."""

    async def wait(
        result: InteractionResult,
        phrase: str,
        timeout: float = DOCUMENTS_WITHIN,  # noqa: ASYNC109
    ) -> InteractionResult:
        while phrase not in result.text:
            await emulator.wait_for_message(lambda m: phrase in m.text, timeout=timeout)
        return result

    return wait


@pytest.fixture
def world(emulator: Emulator) -> World:
    return build_world(emulator)


def test_settings(tmp_path: Path, **overrides: dict[str, Any]) -> Settings:
    settings = load_settings(environ={})
    return settings.replace(
        database={"path": str(tmp_path / "balint.sqlite3")},
        discord={"guild_ready_timeout": 0.05},
        **overrides,
    )


class StartBot(Protocol):
    """The `start_bot` fixture's function: settings overrides by section, e.g.
    `presenting={"nudge_count": 2}`."""

    async def __call__(
        self, *, settle_memory: bool = False, **overrides: dict[str, Any]
    ) -> BalintBot: ...


@pytest.fixture
async def start_bot(
    emulator: Emulator, world: World, clock: Clock, tmp_path: Path
) -> AsyncIterator[StartBot]:
    """Start the bot (again, after a close: same database) with optional settings overrides."""
    started: list[BalintBot] = []

    async def start(*, settle_memory: bool = False, **overrides: dict[str, Any]) -> BalintBot:
        bot = BalintBot(
            test_settings(tmp_path, **overrides), key=TEST_KEY, settle_memory=settle_memory
        )
        await bot.login(emulator.bot_token)
        task = asyncio.create_task(bot.connect(reconnect=True))
        bot.__dict__["_test_task"] = task
        # a guard against a hang, not a speed check: a busy 2-core machine is slow to start
        await asyncio.wait_for(bot.wait_until_ready(), timeout=60)
        started.append(bot)
        clock.bots = [b for b in started if not b.is_closed()]
        return bot

    yield start
    # work still under way when the test ends (a document being made after "building...") is
    # finished before the bot closes: its errors are the test's, not a closed session's
    live = [b for b in started if not b.is_closed() and hasattr(b, "scheduler")]
    if live:
        await wait_for_bots(live, emulator)
    for bot in started:
        if not bot.is_closed():
            await bot.close()
        task = bot.__dict__.get("_test_task")
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)


@pytest.fixture
async def bot(start_bot: StartBot) -> BalintBot:
    return await start_bot()


@pytest.fixture
async def group(bot: BalintBot, world: World, clock: Clock) -> Group:
    """A Thursday group set up through /group setup, with the 8 trainees on the roster."""
    from bot.store.groups import group_for_channel

    # the start's own catch-up (closes, the server's events) done first: on a loaded machine it
    # could otherwise run after the set-up and make the events a test means to see made later
    await clock.settle()
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        leaders_channel=world.leaders_channel,
        **GROUP_SETUP,
    )
    assert "Group set up" in r.text, r.text
    found = await group_for_channel(bot.db, world.channel.id)
    assert found is not None
    return found
