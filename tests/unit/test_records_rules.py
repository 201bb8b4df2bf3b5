"""The year's record as rules: verification codes, what an endorsement's fingerprint covers, how
long a closed group's ledger is kept, and when a group may close."""

from datetime import UTC, date, datetime

from bot.domain.records import (
    CODE_ALPHABET,
    LedgerLine,
    add_months,
    assessment_marks,
    current_mark,
    due_for_assessment,
    fingerprint,
    keep_until,
    may_close,
    new_code,
    normalise_code,
    not_a_code,
    period_of,
    remind_now,
)

T = datetime(2026, 9, 3, 8, tzinfo=UTC)


def test_codes_are_three_groups_of_unambiguous_characters_and_typing_slips_are_forgiven() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4]
        assert all(c in CODE_ALPHABET for c in "".join(groups))
        assert normalise_code(code.lower().replace("-", " ")) == code
    assert normalise_code("K7Q2 M9XD 4TRA") == "K7Q2-M9XD-4TRA"
    assert normalise_code("K7Q2-M9XD-4TR") is None  # one short
    assert normalise_code("K7Q2-M9XD-4TR0") is None  # 0 is never used (O or zero?)


def test_a_refused_code_says_which_characters_a_code_never_uses() -> None:
    said = not_a_code("ABCD-EFGH-JKLM")
    assert said.startswith("'ABCD-EFGH-JKLM' is not a verification code: it has L,"), said
    assert "never uses 0, 1, I, L or O" in said and "like K7Q2-M9XD-4TRA" in said
    assert "it has 0, I and O" in not_a_code("OIO0-2222-3333")
    short = not_a_code("hello")
    assert "it has L and O" in short and "12 letters and digits" in short
    assert "it has" not in not_a_code("K7Q2-M9XD-4TR")  # one short, nothing unused


def line(day: str, status: str | None, presented: bool = False) -> LedgerLine:
    return LedgerLine(day, T, status, None, presented)


def test_the_fingerprint_covers_each_dated_line_and_nothing_else() -> None:
    a = [line("2026-09-03", "attended"), line("2026-09-10", "late", presented=True)]
    assert fingerprint(a) == fingerprint(list(reversed(a)))  # order of reading does not matter
    assert fingerprint(a) != fingerprint([a[0], line("2026-09-10", "attended", True)])
    assert fingerprint(a) != fingerprint([a[0], line("2026-09-10", "late")])  # presentation
    assert fingerprint(a) != fingerprint(a[:1])  # a session fewer
    moved = [
        a[0],
        LedgerLine("2026-09-10", datetime(2026, 9, 10, 13, tzinfo=UTC), "late", None, True),
    ]
    assert fingerprint(a) == fingerprint(moved)  # the dated line, not the hour it met


def test_the_ledger_is_kept_whole_years_after_close() -> None:
    closed = datetime(2027, 7, 30, 10, tzinfo=UTC)
    assert keep_until(closed, 2) == datetime(2029, 7, 30, 10, tzinfo=UTC)
    assert keep_until(datetime(2028, 2, 29, tzinfo=UTC), 1) == datetime(2029, 2, 28, tzinfo=UTC)


def test_a_group_closes_at_its_end_date_and_before_it_only_when_confirmed() -> None:
    end = date(2027, 7, 31)
    assert may_close(date(2027, 7, 31), end, confirmed=False)
    assert may_close(date(2027, 8, 5), end, confirmed=False)
    assert not may_close(date(2027, 7, 30), end, confirmed=False)
    assert may_close(date(2027, 7, 30), end, confirmed=True)


def test_assessment_marks_every_six_months_and_four_weeks_before_the_end() -> None:
    start, end = date(2026, 9, 1), date(2027, 7, 31)
    assert assessment_marks(start, end, 6) == [date(2027, 3, 1), date(2027, 7, 3)]
    assert assessment_marks(start, end, 0) == []  # off
    # two years: 6, 12, 18 months, then the final one
    assert assessment_marks(date(2026, 9, 1), date(2028, 7, 31), 6) == [
        date(2027, 3, 1), date(2027, 9, 1), date(2028, 3, 1), date(2028, 7, 3),
    ]  # fmt: skip
    # a mark within eight weeks of the end makes the final one needless
    assert assessment_marks(date(2026, 9, 1), date(2027, 4, 1), 6) == [date(2027, 3, 1)]
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_an_assessment_counts_for_the_mark_whose_window_holds_it_and_reminders_come_every_fourth() -> (
    None
):
    marks = [date(2027, 3, 1), date(2027, 7, 3)]
    assert period_of(marks, date(2027, 1, 31)) is None
    assert period_of(marks, date(2027, 2, 1)) == 0  # four weeks early counts
    assert period_of(marks, date(2027, 6, 4)) == 0
    assert period_of(marks, date(2027, 6, 5)) == 1
    assert current_mark(marks, date(2027, 2, 25)) is None
    assert current_mark(marks, date(2027, 3, 4)) == 0
    assert current_mark(marks, date(2027, 7, 8)) == 1
    assert [n for n in range(10) if remind_now(n)] == [0, 4, 8]
    done = {1: [date(2027, 3, 4)], 2: [date(2026, 12, 1)], 3: [date(2027, 6, 10)]}
    assert due_for_assessment([1, 2, 3, 4], done, marks, 0) == [2, 3, 4]
    assert due_for_assessment([1, 2, 3, 4], done, marks, 1) == [1, 2, 4]
