"""The garbage collector, kept from holding the event loop, as latency-sensitive Python services
keep it: what start-up built is set aside (gc.freeze), young passes are fewer, and every full
pass is short.

CPython's full pass walks every tracked object that is not set aside, on whichever thread
allocated last: with many groups that is the gateway's cache of servers, channels and members,
hundreds of thousands of objects, 140 to 360 ms at 1,000 groups, during which no interaction is
answered (Discord allows 3 s). Objects made after start-up grow back into the same problem (open
forms and views, the posts of the day): full passes over them took 30 to 45 ms.

- `set_aside()`: one full collection, then everything that survived it is set aside from later
  passes (gc.freeze). At READY, when a shard's fresh session has replaced its servers in the cache
  (what was set aside is let back first, gc.unfreeze, so the old cache, all cycles, is freed), and
  once a night at a quiet hour (`NIGHTLY`), which frees what was set aside and died since.
- `tune()`: young passes every 10,000 new objects rather than 700 (fewer passes, each still a
  millisecond or two), and what survives a full pass is set aside straight after it: the next full
  pass walks only what came since. What is set aside and dies in a cycle (an interaction and its
  response point at each other) is kept until the night's `set_aside()`: a day's such garbage at
  most.
"""

from __future__ import annotations

import gc
from datetime import time
from typing import Any

YOUNG = 10_000  # new objects between young passes (CPython's default: 700)
OLDER = 10  # young passes between passes of the middle generation, and those between full ones
NIGHTLY = time(3, 30)  # UTC: everything let back and collected once, when groups do not meet


def set_aside() -> None:
    """Collect everything once, then set the survivors aside from the collector's passes."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _after_pass(phase: str, info: dict[str, Any]) -> None:
    if phase == "stop" and info.get("generation") == 2:
        gc.freeze()  # the survivors of a full pass: long-lived, not walked again until the night


def tune() -> None:
    """Fewer young passes; each full pass sets its survivors aside (once per process)."""
    gc.set_threshold(YOUNG, OLDER, OLDER)
    if _after_pass not in gc.callbacks:
        gc.callbacks.append(_after_pass)


def untune() -> None:
    """CPython's defaults again (a bot closed in a process that goes on: tests)."""
    gc.set_threshold(700, 10, 10)
    if _after_pass in gc.callbacks:
        gc.callbacks.remove(_after_pass)
