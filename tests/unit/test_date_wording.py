"""How dates and times are written: one way, no zero-padded days, the year where it is needed."""

from datetime import date, datetime, time

from bot.domain import wording

TODAY = date(2026, 9, 1)


def test_a_day_in_a_sentence_carries_its_year_only_when_it_is_not_this_years() -> None:
    assert wording.day(date(2026, 9, 3), TODAY) == "Thu 3 Sep"
    assert wording.day(date(2027, 1, 7), TODAY) == "Thu 7 Jan 2027"
    assert wording.day(datetime(2026, 9, 3, 9, 0), TODAY) == "Thu 3 Sep"


def test_a_document_that_outlives_the_year_always_dates_in_full() -> None:
    assert wording.dated(date(2026, 9, 3)) == "Thu 3 Sep 2026"
    assert wording.dated(datetime(2027, 7, 1, 23, 30)) == "Thu 1 Jul 2027"


def test_chart_ticks_are_short_and_never_zero_padded() -> None:
    assert wording.short(date(2026, 9, 3)) == "3 Sep"
    assert wording.short(date(2026, 12, 31)) == "31 Dec"


def test_a_period_gives_both_years_and_one_day_once() -> None:
    assert wording.span(date(2026, 9, 1), date(2027, 7, 31)) == "1 Sep 2026 to 31 Jul 2027"
    assert wording.span(date(2026, 9, 3), date(2026, 9, 3)) == "3 Sep 2026"


def test_times_are_24_hour_and_join_a_day_with_a_comma() -> None:
    assert wording.time_of_day(time(9, 0)) == "09:00"
    assert wording.time_of_day(datetime(2026, 9, 3, 19, 5)) == "19:05"
    assert wording.day_time(datetime(2026, 9, 3, 9, 0), TODAY) == "Thu 3 Sep, 09:00"
    assert wording.day_time(datetime(2027, 1, 7, 9, 0), TODAY) == "Thu 7 Jan 2027, 09:00"


def test_a_count_agrees_with_its_noun_and_a_zero_is_a_word() -> None:
    assert wording.plural(1, "session") == "1 session"
    assert wording.plural(2, "session") == "2 sessions"
    assert wording.plural(0, "session") == "no sessions"
    assert wording.plural(1, "entry", "entries") == "1 entry"
    assert wording.plural(3, "entry", "entries") == "3 entries"
    assert wording.plural(0, "person", "people") == "no people"
    assert wording.plural(1200, "response") == "1,200 responses"
    assert wording.capital(wording.plural(0, "session")) == "No sessions"
    assert [wording.verb(n, "is", "are") for n in (0, 1, 2)] == ["are", "is", "are"]
