"""Attendance rules as pure functions: late or on time, the check-in window, the drift-away streak,
and a trainee's summary against the training school's target.

Training schools ask for a minimum number of sessions attended (25-30 by the end of CT2), and the
practice notices lateness and members drifting away. A late arrival still counts as attended.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.domain import wording

ATTENDED, LATE, EXCUSED, ABSENT = "attended", "late", "excused", "absent"
STATUSES = (ATTENDED, LATE, EXCUSED, ABSENT)
PRESENT = (ATTENDED, LATE)

# Why someone cannot come: categories only (never free text, so nothing clinical or personal).
REASONS: dict[str, str] = {
    "leave": "annual or study leave",
    "on_call": "on call",
    "post_nights": "post nights",
    "ltft": "a less-than-full-time day",
    "sick": "unwell",
    "other": "another reason",
}

STATUS_WORDS = {
    ATTENDED: "attended",
    LATE: "attended (late)",
    EXCUSED: "excused absence",
    ABSENT: "absent",
}


def is_late(checked_in_at: datetime, starts_at: datetime, grace: timedelta) -> bool:
    """Pressing "I'm here" after start + grace records late (the group starts on time)."""
    return checked_in_at > starts_at + grace


@dataclass(frozen=True)
class CheckinWindow:
    """When "I'm here" is accepted: from the opening post until the session ends."""

    opens: datetime
    closes: datetime

    def state(self, now: datetime) -> Literal["before", "open", "after"]:
        if now < self.opens:
            return "before"
        if now > self.closes:
            return "after"
        return "open"


def checkin_window(starts_at: datetime, ends_at: datetime, early: timedelta) -> CheckinWindow:
    return CheckinWindow(starts_at - early, ends_at)


def checkin_status(
    at: datetime, starts_at: datetime, ends_at: datetime, early: timedelta, grace: timedelta
) -> str | None:
    """What arriving at `at` records (pressing "I'm here", or joining the group's voice channel):
    attended, late after the grace period, None outside the check-in window."""
    if checkin_window(starts_at, ends_at, early).state(at) != "open":
        return None
    return LATE if is_late(at, starts_at, grace) else ATTENDED


@dataclass(frozen=True)
class Streak:
    """The current run of unexcused absences: how long, and where it began (an index)."""

    length: int
    first: int | None


def unexcused_streak(statuses: Sequence[str]) -> Streak:
    """The run of unexcused absences at the end of a record (oldest first).

    Excused absences neither count nor end a run: someone absent, then on leave, then absent again
    has not been in the room for three weeks. Only attending (on time or late) ends it.
    """
    length, first = 0, None
    for index in range(len(statuses) - 1, -1, -1):
        status = statuses[index]
        if status in PRESENT:
            break
        if status == ABSENT:
            length += 1
            first = index
    return Streak(length, first)


def drift_alert_due(statuses: Sequence[str], threshold: int) -> bool:
    """True when the record ends with at least `threshold` unexcused absences in a row."""
    return drift_run(statuses, threshold) is not None


def drift_run(statuses: Sequence[str], threshold: int) -> tuple[int, int] | None:
    """The run of unexcused absences the leaders are told about (its length and where it began),
    when the record ends with at least `threshold` of them in a row; else None."""
    streak = unexcused_streak(statuses)
    if threshold <= 0 or streak.length < threshold or streak.first is None:
        return None
    return streak.length, streak.first


@dataclass(frozen=True)
class Drift:
    """One trainee's run of unexcused absences, as the leaders are told it: who (a mention), how
    many in a row, and the days missed ('Thu 3 Sep')."""

    who: str
    length: int
    missed: tuple[str, ...]


DRIFT_ADVICE = (
    "Members drifting away is common in a year-long group; a personal word from a leader often "
    "helps. (Only leaders see this; /attendance group shows everyone's record.)"
)


def drift_message(group_name: str, drifts: Sequence[Drift]) -> str:
    """One message for the leaders about every trainee a session's close found drifting away:
    several trainees are one list, not near-identical messages back to back."""
    if len(drifts) == 1:
        (d,) = drifts
        return (
            f"{d.who} has missed {wording.plural(d.length, 'session')} of {group_name} in a row "
            f"without sending apologies ({', '.join(d.missed)}). {DRIFT_ADVICE}"
        )
    lines = [
        f"{wording.plural(len(drifts), 'member')} of {group_name} have missed sessions in a row "
        "without sending apologies:"
    ]
    lines += [
        f"• {d.who}: {wording.plural(d.length, 'session')} ({', '.join(d.missed)})" for d in drifts
    ]
    return "\n".join([*lines, DRIFT_ADVICE])


@dataclass(frozen=True)
class Summary:
    """One trainee's year so far, against the target of sessions attended."""

    attended: int  # on time
    late: int
    excused: int
    absent: int
    target: int
    remaining: int  # sessions still to come this year
    # sessions attended in the trainee's earlier groups that count toward the same target (only
    # where the reader may see them: the trainee, or leaders the record was shared with)
    earlier: int = 0

    @property
    def counted(self) -> int:
        """Sessions that count towards the target (late arrivals count)."""
        return self.attended + self.late

    @property
    def to_go(self) -> int:
        return max(0, self.target - self.counted - self.earlier)

    @property
    def reached(self) -> bool:
        return self.counted + self.earlier >= self.target

    @property
    def reachable(self) -> bool:
        """Can the target still be met if they come to every remaining session?"""
        return self.counted + self.earlier + self.remaining >= self.target

    def sentence(self) -> str:
        """A plain summary a trainee can read at a glance."""
        parts = [wording.capital(wording.plural(self.counted, "session")) + " attended"]
        if self.late:
            parts[0] += f" ({self.late} late)"
        parts.append(f"{self.excused} excused")
        parts.append(f"{self.absent} absent")
        text = ", ".join(parts) + "."
        earlier = f" (with {self.earlier} from earlier groups)" if self.earlier else ""
        if self.reached:
            return text + f" Target of {self.target} reached{earlier}."
        text += f" Target: {self.target}{earlier}, so {self.to_go} to go"
        left = wording.plural(self.remaining, "session")
        if self.reachable:
            return text + f" ({left} left this year)."
        if not self.remaining:
            return (
                text + ", and no sessions are left this year: talk to your leaders about how to "
                "make up the rest."
            )
        return (
            text + f", but only {left} {wording.verb(self.remaining, 'is', 'are')} left this "
            "year: talk to your leaders about how to make up the rest."
        )


def summarise(statuses: Sequence[str], target: int, remaining: int, earlier: int = 0) -> Summary:
    return Summary(
        attended=sum(1 for s in statuses if s == ATTENDED),
        late=sum(1 for s in statuses if s == LATE),
        excused=sum(1 for s in statuses if s == EXCUSED),
        absent=sum(1 for s in statuses if s == ABSENT),
        target=target,
        remaining=max(0, remaining),
        earlier=earlier,
    )
