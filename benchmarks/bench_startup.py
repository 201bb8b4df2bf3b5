"""Start-up with many groups: how long until the bot is ready with every scheduled post planned.

1,000 groups (default), each with a year of weekly sessions (52,000 sessions) and a roster of 8,
one channel each in the local emulator (rate limits off). Prints, as the median of a few runs:
- ready: from connecting to discord.py's ready (store open, extensions loaded);
- all jobs reconciled and catch-up done: until the scheduler has planned every post due within
  its horizon (reconcile, started at ready) and the background catch-up is done too (closing
  ended sessions, the native events of the next sessions, other capabilities' sweeps), with the
  emulator idle; and the time of one reconcile on its own.
The first start also creates the native events for every group (4 per group by default); it is
reported on its own line, then restarts on the same database are measured.

With --limits the emulator enforces Discord's rate limits (bot/emulator/_ratelimits.py) and the
first start also reports how long the native events took against their floor: each guild's events
one bucket (5 per 5 s) at a time, the guilds side by side.

Restarts at 10, 1,000 and 10,000 groups against a bare discord.py bot, each in a fresh process, with
their resident memory: benchmarks/bench_memory.py.

Run: python benchmarks/bench_startup.py [--groups 1000] [--runs 3] [--limits]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import time_machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._rss import rss_mb  # noqa: E402
from benchmarks._sessions_harness import (  # noqa: E402
    median,
    quiet,
    settings_for,
    silence,
)
from bot import pacing  # noqa: E402
from bot.emulator.connect import use_emulator  # noqa: E402
from bot.emulator.emulator import Emulator  # noqa: E402
from bot.sandbox.many import build_emulator, create_groups, start_bot, stop_bot  # noqa: E402
from bot.store.db import Database  # noqa: E402

NOW = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday; the groups meet on Sundays from the 6th


def events_floor(emu: Emulator) -> float:
    """Seconds the busiest guild's events need at Discord's per-guild bucket (5 per 5 s)."""
    bucket = emu.rest.limiter.bucket_for("POST", "/guilds/{guild_id}/scheduled-events")
    most = max((len(g.events) for g in emu.guilds), default=0)
    return max(math.ceil(most / bucket.limit) - 1, 0) * bucket.per_s


async def main(groups: int, runs: int, limits: bool) -> None:
    silence()
    with (
        tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp,
        time_machine.travel(NOW, tick=True),
    ):
        settings = settings_for(Path(tmp))
        emu = Emulator(rate_limits=limits, busy=pacing.outstanding)
        await emu.start()
        try:
            channel_ids = build_emulator(emu, groups)
            t = time.monotonic()
            db = await Database.open(settings.database_path)
            await create_groups(db, emu, channel_ids, now=NOW)
            sessions = await db.fetchval("SELECT count(*) FROM sessions")
            await db.close()
            print(f"{groups} groups, {sessions} sessions written in {time.monotonic() - t:.1f} s")
            with use_emulator(emu):
                ready, caught_up, plans = [], [], []
                for run in range(runs + 1):
                    t0 = time.monotonic()
                    bot = await start_bot(settings, emu)
                    t_ready = time.monotonic() - t0
                    await quiet(bot, emu)  # planning (reconcile) and catch-up run after ready
                    t_all = time.monotonic() - t0
                    jobs = len(bot.scheduler.planned())
                    t1 = time.monotonic()
                    await bot.scheduler.reconcile()  # once more, alone, to time it
                    t_plan = time.monotonic() - t1
                    events = sum(len(g.events) for g in emu.guilds)
                    await stop_bot(bot)
                    label = "first start" if run == 0 else f"restart {run}"
                    if run == 0 and limits:
                        floor = events_floor(emu)
                        print(
                            f"{label:>12}: {events} native events created within "
                            f"{t_all - t_ready:.1f} s of ready (floor {floor:.0f} s, "
                            f"{(t_all - t_ready) / max(floor, 1e-9):.2f}x); 429s "
                            f"{len(emu.rate_limited)}"
                        )
                    print(
                        f"{label:>12}: ready {t_ready:5.2f} s; all jobs planned and catch-up done "
                        f"{t_all:6.2f} s ({jobs} posts planned; a reconcile alone {t_plan:.2f} s); "
                        f"native events {events}; RSS {rss_mb():.0f} MB"
                    )
                    if run:
                        ready.append(t_ready)
                        caught_up.append(t_all)
                        plans.append(t_plan)
            print(
                f"median of {runs} restarts with {groups} groups: ready {median(ready):.2f} s; "
                f"ready with all jobs reconciled and catch-up done {median(caught_up):.2f} s; "
                f"a reconcile alone {median(plans):.2f} s"
            )
        finally:
            await emu.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limits", action="store_true", help="Discord's rate limits on")
    args = parser.parse_args()
    asyncio.run(main(args.groups, args.runs, args.limits))
