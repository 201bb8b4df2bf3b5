"""The leaders' own practice as rules: who led a session, the accreditation log's entries and the
progress they show, and the co-leaders' debrief note (its fields, and when it is deleted).

The Balint Society asks its leaders-in-training for a dated log: sessions co-led (at least 20 for
UK accreditation), leadership days or weekends (at least 2), sessions as a group member (20) and
supervision until the supervisor's report; the American Balint Society asks for a debrief with the
co-leader after every group. A session fills each leader's log by itself: one leader there "led"
it, two or more "co-led" it, and a leader who says they were not there "missed" it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

LED, CO_LED, MISSED = "led", "co_led", "missed"
SUPERVISION, WORKSHOP, WEEKEND, MEMBER = "supervision", "workshop", "weekend", "member"
SESSION_KINDS = (LED, CO_LED, MISSED)  # filled by the bot from the group's sessions
ADDED_KINDS = (SUPERVISION, WORKSHOP, WEEKEND, MEMBER)  # added by the leader
KINDS = SESSION_KINDS + ADDED_KINDS

# How a kind reads in a sentence and as a heading (the CSV and the PDF say the same).
KIND_WORDS = {
    LED: "led",
    CO_LED: "co-led",
    MISSED: "missed",
    SUPERVISION: "supervision session",
    WORKSHOP: "leadership day or workshop",
    WEEKEND: "leadership weekend",
    MEMBER: "session as a group member",
}
NOTE_MAX = 100  # a supervisor's name, a workshop's title
EARLIEST = date(2000, 1, 1)


def session_roles(leaders: Sequence[int], away: Collection[int]) -> dict[int, str]:
    """Each leader's part in a session: missed if away; otherwise led when they were the only one
    there, co-led when two or more were."""
    everyone = list(dict.fromkeys(leaders))
    present = [u for u in everyone if u not in away]
    here = LED if len(present) == 1 else CO_LED
    return {u: (MISSED if u in away else here) for u in everyone}


@dataclass(frozen=True)
class LogEntry:
    """One dated line of a leader's log. `group` names the group for a session (it outlives the
    group); `note` is what the leader added (a supervisor, a workshop's title)."""

    id: int
    day: date
    kind: str
    group: str | None = None
    note: str | None = None

    @property
    def from_session(self) -> bool:
        return self.kind in SESSION_KINDS


@dataclass(frozen=True)
class Targets:
    """The accreditation criteria the log is measured against (settings; UK defaults)."""

    co_led: int = 20
    leadership_days: int = 2
    member_sessions: int = 20


@dataclass(frozen=True)
class Progress:
    """Counts by kind, and the sentences that set them against the criteria."""

    counts: dict[str, int]
    targets: Targets

    @property
    def leadership_days(self) -> int:
        return self.counts[WORKSHOP] + self.counts[WEEKEND]

    def lines(self) -> list[str]:
        c, t = self.counts, self.targets
        return [
            f"Sessions co-led: {c[CO_LED]}" + _against(c[CO_LED], t.co_led),
            f"Sessions led alone: {c[LED]}",
            f"Leadership days, workshops and weekends: {self.leadership_days}"
            + _against(self.leadership_days, t.leadership_days),
            f"Supervision sessions: {c[SUPERVISION]} (until your supervisor's report)",
            f"Sessions as a group member: {c[MEMBER]}" + _against(c[MEMBER], t.member_sessions),
            f"Sessions missed: {c[MISSED]}",
        ]


def _against(count: int, target: int) -> str:
    if target <= 0:
        return ""
    if count >= target:
        return f" (at least {target} asked: done)"
    return f" of the {target} asked ({target - count} to go)"


def progress(entries: Iterable[LogEntry], targets: Targets) -> Progress:
    counts = dict.fromkeys(KINDS, 0)
    for entry in entries:
        counts[entry.kind] += 1
    return Progress(counts, targets)


def check_added(kind: str, day: date, today: date, note: str | None) -> str | None:
    """Why an entry a leader adds cannot be kept (None if it can): a kind the bot fills itself,
    a day ahead or implausibly long ago, a note too long to print."""
    if kind not in ADDED_KINDS:
        return "Sessions you lead are logged by the bot itself; add supervision, leadership days or weekends, or sessions as a member."
    if day > today:
        return "That day is still to come: add it once it has happened."
    if day < EARLIEST:
        return f"That is before {EARLIEST.year}: check the year."
    if note is not None and len(note) > NOTE_MAX:
        return (
            f"The note is {len(note)} characters; at most {NOTE_MAX} are kept (a name or a title)."
        )
    return None


# -- the debrief note ---------------------------------------------------------------------------

# (field, its label in the form): what the Balint literature asks leaders to debrief on.
DEBRIEF_FIELDS = (
    ("happened", "What happened in the group"),
    ("process", "The group's process"),
    ("watch", "Who to keep an eye on"),
)
DEBRIEF_MAX = 1000  # per field: a short note, not minutes


def debrief_kept_until(ends_at: datetime, hours: int) -> datetime:
    """A debrief note goes with the group's case material: `hours` after its session ends."""
    return ends_at + timedelta(hours=hours)


def debrief_values(values: dict[str, str | None]) -> dict[str, str]:
    """The fields that say something, stripped; empty ones are left out."""
    return {
        key: text.strip()
        for key, _ in DEBRIEF_FIELDS
        if (text := values.get(key)) is not None and text.strip()
    }
