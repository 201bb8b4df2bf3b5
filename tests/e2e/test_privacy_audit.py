"""A privacy audit, done as an adversary would: one scenario across every capability (sessions,
presenting, anonymous drafts, anonymous feedback), then everything a peer, a leader, a holder of the
database file and a reader of the logs could see is searched for what links an anonymous draft or
answer to a person (docs/privacy.md → What nobody can link).

- timing: a leader must not see a draft card (or an author's answer) the moment it is written;
  cards go out together at the next whole hour;
- the database file, its write-ahead log and its free pages: no user id, DM channel or timestamp
  next to a draft, answer or comment; no salt after close or expiry; nothing blocked by the gate;
- the logs at DEBUG, from every logger (bot, cogs, discord.*, aiosqlite, apscheduler): no draft
  text, question, answer, reason or comment; no user id, DM channel or interaction token while
  someone acts anonymously;
- public vs private: what a trainee sees in the group channel names nobody.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from discord.utils import snowflake_time

from bot.app import BalintBot
from bot.domain.feedback import PULSE_ITEMS
from bot.emulator._model import VIEW_CHANNEL
from bot.emulator.emulator import Emulator, InteractionResult, Message, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store import feedback as fb
from bot.store.db import Database
from bot.store.groups import Group, create_group

# Session 1 meets Thursday 3 Sep 2026 08:00-09:15 UTC (09:00 in London).
SESSION_START = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)
SESSION_END = SESSION_START + timedelta(minutes=75)
AGENDA_TIME = SESSION_START - timedelta(hours=24) + timedelta(minutes=1)
ANSWER = "Answer (anonymous)"

# Everything private typed in the scenario: none of it may reach a log; blocked text never a file.
THEME = "A patient who makes me feel useless"
BODY = "Every visit she tells me nothing helps, and I leave feeling I have failed her."
BLOCKED = "She rings the ward on 07700 900123 every night and I dread it."
THEME_2 = "I feel like his jailer"
BODY_2 = "He asks me every day when he can go home and I never have an answer."
EDITED_2 = "He asks me every day when he can go home and I feel cruel saying not yet."
THEME_3 = "When I want to rescue her"
BODY_3 = "I keep wanting to fix everything for her and then resent it."
THEME_4 = "The one I look forward to"
BODY_4 = "I look forward to seeing him and I do not know why that worries me."
QUESTION = "How long have you known this patient?"
AUTHOR_ANSWER = "About a year, since I started in the team."
REASON = "It reads like advice-seeking; try the feelings only."
COMMENTS = (
    "The silence after the story was hard but useful",
    "Good to hear how others felt about the same kind of patient",
    "I wanted more time for the second half",
    "Leaders kept us with the feelings well",
    "Quieter than usual but safe",
)
BLOCKED_COMMENT = "Ring her on 07700 900456 if you want to hear more"
BLOCKED_AGENDA = "Today: the patient born 03/04/1987 on Ward 7"
PRIVATE_TEXTS = (
    THEME,
    BODY,
    BLOCKED,
    THEME_2,
    BODY_2,
    EDITED_2,
    THEME_3,
    BODY_3,
    THEME_4,
    BODY_4,
    QUESTION,
    AUTHOR_ANSWER,
    REASON,
    BLOCKED_COMMENT,
    *COMMENTS,
)
NEVER_STORED = (BLOCKED, BLOCKED_COMMENT, BLOCKED_AGENDA, "07700 900123", "07700 900456")
TOKEN = re.compile(r"/(?:interactions|webhooks)/[^/\s]+/([A-Za-z0-9_.\-]{20,})")


class Audit:
    """Collects every log record (any logger, DEBUG and up) and marks the anonymous moments."""

    def __init__(self, caplog: pytest.LogCaptureFixture, emulator: Emulator, world: World) -> None:
        self.caplog = caplog
        self.emulator = emulator
        self.world = world
        self.windows: list[tuple[str, int, int]] = []

    def identities(self) -> set[str]:
        """Every person's user id and DM channel id: what would name an anonymous actor."""
        found = set()
        for member in self.world.everyone:
            found.add(str(member.id))
            found.add(str(self.emulator.dm_channel(member.user).id))
        return found

    @contextlib.contextmanager
    def anonymous(self, what: str) -> Iterator[None]:
        """Log records written while someone acts anonymously must not say who they are."""
        start = len(self.caplog.records)
        yield
        self.windows.append((what, start, len(self.caplog.records)))

    def problems(self) -> list[str]:
        found = []
        records = self.caplog.records
        for record in records:
            text = record.getMessage()
            found += [f"{record.name}: private text {t[:30]!r}" for t in PRIVATE_TEXTS if t in text]
            found += [f"{record.name}: an interaction token" for _ in TOKEN.finditer(text)]
        people = self.identities()
        for what, start, end in self.windows:
            for record in records[start:end]:
                text = record.getMessage()
                if any(p in text for p in people):
                    found.append(f"{what}: {record.name} names a person: {text[:200]}")
        return found


def files_of(bot: BalintBot) -> dict[str, bytes]:
    """The database file, its write-ahead log and shared memory: all a file holder gets."""
    path = Path(bot.settings.database_path)
    out = {}
    for suffix in ("", "-wal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            out[candidate.name] = candidate.read_bytes()
    return out


def dump(bot: BalintBot) -> list[str]:
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def leader_cards(world: World) -> list[Message]:
    return [m for m in world.leaders_channel.messages if m.embeds]


async def write_draft(member: SimMember, world: World, **values: str) -> InteractionResult:
    r = await member.slash("draft new", in_channel=world.channel)
    assert r.modal is not None, r.text
    return await member.submit_modal(values)


async def answer_pulse(member: SimMember, value: int, comment: str | None, **where: Any) -> None:
    r = await member.click(ANSWER, **where)
    assert r.ephemeral, r.text
    for item in PULSE_ITEMS:
        await member.select(f"feedback:q:{item.key}", [str(value)], message=r)
    if comment:
        await member.click("Add a comment", message=r)
        added = await member.submit_modal({"comment": comment})
        assert "Your words are added" in added.text, added.text
    done = await member.click("Send", message=r)
    assert done.ephemeral and "Thank you" in done.text, done.text


async def test_a_week_of_everything_leaves_nothing_that_links_a_draft_or_answer_to_a_person(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    audit = Audit(caplog, emulator, world)
    alice, bob, carol, dan, erin, frank, grace, heidi = world.trainees
    leader, ch = world.leader, world.channel

    # -- sessions and presenting: named facts, not anonymous ------------------------------------
    r = await grace.slash("volunteer", in_channel=ch)
    assert r.ephemeral, r.text
    r = await heidi.slash("absence", in_channel=ch, date="2026-09-03", reason="leave")
    assert r.ephemeral, r.text
    # the leaders' agenda text goes to the whole group: the gate refuses an identifier
    r = await leader.slash("agenda set", in_channel=ch, session="2026-09-03")
    assert r.modal is not None, r.text
    r = await leader.submit_modal({next(iter(_fields(r.modal))): BLOCKED_AGENDA})
    assert r.ephemeral and "Nothing was saved" in r.text, r.text

    # -- drafts: the gate, then a card for the leaders at the next whole hour, not at once ------
    await clock.move_to(datetime(2026, 9, 1, 9, 20, tzinfo=UTC))  # well inside an hour
    with audit.anonymous("a blocked draft"):
        r = await write_draft(alice, world, theme=THEME, body=BLOCKED)
    assert r.ephemeral and "phone number" in r.text and not leader_cards(world)
    with audit.anonymous("a draft"):
        await alice.click("Edit my draft", r)
        r = await alice.submit_modal({"body": BODY})
    assert "Saved" in r.text, r.text
    with audit.anonymous("a second draft"):
        r = await write_draft(dan, world, theme=THEME_2, body=BODY_2)
        r = await write_draft(carol, world, theme=THEME_3, body=BODY_3)
        r = await write_draft(erin, world, theme=THEME_4, body=BODY_4)
    assert "Saved" in r.text, r.text
    assert not leader_cards(world), "a leader saw a draft card the moment its author wrote it"
    assert not [m for m in world.leader.inbox + world.coleader.inbox if THEME in m.text]
    polled = await leader.slash("draft review", in_channel=ch)  # a leader who keeps looking
    assert polled.ephemeral and THEME not in polled.text and "whole hour" in polled.text
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))
    cards = {c.embeds[0]["title"].split(": ", 1)[1]: c for c in leader_cards(world)}
    assert set(cards) == {THEME, THEME_2, THEME_3, THEME_4}, cards.keys()
    # the file records when each card was posted (a message id is a timestamp): the round's hour
    for row in await bot.db.fetchall("SELECT message_id FROM draft_messages WHERE kind = 'card'"):
        assert snowflake_time(row["message_id"]).minute == 0
    for trainee in world.trainees:  # the cards' texts are for the leaders only
        assert not world.leaders_channel.permissions_for(trainee.member) & VIEW_CHANNEL

    # the cards' order and numbers say nothing about who wrote first
    def number(title: str) -> int:
        found = re.search(r"#(\d+)", title)
        assert found, title
        return int(found[1])

    numbers = [number(c.embeds[0]["title"]) for c in cards.values()]
    assert numbers != sorted(numbers) or numbers != list(range(numbers[0], numbers[0] + 4))

    # a leader asks; the author's answer reaches the leaders with the next batch, not at once
    await leader.click("Ask the author", cards[THEME_2])
    r = await leader.submit_modal({"question": QUESTION})
    assert "goes to the author" in r.text, r.text
    await clock.settle()
    dm = dan.inbox[-1]
    assert QUESTION in dm.text
    with audit.anonymous("an author's answer"):
        await dan.click("Answer", dm)
        r = await dan.submit_modal({"answer": AUTHOR_ANSWER})
    assert "Thank you" in r.text, r.text
    assert not [m for m in world.leaders_channel.messages if AUTHOR_ANSWER in m.text]
    # the author edits: the leaders see the new text with the next batch too
    with audit.anonymous("an edit"):
        mine = await dan.slash("draft mine", in_channel=ch)
        await dan.click("Edit", mine)
        r = await dan.submit_modal({"body": EDITED_2})
    assert "Saved your changes" in r.text, r.text
    assert not [m for m in world.leaders_channel.messages if EDITED_2 in m.text]
    # the old card stays until the round and answers as any card would, but
    # approving it approves only the text the leaders saw: the edit comes up with the next batch
    r = await leader.click("Approve", cards[THEME_2])
    assert r.ephemeral and "Approved" in r.text, r.text
    # withdrawing: the author's copy goes at once, the leaders' card with the next batch
    with audit.anonymous("a withdrawal"):
        mine = await erin.slash("draft mine", in_channel=ch)
        done = await erin.click("Yes, withdraw it", await erin.click("Withdraw", mine))
    assert "Withdrawn" in done.text, done.text
    await clock.move_to(datetime(2026, 9, 1, 11, 0, 30, tzinfo=UTC))
    assert [m for m in world.leaders_channel.messages if AUTHOR_ANSWER in m.text]
    assert [m for m in world.leaders_channel.messages if m.embeds and EDITED_2 in m.text]
    assert cards[THEME_4].deleted
    # leaders act on the cards as they are now
    cards = {c.embeds[0]["title"].split(": ", 1)[1]: c for c in leader_cards(world)}
    await leader.click("Approve", cards[THEME])
    await leader.click("Approve", cards[THEME_2])
    await leader.click("Reject", cards[THEME_3])
    r = await leader.submit_modal({"reason": REASON})
    await clock.settle()
    assert "Rejected" in r.text and REASON in carol.inbox[-1].text

    # the agenda (T-24h) lists the approved themes together, naming nobody
    await clock.move_to(AGENDA_TIME)
    agenda = next(m for m in reversed(ch.messages) if "Agenda" in m.text)
    assert not [p.name for p in world.trainees if p.name in agenda.text]  # grace chose no name
    assert THEME in agenda.text and THEME_2 in agenda.text and THEME_3 not in agenda.text

    # the session: check-ins are named facts
    await clock.move_to(SESSION_START + timedelta(minutes=2))
    for member in (alice, bob, carol, dan, erin, frank, grace):
        await member.click("I'm here", in_channel=ch)

    # -- feedback: five answers with comments, one blocked comment ------------------------------
    await clock.move_to(SESSION_END + timedelta(minutes=1))
    salts = {"poll": await bot.db.fetchval("SELECT salt FROM feedback_polls")}
    salts |= {
        f"draft {r['id']}": r["salt"] for r in await bot.db.fetchall("SELECT id, salt FROM drafts")
    }
    with audit.anonymous("a blocked comment"):
        r = await bob.click(ANSWER, in_channel=ch)
        await bob.click("Add a comment", message=r)
        blocked = await bob.submit_modal({"comment": BLOCKED_COMMENT})
    assert "not added" in blocked.text, blocked.text
    for member, value, comment in zip(
        (alice, bob, carol, dan, erin), (4, 2, 5, 3, 4), COMMENTS, strict=True
    ):
        with audit.anonymous(f"an answer by {member.name}"):
            await answer_pulse(member, value, comment, in_channel=ch)
    # nothing public changed while people answered
    assert not [m for m in ch.messages if m.edited_timestamp and ANSWER in m.buttons]
    with audit.anonymous("the reminder"):
        await clock.move_to(SESSION_END + timedelta(hours=48, minutes=1))
        # each reminder at its own random time within [feedback] reminder_window_minutes
        await clock.move_to(SESSION_END + timedelta(hours=48, minutes=32))
    with audit.anonymous("the close"):
        await clock.move_to(SESSION_END + timedelta(hours=72, minutes=1))
    r = await leader.slash("feedback results", in_channel=world.leaders_channel)
    await clock.settle()  # the comments follow the chart
    assert "5 responses" in r.text and all(c in r.text for c in COMMENTS)

    # -- the database, as someone holding only its files -----------------------------------------
    lines = dump(bot)
    people = audit.identities()
    anonymous_tables = (
        "drafts",
        "draft_",
        "feedback_counts",
        "feedback_comments",
        "feedback_answered",
    )
    rows = [x for x in lines if x.startswith(tuple(f'INSERT INTO "{t}' for t in anonymous_tables))]
    assert not [x for x in rows if any(p in x for p in people)]
    for table in ("drafts", "draft_messages", "draft_questions", "draft_agenda_lines"):
        columns = {c["name"] for c in await bot.db.fetchall(f"PRAGMA table_info({table})")}
        assert not [c for c in columns if "user" in c or c.endswith(("_at", "_on"))], table
    for table in ("feedback_counts", "feedback_comments", "feedback_answered"):
        columns = {c["name"] for c in await bot.db.fetchall(f"PRAGMA table_info({table})")}
        assert not [c for c in columns if "user" in c or c.endswith(("_at", "_on"))], table
    assert await bot.db.fetchval("SELECT count(*) FROM drafts") == 0  # expired after the session
    assert await bot.db.fetchval("SELECT count(*) FROM feedback_answered") == 0
    assert await bot.db.fetchval("SELECT salt FROM feedback_polls") is None
    raw = files_of(bot)
    for name, data in raw.items():
        for what, salt in salts.items():
            assert bytes(salt) not in data, f"{what}'s salt is still in {name}"
        for text in (*NEVER_STORED, THEME, BODY, BODY_2, EDITED_2, BODY_3, BODY_4, QUESTION):
            assert text.encode() not in data, f"{text[:30]!r} is in {name}"
        assert AUTHOR_ANSWER.encode() not in data and REASON.encode() not in data

    # -- a leaders' channel the trainees can read gets no draft text ---------------------------
    ch_leaders = world.leaders_channel
    ch_leaders.set_member_overwrite(world.trainee_role, allow=VIEW_CHANNEL)
    r = await write_draft(frank, world, theme="Open channel theme", body="An open channel body.")
    assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 6, 10, 0, 30, tzinfo=UTC))
    assert not [m for m in ch_leaders.messages if "Open channel" in m.text]
    # the leaders are told why, privately (nothing of theirs goes to that channel)
    told = [m for m in leader.inbox if "can read it" in m.text and ch_leaders.mention in m.text]
    assert len(told) == 1 and "/draft review" in told[0].text
    assert not [m for m in ch_leaders.messages if "can read it" in m.text]
    review = await leader.slash("draft review", in_channel=ch)
    assert "Open channel theme" in review.text

    # -- the logs, at DEBUG, from every logger ---------------------------------------------------
    loggers = {r.name.split(".")[0] for r in caplog.records}
    assert {"discord", "cogs", "bot", "apscheduler"} <= loggers, loggers
    assert not audit.problems(), "\n".join(audit.problems())


def _fields(modal: dict[str, Any]) -> dict[str, str]:
    out = {}
    for top in modal["components"]:
        for comp in [top.get("component")] if top.get("type") == 18 else top["components"]:
            out[comp["custom_id"]] = comp.get("value") or ""
    return out


# -- the file's layout: no trace of which ticks and which comment came in together ---------------

GROUP: dict[str, Any] = dict(
    guild_id=1,
    channel_id=2,
    name="G",
    weekday=3,
    start_time="09:00",
    duration_minutes=75,
    timezone="Europe/London",
    start_date="2026-09-01",
    end_date="2027-07-31",
)
NOW = datetime(2026, 9, 3, 9, 15, tzinfo=UTC)


async def test_the_files_keep_no_order_in_which_answers_came(db: Database) -> None:
    """SQLite puts a new or grown cell wherever the page has room, so the physical order of cells
    was the order of answers: the newest comment beside the counters its ticks had just grown,
    and the write-ahead log kept each answer's page images to compare. Now neither remains."""
    group = await create_group(db, now=NOW, **GROUP)
    poll, _ = await fb.create_poll(
        db,
        group_id=group.id,
        kind="pulse",
        label="the session",
        opens_at=NOW,
        closes_at=NOW + timedelta(hours=72),
        remind_at=NOW + timedelta(hours=48),
    )
    keys = [item.key for item in PULSE_ITEMS]
    votes = [(1, 2, 3, 4), (5, 5, 5, 5), (2, 3, 4, 5), (4, 4, 1, 1), (3, 1, 2, 2), (1, 1, 1, 3)]
    comments = [f"comment {word} from someone" for word in "ABCDEF"]
    wal = db.path.with_name(db.path.name + "-wal")
    for user, (ticks, comment) in enumerate(zip(votes, comments, strict=True)):
        await fb.record_answer(
            db,
            poll.id,
            key=b"k" * 32,
            user_id=100 + user,
            answers=dict(zip(keys, ticks, strict=True)),
            comments={"comment": comment},
            now=NOW,
        )
        assert not wal.exists() or wal.stat().st_size == 0, "the log keeps earlier answers"

    data = db.path.read_bytes()
    by_place = sorted(comments, key=lambda c: data.index(c.encode()))
    by_key = [
        r["body"] for r in await db.fetchall("SELECT body FROM feedback_comments ORDER BY id")
    ]
    assert by_place in (by_key, by_key[::-1]), "comments lie in the order they were written"
    found = sorted((m.start(), m[0].decode()) for m in re.finditer("|".join(keys).encode(), data))
    placed = [item for _, item in found]
    assert placed in (sorted(placed), sorted(placed, reverse=True)), (
        "counters lie in the order answers grew them"
    )
