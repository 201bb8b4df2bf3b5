"""Fan-out: 1,000 groups (default) whose posts fall due in the same minute, all delivered through the
local emulator (rate limits off). Goal: the last post within 10 s of the due time on 2 cores.

Every group meets on Sunday 6 September 2026 at 09:00 London time, one channel each. With the bot
started and quiet beforehand, the clock is moved to each due time in turn and the scheduler woken;
the figure is the wall time from then until the last of that wave's posts reached the emulator
(and, for the close, until absences were decided too):
- opening (T-10 min): 1,000 plain posts;
- check-in (T0): 1,000 posts with the persistent "I'm here" button;
- close (the end): 1,000 posts, each followed by deciding that session's absences (8 per group),
  while the feedback capability posts its own pulse in the same channels.

Run: python benchmarks/bench_fanout.py [--groups 1000] [--no-validate]

The emulator runs in the same process and validates every request against Discord's OpenAPI
description, so its own work is part of the figures (--no-validate leaves that out).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._sessions_harness import (  # noqa: E402
    quiet,
    rss_mb,
    settings_for,
    silence,
)
from bot.sandbox.connect import use_emulator  # noqa: E402
from bot.sandbox.emulator import Emulator  # noqa: E402
from bot.sandbox.many import build_emulator, create_groups, start_bot, stop_bot  # noqa: E402
from bot.store.db import Database  # noqa: E402

NOW = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
START = datetime(2026, 9, 6, 8, 0, tzinfo=UTC)  # Sunday 09:00 BST
END = START + timedelta(minutes=75)


class PostCounter:
    """Counts the bot's posts containing a needle from the emulator's request log, reading only
    the requests added since the last look (cheap enough to poll without slowing the bot)."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.seen = len(emu.requests)
        self.found = 0

    def count(self, needle: str) -> int:
        requests = self.emu.requests
        for record in requests[self.seen :]:
            if (
                record.method == "POST"
                and record.route == "/channels/{channel_id}/messages"
                and record.status == 200
                and needle in ((record.body or {}).get("content") or "")
            ):
                self.found += 1
        self.seen = len(requests)
        return self.found


async def wave(traveller, bot, emu: Emulator, due: datetime, needle: str, expected: int) -> float:
    """Move the clock to `due`, wake the scheduler, and time until `expected` posts exist."""
    counter = PostCounter(emu)
    traveller.move_to(due)
    t0 = time.monotonic()
    bot.scheduler.wakeup()
    while (n := counter.count(needle)) < expected:
        if time.monotonic() - t0 > 300:
            raise TimeoutError(f"only {n} of {expected} posts in 300 s")
        await asyncio.sleep(0.05)
    return time.monotonic() - t0


async def main(groups: int, validate: bool) -> None:
    silence()
    with (
        tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp,
        time_machine.travel(NOW, tick=True) as traveller,
    ):
        settings = settings_for(Path(tmp))
        emu = Emulator(validate_openapi=validate)
        await emu.start()
        try:
            channel_ids = build_emulator(emu, groups)
            db = await Database.open(settings.database_path)
            await create_groups(db, emu, channel_ids, now=NOW)
            await db.close()
            with use_emulator(emu):
                bot = await start_bot(settings, emu)
                await quiet(bot, emu)
                # the earlier posts of the week, so only the wave being measured is due
                for when in (START - timedelta(hours=72), START - timedelta(hours=24)):
                    traveller.move_to(when)
                    bot.scheduler.wakeup()
                    await asyncio.sleep(0.2)
                    await quiet(bot, emu)
                traveller.move_to(START - timedelta(minutes=11))
                bot.scheduler.wakeup()
                await quiet(bot, emu)
                print(f"{groups} groups ready; RSS {rss_mb():.0f} MB")
                results = []
                for label, due, needle in (
                    ("opening (T-10 min)", START - timedelta(minutes=10), "starts at"),
                    ("check-in (T0, with a button)", START, "**Check-in:"),
                    ("close (the end)", END, "the frame closes"),
                ):
                    seconds = await wave(traveller, bot, emu, due, needle, groups)
                    await quiet(bot, emu)
                    settled = None
                    if needle == "the frame closes":
                        t = time.monotonic()
                        closed = await bot.db.fetchval("SELECT count(*) FROM attendance_closed")
                        settled = time.monotonic() - t
                        assert closed == groups, closed
                    results.append((label, seconds))
                    print(
                        f"{label:>30}: {groups} posts, the last {seconds:5.2f} s after the due time"
                        + ("" if settled is None else "; absences decided for every session")
                    )
                    traveller.move_to(due + timedelta(minutes=1))
                worst = max(s for _, s in results)
                print(f"slowest wave: {worst:.2f} s (goal: under 10 s); RSS {rss_mb():.0f} MB")
                await stop_bot(bot)
        finally:
            await emu.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument(
        "--no-validate",
        action="store_true",
        help="skip the emulator's OpenAPI validation of each request (it runs in this process)",
    )
    args = parser.parse_args()
    asyncio.run(main(args.groups, validate=not args.no_validate))
