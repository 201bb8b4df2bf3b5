"""What a typed draft must look like, and when what an author does reaches the leaders."""

from datetime import UTC, datetime

from bot.domain.drafts import draft_problems, next_round, reply_problems

LIMITS = {"theme_max": 20, "body_max": 50}


def test_a_draft_needs_theme_and_body_within_limits_and_one_invented_name():
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


def test_a_question_reason_or_answer_only_needs_some_text():
    assert reply_problems({"answer": "Yes."}) == []
    assert reply_problems({"answer": None}) == ["• Please write something."]


def test_the_round_is_the_next_whole_hour_even_on_the_hour():
    assert next_round(datetime(2026, 9, 17, 10, 59, 59, tzinfo=UTC)) == datetime(
        2026, 9, 17, 11, tzinfo=UTC
    )
    assert next_round(datetime(2026, 9, 17, 11, tzinfo=UTC)) == datetime(
        2026, 9, 17, 12, tzinfo=UTC
    )
