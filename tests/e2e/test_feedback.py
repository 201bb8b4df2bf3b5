"""Anonymous feedback through the emulator: answering, the reminder, closing, results and pooling,
the end-of-year survey, and an audit that nothing links an answer to a member."""

from __future__ import annotations

import csv
import io
import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import BalintBot
from bot.domain.feedback import PULSE_ITEMS, SURVEY_ITEMS
from bot.emulator.emulator import Emulator, InteractionResult, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import GROUP_SETUP, World
from bot.store import feedback as fb
from bot.store.groups import Group
from tests.e2e.conftest import StartBot

ANSWER = "Answer (anonymous)"
SESSION_1_END = datetime(2026, 9, 3, 8, 15, tzinfo=UTC) + timedelta(hours=1)  # 09:15 UTC (BST)
SESSION_2_END = SESSION_1_END + timedelta(days=7)
PNG = b"\x89PNG\r\n\x1a\n"
COMMENT = "The silence after the story was hard but useful"
WARNED_COMMENT = "alice was very kind when I presented"


async def answer_pulse(
    member: SimMember, *, value: int = 4, comment: str | None = None, **where: Any
) -> InteractionResult:
    """Open the private screen, pick the same value for every item, optionally comment, send."""
    r = await member.click(ANSWER, **where)
    assert r.ephemeral, r.text
    for item in PULSE_ITEMS:
        await member.select(f"feedback:q:{item.key}", [str(value)], message=r)
    if comment is not None:
        await member.click("Add a comment", message=r)
        added = await member.submit_modal({"comment": comment})
        assert "Your words are added" in added.text, added.text
    done = await member.click("Send", message=r)
    assert done.ephemeral and "Thank you" in done.text, done.text
    return r


def leader_notes(world: World) -> list[str]:
    return [m.text for m in world.leaders_channel.messages]


def dump(bot: BalintBot) -> list[str]:
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


async def test_pulse_answering_reminder_closing_results_and_audit(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
    emulator: Emulator,
) -> None:
    caplog.set_level(logging.DEBUG)
    alice, bob, carol, dan, erin, frank = world.trainees[:6]
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))
    post = world.channel.last_message
    assert post is not None
    assert ANSWER in post.buttons and "anonymous" in post.text and "at least 5" in post.text

    # alice answers privately and sees a confirmation; a second time is refused
    await answer_pulse(alice, in_channel=world.channel)
    again = await alice.click(ANSWER, in_channel=world.channel)
    assert again.ephemeral and "already answered" in again.text

    # not on the roster / a leader: refused privately
    r = await world.outsider.click(ANSWER, in_channel=world.channel)
    assert r.ephemeral and "not on the roster" in r.text
    r = await world.leader.click(ANSWER, in_channel=world.channel)
    assert r.ephemeral and "leaders do not answer" in r.text

    # bob: nothing chosen yet, an empty comment, a comment with an identifier, a name warning
    r = await bob.click(ANSWER, in_channel=world.channel)
    nothing = await bob.click("Send", message=r)
    assert nothing.ephemeral and "at least one question" in nothing.text
    await bob.click("Add a comment", message=r)
    empty = await bob.submit_modal({"comment": "   "})
    assert empty.ephemeral and "empty" in empty.text
    await bob.click("Add a comment", message=r)
    blocked = await bob.submit_modal({"comment": "Ring her on 07700 900123 if you like"})
    assert blocked.ephemeral and "phone number" in blocked.text and "not added" in blocked.text
    for item in PULSE_ITEMS:
        await bob.select(f"feedback:q:{item.key}", ["2"], message=r)
    await bob.click("Add a comment", message=r)
    warned = await bob.submit_modal({"comment": WARNED_COMMENT})
    await clock.settle()  # the warning comes as a private followup
    assert "group member's name" in warned.text and "Your words are added" in warned.text
    await bob.click("Edit your comment", message=r)
    await bob.submit_modal({"comment": COMMENT})
    assert "Thank you" in (await bob.click("Send", message=r)).text
    await answer_pulse(carol, value=5, in_channel=world.channel)
    await answer_pulse(dan, value=3, in_channel=world.channel)
    assert not any("results" in t.lower() for t in leader_notes(world))  # no live tallies

    # the reminder goes by DM only to trainees who have not answered
    await clock.move_to(SESSION_1_END + timedelta(hours=48, minutes=1))
    # each reminder at its own random time within [feedback] reminder_window_minutes
    await clock.move_to(SESSION_1_END + timedelta(hours=48, minutes=32))
    reminded = {m.name for m in world.trainees if any(ANSWER in d.buttons for d in m.inbox)}
    assert reminded == {"erin", "frank", "grace", "heidi"}
    assert not world.leader.inbox and not world.coleader.inbox
    dm = erin.inbox[-1]
    assert "gentle reminder" in dm.text and "alice" not in dm.text
    await answer_pulse(erin, value=4, message=dm)
    r = await erin.click(ANSWER, message=dm)
    assert "already answered" in r.text

    # closing: the post says so, the leaders hear that results are ready (5 responses = k)
    await clock.move_to(SESSION_1_END + timedelta(hours=72, minutes=1))
    closed = next(m for m in world.channel.messages if m.id == post.id)
    assert "closed" in closed.text and ANSWER not in closed.buttons
    ready = [t for t in leader_notes(world) if "results are ready" in t]
    assert len(ready) == 1 and "5 responses" in ready[0] and COMMENT not in ready[0]
    late = await frank.click(ANSWER, message=frank.inbox[-1])
    assert late.ephemeral and "closed" in late.text and "no longer" in late.text

    # results: leaders only; a chart, a CSV of counts only, and the comment for leaders
    r = await alice.slash("feedback results", in_channel=world.channel)
    assert r.ephemeral and "Only the leaders" in r.text
    r = await world.leader.slash("feedback results", in_channel=world.leaders_channel)
    await clock.settle()  # the comments follow the chart
    assert r.ephemeral and "5 responses" in r.text
    files = dict(r.files)
    png = files["feedback-pulse.png"]
    assert png.startswith(PNG) and len(png) > 10_000
    rows = list(csv.reader(io.StringIO(files["feedback-pulse-counts.csv"].decode("utf-8-sig"))))
    assert rows[0][:4] == ["first_session", "last_session", "sessions", "responses"]
    worthwhile = {int(row[6]): int(row[8]) for row in rows[1:] if row[4] == "worthwhile"}
    assert worthwhile == {1: 0, 2: 1, 3: 1, 4: 2, 5: 1}
    assert COMMENT not in files["feedback-pulse-counts.csv"].decode("utf-8-sig")
    assert COMMENT in r.text and WARNED_COMMENT not in r.text
    assert r.text.count("Comments") == 1, "one heading for the pulse's comments, not two"

    # share a summary with the group, once; no comment goes public
    shared = await world.leader.click("Share summary with the group", message=r)
    assert shared.ephemeral and "Shared" in shared.text
    public = world.channel.last_message
    assert public is not None
    assert not public.ephemeral and "summary" in public.text and "5 responses" in public.text
    assert COMMENT not in public.text
    twice = await world.leader.click("Share summary with the group", message=r)
    assert "already been shared" in twice.text
    r = await world.leader.slash("feedback results", in_channel=world.leaders_channel)
    assert "Share summary with the group" not in r.buttons

    # --- the audit: nothing in the database or the logs links an answer to a member ---------
    lines = dump(bot)  # every statement of the whole database
    for table in ("feedback_counts", "feedback_comments", "feedback_answered"):
        ddl = next(x for x in lines if x.startswith(f"CREATE TABLE {table} "))
        assert "WITHOUT ROWID" in ddl, ddl
        columns = {r["name"] for r in await bot.db.fetchall(f"PRAGMA table_info({table})")}
        assert not [c for c in columns if "user" in c or c.endswith("_at") or "time" in c]
    feedback_rows = [line for line in lines if line.startswith('INSERT INTO "feedback_')]
    member_ids = {str(m.id) for m in world.everyone}
    assert not [line for line in feedback_rows if any(uid in line for uid in member_ids)]
    assert not [
        line for line in feedback_rows if line.startswith('INSERT INTO "feedback_answered"')
    ]
    polls = await bot.db.fetchall("SELECT status, salt FROM feedback_polls")
    assert [(p["status"], p["salt"]) for p in polls] == [("closed", None)]
    # after the release the per-poll counters and comment rows are gone; only the release stays
    assert not [line for line in feedback_rows if line.startswith('INSERT INTO "feedback_counts"')]
    assert not [line for line in feedback_rows if line.startswith('INSERT INTO "feedback_comm')]
    logged = "\n".join(
        record.getMessage()
        for record in caplog.records
        if not record.name.startswith(("bot.sandbox", "bot.emulator"))
    )
    assert logged  # the capture worked (DEBUG from discord.py included)
    for secret in (COMMENT, WARNED_COMMENT, "07700 900123", "feedback:q:", "Q4: agree"):
        assert secret not in logged, secret
    for name in ("alice", "bob", "carol", "dan", "erin"):
        assert not [
            rec.getMessage()
            for rec in caplog.records
            if rec.name.startswith(("cogs.feedback", "bot.store")) and name in rec.getMessage()
        ]


async def test_below_k_pools_into_the_next_release_across_a_restart(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    alice, bob, carol, dan, erin, frank = world.trainees[:6]
    # thresholds: leaders only, never below 3, comments never below results
    r = await alice.slash("feedback threshold", in_channel=world.channel, responses=4)
    assert r.ephemeral and "Only the leaders" in r.text
    r = await world.leader.slash("feedback threshold", in_channel=world.channel, responses=2)
    assert r.ephemeral and "at least 3" in r.text and "Nothing was changed" in r.text
    r = await world.leader.slash("feedback threshold", in_channel=world.channel, comments=3)
    assert "at least as many" in r.text
    r = await world.leader.slash("feedback threshold", in_channel=world.channel)
    assert "from **5** responses" in r.text and "comments from **5**" in r.text

    await clock.move_to(SESSION_1_END + timedelta(minutes=1))
    await answer_pulse(alice, in_channel=world.channel)
    await answer_pulse(bob, value=2, comment=COMMENT, in_channel=world.channel)
    await clock.move_to(SESSION_1_END + timedelta(hours=72, minutes=1))
    (note,) = [t for t in leader_notes(world) if "has closed" in t]
    assert "fewer than 5 responses" in note and "pooled" in note and "2 responses" not in note
    r = await world.leader.slash("feedback results", in_channel=world.leaders_channel)
    assert "No feedback results" in r.text and not r.files

    # a restart between sessions: the next pulse and its button still work
    await bot.close()
    bot = await start_bot()
    await clock.move_to(SESSION_2_END + timedelta(minutes=1))
    post = world.channel.last_message
    assert post is not None
    assert ANSWER in post.buttons
    for member in (carol, dan):
        await answer_pulse(member, value=5, in_channel=world.channel)
    await bot.close()
    bot = await start_bot()
    for member in (erin, frank):
        await answer_pulse(member, value=4, message=post)
    await clock.move_to(SESSION_2_END + timedelta(hours=72, minutes=1))
    ready = [t for t in leader_notes(world) if "results are ready" in t]
    assert len(ready) == 1 and "pooled with 1 earlier" in ready[0] and "6 responses" in ready[0]

    r = await world.leader.slash("feedback results", in_channel=world.channel, which="pulse")
    await clock.settle()  # the comments follow the chart
    assert "2 sessions pooled" in r.text and "6 responses" in r.text
    assert dict(r.files)["feedback-pulse.png"].startswith(PNG)
    assert COMMENT in r.text  # 6 responses >= the comment threshold (5)
    assert len(await fb.releases(bot.db, group.id, "pulse")) == 1


async def test_the_end_of_year_survey_opens_by_itself_and_reports_once(
    start_bot: StartBot, world: World, clock: Clock, emulator: Emulator
) -> None:
    bot = await start_bot(
        feedback={
            "survey_days_before_end": 400,
            "min_responses": 3,
            "min_responses_for_comments": 3,
        }
    )
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        leaders_channel=world.leaders_channel,
        **GROUP_SETUP,
    )
    assert "Group set up" in r.text
    await clock.shift(timedelta(hours=1, minutes=1))  # the hourly check opens the survey
    post = next(m for m in world.channel.messages if "End-of-year survey" in m.text)
    assert ANSWER in post.buttons

    r = await world.leader.slash("feedback survey open", in_channel=world.channel)
    assert r.ephemeral and "A group has one survey" in r.text
    r = await world.trainees[0].slash("feedback survey open", in_channel=world.channel)
    assert "Only the leaders" in r.text

    alice, bob, carol = world.trainees[:3]
    r = await alice.click(ANSWER, message=post)
    assert "page 1 of 4" in r.text
    title = r.text.splitlines()[0]
    assert title.startswith("**End-of-year survey") and "survey on" not in title, title
    for page in range(4):
        for item in SURVEY_ITEMS[page * 4 : page * 4 + 4]:
            value = "9" if item.scale == "nps11" else "4"
            await alice.select(f"feedback:q:{item.key}", [value], message=r)
        if page < 3:
            await alice.click("Next", message=r)
    back = await alice.click("Back", message=r)
    assert "page 3 of 4" in back.text and "✓" in back.text
    await alice.click("Next", message=r)
    await alice.click("Answer in your own words", message=r)
    await alice.submit_modal({"most_valuable": "Hearing how others felt", "one_change": ""})
    assert "Thank you" in (await alice.click("Send", message=r)).text
    for member in (bob, carol):
        r = await member.click(ANSWER, message=post)
        await member.select("feedback:q:notice_reactions", ["5"], message=r)
        for _ in range(3):
            await member.click("Next", message=r)
        await member.select("feedback:q:recommend", ["10"], message=r)
        assert "Thank you" in (await member.click("Send", message=r)).text

    await clock.shift(timedelta(days=14))
    ready = [t for t in leader_notes(world) if "results are ready" in t]
    assert len(ready) == 1 and "end-of-year survey" in ready[0] and "3 responses" in ready[0]
    r = await world.leader.slash("feedback results", in_channel=world.channel, which="survey")
    await clock.settle()  # the files follow the answer
    assert [name for name, _ in r.files] == [
        "feedback-survey.png",
        "feedback-survey-counts.csv",
    ]
    assert "What was most valuable?" in r.text and "Hearing how others felt" in r.text
    assert "Would recommend" in r.text
    survey = await fb.survey_of_group(bot.db, 1)
    assert survey is not None and survey.status == "closed"
