"""The pacer: a steady rate, the most urgent (then the earliest due) first, and no slot to a
request whose per-route bucket is spent."""

from __future__ import annotations

import asyncio
import time

import discord

from bot import pacing
from bot.emulator._ratelimits import RateLimiter
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


async def test_a_spent_bucket_takes_no_slot_and_keeps_its_own_order() -> None:
    """Answers as Discord's (the emulator's limiter: 5 posts per 0.2 s per channel here)."""
    pacer = Pacer(per_second=1000, burst=10)
    discord_ = RateLimiter(time_scale=0.04)
    log: list[tuple[str, str]] = []

    async def post(name: str, channel_id: int, rank: pacing.Rank) -> None:
        route = discord.http.Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id)
        ticket = await pacer.slot(rank, route)
        verdict = discord_.check(route.method, route.path, str(channel_id), exempt_global=True)
        log.append(("sent", name))
        await asyncio.sleep(0)  # the answer comes back later than the request left
        status = 200 if verdict.retry_after is None else 429
        log.append(("answered" if status == 200 else "429", name))
        pacer.answered(ticket, status, verdict.headers)
        pacer.done(ticket)

    busy = [post(f"busy {i}", 1, (pacing.NORMAL, float(i))) for i in range(12)]
    others = [post(f"other {i}", 2 + i, (pacing.NORMAL, 100.0 + i)) for i in range(3)]
    tasks = [asyncio.create_task(c) for c in busy + others]
    while ("sent", "other 0") not in log:  # no await between checking and waiting
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        tasks = [t for t in tasks if not t.done()]
    urgent = [asyncio.create_task(post(f"urgent {i}", 1, (pacing.URGENT, 0.0))) for i in range(2)]
    await asyncio.gather(*tasks, *urgent)

    assert [e for e in log if e[0] == "429"] == []
    sent = [name for what, name in log if what == "sent"]
    # a bucket not known yet: one request, to learn it, before any other
    assert log.index(("answered", "busy 0")) < log.index(("sent", "busy 1"))
    # spent after five: the other channels pass, and the urgent posts go next in that channel
    assert all(sent.index(f"other {i}") < sent.index("busy 5") for i in range(3))
    assert sent.index("urgent 1") < sent.index("busy 5")
    assert sorted(sent) == sorted(f"busy {i}" for i in range(12)) + [
        "other 0",
        "other 1",
        "other 2",
        "urgent 0",
        "urgent 1",
    ]
    assert pacer.held > 0 and pacer.queued == 0
