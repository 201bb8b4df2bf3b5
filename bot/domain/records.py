"""The year's record as rules: what an endorsed certificate vouches for (its fingerprint), the
verification code, and how long the attendance ledger is kept after a group closes.

An educational supervisor reads a paper certificate, not the database: the code lets them (or the
host, with `balint-bot verify`) check that the lines on it are the lines in the ledger. The
fingerprint covers exactly what the certificate states, so a later correction shows as a mismatch
rather than silently vouching for something else.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# No 0/O or 1/I/L: the code is read off paper and typed by someone else.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS, CODE_GROUP_LEN = 3, 4
NEVER_USED = sorted(set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") - set(CODE_ALPHABET))


def new_code() -> str:
    """A random verification code, e.g. 'K7Q2-M9XD-4TRA' (about 59 bits)."""
    return "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LEN))
        for _ in range(CODE_GROUPS)
    )


def not_a_code(text: str) -> str:
    """Why `text` (refused by normalise_code) is not a verification code, naming the characters a
    code never uses when the person typed some, so they look again at the paper."""
    shown = " ".join(text.split())[:40]
    chars = [c for c in text.upper() if c.isalnum()]
    unused = sorted({c for c in chars if c not in CODE_ALPHABET})
    rule = (
        f"a code has {CODE_GROUPS * CODE_GROUP_LEN} letters and digits in three groups of "
        f"{CODE_GROUP_LEN}, like K7Q2-M9XD-4TRA, and never uses {', '.join(NEVER_USED[:-1])} "
        f"or {NEVER_USED[-1]} (easily misread on paper)"
    )
    if unused:
        typed = ", ".join(unused[:-1]) + (" and " if len(unused) > 1 else "") + unused[-1]
        return f"'{shown}' is not a verification code: it has {typed}, and {rule}."
    return f"'{shown}' is not a verification code: {rule}."


def normalise_code(text: str) -> str | None:
    """Accept what people type (lower case, spaces, missing dashes); None if it cannot be a code."""
    chars = [c for c in text.upper() if c.isalnum()]
    if len(chars) != CODE_GROUPS * CODE_GROUP_LEN or any(c not in CODE_ALPHABET for c in chars):
        return None
    raw = "".join(chars)
    return "-".join(raw[i : i + CODE_GROUP_LEN] for i in range(0, len(raw), CODE_GROUP_LEN))


@dataclass(frozen=True)
class LedgerLine:
    """One dated line of a trainee's year: the session's local date and start (UTC), what was
    recorded (None if only a presentation is known), an absence's reason, whether they presented."""

    local_date: str
    starts_at: datetime
    status: str | None
    reason: str | None
    presented: bool = False


def fingerprint(lines: Iterable[LedgerLine]) -> str:
    """SHA-256 over the lines in date order: what the certificate states, nothing else."""
    digest = hashlib.sha256()
    for line in sorted(lines, key=lambda item: item.local_date):
        digest.update(
            f"{line.local_date}|{line.status or '-'}|{line.reason or '-'}|{int(line.presented)}\n".encode()
        )
    return digest.hexdigest()


def keep_until(closed: datetime, years: int) -> datetime:
    """The ledger of a group closed at `closed` is deleted at this time (29 Feb -> 28 Feb)."""
    try:
        return closed.replace(year=closed.year + years)
    except ValueError:
        return closed.replace(year=closed.year + years, day=28)


def may_close(today: date, end_date: date, confirmed: bool) -> bool:
    """At or after the end date a group closes at once; before it only with a confirmation."""
    return today >= end_date or confirmed


def drift_runs(statuses: Sequence[str | None], threshold: int) -> list[tuple[int, int]]:
    """Every run of unexcused absences of at least `threshold` in a year (oldest first), as
    (index of its first absence, length). Excused absences (and sessions with nothing recorded)
    neither count nor end a run, as for the drift-away alert; attending ends it."""
    runs: list[tuple[int, int]] = []
    first, length = None, 0
    for index, status in enumerate(statuses):
        if status in ("attended", "late"):
            if length >= max(threshold, 1):
                runs.append((first or 0, length))
            first, length = None, 0
        elif status == "absent":
            if first is None:
                first = index
            length += 1
    if length >= max(threshold, 1):
        runs.append((first or 0, length))
    return runs


@dataclass(frozen=True)
class MemberYear:
    """One trainee's year at a glance (the leaders' report)."""

    name: str
    attended: int
    late: int
    excused: int
    absent: int
    presentations: int
    runs: list[tuple[int, int]]


def member_year(
    name: str, statuses: Sequence[str | None], presentations: int, threshold: int
) -> MemberYear:
    return MemberYear(
        name=name,
        attended=sum(1 for s in statuses if s == "attended"),
        late=sum(1 for s in statuses if s == "late"),
        excused=sum(1 for s in statuses if s == "excused"),
        absent=sum(1 for s in statuses if s == "absent"),
        presentations=presentations,
        runs=drift_runs(statuses, threshold),
    )


# -- the assessment rhythm ---------------------------------------------------------------------

# An assessment recorded up to this long before a mark counts for it (leaders often do it early).
EARLY = timedelta(weeks=4)
# The year's last assessment falls due this long before the end date, while the group still meets.
FINAL_BEFORE_END = timedelta(weeks=4)
REMIND_EVERY = 4  # sessions between reminders while someone is still due


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 always exists


def assessment_marks(start: date, end: date, months: int) -> list[date]:
    """When CBDGA assessments fall due: every `months` from the group's start while before the
    end, and a final one four weeks before the end (unless a mark is already within eight weeks
    of it). Empty when the rhythm is off (months <= 0)."""
    if months <= 0:
        return []
    marks: list[date] = []
    k = 1
    while (mark := add_months(start, months * k)) < end:
        marks.append(mark)
        k += 1
    final = end - FINAL_BEFORE_END
    if final > start and (not marks or final - marks[-1] >= 2 * FINAL_BEFORE_END):
        marks.append(final)
    return marks


def period_of(marks: Sequence[date], day: date) -> int | None:
    """Which mark an assessment recorded on `day` counts for: the window of mark k runs from four
    weeks before it to four weeks before the next. None before the first window."""
    found = None
    for index, mark in enumerate(marks):
        if day >= mark - EARLY:
            found = index
    return found


def current_mark(marks: Sequence[date], day: date) -> int | None:
    """The latest mark on or before `day` (whose reminders run now), or None."""
    found = None
    for index, mark in enumerate(marks):
        if mark <= day:
            found = index
    return found


def remind_now(sessions_since_mark: int) -> bool:
    """Remind at the first session on or after a mark, then every fourth while someone is due."""
    return sessions_since_mark % REMIND_EVERY == 0


def due_for_assessment(
    trainees: Sequence[int], assessed: dict[int, list[date]], marks: Sequence[date], mark: int
) -> list[int]:
    """Trainees with no assessment counting for this mark, in roster order."""
    return [
        t for t in trainees if not any(period_of(marks, d) == mark for d in assessed.get(t, []))
    ]


PRINTED_NAME_MAX = 80


def clean_printed_name(text: str) -> str:
    """A name fit to print on a certificate: one line, 2-80 characters, no Discord markup.

    Raises ValueError with what to change."""
    name = " ".join(text.split())
    if len(name) < 2:
        raise ValueError("Type the name as it should appear, e.g. `Dr Alice Smith`.")
    if len(name) > PRINTED_NAME_MAX:
        raise ValueError(
            f"That name is {len(name)} characters; a certificate prints at most {PRINTED_NAME_MAX}."
        )
    if any(c in name for c in "<>*_`|@#\\") or "://" in name:
        raise ValueError(
            "Use letters, spaces and ordinary punctuation only (no mentions, links or "
            "formatting characters)."
        )
    return name
