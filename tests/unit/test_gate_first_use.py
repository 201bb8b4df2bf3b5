"""The gate's first use after a start (its word lists not yet loaded) does not hold the event loop.

Each case runs in a fresh interpreter, where the lists are not loaded yet (this process's may be),
with bot/loop_lag.py's probe sleeping 5 ms at a time on the loop: how often it woke while the
first check was under way, and the longest it was held. The way every cog asked the gate before
(bot.domain.deidentify.check, on the loop) is the control: the probe cannot wake until it is done.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FIRST_CHECK = """
import asyncio, json, sys, time
from bot import gate
from bot.domain import deidentify
from bot.loop_lag import LoopLag

async def main(way):
    probe = LoopLag(0.005).start()
    await asyncio.sleep(0.05)
    probe.take()
    woke = 0
    async def count():
        nonlocal woke
        while True:
            await asyncio.sleep(0.005)
            woke += 1
    counting = asyncio.create_task(count())
    await asyncio.sleep(0)
    loaded, t0 = gate.loaded(), time.perf_counter()
    text = {"comment": "Mrs Patel from Leeds rang me at home"}
    if way == "gate":
        checked = await gate.check(text)
    else:
        checked = deidentify.check(text)
    took, woke_meanwhile = time.perf_counter() - t0, woke
    counting.cancel()
    await asyncio.sleep(0.02)
    print(json.dumps({
        "loaded_before": loaded, "loaded_after": gate.loaded(), "took": took,
        "woke": woke_meanwhile, "stall": probe.take(),
        "kinds": sorted({f.kind for f in checked.findings["comment"]}),
    }))

asyncio.run(main(sys.argv[1]))
"""


def first_check(way: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_CHECK, way],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def test_the_first_check_after_a_start_loads_the_lists_without_holding_the_loop() -> None:
    shared = first_check("gate")
    assert shared["loaded_before"] is False and shared["loaded_after"] is True
    assert "titled_name" in shared["kinds"]  # type: ignore[operator]
    took, stall = float(shared["took"]), float(shared["stall"])  # type: ignore[arg-type]
    # the loop went on turning while the lists loaded: every 5 ms or so, never held for long
    assert int(shared["woke"]) >= 5, shared  # type: ignore[call-overload]
    assert stall < took / 2, shared

    # the control: the same first check on the loop held it for the whole load
    direct = first_check("direct")
    assert direct["kinds"] == shared["kinds"]  # the same verdict
    assert direct["woke"] == 0 and float(direct["stall"]) >= 0.1, direct  # type: ignore[arg-type]
