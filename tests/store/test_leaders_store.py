"""The leaders' store on a real SQLite file: session lines written once per leader and settled
again when one was away, added entries, the debrief note and its expiry, and what outlives the
group."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.sandbox.world import STORED_GROUP
from bot.store import leaders as store
from bot.store.db import Database
from bot.store.groups import create_group
from bot.store.sessions import upcoming_sessions

NOW = datetime(2026, 9, 3, 12, tzinfo=UTC)
DAY = date(2026, 9, 3)


async def test_a_session_is_logged_once_per_leader_and_settled_when_one_was_away(
    db: Database,
) -> None:
    args: dict[str, Any] = dict(
        channel_id=100, group_name="Thursday Balint group", day=DAY, now=NOW
    )
    assert await store.log_session(db, leaders=[1, 2], **args) == {1: "co_led", 2: "co_led"}
    assert await store.set_away(db, 2, channel_id=100, day=DAY, away=True, now=NOW) == {
        1: "led",
        2: "missed",
    }
    # the prompt delivered again (a retry) changes nothing: the away leader stays away
    assert await store.log_session(db, leaders=[1, 2], **args) == {1: "led", 2: "missed"}
    # a leader who joins the roster later is added, and makes it co-led
    assert await store.log_session(db, leaders=[1, 2, 3], **args) == {
        1: "co_led",
        2: "missed",
        3: "co_led",
    }
    assert await store.set_away(db, 9, channel_id=100, day=DAY, away=True, now=NOW) is None
    (entry,) = await store.entries_of(db, 1)
    assert (entry.day, entry.kind, entry.group) == (DAY, "co_led", "Thursday Balint group")


async def test_added_entries_are_the_leaders_own_and_only_they_can_be_removed(db: Database) -> None:
    await store.log_session(db, leaders=[1], channel_id=100, group_name="G", day=DAY, now=NOW)
    await store.add_entry(db, 1, "supervision", date(2026, 9, 1), "group supervision", NOW)
    assert [e.kind for e in await store.entries_of(db, 1)] == ["supervision", "led"]
    assert await store.remove_added(db, 1, "led", DAY) == 0  # never a session line
    assert await store.remove_added(db, 2, "supervision", date(2026, 9, 1)) == 0  # not theirs
    assert await store.remove_added(db, 1, "supervision", date(2026, 9, 1)) == 1
    assert [e.kind for e in await store.entries_of(db, 1)] == ["led"]


async def test_a_note_is_replaced_emptied_and_deleted_with_the_case_material(db: Database) -> None:
    group = await create_group(db, **STORED_GROUP, now=NOW - timedelta(days=3))
    first, second = await upcoming_sessions(db, group.id, NOW - timedelta(days=3), 2)
    await store.put_note(db, first.id, {"happened": "Quiet."}, by=1, now=NOW)
    await store.put_note(db, first.id, {"watch": "Bob."}, by=2, now=NOW)
    note = await store.get_note(db, first.id)
    assert note is not None and note.values == {"watch": "Bob."} and note.written_by == 2
    await store.put_note(db, second.id, {"happened": "Later."}, by=1, now=NOW)
    assert await store.expire_notes(db, first.ends_at) == 0
    assert await store.expire_notes(db, first.ends_at + timedelta(seconds=1)) == 1
    assert await store.get_note(db, first.id) is None
    assert await store.get_note(db, second.id) is not None
    await store.put_note(db, second.id, {}, by=1, now=NOW)
    assert await store.get_note(db, second.id) is None
