"""The leaders' rules: who led a session, the log's progress toward accreditation, what a leader
may add, and the debrief note's fields and retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.leaders import (
    CO_LED,
    LED,
    MEMBER,
    MISSED,
    SUPERVISION,
    WEEKEND,
    WORKSHOP,
    LogEntry,
    Targets,
    check_added,
    debrief_kept_until,
    debrief_values,
    progress,
    session_roles,
)

TODAY = date(2026, 9, 10)


def test_one_leader_there_led_two_co_led_the_absent_missed() -> None:
    assert session_roles([1], set()) == {1: LED}
    assert session_roles([1, 2], set()) == {1: CO_LED, 2: CO_LED}
    assert session_roles([1, 2], {2}) == {1: LED, 2: MISSED}
    assert session_roles([1, 2, 3], {3}) == {1: CO_LED, 2: CO_LED, 3: MISSED}
    assert session_roles([1, 2], {1, 2}) == {1: MISSED, 2: MISSED}


@given(st.lists(st.integers(1, 20), max_size=6), st.sets(st.integers(1, 20)))
def test_every_leader_has_exactly_one_part_and_led_means_alone(
    leaders: list[int], away: set[int]
) -> None:
    roles = session_roles(leaders, away)
    assert set(roles) == set(leaders)
    there = [u for u in roles if u not in away]
    assert all(roles[u] == MISSED for u in roles if u in away)
    assert all(roles[u] == (LED if len(there) == 1 else CO_LED) for u in there)


def entries(*kinds: str) -> list[LogEntry]:
    return [LogEntry(n, TODAY, kind) for n, kind in enumerate(kinds)]


def test_progress_sets_the_counts_against_the_uk_criteria() -> None:
    lines = progress(entries(CO_LED, CO_LED, LED, WORKSHOP, SUPERVISION, MISSED), Targets()).lines()
    assert lines == [
        "Sessions co-led: 2 of the 20 asked (18 to go)",
        "Sessions led alone: 1",
        "Leadership days, workshops and weekends: 1 of the 2 asked (1 to go)",
        "Supervision sessions: 1 (until your supervisor's report)",
        "Sessions as a group member: 0 of the 20 asked (20 to go)",
        "Sessions missed: 1",
    ]
    done = progress(entries(WORKSHOP, WEEKEND, *[MEMBER] * 20), Targets()).lines()
    assert "Leadership days, workshops and weekends: 2 (at least 2 asked: done)" in done
    assert "Sessions as a group member: 20 (at least 20 asked: done)" in done
    # a target of 0 shows the count alone
    assert progress([], Targets(co_led=0)).lines()[0] == "Sessions co-led: 0"


def test_what_a_leader_may_add() -> None:
    assert check_added(SUPERVISION, TODAY, TODAY, None) is None
    assert check_added(WEEKEND, date(2019, 5, 4), TODAY, "Oxford weekend") is None
    assert "logged by the bot itself" in (check_added(CO_LED, TODAY, TODAY, None) or "")
    assert "still to come" in (check_added(WORKSHOP, TODAY + timedelta(days=1), TODAY, None) or "")
    assert "before 2000" in (check_added(MEMBER, date(1999, 12, 31), TODAY, None) or "")
    assert "at most 100" in (check_added(SUPERVISION, TODAY, TODAY, "x" * 101) or "")


def test_the_debrief_note_keeps_what_says_something_and_goes_with_the_case_material() -> None:
    assert debrief_values({"happened": "  A quiet group. ", "process": "", "watch": None}) == {
        "happened": "A quiet group."
    }
    ends = datetime(2026, 9, 3, 9, 15, tzinfo=UTC)
    assert debrief_kept_until(ends, 24) == datetime(2026, 9, 4, 9, 15, tzinfo=UTC)
