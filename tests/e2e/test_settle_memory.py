"""The running bot sets start-up's objects aside from the garbage collector (gc.freeze at READY,
bot.collector.set_aside). A fresh session (a reconnect that cannot resume) replaces the whole
gateway cache; the old one must still be freed, however often that happens."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import discord
import pytest

from bot import collector
from bot.emulator.emulator import Emulator
from bot.sandbox.world import World
from tests.e2e.conftest import StartBot


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # the test process keeps no other test's objects aside


def copies_of(guild_id: int) -> int:
    """Guild objects for this guild in memory, live or garbage the collector never freed."""
    gc.collect()  # a full pass: frees all it may (what is set aside stays)
    gc.unfreeze()  # to count what was set aside too
    return sum(1 for o in gc.get_objects() if isinstance(o, discord.Guild) and o.id == guild_id)


async def test_a_fresh_session_lets_the_old_gateway_cache_go(
    start_bot: StartBot, emulator: Emulator, world: World, unfrozen: None
) -> None:
    bot = await start_bot(settle_memory=True)

    async def no_wait(shard_id: int | None, *, initial: bool = False) -> None:
        return None  # discord.py waits 5 s before identifying again; not needed here

    bot.before_identify_hook = no_wait  # type: ignore[method-assign]  # this bot only
    ready = asyncio.Event()

    async def on_ready() -> None:  # runs after the bot's own on_ready (scheduled after it)
        ready.set()

    bot.add_listener(on_ready, "on_ready")
    for _ in range(2):  # each fresh session builds a new cache and drops the old
        ready.clear()
        await emulator.invalidate_session(resumable=False)
        await asyncio.wait_for(ready.wait(), 10)
    live = bot.get_guild(world.guild.id)
    assert live is not None
    # the new session's cache is set aside in its turn (full passes stay short)...
    assert not any(o is live for o in gc.get_objects())
    # ...and the old sessions' caches, start-up's too, were freed
    assert copies_of(world.guild.id) == 1


class Node:
    """A cycle of one: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


async def test_the_collector_is_tuned_and_the_night_sets_the_day_aside(
    start_bot: StartBot, unfrozen: None
) -> None:
    """bot/collector.py: once ready, young passes are fewer; the nightly set-aside frees what the
    day dropped and sets aside what it kept; a closed bot leaves CPython's defaults."""
    bot = await start_bot(settle_memory=True)
    assert gc.get_threshold() == (collector.YOUNG, collector.MIDDLE, collector.OLDER)
    kept, dropped = Node(), Node()
    gone = weakref.ref(dropped)
    del dropped
    await bot._set_aside()  # the nightly job
    assert gone() is None
    assert not any(o is kept for o in gc.get_objects())  # set aside: no pass walks it
    await bot.close()
    assert gc.get_threshold() == (700, 10, 10)
