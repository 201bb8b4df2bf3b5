"""The fair presentation rota: who presents when more members volunteer than there are case slots.

Trainees described an unofficial turn that bred "smugness" in those who had just presented and
"desperation" in those still waiting. This module makes the turn explicit, fair and predictable.
When a session has more volunteers than slots, priority goes to whoever:

1. has presented least this training year;
2. presented least recently (never presented counts as longest ago);
3. is a reserve carried over from an earlier session (a bumped reserve keeps their place, the
   longest-waiting first);
4. volunteered first;
5. has the lower user id (a deterministic tie-break, so the same facts always give the same rota).

Excused absences never cost a turn: they count neither as presenting nor as missing, and they do not
clear a carried reserve's place.

Pure logic: no I/O, no Discord, no database. Callers build :class:`MemberHistory` from the store
(directly, or from dated outcomes via :func:`build_histories`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

__all__ = [
    "Allocation",
    "MemberHistory",
    "RotaEvent",
    "RotaOutcome",
    "Volunteer",
    "Offer",
    "allocate",
    "build_histories",
    "no_room_for",
    "nudge_candidates",
    "offered_at",
    "priority_key",
    "settle",
]


@dataclass(frozen=True)
class MemberHistory:
    """What the rota needs to know about one member's presenting so far.

    ``presentations`` counts this training year only; ``last_presented`` may be older (a member
    who presented last year has waited less than one who never has). ``carried_reserve_since`` is
    the date of the earliest session where they volunteered but were not reached, if they have not
    presented since.
    """

    user_id: int
    presentations: int = 0
    last_presented: date | None = None
    carried_reserve_since: date | None = None

    def __post_init__(self) -> None:
        if self.presentations < 0:
            raise ValueError(f"presentations cannot be negative (user {self.user_id})")


@dataclass(frozen=True)
class Volunteer:
    """A member who has offered a case for one session. Naive timestamps are taken as UTC."""

    user_id: int
    volunteered_at: datetime
    history: MemberHistory

    def __post_init__(self) -> None:
        if self.history.user_id != self.user_id:
            raise ValueError(
                f"volunteer {self.user_id} was given the history of user {self.history.user_id}"
            )


@dataclass(frozen=True)
class Allocation:
    """Who presents this session, and who is held in reserve (in the order they would be called).
    From :func:`settle` given the rota before a change, also who else moved (so they can be told):
    ``promoted`` now present and waited before, ``demoted`` now wait and presented before."""

    presenters: tuple[int, ...]
    reserves: tuple[int, ...]
    promoted: tuple[int, ...] = ()
    demoted: tuple[int, ...] = ()


class RotaOutcome(StrEnum):
    """What happened to a member at one session, as far as the rota is concerned."""

    PRESENTED = "presented"
    RESERVE = "reserve"  # volunteered but was not reached
    EXCUSED = "excused"  # an excused absence: recorded, but never costs a turn


@dataclass(frozen=True)
class RotaEvent:
    """One dated outcome for one member, as stored by the session record."""

    user_id: int
    on: date
    outcome: RotaOutcome


def _history_key(history: MemberHistory) -> tuple[int, date, int, date]:
    """The part of the priority that depends only on a member's history (lower goes first)."""
    carried = history.carried_reserve_since
    return (
        history.presentations,
        history.last_presented or date.min,
        0 if carried is not None else 1,
        carried or date.max,
    )


def _as_utc(moment: datetime) -> datetime:
    """Make timestamps comparable: the store keeps UTC, so a naive value is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def priority_key(volunteer: Volunteer) -> tuple[int, date, int, date, datetime, int]:
    """Sort key for volunteers: lower sorts first and presents first.

    Spelled out as a tuple so a leader's "why was I not picked?" can be answered field by field.
    """
    return (*_history_key(volunteer.history), _as_utc(volunteer.volunteered_at), volunteer.user_id)


def allocate(volunteers: Sequence[Volunteer], slots: int) -> Allocation:
    """Split a session's volunteers into presenters (at most ``slots``) and ordered reserves.

    The result depends only on the set of volunteers, never on the order they are passed in.
    """
    if slots < 1:
        raise ValueError(f"a session needs at least one case slot, got {slots}")
    seen: set[int] = set()
    for volunteer in volunteers:
        if volunteer.user_id in seen:
            raise ValueError(f"user {volunteer.user_id} volunteered twice for the same session")
        seen.add(volunteer.user_id)
    ranked = [v.user_id for v in sorted(volunteers, key=priority_key)]
    return Allocation(presenters=tuple(ranked[:slots]), reserves=tuple(ranked[slots:]))


@dataclass(frozen=True)
class Offer:
    """A volunteer as a session's rota holds them now: presenting or waiting, and whether a leader
    pinned them (named them as presenter)."""

    volunteer: Volunteer
    presenting: bool
    pinned: bool = False


def settle(
    offers: Sequence[Offer],
    slots: int,
    *,
    locked: bool,
    before: Mapping[int, bool] | None = None,
    actor: int | None = None,
) -> Allocation:
    """Who presents and who waits after any change to a session's offers.

    Before the lock time (when the agenda announces the presenters) the rota is re-settled on
    every change: someone who has presented less can still take a slot from an earlier
    volunteer, who becomes first reserve and keeps their place for next time. Presenters a leader
    pinned always stay; from the lock time on, every announced presenter stays, and a freed slot
    goes to the first reserve. The remaining slots go by :func:`allocate`'s fairness rule.

    ``before`` (each offer before the change: presenting or not) gives the diff: who, other than
    the ``actor`` who made the change, was promoted or demoted by it.
    """
    if slots < 1:
        raise ValueError(f"a session needs at least one case slot, got {slots}")
    kept = tuple(o.volunteer.user_id for o in offers if o.presenting and (o.pinned or locked))
    others = [o.volunteer for o in offers if o.volunteer.user_id not in kept]
    if not others:
        settled = Allocation(kept, ())
    else:
        free = slots - len(kept)
        ranked = allocate(others, max(free, 1))
        if free < 1:
            settled = Allocation(kept, ranked.presenters + ranked.reserves)
        else:
            settled = Allocation(kept + ranked.presenters, ranked.reserves)
    if not before:
        return settled
    promoted = tuple(u for u in settled.presenters if u != actor and before.get(u) is False)
    demoted = tuple(u for u in settled.reserves if u != actor and before.get(u) is True)
    return Allocation(settled.presenters, settled.reserves, promoted, demoted)


def offered_at(now: datetime, earlier: Iterable[datetime]) -> datetime:
    """When an offer counts as made: strictly after every earlier offer for the session, so "who
    offered first" is the order the offers were recorded in, even within one clock tick."""
    latest = max(earlier, default=None)
    return now if latest is None or now > latest else latest + timedelta(microseconds=1)


def no_room_for(presenters: Collection[int], slots: int, user_id: int) -> bool:
    """A leader naming ``user_id`` as presenter: refused when the others already fill every slot
    (someone presenting already keeps their own)."""
    others = [u for u in presenters if u != user_id]
    return len(others) >= slots and user_id not in presenters


def nudge_is_fair(set_up: datetime, session_start: datetime, who_has_case: timedelta) -> bool:
    """A nudge says "nobody has offered a case yet": fair only when the members have had the
    whole time since the "Who has a case?" post to offer one, i.e. the group was set up before
    that post fell due. A group set up later (often minutes before the nudge's time, or after
    it) nudges nobody for that session; its leaders still get their own alert."""
    return set_up <= session_start - who_has_case


def nudge_candidates(
    members: Sequence[MemberHistory], *, count: int, exclude: AbstractSet[int]
) -> list[int]:
    """The few members whose turn it most is, for a gentle private "would you bring a case?".

    Same order as the rota without the volunteering time: fewest presentations, then least recent,
    then carried reserves, then user id. ``exclude`` holds the opted-out, the absent and those who
    already volunteered.
    """
    if count < 0:
        raise ValueError(f"count cannot be negative, got {count}")
    eligible = [m for m in members if m.user_id not in exclude]
    eligible.sort(key=lambda m: (*_history_key(m), m.user_id))
    chosen: list[int] = []
    for member in eligible:
        if len(chosen) == count:
            break
        if member.user_id not in chosen:
            chosen.append(member.user_id)
    return chosen


def build_histories(
    events: Iterable[RotaEvent], *, members: Iterable[int], year_start: date
) -> dict[int, MemberHistory]:
    """Derive each member's rota history from dated outcomes.

    - ``presentations`` counts PRESENTED on or after ``year_start``;
    - ``last_presented`` is the latest PRESENTED at any date;
    - ``carried_reserve_since`` is the earliest RESERVE this year after the last presentation;
    - EXCUSED events are ignored, so an excused absence never costs a turn or a reserve place.

    Every id in ``members`` gets a history (blank if it has no events); events of other users are
    included too, so a member who left keeps a consistent record.
    """
    event_list = list(events)
    ids = set(members) | {e.user_id for e in event_list}
    presented: dict[int, list[date]] = {i: [] for i in ids}
    reserved: dict[int, list[date]] = {i: [] for i in ids}
    for event in event_list:
        if event.outcome is RotaOutcome.PRESENTED:
            presented[event.user_id].append(event.on)
        elif event.outcome is RotaOutcome.RESERVE and event.on >= year_start:
            reserved[event.user_id].append(event.on)
    histories: dict[int, MemberHistory] = {}
    for user_id in sorted(ids):
        dates = presented[user_id]
        last = max(dates, default=None)
        waiting = [d for d in reserved[user_id] if last is None or d > last]
        histories[user_id] = MemberHistory(
            user_id=user_id,
            presentations=sum(1 for d in dates if d >= year_start),
            last_presented=last,
            carried_reserve_since=min(waiting, default=None),
        )
    return histories
