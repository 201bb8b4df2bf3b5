"""Many groups on one bot, with Discord's rate limits on in the emulator: 100 groups whose opening
and check-in fall due at the same moment all get them on time and once, paced, without relying on
429s; the native events of start-up are created meanwhile, in the background."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine

from bot import pacing
from bot.emulator.connect import use_emulator
from bot.emulator.emulator import Emulator
from bot.sandbox.many import (
    build_emulator,
    create_groups,
    skip_posts_due_before,
    start_bot,
    stop_bot,
)
from bot.scheduling import LATE_AFTER
from bot.settings import load_settings
from bot.store.db import Database
from tests.scale._waves import posts, until_posted

GROUPS = 100
START = datetime(2026, 9, 6, 8, 0, tzinfo=UTC)  # every group's first session: Sunday 09:00 BST
OPENING = ("the opening", START - timedelta(minutes=10), "starts at")
CHECKIN = ("the check-in", START, "**Check-in:")


async def test_a_hundred_groups_due_at_once(tmp_path: Path, errors: list[str]) -> None:
    settings = load_settings(environ={}).replace(
        database={"path": str(tmp_path / "balint.sqlite3")},
        discord={"guild_ready_timeout": 0.05},
        sessions={"events_ahead": 2},
    )
    emu = Emulator(rate_limits=True, validate_openapi=False, busy=pacing.outstanding)
    await emu.start()
    try:
        with time_machine.travel(START - timedelta(minutes=11), tick=True) as traveller:
            channels = build_emulator(emu, GROUPS, per_guild=5)
            db = await Database.open(settings.database_path)
            await create_groups(db, emu, channels, now=START - timedelta(days=4))
            await db.close()
            with use_emulator(emu):
                bot = await start_bot(settings, emu, start_scheduler=False)
                assert await skip_posts_due_before(bot, START - timedelta(minutes=11))
                await stop_bot(bot)
                bot = await start_bot(settings, emu)
                try:
                    for what, due, needle in (OPENING, CHECKIN):
                        traveller.move_to(due)
                        bot.scheduler.wakeup()
                        await until_posted(emu, needle, GROUPS)
                        sent = posts(emu, needle)
                        assert len({r.path for r in sent}) == GROUPS, what  # every channel
                        assert len(sent) == GROUPS, what  # and each once
                        lag = max(r.at for r in sent) - due.timestamp()
                        assert lag < LATE_AFTER.total_seconds(), (what, lag)
                    late = await bot.db.fetchval("SELECT count(*) FROM deliveries WHERE late = 1")
                    assert late == 0
                    missed = await bot.db.fetchval(
                        "SELECT count(*) FROM deliveries WHERE status = 'missed'"
                    )
                    assert missed == 0
                    # the start-up sync of native events, behind the posts, finishes too
                    await bot.scheduler.drain()
                    next_week = (START + timedelta(days=7)).isoformat()
                    events = await bot.db.fetchval(
                        "SELECT count(*) FROM sessions WHERE starts_at = ? AND event_id IS NOT NULL",
                        (next_week,),
                    )
                finally:
                    await stop_bot(bot)
    finally:
        await emu.stop()
    assert not emu.failures, emu.failures
    assert not errors, errors
    limited = len(emu.rate_limited)
    print(
        f"{len(emu.requests)} requests, {limited} answered 429, native events for next week's {events} sessions"
    )
    assert limited <= len(emu.requests) // 100  # paced: 429s are rare accidents, not the method
    assert emu.invalid_requests == limited
    assert events == GROUPS
