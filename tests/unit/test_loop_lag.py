"""The loop-lag probe (bot/loop_lag.py) sees a blocked event loop, and says so past its limit."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.loop_lag import LoopLag


async def woken(probe: LoopLag) -> float:
    """Let the loop turn until the probe has woken late (bounded), then its longest stall."""
    for _ in range(100_000):
        if probe.worst > 0.05:
            return probe.take()
        await asyncio.sleep(0)
    raise AssertionError("the probe never woke")


async def test_a_blocked_loop_is_measured_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    probe = LoopLag(interval=0.005, warn_over=0.1).start()
    try:
        await asyncio.sleep(0)  # the probe starts its first wait
        with caplog.at_level(logging.WARNING, logger="bot.loop_lag"):
            time.sleep(0.2)  # noqa: ASYNC251 -- work that holds the event loop, the probe's subject
            assert await woken(probe) >= 0.15
        assert any("event loop was blocked for 0." in r.getMessage() for r in caplog.records)
    finally:
        await probe.stop()
