"""Privacy in the seams, the fifth review: what a log line's timing, an interrupted send, and a
reply's shape tell the host, a leader or a trainee. Each attack through the emulator, as its
adversary would try it; each failed before its change."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import HANDLER_TASKS
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.conftest import StartBot
from tests.e2e.test_adversary import log_lines
from tests.e2e.test_drafts import EXPIRY_TIME
from tests.e2e.test_privacy_seams import (
    REMINDER_DUE,
    deleted,
    forget,
    raw_files,
    remind_all_but_alice,
)

# -- the log's timing: a failed deletion at /forgetme ------------------------------------------


async def test_the_log_at_forgetme_does_not_say_whether_the_member_had_a_reminder(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """/forgetme deletes the member's feedback reminders at once. When Discord refused the
    deletion for now (429 past discord.py's retries), the log said so at that moment: the rate
    limit's own lines and "deleting a DM failed; it will be tried again". Whoever reads the log
    and knows when a member left (the roster, the host's own view of the interaction) learns
    that she had a reminder: she had not answered the poll, which the design keeps from
    everyone once it closes. Alice answered, Bob did not: their /forgetme must log alike. The
    failures are still reported, counted without anyone, at the next hour."""
    caplog.set_level(logging.DEBUG)
    reminders = await remind_all_but_alice(world, clock)
    emulator.faults.fail_next("DELETE", r"/channels/\d+/messages/\d+$", status=429, times=200)
    logged = {}
    for name in ("alice", "bob"):
        start = len(caplog.records)
        await forget(world.trainee(name), world)
        await clock.settle()
        logged[name] = log_lines(caplog.records[start:])
    assert not any(deleted(emulator, world.trainee("bob"), m.id) for m in reminders["bob"])
    assert logged["alice"] == logged["bob"], logged

    start = len(caplog.records)
    emulator.faults.clear()
    await clock.move_to(REMINDER_DUE + timedelta(hours=2, minutes=1))
    await clock.settle()
    later = log_lines(caplog.records[start:])
    assert [line for line in later if "since the last hour" in line], later
    assert all(deleted(emulator, world.trainee("bob"), m.id) for m in reminders["bob"])


# -- sent, then recorded: a stop in between ----------------------------------------------------


async def die(bot: BalintBot, *pending: asyncio.Future[Any]) -> None:
    """The process dies: every handler and background task with it, then the bot."""
    dying = [
        t
        for t in asyncio.all_tasks()
        if t.get_name().startswith(HANDLER_TASKS) or t in bot.scheduler._tasks
    ]
    for task in dying:
        task.cancel()
    await asyncio.gather(*dying, return_exceptions=True)
    await bot.close()
    for future in pending:
        future.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


async def test_a_question_to_an_author_cut_off_as_it_went_is_deleted_with_the_draft(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """A leader's question reached the anonymous author by DM, and only then was the DM recorded
    (sealed) to be deleted with the draft: a bot stopped in between (Discord made the message,
    its answer was slow to come back) left it in her DMs for good, where the token reads who
    wrote the draft. The intent is recorded first now, sealed; after the restart the DM is found
    and deleted with the draft, and it was sent once."""
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-03")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the round
    card = [m for m in world.leaders_channel.messages if m.embeds][-1]
    dm = emulator.dm_channel(alice.user)
    emulator.faults.fail_next(
        "POST", rf"/channels/{dm.id}/messages$", status=429, retry_after=60, applied=True
    )
    await world.leader.click("Ask the author", card)
    asked = asyncio.ensure_future(
        world.leader.submit_modal({"question": "How long have you known them?"})
    )
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot, asked)
    emulator.faults.clear()
    about = [m for m in alice.inbox if "How long have you known them?" in m.text]
    assert len(about) == 1, [m.text[:40] for m in alice.inbox]

    bot = await start_bot()
    await clock.settle()
    await clock.move_to(EXPIRY_TIME + timedelta(minutes=2))
    await clock.settle()
    assert await bot.db.fetchval("SELECT count(*) FROM drafts") == 0
    again = [m for m in alice.inbox if "How long have you known them?" in m.text]
    assert len(again) == 1, "the question went twice"
    assert all(m.deleted for m in again), "the question stayed in the author's DMs"


async def test_a_post_to_the_leaders_cut_off_as_it_went_is_deleted_with_the_draft(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """The leaders' channel gets "asked the author of draft #N" with the question and the
    draft's theme, recorded after it went: a bot stopped in between left it there for good,
    the theme past the draft's expiry (and /group close, which says the drafts are deleted).
    Recorded before it goes now, it is found after the restart and deleted with the draft."""
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-03")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the round
    card = [m for m in world.leaders_channel.messages if m.embeds][-1]
    emulator.faults.fail_next(
        "POST",
        rf"/channels/{world.leaders_channel.id}/messages$",
        status=429,
        retry_after=60,
        applied=True,
    )
    await world.leader.click("Ask the author", card)
    asked = asyncio.ensure_future(
        world.leader.submit_modal({"question": "How long have you known them?"})
    )
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot, asked)
    emulator.faults.clear()
    posts = [m for m in world.leaders_channel.messages if "asked the author" in m.text]
    assert len(posts) == 1, [m.text[:40] for m in world.leaders_channel.messages]

    bot = await start_bot()
    await clock.settle()
    await clock.move_to(EXPIRY_TIME + timedelta(minutes=2))
    await clock.settle()
    assert await bot.db.fetchval("SELECT count(*) FROM drafts") == 0
    assert card.deleted
    assert all(m.deleted for m in posts), "the post to the leaders stayed"


# -- a withdrawal dated by another session's expiry ----------------------------------------------


async def test_a_withdrawn_cards_going_waits_for_the_round_even_when_another_session_expires(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """A draft the leaders have seen goes, once withdrawn, with the next whole-hour round, so
    its card vanishing does not date the withdrawal. But each session's expiry (24 h after it
    ends, e.g. 09:16) also ran the sweep of withdrawn drafts: a card withdrawn at 09:05 went at
    09:16, and a leader watching the channel learned she acted in those eleven minutes (an
    author seen online then). It waits for the round now."""
    alice = world.trainee("alice")
    await clock.move_to(EXPIRY_TIME - timedelta(hours=1))  # 08:16, the day after session 1
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-10")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.move_to(EXPIRY_TIME - timedelta(minutes=15, seconds=30))  # the 09:00 round
    card = [m for m in world.leaders_channel.messages if m.embeds][-1]
    await clock.move_to(EXPIRY_TIME - timedelta(minutes=10))  # 09:06
    mine = await alice.slash("draft mine", in_channel=world.channel)
    r = await alice.click("Yes, withdraw it", await alice.click("Withdraw", mine))
    assert "Withdrawn" in r.text, r.text
    await clock.move_to(EXPIRY_TIME + timedelta(minutes=5))  # session 1's drafts expired
    await clock.settle()
    assert not card.deleted, "the card went at another session's expiry, not at the round"
    await clock.move_to(EXPIRY_TIME + timedelta(minutes=45))  # the 10:00 round
    await clock.settle()
    assert card.deleted


async def test_a_rejection_cut_off_as_it_went_reaches_its_author_once(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """The leaders' reason goes to the author by DM, and only then is the draft marked "author
    told": a bot stopped in between sent it again at the next start (the sweep finds a rejected
    draft whose author was not told). The sweep looks in the author's DMs first now."""
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-03")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the round
    card = [m for m in world.leaders_channel.messages if m.embeds][-1]
    dm = emulator.dm_channel(alice.user)
    emulator.faults.fail_next(
        "POST", rf"/channels/{dm.id}/messages$", status=429, retry_after=60, applied=True
    )
    await world.leader.click("Reject", card)
    rejected = asyncio.ensure_future(world.leader.submit_modal({"reason": "Too identifiable."}))
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot, rejected)
    emulator.faults.clear()
    assert len([m for m in alice.inbox if "did not accept" in m.text]) == 1

    bot = await start_bot()
    await clock.settle()
    told = [m for m in alice.inbox if "did not accept" in m.text]
    assert len(told) == 1, "the reason went twice"
    assert b"When she cries" not in b"".join(raw_files(bot).values())  # kept without text


# -- the log's timing: an author's own actions -------------------------------------------------


async def test_the_log_does_not_date_what_an_anonymous_author_does(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The leaders see drafts, edits, answers and withdrawals in whole-hour rounds, so that when
    an author acted names nobody. The log said it to the second: "an anonymous draft was
    submitted" at 09:14:05, and whoever reads the log beside the group's channel (Alice wrote
    there at 09:13) has the author. Those lines are held and counted at the hour now."""
    caplog.set_level(logging.DEBUG)
    alice = world.trainee("alice")
    await clock.move_to(datetime(2026, 9, 1, 9, 14, tzinfo=UTC))
    start = len(caplog.records)
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-03")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 1, 9, 20, tzinfo=UTC))
    mine = await alice.slash("draft mine", in_channel=world.channel)
    await alice.click("Edit", mine)
    r = await alice.submit_modal({"theme": "When she cries I freeze", "body": "I go numb."})
    assert "Saved your changes" in r.text, r.text
    await clock.settle()
    then = [line for line in log_lines(caplog.records[start:]) if "cogs.draft" in line]
    assert not then, then
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the round
    await clock.settle()
    later = [line for line in log_lines(caplog.records[start:]) if "since the last hour" in line]
    assert later and "submitted" in later[0] and "edited" in later[0], later


# -- a rejection's reason: a DM kept for good ------------------------------------------------------


async def test_a_rejections_dm_goes_with_the_draft_when_it_expires(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Every other DM about a draft (a question, the approval) is deleted with it, 24 h after
    its session, because the bot's token reads who received it. The rejection's reason, with
    the draft's theme, was a DM kept for good: long after the draft and its salt were gone,
    whoever holds the token read that Alice wrote "When she cries I go numb". It now goes at
    the draft's expiry like the others (the author is told when), and what is kept of the row
    until then has no text; /forgetme takes it at once."""
    alice, bob = world.trainee("alice"), world.trainee("bob")
    for member, theme in ((alice, "When she cries I go numb"), (bob, "He rang me at midnight")):
        await member.slash("draft new", in_channel=world.channel, session="2026-09-03")
        r = await member.submit_modal({"theme": theme, "body": "I go numb."})
        assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the round
    for theme in ("When she cries I go numb", "He rang me at midnight"):
        card = [m for m in world.leaders_channel.messages if m.embeds and theme in m.text][-1]
        await world.leader.click("Reject", card)
        r = await world.leader.submit_modal({"reason": "Too identifiable."})
        assert "Rejected" in r.text, r.text
    await clock.settle()
    told = {m.name: [x for x in m.inbox if "did not accept" in x.text] for m in (alice, bob)}
    assert all(len(t) == 1 for t in told.values()), told
    assert "24 hours after" in told["alice"][0].text, told["alice"][0].text
    raw = b"".join(raw_files(bot).values())
    assert b"When she cries" not in raw and b"Too identifiable" not in raw

    await forget(bob, world)
    await clock.settle()
    assert told["bob"][0].deleted, "/forgetme left the reason's DM"
    await clock.move_to(EXPIRY_TIME - timedelta(minutes=5))
    assert not told["alice"][0].deleted
    await clock.move_to(EXPIRY_TIME + timedelta(minutes=2))
    await clock.settle()
    assert told["alice"][0].deleted, "the reason's DM stayed past the draft"
    assert await bot.db.fetchval("SELECT count(*) FROM drafts") == 0


async def test_a_card_cut_off_by_a_long_stop_is_not_left_in_the_leaders_channel(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A round's card is posted with a nonce, so a round cut off between posting and recording
    does not post it twice, as long as Discord still knows the nonce (a few minutes). After a
    longer stop the next round posted a fresh card, and the first, recorded nowhere, stayed in
    the leaders' channel with the draft's text past its expiry. Recorded before it goes now."""
    from bot.emulator import _rest

    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-03")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    emulator.faults.fail_next(
        "POST",
        rf"/channels/{world.leaders_channel.id}/messages$",
        status=429,
        retry_after=60,
        applied=True,
    )
    rounding = asyncio.ensure_future(clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC)))
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot, rounding)
    emulator.faults.clear()
    monkeypatch.setattr(_rest, "NONCE_WINDOW_S", 0.0)  # the stop outlasted Discord's nonce
    cards = [m for m in world.leaders_channel.messages if m.embeds]
    assert len(cards) == 1, cards

    bot = await start_bot()
    await clock.settle()
    await clock.move_to(EXPIRY_TIME + timedelta(minutes=2))
    await clock.settle()
    assert cards[0].deleted, "the card cut off by the stop stayed"
    assert not [m for m in world.leaders_channel.messages if m.embeds]


# -- the notice that a skipped session took its drafts -----------------------------------------


async def test_a_skipped_sessions_notice_does_not_single_out_the_authors(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """A skipped session takes its drafts with it, and their authors were told by DM, a DM
    kept for good: long after the salts were gone, whoever holds the bot's token read who had
    written a draft for that session (everyone else got nothing). Everyone on the roster gets
    the same notice now."""
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-10")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    r = await world.leader.slash("schedule skip", in_channel=world.channel, date="2026-09-10")
    assert "skipped" in r.text, r.text
    await clock.settle()
    told = {
        member.name: [m.text for m in member.inbox if "was skipped" in m.text]
        for member in world.trainees
    }
    assert told["alice"], "the author was not told"
    assert all(texts == told["alice"] for texts in told.values()), told
    assert await bot.db.fetchval("SELECT count(*) FROM drafts") == 0
