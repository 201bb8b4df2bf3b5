"""The pacer: a steady rate, the most urgent (then the earliest due) first."""

from __future__ import annotations

import asyncio
import time

import discord

from bot import pacing
from bot.pacing import Pacer


async def test_slots_go_most_urgent_then_earliest_due_first() -> None:
    pacer = Pacer(per_second=200, burst=1)
    order: list[str] = []

    async def request(name: str, rank: pacing.Rank) -> None:
        await pacer.slot(rank)
        order.append(name)

    first = asyncio.create_task(request("first", (pacing.NORMAL, 0.0)))  # takes the free slot
    await asyncio.sleep(0)
    ranks = {
        "event sync": (pacing.BACKGROUND, 1.0),
        "pulse due 10": (pacing.NORMAL, 10.0),
        "check-in due 12": (pacing.URGENT, 12.0),
        "pulse due 5": (pacing.NORMAL, 5.0),
        "check-in due 11": (pacing.URGENT, 11.0),
    }
    await asyncio.gather(first, *(request(name, rank) for name, rank in ranks.items()))
    assert order == [
        "first",
        "check-in due 11",
        "check-in due 12",
        "pulse due 5",
        "pulse due 10",
        "event sync",
    ]
    assert pacer.sent == 6


async def test_the_rate_holds_under_a_burst() -> None:
    pacer = Pacer(per_second=100, burst=2)
    start = time.monotonic()
    await asyncio.gather(*(pacer.slot((pacing.URGENT, 0.0)) for _ in range(32)))
    assert time.monotonic() - start >= 0.25  # (32 - 2) slots at 100 a second
    assert pacer.queued == 0


def test_rank_without_a_scheduler_context() -> None:
    sync = discord.http.Route("POST", "/guilds/{guild_id}/scheduled-events", guild_id=1)
    post = discord.http.Route("POST", "/channels/{channel_id}/messages", channel_id=1)
    assert pacing.rank_of(sync)[0] == pacing.BACKGROUND
    assert pacing.rank_of(post) == (pacing.URGENT, 0.0)  # a person's action: first, in turn
    with pacing.ranked(pacing.NORMAL, 42.0):
        assert pacing.rank_of(sync) == (pacing.NORMAL, 42.0)
