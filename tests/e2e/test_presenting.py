"""Presenting through the emulator: volunteering, reserves, the last-slot race, nudges, the leaders'
alert and record, follow-ups, moves and skips, and bad input.

Times: the group meets on Thursdays 09:00-10:15 London time (08:00-09:15 UTC in September). The
clock starts on Tuesday 1 September 2026, 09:00 UTC, when the first session's 48-hour nudge is
already an hour overdue, so it goes out as soon as the group is set up.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

from bot.app import BalintBot
from bot.domain.calendar import discord_timestamp
from bot.emulator.emulator import Message, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store import rota
from bot.store.groups import Group
from bot.store.sessions import Session, session_on
from cogs.presenting._views import (
    CONFIRM_LABEL,
    NO_CASE_LABEL,
    VOLUNTEER_LABEL,
    WHO_PLACEHOLDER,
    YES_LABEL,
)
from tests.e2e.conftest import StartBot


async def session(bot: BalintBot, group: Group, day: str) -> Session:
    found = await session_on(bot.db, group.id, date.fromisoformat(day))
    assert found is not None
    return found


async def statuses(bot: BalintBot, group: Group, day: str) -> dict[int, str]:
    s = await session(bot, group, day)
    return {e.user_id: e.status for e in await rota.entries(bot.db, s.id)}


async def agenda(bot: BalintBot, s: Session) -> list[str]:
    lines: list[str] = []
    for part in bot.hooks.agenda_parts:
        lines += await part(s)
    return lines


def at(when: datetime) -> str:
    """How a session's start appears in a message (each client renders it in its own zone)."""
    return discord_timestamp(when)


SEP3 = at(datetime(2026, 9, 3, 8, tzinfo=UTC))
SEP10 = at(datetime(2026, 9, 10, 8, tzinfo=UTC))
OCT22 = at(datetime(2026, 10, 22, 8, tzinfo=UTC))


def dms(member: SimMember, needle: str) -> list[Message]:
    return [m for m in member.inbox if needle in m.text]


async def test_volunteering_reserves_and_the_last_slot_race(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    alice, bob, carol, dan, erin = world.trainees[:5]
    ch = world.channel
    # two members press enter for the one slot at the same moment
    a, b = await asyncio.gather(
        alice.slash("volunteer", in_channel=ch), bob.slash("volunteer", in_channel=ch)
    )
    assert a.ephemeral and b.ephemeral
    got = await statuses(bot, group, "2026-09-03")
    assert sorted(got.values()) == ["presenter", "reserve"]
    winner, other = (a, b) if got[alice.id] == "presenter" else (b, a)
    assert "down to present" in winner.text and SEP3 in winner.text
    assert "reserve list as number 1" in other.text
    reserve = bob if got[alice.id] == "presenter" else alice
    presenter = alice if reserve is bob else bob

    # a repeat changes nothing; a third member queues behind
    again = await presenter.slash("volunteer", in_channel=ch)
    assert "already offered a case" in again.text and "down to present" in again.text
    third = await carol.slash("volunteer", in_channel=ch, session="2026-09-03")
    assert "number 2" in third.text
    assert await statuses(bot, group, "2026-09-03") == {
        presenter.id: "presenter",
        reserve.id: "reserve",
        carol.id: "reserve",
    }
    s3 = await session(bot, group, "2026-09-03")
    assert await agenda(bot, s3) == ["Presenting: a member of the group, not named in advance"]
    holders = set()
    for count in bot.hooks.case_holders:
        holders |= await count(s3)
    assert holders == {presenter.id, reserve.id, carol.id}

    # the presenter withdraws: the first reserve steps up and is told privately
    gone = await presenter.slash("withdraw", in_channel=ch)
    assert "withdrawn" in gone.text
    await clock.settle()
    assert dms(reserve, "A case slot has opened")
    assert (await statuses(bot, group, "2026-09-03"))[reserve.id] == "presenter"
    nothing = await presenter.slash("withdraw", in_channel=ch)
    assert nothing.ephemeral and "nothing to withdraw" in nothing.text

    # a presenter who chose to be named appears in the agenda; autocomplete offers the sessions
    named = await dan.slash("volunteer", in_channel=ch, session="2026-09-10", named=True)
    assert "The agenda will name you" in named.text
    assert await agenda(bot, await session(bot, group, "2026-09-10")) == [
        f"Presenting: <@{dan.id}>"
    ]
    choices = await erin.autocomplete("volunteer", "session", in_channel=ch)
    assert choices[0]["value"] == "2026-09-03" and "(next)" in choices[0]["name"]
    assert [
        c["value"]
        for c in await erin.autocomplete("volunteer", "session", session="10 Sep", in_channel=ch)
    ] == ["2026-09-10"]

    # a trainee sees only her own record; leaders see the rota
    mine = await carol.slash("rota me", in_channel=ch)
    assert mine.ephemeral and "reserve number" in mine.text
    assert f"<@{dan.id}>" not in mine.text and f"<@{reserve.id}>" not in mine.text
    refused = await carol.slash("rota group", in_channel=ch)
    assert "Only the leaders" in refused.text
    board = await world.leader.slash("rota group", in_channel=ch)
    assert board.ephemeral and f": <@{reserve.id}> (anonymous in the agenda)" in board.text
    assert f"<@{dan.id}> (named)" in board.text and "Presentations this year" in board.text
    # nothing about volunteering was posted in the group's channel
    assert not [m for m in ch.messages if not m.ephemeral and "present" in m.text.lower()]


async def test_bad_input_gets_a_clear_private_message_and_changes_nothing(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    alice, bob, carol = world.trainees[:3]
    ch = world.channel

    async def rows() -> int:
        found: int = await bot.db.fetchval("SELECT count(*) FROM volunteers")
        return found

    cases: list[tuple[SimMember, str, dict[str, Any], str]] = [
        (world.outsider, "volunteer", {}, "not on the roster"),
        (world.leader, "volunteer", {}, "Leaders don't present"),
        (alice, "volunteer", {"session": "2026-09-02"}, "Wed 2 Sep is not a session day"),
        (alice, "volunteer", {"session": "tomorrow"}, "not a date I can read"),
        (alice, "withdraw", {}, "nothing to withdraw"),
        (alice, "presenter set", {"session": "next", "member": bob}, "Only the leaders"),
        (
            world.leader,
            "presenter set",
            {"session": "next", "member": world.outsider},
            "not a trainee on the roster",
        ),
        (world.leader, "presenter clear", {"session": "next", "member": carol}, "nothing to clear"),
    ]
    for who, command, options, expected in cases:
        r = await who.slash(command, in_channel=ch, **options)
        assert r.ephemeral and expected in r.text, (command, r.text)
    assert await rows() == 0

    # a leader puts Alice down; the slot is then full, and Bob is offered a reserve place
    r = await world.leader.slash("presenter set", in_channel=ch, session="next", member=alice)
    assert "down to present" in r.text
    await clock.settle()
    assert dms(alice, "has put you down to present")
    r = await world.leader.slash("presenter set", in_channel=ch, session="next", member=bob)
    assert "are taken" in r.text and "/presenter clear" in r.text
    r = await bob.slash("volunteer", in_channel=ch)
    assert "reserve list as number 1" in r.text
    # taking Alice off lets Bob step up
    r = await world.leader.slash("presenter clear", in_channel=ch, session="next", member=alice)
    assert "stepped up" in r.text
    await clock.settle()
    assert dms(alice, "taken you off the rota") and dms(bob, "A case slot has opened")

    # a session in progress, and a skipped one, have no slots
    await clock.move_to(datetime(2026, 9, 3, 8, 30, tzinfo=UTC))
    r = await carol.slash("volunteer", in_channel=ch, session="2026-09-03")
    assert "has already started" in r.text and "2026-09-10" in r.text
    r = await world.leader.slash(
        "schedule skip", in_channel=ch, date="2026-09-17", reason="study leave"
    )
    assert "skipped" in r.text, r.text
    r = await carol.slash("volunteer", in_channel=ch, session="2026-09-17")
    assert "is skipped (study leave)" in r.text
    assert await rows() == 1  # only Bob's offer for 3 September


async def test_nudges_go_privately_to_whose_turn_it_most_is_then_the_leaders_are_alerted(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    alice, bob, carol, dan, erin, frank = world.trainees[:6]
    await clock.settle()
    # the first session's nudge fell due before the group was set up: nobody is nudged for it
    # (nobody has had the chance to offer), but the leaders still hear, privately
    assert not [t for t in world.trainees if dms(t, "gentle, private note")]
    await clock.move_to(datetime(2026, 9, 3, 6, 1, tzinfo=UTC))
    alerts = [m for m in world.leaders_channel.messages if "No case yet" in m.text]
    assert len(alerts) == 1 and "asked privately" not in alerts[0].text
    r = await alice.slash("volunteer", in_channel=world.channel)  # she presents on 3 Sep
    assert "down to present" in r.text, r.text

    # Bob turns nudges off with the command
    r = await bob.slash("nudges off", in_channel=world.channel)
    assert "Nudges are off" in r.text
    r = await bob.slash("nudges off", in_channel=world.channel)
    assert "already off" in r.text
    r = await alice.slash("nudges on", in_channel=world.channel)  # on unless turned off
    assert "already on. When a session has no case" in r.text and "Nobody else is told" in r.text

    # the next session's nudge skips Bob (off) and Alice (she has presented, the others have not)
    await clock.move_to(datetime(2026, 9, 8, 8, 1, tzinfo=UTC))
    nudged = [t for t in world.trainees if dms(t, "gentle, private note")]
    assert nudged == [carol, dan, erin]
    note = dms(dan, "gentle, private note")[0]
    assert note.buttons == [VOLUNTEER_LABEL, "No more nudges"]
    assert SEP10 in note.text and "nobody is told who" in note.text
    assert not [m for m in world.channel.messages if "gentle" in m.text and not m.ephemeral]
    r = await dan.click(VOLUNTEER_LABEL)
    assert "down to present" in r.text and SEP10 in r.text
    # with a presenter, no alert for that session
    await clock.move_to(datetime(2026, 9, 10, 6, 1, tzinfo=UTC))
    assert len([m for m in world.leaders_channel.messages if "No case yet" in m.text]) == 1
    assert frank.inbox == []


async def test_the_leaders_record_reserves_offers_and_follow_ups_survive_a_restart(
    bot: BalintBot, world: World, group: Group, clock: Clock, start_bot: StartBot
) -> None:
    alice, bob, carol = world.trainees[:3]
    ch = world.channel
    await alice.slash("volunteer", in_channel=ch, named=True)
    await bob.slash("volunteer", in_channel=ch)
    s3 = await session(bot, group, "2026-09-03")
    assert await agenda(bot, s3) == [f"Presenting: <@{alice.id}>"]

    # the session ends: the leaders are asked who presented; the unreached reserve gets an offer
    await clock.move_to(datetime(2026, 9, 3, 9, 16, tzinfo=UTC))
    prompt = next(m for m in world.leaders_channel.messages if "Who presented" in m.text)
    assert "Who presented on Thu 3 Sep?" in prompt.text and f"<@{alice.id}>" in prompt.text
    assert prompt.buttons == [CONFIRM_LABEL, NO_CASE_LABEL]
    offer = dms(bob, "weren't reached")
    assert offer and offer[0].buttons == ["Volunteer for Thu 10 Sep"]
    r = await alice.slash("rota me", in_channel=ch)
    assert "Presentations this year: 1" in r.text and "awaiting the leaders' record" in r.text

    # only leaders can record; a correction replaces the record
    r = await carol.click(NO_CASE_LABEL, message=prompt)
    assert r.ephemeral and "Only the leaders" in r.text
    r = await world.leader.click(CONFIRM_LABEL, message=prompt)
    assert f"recorded, <@{alice.id}> presented" in prompt.text
    r = await world.coleader.select(WHO_PLACEHOLDER, [str(bob.id)], message=prompt)
    assert f"recorded, <@{bob.id}> presented" in prompt.text
    r = await world.leader.click(CONFIRM_LABEL, message=prompt)
    r = await world.leader.click(CONFIRM_LABEL, message=prompt)  # a double click changes nothing
    assert await rota.presenters_of(bot.db, s3) == (alice.id,)
    r = await alice.slash("rota me", in_channel=ch)
    assert "Presentations this year: 1" in r.text and "awaiting" not in r.text

    # Bob, the carried reserve, takes the next session from his offer
    r = await bob.click("Volunteer for Thu 10 Sep")
    assert "down to present" in r.text and SEP10 in r.text

    # a restart: the buttons in old messages still work, nothing is sent twice
    await bot.close()
    bot = await start_bot()
    await clock.move_to(datetime(2026, 10, 15, 9, 16, tzinfo=UTC))
    asked = dms(alice, "short update on that case")
    assert len(asked) == 1 and asked[0].buttons == [YES_LABEL, "No, thank you"]
    r = await alice.click(YES_LABEL)
    assert "short slot for your update" in r.text and OCT22 in r.text
    r = await alice.click(YES_LABEL)
    assert OCT22 in r.text
    s22 = await session(bot, group, "2026-10-22")
    assert f"A short update on a previous case from <@{alice.id}>" in await agenda(bot, s22)
    assert len(dms(bob, "weren't reached")) == 1
    prompts = [
        m for m in world.leaders_channel.messages if "Thu 3 Sep" in m.text and "presented" in m.text
    ]
    assert prompts == [prompt] and "recorded" in prompt.text


async def test_moves_carry_volunteers_and_skips_release_them_with_their_place(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    alice, bob, carol, dan = world.trainees[:4]
    ch = world.channel
    await alice.slash("volunteer", in_channel=ch, session="2026-09-10")
    await bob.slash("volunteer", in_channel=ch, session="2026-09-10")
    await dan.slash("volunteer", in_channel=ch, session="2026-09-24")
    await carol.slash("volunteer", in_channel=ch, session="2026-09-17")

    # moved to Friday 11 September, 14:00 London time: volunteers stay and are told the new time
    r = await world.leader.slash(
        "schedule move", in_channel=ch, date="2026-09-10", new_date_time="2026-09-11 14:00"
    )
    assert "Moved" in r.text, r.text
    await clock.settle()
    assert dms(alice, "has moved") and "still down to present" in dms(alice, "has moved")[0].text
    assert "still reserve number 1" in dms(bob, "has moved")[0].text
    r = await bob.slash("withdraw", in_channel=ch, session="2026-09-11")  # the day it now meets
    assert "withdrawn" in r.text

    # skipped: Carol is released with a message and keeps her place; she goes ahead of Dan
    r = await world.leader.slash(
        "schedule skip", in_channel=ch, date="2026-09-17", reason="study leave"
    )
    assert "skipped" in r.text, r.text
    await clock.settle()
    released = dms(carol, "will not take place")
    assert released and "You keep your place" in released[0].text
    assert await statuses(bot, group, "2026-09-17") == {}
    r = await carol.click("Volunteer for Thu 24 Sep")
    assert "down to present" in r.text
    assert await statuses(bot, group, "2026-09-24") == {carol.id: "presenter", dan.id: "reserve"}
    await clock.settle()
    assert dms(dan, "they go first") and "reserve number 1" in dms(dan, "they go first")[0].text
    # restoring changes nothing for presenting
    r = await world.leader.slash("schedule restore", in_channel=ch, date="2026-09-17")
    assert "Restored" in r.text, r.text
    assert await statuses(bot, group, "2026-09-17") == {}
