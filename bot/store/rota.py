"""Queries for presenting: volunteers and reserves, the leaders' record, nudges and follow-ups.

Every change to a session's volunteers is one read-allocate-write in one `db.write`, so two
members taking the last case slot at the same moment cannot both get it: the second sees the first's
row and is placed by the fairness rule (bot.domain.rota) like everybody else.

Who presents and who waits after each change (before and after the lock time, pinned or not) is
the rule `bot.domain.rota.settle`; this module maps its rows to the rule's plain types and back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.rota import (
    MemberHistory,
    Offer,
    RotaEvent,
    RotaOutcome,
    Volunteer,
    build_histories,
    no_room_for,
    offered_at,
    priority_key,
    settle,
)
from bot.store.db import Database, Work
from bot.store.groups import Group
from bot.store.sessions import Session

PRESENTER = "presenter"
RESERVE = "reserve"


@dataclass(frozen=True)
class Entry:
    """One member's offer of a case for one session."""

    session_id: int
    user_id: int
    volunteered_at: datetime
    named: bool
    status: str
    pinned: bool

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Entry:
        return cls(
            session_id=row["session_id"],
            user_id=row["user_id"],
            volunteered_at=datetime.fromisoformat(row["volunteered_at"]),
            named=bool(row["named"]),
            status=row["status"],
            pinned=bool(row["pinned"]),
        )


@dataclass(frozen=True)
class Standing:
    """A session's rota: presenters in the order they took a slot, reserves in the order called."""

    presenters: tuple[Entry, ...] = ()
    reserves: tuple[Entry, ...] = ()

    def entry(self, user_id: int) -> Entry | None:
        return next((e for e in (*self.presenters, *self.reserves) if e.user_id == user_id), None)

    def reserve_position(self, user_id: int) -> int | None:
        """1 for the first reserve; None if not a reserve."""
        for index, e in enumerate(self.reserves, start=1):
            if e.user_id == user_id:
                return index
        return None

    @property
    def user_ids(self) -> set[int]:
        return {e.user_id for e in (*self.presenters, *self.reserves)}


@dataclass(frozen=True)
class Outcome:
    """What a change did: the actor's place now, and who else moved (so they can be told)."""

    standing: Standing
    status: str | None  # the actor's status after the change (None: not on the rota)
    already: bool = False  # a repeated command: nothing changed except perhaps `named`
    promoted: tuple[int, ...] = ()  # others who now present
    demoted: tuple[int, ...] = ()  # others who now wait as reserves
    full: bool = False  # a leader tried to add a presenter to a full session

    def reserve_position(self, user_id: int) -> int | None:
        return self.standing.reserve_position(user_id)


# -- reading ----------------------------------------------------------------------------------


def _entries(w: Work, session_id: int) -> list[Entry]:
    rows = w.rows(
        "SELECT * FROM volunteers WHERE session_id = ? ORDER BY volunteered_at, user_id",
        (session_id,),
    )
    return [Entry.from_row(r) for r in rows]


def _member_ids(w: Work, group_id: int) -> list[int]:
    rows = w.rows(
        "SELECT user_id FROM group_members WHERE group_id = ? AND role = 'trainee' "
        "AND left_at IS NULL ORDER BY user_id",
        (group_id,),
    )
    return [r["user_id"] for r in rows]


def _events(w: Work, group_id: int, now: datetime, before: Session | None) -> list[RotaEvent]:
    """Dated rota outcomes of a group, from the leaders' record where there is one.

    - a confirmed session: its recorded presenters PRESENTED, its other volunteers RESERVE;
    - an ended, unconfirmed session: its scheduled presenters PRESENTED, its reserves RESERVE;
    - with `before`: presenters already scheduled for earlier sessions count as PRESENTED, so one
      member cannot collect several upcoming slots ahead of the others;
    - volunteers released by a skip or cancellation: RESERVE (they keep their place).
    """
    events: list[RotaEvent] = []
    confirmed_presenters: set[tuple[int, int]] = set()
    for row in w.rows(
        "SELECT p.session_id, p.user_id, s.local_date FROM presentations p "
        "JOIN sessions s ON s.id = p.session_id WHERE s.group_id = ?",
        (group_id,),
    ):
        confirmed_presenters.add((row["session_id"], row["user_id"]))
        events.append(
            RotaEvent(row["user_id"], date.fromisoformat(row["local_date"]), RotaOutcome.PRESENTED)
        )
    for row in w.rows(
        "SELECT v.session_id, v.user_id, v.status, s.local_date, s.starts_at, s.ends_at, "
        "s.status AS session_status, c.session_id IS NOT NULL AS confirmed "
        "FROM volunteers v JOIN sessions s ON s.id = v.session_id "
        "LEFT JOIN session_confirmations c ON c.session_id = v.session_id "
        "WHERE s.group_id = ?",
        (group_id,),
    ):
        on = date.fromisoformat(row["local_date"])
        ended = datetime.fromisoformat(row["ends_at"]) <= now
        user_id = row["user_id"]
        if row["confirmed"]:
            if (row["session_id"], user_id) not in confirmed_presenters:
                events.append(RotaEvent(user_id, on, RotaOutcome.RESERVE))
        elif ended and row["session_status"] == "scheduled":
            outcome = RotaOutcome.PRESENTED if row["status"] == PRESENTER else RotaOutcome.RESERVE
            events.append(RotaEvent(user_id, on, outcome))
        elif (
            before is not None
            and row["session_status"] == "scheduled"
            and row["status"] == PRESENTER
            and datetime.fromisoformat(row["starts_at"]) < before.starts_at
        ):
            events.append(RotaEvent(user_id, on, RotaOutcome.PRESENTED))
    for row in w.rows(
        "SELECT user_id, local_date FROM carried_reserves WHERE group_id = ?", (group_id,)
    ):
        events.append(
            RotaEvent(row["user_id"], date.fromisoformat(row["local_date"]), RotaOutcome.RESERVE)
        )
    return events


def _histories(
    w: Work,
    group: Group,
    now: datetime,
    before: Session | None,
    extra: Iterable[int] = (),
) -> dict[int, MemberHistory]:
    members = set(_member_ids(w, group.id)) | set(extra)
    events = _events(w, group.id, now, before)
    return build_histories(events, members=members, year_start=date.fromisoformat(group.start_date))


async def histories(
    db: Database, group: Group, now: datetime, before: Session | None = None
) -> dict[int, MemberHistory]:
    """Each trainee's presenting history (this year's count, last date, carried reserve place)."""
    return await db.read(lambda w: _histories(w, group, now, before))


def _rank(entries: list[Entry], hist: dict[int, MemberHistory]) -> list[Entry]:
    """Entries in the order the fairness rule would call them."""
    by_id = {e.user_id: e for e in entries}
    volunteers = [
        Volunteer(e.user_id, e.volunteered_at, hist.get(e.user_id) or MemberHistory(e.user_id))
        for e in entries
    ]
    return [by_id[v.user_id] for v in sorted(volunteers, key=priority_key)]


def _standing(entries: list[Entry], hist: dict[int, MemberHistory]) -> Standing:
    presenters = tuple(e for e in entries if e.status == PRESENTER)
    reserves = tuple(_rank([e for e in entries if e.status == RESERVE], hist))
    return Standing(presenters, reserves)


def _standing_now(w: Work, group: Group, session: Session, now: datetime) -> Standing:
    entries = _entries(w, session.id)
    hist = _histories(w, group, now, session, (e.user_id for e in entries))
    return _standing(entries, hist)


async def standing(db: Database, group: Group, session: Session, now: datetime) -> Standing:
    """The session's presenters and its reserves in the order they would be called."""
    return await db.read(lambda w: _standing_now(w, group, session, now))


# -- settling ---------------------------------------------------------------------------------


def _apply(
    w: Work,
    group: Group,
    session: Session,
    now: datetime,
    locked: bool,
    before: list[Entry],
    actor: int,
) -> tuple[Standing, tuple[int, ...], tuple[int, ...]]:
    """Write each offer's status as the rota rule (bot.domain.rota.settle) has it after the
    actor's change; the session's standing then, and who else the rule promoted and demoted."""
    entries = _entries(w, session.id)
    hist = _histories(w, group, now, session, (e.user_id for e in entries))
    offers = [
        Offer(
            Volunteer(e.user_id, e.volunteered_at, hist.get(e.user_id) or MemberHistory(e.user_id)),
            presenting=e.status == PRESENTER,
            pinned=e.pinned,
        )
        for e in entries
    ]
    settled = settle(
        offers,
        group.case_slots,
        locked=locked,
        before={e.user_id: e.status == PRESENTER for e in before},
        actor=actor,
    )
    wanted = {
        **{user_id: PRESENTER for user_id in settled.presenters},
        **{user_id: RESERVE for user_id in settled.reserves},
    }
    for e in entries:
        if wanted[e.user_id] != e.status:
            w.run(
                "UPDATE volunteers SET status = ? WHERE session_id = ? AND user_id = ?",
                (wanted[e.user_id], session.id, e.user_id),
            )
    return _standing(_entries(w, session.id), hist), settled.promoted, settled.demoted


def _status(standing_: Standing, user_id: int) -> str | None:
    entry = standing_.entry(user_id)
    return entry.status if entry else None


# -- changing ---------------------------------------------------------------------------------
# Each change is one `db.write`: the whole read-allocate-write runs in one hop to the store's
# thread, under the write lock (a member's /volunteer is one round trip, not a dozen).


async def volunteer(
    db: Database,
    group: Group,
    session: Session,
    user_id: int,
    *,
    now: datetime,
    locked: bool,
    named: bool | None = None,
) -> Outcome:
    """Offer a case for a session (idempotent: a repeat only updates the naming choice)."""

    def offer(w: Work) -> Outcome:
        before = _entries(w, session.id)
        mine = next((e for e in before if e.user_id == user_id), None)
        if mine is not None:
            if named is not None and named != mine.named:
                w.run(
                    "UPDATE volunteers SET named = ? WHERE session_id = ? AND user_id = ?",
                    (int(named), session.id, user_id),
                )
            hist = _histories(w, group, now, session, (e.user_id for e in before))
            current = _standing(_entries(w, session.id), hist)
            return Outcome(current, mine.status, already=True)
        at = offered_at(now, (e.volunteered_at for e in before))
        w.run(
            "INSERT INTO volunteers (session_id, user_id, volunteered_at, named, status) "
            "VALUES (?, ?, ?, ?, ?)",
            (session.id, user_id, at.isoformat(), int(bool(named)), RESERVE),
        )
        current, promoted, demoted = _apply(w, group, session, now, locked, before, user_id)
        return Outcome(current, _status(current, user_id), promoted=promoted, demoted=demoted)

    return await db.write(offer)


async def withdraw(
    db: Database, group: Group, session: Session, user_id: int, *, now: datetime, locked: bool
) -> Outcome | None:
    """Take an offer back; None if there was none. A freed slot goes to the first reserve."""

    def take_back(w: Work) -> Outcome | None:
        before = _entries(w, session.id)
        if not any(e.user_id == user_id for e in before):
            return None
        w.run("DELETE FROM volunteers WHERE session_id = ? AND user_id = ?", (session.id, user_id))
        current, promoted, demoted = _apply(w, group, session, now, locked, before, user_id)
        return Outcome(current, None, promoted=promoted, demoted=demoted)

    return await db.write(take_back)


async def assign(
    db: Database, group: Group, session: Session, user_id: int, *, now: datetime, locked: bool
) -> Outcome:
    """A leader names a presenter (pinned: the fairness rule will not move them)."""

    def pin(w: Work) -> Outcome:
        before = _entries(w, session.id)
        mine = next((e for e in before if e.user_id == user_id), None)
        if mine is not None and mine.status == PRESENTER and mine.pinned:
            hist = _histories(w, group, now, session, (e.user_id for e in before))
            return Outcome(_standing(before, hist), PRESENTER, already=True)
        presenters = [e.user_id for e in before if e.status == PRESENTER]
        if no_room_for(presenters, group.case_slots, user_id):
            hist = _histories(w, group, now, session, (e.user_id for e in before))
            current = _standing(before, hist)
            return Outcome(current, _status(current, user_id), full=True)
        if mine is None:
            w.run(
                "INSERT INTO volunteers (session_id, user_id, volunteered_at, named, status, pinned) "
                "VALUES (?, ?, ?, 0, ?, 1)",
                (session.id, user_id, now.isoformat(), PRESENTER),
            )
        else:
            w.run(
                "UPDATE volunteers SET status = ?, pinned = 1 WHERE session_id = ? AND user_id = ?",
                (PRESENTER, session.id, user_id),
            )
        current, promoted, demoted = _apply(w, group, session, now, locked, before, user_id)
        return Outcome(current, _status(current, user_id), promoted=promoted, demoted=demoted)

    return await db.write(pin)


async def release(
    db: Database,
    group: Group,
    session: Session,
    reason: str,
    *,
    now: datetime,
    then: Callable[[Work, list[Entry]], None] | None = None,
) -> list[Entry]:
    """A skipped or cancelled session lets its volunteers go; they keep their place as carried
    reserves. Returns who was released (empty on a repeat). `then` runs in the same transaction
    with who was released (to record what they are told: `bot.store.notices.decide_rows`)."""

    def let_go(w: Work) -> list[Entry]:
        entries = _entries(w, session.id)
        w.run_many(
            "INSERT OR IGNORE INTO carried_reserves "
            "(group_id, user_id, session_id, local_date, reason, released_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (group.id, e.user_id, session.id, session.local_date, reason, now.isoformat())
                for e in entries
            ],
        )
        w.run("DELETE FROM volunteers WHERE session_id = ?", (session.id,))
        if then is not None:
            then(w, entries)
        return entries

    return await db.write(let_go)


async def entries(db: Database, session_id: int) -> list[Entry]:
    """Everyone who offered a case for a session (presenters and reserves)."""
    return await db.read(lambda w: _entries(w, session_id))


async def case_holders(db: Database, session_id: int) -> set[int]:
    return {e.user_id for e in await entries(db, session_id)}


async def offers_of(
    db: Database, group_id: int, user_id: int, now: datetime
) -> list[tuple[Session, Entry]]:
    """A member's offers for sessions that have not ended, soonest first."""
    rows = await db.fetchall(
        "SELECT s.*, v.session_id, v.user_id, v.volunteered_at, v.named, v.status AS v_status, "
        "v.pinned FROM volunteers v JOIN sessions s ON s.id = v.session_id "
        "WHERE s.group_id = ? AND v.user_id = ? AND s.ends_at > ? ORDER BY s.starts_at",
        (group_id, user_id, now.isoformat()),
    )
    out = []
    for r in rows:
        entry = Entry(
            r["session_id"],
            r["user_id"],
            datetime.fromisoformat(r["volunteered_at"]),
            bool(r["named"]),
            r["v_status"],
            bool(r["pinned"]),
        )
        out.append((Session.from_row(r), entry))
    return out


# -- the leaders' record ----------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmation:
    session_id: int
    no_case: bool
    presenters: tuple[int, ...]
    confirmed_by: int
    confirmed_at: datetime


async def confirm(
    db: Database, session_id: int, presenters: Iterable[int], *, by: int, now: datetime
) -> Confirmation:
    """Record who presented at a past session (an empty list records "no case"); replaces any
    earlier record, so a leader can correct it."""
    chosen = tuple(sorted(set(presenters)))

    def record(w: Work) -> None:
        w.run("DELETE FROM session_confirmations WHERE session_id = ?", (session_id,))
        w.run(
            "INSERT INTO session_confirmations (session_id, no_case, confirmed_by, confirmed_at) "
            "VALUES (?, ?, ?, ?)",
            (session_id, int(not chosen), by, now.isoformat()),
        )
        w.run_many(
            "INSERT INTO presentations (session_id, user_id) VALUES (?, ?)",
            [(session_id, u) for u in chosen],
        )

    await db.write(record)
    return Confirmation(session_id, not chosen, chosen, by, now)


async def confirmation(db: Database, session_id: int) -> Confirmation | None:
    row = await db.fetchone(
        "SELECT * FROM session_confirmations WHERE session_id = ?", (session_id,)
    )
    if row is None:
        return None
    users = await db.fetchall(
        "SELECT user_id FROM presentations WHERE session_id = ? ORDER BY user_id", (session_id,)
    )
    return Confirmation(
        session_id,
        bool(row["no_case"]),
        tuple(u["user_id"] for u in users),
        row["confirmed_by"],
        datetime.fromisoformat(row["confirmed_at"]),
    )


async def presenters_of(db: Database, session: Session) -> tuple[int, ...]:
    """Who presented (the leaders' record) or, without one, who was scheduled to."""
    record = await confirmation(db, session.id)
    if record is not None:
        return record.presenters
    return tuple(e.user_id for e in await entries(db, session.id) if e.status == PRESENTER)


@dataclass(frozen=True)
class Presentation:
    """One dated presentation for a member's portfolio."""

    session: Session
    confirmed: bool


async def presentations_of(
    db: Database, group_id: int, user_id: int, now: datetime
) -> list[Presentation]:
    """A member's presentations in a group, oldest first: recorded by the leaders, or scheduled
    for a session that has ended and awaits their record."""
    rows = await db.fetchall(
        "SELECT s.*, 1 AS confirmed FROM presentations p JOIN sessions s ON s.id = p.session_id "
        "WHERE s.group_id = ? AND p.user_id = ? "
        "UNION ALL "
        "SELECT s.*, 0 AS confirmed FROM volunteers v JOIN sessions s ON s.id = v.session_id "
        "WHERE s.group_id = ? AND v.user_id = ? AND v.status = 'presenter' "
        "AND s.status = 'scheduled' AND s.ends_at <= ? "
        "AND NOT EXISTS (SELECT 1 FROM session_confirmations c WHERE c.session_id = s.id) "
        "ORDER BY starts_at",
        (group_id, user_id, group_id, user_id, now.isoformat()),
    )
    return [Presentation(Session.from_row(r), bool(r["confirmed"])) for r in rows]


async def unconfirmed_sessions(db: Database, group_id: int, now: datetime) -> list[Session]:
    """Ended sessions that met and have no record from the leaders yet."""
    rows = await db.fetchall(
        "SELECT s.* FROM sessions s WHERE s.group_id = ? AND s.status = 'scheduled' "
        "AND s.ends_at <= ? AND NOT EXISTS "
        "(SELECT 1 FROM session_confirmations c WHERE c.session_id = s.id) ORDER BY s.starts_at",
        (group_id, now.isoformat()),
    )
    return [Session.from_row(r) for r in rows]


# -- nudges -----------------------------------------------------------------------------------


async def set_nudges(db: Database, group_id: int, user_id: int, on: bool, now: datetime) -> bool:
    """Turn nudges on or off for a member; False if they already were."""
    if on:
        changed = await db.changes(
            "DELETE FROM nudge_optouts WHERE group_id = ? AND user_id = ?", (group_id, user_id)
        )
    else:
        changed = await db.changes(
            "INSERT OR IGNORE INTO nudge_optouts (group_id, user_id, since) VALUES (?, ?, ?)",
            (group_id, user_id, now.isoformat()),
        )
    return changed > 0


async def nudges_off(db: Database, group_id: int) -> set[int]:
    rows = await db.fetchall("SELECT user_id FROM nudge_optouts WHERE group_id = ?", (group_id,))
    return {r["user_id"] for r in rows}


# -- private messages, once each --------------------------------------------------------------


async def claim_dm(db: Database, session_id: int, user_id: int, kind: str, now: datetime) -> bool:
    """Record that a member was sent one private message of a kind about a session (after the
    send); False if it was recorded before."""
    recorded = await db.changes(
        "INSERT OR IGNORE INTO presenting_dms (session_id, user_id, kind, sent_at) "
        "VALUES (?, ?, ?, ?)",
        (session_id, user_id, kind, now.isoformat()),
    )
    return recorded > 0


async def dm_was_sent(db: Database, session_id: int, user_id: int, kind: str) -> bool:
    row = await db.fetchone(
        "SELECT 1 FROM presenting_dms WHERE session_id = ? AND user_id = ? AND kind = ?",
        (session_id, user_id, kind),
    )
    return row is not None


async def dm_recipients(db: Database, session_id: int, kind: str) -> set[int]:
    rows = await db.fetchall(
        "SELECT user_id FROM presenting_dms WHERE session_id = ? AND kind = ?", (session_id, kind)
    )
    return {r["user_id"] for r in rows}


# -- follow-ups -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Followup:
    session_id: int
    user_id: int
    answer: str | None
    update_session_id: int | None
    named: bool = False


async def ask_followup(db: Database, session_id: int, user_id: int, now: datetime) -> bool:
    """Record that a presenter is being asked about an update; False if asked before."""
    asked = await db.changes(
        "INSERT OR IGNORE INTO followups (session_id, user_id, asked_at) VALUES (?, ?, ?)",
        (session_id, user_id, now.isoformat()),
    )
    return asked > 0


async def forget_followup(db: Database, session_id: int, user_id: int) -> None:
    await db.execute(
        "DELETE FROM followups WHERE session_id = ? AND user_id = ? AND answer IS NULL",
        (session_id, user_id),
    )


async def answer_followup(
    db: Database,
    session_id: int,
    user_id: int,
    answer: str,
    *,
    now: datetime,
    update_session_id: int | None,
) -> Followup | None:
    """Record yes/no (a repeat with the same answer changes nothing); None if never asked."""

    def record(w: Work) -> Followup | None:
        row = w.row(
            "SELECT * FROM followups WHERE session_id = ? AND user_id = ?", (session_id, user_id)
        )
        if row is None:
            return None
        if row["answer"] != answer:
            target = update_session_id if answer == "yes" else None
            w.run(
                "UPDATE followups SET answer = ?, answered_at = ?, update_session_id = ? "
                "WHERE session_id = ? AND user_id = ?",
                (answer, now.isoformat(), target, session_id, user_id),
            )
        else:
            target = row["update_session_id"]
        return Followup(session_id, user_id, answer, target)

    return await db.write(record)


async def updates_for(db: Database, session_id: int) -> list[Followup]:
    """Case updates to go on a session's agenda, with whether the member agreed to be named
    when they presented."""
    rows = await db.fetchall(
        "SELECT f.*, COALESCE(v.named, 0) AS named FROM followups f "
        "LEFT JOIN volunteers v ON v.session_id = f.session_id AND v.user_id = f.user_id "
        "WHERE f.update_session_id = ? AND f.answer = 'yes' ORDER BY f.answered_at",
        (session_id,),
    )
    return [
        Followup(
            r["session_id"], r["user_id"], r["answer"], r["update_session_id"], bool(r["named"])
        )
        for r in rows
    ]


async def move_updates(db: Database, from_session: int, to_session: int | None) -> int:
    """Case updates planned for a session that will not meet go to the next one."""
    return await db.changes(
        "UPDATE followups SET update_session_id = ? WHERE update_session_id = ?",
        (to_session, from_session),
    )
