"""The structure of a Balint session as rules: its phases, and a timer a leader runs through them.

A member tells the group about a patient (the presentation), the group asks brief questions of
fact, the presenter "pushes back" and listens in silence while the group discusses (the push-back),
then returns and comments, and the leaders close. Groups that moved online found the structure
harder to keep; a visible timer helps. No source fixes the phases' lengths, so each is a setting.

The timer is plain data: the minutes of each phase (fixed when it starts), the current phase,
when it began (moved on by a pause, so a pause does not eat the phase's time) and, while paused,
since when. It moves on by itself when a phase's time is up; the leaders can move on early,
pause and resume. Nothing about what is said is part of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Phase:
    key: str
    title: str
    hint: str


PHASES = (
    Phase(
        "presentation",
        "The presentation",
        "The presenter tells the group about a patient who stays on their mind, without notes.",
    ),
    Phase(
        "questions",
        "Questions of fact",
        "Brief questions of fact only; the group protects the presenter from interrogation.",
    ),
    Phase(
        "pushback",
        "The push-back",
        "The presenter sits back and listens without speaking, while the group wonders about the "
        "relationship, the feelings and the fantasies. Cameras may stay on; microphones off.",
    ),
    Phase(
        "return",
        "The presenter's return",
        "The presenter comes back in and says what struck them.",
    ),
    Phase("close", "The close", "The leaders bring the session to a close."),
)
MAX_PHASE_MINUTES = 120
MAX_TOTAL_MINUTES = 240  # the longest session a group can have


def minutes_problems(minutes: Sequence[int]) -> list[str]:
    """Why these phase lengths cannot be used (empty if they can): each 1-120 minutes, together at
    most the longest session (240)."""
    problems = [
        f"{phase.key}_minutes must be between 1 and {MAX_PHASE_MINUTES}, not {value}"
        for phase, value in zip(PHASES, minutes, strict=True)
        if not 1 <= value <= MAX_PHASE_MINUTES
    ]
    if sum(minutes) > MAX_TOTAL_MINUTES:
        problems.append(
            f"the phases together must fit the longest session ({MAX_TOTAL_MINUTES} minutes), "
            f"not {sum(minutes)}"
        )
    return problems


@dataclass(frozen=True)
class Timer:
    minutes: tuple[int, ...]
    phase: int  # index into PHASES; len(PHASES) once the close is over
    started_at: datetime  # when the current phase began, moved on by any pause
    paused_at: datetime | None = None

    @property
    def finished(self) -> bool:
        return self.phase >= len(PHASES)

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def ends_at(self) -> datetime | None:
        """When the current phase's time is up (None while paused, or when finished)."""
        if self.finished or self.paused:
            return None
        return self.started_at + timedelta(minutes=self.minutes[self.phase])

    def left(self, now: datetime) -> timedelta:
        """The current phase's time left (frozen while paused)."""
        if self.finished:
            return timedelta(0)
        at = self.paused_at or now
        return max(timedelta(0), self.started_at + timedelta(minutes=self.minutes[self.phase]) - at)


def start(minutes: Sequence[int], now: datetime) -> Timer:
    return Timer(tuple(minutes), 0, now)


def next_phase(timer: Timer, now: datetime) -> Timer:
    """A leader moves on (a paused timer moves on running)."""
    if timer.finished:
        return timer
    return Timer(timer.minutes, timer.phase + 1, now)


def pause(timer: Timer, now: datetime) -> Timer:
    if timer.finished or timer.paused:
        return timer
    return replace(timer, paused_at=now)


def resume(timer: Timer, now: datetime) -> Timer:
    """The phase goes on where it stopped: its start moves on by the pause."""
    if timer.paused_at is None:
        return timer
    return replace(timer, started_at=timer.started_at + (now - timer.paused_at), paused_at=None)


def catch_up(timer: Timer, now: datetime) -> Timer:
    """The phase that runs now: each phase whose time is up gives way to the next, which began
    when it ended (after a restart, several may have passed)."""
    while (ends := timer.ends_at) is not None and ends <= now:
        timer = Timer(timer.minutes, timer.phase + 1, ends)
    return timer
