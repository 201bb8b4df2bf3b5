"""Restarts and downtime through the emulator, around the spring clock change: nothing posted twice,
nothing lost; a post still useful is sent late with a note, a stale one is recorded as missed; a
session whose check-in was never posted marks nobody absent (and the leaders' record says so); buttons keep working after a restart.

The group is set up in March 2027 (Thursdays 09:00 London): 25 March meets at 09:00 UTC (GMT) and
1 April at 08:00 UTC (BST, from 28 March).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import cast

import discord

from bot.app import BalintBot
from bot.emulator.emulator import Channel, Emulator, Message
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import GROUP_SETUP, World
from bot.scheduling import nonce_for
from bot.store.groups import Group, group_for_channel
from bot.store.sessions import Session, session_on
from cogs.sessions._cog import ScheduleCog
from tests.e2e.conftest import StartBot
from tests.e2e.test_privacy_seams_three import die

LATE = "Sent late: the bot was offline"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def public(channel: Channel, needle: str = "") -> list[Message]:
    return [m for m in channel.messages if not m.ephemeral and needle in m.text]


async def session(bot: BalintBot, group: Group, day: str) -> Session:
    found = await session_on(bot.db, group.id, date.fromisoformat(day))
    assert found is not None
    return found


async def status(bot: BalintBot, s: Session, kind: str) -> tuple[str, int] | None:
    row = await bot.db.fetchone(
        "SELECT status, late FROM deliveries WHERE session_id = ? AND kind = ?", (s.id, kind)
    )
    return (row["status"], row["late"]) if row else None


async def restart(bot: BalintBot, start_bot: StartBot, clock: Clock) -> BalintBot:
    await bot.close()
    bot = await start_bot()
    await clock.settle()
    return bot


async def test_restarts_and_downtime_across_the_spring_clock_change(
    start_bot: StartBot, world: World, clock: Clock, emulator: Emulator
) -> None:
    ch, leaders = world.channel, world.leaders_channel
    await clock.move_to(utc(2027, 3, 19, 9))
    bot = await start_bot()
    r = await world.leader.slash(
        "group setup",
        channel=ch,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        leaders_channel=leaders,
        **GROUP_SETUP,
    )
    # a group moved onto the bot mid-year: asked first, then set up without the past's posts
    assert "29 sessions (Thu 3 Sep 2026 to Thu 18 Mar) have already begun" in r.text, r.text
    r = await world.leader.click("Set up, leaving out what is over", message=r.message)
    assert "Group set up" in r.text
    group = await group_for_channel(bot.db, ch.id)
    assert group is not None
    await clock.settle()
    # sessions before the set-up are history: nobody is marked absent for them
    assert await bot.db.fetchval("SELECT count(*) FROM attendance") == 0

    # -- 25 March, GMT: the check-in at 09:00 UTC ------------------------------------------------
    s25 = await session(bot, group, "2027-03-25")
    assert s25.starts_at == utc(2027, 3, 25, 9)
    for due in (s25.starts_at - timedelta(hours=72), s25.starts_at - timedelta(hours=24)):
        await clock.move_to(due)
    await clock.move_to(utc(2027, 3, 25, 8, 59))
    assert not public(ch, "Check-in: Thursday Balint group, Thu 25 Mar")
    await clock.move_to(s25.starts_at)
    assert len(public(ch, "Check-in: Thursday Balint group, Thu 25 Mar")) == 1
    for member in world.trainees:
        await member.click("I'm here", in_channel=ch)
    await clock.move_to(s25.ends_at + timedelta(minutes=1))

    # -- 1 April, BST (08:00 UTC) --------------------------------------------------------------
    s1 = await session(bot, group, "2027-04-01")
    assert s1.starts_at == utc(2027, 4, 1, 8)
    stamp = f"<t:{int(s1.starts_at.timestamp())}"
    # the bot is down when "Who has a case?" falls due, and back half an hour later: sent late, once
    await clock.move_to(s1.starts_at - timedelta(hours=72, minutes=5))
    await bot.close()
    await clock.move_to(s1.starts_at - timedelta(hours=71, minutes=30))
    bot = await start_bot()
    await clock.settle()
    who = public(ch, f"Who has a case?** Thursday Balint group meets {stamp}")
    assert len(who) == 1 and LATE in who[0].text
    assert await status(bot, s1, "who_has_case") == ("sent", 1)
    bot = await restart(bot, start_bot, clock)
    assert len(public(ch, f"Who has a case?** Thursday Balint group meets {stamp}")) == 1

    # a crash after the agenda was sent but before the ledger said so: the retry, two minutes
    # on (more than the bot trusts Discord's nonce for), finds its own post, and it is pinned
    # once (tests/e2e/test_crash_recovery.py: hours later)
    await clock.move_to(s1.starts_at - timedelta(hours=24, minutes=1))
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
    await clock.move_to(s1.starts_at - timedelta(hours=23, minutes=59))
    bot = await start_bot()
    await clock.settle()
    agendas = public(ch, f"**Agenda: Thursday Balint group, {stamp}")
    assert [a.id for a in agendas] == [sent.id] and agendas[0].pinned
    assert emulator.nonce_hits == hits  # found, not re-sent
    assert await status(bot, s1, "agenda") == ("sent", 0)
    # a button posted before the restart still works
    r = await world.trainee("alice").click("I have a case in mind", who[0])
    assert "Noted" in r.text

    # down across the opening and the check-in: the opening is stale (missed, never sent); the
    # check-in is still useful (sent late, during the session) and pressing it now is late
    await clock.move_to(s1.starts_at - timedelta(minutes=15))
    await bot.close()
    await clock.move_to(s1.starts_at + timedelta(minutes=30))
    bot = await start_bot()
    await clock.settle()
    assert await status(bot, s1, "opening") == ("missed", 0)
    assert not public(ch, f"starts at {stamp}")
    checkin = public(ch, "Check-in: Thursday Balint group, Thu 1 Apr")
    assert len(checkin) == 1 and LATE in checkin[0].text
    r = await world.trainee("bob").click("I'm here", checkin[0])
    assert "recorded as late" in r.text
    await clock.move_to(s1.ends_at + timedelta(minutes=1))
    absent = await bot.db.fetchval(
        "SELECT count(*) FROM attendance WHERE session_id = ? AND status = 'absent'", (s1.id,)
    )
    assert absent == 7  # counted: the check-in was posted, if late

    # -- 8 April: down from before the opening until long after the end -------------------------
    s8 = await session(bot, group, "2027-04-08")
    for due in (s8.starts_at - timedelta(hours=72), s8.starts_at - timedelta(hours=24)):
        await clock.move_to(due)
    await clock.move_to(s8.starts_at - timedelta(minutes=20))
    await bot.close()
    await clock.move_to(s8.ends_at + timedelta(hours=3))
    bot = await start_bot()
    await clock.settle()
    assert await status(bot, s8, "opening") == ("missed", 0)
    assert await status(bot, s8, "close") == ("missed", 0)
    delivery = await status(bot, s8, "checkin")
    assert delivery is not None and delivery[0] in {"missed", "skipped"}
    assert not public(ch, "Check-in: Thursday Balint group, Thu 8 Apr")
    # nobody could check in, so nobody is absent; the leaders' record says so
    assert (
        await bot.db.fetchval("SELECT count(*) FROM attendance WHERE session_id = ?", (s8.id,)) == 0
    )
    r = await world.leader.slash("attendance group", in_channel=ch)
    assert "No check-in was posted for Thu 8 Apr" in r.text and "/attendance mark" in r.text
    bot = await restart(bot, start_bot, clock)
    # a session moved to tomorrow: its "Who has a case?" goes out at once, with no "offline" note
    r = await world.leader.slash(
        "schedule move", in_channel=ch, date="2027-04-15", new_date_time="2027-04-09 16:00"
    )
    assert "Moved" in r.text
    await clock.settle()
    moved = public(ch, "Who has a case?** Thursday Balint group meets <t:1807282800")
    assert len(moved) == 1 and LATE not in moved[0].text
    # nothing of this capability was ever posted twice
    for needle in ("Who has a case?", "**Agenda:", "Check-in:", "the frame closes"):
        texts = [m.text for m in public(ch, needle)]
        assert len(texts) == len(set(texts)), needle


# -- a leader's change, cut off by a stop -------------------------------------------------------

NO_SESSION = "There will be no session on **Thu 10 Sep**"


async def _skip_and_die(
    bot: BalintBot, world: World, emulator: Emulator, *, applied: bool
) -> list[Message]:
    """Alice has offered a case for 10 Sep; the leader skips it and the bot stops while the
    channel's notice is on its way (sent, with `applied`, and its answer lost)."""
    alice = world.trainee("alice")
    await alice.slash("volunteer", in_channel=world.channel, session="2026-09-10")
    emulator.faults.fail_next(
        "POST",
        rf"/channels/{world.channel.id}/messages$",
        status=429,
        retry_after=60,
        applied=applied,
    )
    skipping = asyncio.ensure_future(
        world.leader.slash("schedule skip", in_channel=world.channel, date="2026-09-10")
    )
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot, skipping)
    emulator.faults.clear()
    return [m for m in world.channel.messages if NO_SESSION in m.text]


async def test_a_skip_cut_off_by_a_stop_is_announced_and_followed_through_after_a_restart(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """The skip was written, and the stop came before the channel was told: nothing told the
    members after the restart (the change had no record of what was left to do). Each change
    now records that it is to be told and followed through; the next start finishes it."""
    assert await _skip_and_die(bot, world, emulator, applied=False) == []
    bot = await start_bot()
    await clock.settle()
    assert len([m for m in world.channel.messages if NO_SESSION in m.text]) == 1
    alice = world.trainee("alice")
    assert len([m for m in alice.inbox if "will not take place" in m.text]) == 1
    assert not await bot.db.fetchval(
        "SELECT count(*) FROM volunteers v JOIN sessions s ON s.id = v.session_id "
        "WHERE s.local_date = '2026-09-10'"
    )


async def test_a_skip_announced_just_before_a_long_stop_is_not_announced_again(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """The channel's notice went out and the stop came before its answer; the bot came back
    long after Discord forgets a nonce: it looks for its notice first, and posts it once."""
    assert len(await _skip_and_die(bot, world, emulator, applied=True)) == 1
    await clock.move_to(clock.now() + timedelta(minutes=30))
    bot = await start_bot()
    await clock.settle()
    assert len([m for m in world.channel.messages if NO_SESSION in m.text]) == 1
    alice = world.trainee("alice")
    assert len([m for m in alice.inbox if "will not take place" in m.text]) == 1


async def test_a_skip_cut_off_by_a_stop_is_not_announced_after_its_day_has_passed(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """The skip was written and the stop came before the channel was told; the bot came back
    only after the skipped Thursday: "There will be no session on Thu 10 Sep" then, in the
    group's channel, is stale (principle 2: a post no longer useful is not sent late)."""
    assert await _skip_and_die(bot, world, emulator, applied=False) == []
    await clock.move_to(datetime(2026, 9, 11, 12, 0, tzinfo=UTC))
    bot = await start_bot()
    await clock.settle()
    assert [m.text for m in world.channel.messages if NO_SESSION in m.text] == []
    assert await bot.db.fetchval("SELECT done FROM session_changes") == 2
