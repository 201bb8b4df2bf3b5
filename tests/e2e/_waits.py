"""A test-side check of what a person sees while the bot works."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

T = TypeVar("T")
THINKING_AT_MOST = 5.0  # seconds a person may see "thinking..." before the bot says what it does


async def timed(action: Awaitable[T]) -> T:
    """The interaction's result, failing if the person saw *thinking...* (a deferred answer with
    nothing said yet) for longer than THINKING_AT_MOST: a test-side check, since Discord itself
    allows a deferred answer 15 minutes."""
    loop = asyncio.get_running_loop()
    began = loop.time()
    result = await action
    waited = loop.time() - began
    assert waited < THINKING_AT_MOST, f"'thinking...' for {waited:.1f} s before any answer"
    return result


async def until_logged(
    caplog: pytest.LogCaptureFixture,
    match: Callable[[logging.LogRecord], bool],
    timeout: float = 10.0,  # noqa: ASYNC109
) -> logging.LogRecord:
    """The first log record `match` accepts, waiting for it if it is not written yet: some lines
    are written in the background after the member's reply (a checkpoint retried), so a check
    right after the reply raced them on a busy machine."""
    for record in caplog.records:
        if match(record):
            return record
    loop = asyncio.get_running_loop()
    found: asyncio.Future[logging.LogRecord] = loop.create_future()

    def settle(record: logging.LogRecord) -> None:
        if not found.done():
            found.set_result(record)

    class Watch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if match(record):
                loop.call_soon_threadsafe(settle, record)

    watch = Watch()
    logging.getLogger().addHandler(watch)
    try:
        return await asyncio.wait_for(found, timeout)
    finally:
        logging.getLogger().removeHandler(watch)
