from datetime import UTC, datetime

import pytest

from bot.sandbox.world import STORED_GROUP
from bot.store import groups as store
from bot.store.db import Database
from bot.store.sessions import current_or_next_session, session_on, upcoming_sessions

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)
THURSDAY_GROUP = STORED_GROUP


async def test_a_new_group_has_its_years_sessions(db: Database) -> None:
    group = await store.create_group(db, now=NOW, **THURSDAY_GROUP)
    sessions = await upcoming_sessions(db, group.id, NOW, limit=100)
    assert len(sessions) == 48
    assert sessions[0].local_date == "2026-09-03"
    assert sessions[0].starts_at == datetime(2026, 9, 3, 8, tzinfo=UTC)
    upcoming = await current_or_next_session(db, group.id, NOW)
    assert upcoming is not None and upcoming.local_date == "2026-09-03"


async def test_one_group_per_channel_and_several_per_server(db: Database) -> None:
    await store.create_group(db, now=NOW, **THURSDAY_GROUP)
    with pytest.raises(store.DuplicateGroup):
        await store.create_group(db, now=NOW, **THURSDAY_GROUP)
    other = await store.create_group(
        db, now=NOW, **{**THURSDAY_GROUP, "channel_id": 101, "weekday": 1}
    )
    assert len(await store.groups_in_guild(db, 1)) == 2
    found = await store.group_for_channel(db, 101)
    assert found is not None and found.id == other.id


async def test_changing_the_time_replans_untouched_future_sessions_only(db: Database) -> None:
    group = await store.create_group(db, now=NOW, **THURSDAY_GROUP)
    later = datetime(2026, 10, 1, tzinfo=UTC)
    await db.execute(
        "UPDATE sessions SET status = 'skipped' WHERE group_id = ? AND local_date = '2026-10-08'",
        (group.id,),
    )
    _, replanned = await store.update_group(db, group, now=later, start_time="10:30")
    assert replanned.cancelled == () and replanned.added == 0
    past = await session_on(db, group.id, datetime(2026, 9, 3).date())
    assert past is not None
    assert past.starts_at == datetime(2026, 9, 3, 8, tzinfo=UTC)  # the past keeps its time
    skipped = await session_on(db, group.id, datetime(2026, 10, 8).date())
    assert skipped is not None and skipped.status == "skipped" and skipped.starts_at.hour == 8
    moved = await session_on(db, group.id, datetime(2026, 10, 15).date())
    assert moved is not None and moved.starts_at == datetime(2026, 10, 15, 9, 30, tzinfo=UTC)


async def test_changing_the_weekday_replaces_future_sessions(db: Database) -> None:
    group = await store.create_group(db, now=NOW, **THURSDAY_GROUP)
    before = await upcoming_sessions(db, group.id, NOW, limit=100)
    _, replanned = await store.update_group(db, group, now=NOW, weekday=1)
    sessions = await upcoming_sessions(db, group.id, NOW, limit=100)
    active = [s for s in sessions if s.status == "scheduled"]
    assert {s.date.weekday() for s in active} == {1}
    # the sessions keep their ids (and so their volunteers): moved week by week, not deleted
    assert set(replanned.moved) <= {s.id for s in before}
    # 1 Aug is before the year starts: the first Thursday (3 Sep) becomes Tuesday 1 Sep, same week
    assert active[0].id == before[0].id and active[0].local_date == "2026-09-01"
    assert len(replanned.moved) + replanned.added == len(active)


async def test_a_weekday_change_mid_week_keeps_this_weeks_session(db: Database) -> None:
    group = await store.create_group(db, now=NOW, **THURSDAY_GROUP)
    wednesday = datetime(2026, 9, 2, 12, tzinfo=UTC)  # Tuesday 1 Sep has passed, Thursday 3 Sep not
    _, replanned = await store.update_group(db, group, now=wednesday, weekday=1)
    this_week = await session_on(db, group.id, datetime(2026, 9, 3).date())
    assert (
        this_week is not None
        and this_week.status == "scheduled"
        and this_week.id not in replanned.moved
    )
    next_week = await session_on(db, group.id, datetime(2026, 9, 8).date())
    assert next_week is not None and next_week.id in replanned.moved


async def test_roster_add_remove_keeps_the_record(db: Database) -> None:
    group = await store.create_group(db, now=NOW, **THURSDAY_GROUP)
    assert await store.add_member(db, group.id, 11, "trainee", NOW)
    assert not await store.add_member(db, group.id, 11, "trainee", NOW)
    assert await store.member_role(db, group.id, 11) == "trainee"
    assert await store.remove_member(db, group.id, 11, "trainee", NOW)
    assert not await store.remove_member(db, group.id, 11, "trainee", NOW)
    assert await store.member_role(db, group.id, 11) is None
    assert await db.fetchval("SELECT left_at FROM group_members WHERE user_id = 11") is not None
    assert await store.add_member(db, group.id, 11, "trainee", NOW)  # rejoin
    assert [m.user_id for m in await store.members(db, group.id)] == [11]


async def test_shortening_the_year_cancels_sessions_instead_of_deleting_them(db: Database) -> None:
    group = await store.create_group(db, now=NOW, **THURSDAY_GROUP)
    _, replanned = await store.update_group(db, group, now=NOW, end_date="2027-06-30")
    assert len(replanned.cancelled) == 5 and not replanned.moved  # the Thursdays of July 2027
    rows = await db.fetchall("SELECT status, reason FROM sessions WHERE local_date > '2027-06-30'")
    assert len(rows) == 5 and {r["status"] for r in rows} == {"cancelled"}
