"""Many groups at once, for the scale benchmarks and tests: one channel each in the emulator (100
channels a guild) and the groups written straight into the store, as /group setup would."""

from __future__ import annotations

from datetime import date, datetime

from bot.sandbox.emulator import Emulator
from bot.store import groups as store
from bot.store.db import Database

CHANNELS_PER_GUILD = 100
TRAINEES = 8


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
