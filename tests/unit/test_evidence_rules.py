"""A trainee's evidence across groups: the pro-rata target, the fraction as leaders type it, and
every group counted toward the scheme's sessions and satisfactory CBDGAs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.attendance import summarise
from bot.domain.evidence import (
    GroupRecord,
    evidence,
    parse_fraction,
    pro_rata,
    still_needs_assessment,
)

TODAY = date(2027, 3, 4)
OLD = GroupRecord(
    "Monday group",
    date(2025, 9, 1),
    date(2026, 7, 27),
    True,
    11,
    1,
    1,
    "Dr A",
    date(2026, 7, 1),
    "K7Q2-M9XD-4TRA",
)
NEW = GroupRecord("Thursday group", date(2026, 9, 3), date(2027, 7, 29), False, 9)  # fmt: skip


def test_a_fraction_as_leaders_type_it() -> None:
    assert parse_fraction("0.6") == parse_fraction("60%") == parse_fraction("3/5") == 0.6
    assert parse_fraction(" 1 ") == 1.0
    for bad in ("half", "0", "1.5", "0.1", "3/0", "60 percent"):
        with pytest.raises(ValueError):
            parse_fraction(bad)


@given(st.integers(1, 60), st.floats(0.2, 1.0))
def test_pro_rata_rounds_up_never_above_the_full_target(target: int, fraction: float) -> None:
    need = pro_rata(target, fraction)
    assert 1 <= need <= target and need >= target * fraction - 1e-9
    assert pro_rata(target, 1.0) == target


def test_every_group_counts_toward_the_scheme() -> None:
    ev = evidence([NEW, OLD], 25, 2, 0.6)
    assert [g.group for g in ev.groups] == ["Monday group", "Thursday group"]  # oldest first
    assert (ev.sessions_needed, ev.attended, ev.sessions_to_go) == (15, 20, 0)
    assert (ev.satisfactory, ev.assessments_to_go) == (1, 1)
    assert ev.sentence() == (
        "The scheme asks for 15 sessions (60% of full time: pro-rata): 20 attended across 2 "
        "groups, done. Satisfactory CBDGAs: 1 of 2, 1 to go."
    )
    assert OLD.line(TODAY) == (
        "Monday group (1 Sep 2025 to 27 Jul 2026, closed): 11 sessions attended, "
        "1 satisfactory CBDGA (1 not satisfactory); endorsed by Dr A on Wed 1 Jul 2026, "
        "code K7Q2-M9XD-4TRA"
    )
    assert NEW.line(TODAY).endswith("9 sessions attended; not endorsed")
    assert evidence([NEW], 25, 0).sentence() == (
        "The scheme asks for 25 sessions: 9 attended in this group, 16 to go."
    )


def test_earlier_groups_count_in_this_groups_summary_and_who_still_needs_a_cbdga() -> None:
    summary = summarise(["attended", "late", "absent"], 15, 10, earlier=11)
    assert summary.to_go == 2 and summary.reachable
    assert "Target: 15 (with 11 from earlier groups), so 2 to go" in summary.sentence()
    assert (
        "Target of 12 reached (with 11 from earlier groups)"
        in summarise(["attended"], 12, 0, earlier=11).sentence()
    )
    assert still_needs_assessment(1, 2) and not still_needs_assessment(2, 2)
    assert not still_needs_assessment(0, 0)
