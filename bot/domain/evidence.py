"""A trainee's evidence across groups and years, as rules: the scheme's target (sessions attended
and satisfactory CBDGAs), pro-rata for a less-than-full-time trainee, and what every group of
this bot they attended adds to it.

UK schemes set local targets (e.g. 25 groups by the end of CT2; keep attending until two
satisfactory case-based discussion group assessments), trainees often change group every six
months, and less-than-full-time trainees have pro-rata targets. The trainee sees all of it; a
group's leaders see another group's part only if the trainee shared it (/attendance share).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain import wording

SATISFACTORY, UNSATISFACTORY = "satisfactory", "unsatisfactory"
OUTCOMES = (SATISFACTORY, UNSATISFACTORY)
LOWEST_FRACTION = 0.2  # below a fifth of full time, a target means little


def parse_fraction(text: str) -> float:
    """A less-than-full-time fraction as a leader types it: 0.6, 60%, 3/5 (1 = full time).
    Raises ValueError with what to type instead."""
    raw = text.strip().replace(" ", "")
    try:
        if m := re.fullmatch(r"(\d{1,3}(?:\.\d+)?)%", raw):
            value = float(m[1]) / 100
        elif m := re.fullmatch(r"(\d+)/(\d+)", raw):
            value = int(m[1]) / int(m[2])
        else:
            value = float(raw)
    except (ValueError, ZeroDivisionError):
        raise ValueError(
            f"'{text[:20]}' is not a fraction: type it like 0.6, 60% or 3/5 (1 = full time)."
        ) from None
    if not LOWEST_FRACTION <= value <= 1:
        raise ValueError(
            f"A less-than-full-time fraction is between {LOWEST_FRACTION:g} and 1 (full time), "
            f"not {value:g}."
        )
    return round(value, 2)


def pro_rata(target: int, fraction: float) -> int:
    """The target for someone working `fraction` of full time, rounded up (never below 1)."""
    if target <= 0:
        return 0
    return max(1, math.ceil(round(target * fraction, 6)))


def fraction_words(fraction: float) -> str:
    return "full time" if fraction >= 1 else f"{round(fraction * 100)}% of full time"


@dataclass(frozen=True)
class GroupRecord:
    """One group's part of a trainee's evidence: sessions attended (late ones count), CBDGA
    outcomes recorded by its leaders, and its latest endorsement if it still vouches for the
    lines (None otherwise)."""

    group: str
    first: date
    last: date
    closed: bool
    attended: int
    satisfactory: int = 0
    unsatisfactory: int = 0
    endorsed_by: str | None = None
    endorsed_on: date | None = None
    code: str | None = None

    def line(self, today: date) -> str:
        period = wording.span(self.first, self.last)
        text = (
            f"{self.group} ({period}{', closed' if self.closed else ''}): "
            f"{wording.plural(self.attended, 'session')} attended"
        )
        if self.satisfactory or self.unsatisfactory:
            text += f", {wording.plural(self.satisfactory, 'satisfactory CBDGA')}"
            if self.unsatisfactory:
                text += f" ({self.unsatisfactory} not satisfactory)"
        if self.endorsed_by and self.endorsed_on:
            text += (
                f"; endorsed by {self.endorsed_by} on {wording.day(self.endorsed_on, today)}"
                + (f", code {self.code}" if self.code else "")
            )
        else:
            text += "; not endorsed"
        return text


@dataclass(frozen=True)
class Evidence:
    """Every group together against the scheme's target (pro-rata)."""

    groups: Sequence[GroupRecord]
    sessions_needed: int
    assessments_needed: int
    fraction: float = 1.0

    @property
    def attended(self) -> int:
        return sum(g.attended for g in self.groups)

    @property
    def satisfactory(self) -> int:
        return sum(g.satisfactory for g in self.groups)

    @property
    def sessions_to_go(self) -> int:
        return max(0, self.sessions_needed - self.attended)

    @property
    def assessments_to_go(self) -> int:
        return max(0, self.assessments_needed - self.satisfactory)

    def sentence(self) -> str:
        """Where the trainee stands against the scheme, in one or two sentences."""
        pro = f" ({fraction_words(self.fraction)}: pro-rata)" if self.fraction < 1 else ""
        across = (
            f"across {wording.plural(len(self.groups), 'group')}"
            if len(self.groups) > 1
            else "in this group"
        )
        text = (
            f"The scheme asks for {self.sessions_needed} sessions{pro}: "
            f"{self.attended} attended {across}, "
            + (f"{self.sessions_to_go} to go." if self.sessions_to_go else "done.")
        )
        if self.assessments_needed:
            text += f" Satisfactory CBDGAs: {self.satisfactory} of {self.assessments_needed}" + (
                f", {self.assessments_to_go} to go." if self.assessments_to_go else ", done."
            )
        return text


def evidence(
    groups: Sequence[GroupRecord], sessions: int, assessments: int, fraction: float = 1.0
) -> Evidence:
    return Evidence(
        groups=sorted(groups, key=lambda g: g.first),
        sessions_needed=pro_rata(sessions, fraction),
        assessments_needed=assessments,
        fraction=fraction,
    )


def still_needs_assessment(satisfactory: int, needed: int) -> bool:
    """The six-monthly reminder names a trainee while they have fewer satisfactory CBDGAs than
    the scheme asks (counted from what the leaders can see: this group, and what was shared)."""
    return satisfactory < needed
