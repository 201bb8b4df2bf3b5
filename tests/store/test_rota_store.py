"""The presenting store on real SQLite: atomic slots, the fairness rule applied, the leaders' record."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from bot.sandbox.world import STORED_GROUP
from bot.store import groups as groups_store
from bot.store import rota
from bot.store.db import Database
from bot.store.sessions import Session, next_session_to_start, session_on

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
GROUP = STORED_GROUP
ALICE, BOB, CAROL, DAN = 11, 12, 13, 14


async def make_group(db: Database, slots: int = 1) -> groups_store.Group:
    group = await groups_store.create_group(db, now=NOW, case_slots=slots, **GROUP)
    for user in (ALICE, BOB, CAROL, DAN):
        await groups_store.add_member(db, group.id, user, "trainee", NOW)
    return group


async def on(db: Database, group: groups_store.Group, day: str) -> Session:
    found = await session_on(db, group.id, date.fromisoformat(day))
    assert found is not None
    return found


async def test_first_volunteer_presents_then_reserves_and_repeats_change_nothing(
    db: Database,
) -> None:
    group = await make_group(db)
    s = await on(db, group, "2026-09-10")
    first = await rota.volunteer(db, group, s, ALICE, now=NOW, locked=False, named=True)
    assert first.status == "presenter" and not first.already
    second = await rota.volunteer(db, group, s, BOB, now=NOW, locked=False)
    assert second.status == "reserve" and second.reserve_position(BOB) == 1
    again = await rota.volunteer(db, group, s, ALICE, now=NOW, locked=False, named=False)
    assert again.already and again.status == "presenter"
    entries = {e.user_id: e for e in await rota.entries(db, s.id)}
    assert entries[ALICE].named is False  # a repeat may change the naming choice only
    assert await rota.case_holders(db, s.id) == {ALICE, BOB}


async def test_the_last_slot_goes_to_exactly_one_of_two_at_the_same_moment(db: Database) -> None:
    group = await make_group(db)
    s = await on(db, group, "2026-09-10")
    a, b = await asyncio.gather(
        rota.volunteer(db, group, s, ALICE, now=NOW, locked=False),
        rota.volunteer(db, group, s, BOB, now=NOW, locked=False),
    )
    assert {a.status, b.status} == {"presenter", "reserve"}
    entries = await rota.entries(db, s.id)
    assert [e.status for e in entries].count("presenter") == 1
    # same clock reading, yet the offers are ordered by the transactions
    assert entries[0].volunteered_at < entries[1].volunteered_at


async def test_before_the_lock_fewer_presentations_go_first_after_it_announced_ones_stay(
    db: Database,
) -> None:
    group = await make_group(db)
    first = await on(db, group, "2026-09-03")
    await rota.volunteer(db, group, first, ALICE, now=NOW, locked=False)
    later = NOW + timedelta(days=3)  # the first session has ended: Alice presented
    s = await on(db, group, "2026-09-10")
    await rota.volunteer(db, group, s, ALICE, now=later, locked=False)
    bumped = await rota.volunteer(db, group, s, BOB, now=later, locked=False)
    assert bumped.status == "presenter" and bumped.demoted == (ALICE,)
    s2 = await on(db, group, "2026-09-17")
    await rota.volunteer(db, group, s2, ALICE, now=later, locked=True)
    kept = await rota.volunteer(db, group, s2, CAROL, now=later, locked=True)
    assert kept.status == "reserve" and kept.demoted == ()


async def test_withdrawing_promotes_the_first_reserve_and_unknown_withdraw_is_none(
    db: Database,
) -> None:
    group = await make_group(db)
    s = await on(db, group, "2026-09-10")
    for user in (ALICE, BOB, CAROL):
        await rota.volunteer(db, group, s, user, now=NOW, locked=True)
    assert await rota.withdraw(db, group, s, DAN, now=NOW, locked=True) is None
    out = await rota.withdraw(db, group, s, ALICE, now=NOW, locked=True)
    assert out is not None and out.promoted == (BOB,)
    standing = await rota.standing(db, group, s, NOW)
    assert [e.user_id for e in standing.presenters] == [BOB]
    assert [e.user_id for e in standing.reserves] == [CAROL]


async def test_leader_assignment_is_pinned_and_refused_when_full(db: Database) -> None:
    group = await make_group(db)
    s = await on(db, group, "2026-09-10")
    set_ = await rota.assign(db, group, s, DAN, now=NOW, locked=False)
    assert set_.status == "presenter" and not set_.full
    assert (await rota.assign(db, group, s, DAN, now=NOW, locked=False)).already
    full = await rota.assign(db, group, s, ALICE, now=NOW, locked=False)
    assert full.full and full.status is None
    # a pinned presenter is not moved by the fairness rule before the lock
    out = await rota.volunteer(db, group, s, BOB, now=NOW, locked=False)
    assert out.status == "reserve"


async def test_released_volunteers_keep_their_place_as_carried_reserves(db: Database) -> None:
    group = await make_group(db)
    skipped = await on(db, group, "2026-09-10")
    await rota.volunteer(db, group, skipped, CAROL, now=NOW, locked=False)
    released = await rota.release(db, group, skipped, "skipped", now=NOW)
    assert [e.user_id for e in released] == [CAROL]
    assert await rota.release(db, group, skipped, "skipped", now=NOW) == []
    hist = await rota.histories(db, group, NOW)
    assert hist[CAROL].carried_reserve_since == date(2026, 9, 10)
    nxt = await on(db, group, "2026-09-17")
    await rota.volunteer(db, group, nxt, ALICE, now=NOW, locked=False)
    out = await rota.volunteer(db, group, nxt, CAROL, now=NOW, locked=False)
    assert out.status == "presenter" and out.demoted == (ALICE,)


async def test_the_leaders_record_replaces_the_schedule_for_fairness_and_portfolio(
    db: Database,
) -> None:
    group = await make_group(db)
    s = await on(db, group, "2026-09-03")
    await rota.volunteer(db, group, s, ALICE, now=NOW, locked=False)
    await rota.volunteer(db, group, s, BOB, now=NOW, locked=False)
    after = NOW + timedelta(days=3)
    assert [p.confirmed for p in await rota.presentations_of(db, group.id, ALICE, after)] == [False]
    assert await rota.presenters_of(db, s) == (ALICE,)
    assert [x.id for x in await rota.unconfirmed_sessions(db, group.id, after)] == [s.id]
    # the leaders record that Bob presented instead
    await rota.confirm(db, s.id, [BOB], by=1, now=after)
    assert await rota.presenters_of(db, s) == (BOB,)
    assert await rota.presentations_of(db, group.id, ALICE, after) == []
    assert [p.confirmed for p in await rota.presentations_of(db, group.id, BOB, after)] == [True]
    hist = await rota.histories(db, group, after)
    assert hist[BOB].presentations == 1 and hist[ALICE].presentations == 0
    assert hist[ALICE].carried_reserve_since == date(2026, 9, 3)
    record = await rota.confirm(db, s.id, [], by=1, now=after)
    assert record.no_case and await rota.presenters_of(db, s) == ()
    assert s.id not in [x.id for x in await rota.unconfirmed_sessions(db, group.id, after)]


async def test_nudge_opt_outs_dm_claims_and_followups(db: Database) -> None:
    group = await make_group(db)
    assert await rota.set_nudges(db, group.id, ALICE, False, NOW)
    assert not await rota.set_nudges(db, group.id, ALICE, False, NOW)
    assert await rota.nudges_off(db, group.id) == {ALICE}
    assert await rota.set_nudges(db, group.id, ALICE, True, NOW)
    assert await rota.nudges_off(db, group.id) == set()

    s = await on(db, group, "2026-09-03")
    assert not await rota.dm_was_sent(db, s.id, BOB, "nudge")
    assert await rota.claim_dm(db, s.id, BOB, "nudge", NOW)
    assert not await rota.claim_dm(db, s.id, BOB, "nudge", NOW)
    assert await rota.dm_was_sent(db, s.id, BOB, "nudge")
    assert await rota.dm_recipients(db, s.id, "nudge") == {BOB}

    await rota.volunteer(db, group, s, ALICE, now=NOW, locked=False, named=True)
    later = await on(db, group, "2026-10-22")
    assert await rota.answer_followup(db, s.id, ALICE, "yes", now=NOW, update_session_id=1) is None
    assert await rota.ask_followup(db, s.id, ALICE, NOW)
    assert not await rota.ask_followup(db, s.id, ALICE, NOW)
    got = await rota.answer_followup(db, s.id, ALICE, "yes", now=NOW, update_session_id=later.id)
    assert got is not None and got.update_session_id == later.id
    updates = await rota.updates_for(db, later.id)
    assert [(u.user_id, u.named) for u in updates] == [(ALICE, True)]
    after = await on(db, group, "2026-10-29")
    assert await rota.move_updates(db, later.id, after.id) == 1
    assert [u.user_id for u in await rota.updates_for(db, after.id)] == [ALICE]
    starts = await next_session_to_start(db, group.id, NOW)
    assert starts is not None and starts.local_date == "2026-09-03"
