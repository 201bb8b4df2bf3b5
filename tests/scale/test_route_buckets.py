"""One busy channel among many, with Discord's rate limits on in the emulator: a flood of posts to
one channel (its bucket allows 5 per window) does not hold up the posts to the other channels, the
urgent posts to the busy channel overtake its less urgent ones, nothing is answered 429, and every
post goes out exactly once.

The per-route windows are shortened tenfold (``time_scale=0.1``: 5 posts per 0.5 s per channel) so
that the busy channel drains in seconds; the global limit stays 50 a second."""

from __future__ import annotations

import asyncio
import collections
import time
from pathlib import Path

import discord

from bot import pacing
from bot.app import BalintBot
from bot.emulator.connect import use_emulator
from bot.emulator.emulator import Emulator
from bot.sandbox.many import build_emulator, start_bot, stop_bot
from bot.settings import load_settings
from tests.scale._waves import channel

BUSY = 100  # less urgent posts to the busy channel, all due at once
URGENT = 5  # then urgent ones to it, while those wait
OTHERS = 40  # channels with one post each, due after the busy channel's
PER_WINDOW = 5  # the emulator's (and Discord's commonly observed) messages per channel per window


def post(
    bot: BalintBot, channel_id: int, content: str, rank: pacing.Rank
) -> asyncio.Task[discord.Message]:
    """Post as a scheduled delivery of this rank would (the rank travels with the task)."""
    with pacing.ranked(*rank):
        return asyncio.create_task(bot.get_partial_messageable(channel_id).send(content))


async def test_a_busy_channel_holds_up_no_other(tmp_path: Path, errors: list[str]) -> None:
    settings = load_settings(environ={}).replace(
        database={"path": str(tmp_path / "balint.sqlite3")},
        discord={"guild_ready_timeout": 0.05},
    )
    emu = Emulator(rate_limits=True, validate_openapi=False, busy=pacing.outstanding)
    emu.rest.limiter.time_scale = 0.1
    await emu.start()
    try:
        busy, *others = build_emulator(emu, 1 + OTHERS)
        with use_emulator(emu):
            bot = await start_bot(settings, emu, start_scheduler=False)
            try:
                # the other channels' posts alone: how long they take at the bot's pace
                t0 = time.monotonic()
                await asyncio.gather(
                    *(
                        post(bot, c, f"alone {i}", (pacing.NORMAL, 1000.0 + i))
                        for i, c in enumerate(others)
                    )
                )
                alone = time.monotonic() - t0

                # the same with a flood to the busy channel, every one of them more urgent
                t0 = time.monotonic()
                flood = [
                    post(bot, busy, f"normal {i}", (pacing.NORMAL, float(i))) for i in range(BUSY)
                ]
                mine = [
                    post(bot, c, f"other {i}", (pacing.NORMAL, 1000.0 + i))
                    for i, c in enumerate(others)
                ]
                # once the first other post is out, urgent posts to the busy channel
                await emu.wait_for_message(lambda m: (m.content or "").startswith("other"))
                before = len(channel(emu, busy).messages)
                urgent = [
                    post(bot, busy, f"urgent {i}", (pacing.URGENT, 0.0)) for i in range(URGENT)
                ]
                await asyncio.gather(*mine)
                beside = time.monotonic() - t0
                await asyncio.gather(*flood, *urgent)
            finally:
                await stop_bot(bot)
    finally:
        await emu.stop()
    assert not emu.failures, emu.failures
    assert not errors, errors
    assert emu.rate_limited == []  # paced by what the headers said, not by 429s
    # every post exactly once
    order = [m.content for m in channel(emu, busy).messages]
    assert collections.Counter(order) == collections.Counter(
        [f"normal {i}" for i in range(BUSY)] + [f"urgent {i}" for i in range(URGENT)]
    )
    for i, c in enumerate(others):
        assert [m.content for m in channel(emu, c).messages] == [f"alone {i}", f"other {i}"]
    # the busy channel's posts took no slot while its bucket was spent: the others came out
    # almost as fast as alone (had each of the flood taken a slot, BUSY / 44 s later)
    print(
        f"{OTHERS} posts alone {alone:.2f} s, beside {BUSY} to one channel {beside:.2f} s; "
        f"urgent posts at {[order.index(f'urgent {i}') for i in range(URGENT)]} of {len(order)}"
    )
    assert beside - alone < BUSY / pacing.PER_SECOND / 2
    # the urgent posts went ahead of the less urgent ones waiting for the same channel: at most
    # one window's worth already on its way when they came
    last = max(order.index(f"urgent {i}") for i in range(URGENT))
    assert last < before + 2 * PER_WINDOW, (before, order[: last + 1])
