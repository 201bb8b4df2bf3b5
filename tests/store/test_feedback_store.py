"""The feedback store on a real SQLite file: answering once, closing, pooling, and what is kept."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.feedback import PULSE_ITEMS, SURVEY_ITEMS, decide_release
from bot.store import feedback as fb
from bot.store.db import Database
from bot.store.feedback import Poll
from bot.store.groups import Group, create_group

NOW = datetime(2026, 9, 3, 9, 15, tzinfo=UTC)
KEY = b"k" * 32
ALL_FOURS = {item.key: 4 for item in PULSE_ITEMS}


async def make_group(db: Database) -> tuple[Group, list[int]]:
    group = await create_group(
        db,
        now=NOW,
        guild_id=1,
        channel_id=2,
        name="Thursday",
        weekday=3,
        start_time="09:00",
        duration_minutes=75,
        timezone="Europe/London",
        start_date="2026-09-01",
        end_date="2027-07-31",
    )
    sessions = await db.fetchall(
        "SELECT id FROM sessions WHERE group_id = ? ORDER BY starts_at", (group.id,)
    )
    return group, [r["id"] for r in sessions]


async def open_pulse(db: Database, group_id: int, session_id: int, at: datetime = NOW) -> Poll:
    poll, created = await fb.create_poll(
        db,
        group_id=group_id,
        session_id=session_id,
        kind="pulse",
        label=f"session {session_id}",
        opens_at=at,
        closes_at=at + timedelta(hours=72),
        remind_at=at + timedelta(hours=48),
    )
    assert created
    return poll


async def answer(
    db: Database,
    poll: Poll,
    user: int,
    answers: Mapping[str, int] | None = None,
    comments: Mapping[str, str] | None = None,
    at: datetime = NOW,
) -> None:
    await fb.record_answer(
        db,
        poll.id,
        key=KEY,
        user_id=user,
        answers=ALL_FOURS if answers is None else answers,
        comments=comments,
        now=at,
    )


async def responses(db: Database, poll: Poll) -> int:
    """How many members the store counts as having answered the poll."""
    stored = await fb.get_poll(db, poll.id)
    assert stored is not None
    return stored.responses


async def test_a_member_answers_once_and_nothing_names_them(db: Database) -> None:
    group, sessions = await make_group(db)
    poll = await open_pulse(db, group.id, sessions[0])
    again, created = await fb.create_poll(
        db,
        group_id=group.id,
        session_id=sessions[0],
        kind="pulse",
        label="x",
        opens_at=NOW,
        closes_at=NOW + timedelta(hours=1),
        remind_at=NOW,
    )
    assert not created and again.id == poll.id

    await answer(db, poll, 101, comments={"comment": "  Felt heard today.  "})
    assert await fb.has_answered(db, poll.id, KEY, 101)
    assert not await fb.has_answered(db, poll.id, KEY, 102)
    # the Answer button's one read: the poll and the same verdict
    for user, verdict in ((101, True), (102, False)):
        found, answered = await fb.poll_and_answered(db, poll.id, KEY, user)
        assert found == await fb.get_poll(db, poll.id) and answered is verdict
    assert await fb.poll_and_answered(db, poll.id + 1000, KEY, 101) == (None, False)
    with pytest.raises(fb.AlreadyAnswered):
        await answer(db, poll, 101, answers={"worthwhile": 1})
    # the refused second answer changed nothing
    counts = await db.fetchall(
        "SELECT item, value, count FROM feedback_counts WHERE poll_id = ? AND count > 0", (poll.id,)
    )
    assert {(r["item"], r["value"], r["count"]) for r in counts} == {
        (item.key, 4, 1) for item in PULSE_ITEMS
    }
    assert await responses(db, poll) == 1
    # no column anywhere in the answer tables could hold a user id or a time
    for table in ("feedback_counts", "feedback_comments", "feedback_answered"):
        columns = {r["name"] for r in await db.fetchall(f"PRAGMA table_info({table})")}
        assert not columns & {"user_id", "author", "created_at", "answered_at", "rowid"}
        assert "WITHOUT ROWID" in (
            await db.fetchval("SELECT sql FROM sqlite_master WHERE name = ?", (table,))
        )
    handles = await db.fetchall("SELECT handle FROM feedback_answered")
    assert [len(r["handle"]) for r in handles] == [64]  # an HMAC, not the member's id
    body = await db.fetchval("SELECT body FROM feedback_comments")
    assert body == "Felt heard today."


async def test_bad_answers_are_refused_before_anything_is_written(db: Database) -> None:
    group, sessions = await make_group(db)
    poll = await open_pulse(db, group.id, sessions[0])
    with pytest.raises(ValueError, match="outside its scale"):
        await answer(db, poll, 1, answers={"worthwhile": 6})
    with pytest.raises(ValueError, match="unknown item"):
        await answer(db, poll, 1, answers={"recommend": 9})
    with pytest.raises(ValueError, match="empty"):
        await answer(db, poll, 1, answers={}, comments={"comment": "   "})
    with pytest.raises(ValueError, match="unknown free-text"):
        await answer(db, poll, 1, comments={"most_valuable": "x"})
    assert not await fb.has_answered(db, poll.id, KEY, 1)
    assert await responses(db, poll) == 0
    # a comment alone is a response
    await answer(db, poll, 1, answers={}, comments={"comment": "Only words"})
    assert await responses(db, poll) == 1


async def test_closing_destroys_the_salt_and_who_answered(db: Database) -> None:
    group, sessions = await make_group(db)
    poll = await open_pulse(db, group.id, sessions[0])
    for user in (1, 2, 3):
        await answer(db, poll, user)
    assert await fb.non_responders(db, poll.id, KEY, [1, 2, 3, 4, 5]) == [4, 5]
    assert await fb.claim_reminder(db, poll.id, NOW)
    assert not await fb.claim_reminder(db, poll.id, NOW)
    turns = await fb.reminder_turns(db, poll.id, KEY, [1, 4, 5])
    assert turns is not None and turns.turn is None
    assert await fb.take_turn(db, poll.id, turns.pending()[0][0])

    assert await fb.close_poll(db, poll.id, date(2026, 9, 6))
    assert not await fb.close_poll(db, poll.id, date(2026, 9, 6))
    row = await db.fetchone("SELECT salt, status FROM feedback_polls WHERE id = ?", (poll.id,))
    assert row is not None
    assert row["salt"] is None and row["status"] == "closed"
    assert await db.fetchval("SELECT COUNT(*) FROM feedback_answered") == 0
    assert not await fb.has_answered(db, poll.id, KEY, 1)
    closed, answered = await fb.poll_and_answered(db, poll.id, KEY, 1)
    assert closed is not None and not closed.is_open and not answered
    assert await fb.non_responders(db, poll.id, KEY, [1, 4]) == []
    with pytest.raises(fb.PollClosed):
        await answer(db, poll, 4)
    assert await fb.reminder_turns(db, poll.id, KEY, [1, 4, 5]) is None
    row = await db.fetchone("SELECT reminder_turn FROM feedback_polls WHERE id = ?", (poll.id,))
    assert row is not None and row["reminder_turn"] is None


async def test_reminder_turns_are_drawn_from_the_key_and_salt_and_taken_once_in_order(
    db: Database,
) -> None:
    """Each trainee's reminder time comes from HMAC(key, the poll's salt, user): the same after
    a restart, nothing stored per member, opaque without the key. A turn is taken once, in
    order; the window can begin later without changing the turns' spacing."""
    group, sessions = await make_group(db)
    poll = await open_pulse(db, group.id, sessions[0])
    window = timedelta(minutes=30)
    users = list(range(1, 9))
    assert await fb.reminder_turns(db, poll.id, KEY, users) is None  # not planned yet
    assert await fb.claim_reminder(db, poll.id, NOW)
    turns = await fb.reminder_turns(db, poll.id, KEY, users)
    assert turns is not None and turns.starts == NOW and turns.last() is None
    again = await fb.reminder_turns(db, poll.id, KEY, users)
    assert again == turns
    other = await fb.reminder_turns(db, poll.id, b"o" * 32, users)
    assert other is not None and other.draws != turns.draws
    order = turns.pending()
    assert sorted(u for _, u in order) == users and len({d for d, _ in order}) == len(users)
    times = [turns.due(d, window) for d, _ in order]
    assert all(NOW <= t < NOW + window for t in times) and times == sorted(times)

    first, second = order[0][0], order[1][0]
    assert await fb.take_turn(db, poll.id, second)
    assert not await fb.take_turn(db, poll.id, first)  # an earlier turn, after a later one
    assert not await fb.take_turn(db, poll.id, second)  # once
    now = await fb.reminder_turns(db, poll.id, KEY, users)
    assert now is not None and now.last() == order[1][1] and now.pending() == order[2:]
    await fb.move_reminders(db, poll.id, NOW + timedelta(hours=1))
    moved = await fb.reminder_turns(db, poll.id, KEY, users)
    assert moved is not None
    assert moved.due(order[2][0], window) == times[2] + timedelta(hours=1)


async def test_an_open_poll_past_its_time_takes_no_answers_and_is_due(db: Database) -> None:
    group, sessions = await make_group(db)
    poll = await open_pulse(db, group.id, sessions[0])
    late = NOW + timedelta(hours=72)
    with pytest.raises(fb.PollClosed):
        await answer(db, poll, 1, at=late)
    to_close, to_remind = await fb.polls_due(db, NOW + timedelta(hours=50))
    assert to_close == [] and [p.id for p in to_remind] == [poll.id]
    to_close, to_remind = await fb.polls_due(db, late)
    assert [p.id for p in to_close] == [poll.id] and to_remind == []


async def test_below_k_pools_into_the_next_release_and_counters_are_dropped(db: Database) -> None:
    group, sessions = await make_group(db)
    first = await open_pulse(db, group.id, sessions[0])
    for user in (1, 2):
        await answer(db, first, user, comments={"comment": f"note {user}"})
    await fb.close_poll(db, first.id, date(2026, 9, 6))
    pending = await fb.pending_batches(db, group.id, "pulse")
    assert [b.responses for b in pending] == [2]
    assert not decide_release(pending, 5, 5).released

    second = await open_pulse(db, group.id, sessions[1], at=NOW + timedelta(days=7))
    for user in (1, 2, 3):
        await answer(db, second, user, at=NOW + timedelta(days=7))
    await fb.close_poll(db, second.id, date(2026, 9, 13))
    pending = await fb.pending_batches(db, group.id, "pulse")
    release = decide_release(pending, 5, 5)
    assert release.released and release.responses == 5 and release.poll_ids == (first.id, second.id)
    assert [fb.split_comment(c) for c in release.comments] == [
        ("comment", "note 1"),
        ("comment", "note 2"),
    ]
    release_id = await fb.save_release(db, group.id, "pulse", release, k=5, comment_k=5, now=NOW)
    assert await fb.pending_batches(db, group.id, "pulse") == []
    assert await db.fetchval("SELECT COUNT(*) FROM feedback_counts") == 0
    assert await db.fetchval("SELECT COUNT(*) FROM feedback_comments") == 0

    stored = await fb.get_release(db, release_id)
    assert stored is not None
    assert stored.release == release and stored.k == 5
    assert [r.id for r in await fb.releases(db, group.id, "pulse")] == [release_id]
    assert await fb.mark_shared(db, release_id, NOW)
    assert not await fb.mark_shared(db, release_id, NOW)


async def test_comments_wait_for_their_own_threshold(db: Database) -> None:
    group, sessions = await make_group(db)
    poll = await open_pulse(db, group.id, sessions[0])
    for user in range(5):
        await answer(db, poll, user, comments={"comment": "useful"} if user == 0 else None)
    await fb.close_poll(db, poll.id, date(2026, 9, 6))
    release = decide_release(await fb.pending_batches(db, group.id, "pulse"), 5, 8)
    assert release.released and release.comments == () and release.comments_withheld == 1
    await fb.save_release(db, group.id, "pulse", release, k=5, comment_k=8, now=NOW)
    # counts are gone, the comment waits
    pending = await fb.pending_batches(db, group.id, "pulse")
    assert len(pending) == 1 and pending[0].counts_released and pending[0].responses == 5
    assert await db.fetchval("SELECT COUNT(*) FROM feedback_counts") == 0

    nxt = await open_pulse(db, group.id, sessions[1], at=NOW + timedelta(days=7))
    for user in range(5):
        await answer(db, nxt, user, at=NOW + timedelta(days=7))
    await fb.close_poll(db, nxt.id, date(2026, 9, 13))
    release = decide_release(await fb.pending_batches(db, group.id, "pulse"), 5, 8)
    assert release.released and release.poll_ids == (nxt.id,)
    assert [fb.split_comment(c)[1] for c in release.comments] == ["useful"]


async def test_a_survey_per_group_with_its_own_items_and_thresholds(db: Database) -> None:
    group, _ = await make_group(db)
    survey, created = await fb.create_poll(
        db,
        group_id=group.id,
        kind="survey",
        label="end-of-year survey",
        opens_at=NOW,
        closes_at=NOW + timedelta(days=14),
        remind_at=NOW + timedelta(days=10),
    )
    assert created and survey.items == SURVEY_ITEMS
    _, created = await fb.create_poll(
        db,
        group_id=group.id,
        kind="survey",
        label="again",
        opens_at=NOW,
        closes_at=NOW + timedelta(days=14),
        remind_at=NOW,
    )
    assert not created
    await fb.record_answer(
        db,
        survey.id,
        key=KEY,
        user_id=7,
        answers={"recommend": 10, "supported": 5},
        comments={"most_valuable": "The silence", "one_change": ""},
        now=NOW,
    )
    await fb.close_poll(db, survey.id, date(2027, 7, 20))
    (batch,) = await fb.pending_batches(db, group.id, "survey")
    assert batch.tally.counts["recommend"][10] == 1 and batch.tally.answered("supported") == 1
    assert batch.comments == ("most_valuable\x1fThe silence",)

    assert await fb.thresholds(db, group.id, 5, 5) == (5, 5)
    await fb.set_thresholds(db, group.id, 4, 6)
    assert await fb.thresholds(db, group.id, 5, 5) == (4, 6)
    with pytest.raises(ValueError, match="at least 3"):
        await fb.set_thresholds(db, group.id, 2, 6)
    assert await fb.thresholds(db, group.id, 5, 5) == (4, 6)


async def test_a_poll_nobody_answered_is_not_pooled(db: Database) -> None:
    group, sessions = await make_group(db)
    empty = await open_pulse(db, group.id, sessions[0])
    assert await fb.close_poll(db, empty.id, date(2026, 9, 6))
    assert await fb.pending_batches(db, group.id, "pulse") == []
    assert await db.fetchval("SELECT COUNT(*) FROM feedback_counts") == 0
