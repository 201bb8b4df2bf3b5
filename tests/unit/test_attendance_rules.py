"""Attendance rules: late or on time, the check-in window, the drift-away streak, the summary."""

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.attendance import (
    ABSENT,
    ATTENDED,
    EXCUSED,
    LATE,
    STATUSES,
    checkin_window,
    drift_alert_due,
    drift_run,
    is_late,
    summarise,
    unexcused_streak,
)
from bot.domain.calendar import InputError
from bot.domain.sessions import (
    AGENDA_TEXT_LIMIT,
    DEFAULT_AGENDA,
    Slot,
    agenda_text_problem,
    collision,
    compose_agenda,
    parse_date_time,
)

START = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)
GRACE = timedelta(minutes=5)


@pytest.mark.parametrize(
    ("minutes", "late"), [(-10, False), (0, False), (5, False), (5.01, True), (40, True)]
)
def test_late_only_after_the_grace(minutes: float, late: bool) -> None:
    assert is_late(START + timedelta(minutes=minutes), START, GRACE) is late


def test_checkin_window_opens_with_the_opening_post_and_closes_at_the_end() -> None:
    window = checkin_window(START, START + timedelta(minutes=75), timedelta(minutes=10))
    assert window.state(START - timedelta(minutes=11)) == "before"
    assert window.state(START - timedelta(minutes=10)) == "open"
    assert window.state(START + timedelta(minutes=75)) == "open"
    assert window.state(START + timedelta(minutes=76)) == "after"


@pytest.mark.parametrize(
    ("record", "length", "first"),
    [
        ([], 0, None),
        ([ATTENDED, ATTENDED], 0, None),
        ([ATTENDED, ABSENT], 1, 1),
        ([ATTENDED, ABSENT, ABSENT], 2, 1),
        ([ABSENT, LATE, ABSENT, ABSENT, ABSENT], 3, 2),
        # excused absences neither count nor end a run
        ([ATTENDED, ABSENT, EXCUSED, ABSENT], 2, 1),
        ([ATTENDED, EXCUSED, EXCUSED], 0, None),
        ([ABSENT, ATTENDED, EXCUSED], 0, None),
    ],
)
def test_unexcused_streak(record: list[str], length: int, first: int | None) -> None:
    streak = unexcused_streak(record)
    assert (streak.length, streak.first) == (length, first)


def test_drift_alert_after_the_threshold() -> None:
    assert not drift_alert_due([ATTENDED, ABSENT], 2)
    assert drift_alert_due([ATTENDED, ABSENT, ABSENT], 2)
    assert drift_alert_due([ABSENT, EXCUSED, ABSENT], 2)
    assert not drift_alert_due([ABSENT, ABSENT], 0)


def test_the_drift_alert_names_the_run_it_is_about() -> None:
    assert drift_run([ATTENDED, ABSENT, EXCUSED, ABSENT], 2) == (2, 1)
    assert drift_run([ABSENT, LATE, ABSENT], 2) is None


@given(st.lists(st.sampled_from(STATUSES), max_size=40))
def test_a_streak_is_never_longer_than_the_absences_and_ends_the_record(
    record: list[str],
) -> None:
    streak = unexcused_streak(record)
    assert streak.length <= record.count(ABSENT)
    if streak.length:
        assert streak.first is not None
        assert record[streak.first] == ABSENT
        assert not {ATTENDED, LATE} & set(record[streak.first :])
    # attending ends any streak
    assert unexcused_streak([*record, ATTENDED]).length == 0


def test_summary_counts_late_as_attended_and_measures_the_target() -> None:
    s = summarise([ATTENDED] * 10 + [LATE] * 2 + [EXCUSED, ABSENT], target=25, remaining=20)
    assert (s.counted, s.late, s.excused, s.absent, s.to_go) == (12, 2, 1, 1, 13)
    assert s.reachable and not s.reached
    assert "12 sessions attended (2 late)" in s.sentence() and "13 to go" in s.sentence()
    done = summarise([ATTENDED] * 25, target=25, remaining=3)
    assert done.reached and "reached" in done.sentence()
    out_of_reach = summarise([ATTENDED] * 5, target=25, remaining=4)
    assert not out_of_reach.reachable and "talk to your leaders" in out_of_reach.sentence()
    assert "but only 4 sessions are left" in out_of_reach.sentence()


def test_summary_counts_read_right_at_zero_and_one() -> None:
    first = summarise([ABSENT], target=25, remaining=46).sentence()
    assert first.startswith("No sessions attended, 0 excused, 1 absent."), first
    one = summarise([ATTENDED], target=25, remaining=1).sentence()
    assert one.startswith("1 session attended") and "but only 1 session is left" in one, one
    closed = summarise([ATTENDED] * 2, target=25, remaining=0).sentence()
    assert "only 0" not in closed and "no sessions are left this year" in closed, closed
    near = summarise([ATTENDED] * 24, target=25, remaining=1).sentence()
    assert "(1 session left this year)" in near, near


# -- moves and agendas -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-09", ("2026-10-09", "09:00")),
        ("2026-10-09 14:00", ("2026-10-09", "14:00")),
        ("2026-10-09T14:30", ("2026-10-09", "14:30")),
        ("09/10/2026 2pm", ("2026-10-09", "14:00")),
        ("9 October 2026 at 14:00", ("2026-10-09", "14:00")),
    ],
)
def test_new_date_and_time_for_a_move(text: str, expected: tuple[str, str]) -> None:
    day, at = parse_date_time(text, time(9, 0))
    assert (day.isoformat(), at.strftime("%H:%M")) == expected


@pytest.mark.parametrize("text", ["tomorrow", "2026-10-09 25:00", "2026-02-30 10:00", ""])
def test_unreadable_moves_say_how_to_type_them(text: str) -> None:
    with pytest.raises(InputError, match="2026-10-09"):
        parse_date_time(text, time(9, 0))


def test_a_move_collides_with_the_same_day_or_overlapping_times() -> None:
    other = Slot(START.date(), START, START + timedelta(minutes=75))
    same_day_later = Slot(START.date(), START + timedelta(hours=5), START + timedelta(hours=6))
    overlapping = Slot(START.date(), START + timedelta(minutes=30), START + timedelta(minutes=90))
    next_day = Slot(
        (START + timedelta(days=1)).date(),
        START + timedelta(days=1),
        START + timedelta(days=1, hours=1),
    )
    assert collision(same_day_later, [other]) == other
    assert collision(overlapping, [other]) == other
    assert collision(next_day, [other]) is None


def test_agenda_text_too_long_says_how_much_shorter() -> None:
    assert agenda_text_problem("x" * AGENDA_TEXT_LIMIT) is None
    problem = agenda_text_problem("x" * (AGENDA_TEXT_LIMIT + 234))
    assert problem and "234 characters shorter" in problem and "Nothing was changed" in problem


def test_agenda_default_text_and_parts() -> None:
    agenda = compose_agenda("**Agenda**", None, ["Presenting: <@1>", "  "])
    assert DEFAULT_AGENDA in agenda.content
    assert agenda.content.endswith("Presenting: <@1>")
    assert not agenda.shortened and agenda.dropped == 0


@given(
    text=st.text(max_size=2500),
    parts=st.lists(st.text(min_size=1, max_size=700), max_size=6),
)
def test_an_agenda_always_fits_one_message(text: str, parts: list[str]) -> None:
    agenda = compose_agenda("**Agenda: Thursday group, <t:1788422400:F>**", text, parts)
    assert len(agenda.content) <= 2000


def test_other_capabilities_lines_stay_whole_and_the_leaders_text_gives_way() -> None:
    parts = ["**Anonymous case drafts**:", "• " + "a" * 300, "• " + "b" * 300]
    agenda = compose_agenda("**Agenda**", "w" * 1900, parts)
    assert agenda.shortened and agenda.dropped == 0
    assert all(p in agenda.content for p in parts)
    assert len(agenda.content) <= 2000
