"""Shared set-up for the sessions benchmarks: many groups in the store, one channel each in the
emulator, and the unmodified bot started against them under a time-machine clock."""

from __future__ import annotations

import asyncio
import logging
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.settings import Settings, load_settings


def settings_for(tmp: Path) -> Settings:
    return load_settings(environ={}).replace(
        database={"path": str(tmp / "bench.sqlite3")},
        discord={"guild_ready_timeout": 0.05},
        logging={"level": "WARNING"},
    )


async def quiet(bot: BalintBot, emu: Emulator) -> None:
    """Wait until background work (deliveries, catch-up) is done and the emulator is idle."""
    await asyncio.sleep(0.1)
    for _ in range(3):
        await bot.scheduler.drain()
        await emu.idle(timeout=600)


def median(values: list[float]) -> float:
    return statistics.median(values)


def silence() -> None:
    logging.basicConfig(level=logging.WARNING)
    for name in ("discord", "apscheduler", "bot", "cogs"):
        logging.getLogger(name).setLevel(logging.ERROR)


def seconds(since: float) -> float:
    return time.monotonic() - since


def next_weekday(day: date, weekday: int, at_least: int) -> date:
    d = day + timedelta(days=at_least)
    while d.weekday() != weekday:
        d += timedelta(days=1)
    return d
