"""Nothing is lost or posted twice (docs/architecture.md → Exactly-once scheduled posts; Failures, restarts and
missing permissions), with the real bot against the emulator: failed and rate-limited posts,
crashes on either side of a post, downtime across a due time, gateway drops, missing permissions,
and double clicks.

Times: the group meets on Thursdays 09:00-10:15 London time (08:00-09:15 UTC in September). The
scheduled posts used here are presenting's leader alert (T-2h, in the leaders' channel, useful
until the start, with a late note), the feedback pulse (at the end, in the group's channel, useful
for 24 h), presenting's "who presented?" prompt (at the end, in the leaders' channel) and the
sessions capability's posts in the group's channel (the closing post at the end, useful for 2 h;
the agenda, pins, the check-in and the native events).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.app import BalintBot
from bot.emulator._model import (
    CREATE_EVENTS,
    MANAGE_EVENTS,
    MANAGE_MESSAGES,
    PIN_MESSAGES,
    SEND_MESSAGES,
)
from bot.emulator.emulator import BOT_DEFAULT, Channel, Emulator, Message
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.scheduling import RETRY_AFTER, nonce_for
from bot.store.groups import Group
from bot.store.sessions import Session, session_on
from tests.e2e.conftest import ErrorLogTrap, StartBot

ALERT, PULSE, CONFIRM = "presenting_alert", "feedback_pulse", "presenting_confirm"
CLOSE = "close"  # the sessions capability's "the frame closes" post, at the end
SEP3_START = datetime(2026, 9, 3, 8, tzinfo=UTC)
SEP3_END = SEP3_START + timedelta(minutes=75)
WEEK = timedelta(days=7)
MINUTE = timedelta(minutes=1)
LATE_NOTE = "Sent late"


async def session(bot: BalintBot, group: Group, day: str) -> Session:
    found = await session_on(bot.db, group.id, date.fromisoformat(day))
    assert found is not None
    return found


async def ledger(bot: BalintBot, session_id: int) -> dict[str, dict[str, Any]]:
    rows = await bot.db.fetchall("SELECT * FROM deliveries WHERE session_id = ?", (session_id,))
    return {r["kind"]: dict(r) for r in rows}


def posted(emulator: Emulator, session_id: int, kind: str) -> list[Message]:
    """Messages (anywhere) sent for one scheduled post: they all carry its nonce."""
    nonce = nonce_for(session_id, kind)
    return [m for m in emulator.all_messages() if m.nonce == nonce]


async def assert_each_once(
    bot: BalintBot, emulator: Emulator, session_id: int, kinds: list[str], channel: Channel
) -> None:
    """Each post is recorded 'sent' and exists once, where the ledger says."""
    rows = await ledger(bot, session_id)
    for kind in kinds:
        (message,) = posted(emulator, session_id, kind)
        assert message.channel is channel, kind
        assert rows[kind]["status"] == "sent" and rows[kind]["message_id"] == message.id, kind


def assert_nothing_twice(emulator: Emulator, *, except_containing: str = "\x00") -> None:
    """No bot message outside interactions was posted twice in the same place (a notice about a
    problem that came back after being fixed may be, when the test says so)."""
    seen = Counter(
        (m.channel.id, m.content)
        for m in emulator.all_messages()
        if m.author.id == emulator.bot_user_id
        and m.interaction is None
        and m.content
        and except_containing not in m.content
    )
    twice = [text[:80] for (_, text), n in seen.items() if n > 1]
    assert not twice, f"posted more than once: {twice}"


def slow_ready(emulator: Emulator, delay: float = 0.3) -> None:
    """Make the gateway answer IDENTIFY late, as real Discord does (a TLS handshake and a READY
    away): a bot must not act on its channel cache before READY and GUILD_CREATE have filled it."""
    gateway = emulator.gateway
    assert gateway is not None
    identify = type(gateway)._identify

    def late_identify(conn: Any, data: Any) -> Any:
        asyncio.get_running_loop().call_later(delay, identify, gateway, conn, data)
        return True  # the connection stays open; READY follows after the delay

    gateway._identify = late_identify  # type: ignore[method-assign]  # this emulator only


def alerts(world: World) -> list[Message]:
    return [m for m in world.leaders_channel.messages if "No case yet" in m.text]


async def test_restart_after_a_due_time_sends_late_once_and_a_stale_post_is_missed(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    s3 = await session(bot, group, "2026-09-03")
    await clock.move_to(SEP3_START - timedelta(hours=2, minutes=10))
    await bot.close()
    await clock.move_to(SEP3_START - timedelta(hours=1, minutes=30))  # the alert is 30 min overdue
    slow_ready(emulator)
    bot = await start_bot()
    await clock.settle()
    rows = await ledger(bot, s3.id)
    assert rows[ALERT]["status"] == "sent" and rows[ALERT]["late"] == 1
    (alert,) = alerts(world)  # in the leaders' channel (not their DMs), once, saying it is late
    assert LATE_NOTE in alert.text and not world.leader.inbox

    # down again across the session's end, and back more than a day later: the pulse (useful for
    # 24 h) is recorded as missed and never sent; the leaders' prompt (useful 14 days) goes late
    await bot.close()
    await clock.move_to(SEP3_END + timedelta(hours=30))
    bot = await start_bot()
    await clock.settle()
    rows = await ledger(bot, s3.id)
    assert rows[PULSE]["status"] == "missed" and not posted(emulator, s3.id, PULSE)
    assert rows[CLOSE]["status"] == "missed" and not posted(emulator, s3.id, CLOSE)
    assert rows[CONFIRM]["status"] == "sent" and rows[CONFIRM]["late"] == 1
    (prompt,) = posted(emulator, s3.id, CONFIRM)
    assert prompt.channel is world.leaders_channel and LATE_NOTE in prompt.text
    assert len(alerts(world)) == 1

    # a third start changes nothing: every post of the session is decided
    await bot.close()
    bot = await start_bot()
    await clock.settle()
    assert await ledger(bot, s3.id) == rows
    assert_nothing_twice(emulator)


async def test_a_failed_post_is_retried_and_a_rate_limited_one_waits_each_appears_once(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """503 (discord.py gives up at once) leaves the ledger row 'claimed' and the scheduler retries
    after RETRY_AFTER; a 429 is waited out by discord.py; a single 500 is retried by discord.py
    itself (after a second). (Five 500s in a row would take discord.py 25 s to give up, so the
    scheduler's own retry is shown with a 503.) At a session's end the group's channel gets the
    feedback pulse and, with the sessions capability, the closing post: the fault hits whichever
    goes first, and every one of them must appear exactly once."""
    in_channel = rf"/channels/{world.channel.id}/messages$"
    at_end = [k for k in (PULSE, CLOSE) if k in bot.scheduler.kinds]
    s3 = await session(bot, group, "2026-09-03")
    await clock.move_to(SEP3_START - MINUTE)
    await clock.move_to(SEP3_END - MINUTE)
    emulator.faults.fail_next("POST", in_channel, status=503)
    await clock.move_to(SEP3_END + MINUTE)
    rows = await ledger(bot, s3.id)
    (failed,) = [k for k in at_end if rows[k]["status"] == "claimed"]  # decided, not yet sent
    assert not posted(emulator, s3.id, failed)
    assert all(rows[k]["status"] == "sent" for k in (*at_end, CONFIRM) if k != failed)
    assert "will retry" in caplog.text

    await clock.shift(RETRY_AFTER / 2)  # not yet
    assert not posted(emulator, s3.id, failed)
    await clock.shift(RETRY_AFTER / 2)
    await assert_each_once(bot, emulator, s3.id, at_end, world.channel)
    pulse = posted(emulator, s3.id, PULSE)[0]
    assert "Answer (anonymous)" in pulse.buttons

    # 429 with retry_after: discord.py waits and sends again
    s10 = await session(bot, group, "2026-09-10")
    await clock.move_to(SEP3_END + WEEK - MINUTE)
    emulator.faults.fail_next("POST", in_channel, status=429, retry_after=0.2)
    await clock.move_to(SEP3_END + WEEK + MINUTE)
    await assert_each_once(bot, emulator, s10.id, at_end, world.channel)
    assert "rate limited" in caplog.text

    # a single 500: discord.py retries it itself after a second, no ledger retry needed
    s17 = await session(bot, group, "2026-09-17")
    await clock.move_to(SEP3_END + 2 * WEEK - MINUTE)
    emulator.faults.fail_next("POST", in_channel, status=500)
    await clock.move_to(SEP3_END + 2 * WEEK + MINUTE)
    await bot.scheduler.drain()
    await emulator.idle()
    await assert_each_once(bot, emulator, s17.id, at_end, world.channel)
    assert emulator.faults.injected == 3
    assert_nothing_twice(emulator)


def sql(bot: BalintBot, statement: str) -> None:
    """Change the database behind the bot's back (another connection, as an operator would)."""
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


async def test_a_crash_before_or_after_a_post_still_shows_it_once(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
    error_trap: ErrorLogTrap,
) -> None:
    to_leaders = rf"/channels/{world.leaders_channel.id}/messages$"
    s3 = await session(bot, group, "2026-09-03")

    # crash between the decision and the post: the post failed, then the bot stopped before
    # its retry; the row is 'claimed', so the next start sends it, once
    await clock.move_to(SEP3_START - timedelta(hours=2) - MINUTE)
    emulator.faults.fail_next("POST", to_leaders, status=503)
    await clock.shift(2 * MINUTE)
    assert (await ledger(bot, s3.id))[ALERT]["status"] == "claimed" and not alerts(world)
    await bot.close()
    bot = await start_bot()
    await clock.settle()
    (alert,) = alerts(world)
    assert (await ledger(bot, s3.id))[ALERT]["message_id"] == alert.id

    # crash after the post, before the ledger said 'sent': the UPDATE fails (a disk error)
    sql(
        bot,
        "CREATE TRIGGER crash BEFORE UPDATE ON deliveries "
        f"WHEN NEW.kind = '{CONFIRM}' AND NEW.status = 'sent' "
        "BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END",
    )
    await clock.move_to(SEP3_START - MINUTE)
    await clock.move_to(SEP3_END + MINUTE)
    (prompt,) = posted(emulator, s3.id, CONFIRM)
    assert (await ledger(bot, s3.id))[CONFIRM]["status"] == "claimed"
    (error,) = error_trap.records  # a failing database is worth an ERROR: expected here
    assert "could not be recorded" in error.getMessage()
    error_trap.records.clear()
    retry = bot.scheduler.aps.get_job(f"{CONFIRM}:{s3.id}")
    assert (
        retry is not None and retry.next_run_time <= clock.now() + 2 * MINUTE
    )  # in the nonce window

    # ... and the process dies before that retry; the disk is fine again at the next start
    await bot.close()
    sql(bot, "DROP TRIGGER crash")
    hits = emulator.nonce_hits
    bot = await start_bot()
    await clock.settle()
    assert emulator.nonce_hits == hits + 1  # sent again with the same nonce: Discord dropped it
    assert posted(emulator, s3.id, CONFIRM) == [prompt]
    assert [m for m in world.leaders_channel.messages if "Who presented" in m.text] == [prompt]
    row = (await ledger(bot, s3.id))[CONFIRM]
    assert row["status"] == "sent" and row["message_id"] == prompt.id
    assert len(alerts(world)) == 1
    assert_nothing_twice(emulator)


def notices(world: World, needle: str) -> list[Message]:
    return [m for m in world.leaders_channel.messages if needle in m.text]


async def test_a_missing_permission_is_told_once_and_the_rest_keeps_working(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Principle 7. Without Send Messages in the group's channel every post there is refused
    (403): the leaders hear once which permission to grant, nothing is logged as an ERROR, the
    leaders' posts and commands go on, and once it is granted what is still useful goes out, once.
    Then pins and events: the agenda goes out unpinned and the events wait, each told once."""
    s3 = await session(bot, group, "2026-09-03")
    world.channel.set_bot_permissions(BOT_DEFAULT & ~SEND_MESSAGES)
    await clock.move_to(SEP3_START - timedelta(hours=30))
    await clock.move_to(SEP3_START + MINUTE)
    await clock.move_to(SEP3_END + MINUTE)
    (told,) = notices(world, "Send Messages")
    assert f"<#{world.channel.id}>" in told.text and "my role" in told.text
    rows = await ledger(bot, s3.id)
    assert rows[PULSE]["status"] == "claimed" and not posted(emulator, s3.id, PULSE)
    assert rows[CONFIRM]["status"] == "sent"  # the leaders' channel works
    r = await world.trainee("alice").slash("rota me", in_channel=world.channel)
    assert r.ephemeral and "Presentations this year" in r.text  # commands work
    assert any("Missing Permissions" in n for n in emulator.notes)

    # still missing an hour later: retried quietly, not told again
    await clock.shift(timedelta(hours=1))
    assert len(notices(world, "Send Messages")) == 1 and not posted(emulator, s3.id, PULSE)

    # granted: within a retry the pulse (useful for a day) goes out, once; the agenda, no longer
    # useful after the start, is recorded as missed and never sent
    world.channel.set_bot_permissions(None)
    await clock.shift(RETRY_AFTER)
    (pulse,) = posted(emulator, s3.id, PULSE)
    rows = await ledger(bot, s3.id)
    assert rows[PULSE]["status"] == "sent" and rows[PULSE]["message_id"] == pulse.id
    assert rows["agenda"]["status"] == "missed" and not posted(emulator, s3.id, "agenda")
    assert not [k for k, row in rows.items() if row["status"] == "claimed"]

    # a week later the permission is lost again: a new problem, so the leaders are told again,
    # once (not at every retry)
    s10 = await session(bot, group, "2026-09-10")
    world.channel.set_bot_permissions(BOT_DEFAULT & ~SEND_MESSAGES)
    await clock.move_to(SEP3_END + WEEK + MINUTE)
    assert len(notices(world, "Send Messages")) == 2
    await clock.shift(timedelta(hours=1))
    assert len(notices(world, "Send Messages")) == 2
    assert (await ledger(bot, s10.id))[PULSE]["status"] == "claimed"
    world.channel.set_bot_permissions(None)
    await clock.shift(RETRY_AFTER)
    assert len(posted(emulator, s10.id, PULSE)) == 1

    # the pre-2026 set (Manage Messages, Manage Events) without Pin Messages and Create Events:
    # posted unpinned, no new events
    if "agenda" in bot.scheduler.kinds:
        world.channel.set_bot_permissions((BOT_DEFAULT | MANAGE_MESSAGES) & ~PIN_MESSAGES)
        everyone = world.guild.everyone
        everyone.set_permissions(everyone.permissions & ~CREATE_EVENTS)
        world.guild.set_bot_permissions((BOT_DEFAULT | MANAGE_EVENTS) & ~CREATE_EVENTS)
        for week in (2, 3):
            await clock.move_to(SEP3_END + week * WEEK - timedelta(hours=24))
            await clock.move_to(SEP3_END + week * WEEK + MINUTE)
        s24 = await session(bot, group, "2026-09-24")
        (agenda,) = posted(emulator, s24.id, "agenda")
        assert not agenda.pinned
        assert len(notices(world, "Pin Messages")) == 1
        assert len(notices(world, "Create Events")) == 1
    assert len(notices(world, "Send Messages")) == 2
    assert_nothing_twice(emulator, except_containing="needs the **Send Messages** permission")


async def test_a_gateway_drop_around_a_due_time_loses_and_repeats_nothing(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    s3 = await session(bot, group, "2026-09-03")
    gateway = emulator.gateway
    assert gateway is not None

    # the socket drops just before the alert is due and the bot resumes after: sent once
    await clock.move_to(SEP3_START - timedelta(hours=2) - MINUTE)
    await emulator.drop_gateway(wait=False)
    await clock.shift(2 * MINUTE)
    await asyncio.wait_for(gateway.resumed.wait(), 10)
    await clock.settle()
    (alert,) = alerts(world)

    # dropped again right after the post: resuming repeats nothing
    await emulator.drop_gateway()
    await clock.settle()
    assert alerts(world) == [alert]

    # a reconnect that cannot resume: a fresh READY runs every on_ready again (the feedback and
    # sessions catch-ups, the scheduler's release); still nothing twice
    async def no_wait(shard_id: int | None, *, initial: bool = False) -> None:
        return None  # discord.py waits 5 s before identifying again; not needed here

    bot.before_identify_hook = no_wait  # type: ignore[method-assign]  # this bot only
    await emulator.invalidate_session(resumable=False)
    await clock.settle()
    assert gateway.identify_count == 2 and gateway.resume_count == 2

    # around the session's end, down again: its posts go out once, and members can still answer
    await clock.move_to(SEP3_END - MINUTE)
    await emulator.drop_gateway(wait=False)
    await clock.move_to(SEP3_END + MINUTE)
    await asyncio.wait_for(gateway.resumed.wait(), 10)
    await clock.settle()
    ends = [k for k in (PULSE, CLOSE) if k in bot.scheduler.kinds]
    await assert_each_once(bot, emulator, s3.id, ends, world.channel)
    r = await world.trainee("alice").click("Answer (anonymous)", in_channel=world.channel)
    assert r.ephemeral and "Q1" in r.text
    assert alerts(world) == [alert]
    assert_nothing_twice(emulator)


async def test_double_clicks_and_repeated_commands_change_things_once(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    from bot.store import feedback as fb
    from bot.store import rota

    alice, bob = world.trainee("alice"), world.trainee("bob")
    ch = world.channel
    s3 = await session(bot, group, "2026-09-03")

    # the same /volunteer twice at once: one offer
    a, b = await asyncio.gather(
        alice.slash("volunteer", in_channel=ch), alice.slash("volunteer", in_channel=ch)
    )
    assert a.ephemeral and b.ephemeral
    assert [e.user_id for e in await rota.entries(bot.db, s3.id)] == [alice.id]

    await clock.move_to(SEP3_START - MINUTE)
    await clock.move_to(SEP3_START + MINUTE)
    if "checkin" in bot.scheduler.kinds:  # "I'm here" pressed twice at once: one record
        here = await asyncio.gather(
            bob.click("I'm here", in_channel=ch), bob.click("I'm here", in_channel=ch)
        )
        assert all(r.ephemeral for r in here)
        rows = await bot.db.fetchall(
            "SELECT * FROM attendance WHERE session_id = ? AND user_id = ?", (s3.id, bob.id)
        )
        assert [r["status"] for r in rows] == ["attended"]

    await clock.move_to(SEP3_END + MINUTE)
    poll = await fb.pulse_for_session(bot.db, s3.id)
    assert poll is not None

    # "Send" double-clicked on one answering screen: counted once, and both clicks are answered
    screen = await bob.click("Answer (anonymous)", in_channel=ch)
    await bob.select("feedback:q:worthwhile", ["4"], message=screen)
    sent = await asyncio.gather(
        bob.click("Send", message=screen), bob.click("Send", message=screen)
    )
    assert sorted(r.text[:9] for r in sent) == ["Thank you", "You have "]
    stored = await fb.get_poll(bot.db, poll.id)
    assert stored is not None and stored.responses == 1

    # two answering screens sent at the same moment: one counts, the other is told why not
    one, two = [await alice.click("Answer (anonymous)", in_channel=ch) for _ in range(2)]
    for screen in (one, two):
        await alice.select("feedback:q:worthwhile", ["5"], message=screen)
    sent = await asyncio.gather(alice.click("Send", message=one), alice.click("Send", message=two))
    assert sorted(r.text[:9] for r in sent) == ["Thank you", "You have "]
    assert all(r.ephemeral for r in sent)
    stored = await fb.get_poll(bot.db, poll.id)
    assert stored is not None and stored.responses == 2

    # two leaders confirm the record at the same moment: one record
    prompt = posted(emulator, s3.id, CONFIRM)[0]
    done = await asyncio.gather(
        world.leader.click("Confirm as scheduled", message=prompt),
        world.coleader.click("Confirm as scheduled", message=prompt),
    )
    assert all("recorded" in r.text for r in done)
    assert await rota.presenters_of(bot.db, s3) == (alice.id,)
    assert_nothing_twice(emulator)
