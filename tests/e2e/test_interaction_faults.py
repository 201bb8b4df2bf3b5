"""An interaction's reply that Discord accepted but answered with 500: discord.py
retries, Discord says 40060 (already acknowledged). That is success: the command goes on, its
work is saved, the person gets their answer, and nothing is logged at ERROR (the fixtures check)."""

from __future__ import annotations

import logging

import pytest

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group

CALLBACK = r"/interactions/\d+/[^/]+/callback"


async def retried(emulator: Emulator) -> None:
    """Wait until discord.py has retried the callback (a second after the 500) and met 40060."""
    await emulator.wait_for_request(
        lambda r: r.status == 400 and r.path.endswith("/callback"), timeout=10
    )


async def test_a_deferred_agenda_set_whose_defer_was_answered_500_still_saves_and_answers(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    await clock.settle()
    r = await world.leader.slash("agenda set", in_channel=world.channel, session="2026-09-10")
    assert r.modal is not None
    emulator.faults.fail_next("POST", CALLBACK, status=500, applied=True)
    r = await world.leader.submit_modal({"agenda_text": "Thinking about endings."}, timeout=15)
    assert "Saved" in r.text and "Thinking about endings." in r.text
    saved = await bot.db.fetchval("SELECT text FROM agendas WHERE text IS NOT NULL")
    assert saved == "Thinking about endings."
    # the retried callback met 40060, as it does on Discord; the bot did not answer twice
    await retried(emulator)
    assert [f for f in emulator.take_failures() if "responded twice" in f]
    assert len(r.messages) == 1


async def test_a_reply_answered_500_is_shown_once_and_nothing_more_is_tried(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.errors")
    await clock.settle()
    emulator.faults.fail_next("POST", CALLBACK, status=500, applied=True)
    r = await world.trainee("alice").slash("schedule show", in_channel=world.channel, timeout=15)
    assert r.ephemeral and "Thu" in r.text
    await retried(emulator)
    await emulator.idle()
    failures = emulator.take_failures()
    assert len(failures) == 1 and "responded twice" in failures[0]  # discord.py's own retry
    assert "already been accepted" in caplog.text
