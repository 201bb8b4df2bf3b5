"""The attendance store on a real SQLite file: check-ins, absences, corrections, closing a
session once, drift alerts once per streak, case intents, agendas and calendar changes."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.sandbox.world import STORED_GROUP
from bot.store import agenda, attendance, schedule
from bot.store import groups as groups_store
from bot.store.db import Database
from bot.store.notices import (
    DriftAlert,
    decide_drift_alert,
    drift_alert_sent,
    pending_drift_alerts,
)
from bot.store.sessions import Session, get_session

NOW = datetime(2026, 9, 1, 9, tzinfo=UTC)
GROUP = STORED_GROUP
ALICE, BOB, CAROL, LEADER = 11, 12, 13, 99


async def setup(db: Database) -> tuple[int, list[Session]]:
    group = await groups_store.create_group(db, now=NOW, **GROUP)
    for uid in (ALICE, BOB, CAROL):
        await groups_store.add_member(db, group.id, uid, "trainee", NOW)
    await groups_store.add_member(db, group.id, LEADER, "leader", NOW)
    rows = await db.fetchall(
        "SELECT * FROM sessions WHERE group_id = ? ORDER BY starts_at", (group.id,)
    )
    return group.id, [Session.from_row(r) for r in rows]


async def test_check_in_once_a_declared_absence_gives_way_and_a_leader_correction_stands(
    db: Database,
) -> None:
    gid, sessions = await setup(db)
    s = sessions[0]
    at = s.starts_at + timedelta(minutes=1)
    assert (await attendance.check_in(db, s.id, ALICE, at, late=False))[0] == "checked_in"
    outcome, record = await attendance.check_in(
        db, s.id, ALICE, at + timedelta(minutes=20), late=True
    )
    assert (
        outcome == "already"
        and record is not None
        and record.status == "attended"
        and record.checked_in_at == at
    )

    await attendance.declare_absence(db, s.id, BOB, "on_call", NOW)
    assert await attendance.excused_absence(db, s.id, BOB)
    outcome, record = await attendance.check_in(db, s.id, BOB, at + timedelta(minutes=9), late=True)
    assert (
        outcome == "checked_in"
        and record is not None
        and record.status == "late"
        and record.reason is None
    )
    assert not await attendance.excused_absence(db, s.id, BOB)

    await attendance.mark(db, s.id, CAROL, "excused", by=LEADER, now=NOW, reason="sick")
    outcome, record = await attendance.check_in(db, s.id, CAROL, at, late=False)
    assert (
        outcome == "kept"
        and record is not None
        and record.status == "excused"
        and record.source == "leader"
    )


async def test_declare_change_and_withdraw_an_absence(db: Database) -> None:
    gid, sessions = await setup(db)
    s = sessions[2]
    assert await attendance.declare_absence(db, s.id, ALICE, "leave", NOW) is None
    assert await attendance.declare_absence(db, s.id, ALICE, "sick", NOW) == "leave"
    current = await attendance.current(db, s.id, ALICE)
    assert current is not None and current.reason == "sick"
    assert await attendance.withdraw_absence(db, s.id, ALICE)
    assert not await attendance.withdraw_absence(db, s.id, ALICE)
    assert not await attendance.excused_absence(db, s.id, ALICE)


async def test_closing_decides_absences_once_for_roster_trainees_only(db: Database) -> None:
    gid, sessions = await setup(db)
    s = sessions[0]
    await attendance.check_in(db, s.id, ALICE, s.starts_at, late=False)
    await attendance.declare_absence(db, s.id, BOB, "post_nights", NOW)
    await agenda.toggle_case_intent(db, s.id, "h1")
    # a trainee who joined after the session ended is not absent from it
    await groups_store.add_member(db, gid, 77, "trainee", s.ends_at + timedelta(minutes=1))
    later = s.ends_at + timedelta(minutes=1)
    assert await attendance.close_session(db, s, later, counted=True) == [CAROL]
    assert await attendance.close_session(db, s, later, counted=True) is None
    assert await agenda.case_intent_handles(db, s.id) == set()
    record = await attendance.attendance_record(db, gid, CAROL)
    assert [(r.local_date, r.status) for r in record] == [(s.local_date, "absent")]
    assert await attendance.absent_count(db, s.id) == 1
    assert await attendance.present_count(db, s.id) == 1


async def test_a_session_without_a_posted_check_in_marks_nobody_absent(db: Database) -> None:
    gid, sessions = await setup(db)
    s = sessions[0]
    assert await attendance.close_session(db, s, s.ends_at, counted=False) == []
    assert await attendance.attendance_record(db, gid, CAROL) == []
    assert await attendance.is_closed(db, s.id)
    assert [u.id for u in await attendance.uncounted_sessions(db, gid)] == [s.id]


async def test_sessions_to_close_are_ended_active_and_after_the_group_was_set_up(
    db: Database,
) -> None:
    gid, sessions = await setup(db)
    after_three = sessions[2].ends_at + timedelta(minutes=1)
    await schedule.apply_change(db, sessions[1], "skipped", by=LEADER, now=NOW)
    due = await attendance.sessions_to_close(db, after_three)
    assert [s.id for s in due] == [sessions[0].id, sessions[2].id]
    await attendance.close_session(db, sessions[0], after_three, counted=True)
    assert [s.id for s in await attendance.sessions_to_close(db, after_three)] == [sessions[2].id]


async def test_drift_alert_is_remembered_once_per_streak(db: Database) -> None:
    gid, sessions = await setup(db)
    first = DriftAlert(gid, CAROL, sessions[0].id, "carol has missed 2 sessions")
    assert await decide_drift_alert(db, first, NOW)
    assert not await decide_drift_alert(db, first, NOW)
    assert await pending_drift_alerts(db) == [first]  # decided, not yet sent
    await drift_alert_sent(db, first)
    assert await pending_drift_alerts(db) == []
    assert await decide_drift_alert(db, DriftAlert(gid, CAROL, sessions[5].id, "again"), NOW)


async def test_record_is_dated_leaves_out_sessions_that_did_not_meet_and_respects_until(
    db: Database,
) -> None:
    gid, sessions = await setup(db)
    a, b, c = sessions[:3]
    await attendance.check_in(db, a.id, ALICE, a.starts_at + timedelta(minutes=7), late=True)
    await attendance.declare_absence(db, b.id, ALICE, "leave", NOW)
    await attendance.declare_absence(db, c.id, ALICE, "leave", NOW)
    await schedule.apply_change(db, b, "cancelled", by=LEADER, now=NOW)
    record = await attendance.attendance_record(db, gid, ALICE)
    assert [(r.local_date, r.status) for r in record] == [
        (a.local_date, "late"),
        (c.local_date, "excused"),
    ]
    until = await attendance.attendance_record(db, gid, ALICE, until=a.ends_at)
    assert [r.local_date for r in until] == [a.local_date]
    everyone = await attendance.group_records(db, gid)
    assert set(everyone) == {ALICE}
    assert await attendance.remaining_sessions(db, gid, NOW) == len(sessions) - 1


async def test_case_intents_toggle(db: Database) -> None:
    gid, sessions = await setup(db)
    s = sessions[0]
    assert await agenda.toggle_case_intent(db, s.id, "abc")
    assert await agenda.toggle_case_intent(db, s.id, "def")
    assert not await agenda.toggle_case_intent(db, s.id, "abc")
    assert await agenda.case_intent_handles(db, s.id) == {"def"}


async def test_agenda_text_posting_and_pins(db: Database) -> None:
    gid, sessions = await setup(db)
    a, b = sessions[:2]
    row = await agenda.set_text(db, a.id, "Our first session", by=LEADER, now=NOW)
    assert row.text == "Our first session" and not row.posted
    await agenda.record_posted(db, a.id, 100, 5000, pinned=True)
    await agenda.record_posted(db, b.id, 100, 5001, pinned=True)
    assert [r.session_id for r in await agenda.pinned_agendas(db, gid, besides=b.id)] == [a.id]
    await agenda.set_pinned(db, a.id, False)
    assert await agenda.pinned_agendas(db, gid, besides=b.id) == []
    kept = await agenda.get_agenda(db, a.id)
    assert kept is not None and kept.text == "Our first session" and kept.message_id == 5000
    assert (await agenda.set_text(db, a.id, "", by=LEADER, now=NOW)).text is None


async def test_changes_are_guarded_logged_and_restore_reopens_dropped_posts(db: Database) -> None:
    gid, sessions = await setup(db)
    s = sessions[3]
    skipped = await schedule.apply_change(db, s, "skipped", by=LEADER, now=NOW, reason="term break")
    assert (skipped.status, skipped.reason) == ("skipped", "term break")
    with pytest.raises(schedule.Conflict):
        await schedule.apply_change(db, s, "skipped", by=LEADER, now=NOW)
    # the scheduler recorded a post as skipped while the session was off, and one sent before
    await db.execute(
        "INSERT INTO deliveries (session_id, kind, status, due_at, decided_at) VALUES "
        "(?, 'who_has_case', 'skipped', ?, ?), (?, 'old', 'sent', ?, ?)",
        (
            s.id,
            NOW.isoformat(),
            (NOW + timedelta(hours=1)).isoformat(),
            s.id,
            NOW.isoformat(),
            NOW.isoformat(),
        ),
    )
    restored = await schedule.apply_change(
        db, skipped, "restored", by=LEADER, now=NOW + timedelta(hours=2)
    )
    assert restored.status == "scheduled" and restored.reason is None
    kinds = {
        r["kind"]
        for r in await db.fetchall("SELECT kind FROM deliveries WHERE session_id = ?", (s.id,))
    }
    assert kinds == {"old"}
    new_start = s.starts_at + timedelta(days=1, hours=5)
    moved = await schedule.apply_change(
        db,
        restored,
        "moved",
        by=LEADER,
        now=NOW,
        starts_at=new_start,
        ends_at=new_start + timedelta(minutes=75),
    )
    assert moved.moved and moved.starts_at == new_start and moved.local_date == s.local_date
    with pytest.raises(schedule.Conflict):  # moving from a time it no longer has
        await schedule.apply_change(
            db, restored, "moved", by=LEADER, now=NOW, starts_at=new_start, ends_at=new_start
        )
    assert (await schedule.change_counts(db, gid)) == {s.id: 3}
    assert await schedule.others_near(db, moved, new_start, new_start + timedelta(hours=1)) == []
    onto = sessions[4].starts_at + timedelta(hours=3)
    near = await schedule.others_near(db, moved, onto, onto + timedelta(hours=1))
    assert [o.id for o in near] == [sessions[4].id]


async def test_events_due_are_the_next_few_active_sessions_per_group(db: Database) -> None:
    gid, sessions = await setup(db)
    await schedule.apply_change(db, sessions[1], "skipped", by=LEADER, now=NOW)
    due = await schedule.sessions_due_events(db, NOW, 3)
    assert [s.id for s in due] == [sessions[0].id, sessions[2].id, sessions[3].id]
    await schedule.set_event_id(db, sessions[1].id, 555)
    assert [s.id for s in await schedule.sessions_with_dropped_events(db)] == [sessions[1].id]
    await schedule.set_event_id(db, sessions[1].id, None)
    dropped = await get_session(db, sessions[1].id)
    assert dropped is not None and dropped.event_id is None
