"""Every private message the bot decides to send gets what the channel posts get:
sent at least once, never twice. The bot here dies (its work is cut off, as by kill -9) after
deciding and before the message went out; after a restart the message arrives, once.

Nudges go at T-48h (Tuesday 8 September 2026 08:00 UTC for the 10 September session); the
death is made by stalling the opening of the first DM channel and cancelling the bot's work."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta

from bot.app import BalintBot
from bot.emulator.emulator import Emulator, Message, SimMember, User
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group, members
from tests.e2e.conftest import StartBot
from tests.e2e.test_privacy_seams_three import die

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


# -- a fan-out to the whole roster: the notice that a skipped session took its drafts ----------

DRAFTS_GONE = "anonymous case drafts written for it have been deleted"


async def test_a_skipped_sessions_notice_cut_off_part_way_reaches_the_rest_once_after_a_restart(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """A skipped session takes its drafts with it and everyone on the roster is told. The
    notice was sent and never recorded: a bot stopped part-way (here the fourth DM went out and
    its answer never came back) left the rest of the roster untold for good. The intent is
    recorded first now, each DM completed as it goes; the restart, after longer than Discord
    de-duplicates a nonce, tells exactly the rest (the fourth looked for, not sent again)."""
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-10")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.settle()
    people = [m.user_id for m in await members(bot.db, group.id)]
    dms = "|".join(str(emulator.dm_channel(_user(emulator, u)).id) for u in people)
    emulator.faults.fail_next(
        "POST", rf"/channels/({dms})/messages$", status=429, retry_after=60, applied=True, after=3
    )
    skipping = asyncio.ensure_future(
        world.leader.slash("schedule skip", in_channel=world.channel, date="2026-09-10")
    )
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot, skipping)
    emulator.faults.clear()

    def told() -> list[int]:
        inboxes = [emulator.dm_channel(_user(emulator, u)).messages for u in people]
        return sorted(len([m for m in box if DRAFTS_GONE in m.text]) for box in inboxes)

    assert told() == [0] * (len(people) - 4) + [1] * 4  # three, and the fourth cut off

    await clock.move_to(clock.now() + timedelta(minutes=30))  # far beyond the nonce's minutes
    bot = await start_bot()
    await clock.settle()
    assert told() == [1] * len(people)
    assert await bot.db.fetchval("SELECT count(*) FROM roster_notices") == 0


async def test_a_stop_right_after_a_skip_still_deletes_its_drafts_and_tells_the_roster(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """The skip is written, and the bot stops before the drafts capability heard of it (its
    listener comes after the server's event and posts are corrected): the next start's sweep
    finds the skipped session's drafts, deletes them and tells everyone, once."""
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel, session="2026-09-10")
    r = await alice.submit_modal({"theme": "When she cries I go numb", "body": "I go numb."})
    assert "Saved" in r.text, r.text
    await clock.settle()
    await bot.close()
    with contextlib.closing(sqlite3.connect(bot.settings.database.path)) as raw, raw:
        raw.execute("UPDATE sessions SET status = 'skipped' WHERE starts_at LIKE '2026-09-10%'")
    bot = await start_bot()
    await clock.settle()
    people = [m.user_id for m in await members(bot.db, group.id)]
    inboxes = [emulator.dm_channel(_user(emulator, u)).messages for u in people]
    assert [len([m for m in box if DRAFTS_GONE in m.text]) for box in inboxes] == [1] * len(people)
    assert await bot.db.fetchval("SELECT count(*) FROM drafts") == 0


def _user(emulator: Emulator, user_id: int) -> User:
    user = emulator.user(user_id)
    assert user is not None
    return user


async def test_a_skips_released_offers_cut_off_part_way_reach_the_rest_once_after_a_restart(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """A skipped session releases its volunteers, each told by DM with a button to volunteer
    for the next session. The release was recorded and the DMs were not: a stop after the
    first left the others released and never told. Now the DMs are recorded with the release,
    and the restart tells exactly the rest, button and all."""
    volunteers = world.trainees[:3]
    for t in volunteers:
        r = await t.slash("volunteer", in_channel=world.channel, session="2026-09-10")
        assert "2026" in r.text or "Thu 10 Sep" in r.text, r.text
    await clock.settle()
    dms = "|".join(str(emulator.dm_channel(t.user).id) for t in volunteers)
    emulator.faults.fail_next(
        "POST", rf"/channels/({dms})/messages$", status=429, retry_after=60, after=1
    )
    skipping = asyncio.ensure_future(
        world.leader.slash("schedule skip", in_channel=world.channel, date="2026-09-10")
    )
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot, skipping)
    emulator.faults.clear()

    def released(t: SimMember) -> list[Message]:
        return [m for m in t.inbox if "will not take place" in m.text]

    assert sorted(len(released(t)) for t in volunteers) == [0, 0, 1]

    bot = await start_bot()
    await clock.settle()
    assert [len(released(t)) for t in volunteers] == [1, 1, 1]
    assert all(released(t)[0].buttons == ["Volunteer for Thu 17 Sep"] for t in volunteers)
    r = await volunteers[0].click("Volunteer for Thu 17 Sep", released(volunteers[0])[0])
    assert "down to present" in r.text, r.text


async def test_a_step_up_told_as_the_bot_stopped_arrives_once_after_a_restart(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """Alice withdraws and Bob, her reserve, is now down to present: the rota changed at once
    and his DM followed after Alice's answer, unrecorded, so a stop in between left him on the
    rota and never told. The DM is recorded with her answer now; the restart sends it, once."""
    alice, bob = world.trainee("alice"), world.trainee("bob")
    for t in (alice, bob):
        await t.slash("volunteer", in_channel=world.channel, session="2026-09-10")
    await clock.settle()
    emulator.faults.fail_next(
        "POST", rf"/channels/{emulator.dm_channel(bob.user).id}/messages$", 429, retry_after=60
    )
    r = await alice.slash("withdraw", in_channel=world.channel, session="2026-09-10")
    assert "withdrawn" in r.text, r.text
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot)
    emulator.faults.clear()
    assert not [m for m in bob.inbox if "A case slot has opened" in m.text]

    bot = await start_bot()
    await clock.settle()
    assert len([m for m in bob.inbox if "A case slot has opened" in m.text]) == 1


async def test_a_leaders_rota_change_told_as_the_bot_stopped_arrives_once_after_a_restart(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """A leader puts Alice down to present: the rota changed, and her DM went after the
    leader's answer, unrecorded; a stop in between left her on the rota, never told."""
    alice = world.trainee("alice")
    emulator.faults.fail_next(
        "POST", rf"/channels/{emulator.dm_channel(alice.user).id}/messages$", 429, retry_after=60
    )
    r = await world.leader.slash(
        "presenter set", in_channel=world.channel, member=alice, session="2026-09-10"
    )
    assert "down to present" in r.text, r.text
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot)
    emulator.faults.clear()
    put = "has put you down to present"
    assert not [m for m in alice.inbox if put in m.text]

    bot = await start_bot()
    await clock.settle()
    assert len([m for m in alice.inbox if put in m.text]) == 1


async def test_a_leaders_rota_change_cut_off_before_its_answer_still_tells_the_member(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """A leader puts Alice down to present; the rota changes at once, and the bot stops while
    the leader's answer is on its way (Discord slow to take it): her DM was recorded only after
    that answer, so she stayed on the rota, never told. It is recorded before the answer now."""
    alice = world.trainee("alice")
    emulator.faults.fail_next("POST", r"/interactions/\d+/[^/]+/callback$", 429, retry_after=60)
    setting = asyncio.ensure_future(
        world.leader.slash(
            "presenter set", in_channel=world.channel, member=alice, session="2026-09-10"
        )
    )
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot, setting)
    emulator.faults.clear()
    put = "has put you down to present"

    bot = await start_bot()
    await clock.settle()
    assert len([m for m in alice.inbox if put in m.text]) == 1


async def test_a_step_up_cut_off_before_the_withdrawals_answer_still_tells_the_reserve(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    start_bot: StartBot,
    emulator: Emulator,
) -> None:
    """Alice withdraws and Bob steps up; the bot stops while her answer is on its way: his DM
    was recorded only after her answer, so he stayed down to present, never told."""
    alice, bob = world.trainee("alice"), world.trainee("bob")
    for t in (alice, bob):
        await t.slash("volunteer", in_channel=world.channel, session="2026-09-10")
    await clock.settle()
    emulator.faults.fail_next("POST", r"/interactions/\d+/[^/]+/callback$", 429, retry_after=60)
    withdrawing = asyncio.ensure_future(
        alice.slash("withdraw", in_channel=world.channel, session="2026-09-10")
    )
    await emulator.wait_for_request(lambda r: r.status == 429, timeout=20)
    await die(bot, withdrawing)
    emulator.faults.clear()

    bot = await start_bot()
    await clock.settle()
    assert len([m for m in bob.inbox if "A case slot has opened" in m.text]) == 1
