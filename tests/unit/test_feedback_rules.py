"""Anonymous feedback: catalogues, counting, and every rule that decides what may be shown."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.feedback import (
    COMMENT_MAX_CHARS,
    CSV_HEADER,
    DEFAULT_COMMENT_THRESHOLD,
    DEFAULT_THRESHOLD,
    PULSE_ITEMS,
    SCALES,
    SURVEY_FREE_TEXT,
    SURVEY_ITEMS,
    Batch,
    Tally,
    aggregate,
    check_answers,
    clean_comments,
    csv_rows,
    decide_release,
    display_count,
    items_for,
    may_answer,
    percent,
    percent_text,
    pulse_trend,
    still_pending,
    summarise,
    summary_text,
    takes_answers,
    validate_comment_threshold,
    validate_threshold,
)

DAY0 = date(2025, 9, 4)
KEYS = [item.key for item in PULSE_ITEMS]


def answers(n: int, value: int = 4) -> list[dict[str, int]]:
    return [dict.fromkeys(KEYS, value) for _ in range(n)]


def batch(
    poll_id: int, n: int, *, comments: tuple[str, ...] = (), value: int = 4, week: int | None = None
) -> Batch:
    closed = DAY0 + timedelta(weeks=poll_id if week is None else week)
    return Batch(poll_id, f"Session {poll_id}", closed, aggregate(answers(n, value)), comments)


# --- catalogues --------------------------------------------------------------------------------


def test_catalogues() -> None:
    assert len(PULSE_ITEMS) == 4
    assert 13 <= len(SURVEY_ITEMS) <= 15
    assert [i.scale for i in SURVEY_ITEMS].count("nps11") == 1
    assert all(i.scale == "agree5" for i in PULSE_ITEMS)
    assert len(SURVEY_FREE_TEXT) == 2
    for catalogue in (PULSE_ITEMS, SURVEY_ITEMS, SURVEY_FREE_TEXT):
        keys = [q.key for q in catalogue]
        assert len(keys) == len(set(keys))
    for item in PULSE_ITEMS + SURVEY_ITEMS:
        assert item.scale in SCALES
        assert len(item.short) <= 45  # a Discord modal label
        assert len(item.text) <= 150  # a Discord select placeholder
    assert not any("presenter" in i.text.lower() for i in PULSE_ITEMS)


# --- thresholds --------------------------------------------------------------------------------


def test_thresholds() -> None:
    assert DEFAULT_THRESHOLD == 5 and DEFAULT_COMMENT_THRESHOLD == 5
    assert validate_threshold(3) == 3
    assert validate_threshold(5) == 5
    for bad in (2, 1, 0, -5):
        with pytest.raises(ValueError, match="at least 3"):
            validate_threshold(bad)
    with pytest.raises(ValueError, match="whole number"):
        validate_threshold(True)
    assert validate_comment_threshold(10, 5) == 10
    assert validate_comment_threshold(5, 5) == 5
    with pytest.raises(ValueError, match="cannot be below"):
        validate_comment_threshold(4, 5)
    with pytest.raises(ValueError, match="at least 3"):
        validate_comment_threshold(10, 2)


def test_decide_release_checks_thresholds() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        decide_release([batch(1, 10)], k=2, comment_k=5)
    with pytest.raises(ValueError, match="cannot be below"):
        decide_release([batch(1, 10)], k=5, comment_k=4)


# --- counting ----------------------------------------------------------------------------------


def test_aggregate_counts_per_point() -> None:
    tally = aggregate(
        [
            {"think_differently": 5, "able_to_say": 1},
            {"think_differently": 4},
            {"think_differently": 5, "worthwhile": 3},
            {},
        ]
    )
    assert tally.responses == 4
    assert tally.counts["think_differently"] == (0, 0, 0, 1, 2)
    assert tally.counts["able_to_say"] == (1, 0, 0, 0, 0)
    assert tally.counts["stayed_with_relationship"] == (0, 0, 0, 0, 0)
    assert tally.answered("worthwhile") == 1


def test_aggregate_survey_nps_scale() -> None:
    tally = aggregate([{"recommend": 0}, {"recommend": 10}, {"supported": 2}], SURVEY_ITEMS)
    assert len(tally.counts["recommend"]) == 11
    assert tally.counts["recommend"][0] == 1 and tally.counts["recommend"][10] == 1


def test_aggregate_refuses_bad_answers_without_echoing_them() -> None:
    with pytest.raises(ValueError, match="unknown item") as err:
        aggregate([{"who_are_you": 3}])
    with pytest.raises(ValueError, match="outside its scale") as err:
        aggregate([{"worthwhile": 6}])
    assert "6" not in str(err.value).replace("1-5", "")
    with pytest.raises(ValueError, match="outside its scale"):
        aggregate([{"worthwhile": 0}])
    with pytest.raises(ValueError, match="outside its scale"):
        aggregate([{"recommend": 11}], SURVEY_ITEMS)
    with pytest.raises(ValueError, match="outside its scale"):
        aggregate([{"worthwhile": True}])


@given(st.lists(st.fixed_dictionaries({}, optional={k: st.integers(1, 5) for k in KEYS})))
def test_aggregate_is_order_free_and_adds_up(rows: list[dict[str, int]]) -> None:
    tally = aggregate(rows)
    assert tally == aggregate(list(reversed(rows)))
    assert tally.responses == len(rows)
    for key in KEYS:
        assert tally.answered(key) == sum(1 for r in rows if key in r)
    half = len(rows) // 2
    assert aggregate(rows[:half]).merged(aggregate(rows[half:])) == tally


def test_merging_different_scales_is_refused() -> None:
    with pytest.raises(ValueError, match="different scales"):
        Tally(1, {"x": (1, 0, 0, 0, 0)}).merged(Tally(1, {"x": (1,) + (0,) * 10}))


# --- release rules -----------------------------------------------------------------------------


def test_at_k_releases() -> None:
    release = decide_release([batch(1, 5)], k=5, comment_k=5)
    assert release.released
    assert release.responses == 5
    assert release.poll_ids == (1,)
    assert release.tally is not None and release.tally.answered("worthwhile") == 5
    assert release.notes == ()


def test_below_k_releases_nothing_and_says_why() -> None:
    release = decide_release([batch(1, 3, comments=("hello",))], k=5, comment_k=5)
    assert not release.released
    assert release.tally is None and release.comments == () and release.poll_ids == ()
    assert release.reason == (
        "3 responses so far; results are shown from 5 so nobody can be singled out; "
        "they will be pooled with the next session's."
    )
    assert decide_release([batch(1, 1)]).reason.startswith("1 response so far")
    assert decide_release([batch(1, 0)]).reason.startswith("No responses so far")
    assert decide_release([]).released is False


def test_above_k_releases() -> None:
    release = decide_release([batch(1, 8)], k=5, comment_k=5)
    assert release.released and release.responses == 8


def test_two_batches_below_k_pool_into_one_release() -> None:
    first = [batch(1, 3)]
    assert not decide_release(first).released
    pending = still_pending(first, decide_release(first))
    assert pending == first
    pending.append(batch(2, 2, value=2))
    release = decide_release(pending)
    assert release.released
    assert release.responses == 5
    assert release.poll_ids == (1, 2)
    assert release.labels == ("Session 1", "Session 2")
    assert release.first_closed == DAY0 + timedelta(weeks=1)
    assert release.last_closed == DAY0 + timedelta(weeks=2)
    assert release.tally is not None
    assert release.tally.counts["worthwhile"] == (0, 2, 0, 3, 0)
    assert still_pending(pending, release) == []


def test_three_batches_below_k_pool_oldest_first() -> None:
    pending = [batch(3, 1, week=3), batch(1, 2, week=1), batch(2, 1, week=2)]
    release = decide_release(pending, k=5)
    assert not release.released and release.responses == 4
    pending.append(batch(4, 1, week=4))
    release = decide_release(pending, k=5)
    assert release.released
    assert release.poll_ids == (1, 2, 3, 4)
    assert release.responses == 5
    assert still_pending(pending, release) == []


def test_pooling_never_mixes_in_already_shown_counts() -> None:
    shown = Batch(1, "Session 1", DAY0, aggregate(answers(6)), ("kept",), counts_released=True)
    new = batch(2, 2)
    release = decide_release([shown, new], k=5, comment_k=10)
    assert not release.released and release.responses == 2


def test_comments_need_comment_threshold() -> None:
    release = decide_release([batch(1, 6, comments=("b thing", "A thing", "  "))], 5, 6)
    assert release.released
    assert release.comments == ("A thing", "b thing")  # alphabetical, blanks dropped
    assert release.comment_poll_ids == (1,)

    held = decide_release([batch(1, 6, comments=("one", "two"))], k=5, comment_k=10)
    assert held.released  # the counts still show
    assert held.comments == () and held.comment_poll_ids == ()
    assert held.comments_withheld == 2
    assert "comments are shown from 10 responses (6 so far)" in held.reason


def test_withheld_comments_wait_for_a_later_release() -> None:
    pending = [batch(1, 6, comments=("first",))]
    release = decide_release(pending, k=5, comment_k=10)
    assert release.released and release.comments == ()
    pending = still_pending(pending, release)
    assert len(pending) == 1 and pending[0].counts_released
    # nothing new: nothing to show, comments still waiting
    idle = decide_release(pending, k=5, comment_k=10)
    assert not idle.released and idle.comments_withheld == 1
    # a new small poll: its counts wait, and comments only ever come out with counts
    pending.append(batch(2, 4, comments=("second",)))
    release = decide_release(pending, k=5, comment_k=10)
    assert not release.released and release.comments == ()
    pending.append(batch(3, 2))
    release = decide_release(pending, k=5, comment_k=10)
    assert release.released
    assert release.poll_ids == (2, 3) and release.responses == 6
    assert release.comments == ("first", "second")
    assert release.comment_poll_ids == (1, 2, 3)
    assert still_pending(pending, release) == []


def test_items_too_few_answered_are_not_shown() -> None:
    rows = answers(5)
    for row in rows[:3]:
        del row["able_to_say"]
    release = decide_release([Batch(1, "s", DAY0, aggregate(rows))], k=5)
    assert release.released
    assert release.suppressed_items == ("able_to_say",)
    assert release.tally is not None and "able_to_say" not in release.tally.counts
    assert "1 question had fewer than 5 answers and is not shown" in release.reason


def test_duplicate_poll_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        decide_release([batch(1, 3), batch(1, 3)])


@given(st.lists(st.integers(0, 9), max_size=15), st.integers(3, 8), st.integers(0, 6))
def test_released_aggregates_always_reach_k(sizes: list[int], k: int, extra: int) -> None:
    """Run a series of polls: every release reaches k, and every response is shown exactly once."""
    comment_k = k + extra
    pending: list[Batch] = []
    shown = 0
    for poll_id, size in enumerate(sizes):
        pending.append(batch(poll_id, size, comments=("c",) * (size % 2)))
        release = decide_release(pending, k, comment_k)
        if release.released:
            assert release.responses >= k
            assert release.tally is not None and release.tally.responses >= k
            shown += release.responses
            if release.comments:
                crowd = sum(b.responses for b in pending)
                assert crowd >= comment_k
        else:
            assert release.tally is None and release.comments == ()
        pending = still_pending(pending, release)
    waiting = sum(b.responses for b in pending if not b.counts_released)
    assert shown + waiting == sum(sizes)
    assert waiting < k


# --- numbers for people ------------------------------------------------------------------------


def test_display_count_and_percent() -> None:
    assert display_count(1) == "1"  # inside a released aggregate
    assert display_count(3, k=5, released=False) == "fewer than 5"
    assert display_count(7, k=5, released=False) == "5 or more"
    assert display_count(0, released=False) == "0"
    with pytest.raises(ValueError):
        display_count(-1)
    assert percent(1, 4) == 25.0
    assert percent(3, 0) == 0.0
    assert percent_text(5, 7) == "71%"
    assert percent_text(1, 8) == "13%"  # 12.5 rounds half up
    assert percent_text(0, 0) == "-"


# --- summaries, CSV and trends -----------------------------------------------------------------


def test_summarise() -> None:
    rows = [
        {"think_differently": v, "worthwhile": w}
        for v, w in [(5, 4), (4, 4), (4, 2), (2, 3), (3, 5), (4, 1)]
    ]
    (think, say, stayed, worth) = summarise(aggregate(rows), PULSE_ITEMS)
    assert think.n == 6 and think.median == 4.0 and think.agree == 4
    assert think.percent_agree == pytest.approx(66.666, rel=1e-3)
    assert worth.median == 3.5 and worth.mean == pytest.approx(19 / 6)
    assert say.n == 0 and say.median is None and say.percent_agree is None


def test_summarise_recommend() -> None:
    rows = [{"recommend": v} for v in (10, 9, 8, 7, 6, 3, 9)]
    (rec,) = [s for s in summarise(aggregate(rows, SURVEY_ITEMS), SURVEY_ITEMS) if s.n]
    assert rec.key == "recommend" and rec.n == 7 and rec.median == 8.0
    assert rec.agree == 3
    assert rec.nps == pytest.approx(100 * (3 - 2) / 7)


def test_summary_text_plain_words() -> None:
    pending = [batch(1, 3, comments=("Felt heard",)), batch(2, 3, value=5)]
    release = decide_release(pending)
    text = summary_text(release, PULSE_ITEMS)
    assert text.splitlines()[0] == (
        "Feedback from 11 Sep 2025 to 18 Sep 2025 (2 sessions pooled): 6 responses."
    )
    assert (
        "- Worthwhile use of my time: 6 answers, median 4.5 (between agree and strongly agree), 100% agree."
        in text
    )
    assert "> Felt heard" in text
    assert "Felt heard" not in summary_text(release, PULSE_ITEMS, include_comments=False)
    not_yet = decide_release([batch(1, 2)])
    assert summary_text(not_yet, PULSE_ITEMS) == not_yet.reason


def test_summary_text_survey() -> None:
    rows = [{"recommend": v, "supported": 4} for v in (10, 9, 8, 7, 3)]
    release = decide_release([Batch(9, "Survey", date(2026, 7, 2), aggregate(rows, SURVEY_ITEMS))])
    text = summary_text(release, SURVEY_ITEMS)
    assert "- Felt supported: 5 answers, median 4 (agree), 100% agree." in text
    assert "- Would recommend (0-10): 5 answers, median 8 out of 10, 40% very likely" in text
    assert "net promoter score +20" in text
    # items too few (here: nobody) answered are not shown, only counted in a note
    assert "Curiosity" not in text
    assert "12 questions had fewer than 5 answers and are not shown" in text


def test_csv_rows_are_aggregates_only() -> None:
    released = decide_release([batch(1, 5, comments=("private words",))])
    withheld = decide_release([batch(2, 2)])
    rows = csv_rows([released, withheld], PULSE_ITEMS)
    assert rows[0] == list(CSV_HEADER)
    assert len(rows) == 1 + 4 * 5  # 4 items x 5 points, only the released one
    assert rows[1] == [
        "2025-09-11",
        "2025-09-11",
        1,
        5,
        "think_differently",
        PULSE_ITEMS[0].text,
        1,
        "strongly disagree",
        0,
    ]
    assert rows[4][-1] == 5
    assert not any("private words" in str(cell) for row in rows for cell in row)
    assert csv_rows([withheld], PULSE_ITEMS) == [list(CSV_HEADER)]


def test_pulse_trend() -> None:
    r1 = decide_release([batch(1, 5, value=3)])
    skipped = decide_release([batch(2, 2)])
    r2 = decide_release([batch(2, 2, value=5), batch(3, 4, value=2)])
    points = pulse_trend([r2, skipped, r1])
    assert [p.on for p in points] == [DAY0 + timedelta(weeks=1), DAY0 + timedelta(weeks=3)]
    assert points[0].means == dict.fromkeys(KEYS, 3.0)
    assert points[1].means["worthwhile"] == pytest.approx((2 * 5 + 4 * 2) / 6)
    assert points[1].responses == 6
    assert points[1].label == "18 Sep 2025 to 25 Sep 2025"


# -- who may answer, and what an answer may hold ------------------------------------------------


def test_a_poll_takes_answers_from_trainees_while_open_and_before_its_time() -> None:
    closes = datetime(2026, 9, 6, 9, 0, tzinfo=UTC)
    assert takes_answers(is_open=True, closes_at=closes, now=closes - timedelta(seconds=1))
    assert not takes_answers(is_open=True, closes_at=closes, now=closes)
    assert not takes_answers(is_open=False, closes_at=closes, now=closes - timedelta(days=1))
    assert may_answer("trainee") and not may_answer("leader")


def test_answers_on_the_scale_and_comments_for_the_polls_own_questions_only() -> None:
    first = items_for("pulse")[0].key
    check_answers("pulse", {first: 5})
    with pytest.raises(ValueError, match=first):
        check_answers("pulse", {first: 9})
    with pytest.raises(ValueError):
        check_answers("pulse", {"no-such-item": 3})
    comment = "comment"  # the pulse's one free-text question
    assert clean_comments("pulse", {comment: " fine "}) == {comment: "fine"}
    assert clean_comments("pulse", {comment: "   "}) == {}
    with pytest.raises(ValueError, match="unknown free-text"):
        clean_comments("pulse", {"most_valuable": "x"})  # the survey's
    with pytest.raises(ValueError, match="longer than"):
        clean_comments("pulse", {comment: "x" * (COMMENT_MAX_CHARS + 1)})


def test_a_reminders_delay_is_its_own_draw_over_the_window() -> None:
    from datetime import timedelta

    from bot.domain.feedback import reminder_delay

    window = timedelta(minutes=30)
    assert reminder_delay(window, lambda: 0.0) == timedelta(0)
    assert reminder_delay(window, lambda: 0.5) == timedelta(minutes=15)
    assert reminder_delay(window, lambda: 0.999) < window
