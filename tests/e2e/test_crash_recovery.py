"""A crash between posting and recording, then a restart outside Discord's nonce window (a few
minutes; the emulator keeps two): the retry cannot count on the nonce, so the bot looks for its
own earlier post and records it instead of posting the agenda twice."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

import discord

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.scheduling import nonce_for
from bot.store.groups import Group
from bot.store.sessions import session_on
from cogs.sessions._cog import ScheduleCog
from tests.e2e.conftest import StartBot


async def test_a_crash_after_the_post_and_a_restart_hours_later_still_shows_it_once(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    ch = world.channel
    s1 = await session_on(bot.db, group.id, date(2026, 9, 3))
    assert s1 is not None
    await clock.move_to(s1.starts_at - timedelta(hours=24, minutes=1))
    # the agenda goes out, then the process dies before the ledger says so
    # found by name and cast, not isinstance: a restart loads the extension's module afresh
    cog = cast(ScheduleCog, bot.get_cog("ScheduleCog"))
    posts = cog.service.posts
    content = (await posts.agenda_content(group, s1)).content
    channel = bot.get_channel(ch.id)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send(content, nonce=nonce_for(s1.id, "agenda"))
    await bot.db.execute(
        "INSERT INTO deliveries (session_id, kind, status, due_at, decided_at) "
        "VALUES (?, 'agenda', 'claimed', ?, ?)",
        (s1.id, (s1.starts_at - timedelta(hours=24)).isoformat(), bot.now().isoformat()),
    )
    await bot.close()
    hits = emulator.nonce_hits
    await clock.move_to(s1.starts_at - timedelta(hours=21))  # three hours later
    bot = await start_bot()
    await clock.settle()
    agendas = [m for m in ch.messages if m.text.startswith("**Agenda:")]
    assert [a.id for a in agendas] == [sent.id] and agendas[0].pinned
    assert emulator.nonce_hits == hits  # the nonce had lapsed: the bot found the post itself
    row = await bot.db.fetchone(
        "SELECT status, message_id FROM deliveries WHERE session_id = ? AND kind = 'agenda'",
        (s1.id,),
    )
    assert row is not None and (row["status"], row["message_id"]) == ("sent", sent.id)


async def test_a_retry_outside_the_window_that_finds_nothing_posts(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """The first attempt never reached Discord (it died before sending): the look finds nothing
    and the post goes out, once."""
    ch = world.channel
    s1 = await session_on(bot.db, group.id, date(2026, 9, 3))
    assert s1 is not None
    await clock.move_to(s1.starts_at - timedelta(hours=24, minutes=1))
    await bot.db.execute(
        "INSERT INTO deliveries (session_id, kind, status, due_at, decided_at) "
        "VALUES (?, 'agenda', 'claimed', ?, ?)",
        (s1.id, (s1.starts_at - timedelta(hours=24)).isoformat(), bot.now().isoformat()),
    )
    await bot.close()
    await clock.move_to(s1.starts_at - timedelta(hours=21))
    bot = await start_bot()
    await clock.settle()
    assert len([m for m in ch.messages if m.text.startswith("**Agenda:")]) == 1
