"""Anonymous feedback: the questions, the counting, and when results may be shown.

A Balint group has 6-12 members, so an aggregate of two or three answers can single a person out.
The rules here follow survey practice for small groups (docs/privacy.md → Feedback):

- results are shown once, when a poll closes, and only from ``k`` responses (default 5, never below 3);
- below ``k``, a closed poll's answers wait and are pooled with the next poll's, oldest first, until
  the pool reaches ``k``; there are no sub-group splits;
- free-text comments have their own threshold (``comment_k`` >= ``k``); comments below it wait for a
  later release too, and are released in alphabetical order so their order says nothing about who
  wrote them;
- an item that fewer than ``k`` people answered is not shown, even if the poll as a whole reached ``k``.

Pure logic: no I/O, no Discord, no database. Answers reach this module as plain dicts of
item key -> value, with no user key, timestamp or order that could map back to a voter.
"""

from __future__ import annotations

import statistics
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

from bot.domain import wording

__all__ = [
    "DEFAULT_COMMENT_THRESHOLD",
    "DEFAULT_THRESHOLD",
    "MIN_THRESHOLD",
    "PULSE_COMMENT",
    "PULSE_ITEMS",
    "SCALES",
    "SURVEY_FREE_TEXT",
    "SURVEY_ITEMS",
    "Batch",
    "FreeTextQuestion",
    "Item",
    "ItemSummary",
    "Release",
    "Scale",
    "ScaleName",
    "Tally",
    "TrendPoint",
    "aggregate",
    "csv_rows",
    "decide_release",
    "banded_responses",
    "display_count",
    "percent",
    "percent_text",
    "pulse_trend",
    "reminder_delay",
    "still_pending",
    "summarise",
    "summary_text",
    "validate_comment_threshold",
    "validate_threshold",
]

# --- scales and questions ----------------------------------------------------------------------

ScaleName = Literal["agree5", "nps11"]


@dataclass(frozen=True)
class Scale:
    """An answer scale: integer points from ``low`` to ``high``, each with a plain-words label."""

    name: ScaleName
    low: int
    high: int
    labels: tuple[str, ...]

    @property
    def points(self) -> range:
        """Every valid answer, lowest first (the index into a count tuple is ``value - low``)."""
        return range(self.low, self.high + 1)

    def label(self, value: int) -> str:
        """The words for one point of the scale."""
        return self.labels[value - self.low]


SCALES: Mapping[str, Scale] = {
    "agree5": Scale(
        "agree5",
        1,
        5,
        ("strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree"),
    ),
    "nps11": Scale(
        "nps11",
        0,
        10,
        ("0 (not at all likely)", *(str(i) for i in range(1, 10)), "10 (extremely likely)"),
    ),
}

AGREE_FROM = 4  # agree5: 4 and 5 count as agreeing
PROMOTER_FROM = 9  # nps11: 9 and 10 are promoters
DETRACTOR_UP_TO = 6  # nps11: 0-6 are detractors


@dataclass(frozen=True)
class Item:
    """One closed question. ``short`` fits a Discord modal label (45 characters) and chart legends."""

    key: str
    text: str
    short: str
    scale: ScaleName = "agree5"


@dataclass(frozen=True)
class FreeTextQuestion:
    """One optional free-text question (shown only from the comment threshold)."""

    key: str
    text: str


PULSE_ITEMS: tuple[Item, ...] = (
    Item(
        "think_differently",
        "Today's discussion helped me think differently about the relationship between "
        "clinician and patient.",
        "Helped me think differently",
    ),
    Item(
        "able_to_say",
        "I felt able to say what I really thought and felt in the group today.",
        "Able to say what I thought and felt",
    ),
    Item(
        "stayed_with_relationship",
        "The group stayed with feelings and the relationship rather than moving into advice.",
        "Stayed with feelings, not advice",
    ),
    Item(
        "worthwhile",
        "Today's session was a worthwhile use of my time.",
        "Worthwhile use of my time",
    ),
)
"""The post-session pulse. Deliberately no "were you the presenter?": in a group of 8 it would
identify the presenter's answers."""

PULSE_COMMENT = FreeTextQuestion(
    "comment", "Anything else you would like the leaders to know? (optional)"
)

SURVEY_ITEMS: tuple[Item, ...] = (
    Item(
        "notice_reactions",
        "The group helped me notice my own emotional reactions to patients.",
        "Noticing my own reactions",
    ),
    Item(
        "curiosity",
        "I have become more curious about the patient's experience.",
        "Curiosity about the patient's experience",
    ),
    Item(
        "tolerate_uncertainty",
        "I am better able to tolerate uncertainty in my clinical work.",
        "Tolerating uncertainty",
    ),
    Item(
        "everyday_use",
        "I have used something from the group in my everyday work.",
        "Used it in everyday work",
    ),
    Item(
        "relationship_not_diagnosis",
        "I think more about the relationship with a patient, not only the diagnosis.",
        "The relationship, not only the diagnosis",
    ),
    Item(
        "explore_challenging",
        "The group gave me a chance to explore challenging work.",
        "A chance to explore challenging work",
    ),
    Item("supported", "I felt supported by the group.", "Felt supported"),
    Item(
        "less_alone",
        "I feel less alone with difficult cases.",
        "Less alone with difficult cases",
    ),
    Item(
        "safe_confidential",
        "The group felt safe and confidential.",
        "Safe and confidential",
    ),
    Item(
        "leaders_protected",
        "The leaders protected presenters.",
        "Leaders protected presenters",
    ),
    Item("format_worked", "The format of the group worked for me.", "The format worked for me"),
    Item(
        "easy_to_attend",
        "The timing and platform made it easy to attend.",
        "Timing and platform made it easy",
    ),
    Item(
        "worthwhile_year",
        "Overall, the group was a worthwhile use of my time this year.",
        "Worthwhile overall",
    ),
    Item(
        "recommend",
        "How likely are you to recommend this group to a colleague? "
        "(0 = not at all likely, 10 = extremely likely)",
        "Would recommend (0-10)",
        "nps11",
    ),
)
"""The end-of-year survey: 13 agreement items and one 0-10 likelihood to recommend."""

SURVEY_FREE_TEXT: tuple[FreeTextQuestion, ...] = (
    FreeTextQuestion("most_valuable", "What was most valuable?"),
    FreeTextQuestion("one_change", "What one change would most improve it?"),
)

# --- thresholds --------------------------------------------------------------------------------

MIN_THRESHOLD = 3
DEFAULT_THRESHOLD = 5
DEFAULT_COMMENT_THRESHOLD = 5


def worded_items(kind: str, pulse_wording: Sequence[str] = ()) -> tuple[Item, ...]:
    """The closed questions of a kind of poll, the pulse in a group's own wording
    (settings.feedback.pulse_wording; empty = the standard wording). Keys and scales never
    change, so results stay comparable."""
    if kind != "pulse":
        return SURVEY_ITEMS
    if not pulse_wording:
        return PULSE_ITEMS
    if len(pulse_wording) != len(PULSE_ITEMS):
        raise ValueError(f"the pulse has {len(PULSE_ITEMS)} statements, not {len(pulse_wording)}")
    return tuple(
        replace(item, text=text.strip(), short=textwrap.shorten(text.strip(), 45, placeholder="…"))
        for item, text in zip(PULSE_ITEMS, pulse_wording, strict=True)
    )


COMMENT_MAX_CHARS = 1000


def items_for(kind: str) -> tuple[Item, ...]:
    """The closed questions of a kind of poll, for their keys and scales (what the store counts).
    The words a group sees are `worded_items`, with the group's settings."""
    return worded_items(kind)


def free_text_for(kind: str) -> tuple[FreeTextQuestion, ...]:
    """The optional free-text questions of a kind of poll."""
    return (PULSE_COMMENT,) if kind == "pulse" else SURVEY_FREE_TEXT


def check_answers(kind: str, answers: Mapping[str, int]) -> None:
    """Refuse unknown items or values off the scale (ValueError naming the item, not the value)."""
    aggregate([answers], items_for(kind))


def clean_comments(kind: str, comments: Mapping[str, str]) -> dict[str, str]:
    """Keep non-empty free text for this poll's questions; refuse unknown questions or long text."""
    known = {q.key for q in free_text_for(kind)}
    out: dict[str, str] = {}
    for question, text in comments.items():
        if question not in known:
            raise ValueError(f"unknown free-text question {question!r}")
        text = (text or "").strip()
        if len(text) > COMMENT_MAX_CHARS:
            raise ValueError(f"a comment is longer than {COMMENT_MAX_CHARS} characters")
        if text:
            out[question] = text
    return out


def takes_answers(*, is_open: bool, closes_at: datetime, now: datetime) -> bool:
    """A poll takes answers while open and before its closing time."""
    return is_open and now < closes_at


def may_answer(role: str) -> bool:
    """Feedback is the trainees' word to the leaders: leaders do not answer it."""
    return role != "leader"


def validate_threshold(k: int) -> int:
    """Refuse a release threshold below 3: with 1 or 2 responses the answers are as good as named."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise ValueError(f"the minimum number of responses must be a whole number, got {k!r}")
    if k < MIN_THRESHOLD:
        raise ValueError(
            f"the minimum number of responses before results are shown must be at least "
            f"{MIN_THRESHOLD} (got {k}): below that, results can single people out"
        )
    return k


def validate_comment_threshold(comment_k: int, k: int) -> int:
    """Refuse a comment threshold below ``k``: written words identify people more than ticks do."""
    validate_threshold(k)
    if isinstance(comment_k, bool) or not isinstance(comment_k, int):
        raise ValueError(
            f"the minimum number of responses for comments must be a whole number, got {comment_k!r}"
        )
    if comment_k < k:
        raise ValueError(
            f"the minimum number of responses before comments are shown ({comment_k}) cannot be "
            f"below the minimum for results ({k}): comments identify people more easily than ticks"
        )
    return comment_k


# --- counting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Aggregated answers: how many responded, and per item a count for each scale point.

    ``counts[key][i]`` is the number who chose the scale's ``low + i``. An item's counts can sum
    to less than ``responses`` when some respondents skipped it.
    """

    responses: int
    counts: Mapping[str, tuple[int, ...]]

    def answered(self, key: str) -> int:
        """How many respondents answered one item."""
        return sum(self.counts.get(key, ()))

    def merged(self, other: Tally) -> Tally:
        """Pool two tallies of the same questions (used to pool polls below the threshold)."""
        counts = dict(self.counts)
        for key, theirs in other.counts.items():
            mine = counts.get(key)
            if mine is None:
                counts[key] = theirs
            elif len(mine) != len(theirs):
                raise ValueError(f"item {key!r} has different scales in the tallies being pooled")
            else:
                counts[key] = tuple(a + b for a, b in zip(mine, theirs, strict=True))
        return Tally(self.responses + other.responses, counts)

    def without(self, keys: Iterable[str]) -> Tally:
        """The same tally with some items removed (those too few people answered)."""
        drop = set(keys)
        return Tally(self.responses, {k: v for k, v in self.counts.items() if k not in drop})


def aggregate(answers: Iterable[Mapping[str, int]], items: Sequence[Item] = PULSE_ITEMS) -> Tally:
    """Count anonymous responses per item and scale point.

    Each response is a dict of item key -> value; skipped items are simply absent. An unknown key
    or an out-of-scale value is refused (the message names the item, never the value given).
    """
    by_key = {item.key: item for item in items}
    counts = {item.key: [0] * len(SCALES[item.scale].points) for item in items}
    responses = 0
    for answer in answers:
        responses += 1
        for key, value in answer.items():
            item = by_key.get(key)
            if item is None:
                raise ValueError(f"an answer names an unknown item {key!r}")
            scale = SCALES[item.scale]
            if isinstance(value, bool) or not isinstance(value, int) or value not in scale.points:
                raise ValueError(
                    f"an answer to item {key!r} is outside its scale ({scale.low}-{scale.high})"
                )
            counts[key][value - scale.low] += 1
    return Tally(responses, {key: tuple(c) for key, c in counts.items()})


# --- release decisions -------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """One closed poll waiting to be shown: its aggregate and any comments, with no voter keys.

    ``counts_released`` is True for a poll whose counts were shown earlier but whose comments are
    still waiting for the comment threshold.
    """

    poll_id: int
    label: str
    closed_on: date
    tally: Tally
    comments: tuple[str, ...] = ()
    counts_released: bool = False

    @property
    def responses(self) -> int:
        """How many responded to this poll."""
        return self.tally.responses


@dataclass(frozen=True)
class Release:
    """What may be shown now, and in plain words why anything is held back.

    When ``released`` is False nothing at all may be shown; ``notes`` says why. The caller marks
    the counts of ``poll_ids`` and the comments of ``comment_poll_ids`` as released (see
    :func:`still_pending`).
    """

    released: bool
    responses: int
    poll_ids: tuple[int, ...] = ()
    labels: tuple[str, ...] = ()
    first_closed: date | None = None
    last_closed: date | None = None
    tally: Tally | None = None
    suppressed_items: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    comment_poll_ids: tuple[int, ...] = ()
    comments_withheld: int = 0
    notes: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """All notes as one sentence-separated string, for a message to leaders."""
        return " ".join(self.notes)


def banded_responses(n: int, *, k: int) -> str:
    """A count of responses outside a released result: 'no responses', 'fewer than 5
    responses', '5 or more responses' (display_count's bands, so a small number never shows)."""
    if n == 0:
        return wording.plural(0, "response")
    return f"{display_count(n, k=k, released=False)} responses"


def _real_comments(batches: Iterable[Batch]) -> list[str]:
    return [c.strip() for b in batches for c in b.comments if c.strip()]


def decide_release(
    pending_batches: Sequence[Batch],
    k: int = DEFAULT_THRESHOLD,
    comment_k: int = DEFAULT_COMMENT_THRESHOLD,
) -> Release:
    """Decide what, of all closed-but-unshown polls of one series, may be shown now.

    Pools every batch whose counts are unshown, oldest first; releases the pooled aggregate only if
    it reaches ``k``. Comments of every pending batch are released with it only if all pending
    batches together reach ``comment_k``; otherwise they wait for a later release.
    """
    validate_comment_threshold(comment_k, k)
    ids = [b.poll_id for b in pending_batches]
    if len(set(ids)) != len(ids):
        raise ValueError("the same poll appears twice among the pending batches")
    ordered = sorted(pending_batches, key=lambda b: (b.closed_on, b.poll_id))
    pool = [b for b in ordered if not b.counts_released]
    pooled = sum(b.responses for b in pool)

    if not pool:
        return Release(
            released=False,
            responses=0,
            comments_withheld=len(_real_comments(ordered)),
            notes=("No new responses since the last results were shown.",),
        )
    if pooled < k:
        return Release(
            released=False,
            responses=pooled,
            notes=(
                f"{wording.capital(wording.plural(pooled, 'response'))} so far; results are shown from {k} so nobody can be "
                f"singled out; they will be pooled with the next session's.",
            ),
        )

    tally = pool[0].tally
    for batch in pool[1:]:
        tally = tally.merged(batch.tally)
    suppressed = tuple(key for key in tally.counts if tally.answered(key) < k)
    notes: list[str] = []
    if suppressed:
        notes.append(
            f"{wording.plural(len(suppressed), 'question')} had fewer than {k} answers and "
            f"{wording.verb(len(suppressed), 'is', 'are')} not shown, "
            f"so nobody can be singled out."
        )

    comments = _real_comments(ordered)
    crowd = sum(b.responses for b in ordered)
    shown: tuple[str, ...] = ()
    comment_ids: tuple[int, ...] = ()
    withheld = 0
    if crowd >= comment_k:
        shown = tuple(sorted(comments, key=lambda c: (c.casefold(), c)))
        comment_ids = tuple(b.poll_id for b in ordered)
    elif comments:
        withheld = len(comments)
        notes.append(
            f"{wording.plural(withheld, 'comment')} kept back: comments are shown from {comment_k} responses "
            f"({crowd} so far); they will be shown with a later release."
        )
    return Release(
        released=True,
        responses=pooled,
        poll_ids=tuple(b.poll_id for b in pool),
        labels=tuple(b.label for b in pool),
        first_closed=pool[0].closed_on,
        last_closed=pool[-1].closed_on,
        tally=tally.without(suppressed),
        suppressed_items=suppressed,
        comments=shown,
        comment_poll_ids=comment_ids,
        comments_withheld=withheld,
        notes=tuple(notes),
    )


def still_pending(pending_batches: Sequence[Batch], release: Release) -> list[Batch]:
    """The batches still waiting after ``release`` is shown (what the store keeps for next time).

    A batch whose counts were just shown stays only while it still has comments waiting.
    """
    left: list[Batch] = []
    for batch in pending_batches:
        counts_done = batch.counts_released or batch.poll_id in release.poll_ids
        comments_done = batch.poll_id in release.comment_poll_ids or not _real_comments([batch])
        if counts_done and comments_done:
            continue
        if counts_done and not batch.counts_released:
            batch = Batch(
                batch.poll_id, batch.label, batch.closed_on, batch.tally, batch.comments, True
            )
        left.append(batch)
    return left


# --- showing numbers ---------------------------------------------------------------------------


def display_count(n: int, *, k: int = DEFAULT_THRESHOLD, released: bool = True) -> str:
    """A count as shown to people: exact inside a released aggregate (which already has >= k
    responses), banded as "fewer than k" anywhere else, so a small number never points at anyone.
    """
    if n < 0:
        raise ValueError("a count cannot be negative")
    if released or n == 0:
        return str(n)
    return f"fewer than {k}" if n < k else f"{k} or more"


def percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole`` (0.0 when there is nothing to divide)."""
    return 100.0 * part / whole if whole else 0.0


def percent_text(part: int, whole: int) -> str:
    """A whole-number percentage for people to read, e.g. "71%" ("-" when there is no base)."""
    if not whole:
        return "-"
    return f"{int(percent(part, whole) + 0.5)}%"  # round half up, as people expect


# --- summaries for leaders ---------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSummary:
    """One released item in plain numbers. ``agree`` counts 4-5 on agree5, 9-10 on nps11."""

    key: str
    text: str
    short: str
    scale: ScaleName
    n: int
    median: float | None
    mean: float | None
    agree: int
    percent_agree: float | None
    nps: float | None = None


def _values(counts: Sequence[int], scale: Scale) -> list[int]:
    return [value for value, c in zip(scale.points, counts, strict=True) for _ in range(c)]


def summarise(tally: Tally, items: Sequence[Item]) -> list[ItemSummary]:
    """Per-item n, median, mean and share agreeing, in catalogue order (items absent are skipped)."""
    out: list[ItemSummary] = []
    for item in items:
        counts = tally.counts.get(item.key)
        if counts is None:
            continue
        scale = SCALES[item.scale]
        values = _values(counts, scale)
        n = len(values)
        top = AGREE_FROM if item.scale == "agree5" else PROMOTER_FROM
        agree = sum(1 for v in values if v >= top)
        nps = None
        if item.scale == "nps11" and n:
            detractors = sum(1 for v in values if v <= DETRACTOR_UP_TO)
            nps = percent(agree, n) - percent(detractors, n)
        out.append(
            ItemSummary(
                key=item.key,
                text=item.text,
                short=item.short,
                scale=item.scale,
                n=n,
                median=float(statistics.median(values)) if n else None,
                mean=statistics.fmean(values) if n else None,
                agree=agree,
                percent_agree=percent(agree, n) if n else None,
                nps=nps,
            )
        )
    return out


def period_words(release: Release) -> str:
    """The sessions a release covers, '11 Sep 2025 to 18 Sep 2025' (one day: '11 Sep 2025'), as
    every summary, chart title and trend point names them."""
    if release.first_closed is None or release.last_closed is None:
        return ""
    return wording.span(release.first_closed, release.last_closed)


def _median_words(median: float, scale: Scale) -> str:
    if median.is_integer():
        value = int(median)
        if scale.name == "nps11":
            return f"{value} out of 10"
        return f"{value} ({scale.label(value)})"
    low, high = int(median), int(median) + 1
    if scale.name == "nps11":
        return f"{median:g} out of 10"
    return f"{median:g} (between {scale.label(low)} and {scale.label(high)})"


def summary_text(release: Release, items: Sequence[Item], *, include_comments: bool = True) -> str:
    """Plain words for leaders: per item n, median and % agreeing, then any released comments."""
    if not release.released or release.tally is None:
        return release.reason
    sessions = len(release.poll_ids)
    head = (
        f"Feedback from {period_words(release)}"
        + (f" ({sessions} sessions pooled)" if sessions > 1 else "")
        + f": {wording.plural(release.responses, 'response')}."
    )
    lines = [head]
    for s in summarise(release.tally, items):
        scale = SCALES[s.scale]
        if s.n == 0 or s.median is None:
            continue
        answers = wording.plural(s.n, "answer")
        median = f"median {_median_words(s.median, scale)}"
        if s.scale == "nps11":
            share = (
                f"{percent_text(s.agree, s.n)} very likely to recommend (9-10), "
                f"net promoter score {s.nps:+.0f}"
            )
        else:
            share = f"{percent_text(s.agree, s.n)} agree"
        lines.append(f"- {s.short}: {answers}, {median}, {share}.")
    lines.extend(release.notes)
    if include_comments and release.comments:
        lines.append(
            f"Comments ({len(release.comments)}, in alphabetical order so the order says "
            f"nothing about who wrote them):"
        )
        lines.extend(f"> {c}" for c in release.comments)
    return "\n".join(lines)


CSV_HEADER = (
    "first_session",
    "last_session",
    "sessions",
    "responses",
    "item",
    "question",
    "value",
    "label",
    "count",
)


def csv_rows(releases: Sequence[Release], items: Sequence[Item]) -> list[list[str | int]]:
    """Aggregated counts only, one row per release, item and scale point (header first).

    No comments and no per-response rows; unreleased decisions are skipped.
    """
    rows: list[list[str | int]] = [list(CSV_HEADER)]
    for release in releases:
        if not release.released or release.tally is None:
            continue
        first = release.first_closed.isoformat() if release.first_closed else ""
        last = release.last_closed.isoformat() if release.last_closed else ""
        for item in items:
            counts = release.tally.counts.get(item.key)
            if counts is None:
                continue
            scale = SCALES[item.scale]
            for value, count in zip(scale.points, counts, strict=True):
                rows.append(
                    [
                        first,
                        last,
                        len(release.poll_ids),
                        release.responses,
                        item.key,
                        item.text,
                        value,
                        scale.label(value),
                        count,
                    ]
                )
    return rows


@dataclass(frozen=True)
class TrendPoint:
    """One released pulse (possibly pooled) on the year's chart: mean agreement per item (1-5)."""

    on: date
    label: str
    responses: int
    means: Mapping[str, float | None]


def pulse_trend(
    releases: Sequence[Release], items: Sequence[Item] = PULSE_ITEMS
) -> list[TrendPoint]:
    """Mean agreement per item for each released pulse, oldest first, for a line across the year.

    A pooled release is one point, dated at its latest poll; an item not shown has mean None.
    """
    points: list[TrendPoint] = []
    for release in releases:
        if not release.released or release.tally is None or release.last_closed is None:
            continue
        summaries = {s.key: s for s in summarise(release.tally, items)}
        means = {
            item.key: (summaries[item.key].mean if item.key in summaries else None)
            for item in items
            if item.scale == "agree5"
        }
        points.append(
            TrendPoint(release.last_closed, period_words(release), release.responses, means)
        )
    points.sort(key=lambda p: p.on)
    return points


def reminder_delay(window: timedelta, draw: Callable[[], float]) -> timedelta:
    """How long one reminder waits after its due time: drawn alone, uniformly over the window
    (`draw` gives a number in [0, 1)). Sent one after another from the due time, the k-th
    reminder's time told its reader that at least k others had not answered; a delay of its own,
    independent of how many are pending, says nothing of the others."""
    return window * draw()
