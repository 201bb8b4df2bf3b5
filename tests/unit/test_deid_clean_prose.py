"""Ordinary clinical and training prose that the broad number rules must not refuse: a
trainee cannot submit a blocked text, so each of these would stop a case or a comment outright.
Beside each, an identifier of the same shape that must still be refused.

All examples are invented for these tests.
"""

from __future__ import annotations

import pytest

from bot.domain.deidentify import blocking, scan


def blocked(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.span_text(text)) for f in blocking(scan(text))]


@pytest.mark.parametrize(
    "text",
    [
        "I was an ST4 in 2021-22, then ST5 2022-23, then ST6.",
        "During FY2 2018-2019 I did psychiatry for four months.",
        "She was in year 3 2019-2020 at school when it started.",
        "Group 2 2023-2024 met on Tuesdays.",
        "Term 1 2024-25 starts in September.",
        "Block 2 2022-23 of our Balint year was online.",
    ],
)
def test_a_grade_year_or_group_number_before_a_range_of_years_is_not_refused(text: str) -> None:
    assert blocked(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Digit span forwards was 5 8 2 9 4 7 1 and she got it right.",
        "I asked her to repeat 7 4 1 8 5 2 9 and she managed six.",
        "Digits backwards: 3 9 1 6 2 8 4, she lost track at the fourth.",
    ],
)
def test_the_digits_of_a_digit_span_test_are_not_refused(text: str) -> None:
    assert blocked(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "His record number is 3 2019 2020 on the system.",
        "She read out 5 8 2 9 4 7 1 as her account number.",
    ],
)
def test_the_same_shapes_as_an_identifier_are_still_refused(text: str) -> None:
    assert [k for k, _ in blocked(text)] != []


@pytest.mark.parametrize(
    "text",
    [
        "Audit reference 2024/031 was presented at the governance day.",
        "The audit number was 2023-045 on the trust's list.",
        "The project ref was QI-2024-017 in the trust register.",
        "Our service evaluation, project 2022/118, looked at 136 waits.",
        "The SNOMED code 35489007 was on the discharge letter, not the words.",
        "She is coded as SNOMED CT 192080009 on the GP system.",
    ],
)
def test_an_audit_or_project_number_and_a_snomed_code_are_not_refused(text: str) -> None:
    assert blocked(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The Datix reference 2024/0315 names the incident.",
        "Her RiO number is 2023-045 and the audit ignored it.",
        "The code on his wristband was 35489007.",
    ],
)
def test_an_incident_or_record_number_beside_an_audit_still_blocks(text: str) -> None:
    assert blocked(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "Case ref 2024/0315 from the safeguarding team.",
        "Case ref 2024-0315 from the safeguarding team.",
        "Crime number 2023-0412 was given to her.",
    ],
)
def test_a_reference_shaped_like_two_times_is_refused(text: str) -> None:
    assert [k for k, _ in blocked(text)] == ["long_number"]


def test_a_shift_written_as_two_times_is_not_refused() -> None:
    assert blocked("I worked 0800-2000 for 7 nights, then 2000-0800 on the weekend.") == []


@pytest.mark.parametrize(
    "text",
    [
        "In week 2 of March last year she was admitted.",
        "By week 3 of May this year she was eating again.",
        "Weeks 2 and 3 of June last year were the worst.",
        "Term 2 of September this year starts with induction.",
    ],
)
def test_a_week_or_term_of_a_month_with_a_relative_year_is_not_refused(text: str) -> None:
    assert blocked(text) == []


@pytest.mark.parametrize(
    "text", ["Her 21st May last year was a disaster.", "It was the 3 of March last year."]
)
def test_a_day_of_a_month_with_a_relative_year_still_blocks(text: str) -> None:
    assert [k for k, _ in blocked(text)] == ["full_date"]


def test_scores_said_in_words_one_by_one_are_not_refused() -> None:
    text = "Her PHQ went twenty-one, twenty-four, twenty-seven, nineteen over the year."
    assert blocked(text) == []


def test_a_number_said_in_pairs_after_its_label_still_blocks() -> None:
    assert blocked("his record number is forty-four, seventy-one, ninety-nine, thirty-two")


@pytest.mark.parametrize(
    "text",
    ["PMID: 31234567 is the review I mentioned.", "The book is ISBN 978-0-443-06440-2, 2nd ed."],
)
def test_the_number_of_a_paper_or_a_book_cited_is_not_refused(text: str) -> None:
    assert blocked(text) == []


@pytest.mark.parametrize(
    "text", ["Her ID is 'A-447192'.", "Her ID is (A-447192).", "The band reads \u201cK09812\u201d."]
)
def test_a_code_in_quotes_or_brackets_after_its_label_is_refused(text: str) -> None:
    assert [k for k, _ in blocked(text)] == ["long_number"]


@pytest.mark.parametrize(
    "text",
    [
        "CRP 5 48 120 245 180 90 40 as the antibiotics kicked in.",
        "Her Na went 128 126 124 131 over four days.",
        "CK 450 1200 3400 800 over the admission.",
        "Temps 37 38 39 38 37 overnight.",
        "Her HbA1c 48 52 61 58 over the years.",
        "Her sodium trend: 130 128 125 129 133.",
    ],
)
def test_a_blood_test_or_observation_over_days_is_not_refused(text: str) -> None:
    assert blocked(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Her PHQ-9 items were 3 3 2 3 1 2 3 2 1, total 20.",
        "HoNOS 2 3 1 0 2 4 1 3 2 0 1 2 at admission.",
        "On the EPDS she ticked 3 2 3 3 2 1 2 3 3 1.",
        "He rated his mood 2 3 2 1 2 3 2 out of 10 each day.",
        "Mood diary: 4 5 3 2 6 5 4 this week.",
    ],
)
def test_the_items_of_a_rating_scale_are_not_refused(text: str) -> None:
    assert blocked(text) == []


def test_digits_spaced_out_with_no_scale_near_still_block() -> None:
    assert blocked("she said it slowly: 0 0 7 4 1 9 2, and laughed")
