"""The calendar file: one event per session, stable UIDs, cancelled sessions marked, local times."""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Component

from bot.reports.ics import CalendarSession, build_calendar, session_uid

NOW = datetime(2026, 9, 1, 9, tzinfo=UTC)


def sessions() -> list[CalendarSession]:
    # 22 Oct 2026 is BST (08:00 UTC), 29 Oct is GMT (09:00 UTC): both 09:00 in London
    return [
        CalendarSession(
            1,
            "2026-10-22",
            datetime(2026, 10, 22, 8, tzinfo=UTC),
            datetime(2026, 10, 22, 9, 15, tzinfo=UTC),
            "scheduled",
        ),
        CalendarSession(
            2,
            "2026-10-29",
            datetime(2026, 10, 29, 9, tzinfo=UTC),
            datetime(2026, 10, 29, 10, 15, tzinfo=UTC),
            "skipped",
            "half term",
        ),
        CalendarSession(
            3,
            "2026-11-05",
            datetime(2026, 11, 6, 14, tzinfo=UTC),
            datetime(2026, 11, 6, 15, 15, tzinfo=UTC),
            "scheduled",
            moved=True,
        ),
        CalendarSession(
            4,
            "2026-11-12",
            datetime(2026, 11, 12, 9, tzinfo=UTC),
            datetime(2026, 11, 12, 10, 15, tzinfo=UTC),
            "cancelled",
        ),
    ]


def parse(data: bytes) -> list[Component]:
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def test_one_event_per_session_with_local_times_across_the_clock_change() -> None:
    events = parse(
        build_calendar(
            group_id=7,
            group_name="Thursday Balint group",
            timezone="Europe/London",
            sessions=sessions(),
            sequences={},
            now=NOW,
        )
    )
    assert len(events) == 4
    starts = [e.decoded("dtstart") for e in events]
    assert [s.strftime("%H:%M") for s in starts[:2]] == ["09:00", "09:00"]
    assert str(starts[0].tzinfo) == "Europe/London"
    assert starts[0].astimezone(UTC).hour == 8 and starts[1].astimezone(UTC).hour == 9


def test_cancelled_and_skipped_sessions_are_marked_and_moved_ones_say_so() -> None:
    events = parse(
        build_calendar(
            group_id=7,
            group_name="G",
            timezone="Europe/London",
            sessions=sessions(),
            sequences={},
            now=NOW,
        )
    )
    status = {str(e["uid"]): str(e["status"]) for e in events}
    assert status[session_uid(7, 1)] == "CONFIRMED"
    assert status[session_uid(7, 2)] == "CANCELLED"
    assert status[session_uid(7, 4)] == "CANCELLED"
    summaries = [str(e["summary"]) for e in events]
    assert summaries[1] == "G (no session: half term)" and summaries[2] == "G (moved)"


def test_uids_are_stable_and_sequence_grows_with_changes() -> None:
    first = parse(
        build_calendar(
            group_id=7,
            group_name="G",
            timezone="Europe/London",
            sessions=sessions(),
            sequences={},
            now=NOW,
        )
    )
    moved = sessions()
    moved[0] = CalendarSession(
        1,
        "2026-10-22",
        moved[0].starts_at + timedelta(hours=5),
        moved[0].ends_at + timedelta(hours=5),
        "scheduled",
        moved=True,
    )
    later = parse(
        build_calendar(
            group_id=7,
            group_name="G",
            timezone="Europe/London",
            sessions=moved,
            sequences={1: 1},
            now=NOW + timedelta(days=1),
        )
    )
    assert [str(e["uid"]) for e in first] == [str(e["uid"]) for e in later]
    assert first[0].decoded("sequence") == 0 and later[0].decoded("sequence") == 1
    assert later[0].decoded("dtstart").hour == 14


def test_the_file_has_a_timezone_definition_for_importers() -> None:
    data = build_calendar(
        group_id=1,
        group_name="G",
        timezone="Europe/London",
        sessions=sessions(),
        sequences={},
        now=NOW,
    )
    cal = Calendar.from_ical(data)
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert b"METHOD:PUBLISH" in data and b"PRODID:" in data
