"""The session's structure through the emulator: a leader starts the phase timer in the session,
the group's channel gets one message that is edited as the phases change (by the clock, or by the
leaders' Next phase, Pause, Resume and Stop, which nobody else can press), and a restart resumes
it where the clock says it is; nothing about what was said is stored."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import BalintBot
from bot.emulator.emulator import Channel, Message
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.conftest import StartBot

S1 = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)  # Thu 3 Sep, 09:00-10:15 London


def timers(channel: Channel) -> list[Message]:
    return [m for m in channel.messages if m.text.startswith("**The session's structure")]


def rows(bot: BalintBot) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        return conn.execute("SELECT * FROM phase_timers").fetchall()
    finally:
        conn.close()


async def test_a_leader_runs_the_phases_in_one_message_that_survives_a_restart(
    bot: BalintBot, world: World, group: Group, clock: Clock, start_bot: StartBot
) -> None:
    ch, leader, coleader = world.channel, world.leader, world.coleader
    alice = world.trainee("alice")
    r = await leader.slash("session start", in_channel=ch)
    assert r.ephemeral and "none is now" in r.text and "The next one starts" in r.text
    await clock.move_to(S1 + timedelta(minutes=2))
    r = await alice.slash("session start", in_channel=ch)
    assert r.ephemeral and "Only the leaders" in r.text and not timers(ch)
    r = await leader.slash("session start", in_channel=world.leaders_channel)
    assert r.ephemeral and "Started in" in r.text and "75 minutes of phases" not in r.text
    assert "65 minutes of phases" in r.text
    (msg,) = timers(ch)  # posted in the group's channel, not the leaders'
    assert "(a timer only; nothing said is recorded)" in msg.text
    assert (
        "▶ **The presentation**: until" in msg.text and "◦ The push-back (35 minutes)" in msg.text
    )
    assert msg.buttons == ["Next phase", "Pause", "Stop"]
    r = await coleader.slash("session start", in_channel=ch)
    assert "already running" in r.text and str(msg.id) in r.text

    # the clock moves it on: the presentation's 10 minutes are up
    await clock.move_to(S1 + timedelta(minutes=13))
    assert "✓ ~~The presentation~~ (10 minutes)" in msg.text
    assert "▶ **Questions of fact**" in msg.text
    # only the leaders move it
    for person in (alice, world.outsider):
        r = await person.click("Pause", message=msg)
        assert r.ephemeral and "Only the leaders" in r.text
    assert "▶ **Questions of fact**" in msg.text
    await coleader.click("Pause", message=msg)
    assert "⏸ **Questions of fact**: paused, 4 minutes left" in msg.text
    assert msg.buttons == ["Next phase", "Resume", "Stop"]
    await clock.move_to(S1 + timedelta(minutes=30))
    assert "paused, 4 minutes left" in msg.text  # a pause keeps the phase's time

    # a restart resumes it from the store, buttons and all
    await bot.close()
    bot = await start_bot()
    await clock.settle()
    await leader.click("Resume", message=msg)
    assert "▶ **Questions of fact**: until" in msg.text
    await leader.click("Next phase", message=msg)
    assert "▶ **The push-back**" in msg.text and "listens without speaking" in msg.text

    # down while the push-back ends: at the next start the message shows the presenter's return
    await bot.close()
    await clock.move_to(S1 + timedelta(minutes=30 + 35 + 1))
    bot = await start_bot()
    await clock.settle()
    assert "✓ ~~The push-back~~" in msg.text and "▶ **The presenter's return**" in msg.text
    assert len(timers(ch)) == 1  # one message, edited: never a stream of posts

    # the end: no buttons, and nothing left in the store
    await clock.move_to(S1 + timedelta(minutes=30 + 35 + 10 + 5 + 1))
    assert "The structure is complete." in msg.text and msg.buttons == []
    assert rows(bot) == []


async def test_stopped_by_a_leader_and_started_again(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    ch, leader = world.channel, world.leader
    await clock.move_to(S1 + timedelta(minutes=5))
    await leader.slash("session start", in_channel=ch)
    (msg,) = timers(ch)
    await leader.click("Stop", message=msg)
    assert "The leaders stopped the timer." in msg.text and msg.buttons == []
    assert rows(bot) == []
    r = await leader.slash("session start", in_channel=ch)
    assert "Started in" in r.text and len(timers(ch)) == 2
    # after the session, nothing to start
    await clock.move_to(S1 + timedelta(minutes=80))
    r = await leader.slash("session start", in_channel=ch)
    assert "none is now" in r.text
