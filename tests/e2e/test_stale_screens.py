"""Screens opened before a restart: every component a person may still press, and
every form they may still send, answers afterwards: it works, or it says clearly to start again
and changes nothing."""

from __future__ import annotations

from datetime import timedelta

from bot.app import BalintBot
from bot.emulator.emulator import Emulator, InteractionResult
from bot.errors import STALE_SCREEN
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.conftest import StartBot

ANSWER = "Answer (anonymous)"
START_AGAIN = STALE_SCREEN.split(":")[0]


async def test_the_pulse_screen_and_agenda_form_opened_before_a_restart_answer_after_it(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    from datetime import UTC, datetime

    session_end = datetime(2026, 9, 3, 9, 15, tzinfo=UTC)
    await clock.move_to(session_end + timedelta(minutes=1))
    alice = world.trainee("alice")
    screen = await alice.click(ANSWER, in_channel=world.channel)
    assert screen.ephemeral and "feedback:send" in str(screen.components)
    form = await world.leader.slash("agenda set", in_channel=world.channel, session="2026-09-10")
    assert form.modal is not None

    await bot.close()
    bot = await start_bot()
    await clock.settle()
    before = await bot.db.fetchall("SELECT * FROM feedback_answered")

    picked = await alice.select("feedback:q:" + _first_item(screen), ["4"], message=screen)
    assert picked.ephemeral and START_AGAIN in picked.text
    sent = await alice.click("Send", message=screen)
    assert sent.ephemeral and START_AGAIN in sent.text
    saved = await world.leader.submit_modal({"agenda_text": "After the restart"}, form)
    assert saved.ephemeral and START_AGAIN in saved.text
    assert await bot.db.fetchall("SELECT * FROM feedback_answered") == before
    assert await bot.db.fetchval("SELECT COUNT(*) FROM agendas WHERE text IS NOT NULL") == 0

    # starting again works: the post's button opens a fresh screen
    again = await alice.click(ANSWER, in_channel=world.channel)
    assert again.ephemeral and "feedback:send" in str(again.components)


def _first_item(screen: InteractionResult) -> str:
    for row in screen.components:
        for component in row.get("components", []):
            custom_id: str = component.get("custom_id", "")
            if custom_id.startswith("feedback:q:"):
                return custom_id.removeprefix("feedback:q:")
    raise AssertionError("no question on the screen")
