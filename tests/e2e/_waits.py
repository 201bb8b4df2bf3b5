"""A test-side check of what a person sees while the bot works."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

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
