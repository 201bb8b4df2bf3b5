"""What a typed draft must look like, when what an author does reaches the leaders, and what a
leader's Approve or Reject does to a draft."""

from datetime import UTC, datetime

from bot.domain.drafts import (
    DraftStatus,
    Review,
    approve,
    draft_problems,
    next_round,
    reject,
    reply_problems,
)

LIMITS = {"theme_max": 20, "body_max": 50}


def test_a_draft_needs_theme_and_body_within_limits_and_one_invented_name() -> None:
    assert (
        draft_problems({"theme": "Stuck", "body": "I dread it.", "first_name": "Sam"}, **LIMITS)
        == []
    )
    assert draft_problems({"theme": "Stuck", "body": None}, **LIMITS) == [
        "• A theme and a paragraph are both needed."
    ]
    long = draft_problems({"theme": "x" * 21, "body": "y" * 51}, **LIMITS)
    assert long == [
        "• The theme can be at most 20 characters.",
        "• The paragraph can be at most 50 characters.",
    ]
    for name in ("Anne-Marie", "O’Neil", "Zoë"):
        assert draft_problems({"theme": "t", "body": "b", "first_name": name}, **LIMITS) == []
    for name in ("Sam Smith", "R2D2", "Sam_"):
        [problem] = draft_problems({"theme": "t", "body": "b", "first_name": name}, **LIMITS)
        assert problem.startswith("• The invented first name")


def test_a_question_reason_or_answer_only_needs_some_text() -> None:
    assert reply_problems({"answer": "Yes."}) == []
    assert reply_problems({"answer": None}) == ["• Please write something."]


def test_the_round_is_the_next_whole_hour_even_on_the_hour() -> None:
    assert next_round(datetime(2026, 9, 17, 10, 59, 59, tzinfo=UTC)) == datetime(
        2026, 9, 17, 11, tzinfo=UTC
    )
    assert next_round(datetime(2026, 9, 17, 11, tzinfo=UTC)) == datetime(
        2026, 9, 17, 12, tzinfo=UTC
    )


# -- a leader's Approve and Reject --------------------------------------------------------------

P, A, R, W = DraftStatus.PENDING, DraftStatus.APPROVED, DraftStatus.REJECTED, DraftStatus.WITHDRAWN


def test_approve_takes_only_the_version_the_leaders_saw() -> None:
    same = dict(seen_status=P, fingerprint="v1", seen_fingerprint="v1", pressed="v1")
    assert approve(status=P, **same) == Review(A, A)
    # the author edited it since the round: the leaders' version is approved, the new one waits
    assert approve(
        status=P, seen_status=P, fingerprint="v2", seen_fingerprint="v1", pressed="v1"
    ) == Review(A, P)
    # withdrawn since the round: stays withdrawn
    assert approve(status=W, **same) == Review(A, W)


def test_approve_refuses_what_was_not_waiting_or_another_version() -> None:
    assert (
        approve(status=P, seen_status=A, fingerprint="v1", seen_fingerprint="v1", pressed="v1")
        is None
    )
    assert (
        approve(status=P, seen_status=None, fingerprint="v1", seen_fingerprint="v1", pressed="v1")
        is None
    )
    assert (
        approve(status=R, seen_status=P, fingerprint="v1", seen_fingerprint="v1", pressed="v1")
        is None
    )
    assert (
        approve(status=P, seen_status=P, fingerprint="v1", seen_fingerprint="v1", pressed="v0")
        is None
    )


def test_reject_takes_the_newer_version_too_but_a_withdrawal_stays_withdrawn() -> None:
    assert reject(status=P, seen_status=P) == Review(R, R)
    assert reject(status=A, seen_status=P) == Review(
        R, R
    )  # approved since? still the leaders' call
    assert reject(status=W, seen_status=A) == Review(R, W)
    assert reject(status=R, seen_status=P) is None  # rejected already
    assert reject(status=P, seen_status=None) is None  # never seen by the leaders
    assert reject(status=P, seen_status=R) is None
