"""The de-identification gate as the capabilities ask it (bot/gate.py): the same verdict as the
gate's own, made in a worker process; its first use after a start does not hold the event loop,
and a worker that dies costs an answer nothing.

The first-use cases run in a fresh interpreter, where nothing is loaded yet (this process's gate
may be), with bot/loop_lag.py's probe sleeping 5 ms at a time on the loop: how often it woke
while the first check was under way, and the longest it was held. The way every cog asked the
gate before (bot.domain.deidentify.check, on the loop) is the control: the probe cannot wake
until it is done.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import gate
from bot.domain import deidentify

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
    t0 = time.perf_counter()
    text = {"comment": "Mrs Patel rang me at home on 07700 900123"}
    if way == "gate":
        checked = await gate.check(text)
    else:
        checked = deidentify.check(text)
    took, woke_meanwhile = time.perf_counter() - t0, woke
    counting.cancel()
    await asyncio.sleep(0.02)
    print(json.dumps({
        "took": took, "woke": woke_meanwhile, "stall": probe.take(),
        "lists_here": gate.loaded() or deidentify.lexicon.surnames.cache_info().currsize > 0,
        "kinds": sorted({f.kind for f in checked.findings["comment"]}),
    }))

if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
"""


def first_check(way: str, tmp_path: Path) -> dict[str, object]:
    script = tmp_path / "first_check.py"  # a file: the worker is spawned, and re-reads its main
    script.write_text(FIRST_CHECK)
    done = subprocess.run(
        [sys.executable, str(script), way],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def test_the_first_check_after_a_start_does_not_hold_the_loop(tmp_path: Path) -> None:
    shared = first_check("gate", tmp_path)
    assert shared["kinds"] == ["phone", "titled_name"]
    took, stall = float(shared["took"]), float(shared["stall"])  # type: ignore[arg-type]
    # the loop went on turning while the worker started and loaded the lists: every 5 ms or
    # so, never held for long; and the bot's process has none of the lists in its memory
    assert int(shared["woke"]) >= 5, shared  # type: ignore[call-overload]
    assert stall < took / 2, shared
    assert shared["lists_here"] is False

    # the control: the same first check on the loop held it for the whole load
    direct = first_check("direct", tmp_path)
    assert direct["kinds"] == shared["kinds"]  # the same verdict
    assert direct["woke"] == 0 and float(direct["stall"]) >= 0.1, direct  # type: ignore[arg-type]
    assert direct["lists_here"] is True


@pytest.fixture
def fresh_worker() -> Iterator[None]:
    gate.stop()
    yield
    gate.stop()


TEXTS: list[tuple[dict[str, str | None], list[str]]] = [
    ({"theme": "Feeling useless", "body": "Rosa said she was fine; Alice knows her."}, ["Alice"]),
    ({"body": "Mr Jones of 14 Acacia Road, Leeds, born 03/04/1961, NHS 943 476 5919."}, []),
    ({"comment": "", "other": None, "note": "I dread Thursdays."}, []),
]


async def test_the_worker_gives_the_gates_own_verdict(fresh_worker: None) -> None:
    for fields, members in TEXTS:
        theirs = await gate.check(fields, members=members, pseudonyms=["Rosa"])
        assert theirs == deidentify.check(fields, members=members, pseudonyms=["Rosa"])
    own = {"name": "Dr Amelia Okafor-Smith"}
    assert await gate.check(own, own_name=True) == deidentify.check(own, own_name=True)


async def test_a_worker_that_died_costs_the_answer_nothing(fresh_worker: None) -> None:
    fields, members = TEXTS[1]
    assert (await gate.check(fields)).blocked
    worker = gate._worker
    assert worker is not None
    worker.process.kill()
    worker.process.wait(timeout=30)
    # scanned in this process instead, the same verdict (and no new worker for a while)
    assert await gate.check(fields, members=members) == deidentify.check(fields, members=members)
    assert await gate.check(fields, members=members) == deidentify.check(fields, members=members)
    assert gate._worker is None or not gate._worker.alive or gate._worker is not worker
