"""Privacy in the seams, the fifth review: what a log line's timing, an interrupted send, and a
reply's shape tell the host, a leader or a trainee. Each attack through the emulator, as its
adversary would try it; each failed before its change."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.test_adversary import log_lines
from tests.e2e.test_privacy_seams import REMINDER_DUE, deleted, forget, remind_all_but_alice

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
