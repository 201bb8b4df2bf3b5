"""The garbage collector, kept from holding the event loop, as latency-sensitive Python services
keep it: what start-up built is set aside (gc.freeze), and passes are fewer.

CPython's full pass walks every tracked object that is not set aside, holding every thread: with
many groups the gateway's cache of servers, channels and members alone is hundreds of thousands
of objects, 140 to 360 ms at 1,000 groups, during which no interaction is answered (Discord allows
3 s). Objects made after start-up (open forms and views, the day's posts) grow into the same
problem: full passes over them took 37 to 257 ms of CPU under load (benchmarks/bench_latency.py).

- `set_aside()`: one full collection, then everything that survived it is set aside from later
  passes (gc.freeze). At READY; when a shard's fresh session has replaced its servers in the
  cache (what was set aside is let back first, gc.unfreeze, so the old cache, all cycles, is
  freed); and once a night at a quiet hour (`NIGHTLY`), so what the day made and kept (members who
  joined, new groups) is set aside too and what it made and dropped is freed.
- `tune()`: a young pass every 10,000 new objects rather than 700; a middle pass after every 2
  young ones (not 10), so it walks at most two young passes' survivors: under 500 answers a
  second it took 32-66 ms every tenth young pass, 9-25 ms now (benchmarks/bench_latency.py, the
  same machine, quiet). A full pass after 50 middle ones, so full passes stay as rare as before
  (every 100 young passes, 140 times rarer than CPython's default). (Setting aside what survives
  each full pass would make every full pass short too, but would keep until the night every cycle
  alive at that moment and dropped later: a form, an interaction and its response.)
"""

from __future__ import annotations

import gc
from datetime import time

YOUNG = 10_000  # new objects between young passes (CPython's default: 700)
MIDDLE = 2  # young passes between passes of the middle generation
OLDER = 50  # middle passes between full ones
NIGHTLY = time(3, 30)  # UTC: everything let back and collected once, when groups do not meet


def set_aside() -> None:
    """Collect everything once, then set the survivors aside from the collector's passes."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def tune() -> None:
    """Fewer young passes, and so fewer full ones."""
    gc.set_threshold(YOUNG, MIDDLE, OLDER)


def untune() -> None:
    """CPython's defaults again (a bot closed in a process that goes on: tests)."""
    gc.set_threshold(700, 10, 10)
