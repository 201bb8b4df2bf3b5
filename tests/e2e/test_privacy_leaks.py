"""The first adversarial review's leaks, numbered, each tried as the adversary would (a leader, a
trainee, the host with the files, the key and the logs, Discord) through the emulator."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import BalintBot
from bot.domain.feedback import PULSE_ITEMS
from bot.emulator.emulator import Emulator, InteractionResult, Message, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store import backup
from bot.store.groups import Group
from tests.e2e._waits import until_logged
from tests.e2e.test_drafts import next_round

ANSWER = "Answer (anonymous)"
SESSION_1_END = datetime(2026, 9, 3, 9, 15, tzinfo=UTC)  # 10:15 in London: the pulse goes out
DM_POST = r"/channels/\d+/messages$"


def identities(world: World, emulator: Emulator) -> dict[str, str]:
    """Every person's user id and DM channel id (what names an anonymous actor), by person."""
    found = {}
    for member in [*world.everyone, world.admin, world.outsider]:
        found[str(member.id)] = f"{member.name}'s user id"
        found[str(emulator.dm_channel(member.user).id)] = f"{member.name}'s DM channel"
    return found


def naming(records: list[logging.LogRecord], people: dict[str, str]) -> list[str]:
    return [
        f"{r.levelname} {r.name}: {people[p]} in {r.getMessage()[:160]!r}"
        for r in records
        for p in people
        if p in r.getMessage()
    ]


async def answer_pulse(member: SimMember, value: int, **where: Any) -> None:
    r = await member.click(ANSWER, **where)
    for item in PULSE_ITEMS:
        await member.select(f"feedback:q:{item.key}", [str(value)], message=r)
    done = await member.click("Send", message=r)
    assert "Thank you" in done.text, done.text


# -- leak 4: logs under rate limiting -------------------------------------------------------------


async def test_a_rate_limited_reminder_names_nobody_in_the_logs(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The pulse's reminder goes to those who have not answered: who they are is anonymous. A 429
    on those DMs made discord.py log each DM channel's URL (WARNING and DEBUG): a log reader
    learned who had not answered, so who had. No log line, at any level, may name them."""
    caplog.set_level(logging.DEBUG)
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))  # the pulse is up
    for member in world.trainees[:5]:
        await answer_pulse(member, 4, in_channel=world.channel)
    emulator.faults.fail_next("POST", DM_POST, status=429, times=3, retry_after=0.2)
    start = len(caplog.records)
    await clock.move_to(SESSION_1_END + timedelta(hours=48, minutes=1))  # the reminder
    # each reminder at its own random time within [feedback] reminder_window_minutes
    await clock.move_to(SESSION_1_END + timedelta(hours=48, minutes=32))
    await emulator.idle()
    reminded = [t for t in world.trainees if any("reminder" in m.text.lower() for m in t.inbox)]
    assert {t.name for t in reminded} == {"frank", "grace", "heidi"}
    # the turns' lines are held to the hour (test_privacy_seams_four): then counted, named no one
    await clock.move_to(SESSION_1_END + timedelta(hours=49, minutes=1))
    await clock.settle()
    window = caplog.records[start:]
    assert [r for r in window if "429" in r.getMessage()], "the rate limit was not hit"
    assert not naming(window, identities(world, emulator)), "\n".join(
        naming(window, identities(world, emulator))
    )
    # and no DM channel id anywhere in the log, whatever the moment
    dms = {p: who for p, who in identities(world, emulator).items() if "DM" in who}
    assert not naming(caplog.records, dms), "\n".join(naming(caplog.records, dms))


# -- leak 9: markdown in text the bot publishes in its own voice ---------------------------------

AGENDA_TIME = datetime(2026, 9, 2, 8, 1, tzinfo=UTC)  # T-24h before Thursday 3 Sep 08:00 UTC
FORGED = "# SESSION CANCELLED THIS WEEK\n-# from the leaders\n- stay at home\n1. really"
RENDERED = re.compile(r"^(?:>+ ?)*(?:#{1,3} |-# |[-*+] |\d+\. |>)")


def rendered_as_markup(text: str) -> list[str]:
    """Lines Discord would render as a heading, subtext, list item or nested quote: a member's
    words dressed as the bot's (or the leaders') own."""
    out = []
    for line in text.splitlines():
        inner = re.sub(r"^> ?", "", line, count=1)  # the one quote the bot itself adds
        if RENDERED.match(inner):
            out.append(line)
    return out


async def drafts_of_alice_and_bob(world: World, clock: Clock) -> dict[SimMember, str]:
    """Alice and Bob each write a draft and the next round shows both to the leaders: the pair an
    attack on a draft's authorship compares. Returns {member: theme}."""
    alice, bob = world.trainee("alice"), world.trainee("bob")
    themes = {alice: "When she cries I go numb", bob: "I feel like his jailer"}
    for member, theme in themes.items():
        await member.slash("draft new", in_channel=world.channel)
        r = await member.submit_modal({"theme": theme, "body": f"{theme}, and I do not know why."})
        assert "Saved" in r.text, r.text
    await next_round(clock)
    return themes


async def test_a_members_markdown_is_shown_as_quoted_text_wherever_the_bot_publishes_it(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    r = await world.leader.slash("group edit", in_channel=world.channel, publish_draft_text=True)
    assert "with their text" in r.text
    alice = world.trainee("alice")
    r = await alice.slash("draft new", in_channel=world.channel)
    r = await alice.submit_modal(
        {"theme": "-# the leaders say [read this](ward) first", "body": FORGED}
    )
    assert "Saved" in r.text, r.text
    await next_round(clock)
    card = next(m for m in world.leaders_channel.messages if m.embeds)
    # the leaders' card shows the author's words as words
    assert not rendered_as_markup(card.text), card.text
    assert "[read this](ward)" not in card.text, card.text  # a masked link
    await world.leader.click("Approve", card)
    await clock.move_to(AGENDA_TIME)
    post = next(m for m in reversed(world.channel.messages) if "Agenda" in m.text)
    assert "SESSION CANCELLED" in post.text
    assert not rendered_as_markup(post.text), post.text
    assert "[read this](ward)" not in post.text, post.text


# -- leak 3: the public "Who has a case?" count ----------------------------------------------------

CASE = "I have a case in mind"


async def test_the_case_count_changes_only_on_the_hour_whatever_members_do(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """An anonymous press (or /volunteer) edited the public count 6-14 ms later: whoever watched
    the channel saw who was online at that moment. Now the count moves only at the whole hour."""
    await clock.settle()
    post = next(m for m in world.channel.messages if "Who has a case?" in m.text)
    assert "Nobody has said" in post.text
    await clock.move_to(datetime(2026, 9, 1, 10, 20, tzinfo=UTC))
    edited = post.edited_timestamp
    r = await world.trainee("alice").click(CASE, in_channel=world.channel)
    assert "Noted" in r.text, r.text
    r = await world.trainee("bob").slash("volunteer", in_channel=world.channel)
    assert r.ephemeral, r.text
    await clock.settle()
    assert "Nobody has said" in post.text and post.edited_timestamp == edited
    await clock.move_to(datetime(2026, 9, 1, 10, 59, tzinfo=UTC))
    assert "Nobody has said" in post.text and post.edited_timestamp == edited
    await clock.move_to(datetime(2026, 9, 1, 11, 0, 30, tzinfo=UTC))
    both = "**1 member has a case in mind.** **1 member has offered to present.**"
    assert both in post.text
    assert post.edited_timestamp is not None and post.edited_timestamp.minute == 0
    # taking it back is the same: nothing until the next hour
    await world.trainee("alice").click(CASE, in_channel=world.channel)
    await clock.settle()
    assert both in post.text
    await clock.move_to(datetime(2026, 9, 1, 12, 0, 30, tzinfo=UTC))
    assert post.text.endswith("**1 member has offered to present.**"), post.text


# -- leak 1: the DM oracle ---------------------------------------------------------------------------


def leader_card(world: World, theme: str) -> Message:
    cards: list[Message] = [
        m for m in world.leaders_channel.messages if m.embeds and theme in m.text
    ]
    return cards[-1]


def same_words(text: str) -> str:
    """A reply with draft numbers and themes blanked: what it says, not which draft."""
    return re.sub(r"#\d+|“[^”]*”", "…", text)


async def test_what_a_leader_is_told_does_not_depend_on_the_authors_dms(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """A leader who knows whose DMs are closed pressed Ask or Reject and was told "I could not
    reach the author by direct message" for one draft, "sent anonymously" for the others: that
    named the author. Now every reply is the same; the author finds the question and the reason
    in /draft mine."""
    alice, bob = world.trainee("alice"), world.trainee("bob")
    alice.dms_open = False
    themes = await drafts_of_alice_and_bob(world, clock)

    asked = {}
    for member, theme in themes.items():
        r = await world.leader.click("Ask the author", leader_card(world, theme))
        assert "/draft mine" in str(r.modal), "the form says where the question waits"
        r = await world.leader.submit_modal({"question": "How long have you known them?"})
        asked[member] = same_words(r.text)
    assert asked[alice] == asked[bob], asked
    mine = await alice.slash("draft mine", in_channel=world.channel)
    assert "How long have you known them?" in mine.text

    rejected = {}
    for member, theme in themes.items():
        await world.leader.click("Reject", leader_card(world, theme))
        r = await world.leader.submit_modal({"reason": "Please keep to the feelings."})
        rejected[member] = same_words(r.text)
    assert rejected[alice] == rejected[bob], rejected
    await clock.settle()  # the DM follows the leader's reply
    assert "Please keep to the feelings." in bob.inbox[-1].text
    # alice, whose DMs are closed, finds the leaders' reason waiting in /draft mine, once
    mine = await alice.slash("draft mine", in_channel=world.channel)
    assert "Please keep to the feelings." in mine.text and themes[alice] in mine.text
    mine = await alice.slash("draft mine", in_channel=world.channel)
    assert "Please keep to the feelings." not in mine.text
    await bot.scheduler.drain()  # the row is deleted in the background, after the reply
    # bob's, told by DM, waits without text for its expiry (its DM goes with it)
    assert await bot.db.fetchval("SELECT count(*) FROM drafts WHERE theme != '-'") == 0


# -- leak 5: a second reader of the database stops the forgetting ---------------------------------


async def test_a_second_reader_delays_the_forgetting_but_never_stops_it(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Any other process holding a read transaction (a backup, `sqlite3` on the file, a monitor)
    made `wal_checkpoint(TRUNCATE)` return busy, which was ignored: the -wal kept one commit per
    answer (ticks and comment re-paired) and, after expiry, destroyed salts. Now the answer is
    counted at once (within Discord's 3 s), the bot says in its log that it is waiting, and
    empties the log as soon as the reader lets go."""
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))
    path = Path(bot.settings.database_path)
    wal = path.with_name(path.name + "-wal")
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM groups").fetchall()  # a read transaction, held
    try:
        for member, value in zip(world.trainees[:3], (2, 4, 5), strict=True):
            await answer_pulse(member, value, in_channel=world.channel)  # "Thank you", in time
        assert wal.stat().st_size > 0  # the reader holds the log for now
        # the checkpoint runs after the reply: its warning may come a moment later
        warning = await until_logged(
            caplog, lambda r: "-wal" in r.getMessage() and r.levelname == "WARNING"
        )
        assert "another process is reading the database" in warning.getMessage()
    finally:
        reader.rollback()
        reader.close()
    await asyncio.wait_for(bot.db.forgotten(), timeout=30)
    assert wal.stat().st_size == 0, "the log kept the answers after the reader let go"
    assert await bot.db.fetchval("SELECT count(*) FROM feedback_answered") == 3


# -- leak 6: backups keep what expiry destroys -------------------------------------------------------


async def test_a_backup_cannot_link_open_drafts_polls_or_presses_to_anyone(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator, tmp_path: Path
) -> None:
    """A backup taken while drafts or polls were open, plus the key, linked them to their authors
    for ever (expiry deletes salts from the live file, never from a copy). `db backup` now writes
    the copy without the open items' salts and handles."""
    alice, bob = world.trainee("alice"), world.trainee("bob")
    await clock.settle()  # the "Who has a case?" post goes out in the background after setup
    await alice.click(CASE, in_channel=world.channel)
    await alice.slash("draft new", in_channel=world.channel)
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))
    await answer_pulse(bob, 3, in_channel=world.channel)
    secrets = [bytes(r["salt"]) for r in await bot.db.fetchall("SELECT salt FROM drafts")]
    secrets += [bytes(r["salt"]) for r in await bot.db.fetchall("SELECT salt FROM feedback_polls")]
    handles = [
        r[0]
        for r in await bot.db.fetchall(
            "SELECT author_handle FROM drafts UNION ALL SELECT handle FROM feedback_answered "
            "UNION ALL SELECT handle FROM case_intents"
        )
    ]
    assert len(secrets) == 2 and len(handles) >= 2

    copy = await backup.backup(bot.db, tmp_path / "backup.sqlite3")
    data = b"".join(p.read_bytes() for p in tmp_path.glob("backup.sqlite3*"))  # noqa: ASYNC240
    for secret in secrets:
        assert secret not in data, "an open item's salt is in the backup"
    for handle in handles:
        assert handle.encode() not in data, "a handle is in the backup"
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 1  # the draft stays
        assert conn.execute("SELECT count(*) FROM feedback_answered").fetchone()[0] == 0
        assert conn.execute("SELECT responses FROM feedback_polls").fetchone()[0] == 1
    finally:
        conn.close()
    # the live bot is untouched: bob has still answered, alice still has her draft
    again = await bob.click(ANSWER, in_channel=world.channel)
    assert "already answered" in again.text
    mine = await alice.slash("draft mine", in_channel=world.channel)
    assert "When she cries I go numb" in mine.text


# -- leak 7: case text left in Discord --------------------------------------------------------------

EXPIRY_TIME = datetime(2026, 9, 4, 9, 16, tzinfo=UTC)  # 24 h after session 1 ends


async def test_a_refused_delete_is_retried_and_the_leaders_are_told_what_to_restore(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """With View Channel gone from the leaders' channel, a 403 on deleting a draft card was taken
    as "already deleted": the row and salt went, the case text stayed in Discord for good. Now the
    draft does not count as expired until every message that showed it is gone; the leaders are
    told once which permission to restore, and the delete is retried."""
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel)
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await next_round(clock)
    card = leader_card(world, "When she cries I go numb")
    world.leaders_channel.set_bot_permissions(0)  # someone took the bot out of the channel
    await clock.move_to(EXPIRY_TIME)
    assert not card.deleted
    assert await bot.db.fetchval("SELECT count(*) FROM drafts") == 1, "expired with text left"
    # (told apart from the notice that their channel's posts now come by DM: test_leaders_channel)
    told = [m for m in world.leader.inbox if "cannot delete messages" in m.text]
    assert len(told) == 1 and f"<#{world.leaders_channel.id}>" in told[0].text, told
    assert "View Channel" in told[0].text, told[0].text
    await next_round(clock)  # still refused: retried, not told again
    assert not card.deleted
    assert len([m for m in world.leader.inbox if "cannot delete messages" in m.text]) == 1
    world.leaders_channel.set_bot_permissions(None)  # restored
    await next_round(clock)
    assert card.deleted
    assert await bot.db.fetchval("SELECT count(*) FROM drafts") == 0


# -- leak 2: /draft review and the card buttons between rounds ------------------------------------


async def test_draft_review_between_rounds_is_the_same_whatever_authors_did(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel)
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await next_round(clock)
    before = await world.leader.slash("draft review", in_channel=world.channel)
    mine = await alice.slash("draft mine", in_channel=world.channel)
    await alice.click("Edit", mine)
    r = await alice.submit_modal({"body": "I go numb, and then I feel guilty."})
    assert "Saved your changes" in r.text, r.text
    after = await world.leader.slash("draft review", in_channel=world.channel)
    await clock.settle()  # every followup of the review is in
    assert after.text == before.text


def seen_by_leader(r: InteractionResult) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every message of a reply: its words and its components (custom ids included)."""
    return [(m.text, m.components) for m in r.messages]


LEAK2_THEMES = {"alice": "When she cries I go numb", "bob": "I feel like his jailer"}
LEAK2_QUESTION = "How long have you known them?"


@pytest.mark.parametrize("done", ["edit", "answer", "withdraw"])
@pytest.mark.parametrize("press", ["Approve", "Reject", "Ask the author"])
async def test_a_leaders_every_view_between_rounds_ignores_what_authors_did(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    done: str,
    press: str,
) -> None:
    """Alice acts on her draft between rounds; bob does nothing. Before the next round the leader's
    /draft review is unchanged and every button on alice's card answers as on bob's; what the
    press then does never applies to text the leaders have not seen, and a withdrawn draft's
    author hears nothing."""
    alice, bob = world.trainee("alice"), world.trainee("bob")
    for member in (alice, bob):
        theme = LEAK2_THEMES[member.name]
        await member.slash("draft new", in_channel=world.channel)
        r = await member.submit_modal({"theme": theme, "body": f"{theme}, and I do not know why."})
        assert "Saved" in r.text, r.text
    await next_round(clock)
    for member in (alice, bob):
        await world.leader.click("Ask the author", leader_card(world, LEAK2_THEMES[member.name]))
        await world.leader.submit_modal({"question": LEAK2_QUESTION})
    await clock.settle()
    before = await world.leader.slash("draft review", in_channel=world.channel)
    cards = {m: leader_card(world, t) for m, t in LEAK2_THEMES.items()}
    shown = {m: (c.text, c.components) for m, c in cards.items()}

    if done == "edit":
        mine = await alice.slash("draft mine", in_channel=world.channel)
        await alice.click("Edit", mine)
        r = await alice.submit_modal({"body": "A NEWER TEXT no leader has seen."})
        assert "Saved your changes" in r.text, r.text
    elif done == "answer":
        dm = [m for m in alice.inbox if "Answer" in m.buttons][-1]
        await alice.click("Answer", dm)
        r = await alice.submit_modal({"answer": "A NEWER ANSWER no leader has seen."})
        assert "Thank you" in r.text, r.text
    else:
        mine = await alice.slash("draft mine", in_channel=world.channel)
        r = await alice.click("Yes, withdraw it", await alice.click("Withdraw", mine))
        assert "Withdrawn" in r.text, r.text
    await clock.settle()

    after = await world.leader.slash("draft review", in_channel=world.channel)
    await clock.settle()
    assert seen_by_leader(after) == seen_by_leader(before)
    assert {m: (c.text, c.components) for m, c in cards.items()} == shown
    assert not any(c.deleted for c in cards.values())

    inbox = len(alice.inbox)
    replies: dict[str, tuple[str | None, str]] = {}
    for name, card in cards.items():
        r = await world.leader.click(press, card)
        if r.modal is not None:
            modal = str(r.modal)
            field = "reason" if press == "Reject" else "question"
            r = await world.leader.submit_modal({field: "Please keep to the feelings."})
            # the draft's id and the form's own random suffix (bot.errors.BaseModal) differ
            form = re.sub(r"\d{6}", "…", re.sub(r":[0-9a-f]{16}'", ":…'", modal))
            replies[name] = (form, same_words(r.text))
        else:
            replies[name] = (None, same_words(r.text))
    assert replies["alice"] == replies["bob"], replies
    await clock.settle()
    faces = {m: same_words(c.text.replace(LEAK2_THEMES[m], "…")) for m, c in cards.items()}
    assert faces["alice"] == faces["bob"], faces
    assert cards["alice"].deleted == cards["bob"].deleted
    if done == "withdraw":
        assert len(alice.inbox) == inbox, "a withdrawn draft's author hears nothing of it"

    await next_round(clock)
    status = await bot.db.fetchval(
        "SELECT status FROM drafts WHERE theme = ?", (LEAK2_THEMES["alice"],)
    )
    if done == "withdraw":
        assert status is None, "a withdrawn draft is gone by the next round"
    elif press == "Reject":
        # the Reject deletes her draft, and she is told why, once
        assert status is None, status
        (told,) = [m.text for m in alice.inbox[inbox:]]
        assert "did not accept" in told and LEAK2_THEMES["alice"] in told, told
        assert "> Please keep to the feelings." in told, told
    elif done == "edit":
        # an Approve for the older text never approves the newer one: it comes up for review
        assert status == "pending"
        fresh = leader_card(world, LEAK2_THEMES["alice"])
        assert "A NEWER TEXT" in fresh.text and "Approve" in fresh.buttons
    else:
        assert status == ("approved" if press == "Approve" else "pending")
        fresh = leader_card(world, LEAK2_THEMES["alice"])
        assert "A NEWER ANSWER" in fresh.text
