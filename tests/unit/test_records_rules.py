"""The year's record as rules: verification codes, what an endorsement's fingerprint covers, how
long a closed group's ledger is kept, and when a group may close."""

from datetime import UTC, date, datetime

from bot.domain.records import (
    CODE_ALPHABET,
    LedgerLine,
    fingerprint,
    keep_until,
    may_close,
    new_code,
    normalise_code,
)

T = datetime(2026, 9, 3, 8, tzinfo=UTC)


def test_codes_are_three_groups_of_unambiguous_characters_and_typing_slips_are_forgiven():
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


def line(day: str, status: str | None, presented: bool = False) -> LedgerLine:
    return LedgerLine(day, T, status, None, presented)


def test_the_fingerprint_covers_each_dated_line_and_nothing_else():
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


def test_the_ledger_is_kept_whole_years_after_close():
    closed = datetime(2027, 7, 30, 10, tzinfo=UTC)
    assert keep_until(closed, 2) == datetime(2029, 7, 30, 10, tzinfo=UTC)
    assert keep_until(datetime(2028, 2, 29, tzinfo=UTC), 1) == datetime(2029, 2, 28, tzinfo=UTC)


def test_a_group_closes_at_its_end_date_and_before_it_only_when_confirmed():
    end = date(2027, 7, 31)
    assert may_close(date(2027, 7, 31), end, confirmed=False)
    assert may_close(date(2027, 8, 5), end, confirmed=False)
    assert not may_close(date(2027, 7, 30), end, confirmed=False)
    assert may_close(date(2027, 7, 30), end, confirmed=True)
