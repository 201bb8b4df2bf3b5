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

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from bot import gate
from bot.domain import deidentify

ROOT = Path(__file__).resolve().parents[2]
# a member's text is answered within Discord's 3 s: what the gate may take of them at most
ANSWER_WITHIN = 2.5

FIRST_CHECK = """
import asyncio, json, os, sys, time
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
    }), flush=True)
    if way == "gate":  # the bot killed while the worker scans: the worker ends quietly
        asyncio.ensure_future(gate.check({"body": "Mr Jones rang " * 200}))
        await asyncio.sleep(0.001)
        os._exit(0)

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
    # nothing on stderr: the worker holds it until it ends, so a traceback of its would be here
    assert "Traceback" not in done.stderr, done.stderr
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
    gate.start()  # a worker for the tests after these in this process (tests/e2e/conftest.py)


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


def _wait_until_it_has_started(worker: gate._Worker) -> None:
    """The worker has loaded its lists and said so (its word waits in the pipe, unread)."""
    assert worker.conn.poll(120), "the worker never started"


async def test_a_worker_that_sticks_after_starting_is_not_waited_for_long(
    fresh_worker: None,
) -> None:
    """The bot starts the worker at READY; it starts, then sticks (stopped, swapped out) before
    the first member's text. That text waits for it a scan's time at most, not its first start's
    20 s: the answer is late past Discord's 3 s otherwise."""
    gate.start()
    worker = gate._worker
    assert worker is not None
    _wait_until_it_has_started(worker)
    deidentify.check({"warm": "the lists, here too"})  # only the worker's wait is measured
    os.kill(worker.process.pid, signal.SIGSTOP)
    try:
        fields, _ = TEXTS[1]
        checked = await asyncio.wait_for(gate.check(fields), ANSWER_WITHIN)
        assert checked == deidentify.check(fields)
    finally:
        with contextlib.suppress(ProcessLookupError):  # ended as stuck
            os.kill(worker.process.pid, signal.SIGCONT)


async def test_a_new_worker_still_starting_costs_a_check_nothing_when_the_lists_are_here(
    fresh_worker: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker died: the scans are made here (the lists loaded here for them), and a minute
    later a new worker is started. While it starts (a second or two, longer on a busy host)
    the check scans here as before, instead of waiting for the new one."""
    fields, _ = TEXTS[1]
    assert (await gate.check(fields)).blocked
    first = gate._worker
    assert first is not None
    first.process.kill()
    first.process.wait(timeout=30)
    assert (await gate.check(fields)).blocked  # here; and a new worker a minute later
    assert gate.loaded()
    monkeypatch.setattr(gate, "RETRY_AFTER_S", 0.0)  # the minute has passed
    gate.start()
    second = gate._worker
    assert second is not None and second is not first
    os.kill(second.process.pid, signal.SIGSTOP)  # as slow to start as can be
    try:
        checked = await asyncio.wait_for(gate.check(fields), ANSWER_WITHIN)
        assert checked == deidentify.check(fields)
    finally:
        os.kill(second.process.pid, signal.SIGCONT)
    assert gate._worker is second and second.alive  # it was let start, and scans from now on
    _wait_until_it_has_started(second)
    assert await gate.check(fields) == deidentify.check(fields)
    assert second.ready


@pytest.mark.parametrize("when", ["starting", "scanning"])
def test_a_worker_whose_bot_has_gone_exits_quietly(when: str) -> None:
    """The bot exits (a short sandbox run, Ctrl-C, kill -9) while its worker still loads the
    lists or scans: the worker ends without a traceback in the host's terminal or log."""
    ours, theirs = socket.socketpair()
    worker = subprocess.Popen(
        [sys.executable, "-c", "import sys, bot.gate; bot.gate.serve(int(sys.argv[1]))"]
        + [str(theirs.fileno())],
        pass_fds=[theirs.fileno()],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
    )
    theirs.close()
    conn = Connection(ours.detach())
    if when == "scanning":
        assert conn.recv() == (-1, None)  # started
        conn.send((0, ({"body": "Mr Jones of 14 Acacia Road " * 150}, [], [], False)))
    conn.close()
    _, err = worker.communicate(timeout=120)
    assert worker.returncode == 0 and b"Traceback" not in err, err.decode()
