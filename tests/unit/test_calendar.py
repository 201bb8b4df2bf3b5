from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.calendar import (
    InputError,
    Schedule,
    parse_date,
    parse_time,
    parse_weekday,
    plan_sessions,
    resolve_timezone,
    suggest_timezones,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9am", time(9)),
        ("09:00", time(9)),
        ("9.30", time(9, 30)),
        ("0930", time(9, 30)),
        ("2:15pm", time(14, 15)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("17h45", time(17, 45)),
    ],
)
def test_times_people_type_are_understood(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "13pm", "9:75", "nine", "", "0am"])
def test_impossible_times_are_refused_with_an_example(text: str) -> None:
    with pytest.raises(InputError, match="09:00|1-12|00-23"):
        parse_time(text)


@given(st.integers(0, 23), st.integers(0, 59))
def test_any_hh_mm_round_trips(h: int, m: int) -> None:
    assert parse_time(f"{h:02d}:{m:02d}") == time(h, m)


def test_dates_in_iso_uk_and_words() -> None:
    assert parse_date("2026-09-03") == date(2026, 9, 3)
    assert parse_date("03/09/2026") == date(2026, 9, 3)
    assert parse_date("3rd September 2026") == date(2026, 9, 3)
    with pytest.raises(InputError, match="not a real date"):
        parse_date("31/02/2026")
    with pytest.raises(InputError, match="2026-09-03"):
        parse_date("next thursday")


def test_weekdays() -> None:
    assert parse_weekday("thu") == 3
    with pytest.raises(InputError):
        parse_weekday("funday")


def test_time_zones_case_insensitive_and_misspellings_get_suggestions() -> None:
    assert resolve_timezone("europe/london") == "Europe/London"
    with pytest.raises(InputError) as err:
        resolve_timezone("Europe/Londn")
    assert "Europe/London" in str(err.value)
    assert "Europe/London" in suggest_timezones("londn")


def test_nine_oclock_stays_nine_local_across_bst_and_gmt() -> None:
    schedule = Schedule(3, time(9), 75, "Europe/London", date(2026, 9, 3), date(2027, 7, 29))
    sessions = plan_sessions(schedule)
    assert sessions[0].local_date == date(2026, 9, 3)
    assert all(s.local_date.weekday() == 3 for s in sessions)
    by_date = {s.local_date: s for s in sessions}
    # BST (UTC+1) before 25 Oct 2026, GMT after, BST again from 28 Mar 2027.
    assert by_date[date(2026, 10, 22)].starts_at == datetime(2026, 10, 22, 8, tzinfo=UTC)
    assert by_date[date(2026, 10, 29)].starts_at == datetime(2026, 10, 29, 9, tzinfo=UTC)
    assert by_date[date(2027, 4, 1)].starts_at == datetime(2027, 4, 1, 8, tzinfo=UTC)
    assert by_date[date(2026, 10, 29)].ends_at == datetime(2026, 10, 29, 10, 15, tzinfo=UTC)
    assert len(sessions) == 48


def test_listed_says_a_list_as_a_sentence() -> None:
    from bot.domain.wording import listed

    assert listed(["a"]) == "a"
    assert listed(["a", "b"]) == "a and b"
    assert listed(["a", "b", "c"]) == "a, b and c"


def test_absurd_and_overlong_input_is_refused_briefly() -> None:
    from datetime import date

    from bot.domain.calendar import (
        InputError,
        check_group_dates,
        check_new_end_date,
        parse_date,
        parse_time,
        resolve_timezone,
    )
    from bot.domain.sessions import parse_date_time

    today = date(2026, 9, 1)
    for bad in ("0001-01-01", "9999-12-31", "1 January 1066"):
        with pytest.raises(InputError, match="too far away"):
            parse_date(bad)
    for parse in (parse_date, parse_time, resolve_timezone):
        with pytest.raises(InputError, match="too long") as refused:
            parse("9" * 2500)
        assert len(str(refused.value)) < 120
    with pytest.raises(InputError, match="too long"):
        parse_date_time("2026-09-03 " + "9" * 2500, parse_time("09:00"))
    with pytest.raises(InputError, match=r"start date \(Sat 1 Jan 2000\) is more than a year ago"):
        check_group_dates(date(2000, 1, 1), date(2027, 7, 29), today)
    with pytest.raises(InputError, match="more than two years"):
        check_group_dates(date(2026, 9, 1), date(2199, 7, 29), today)
    with pytest.raises(InputError, match=r"end date \(Mon 31 Aug\) has passed.*/group close"):
        check_new_end_date(date(2025, 9, 1), date(2026, 8, 31), today)
    check_group_dates(date(2026, 9, 3), date(2027, 7, 29), today)  # a training year is fine
