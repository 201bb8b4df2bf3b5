"""Attendance from voice through the emulator: with `[sessions] voice_attendance` on (and only
then the voice-states intent), a group whose leaders named its voice channel checks a trainee in
when they join it during the check-in window: on time, late after the grace period, never late
twice after dropping out; "I'm here" still works; those already in the channel when the check-in
goes out, or when the bot comes back, are checked in then."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import BalintBot
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import GROUP_SETUP, World
from bot.store.groups import Group
from tests.e2e.conftest import StartBot

S1 = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)  # Thu 3 Sep, 09:00-10:15 London
VOICE_ON: dict[str, Any] = {"sessions": {"voice_attendance": True}}


def statuses(bot: BalintBot) -> dict[int, tuple[str, str | None]]:
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        return {
            user: (status, at)
            for user, status, at in conn.execute(
                "SELECT user_id, status, checked_in_at FROM attendance"
            )
        }
    finally:
        conn.close()


async def set_up(world: World) -> None:
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        leaders_channel=world.leaders_channel,
        **GROUP_SETUP,
    )
    assert "Group set up" in r.text, r.text


async def test_joining_the_groups_voice_channel_checks_a_trainee_in_once(
    start_bot: StartBot, world: World, clock: Clock
) -> None:
    room = world.guild.create_voice_channel("balint-room")
    bot = await start_bot(**VOICE_ON)
    assert bot.intents.voice_states
    await set_up(world)
    ch, leader = world.channel, world.leader
    alice, bob, carol, dan, erin, frank = (
        world.trainee(n) for n in ("alice", "bob", "carol", "dan", "erin", "frank")
    )
    r = await alice.slash("group edit", in_channel=ch, voice_channel=room)
    assert "Only the leaders" in r.text
    r = await leader.slash("group edit", in_channel=ch, voice_channel=room)
    assert f"Joining <#{room.id}> during a session checks a trainee in" in r.text

    alice.join_voice(room)  # early, before the check-in window opens: nothing yet
    await clock.move_to(S1 - timedelta(minutes=20))
    assert statuses(bot) == {}
    await clock.move_to(S1 + timedelta(minutes=1))  # the check-in goes out: alice is in
    (post,) = [m for m in ch.messages if m.text.startswith("**Check-in:")]
    assert f"Joining <#{room.id}> checks you in too." in post.text
    assert statuses(bot)[alice.id][0] == "attended"

    bob.join_voice(room)
    leader.join_voice(room)  # a leader: nothing recorded
    await clock.settle()
    assert statuses(bot)[bob.id][0] == "attended" and leader.id not in statuses(bot)
    r = await dan.click("I'm here", message=post)  # the button still works
    assert "checked in" in r.text

    await clock.move_to(S1 + timedelta(minutes=12))
    carol.join_voice(room)
    bob.leave_voice()  # dropped out
    await clock.settle()
    assert statuses(bot)[carol.id][0] == "late"
    await clock.move_to(S1 + timedelta(minutes=30))
    bob.join_voice(room)  # rejoined: not late twice
    dan.join_voice(room)
    await clock.settle()
    assert statuses(bot)[bob.id][0] == "attended" and statuses(bot)[dan.id][0] == "attended"
    r = await bob.slash("attendance me", in_channel=ch)
    assert "1 session attended" in r.text and "late" not in r.text.split("\n")[1]

    # the bot was away while frank joined: he is checked in when it is back (late, by then)
    await bot.close()
    await clock.move_to(S1 + timedelta(minutes=50))
    frank.join_voice(room)
    bot = await start_bot(**VOICE_ON)
    await clock.settle()
    assert statuses(bot)[frank.id][0] == "late"

    # after the session ends, joining records nothing
    await clock.move_to(S1 + timedelta(minutes=80))
    erin.join_voice(room)
    await clock.settle()
    assert statuses(bot)[erin.id][0] == "absent"  # decided at the close; the join changed nothing

    r = await leader.slash("group edit", in_channel=ch, voice_attendance=False)
    assert "checks a trainee in" not in r.text


async def test_off_by_default_no_voice_intent_and_no_voice_channel(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    room = world.guild.create_voice_channel("balint-room")
    assert not bot.intents.voice_states
    r = await world.leader.slash("group edit", in_channel=world.channel, voice_channel=room)
    assert r.ephemeral and "Attendance from voice is off on this bot" in r.text
    await clock.move_to(S1 + timedelta(minutes=1))
    world.trainee("alice").join_voice(room)
    await clock.settle()
    assert world.trainee("alice").id not in statuses(bot)
