"""Shared set-up for the sessions benchmarks: many groups in the store, one channel each in the
emulator, and the unmodified bot started against them under a time-machine clock."""

from __future__ import annotations

import asyncio
import logging
import os
import statistics
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.app import BalintBot
from bot.sandbox.emulator import Emulator
from bot.settings import Settings, load_settings
from bot.store import groups as store
from bot.store.db import Database

KEY = bytes.fromhex("5a" * 32)
CHANNELS_PER_GUILD = 100
TRAINEES = 8


def settings_for(tmp: Path) -> Settings:
    return load_settings(environ={}).replace(
        database={"path": str(tmp / "bench.sqlite3")},
        discord={"guild_ready_timeout": 0.05},
        logging={"level": "WARNING"},
    )


def build_emulator(emu: Emulator, groups: int) -> list[int]:
    """Enough guilds for one channel per group (100 channels a guild)."""
    channel_ids: list[int] = []
    guild = None
    for i in range(groups):
        if i % CHANNELS_PER_GUILD == 0:
            guild = emu.create_guild(f"Deanery {i // CHANNELS_PER_GUILD + 1}")
        assert guild is not None
        channel_ids.append(guild.create_text_channel(f"balint-{i + 1}").id)
    return channel_ids


async def create_groups(
    db: Database,
    emu: Emulator,
    channel_ids: list[int],
    *,
    now: datetime,
    weekday: int = 6,
    start_time: str = "09:00",
    start_date: date = date(2026, 9, 1),
    end_date: date = date(2027, 8, 31),
) -> None:
    """Groups straight into the store (as /group setup would), each with a roster of trainees.

    By default every group meets on Sundays at 09:00 for the benchmarks' training year.
    """
    for n, channel_id in enumerate(channel_ids):
        guild_id = emu.channel(channel_id).guild.id  # type: ignore[union-attr]
        group = await store.create_group(
            db,
            now=now,
            guild_id=guild_id,
            channel_id=channel_id,
            name=f"Balint group {n + 1}",
            weekday=weekday,
            start_time=start_time,
            duration_minutes=75,
            timezone="Europe/London",
            start_date=start_date.isoformat(),
            end_date=end_date.isoformat(),
        )
        rows = [
            (group.id, 10_000_000 + n * 100 + t, "trainee", now.isoformat())
            for t in range(TRAINEES)
        ]
        await db.executemany(
            "INSERT INTO group_members (group_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)",
            rows,
        )


async def start(settings: Settings, emu: Emulator) -> BalintBot:
    bot = BalintBot(settings, key=KEY)
    await bot.login(emu.bot_token)
    bot.__dict__["_bench_task"] = asyncio.create_task(bot.connect(reconnect=True))
    await asyncio.wait_for(bot.wait_until_ready(), timeout=600)
    return bot


async def stop(bot: BalintBot) -> None:
    await bot.close()
    task = bot.__dict__.get("_bench_task")
    if task is not None:
        await asyncio.gather(task, return_exceptions=True)


async def quiet(bot: BalintBot, emu: Emulator) -> None:
    """Wait until background work (deliveries, catch-up) is done and the emulator is idle."""
    await asyncio.sleep(0.1)
    for _ in range(3):
        await bot.scheduler.drain()
        await emu.idle(timeout=600)


def rss_mb() -> float:
    """Resident memory now (Linux), in MB."""
    try:
        with open(f"/proc/{os.getpid()}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


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
