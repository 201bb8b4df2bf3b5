"""The scripted sandbox (`balint-bot sandbox`): how long a newcomer waits for the whole fortnight.

The sandbox's clock stops at every due time on the way (each post goes out on time, as in a real
week) instead of jumping; this prints, as the median of a few runs, the whole walk-through's wall
time, how many due times it stopped at, and the time spent in those stops.

Run: python benchmarks/bench_sandbox.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.sandbox import timetravel  # noqa: E402
from bot.sandbox.demo import run_sandbox  # noqa: E402
from bot.settings import load_settings  # noqa: E402


async def one_run() -> tuple[float, int, float]:
    stops = 0
    in_stops = 0.0
    original = timetravel.TravelClock._settle_step

    async def counted(self: timetravel.TravelClock) -> None:
        nonlocal stops, in_stops
        started = time.monotonic()
        await original(self)
        stops += 1
        in_stops += time.monotonic() - started

    timetravel.TravelClock._settle_step = counted  # type: ignore[method-assign]
    try:
        started = time.monotonic()
        with contextlib.redirect_stdout(io.StringIO()):
            code = await run_sandbox(load_settings(environ={}), quiet=True, output=None)
        total = time.monotonic() - started
    finally:
        timetravel.TravelClock._settle_step = original  # type: ignore[method-assign]
    if code != 0:
        raise SystemExit("the sandbox failed")
    return total, stops, in_stops


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    runs = [asyncio.run(one_run()) for _ in range(args.runs)]
    total = statistics.median(r[0] for r in runs)
    stops = statistics.median(r[1] for r in runs)
    in_stops = statistics.median(r[2] for r in runs)
    print(f"scripted sandbox, median of {args.runs} runs:")
    print(f"  whole walk-through: {total:.1f} s")
    print(f"  due times stopped at: {stops:.0f}, {in_stops:.1f} s in all ({in_stops / total:.0%})")
    print(f"  per stop: {in_stops / max(stops, 1) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
