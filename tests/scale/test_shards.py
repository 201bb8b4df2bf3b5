"""Past one gateway session: 3,000 servers (Discord refuses one session over 2,500) on the shards
Discord recommends, through the emulator's sharding rules (tests/emulator/test_sharding.py).

Every 10th server has a group (300 groups, on every shard): each group's opening and check-in go
out once, in its own channel; members' interactions are answered on every shard; a shard whose
socket drops mid-wave resumes and loses nothing (a member who joined meanwhile is known, a click
sent meanwhile is answered), and one that must start afresh (its session invalidated) refills
its servers while the others go on, its posts still in their channels. Then the smaller rules the
bot keeps on its own: IDENTIFYs within Discord's limit, and a post waiting while its shard refills.
"""

from __future__ import annotations

import asyncio
import collections
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine

from bot import pacing
from bot.app import BalintBot
from bot.emulator import Emulator, Guild, use_emulator
from bot.sandbox.many import (
    build_emulator,
    create_groups,
    skip_posts_due_before,
    start_bot,
    stop_bot,
    trainees_in_emulator,
)
from bot.settings import Settings, load_settings
from bot.shards import shard_of
from bot.store.db import Database
from tests.scale._waves import channel, channel_of, posts, until_posted

SERVERS = 3000
EVERY = 10  # a group in every 10th server: 300 groups (each wave is 300 posts, paced at 44/s)
START = datetime(2026, 9, 6, 8, 0, tzinfo=UTC)  # every group's first session: Sunday 09:00 BST
OPENING = START - timedelta(minutes=10)


def settings_in(tmp_path: Path, **discord: Any) -> Settings:
    return load_settings(environ={}).replace(
        database={"path": str(tmp_path / "balint.sqlite3")},
        discord={"guild_ready_timeout": 0.05, **discord},
        sessions={"events_ahead": 0},
    )


async def servers_with_groups(
    emu: Emulator, settings: Settings, servers: int, every: int
) -> dict[int, int]:
    """`servers` servers with one channel each, a group of 8 in every `every`-th: its channels,
    each with one of its trainees."""
    channels = build_emulator(emu, servers, per_guild=1)[::every]
    rosters = trainees_in_emulator(emu, channels)
    db = await Database.open(settings.database_path)
    await create_groups(db, emu, channels, now=START - timedelta(days=4), rosters=rosters)
    await db.close()
    return {channel: roster[0] for channel, roster in zip(channels, rosters, strict=True)}


async def only_later_posts(settings: Settings, emu: Emulator) -> None:
    """Record the week's posts due before now as done, so the waves are only the test's."""
    bot = await start_bot(settings, emu, start_scheduler=False)
    assert await skip_posts_due_before(bot, START - timedelta(minutes=11))
    await stop_bot(bot)


def shard_for(emu: Emulator, channel_id: int, count: int) -> int:
    channel = emu.channel(channel_id)
    assert channel is not None and channel.guild is not None
    return shard_of(channel.guild.id, count)


async def test_three_thousand_servers_on_shards(tmp_path: Path, errors: list[str]) -> None:
    settings = settings_in(tmp_path)
    # a bot this size may start 1 shard per 5 s; 3 at once here keeps the restarts quick (the
    # bot's pacing of IDENTIFYs has its own test below)
    emu = Emulator(validate_openapi=False, busy=pacing.outstanding, max_concurrency=3)
    await emu.start()
    try:
        with time_machine.travel(START - timedelta(minutes=11), tick=True) as traveller:
            trainees = await servers_with_groups(emu, settings, SERVERS, EVERY)
            with use_emulator(emu):
                await only_later_posts(settings, emu)
                bot = await start_bot(settings, emu)
                try:
                    await waves_on_shards(emu, bot, traveller, trainees)
                finally:
                    await stop_bot(bot)
    finally:
        await emu.stop()
    assert not emu.failures, emu.failures
    assert not errors, errors


def server_of(emu: Emulator, channel_id: int) -> Guild:
    """The server of a group's channel (a server's channel always has one)."""
    guild = channel(emu, channel_id).guild
    assert guild is not None
    return guild


async def waves_on_shards(
    emu: Emulator, bot: BalintBot, traveller: time_machine.Traveller, trainees: dict[int, int]
) -> None:
    channels = list(trainees)
    gw = emu.gateway
    assert gw is not None
    assert bot.shard_count == 3 and len(bot.guilds) == SERVERS
    assert sorted(s.shard or () for s in gw.live.values()) == [(0, 3), (1, 3), (2, 3)]
    by_shard = collections.Counter(shard_for(emu, c, 3) for c in channels)
    assert sorted(by_shard) == [0, 1, 2] and min(by_shard.values()) > 50

    # the opening: shard 1's socket drops as it falls due; it resumes and misses nothing
    dropped = [c for c in channels if shard_for(emu, c, 3) == 1]
    # (discord.py caches each as it reads the join, the replayed one after the resume)
    joins = [
        asyncio.ensure_future(
            bot.wait_for("member_join", check=lambda m, name=name: m.name == name, timeout=120)
        )
        for name in ("newcomer", "late-newcomer")
    ]
    joined = emu.member(server_of(emu, dropped[0]), "newcomer")
    await emu.drop_gateway(wait=False, shard_id=1)
    joined_late = emu.member(server_of(emu, dropped[1]), "late-newcomer")
    traveller.move_to(OPENING)
    bot.scheduler.wakeup()
    await until_posted(emu, "starts at", len(channels))
    await asyncio.wait_for(gw.resumed.wait(), 10)
    await asyncio.gather(*joins)  # resumed is set as the missed events are sent, not read
    for who, channel_id in ((joined, dropped[0]), (joined_late, dropped[1])):
        guild = bot.get_guild(server_of(emu, channel_id).id)
        assert guild is not None and guild.get_member(who.id) is not None

    # the check-in: shard 2 must start afresh as it falls due; its servers are refilled and
    # its groups' check-ins still go to their channels, the other shards going on meanwhile
    # (its refill ends after its fresh READY, in the background: the posts may all be out
    # before it ends, so the test waits for discord.py's shard_ready, heard from the start)
    refilled = asyncio.ensure_future(
        bot.wait_for("shard_ready", check=lambda shard_id: shard_id == 2, timeout=120)
    )
    await emu.invalidate_session(resumable=False, wait=False, shard_id=2)
    traveller.move_to(START)
    bot.scheduler.wakeup()
    await until_posted(emu, "**Check-in:", len(channels))
    await bot.scheduler.drain()
    await refilled
    assert bot.readiness.all_ready() and len(bot.guilds) == SERVERS
    assert (gw.identify_count, gw.resume_count) == (3 + 3 + 1, 1)  # two starts, one afresh

    for needle in ("starts at", "**Check-in:"):
        sent = posts(emu, needle)
        assert sorted(channel_of(r) for r in sent) == sorted(channels), needle
    assert not [m for m in emu.all_messages() if m.channel.guild is None]  # nothing went to DMs
    late = await bot.db.fetchval(
        "SELECT count(*) FROM deliveries WHERE late = 1 OR status = 'missed'"
    )
    assert late == 0

    # a trainee of every group checks in: answered on every shard, one shard's socket dropped
    # while the clicks come (they wait in its session and are answered once it resumes)
    await emu.drop_gateway(wait=False, shard_id=0)
    at_once = asyncio.Semaphore(10)  # people, not a load test (benchmarks/ has those)

    async def checkin(channel_id: int, trainee_id: int) -> str:
        trainee = emu.sim(trainee_id)
        assert trainee is not None
        async with at_once:
            r = await trainee.click("I'm here", in_channel=emu.channel(channel_id), timeout=10)
        return r.text

    answers = await asyncio.gather(
        *(checkin(channel_id, trainee) for channel_id, trainee in trainees.items()),
        return_exceptions=True,
    )
    assert [a for a in answers if not isinstance(a, str)] == []
    assert set(answers) == {"You're checked in. Welcome!"}
    await asyncio.wait_for(gw.resumed.wait(), 10)
    answered = collections.Counter(shard_for(emu, c, 3) for c in channels)
    assert answered == by_shard


async def test_shards_identify_as_discord_allows(tmp_path: Path, errors: list[str]) -> None:
    """Discord allows max_concurrency IDENTIFYs per 5 s (one per key shard_id %
    max_concurrency): one at a time, the bot's shards start 5 s apart and none is refused;
    two at a time, both start at once (discord.py alone waits 5 s whatever Discord allows)."""
    settings = settings_in(tmp_path, shard_count=2)
    for concurrency in (1, 2):
        emu = Emulator(validate_openapi=False, rate_limits=True, max_concurrency=concurrency)
        await emu.start()
        try:
            for n in range(4):
                emu.create_guild(f"Trust {n}").create_text_channel("general")
            with use_emulator(emu):
                bot = await start_bot(settings, emu)
                await stop_bot(bot)
        finally:
            await emu.stop()
        gw = emu.gateway
        assert gw is not None
        assert gw.identify_refused == 0 and [s for _, s in gw.identifies] == [(0, 2), (1, 2)]
        gap = gw.identifies[1][0] - gw.identifies[0][0]
        assert gap >= 5.0 if concurrency == 1 else gap < 1.0, (concurrency, gap)
        assert not emu.failures, emu.failures
    assert not errors, errors


async def test_a_post_waits_while_its_server_s_shard_refills(
    tmp_path: Path, errors: list[str]
) -> None:
    """A shard that starts afresh gets READY with its servers unavailable and refills them
    after; a post due meanwhile for a server of that shard waits for it (and then goes to its
    channel), while the other shard's posts go at once. (discord.py tells the bot with the
    events shard_connect, at a fresh READY, and shard_ready; sent here as it would.)"""
    settings = settings_in(tmp_path, shard_count=2)
    emu = Emulator(validate_openapi=False, busy=pacing.outstanding, max_concurrency=2)
    await emu.start()
    try:
        with time_machine.travel(START - timedelta(minutes=11), tick=True) as traveller:
            trainees = await servers_with_groups(emu, settings, 4, 1)
            on = collections.defaultdict(list)
            for channel_id in trainees:
                on[shard_for(emu, channel_id, 2)].append(channel_id)
            assert sorted(on) == [0, 1]
            with use_emulator(emu):
                await only_later_posts(settings, emu)
                bot = await start_bot(settings, emu)
                try:
                    bot.dispatch("shard_connect", 1)  # shard 1: a fresh READY
                    await emu.idle()
                    traveller.move_to(OPENING)
                    bot.scheduler.wakeup()
                    await until_posted(emu, "starts at", len(on[0]))
                    await emu.idle()
                    posted = {channel_of(r) for r in posts(emu, "starts at")}
                    assert posted == set(on[0])  # shard 1's wait
                    bot.dispatch("shard_ready", 1)  # its servers are back
                    await until_posted(emu, "starts at", len(trainees))
                    await bot.scheduler.drain()
                    sent = sorted(channel_of(r) for r in posts(emu, "starts at"))
                    assert sent == sorted(trainees)
                finally:
                    await stop_bot(bot)
    finally:
        await emu.stop()
    assert not emu.failures, emu.failures
    assert not errors, errors
