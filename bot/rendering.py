"""Documents and charts are made in one worker process, never on the bot's event loop.

A certificate PDF, a year's chart or a ZIP of certificates is a second or more of Python and C that
holds the interpreter: on the event loop (or in a thread, which shares its interpreter lock) it
delays every other group's presses past Discord's 3 s. One worker process has a lock of its own,
and being one it also keeps matplotlib (not thread-safe) to one caller at a time. It is started on
first use (spawned, not forked: the bot has threads) and stopped after a few idle minutes, so the
tens of MB that matplotlib takes are not held between a close and the next chart.

What runs there must be a module-level function of plain, picklable values that makes bytes from
what it is given (no clock, no store, no Discord): bot/reports is written that way.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import multiprocessing
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
IDLE_SECONDS = 300.0  # the worker (and matplotlib's memory) goes after this long unused

_pool: ProcessPoolExecutor | None = None
_running = 0  # jobs handed to the worker and not yet back (the emulator's idle() counts them)
_idle_timer: asyncio.TimerHandle | None = None


def outstanding() -> int:
    """Jobs under way in the worker: work the bot has not finished (tests wait for it)."""
    return _running


async def render(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)` in the worker process; a worker that died is replaced once."""
    global _running, _idle_timer
    loop = asyncio.get_running_loop()
    if _idle_timer is not None:
        _idle_timer.cancel()
        _idle_timer = None
    _running += 1
    try:
        for attempt in (1, 2):
            try:
                result, caught = await loop.run_in_executor(
                    _worker(), functools.partial(_call, fn, args, kwargs)
                )
                for text, category in caught:  # said here, where the host's log is
                    warnings.warn(text, category, stacklevel=2)
                return result
            except BrokenProcessPool:
                _forget()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover
    finally:
        _running -= 1
        if _running == 0:
            _idle_timer = loop.call_later(IDLE_SECONDS, _forget)


def warm() -> None:
    """Start the worker now and let it import what documents need (fpdf, matplotlib), without
    waiting: the first document is then as quick as the next. For a test session that makes
    many; the bot itself starts the worker when a document is first asked for."""
    _worker().submit(_warm)


def _warm() -> None:
    """In the worker: the heavy imports of bot/reports, done once."""
    import fpdf  # noqa: F401
    from matplotlib.backends import backend_agg  # noqa: F401


def _call(
    fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[T, list[tuple[str, type[Warning]]]]:
    """In the worker: the result, and the warnings it raised (a chart's, say) to repeat in the
    bot's process, whose stderr is the host's log."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    return result, [(str(w.message), w.category) for w in caught]


def _worker() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def _forget() -> None:
    """Stop the worker (it exits once its queue is empty; nothing waits for it here)."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        with contextlib.suppress(Exception):
            pool.shutdown(wait=False, cancel_futures=False)
