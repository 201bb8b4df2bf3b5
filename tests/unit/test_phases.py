"""The phase timer's rules: it moves on by the clock (several phases after downtime), a pause
keeps the phase's time, a leader moves on early, and the lengths are checked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.phases import (
    PHASES,
    catch_up,
    minutes_problems,
    next_phase,
    pause,
    resume,
    start,
)

T0 = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)
MINUTES = (10, 5, 35, 10, 5)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_the_clock_moves_it_on_and_each_phase_begins_when_the_last_ended() -> None:
    timer = start(MINUTES, T0)
    assert catch_up(timer, at(9.9)) == timer
    after = catch_up(timer, at(10))
    assert (after.phase, after.started_at) == (1, at(10))
    down = catch_up(timer, at(52))  # presentation, questions, push-back (50) passed
    assert (down.phase, down.started_at, down.ends_at) == (3, at(50), at(60))
    done = catch_up(timer, at(500))
    assert done.finished and done.ends_at is None and done.left(at(500)) == timedelta(0)


def test_a_pause_keeps_the_phases_time_and_a_leader_can_move_on_early() -> None:
    timer = pause(start(MINUTES, T0), at(4))
    assert timer.paused and timer.ends_at is None and timer.left(at(40)) == timedelta(minutes=6)
    assert catch_up(timer, at(40)) == timer  # nothing moves while paused
    running = resume(timer, at(40))
    assert running.ends_at == at(46) and not running.paused
    assert pause(timer, at(41)) == timer and resume(running, at(41)) == running
    early = next_phase(timer, at(41))
    assert (early.phase, early.started_at, early.paused) == (1, at(41), False)


@given(st.lists(st.floats(0, 300), min_size=1, max_size=8))
def test_catching_up_at_any_moments_lands_where_one_catch_up_does(moments: list[float]) -> None:
    timer = start(MINUTES, T0)
    stepped = timer
    for m in sorted(moments):
        stepped = catch_up(stepped, at(m))
    assert stepped == catch_up(timer, at(max(moments)))
    assert 0 <= stepped.phase <= len(PHASES)


def test_phase_lengths_are_checked() -> None:
    assert minutes_problems(MINUTES) == []
    assert minutes_problems((0, 5, 35, 10, 5)) == [
        "presentation_minutes must be between 1 and 120, not 0"
    ]
    assert (
        "fit the longest session (240 minutes), not 241"
        in minutes_problems((120, 1, 100, 10, 10))[0]
    )
