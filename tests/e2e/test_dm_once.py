"""Every private message the bot decides to send gets what the channel posts get:
sent at least once, never twice. The bot here dies (its work is cut off, as by kill -9) after
deciding and before the message went out; after a restart the message arrives, once.

Nudges go at T-48h (Tuesday 8 September 2026 08:00 UTC for the 10 September session); the
death is made by stalling the opening of the first DM channel and cancelling the bot's work."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.conftest import StartBot

NUDGE_DUE = datetime(2026, 9, 8, 8, 0, tzinfo=UTC)
NUDGE = "gentle, private note"


async def die_while_sending(
    bot: BalintBot, emulator: Emulator, route: str, *, applied: bool = False
) -> None:
    """Stall the next matching request and cut the bot's scheduled work off mid-flight.
    `applied`: the request took effect (the message went out) and only its answer is lost, as
    when the process dies after sending and before recording."""
    emulator.faults.fail_next("POST", route, status=429, retry_after=60, applied=applied)
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=10)  # the stalled one
    for task in list(bot.scheduler._tasks):
        task.cancel()
    await asyncio.gather(*bot.scheduler._tasks, return_exceptions=True)
    await bot.close()
    emulator.faults.clear()


async def test_a_nudge_cut_off_between_deciding_and_sending_arrives_once_after_a_restart(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    await clock.move_to(NUDGE_DUE - timedelta(minutes=1))  # everything before has gone out
    before = {t.id: len([m for m in t.inbox if NUDGE in m.text]) for t in world.trainees}
    clock.traveller.move_to(NUDGE_DUE)
    bot.scheduler.wakeup()
    await die_while_sending(bot, emulator, r"/channels/\d+/messages$")

    bot = await start_bot()
    await clock.settle()
    got = {
        t.id: len([m for m in t.inbox if NUDGE in m.text]) - before[t.id] for t in world.trainees
    }
    assert sorted(got.values()) == [0] * (len(world.trainees) - 3) + [1, 1, 1], got
    recorded = await bot.db.fetchall(
        "SELECT user_id FROM presenting_dms WHERE kind = 'nudge' AND session_id = "
        "(SELECT id FROM sessions WHERE starts_at LIKE '2026-09-10%')"
    )
    assert {r["user_id"] for r in recorded} == {uid for uid, n in got.items() if n}


async def test_a_nudge_sent_before_a_crash_is_not_sent_again_after_a_long_stop(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """The bot dies after the first nudge went out and before it was recorded, and stays down
    longer than Discord de-duplicates a nonce (a few minutes; the emulator keeps two). The
    retry sent it again with the same nonce, which Discord no longer recognised: the member had
    it twice. The scheduler's ledger knows when the earlier attempt began, so the retry looks in
    that member's DMs for the bot's message since then before sending."""
    await clock.move_to(NUDGE_DUE - timedelta(minutes=1))
    before = {t.id: len([m for m in t.inbox if NUDGE in m.text]) for t in world.trainees}
    clock.traveller.move_to(NUDGE_DUE)
    bot.scheduler.wakeup()
    await die_while_sending(bot, emulator, r"/channels/\d+/messages$", applied=True)
    sent = {
        t.id: len([m for m in t.inbox if NUDGE in m.text]) - before[t.id] for t in world.trainees
    }
    assert sorted(sent.values())[-1] == 1, sent  # the first went out before the death

    hits = emulator.nonce_hits
    await clock.move_to(NUDGE_DUE + timedelta(minutes=30))  # far beyond the nonce's minutes
    bot = await start_bot()
    await clock.settle()
    got = {
        t.id: len([m for m in t.inbox if NUDGE in m.text]) - before[t.id] for t in world.trainees
    }
    assert sorted(got.values()) == [0] * (len(world.trainees) - 3) + [1, 1, 1], got
    assert emulator.nonce_hits == hits  # the nonce had lapsed: the bot found the DM itself
