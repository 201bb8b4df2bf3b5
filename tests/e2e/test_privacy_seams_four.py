"""Privacy in the seams, the sixth review: what the log's clock, a stop in the middle and the
shape of what the bot sends tell the host, a leader or a trainee. Each attack through the
emulator, as its adversary would try it; each failed before its change."""

from __future__ import annotations

import asyncio
import logging
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import BalintBot
from bot.emulator._model import MANAGE_CHANNELS, VIEW_CHANNEL
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import GROUP_SETUP, World
from bot.store import feedback as fb
from bot.store.feedback import _handle as fb_handle
from bot.store.groups import Group
from cogs.sessions._common import case_handle
from tests.e2e.conftest import ErrorLogTrap
from tests.e2e.test_adversary import NUMBER, log_lines
from tests.e2e.test_privacy_leaks import CASE, DM_POST, SESSION_1_END, answer_pulse
from tests.e2e.test_privacy_seams import REMINDER_DUE

JOB_ID = re.compile(r"\b[0-9a-f]{32}\b")


@contextmanager
def stamped(bot: BalintBot, level: int) -> Iterator[list[tuple[datetime, str]]]:
    """Each log line written meanwhile (at `level` and above, from any logger), with the
    bot's clock when it was written: what a log file's timestamps show the host."""
    lines: list[tuple[datetime, str]] = []

    class Stamp(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = JOB_ID.sub("<job>", record.getMessage())  # APScheduler's, random
            lines.append(
                (bot.now(), f"{record.levelname} {record.name}: {NUMBER.sub('N', message)}")
            )

    handler = Stamp(level)
    logging.getLogger().addHandler(handler)
    try:
        yield lines
    finally:
        logging.getLogger().removeHandler(handler)


# -- the log's clock: a reminder's turn ---------------------------------------------------------

AROUND = timedelta(seconds=10)  # a turn's lines: its DM and discord.py's retries take < 1 s


@pytest.mark.parametrize("level", [logging.INFO, logging.DEBUG])
async def test_the_log_at_a_reminders_turn_does_not_say_whether_it_went(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
    level: int,
) -> None:
    """Each trainee's reminder has its own time, drawn from the key and the poll's salt; at
    that time the bot sends it only if they have not answered. When Discord rate-limited the
    DM (429) or failed it (a 503), the log said so at that moment: discord.py's 429 lines,
    the scheduler's "background work failed". The key's holder computes every trainee's turn
    and reads in the log's timestamps who had not answered, which the design hides from
    everyone once the poll closes. Alice answered, the others did not: the log at her turn and
    at theirs must be alike. The lines are counted, with no one's time, at the next hour."""
    caplog.set_level(logging.DEBUG)
    alice, bob = world.trainee("alice"), world.trainee("bob")
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))  # the pulse is up
    await answer_pulse(alice, 4, in_channel=world.channel)
    bob_dm = rf"^/channels/{emulator.dm_channel(bob.user).id}/messages$"
    emulator.faults.fail_next("POST", bob_dm, status=503)
    emulator.faults.fail_next("POST", DM_POST, status=429, times=3, retry_after=0.2)
    await clock.move_to(REMINDER_DUE - timedelta(minutes=1))
    with stamped(bot, level) as lines:
        clock.step = True  # each turn at its own time, as a real day passes
        await clock.move_to(REMINDER_DUE + timedelta(seconds=30))
        (poll,) = await fb.open_polls(bot.db)
        ids = {t.user.id: t for t in world.trainees}
        turns = await fb.reminder_turns(bot.db, poll.id, bot.key, list(ids))
        assert turns is not None
        await clock.move_to(REMINDER_DUE + timedelta(minutes=35))
        clock.step = False
        await clock.settle()
    await clock.move_to(REMINDER_DUE + timedelta(hours=1, minutes=1))  # the held lines' hour
    await clock.settle()
    window = timedelta(minutes=bot.settings.feedback.reminder_window_minutes)
    at_turn = {
        ids[user].name: sorted(
            line
            for when, line in lines
            if timedelta(0) <= when - turns.due(draw, window) < AROUND
            # APScheduler's own: the turn's job, alike for every turn (the last plans no next)
            and " apscheduler." not in line
        )
        for user, draw in turns.draws.items()
    }
    differ = {
        name: sorted(set(lines) ^ set(at_turn["alice"]))
        for name, lines in at_turn.items()
        if lines != at_turn["alice"]
    }
    assert not differ, differ
    reminded = {t.name for t in world.trainees if any("reminder" in m.text for m in t.inbox)}
    assert reminded == {t.name for t in world.trainees} - {"alice", "bob"}, reminded
    assert [r for r in caplog.records if "429" in r.getMessage()], "no rate limit was hit"
    assert [line for line in log_lines(caplog.records) if "since the last hour" in line]


# -- a backup killed half-way ----------------------------------------------------------------

# Run as the host's `db backup` (bot.store.backup.write_backup, in a process of its own) killed
# at its k-th step: a step is the opening of a database or the putting in place of the copy
# (Python's audit events), each a moment a power cut or a SIGKILL may come.
KILLED_AT_STEP = """
import os, signal, sys
from pathlib import Path
from bot.store.backup import write_backup
steps = 0
def hook(event, args):
    global steps
    if event in ("sqlite3.connect", "os.link", "os.rename", "os.replace"):
        steps += 1
        if steps == int(sys.argv[3]):
            os.kill(os.getpid(), signal.SIGKILL)
sys.addaudithook(hook)
write_backup(Path(sys.argv[1]), Path(sys.argv[2]))
"""


async def test_a_backup_killed_half_way_leaves_nothing_that_links(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator, tmp_path: Path
) -> None:
    """`db backup` copied the live file as it was (every open draft's and poll's salt, the
    "has answered" codes, the presses) into a hidden file beside the backup's name, and only
    then cleaned it: "a crash half-way never leaves a copy that links" held for an error (the
    file is removed) but not for a kill or a power cut, which left the hidden copy, and with the
    key it links the drafts and answers to their authors for ever. Killed at every step, the
    backup's folder may hold nothing of what links."""
    alice, bob = world.trainee("alice"), world.trainee("bob")
    await clock.settle()  # the "Who has a case?" post goes out in the background after setup
    await alice.click(CASE, in_channel=world.channel)
    await alice.slash("draft new", in_channel=world.channel)
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))
    await answer_pulse(bob, 3, in_channel=world.channel)
    links = [bytes(r[0]) for r in await bot.db.fetchall("SELECT salt FROM drafts")]
    links += [bytes(r[0]) for r in await bot.db.fetchall("SELECT salt FROM feedback_polls")]
    links += [
        str(r[0]).encode()
        for r in await bot.db.fetchall(
            "SELECT author_handle FROM drafts UNION ALL SELECT handle FROM feedback_answered "
            "UNION ALL SELECT handle FROM case_intents"
        )
    ]
    assert len(links) >= 4, links

    for step in range(1, 20):
        folder = tmp_path / f"killed-at-{step}"
        folder.mkdir()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            KILLED_AT_STEP,
            bot.settings.database_path,
            str(folder / "backup.sqlite3"),
            str(step),
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await process.communicate()
        assert process.returncode in (0, -signal.SIGKILL), err.decode()
        left = {p.name: p.read_bytes() for p in folder.iterdir()}  # noqa: ASYNC240
        found = [(name, i) for name, data in left.items() for i, s in enumerate(links) if s in data]
        assert not found, f"killed at step {step}, {sorted(left)} keep what links: {found}"
        if process.returncode == 0:
            assert list(left) == ["backup.sqlite3"], sorted(left)
            break
    else:
        raise AssertionError("the backup never finished")
    assert step > 2, "the backup was never killed half-way"


# -- the log's clock: an author's act that failed ------------------------------------------------


async def test_an_anonymous_authors_act_that_fails_is_not_dated_by_the_log(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
    error_trap: ErrorLogTrap,
) -> None:
    """An author's own acts reach the leaders in whole-hour rounds and their log lines are held
    to the hour, so that the log's clock, beside the group's channel (she wrote there a minute
    before), does not name her. But when the act failed unexpectedly (here the database refuses
    the draft), the error handler logged it at that moment, its traceback through the drafts'
    code: "someone wrote a draft at 09:14:05". It is held and counted at the hour like the
    rest, with the reference the author was given (so a report can still be matched)."""
    caplog.set_level(logging.DEBUG)
    alice = world.trainee("alice")
    await bot.db.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON drafts "
        "BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END"
    )
    await clock.move_to(datetime(2026, 9, 1, 9, 14, tzinfo=UTC))
    start = len(caplog.records)
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-03")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Something went wrong" in r.text, r.text
    reference = r.text.rsplit("reference ", 1)[1].rstrip(".")
    await clock.settle()
    then = caplog.records[start:]
    dated = [
        f"{rec.levelname} {rec.name}: {rec.getMessage()}"
        for rec in then
        if rec.levelno >= logging.INFO
        and ("draft" in rec.getMessage() or rec.exc_info)
        or rec.name == "bot.errors"
    ]
    assert not dated, dated
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the hour
    await clock.settle()
    later = [line for line in log_lines(caplog.records[start:]) if "since the last hour" in line]
    assert later and "unexpected error" in later[-1], later
    held = [
        rec.getMessage()
        for rec in caplog.records[start:]
        if "since the last hour" in rec.getMessage()
    ]
    assert any(reference in line for line in held), (reference, held)
    error_trap.records.clear()  # the held error, written at the hour: expected here


# -- the write-ahead log's order: a draft beside its author's other writes ------------------------


def wal_frames(bot: BalintBot) -> list[bytes]:
    """The pages in the database's write-ahead log, in the order they were written (SQLite's
    WAL format: a 32-byte header, then each frame's 24-byte header and its page)."""
    wal = Path(f"{bot.settings.database_path}-wal")
    data = wal.read_bytes() if wal.exists() else b""
    if len(data) < 32:
        return []
    size = int.from_bytes(data[8:12], "big")
    return [
        data[at + 24 : at + 24 + size] for at in range(32, len(data) - 24 - size + 1, 24 + size)
    ]


async def test_the_write_ahead_log_does_not_put_an_anonymous_act_beside_its_authors_other_writes(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """A draft is stored with no user id, under a salted handle, and a press of *I have a case
    in mind* under a keyed one, so that the file alone (a stolen disk, a copy made with `cp`)
    cannot tell who wrote or pressed. But SQLite's write-ahead log keeps the pages of each
    write in the order they came: Alice set the name on her certificate, then wrote a draft;
    Bob the same a little later; Carol and Dan set theirs and pressed. Whoever reads the -wal takes, for each draft and
    each press, the name written just before it, and has them all. The log is emptied after
    such an act now, as after each feedback answer."""
    names = {
        "alice": "Alice Liddell-Example",
        "bob": "Robert Brown-Example",
        "carol": "Carol Danvers-Example",
        "dan": "Daniel Deronda-Example",
    }
    themes = {"alice": "When she cries I go numb", "bob": "I feel like his jailer"}
    await clock.settle()  # the "Who has a case?" post goes out in the background after setup
    for who in names:
        member = world.trainee(who)
        r = await member.slash("attendance name", name=names[who], in_channel=world.channel)
        assert names[who] in r.text, r.text
        if who in themes:
            await member.slash("draft new", in_channel=world.channel, session="2026-09-03")
            r = await member.submit_modal({"theme": themes[who], "body": "I do not know why."})
            assert "Saved" in r.text, r.text
        else:
            r = await member.click(CASE, in_channel=world.channel)
            assert "Noted" in r.text, r.text
    await clock.settle()
    frames = wal_frames(bot)
    (session_id,) = {s for (s,) in await bot.db.fetchall("SELECT session_id FROM case_intents")}
    presses = {
        who: case_handle(bot.key, session_id, world.trainee(who).user.id)
        for who in names
        if who not in themes
    }

    def first(text: str) -> int | None:
        return next((i for i, page in enumerate(frames) if text.encode() in page), None)

    # a name already in the database file was written before the log began: not beside anything
    main = Path(bot.settings.database_path).read_bytes()  # noqa: ASYNC240
    named = {
        who: at
        for who, name in names.items()
        if name.encode() not in main and (at := first(name)) is not None
    }
    guessed: dict[str, str | None] = {}
    for act, marks in (("draft", themes), ("press", presses)):
        for who, mark in marks.items():
            at = first(mark)
            before = [(i, n) for n, i in named.items() if at is not None and i < at]
            guessed[f"{who}'s {act}"] = max(before)[1] if before else None
    right = [act for act, guess in guessed.items() if guess is not None and act.startswith(guess)]
    assert not right, (right, guessed, named)


# -- a leaders' channel another group's trainees can read -----------------------------------------


async def test_a_leaders_channel_another_groups_trainees_can_read_is_not_private(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """The leaders' channel must be one no trainee can read: the check looked at @everyone, the
    group's own trainee role and its own roster. A server with two groups (a deanery's) gave
    the Tuesday group a leaders' channel that the Thursday trainees' role could read (a
    category's permission): it was taken, and the Thursday trainees would have read the
    Tuesday drafts and drift-away alerts. Nor may a trainee who left the group read it. Every
    trainee of the server's groups (past ones too) counts now, at set-up, edit and each post."""
    guild = world.guild
    tue_leads, tue_trainees = guild.create_role("Tuesday leader"), guild.create_role("Tuesday ST")
    dr_tue = emulator.member(guild, "dr-tuesday", roles=[tue_leads])
    for name in ("ted", "uma"):
        emulator.member(guild, name, roles=[tue_trainees])
    tuesday = guild.create_text_channel("balint-tuesday")
    tuesday.set_member_overwrite(tue_leads, allow=MANAGE_CHANNELS)
    leaders = guild.create_text_channel("tuesday-leaders")
    leaders.set_member_overwrite(guild.everyone, deny=VIEW_CHANNEL)
    leaders.set_member_overwrite(tue_leads, allow=VIEW_CHANNEL)
    leaders.set_member_overwrite(guild.bot_role, allow=VIEW_CHANNEL)
    leaders.set_member_overwrite(world.trainee_role, allow=VIEW_CHANNEL)  # Thursday's trainees
    await emulator.idle()
    setup: dict[str, Any] = dict(
        channel=tuesday,
        leader_role=tue_leads,
        trainee_role=tue_trainees,
        **{**GROUP_SETUP, "name": "Tuesday group", "weekday": 1, "start_date": "2026-09-07"},
    )
    r = await dr_tue.slash("group setup", in_channel=tuesday, leaders_channel=leaders, **setup)
    assert "Group set up" not in r.text and leaders.mention in r.text, r.text
    assert world.trainee_role.mention in r.text, r.text

    # made private to them, it is taken; then a Thursday trainee who left is let in
    leaders.set_member_overwrite(world.trainee_role, deny=VIEW_CHANNEL)
    r = await dr_tue.slash("group setup", in_channel=tuesday, leaders_channel=leaders, **setup)
    assert "Group set up" in r.text, r.text
    bob = world.trainee("bob")
    r = await world.leader.slash("group members remove", in_channel=world.channel, member=bob)
    assert "has left the roster" in r.text, r.text
    leaders.set_member_overwrite(bob, allow=VIEW_CHANNEL)
    r = await dr_tue.slash("group show", in_channel=tuesday)
    assert leaders.mention in r.text and bob.mention in r.text, r.text  # why, and who
    r = await dr_tue.slash("group edit", in_channel=tuesday, leaders_channel=leaders)
    assert "Updated" not in r.text and bob.mention in r.text, r.text


# -- the roster, to whoever asks --------------------------------------------------------------


async def test_the_roster_is_shown_to_its_members_and_leaders_only(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Who is in a Balint group is seen by the group's members and leaders (docs/privacy.md,
    Groups and rosters). `/group members list` showed the whole roster to anyone on the server
    who typed it in the group's channel: someone in no group, a trainee who had left, a server
    admin who leads nothing. They are told it is for the group's members; members still see it."""
    bob = world.trainee("bob")
    r = await world.leader.slash("group members remove", in_channel=world.channel, member=bob)
    assert "has left the roster" in r.text, r.text
    alice = world.trainee("alice")
    for outsider in (world.outsider, bob, world.admin):
        r = await outsider.slash("group members list", in_channel=world.channel)
        assert r.ephemeral and alice.mention not in r.text, (outsider.name, r.text)
        assert "roster" in r.text, r.text
    for member in (alice, world.leader, world.coleader):
        r = await member.slash("group members list", in_channel=world.channel)
        assert alice.mention in r.text and bob.mention not in r.text, r.text


async def test_the_schedulers_lines_at_a_reminders_turn_take_as_long_whoever_it_is(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """At INFO the log shows APScheduler at work: each reminder turn is "Running job" and then,
    when the turn is done, "Added job" for the next one, to the millisecond. A turn that sent a
    DM (its trainee had not answered) took a request to Discord longer than one that did not,
    and a slow Discord (here: a 429 of a second) made the gap plain: the key's holder reads who
    had not answered in the gaps. The next turn is planned before the DM goes now."""
    caplog.set_level(logging.INFO)
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))  # the pulse is up
    await answer_pulse(world.trainee("alice"), 4, in_channel=world.channel)
    for member in world.trainees[1:4]:  # bob, carol, dan: Discord is slow with their DMs
        dm = rf"^/channels/{emulator.dm_channel(member.user).id}/messages$"
        emulator.faults.fail_next("POST", dm, status=429, retry_after=1.0)
    await clock.move_to(REMINDER_DUE - timedelta(minutes=1))
    start = len(caplog.records)
    clock.step = True
    await clock.move_to(REMINDER_DUE + timedelta(minutes=35))
    clock.step = False
    await clock.settle()
    lines = [
        (r.created, r.getMessage())
        for r in caplog.records[start:]
        if r.name.startswith("apscheduler") and "Scheduler._run_later" in r.getMessage()
    ]
    gaps = []  # from each turn's "Running job" to the next "Added job" (the turn planned next)
    for i, (began, running) in enumerate(lines):
        if running.startswith("Running job"):
            added = next((t for t, line in lines[i:] if line.startswith("Added job")), None)
            if added is not None:
                gaps.append(added - began)
    assert len(gaps) >= 7, lines  # a turn each, the last planning none
    assert max(gaps) < 0.5, gaps
    reminded = [t.name for t in world.trainees if any("reminder" in m.text for m in t.inbox)]
    assert len(reminded) == 7 and "alice" not in reminded, reminded


# -- a server admin who leads nothing --------------------------------------------------------------


async def test_a_leader_added_is_no_secret_from_the_groups_leaders(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Anyone with Manage Server may add a leader (to rescue a group whose leaders have gone).
    A server admin who leads nothing added himself, and silently read what only the leaders
    see: the co-leaders' debrief notes, the drafts in /draft review, the feedback results, the
    attendance. The group's leaders are told now, where their notices go, who was added and by
    whom (and who was taken off)."""
    admin = world.admin
    before = len(world.leaders_channel.messages)
    r = await admin.slash("group leaders add", in_channel=world.channel, member=admin)
    assert "now leads" in r.text, r.text
    await clock.settle()
    told = [m.text for m in world.leaders_channel.messages[before:]]
    assert any(admin.mention in t and "added" in t for t in told), told
    r = await world.leader.slash("group leaders remove", in_channel=world.channel, member=admin)
    assert "no longer leads" in r.text, r.text
    await clock.settle()
    told = [m.text for m in world.leaders_channel.messages[before:]]
    assert any(admin.mention in t and world.leader.mention in t and "off" in t for t in told), told


# -- /forgetme and the code that says she answered --------------------------------------------------


async def test_forgetme_takes_the_code_that_says_the_member_answered_an_open_poll(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """While a poll is open, "has answered" is kept as a code made from the member's id, the key
    and the poll's salt, so that nobody answers twice. /forgetme took the member off the roster
    (she can answer no more) but left her code until the poll closed: whoever held the file and
    the key could still tell that she had answered. It goes with her now; her answer stays
    counted, with no one's name, as every answer is."""
    from tests.e2e.test_privacy_seams import forget, raw_files

    alice, bob = world.trainee("alice"), world.trainee("bob")
    await clock.move_to(SESSION_1_END + timedelta(minutes=1))  # the pulse is up
    for member in (alice, bob):
        await answer_pulse(member, 4, in_channel=world.channel)
    (poll,) = await fb.open_polls(bot.db)
    salt = bytes(await bot.db.fetchval("SELECT salt FROM feedback_polls WHERE id = ?", (poll.id,)))
    codes = {m.name: fb_handle(bot.key, salt, poll.id, m.user.id) for m in (alice, bob)}
    assert all(c.encode() in b"".join(raw_files(bot).values()) for c in codes.values())
    await forget(alice, world)
    await clock.settle()
    raw = b"".join(raw_files(bot).values())
    assert codes["alice"].encode() not in raw, "her code is still in the file"
    assert codes["bob"].encode() in raw  # bob's stays: he may not answer twice
    assert await bot.db.fetchval("SELECT responses FROM feedback_polls") == 2
