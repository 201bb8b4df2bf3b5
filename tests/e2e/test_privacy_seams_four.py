"""Privacy in the seams, the sixth review: what the log's clock, a stop in the middle and the
shape of what the bot sends tell the host, a leader or a trainee. Each attack through the
emulator, as its adversary would try it; each failed before its change."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store import feedback as fb
from bot.store.groups import Group
from tests.e2e.test_adversary import NUMBER, log_lines
from tests.e2e.test_privacy_leaks import DM_POST, SESSION_1_END, answer_pulse
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
