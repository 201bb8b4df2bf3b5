"""Fan-out under Discord's rate limits: 1,000 groups (default) whose posts fall due in the same
minute, delivered through the local emulator with its faithful limits on (50 requests a second
globally, per-route buckets, the invalid-request count), against a bare discord.py bot in the same
run through the same emulator.

Every group meets on Sunday 6 September 2026 at 09:00 London time, one channel each (100 a
guild). The week's earlier posts are recorded as done, then the clock is moved to each due time in
turn and the scheduler woken:
- opening (T-10 min): one plain post per group;
- check-in (T0): one post per group with the persistent "I'm here" button;
- close (the end): one post per group, absences decided, then the feedback pulse in each channel.
For each wave: when the last post of the wave reached the emulator and when all of the wave's
requests were done, against the floor (the wave's requests at 50 a second); 429s; each post once;
none missed. Then the bare bot (discord.py alone, no pacing, no database) sends one message to
each channel at once, as a bot firing every due post together would, on fresh limits.

Run: python benchmarks/bench_fanout.py [--groups 1000] [--validate]

Goals: every post out within 1.2x the floor, each exactly once, fewer than 1% of
requests answered 429, none missed. The emulator runs in this process; its OpenAPI validation of
each request is off unless --validate.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord
import time_machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._rss import rss_mb  # noqa: E402
from benchmarks._sessions_harness import quiet, settings_for, silence  # noqa: E402
from bot import pacing  # noqa: E402
from bot.emulator._ratelimits import GLOBAL_PER_S, RateLimiter  # noqa: E402
from bot.emulator.connect import use_emulator  # noqa: E402
from bot.emulator.emulator import Emulator  # noqa: E402
from bot.sandbox.many import (  # noqa: E402
    build_emulator,
    create_groups,
    skip_posts_due_before,
    start_bot,
    stop_bot,
)
from bot.store.db import Database  # noqa: E402

START = datetime(2026, 9, 6, 8, 0, tzinfo=UTC)  # Sunday 09:00 BST
END = START + timedelta(minutes=75)
MESSAGES = "/channels/{channel_id}/messages"


def posts_with(emu: Emulator, since: int, needle: str) -> list:
    return [
        r
        for r in emu.requests[since:]
        if r.method == "POST"
        and r.route == MESSAGES
        and r.status == 200
        and needle in ((r.body or {}).get("content") or "")
    ]


async def until(emu: Emulator, since: int, needle: str, expected: int, limit: float) -> float:
    """Seconds until `expected` posts with `needle` were answered (polled from the request log)."""
    t0 = time.monotonic()
    seen, found = since, 0
    while found < expected:
        if time.monotonic() - t0 > limit:
            raise TimeoutError(f"only {found} of {expected} posts in {limit:.0f} s")
        requests = emu.requests
        found += len(posts_with(emu, seen, needle))
        seen = len(requests)
        await asyncio.sleep(0.02)
    return time.monotonic() - t0


async def wave(traveller, bot, emu: Emulator, due: datetime, needle: str, groups: int) -> dict:
    since = len(emu.requests)
    traveller.move_to(due)
    t0 = time.monotonic()
    bot.scheduler.wakeup()
    last_post = await until(emu, since, needle, groups, limit=600)
    await quiet(bot, emu)
    done = max(r.at for r in emu.requests[since:]) - due.timestamp()
    requests = emu.requests[since:]
    per_channel = collections.Counter(r.path for r in posts_with(emu, since, needle))
    return {
        "last_post": last_post,
        "done": min(done, time.monotonic() - t0),
        "requests": len(requests),
        "limited": sum(1 for r in requests if r.status == 429),
        "once": len(per_channel) == groups and set(per_channel.values()) == {1},
    }


async def bare_fanout(emu: Emulator, channel_ids: list[int]) -> dict:
    """discord.py alone: one message to every channel at once, as the bot did before pacing."""
    emu.rest.limiter = RateLimiter()  # fresh limits, as for a bot starting now
    client = discord.Client(intents=discord.Intents.none())
    await client.login(emu.bot_token)
    since = len(emu.requests)
    t0 = time.monotonic()
    results = await asyncio.gather(
        *(client.http.send_message(cid, params=_params(i)) for i, cid in enumerate(channel_ids)),
        return_exceptions=True,
    )
    elapsed = time.monotonic() - t0
    await client.close()
    requests = emu.requests[since:]
    return {
        "done": elapsed,
        "requests": len(requests),
        "limited": sum(1 for r in requests if r.status == 429),
        "failed": sum(1 for r in results if isinstance(r, BaseException)),
        "delivered": len(posts_with(emu, since, "bare post")),
    }


def _params(i: int) -> discord.http.MultipartParameters:
    return discord.http.handle_message_parameters(content=f"bare post {i}")


async def main(groups: int, validate: bool) -> None:
    silence()
    with (
        tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp,
        time_machine.travel(START - timedelta(minutes=11), tick=True) as traveller,
    ):
        # native events are bench_startup's subject: none here, so each wave is only its posts
        settings = settings_for(Path(tmp)).replace(sessions={"events_ahead": 0})
        emu = Emulator(rate_limits=True, validate_openapi=validate, busy=pacing.outstanding)
        await emu.start()
        try:
            channel_ids = build_emulator(emu, groups)
            db = await Database.open(settings.database_path)
            await create_groups(db, emu, channel_ids, now=START - timedelta(days=4))
            await db.close()
            with use_emulator(emu):
                bot = await start_bot(settings, emu, start_scheduler=False)
                await skip_posts_due_before(bot, START - timedelta(minutes=11))
                await stop_bot(bot)
                bot = await start_bot(settings, emu)
                await quiet(bot, emu)
                print(f"{groups} groups ready; RSS {rss_mb():.0f} MB; limits on (50/s global)")
                ratios = []
                for label, due, needle in (
                    ("opening (T-10 min)", START - timedelta(minutes=10), "starts at"),
                    ("check-in (T0, a button)", START, "**Check-in:"),
                    ("close + pulse (the end)", END, "the frame closes"),
                ):
                    w = await wave(traveller, bot, emu, due, needle, groups)
                    floor = w["requests"] / GLOBAL_PER_S
                    ratios.append(w["done"] / floor)
                    print(
                        f"{label:>24}: last of {groups} posts {w['last_post']:5.1f} s; all "
                        f"{w['requests']} requests done {w['done']:5.1f} s (floor {floor:5.1f} s, "
                        f"{w['done'] / floor:.2f}x); 429s {w['limited']} "
                        f"({100 * w['limited'] / w['requests']:.1f}%); each post once: {w['once']}"
                    )
                missed = await bot.db.fetchval(
                    "SELECT count(*) FROM deliveries WHERE status = 'missed'"
                )
                late = await bot.db.fetchval("SELECT count(*) FROM deliveries WHERE late = 1")
                paced = bot.pacer
                await stop_bot(bot)
                print(
                    f"{'the bot':>24}: worst wave {max(ratios):.2f}x its floor; posts missed "
                    f"{missed}, sent late {late}; invalid requests {emu.invalid_requests}; "
                    f"{paced.sent} requests paced, {paced.waited} queued, {paced.held} held for their "
                    "bucket"
                )
                bare = await bare_fanout(emu, channel_ids)
                floor = groups / GLOBAL_PER_S
                print(
                    f"{'bare discord.py':>24}: {bare['delivered']} of {groups} posts in "
                    f"{bare['done']:5.1f} s (floor {floor:.1f} s, {bare['done'] / floor:.2f}x); "
                    f"{bare['requests']} requests, 429s {bare['limited']} "
                    f"({100 * bare['limited'] / bare['requests']:.1f}%); gave up on "
                    f"{bare['failed']}"
                )
                print(f"RSS {rss_mb():.0f} MB")
        finally:
            await emu.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument(
        "--validate",
        action="store_true",
        help="validate each request against Discord's OpenAPI description (in this process)",
    )
    args = parser.parse_args()
    asyncio.run(main(args.groups, validate=args.validate))
