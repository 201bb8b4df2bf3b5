"""An adversarial review of today's features, each attack tried as its adversary would (a leader,
a trainee, the host with the files and the logs) through the emulator. The first review's numbered
leaks live in test_privacy_leaks.py; these are the ones found after it."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import BalintBot
from bot.emulator.emulator import Emulator, Message
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.test_closing import raw_bytes
from tests.e2e.test_drafts import next_round
from tests.e2e.test_privacy_leaks import (
    answer_pulse,
    drafts_of_alice_and_bob,
    leader_card,
    same_words,
)

NUMBER = re.compile(r"\d+")
SESSION_1_END = datetime(2026, 9, 3, 9, 15, tzinfo=UTC)  # 10:15 in London: the pulse goes out


def log_lines(records: list[logging.LogRecord]) -> list[str]:
    """What a log reader sees, with numbers blanked (ids, times, draft numbers differ anyway)."""
    return [r.levelname + " " + r.name + ": " + NUMBER.sub("N", r.getMessage()) for r in records]


# -- the DM oracle, again, in the host's log ------------------------------------------------------


async def test_the_log_of_a_leaders_question_does_not_depend_on_the_authors_dms(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Leak 1 made the leader's reply the same whatever the author's DM settings, but the bot
    still logged "could not send a direct message to a member" at the moment a leader asked one
    author and not the other. Whoever reads the log and knows whose DMs are closed (a leader who
    hosts the bot, or anyone after the salt is gone) learns who wrote the draft."""
    caplog.set_level(logging.DEBUG)
    alice, bob = world.trainee("alice"), world.trainee("bob")
    alice.dms_open = False
    themes = await drafts_of_alice_and_bob(world, clock)

    logged = {}
    for member, theme in themes.items():
        start = len(caplog.records)
        await world.leader.click("Ask the author", leader_card(world, theme))
        await world.leader.submit_modal({"question": "How long have you known them?"})
        await clock.settle()  # the DM follows the leader's reply
        logged[member.name] = log_lines(caplog.records[start:])
    assert any("question" in m.text for m in bob.inbox), "bob was asked"
    assert logged["alice"] == logged["bob"], logged


async def test_the_log_of_the_feedback_reminder_does_not_say_who_had_not_answered(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The reminder goes to each trainee who has not answered; for one whose DMs are closed the
    bot logged "could not send a direct message": the log then said whether she had answered,
    which docs/privacy.md promises nobody can tell once the poll closes."""
    caplog.set_level(logging.DEBUG)
    heidi = world.trainee("heidi")
    heidi.dms_open = False
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))  # the pulse is up
    for member in world.trainees[:5]:
        await answer_pulse(member, 4, in_channel=world.channel)
    start = len(caplog.records)
    await clock.move_to(SESSION_1_END + timedelta(hours=48, minutes=1))  # the reminder
    # each reminder at its own random time within [feedback] reminder_window_minutes
    await clock.move_to(SESSION_1_END + timedelta(hours=48, minutes=32))
    await emulator.idle()
    reminded = [t.name for t in world.trainees if any("reminder" in m.text for m in t.inbox)]
    assert reminded == ["frank", "grace"], reminded  # heidi's DMs are closed
    window = log_lines(caplog.records[start:])
    assert not [line for line in window if "direct message" in line], window


# -- /mydata and /forgetme: the name printed on certificates ---------------------------------------


async def test_mydata_shows_the_printed_name_and_forgetme_erases_it(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    """/attendance name keeps a trainee's real name with their Discord id: /mydata said it gave
    "everything stored under your Discord id" and left it out, and /forgetme left it in the file
    (said "Nothing about you is kept")."""
    ch = world.channel
    carol = world.trainee("carol")
    r = await carol.slash("attendance name", name="Dr Caroline Prendergast", in_channel=ch)
    assert "Prendergast" in r.text, r.text
    ((_, data),) = (await carol.slash("mydata", in_channel=ch)).files
    assert "Dr Caroline Prendergast" in json.dumps(json.loads(data))
    r = await carol.slash("forgetme", in_channel=ch)
    done = await carol.click("Erase my data", message=r)
    assert "Erased" in done.text, done.text
    await clock.settle()
    assert b"Prendergast" not in raw_bytes(bot)


# -- /forgetme: a seen draft vanishing beside a roster departure -----------------------------------


def cards(world: World, theme: str) -> list[Message]:
    """The draft cards the leaders can read in their channel for this theme."""
    return [m for m in world.leaders_channel.messages if m.embeds and theme in m.text]


async def test_forgetme_does_not_tell_the_leaders_which_draft_was_whose(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Alice and Bob each wrote a draft the leaders have read. Alice uses /forgetme: she is off
    the roster at once (the leaders' /attendance group no longer lists her), and at the next round her draft, and
    only hers, vanishes from the leaders' channel. In a quiet hour that names her as its author."""
    ch = world.channel
    alice, bob = world.trainee("alice"), world.trainee("bob")
    themes = await drafts_of_alice_and_bob(world, clock)
    assert all(cards(world, theme) for theme in themes.values())

    r = await alice.slash("forgetme", in_channel=ch)
    assert "Erased" in (await alice.click("Erase my data", message=r)).text
    roster = (await world.leader.slash("attendance group", in_channel=ch)).text
    assert f"<@{alice.id}>" not in roster, roster  # the leaders see at once that she left
    await next_round(clock)
    await emulator.idle()
    assert cards(world, themes[bob]), "bob's draft is still there"
    assert cards(world, themes[alice]), "alice's draft vanished in the hour she left"
    # and it is no longer hers: nobody, the running bot with its key included, can find her in it
    from bot.store.drafts import drafts_by

    assert not await drafts_by(bot.db, key=bot.key, group_id=group.id, user_id=alice.id)
    assert await drafts_by(bot.db, key=bot.key, group_id=group.id, user_id=bob.id)


# -- the host after /forgetme: the member's id in the raw file -------------------------------------


async def test_after_forgetme_the_raw_file_holds_no_trace_of_the_member(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    """The host reads the database and its -wal after /forgetme (of a member with no attendance
    yet, so nothing is kept): her Discord id must be nowhere, neither as the integer SQLite stores
    nor as text, and nor the name she chose for her certificates."""
    ch = world.channel
    dan = world.trainee("dan")
    await dan.slash("volunteer", in_channel=ch, session="2026-09-10", named=True)
    await dan.slash("nudges off", in_channel=ch)
    await dan.slash("attendance name", name="Dr Dorothea Quartermaine", in_channel=ch)
    await dan.slash("draft new", in_channel=ch)
    r = await dan.submit_modal({"theme": "A quiet dread", "body": "I dread the Thursday clinic."})
    assert "Saved" in r.text, r.text
    r = await dan.slash("forgetme", in_channel=ch)
    assert "**Kept**" not in r.text, r.text
    done = await dan.click("Erase my data", message=r)
    assert "Nothing about you is kept" in done.text, done.text
    await clock.settle()
    raw = raw_bytes(bot)
    found = [
        what
        for what, needle in (
            ("her id as an integer", dan.id.to_bytes(8, "big")),
            ("her id as text", str(dan.id).encode()),
            ("her certificate name", b"Quartermaine"),
            ("her draft", b"Thursday clinic"),
        )
        if needle in raw
    ]
    assert not found, found


# -- "Who has a case?": a known volunteer's press ---------------------------------------------------

CASE = "I have a case in mind"


async def test_a_volunteers_offer_moves_the_count_whether_or_not_they_had_pressed(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    """The leaders see who offers to present (the rota). Alice pressed "I have a case in mind"
    (anonymous: "only the number is shown, never who"); an hour later she volunteers, and at the
    next beat the count does not move; Bob's offer, in a later hour, moves it by one. So the
    leaders learn that the press was Alice's."""
    await clock.settle()
    post = next(m for m in world.channel.messages if "Who has a case?" in m.text)
    alice, bob = world.trainee("alice"), world.trainee("bob")
    await clock.move_to(datetime(2026, 9, 1, 10, 20, tzinfo=UTC))
    assert "Noted" in (await alice.click(CASE, in_channel=world.channel)).text
    counts = []
    for hour, member in ((11, alice), (12, bob)):
        await clock.move_to(datetime(2026, 9, 1, hour, 0, 30, tzinfo=UTC))
        before = post.text
        await clock.move_to(datetime(2026, 9, 1, hour, 20, tzinfo=UTC))
        r = await member.slash("volunteer", in_channel=world.channel)
        assert r.ephemeral, r.text
        await clock.move_to(datetime(2026, 9, 1, hour + 1, 0, 30, tzinfo=UTC))
        counts.append((before, post.text))
    moved = [before != after for before, after in counts]
    assert moved[0] == moved[1], counts


# -- /mydata and "I have a case in mind" ---------------------------------------------------------


async def test_mydata_returns_the_presses_the_bot_can_match_to_the_member(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    """/mydata said presses of "I have a case in mind" were not linked to the member and that
    the bot "cannot tell which are yours"; yet a second press takes hers back: while the session
    is open the running bot matches the keyed code to her, so her copy must include it."""
    await clock.settle()
    ch = world.channel
    alice = world.trainee("alice")
    await clock.move_to(datetime(2026, 9, 1, 10, 20, tzinfo=UTC))
    assert "Noted" in (await alice.click(CASE, in_channel=ch)).text
    ((_, data),) = (await alice.slash("mydata", in_channel=ch)).files
    presses = json.loads(data).get("case_in_mind_presses")
    assert presses and presses[0]["local_date"] == "2026-09-03", json.loads(data).keys()
    assert "Taken back" in (await alice.click(CASE, in_channel=ch)).text  # the bot knew it was hers
    ((_, data),) = (await alice.slash("mydata", in_channel=ch)).files
    assert json.loads(data)["case_in_mind_presses"] == []


# -- the feedback reminder's order ----------------------------------------------------------------


async def test_the_reminders_go_out_in_an_order_that_says_nothing_about_the_roster(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """The reminder goes, paced, to each trainee who has not answered; its message id (a
    timestamp, to the millisecond, that every recipient sees) said where in the queue she was.
    The queue followed the roster, so two trainees comparing their reminders' times learned how
    many of those between them on the roster had not answered (so, often, who had). The order
    must be random: with eight trainees reminded, roster order comes up by chance 1 in 40,320."""
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))  # the pulse is up; nobody answers
    await clock.move_to(SESSION_1_END + timedelta(hours=48, minutes=1))  # the reminder
    # each reminder at its own random time within [feedback] reminder_window_minutes
    await clock.move_to(SESSION_1_END + timedelta(hours=48, minutes=32))
    await emulator.idle()
    sent = {
        t.name: min(m.id for m in t.inbox if "reminder" in m.text.lower()) for t in world.trainees
    }
    order = sorted(sent, key=lambda name: sent[name])
    assert order != [t.name for t in world.trainees], order


# -- /forgetme and a rejection waiting in /draft mine -----------------------------------------------


async def test_forgetme_erases_a_rejection_waiting_for_its_author(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    """A rejected draft whose reason no DM could deliver keeps its row (text, reason, salt) until
    its author reads it in /draft mine. /mydata left it out and /forgetme left it in the file,
    still matchable to her by the running bot, though she can no longer reach /draft mine."""
    ch = world.channel
    erin = world.trainee("erin")
    erin.dms_open = False
    await erin.slash("draft new", in_channel=ch)
    r = await erin.submit_modal({"theme": "The son who shouts", "body": "He shouts; I freeze."})
    assert "Saved" in r.text, r.text
    await next_round(clock)
    await world.leader.click("Reject", leader_card(world, "The son who shouts"))
    await world.leader.submit_modal({"reason": "Please keep to the feelings."})
    await clock.settle()
    ((_, data),) = (await erin.slash("mydata", in_channel=ch)).files
    assert "He shouts; I freeze." in json.dumps(json.loads(data))
    r = await erin.slash("forgetme", in_channel=ch)
    assert "Erased" in (await erin.click("Erase my data", message=r)).text
    await clock.settle()
    assert b"I freeze" not in raw_bytes(bot)


# -- a DM that fails (not closed: Discord's 5xx) --------------------------------------------------


async def test_what_the_leaders_see_does_not_depend_on_a_failing_dm_to_the_author(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """A DM to the author that failed other than "closed" (a 5xx) skipped what followed it: the
    leaders' "asked" post never came, the rejected card stayed though the reply said it was being
    deleted, and in the hourly round one author's failing DM stopped the round for every group.
    What the leaders see must not depend on the author. (A 503: discord.py retries a 500 itself.)"""
    alice, carol = world.trainee("alice"), world.trainee("carol")
    themes = await drafts_of_alice_and_bob(world, clock)
    alice_dm = rf"^/channels/{emulator.dm_channel(alice.user).id}/messages$"

    def shown_since(start: int) -> list[str]:
        return [same_words(m.text) for m in world.leaders_channel.messages[start:] if not m.deleted]

    asked, rejected = {}, {}
    for member, theme in themes.items():
        fault = emulator.faults.fail_next("POST", alice_dm, status=503) if member is alice else None
        start = len(world.leaders_channel.messages)
        await world.leader.click("Ask the author", leader_card(world, theme))
        r = await world.leader.submit_modal({"question": "How long have you known them?"})
        await clock.settle()  # the DM and the post follow the leader's reply
        asked[member.name] = (same_words(r.text), shown_since(start))
        assert fault is None or fault.times == 0, "alice's DM did not fail"
    assert asked["alice"] == asked["bob"], asked
    assert any("asked the author" in post for post in asked["bob"][1]), asked

    for member, theme in themes.items():
        fault = emulator.faults.fail_next("POST", alice_dm, status=503) if member is alice else None
        card = leader_card(world, theme)
        await world.leader.click("Reject", card)
        r = await world.leader.submit_modal({"reason": "Please keep to the feelings."})
        await clock.settle()
        rejected[member.name] = (same_words(r.text), card.deleted)
        assert fault is None or fault.times == 0, "alice's DM did not fail"
    assert rejected["alice"] == rejected["bob"] == (rejected["bob"][0], True), rejected

    # the round retries alice's DM; it fails again, and carol's new draft is shown all the same
    await carol.slash("draft new", in_channel=world.channel)
    r = await carol.submit_modal({"theme": "The visit I dread", "body": "I dread it."})
    assert "Saved" in r.text, r.text
    fault = emulator.faults.fail_next("POST", alice_dm, status=503)
    await next_round(clock)
    assert fault.times == 0, "the round did not try alice's DM"
    assert leader_card(world, "The visit I dread")
    mine = await alice.slash("draft mine", in_channel=world.channel)
    assert "Please keep to the feelings." in mine.text and themes[alice] in mine.text
    await clock.settle()  # reading it deletes the row, after the reply
    # carol's alone keeps its text (bob's, told by DM, waits without any for its expiry)
    assert await bot.db.fetchval("SELECT count(*) FROM drafts WHERE theme != '-'") == 1
