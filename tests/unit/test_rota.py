"""The presentation rota: explicit ordering rules, then a simulated year with hypothesis."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.rota import (
    Allocation,
    MemberHistory,
    Offer,
    RotaEvent,
    RotaOutcome,
    Volunteer,
    allocate,
    build_histories,
    no_room_for,
    nudge_candidates,
    offered_at,
    priority_key,
    settle,
)

T0 = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)
YEAR_START = date(2025, 8, 6)


def vol(
    user_id: int,
    *,
    minutes: int = 0,
    presentations: int = 0,
    last: date | None = None,
    reserve_since: date | None = None,
) -> Volunteer:
    history = MemberHistory(user_id, presentations, last, reserve_since)
    return Volunteer(user_id, T0 + timedelta(minutes=minutes), history)


# --- ordering rules, one at a time -------------------------------------------------------------


def test_fewest_presentations_this_year_goes_first() -> None:
    result = allocate([vol(1, presentations=2), vol(2, presentations=1, minutes=5)], slots=1)
    assert result == Allocation(presenters=(2,), reserves=(1,))


def test_then_least_recently_presented() -> None:
    recent = vol(1, presentations=1, last=date(2025, 11, 6))
    longer_ago = vol(2, presentations=1, last=date(2025, 10, 2), minutes=30)
    assert allocate([recent, longer_ago], slots=1).presenters == (2,)


def test_never_presented_counts_as_longest_ago() -> None:
    presented_last_year = vol(1, presentations=0, last=date(2024, 12, 5))
    never = vol(2, presentations=0, last=None, minutes=30)
    assert allocate([presented_last_year, never], slots=1).presenters == (2,)


def test_then_carried_reserve_before_newcomer() -> None:
    newcomer = vol(1)
    reserve = vol(2, reserve_since=date(2025, 9, 25), minutes=30)
    assert allocate([newcomer, reserve], slots=1) == Allocation((2,), (1,))


def test_longest_waiting_reserve_first() -> None:
    later = vol(1, reserve_since=date(2025, 10, 2))
    earlier = vol(2, reserve_since=date(2025, 9, 25), minutes=30)
    assert allocate([later, earlier], slots=1).presenters == (2,)


def test_reserve_place_does_not_beat_fewer_presentations() -> None:
    reserve = vol(1, presentations=1, last=date(2025, 9, 4), reserve_since=date(2025, 9, 25))
    fewer = vol(2, presentations=0, minutes=30)
    assert allocate([reserve, fewer], slots=1).presenters == (2,)


def test_then_who_volunteered_first() -> None:
    assert allocate([vol(1, minutes=10), vol(2, minutes=3)], slots=1) == Allocation((2,), (1,))


def test_then_lower_user_id() -> None:
    assert allocate([vol(9), vol(4)], slots=1) == Allocation((4,), (9,))


def test_naive_timestamps_are_taken_as_utc() -> None:
    naive = Volunteer(1, datetime(2025, 9, 1, 9, 5), MemberHistory(1))
    aware = vol(2, minutes=1)  # 09:01 UTC
    assert allocate([naive, aware], slots=1).presenters == (2,)


def test_two_slots_and_ordered_reserves() -> None:
    volunteers = [vol(1, presentations=3), vol(2), vol(3, presentations=1), vol(4, minutes=1)]
    assert allocate(volunteers, slots=2) == Allocation(presenters=(2, 4), reserves=(3, 1))


def test_fewer_volunteers_than_slots() -> None:
    assert allocate([vol(5)], slots=2) == Allocation((5,), ())
    assert allocate([], slots=1) == Allocation((), ())


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one case slot"):
        allocate([vol(1)], slots=0)
    with pytest.raises(ValueError, match="twice"):
        allocate([vol(1), vol(1, minutes=4)], slots=1)
    with pytest.raises(ValueError, match="history of user"):
        Volunteer(1, T0, MemberHistory(2))
    with pytest.raises(ValueError, match="negative"):
        MemberHistory(1, presentations=-1)


def test_priority_key_reads_field_by_field() -> None:
    key = priority_key(vol(7, presentations=1, last=date(2025, 9, 4), minutes=2))
    assert key == (1, date(2025, 9, 4), 1, date.max, T0 + timedelta(minutes=2), 7)


# --- settling after a change: the lock time and pinned presenters ------------------------------


def offer(volunteer: Volunteer, presenting: bool = False, pinned: bool = False) -> Offer:
    return Offer(volunteer, presenting, pinned)


def test_before_the_lock_a_member_who_presented_less_takes_the_slot() -> None:
    early, late = vol(1, presentations=2), vol(2, minutes=5)
    offers = [offer(early, presenting=True), offer(late)]
    assert settle(offers, 1, locked=False) == Allocation((2,), (1,))


def test_after_the_lock_announced_presenters_stay_and_a_freed_slot_goes_to_the_first_reserve() -> (
    None
):
    early, late = vol(1, presentations=2), vol(2, minutes=5)
    assert settle([offer(early, presenting=True), offer(late)], 1, locked=True) == Allocation(
        (1,), (2,)
    )
    waiting = [offer(vol(3, presentations=1)), offer(vol(4, presentations=3)), offer(late)]
    assert settle(waiting, 1, locked=True) == Allocation((2,), (3, 4))


def test_a_pinned_presenter_stays_even_before_the_lock_and_the_rule_fills_the_rest() -> None:
    pinned = offer(vol(1, presentations=5), presenting=True, pinned=True)
    others = [offer(vol(2, presentations=1)), offer(vol(3)), offer(vol(4, presentations=2))]
    assert settle([pinned, *others], 2, locked=False) == Allocation((1, 3), (2, 4))
    # more pinned than slots (a leader's choice): everybody else waits, in the rule's order
    two_pinned = [pinned, offer(vol(5, presentations=4), presenting=True, pinned=True)]
    assert settle([*two_pinned, *others], 1, locked=False) == Allocation((1, 5), (3, 2, 4))


def test_settling_needs_a_slot_and_an_empty_session_settles_empty() -> None:
    assert settle([], 1, locked=False) == Allocation((), ())
    with pytest.raises(ValueError):
        settle([], 0, locked=True)


def test_settling_says_who_else_moved_but_not_the_member_who_made_the_change() -> None:
    early, late, newcomer = vol(1, presentations=2), vol(2, minutes=5), vol(3, minutes=9)
    # 3 volunteers and, having presented least and come first among the rest, takes 1's slot
    offers = [offer(early, presenting=True), offer(late), offer(newcomer)]
    before = {1: True, 2: False}
    settled = settle(offers, 1, locked=False, before=before, actor=3)
    assert settled == Allocation((2,), (3, 1), promoted=(2,), demoted=(1,))
    # a withdrawal after the lock frees a slot: the first reserve is promoted, the actor not named
    after = settle([offer(late), offer(newcomer)], 1, locked=True, before=before, actor=1)
    assert after == Allocation((2,), (3,), promoted=(2,), demoted=())
    # without the rota before, no diff
    assert settle(offers, 1, locked=False).promoted == ()


def test_an_offer_counts_strictly_after_every_earlier_one() -> None:
    assert offered_at(T0, []) == T0
    assert offered_at(T0, [T0 - timedelta(seconds=1)]) == T0
    assert offered_at(T0, [T0, T0 - timedelta(hours=1)]) == T0 + timedelta(microseconds=1)
    later = T0 + timedelta(seconds=3)
    assert offered_at(T0, [later]) == later + timedelta(microseconds=1)


def test_a_leader_cannot_name_a_presenter_into_a_full_session() -> None:
    assert no_room_for([1, 2], 2, 3)
    assert not no_room_for([1], 2, 3)
    assert not no_room_for([1, 2], 2, 2)  # already presenting: keeps their slot
    assert not no_room_for([1, 2, 4], 2, 2)  # pinning a presenter adds nobody, even over-full


# --- nudges ------------------------------------------------------------------------------------


def test_nudge_picks_whose_turn_it_most_is() -> None:
    members = [
        MemberHistory(1, 2, date(2025, 10, 2)),
        MemberHistory(2, 0, None),
        MemberHistory(3, 1, date(2025, 9, 11)),
        MemberHistory(4, 1, date(2025, 9, 4)),
        MemberHistory(5, 0, None),
        MemberHistory(6, 0, None, carried_reserve_since=date(2025, 10, 9)),
    ]
    assert nudge_candidates(members, count=3, exclude=set()) == [6, 2, 5]
    assert nudge_candidates(members, count=3, exclude={2, 6}) == [5, 4, 3]
    assert nudge_candidates(members, count=0, exclude=set()) == []
    assert nudge_candidates(members, count=10, exclude={1, 2, 3, 4, 5, 6}) == []
    assert nudge_candidates(list(reversed(members)), count=6, exclude=set()) == [6, 2, 5, 4, 3, 1]
    with pytest.raises(ValueError):
        nudge_candidates(members, count=-1, exclude=set())


# --- histories from dated outcomes -------------------------------------------------------------


def test_build_histories() -> None:
    events = [
        RotaEvent(1, date(2025, 6, 5), RotaOutcome.PRESENTED),  # last year: recency only
        RotaEvent(1, date(2025, 9, 4), RotaOutcome.RESERVE),
        RotaEvent(2, date(2025, 9, 4), RotaOutcome.PRESENTED),
        RotaEvent(2, date(2025, 9, 11), RotaOutcome.EXCUSED),
        RotaEvent(3, date(2025, 9, 4), RotaOutcome.RESERVE),
        RotaEvent(3, date(2025, 9, 11), RotaOutcome.PRESENTED),
        RotaEvent(4, date(2025, 6, 12), RotaOutcome.RESERVE),  # last year's reserve lapses
    ]
    got = build_histories(events, members=[1, 2, 3, 4, 5], year_start=YEAR_START)
    assert got == {
        1: MemberHistory(1, 0, date(2025, 6, 5), date(2025, 9, 4)),
        2: MemberHistory(2, 1, date(2025, 9, 4), None),
        3: MemberHistory(3, 1, date(2025, 9, 11), None),
        4: MemberHistory(4, 0, None, None),
        5: MemberHistory(5, 0, None, None),
    }


@given(
    st.lists(
        st.tuples(st.integers(1, 6), st.integers(-60, 300), st.sampled_from(list(RotaOutcome))),
        max_size=40,
    ),
    st.lists(st.tuples(st.integers(1, 6), st.integers(-60, 300)), max_size=10),
)
def test_excused_absences_never_change_a_history(
    raw: list[tuple[int, int, RotaOutcome]], excused: list[tuple[int, int]]
) -> None:
    def events(pairs: list[tuple[int, int, RotaOutcome]]) -> list[RotaEvent]:
        return [RotaEvent(u, YEAR_START + timedelta(days=d), o) for u, d, o in pairs]

    base = events(raw)
    extra = events([(u, d, RotaOutcome.EXCUSED) for u, d in excused])
    members = range(1, 7)
    assert build_histories(base + extra, members=members, year_start=YEAR_START) == (
        build_histories(
            [e for e in base if e.outcome is not RotaOutcome.EXCUSED],
            members=members,
            year_start=YEAR_START,
        )
    )


# --- properties --------------------------------------------------------------------------------

histories = st.builds(
    MemberHistory,
    user_id=st.integers(1, 10**18),
    presentations=st.integers(0, 3),
    last_presented=st.none() | st.dates(date(2024, 9, 1), date(2026, 7, 31)),
    carried_reserve_since=st.none() | st.dates(date(2025, 9, 1), date(2026, 7, 31)),
)


@st.composite
def volunteer_lists(draw: st.DrawFn) -> list[Volunteer]:
    hs = draw(st.lists(histories, max_size=12, unique_by=lambda h: h.user_id))
    # few distinct minutes, so timestamp ties (and so user id tie-breaks) are common
    return [Volunteer(h.user_id, T0 + timedelta(minutes=draw(st.integers(0, 3))), h) for h in hs]


@given(volunteer_lists(), st.integers(1, 2), st.randoms())
def test_allocation_is_a_partition_and_order_independent(
    volunteers: list[Volunteer], slots: int, rnd: random.Random
) -> None:
    result = allocate(volunteers, slots)
    ids = [v.user_id for v in volunteers]
    assert set(result.presenters) | set(result.reserves) == set(ids)
    assert not set(result.presenters) & set(result.reserves)
    assert len(result.presenters) + len(result.reserves) == len(ids)
    assert len(result.presenters) == min(slots, len(ids))
    shuffled = list(volunteers)
    rnd.shuffle(shuffled)
    assert allocate(shuffled, slots) == result
    ranked = result.presenters + result.reserves
    by_id = {v.user_id: v for v in volunteers}
    keys = [priority_key(by_id[u]) for u in ranked]
    assert keys == sorted(keys)


# members, slots per session, those who always volunteer, each week's volunteers, randomness
Year = tuple[list[int], int, set[int], list[list[int]], random.Random]


@st.composite
def years(draw: st.DrawFn) -> Year:
    """A training year: group size, slots per session, always-volunteers, weekly volunteer sets."""
    size = draw(st.integers(6, 12))
    slots = draw(st.integers(1, 2))
    members = list(range(100, 100 + size))
    always = set(draw(st.lists(st.sampled_from(members), unique=True, max_size=size)))
    seed = draw(st.integers(0, 2**32 - 1))
    rnd = random.Random(seed)
    weeks: list[list[int]] = []
    for _ in range(52):
        others = [m for m in members if m not in always and rnd.random() < rnd.random()]
        weeks.append(sorted(always | set(others)))
    return members, slots, always, weeks, rnd


def simulate(
    members: list[int], slots: int, weeks: list[list[int]], rnd: random.Random
) -> tuple[dict[int, MemberHistory], list[RotaEvent], dict[int, int], dict[int, int]]:
    """Run the rota for each week, carrying histories forward as the store would."""
    hist = {m: MemberHistory(m) for m in members}
    events: list[RotaEvent] = []
    volunteered = dict.fromkeys(members, 0)
    presented = dict.fromkeys(members, 0)
    for index, week in enumerate(weeks):
        day = date(2025, 9, 4) + timedelta(weeks=index)
        volunteers = [
            Volunteer(u, T0 + timedelta(weeks=index, minutes=rnd.randrange(3)), hist[u])
            for u in week
        ]
        rnd.shuffle(volunteers)
        result = allocate(volunteers, slots)
        for u in week:
            volunteered[u] += 1
        for u in result.presenters:
            presented[u] += 1
            hist[u] = replace(
                hist[u],
                presentations=hist[u].presentations + 1,
                last_presented=day,
                carried_reserve_since=None,
            )
            events.append(RotaEvent(u, day, RotaOutcome.PRESENTED))
        for u in result.reserves:
            hist[u] = replace(hist[u], carried_reserve_since=hist[u].carried_reserve_since or day)
            events.append(RotaEvent(u, day, RotaOutcome.RESERVE))
        # some members have an excused absence: it must never matter
        for u in members:
            if u not in week and rnd.random() < 0.1:
                events.append(RotaEvent(u, day, RotaOutcome.EXCUSED))
    return hist, events, volunteered, presented


@settings(max_examples=60, deadline=None)
@given(years())
def test_a_simulated_year_is_fair(year: Year) -> None:
    members, slots, always, weeks, rnd = year
    hist, events, volunteered, presented = simulate(members, slots, weeks, rnd)

    # nobody who keeps volunteering is starved
    for member in members:
        if volunteered[member] >= len(members):
            assert presented[member] >= 1, (member, volunteered[member])

    # those who volunteer every week share the turns evenly
    if always:
        counts = [presented[m] for m in always]
        assert max(counts) - min(counts) <= 1

    # histories rebuilt from the dated outcomes agree with the ones carried forward
    assert build_histories(events, members=members, year_start=YEAR_START) == hist


def test_reserve_is_offered_next_session_first() -> None:
    """Two newcomers want the same week; the one not reached goes first next time."""
    week1 = allocate([vol(1, minutes=0), vol(2, minutes=1)], slots=1)
    assert week1 == Allocation((1,), (2,))
    next_week = [
        vol(2, reserve_since=date(2025, 9, 4), minutes=60),
        vol(3, minutes=0),  # a new volunteer, earlier in the week, never presented
    ]
    assert allocate(next_week, slots=1).presenters == (2,)
