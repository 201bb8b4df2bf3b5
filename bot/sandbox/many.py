"""Many groups at once, for the scale benchmarks and tests: one channel each in the emulator (100
channels a guild) and the groups written straight into the store, as /group setup would."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from typing import Any

from bot.app import BalintBot
from bot.emulator._rest import new_event
from bot.emulator.emulator import Emulator
from bot.settings import Settings
from bot.store import deliveries, schedule
from bot.store import groups as store
from bot.store.db import Database
from bot.store.sessions import sessions_between

CHANNELS_PER_GUILD = 100
TRAINEES = 8
KEY = bytes.fromhex("5a" * 32)  # a fixed anonymity key


def build_emulator(emu: Emulator, groups: int, per_guild: int = CHANNELS_PER_GUILD) -> list[int]:
    """Enough guilds for one channel per group (`per_guild` channels a guild)."""
    channel_ids: list[int] = []
    guild = None
    for i in range(groups):
        if i % per_guild == 0:
            guild = emu.create_guild(f"Deanery {i // per_guild + 1}")
        assert guild is not None
        channel_ids.append(guild.create_text_channel(f"balint-{i + 1}").id)
    return channel_ids


def trainees_in_emulator(
    emu: Emulator, channel_ids: list[int], per_group: int = TRAINEES
) -> list[list[int]]:
    """`per_group` members of each channel's guild for each group (its roster, as user ids)."""
    rosters = []
    for n, channel_id in enumerate(channel_ids):
        channel = emu.channel(channel_id)
        assert channel is not None and channel.guild is not None
        rosters.append([emu.member(channel.guild, f"t{n}-{t}").id for t in range(per_group)])
    return rosters


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
    rosters: list[list[int]] | None = None,
) -> None:
    """Groups straight into the store (as /group setup would, all in one transaction), each with
    a roster of trainees.

    By default every group meets on Sundays at 09:00 for the benchmarks' training year; `rosters`
    (user ids per group) puts the emulator's members on them, for benchmarks that interact.
    """
    made = []
    for n, channel_id in enumerate(channel_ids):
        channel = emu.channel(channel_id)
        assert channel is not None and channel.guild is not None
        values = {
            "guild_id": channel.guild.id,
            "channel_id": channel_id,
            "name": f"Balint group {n + 1}",
            "weekday": weekday,
            "start_time": start_time,
            "duration_minutes": 75,
            "timezone": "Europe/London",
            "start_date": start_date.isoformat(),
            "end_date": end_date.isoformat(),
        }
        users = (
            rosters[n]
            if rosters is not None
            else [10_000_000 + n * 100 + t for t in range(TRAINEES)]
        )
        made.append((values, [(user_id, "trainee") for user_id in users]))
    await store.create_groups(db, made, now=now)


async def events_made_already(db: Database, emu: Emulator, *, now: datetime, ahead: int) -> int:
    """The native events a first start would create (each group's next `ahead` sessions), made
    straight in the emulator and linked in the store, so a benchmark can time restarts of many
    groups without first waiting out the events' rate limit."""
    channels = {g.id: (g.name, g.channel_id) for g in await store.all_groups(db)}
    links = []
    for session in await schedule.sessions_due_events(db, now, ahead):
        name, channel_id = channels[session.group_id]
        channel = emu.channel(channel_id)
        assert channel is not None and channel.guild is not None
        body = {
            "name": name[:100],
            "scheduled_start_time": session.starts_at.isoformat(),
            "scheduled_end_time": session.ends_at.isoformat(),
            "entity_type": 3,  # external
            "privacy_level": 2,
            "entity_metadata": {"location": f"#{channel.name}"},
        }
        links.append((session.id, new_event(emu, channel.guild, body).id))
    await schedule.set_event_ids(db, links)
    return len(links)


async def start_bot(settings: Settings, emu: Emulator, **options: Any) -> BalintBot:
    """The unmodified bot, connected to the emulator (inside use_emulator) and ready."""
    bot = BalintBot(settings, key=KEY, **options)
    await bot.login(emu.bot_token)
    bot.__dict__["_many_task"] = asyncio.create_task(bot.connect(reconnect=True))
    await asyncio.wait_for(bot.wait_until_ready(), timeout=600)
    return bot


async def stop_bot(bot: BalintBot) -> None:
    await bot.close()
    task = bot.__dict__.get("_many_task")
    if task is not None:
        await asyncio.gather(task, return_exceptions=True)


async def skip_posts_due_before(bot: BalintBot, before: datetime) -> int:
    """Record every post due before `before` as skipped, so only the later ones fall due (a
    benchmark or test of one wave need not send the week's earlier posts first)."""
    sessions = await sessions_between(
        bot.db, before - timedelta(days=14), before + timedelta(days=8)
    )
    count = 0
    for session in sessions:
        for kind in bot.scheduler.kinds.values():
            due = kind.due_at(session)
            if due < before:
                await deliveries.decide(
                    bot.db,
                    session.id,
                    kind.name,
                    due=due,
                    now=before,
                    late=False,
                    closed_as="skipped",
                )
                count += 1
    return count
