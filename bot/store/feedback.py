"""Queries for anonymous feedback: polls, their counters, comments, "has answered" and releases.

Anonymity is a property of the tables (0005_feedback.sql): an answer only adds 1 to counters, a
comment is a row under a random key, and "has answered" is an HMAC handle under a per-poll salt that
is destroyed at close. Nothing here takes a user id except to compute a handle on the spot; no
function returns who answered what. Nothing here logs an answer or a comment.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

import aiosqlite

from bot.domain.anonymity import handle, new_salt
from bot.domain.feedback import (
    SCALES,
    Batch,
    FreeTextQuestion,
    Item,
    Release,
    Tally,
    check_answers,
    clean_comments,
    free_text_for,
    items_for,
    reminder_delay,
    takes_answers,
    validate_comment_threshold,
)
from bot.store.db import Database, Work

Kind = Literal["pulse", "survey"]
SEPARATOR = "\x1f"  # between a comment's question key and its text inside a Batch/Release


class PollClosed(Exception):
    """The poll is closed (or past its closing time): answers are no longer taken."""


class AlreadyAnswered(Exception):
    """This member has answered this poll already."""


@dataclass(frozen=True)
class Poll:
    id: int
    group_id: int
    session_id: int | None
    kind: str
    label: str
    opens_at: datetime
    closes_at: datetime
    remind_at: datetime
    reminded: bool
    status: str
    responses: int
    closed_on: str | None
    counts_released: bool
    comments_released: bool
    channel_id: int | None
    message_id: int | None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def items(self) -> tuple[Item, ...]:
        return items_for(self.kind)

    @property
    def free_text(self) -> tuple[FreeTextQuestion, ...]:
        return free_text_for(self.kind)

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Poll:
        return cls(
            id=row["id"],
            group_id=row["group_id"],
            session_id=row["session_id"],
            kind=row["kind"],
            label=row["label"],
            opens_at=datetime.fromisoformat(row["opens_at"]),
            closes_at=datetime.fromisoformat(row["closes_at"]),
            remind_at=datetime.fromisoformat(row["remind_at"]),
            reminded=bool(row["reminded"]),
            status=row["status"],
            responses=row["responses"],
            closed_on=row["closed_on"],
            counts_released=bool(row["counts_released"]),
            comments_released=bool(row["comments_released"]),
            channel_id=row["channel_id"],
            message_id=row["message_id"],
        )


# -- polls ---------------------------------------------------------------------------------------


async def create_poll(
    db: Database,
    *,
    group_id: int,
    kind: Kind,
    label: str,
    opens_at: datetime,
    closes_at: datetime,
    remind_at: datetime,
    session_id: int | None = None,
) -> tuple[Poll, bool]:
    """Open a poll with a fresh salt and a zeroed grid of counters; (poll, created).

    Idempotent: a second pulse for the same session, or a second survey for a group, returns the
    existing poll with created=False.
    """

    def create(w: Work) -> tuple[Poll, bool]:
        if kind == "pulse":
            existing = _fetch(w, "kind = 'pulse' AND session_id = ?", (session_id,))
        else:
            existing = _fetch(w, "kind = 'survey' AND group_id = ?", (group_id,))
        if existing is not None:
            return existing, False
        poll_id = w.run(
            "INSERT INTO feedback_polls (group_id, session_id, kind, label, opens_at, closes_at, "
            "remind_at, salt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                group_id,
                session_id,
                kind,
                label,
                opens_at.isoformat(),
                closes_at.isoformat(),
                remind_at.isoformat(),
                new_salt(),
            ),
        ).lastrowid
        w.run_many(
            "INSERT INTO feedback_counts (poll_id, item, value, count) VALUES (?, ?, ?, 0)",
            [
                (poll_id, item.key, value)
                for item in items_for(kind)
                for value in SCALES[item.scale].points
            ],
        )
        poll = _fetch(w, "id = ?", (poll_id,))
        assert poll is not None  # written in this transaction
        return poll, True

    return await db.write(create)


def _fetch(w: Work, where: str, params: Sequence[Any]) -> Poll | None:
    row = w.row(f"SELECT * FROM feedback_polls WHERE {where}", params)
    return Poll.from_row(row) if row else None


async def get_poll(db: Database, poll_id: int) -> Poll | None:
    row = await db.fetchone("SELECT * FROM feedback_polls WHERE id = ?", (poll_id,))
    return Poll.from_row(row) if row else None


async def pulse_for_session(db: Database, session_id: int) -> Poll | None:
    row = await db.fetchone(
        "SELECT * FROM feedback_polls WHERE kind = 'pulse' AND session_id = ?", (session_id,)
    )
    return Poll.from_row(row) if row else None


async def survey_of_group(db: Database, group_id: int) -> Poll | None:
    row = await db.fetchone(
        "SELECT * FROM feedback_polls WHERE kind = 'survey' AND group_id = ?", (group_id,)
    )
    return Poll.from_row(row) if row else None


async def open_polls(db: Database, group_id: int | None = None) -> list[Poll]:
    """Open polls (of one group, or all), soonest to close first."""
    sql = "SELECT * FROM feedback_polls WHERE status = 'open'"
    params: list[Any] = []
    if group_id is not None:
        sql += " AND group_id = ?"
        params.append(group_id)
    rows = await db.fetchall(sql + " ORDER BY closes_at, id", params)
    return [Poll.from_row(r) for r in rows]


async def set_message(db: Database, poll_id: int, channel_id: int, message_id: int) -> None:
    """Remember where the poll's "Answer (anonymous)" post is (to mark it closed later)."""
    await db.execute(
        "UPDATE feedback_polls SET channel_id = ?, message_id = ? WHERE id = ?",
        (channel_id, message_id, poll_id),
    )


# -- answering -----------------------------------------------------------------------------------


# An open poll's salt in a restored backup (bot/store/backup.py): nobody can tell who answered,
# so it takes no more answers and reminds nobody; its totals are released as usual.
RESTORED_SALT = b"restored from a backup: answers closed"


def _handle(key: bytes, salt: bytes, poll_id: int, user_id: int) -> str:
    return handle(key, salt, "feedback", poll_id, user_id)


def _open_salt(w: Work, poll_id: int, now: datetime) -> bytes:
    row = w.row("SELECT status, salt, closes_at FROM feedback_polls WHERE id = ?", (poll_id,))
    if row is None or row["status"] != "open" or row["salt"] in (None, RESTORED_SALT):
        raise PollClosed
    if not takes_answers(is_open=True, closes_at=datetime.fromisoformat(row["closes_at"]), now=now):
        raise PollClosed
    return bytes(row["salt"])


def _answered(w: Work, poll_id: int, salt: bytes | None, key: bytes, user_id: int) -> bool:
    """Whether the member's handle under the open poll's salt is among its answers (False once
    closed, `salt` None: nobody can tell then)."""
    if salt is None:
        return False
    found = w.value(
        "SELECT 1 FROM feedback_answered WHERE poll_id = ? AND handle = ?",
        (poll_id, _handle(key, bytes(salt), poll_id, user_id)),
    )
    return found is not None


async def has_answered(db: Database, poll_id: int, key: bytes, user_id: int) -> bool:
    """Whether this member answered this open poll (False once closed: nobody can tell then).
    One hop."""

    def look(w: Work) -> bool:
        salt = w.value(
            "SELECT salt FROM feedback_polls WHERE id = ? AND status = 'open'", (poll_id,)
        )
        return _answered(w, poll_id, salt, key, user_id)

    return await db.read(look)


async def poll_and_answered(
    db: Database, poll_id: int, key: bytes, user_id: int
) -> tuple[Poll | None, bool]:
    """The poll, and whether this member answered it (as `has_answered`), in one hop: the
    "Answer (anonymous)" button's reads, one hand-off to the store's thread instead of two."""

    def look(w: Work) -> tuple[Poll | None, bool]:
        row = w.row("SELECT * FROM feedback_polls WHERE id = ?", (poll_id,))
        if row is None:
            return None, False
        salt = row["salt"] if row["status"] == "open" else None
        return Poll.from_row(row), _answered(w, poll_id, salt, key, user_id)

    return await db.read(look)


async def record_answer(
    db: Database,
    poll_id: int,
    *,
    key: bytes,
    user_id: int,
    answers: Mapping[str, int],
    comments: Mapping[str, str] | None = None,
    now: datetime,
) -> None:
    """Count one member's answers (count_answer), then empty the write-ahead log (db.forget), so
    neither the database file nor its log shows which ticks and which comment came in together."""
    await count_answer(
        db, poll_id, key=key, user_id=user_id, answers=answers, comments=comments, now=now
    )
    await db.forget()


async def count_answer(
    db: Database,
    poll_id: int,
    *,
    key: bytes,
    user_id: int,
    answers: Mapping[str, int],
    comments: Mapping[str, str] | None = None,
    now: datetime,
) -> None:
    """Count one member's answers and store their comments, once, in one transaction; the caller
    then empties the log (`db.forget()`: record_answer does both; the Send button tells the
    member first, so they do not wait for the checkpoint's disk syncs).

    Raises PollClosed, AlreadyAnswered, or ValueError for answers off the catalogue. The user id is
    used only to compute the handle that stops a second answer; it is not stored. The poll's rows
    are laid out again in key order (_relay_out). One hop: the poll's kind is read in the same
    transaction. The answers are copied on the caller's side first: the write runs on the
    store's thread, and a caller may clear its dicts meanwhile (a double-clicked Send).
    """
    answers, comments = dict(answers), dict(comments or {})

    def count(w: Work) -> None:
        kind = w.value("SELECT kind FROM feedback_polls WHERE id = ?", (poll_id,))
        if kind is None:
            raise PollClosed
        check_answers(kind, answers)
        texts = clean_comments(kind, comments)
        if not answers and not texts:
            raise ValueError("an empty response")
        salt = _open_salt(w, poll_id, now)
        if (
            w.run(
                "INSERT OR IGNORE INTO feedback_answered (poll_id, handle) VALUES (?, ?)",
                (poll_id, _handle(key, salt, poll_id, user_id)),
            ).rowcount
            == 0
        ):
            raise AlreadyAnswered
        w.run_many(
            "UPDATE feedback_counts SET count = count + 1 WHERE poll_id = ? AND item = ? AND value = ?",
            [(poll_id, item, int(value)) for item, value in answers.items()],
        )
        w.run_many(
            "INSERT INTO feedback_comments (id, poll_id, question, body) VALUES (?, ?, ?, ?)",
            [(secrets.token_bytes(16), poll_id, q, text) for q, text in texts.items()],
        )
        w.run("UPDATE feedback_polls SET responses = responses + 1 WHERE id = ?", (poll_id,))
        _relay_out(w, poll_id)

    await db.write(count)


# Each table's rows for one poll, in key order; rewritten after every answer (see _relay_out).
_POLL_ROWS = (
    ("feedback_counts", "item, value, count", "item, value"),
    ("feedback_comments", "id, question, body", "id"),
    ("feedback_answered", "handle", "handle"),
)


def _relay_out(w: Work, poll_id: int) -> None:
    """Rewrite the poll's counters, comments and handles in key order, inside the answer's
    transaction, so the file's layout keeps no trace of who answered what.

    SQLite places a new or grown cell where there is free space in the page, so without this the
    physical order of cells is the order in which they were written or grew: the last answer's
    comment sits next to the counters its ticks just grew, which links a comment ("as the
    presenter I felt...") to that person's ticks. Deleted cells are zeroed (secure_delete); the
    caller then checkpoints, so the write-ahead log keeps no earlier state to compare with.
    """
    for table, columns, order in _POLL_ROWS:
        rows = w.rows(
            f"SELECT {columns} FROM {table} WHERE poll_id = ? ORDER BY {order}", (poll_id,)
        )
        w.run(f"DELETE FROM {table} WHERE poll_id = ?", (poll_id,))
        marks = ", ".join("?" * (len(columns.split(",")) + 1))
        w.run_many(
            f"INSERT INTO {table} (poll_id, {columns}) VALUES ({marks})",
            [(poll_id, *tuple(r)) for r in rows],
        )


async def forget_answered(db: Database, key: bytes, user_id: int, group_ids: Iterable[int]) -> None:
    """/forgetme: the member's "has answered" code in these groups' open polls goes (she is off
    the roster and answers no more; kept, it told whoever held the file and the key that she
    had answered). Her answer stays in the totals, as every answer, with no one's name. The
    polls' rows are laid out again and the log emptied whether or not she had a code, so that
    neither the file nor its log changes only for one who had answered."""
    groups = list(group_ids)

    def drop(w: Work) -> None:
        for group_id in groups:
            polls = w.rows(
                "SELECT id, salt FROM feedback_polls WHERE group_id = ? AND status = 'open'",
                (group_id,),
            )
            for poll in polls:
                if poll["salt"] is None or bytes(poll["salt"]) == RESTORED_SALT:
                    continue
                w.run(
                    "DELETE FROM feedback_answered WHERE poll_id = ? AND handle = ?",
                    (poll["id"], _handle(key, bytes(poll["salt"]), poll["id"], user_id)),
                )
                _relay_out(w, poll["id"])

    await db.write(drop)
    await db.forget()


async def non_responders(
    db: Database, poll_id: int, key: bytes, user_ids: Iterable[int]
) -> list[int]:
    """Of these members, those with no handle in the poll's answered table (for the reminder).

    Works only while the poll is open (the salt exists); the answer is used to send private
    reminders and is never stored or shown.
    """
    salt = await db.fetchval(
        "SELECT salt FROM feedback_polls WHERE id = ? AND status = 'open'", (poll_id,)
    )
    if salt is None or bytes(salt) == RESTORED_SALT:
        return []
    rows = await db.fetchall("SELECT handle FROM feedback_answered WHERE poll_id = ?", (poll_id,))
    answered = {r["handle"] for r in rows}
    return [u for u in user_ids if _handle(key, bytes(salt), poll_id, u) not in answered]


async def claim_reminder(db: Database, poll_id: int, now: datetime) -> bool:
    """Record the poll's reminders as planned, their window beginning now (before any is sent:
    nobody is recorded as reminded); False if it was already, or the poll has closed."""
    claimed = await db.changes(
        "UPDATE feedback_polls SET reminded = 1, reminders_from = ? "
        "WHERE id = ? AND reminded = 0 AND status = 'open'",
        (now.isoformat(), poll_id),
    )
    return claimed > 0


DRAWS = 2**48  # a trainee's reminder draw is in [0, DRAWS): its time is window * draw / DRAWS


@dataclass(frozen=True)
class ReminderTurns:
    """Where an open poll's reminders stand, with nothing stored per member: when their window
    began, the draw of the turn taken last (None: none yet), and each trainee's draw, computed
    from the key and the poll's salt (HMAC: independent, uniform, opaque without the key)."""

    starts: datetime
    turn: int | None
    draws: dict[int, int]  # user id -> draw

    def pending(self) -> list[tuple[int, int]]:
        """(draw, user id) of the turns still to take, in their order."""
        return sorted(
            (draw, user)
            for user, draw in self.draws.items()
            if self.turn is None or draw > self.turn
        )

    def last(self) -> int | None:
        """The trainee whose turn was taken last (their reminder may or may not have gone)."""
        return next((user for user, draw in self.draws.items() if draw == self.turn), None)

    def due(self, draw: int, window: timedelta) -> datetime:
        return self.starts + reminder_delay(window, lambda: draw / DRAWS)


def _draw(key: bytes, salt: bytes, poll_id: int, user_id: int) -> int:
    return int(handle(key, salt, "reminder", poll_id, user_id)[:12], 16)


async def reminder_turns(
    db: Database, poll_id: int, key: bytes, user_ids: Iterable[int]
) -> ReminderTurns | None:
    """The reminders' state for these trainees; None if the poll is closed, was not planned
    this way (before migration 0020) or came from a backup (nobody can tell who answered)."""
    row = await db.fetchone(
        "SELECT salt, reminders_from, reminder_turn FROM feedback_polls "
        "WHERE id = ? AND status = 'open' AND reminded = 1",
        (poll_id,),
    )
    if row is None or row["reminders_from"] is None or bytes(row["salt"]) == RESTORED_SALT:
        return None
    salt = bytes(row["salt"])
    return ReminderTurns(
        datetime.fromisoformat(row["reminders_from"]),
        row["reminder_turn"],
        {user: _draw(key, salt, poll_id, user) for user in user_ids},
    )


async def take_turn(db: Database, poll_id: int, draw: int) -> bool:
    """Take the turn of this draw (written before its reminder goes); False if a later or the
    same turn was taken already, or the poll closed."""
    taken = await db.changes(
        "UPDATE feedback_polls SET reminder_turn = ? WHERE id = ? AND status = 'open' "
        "AND (reminder_turn IS NULL OR reminder_turn < ?)",
        (draw, poll_id, draw),
    )
    return taken > 0


async def move_reminders(db: Database, poll_id: int, starts: datetime) -> None:
    """The window begins later (after downtime): the turns to come keep their spacing."""
    await db.execute(
        "UPDATE feedback_polls SET reminders_from = ? WHERE id = ? AND status = 'open'",
        (starts.isoformat(), poll_id),
    )


async def reminders_to_delete(db: Database, group_id: int | None = None) -> list[Poll]:
    """Polls whose reminder DMs may still exist: closed (or, with `group_id`, the group's
    open ones too, at its close) after reminders were planned, and not yet deleted."""
    if group_id is None:
        rows = await db.fetchall(
            "SELECT * FROM feedback_polls WHERE status = 'closed' AND reminded = 1 "
            "AND reminders_deleted = 0 ORDER BY group_id, id"
        )
    else:
        rows = await db.fetchall(
            "SELECT * FROM feedback_polls WHERE group_id = ? AND reminded = 1 "
            "AND reminders_deleted = 0 ORDER BY id",
            (group_id,),
        )
    return [Poll.from_row(r) for r in rows]


async def reminders_deleted(db: Database, poll_ids: Iterable[int]) -> None:
    """The reminders of these (closed) polls are gone from every DM: never looked for again."""
    ids = list(poll_ids)
    if ids:
        marks = ", ".join("?" * len(ids))
        await db.execute(
            f"UPDATE feedback_polls SET reminders_deleted = 1 WHERE status = 'closed' "
            f"AND id IN ({marks})",
            ids,
        )


async def keep_reminders_past_close(db: Database, group_id: int) -> None:
    """The group is about to close (its polls and roster go with it): keep what finding its
    polls' reminders needs until they are deleted (`reminders_past_close`)."""
    await db.execute(
        "INSERT OR IGNORE INTO feedback_reminders_after_close (poll_id, remind_at, user_id) "
        "SELECT p.id, p.remind_at, m.user_id FROM feedback_polls p "
        "JOIN group_members m ON m.group_id = p.group_id "
        "WHERE p.group_id = ? AND p.reminded = 1 AND p.reminders_deleted = 0",
        (group_id,),
    )


async def reminders_past_close(
    db: Database, user_id: int | None = None
) -> list[tuple[dict[int, datetime], frozenset[int]]]:
    """Reminders of closed groups' polls still to delete, as ({poll id: when its reminders
    began}, whose DMs to look in), polls with the same members together; one member's only."""
    rows = await db.fetchall(
        "SELECT poll_id, remind_at, user_id FROM feedback_reminders_after_close"
        + (" WHERE user_id = ?" if user_id is not None else ""),
        (user_id,) if user_id is not None else (),
    )
    since: dict[int, datetime] = {}
    users: dict[int, set[int]] = {}
    for r in rows:
        since[r["poll_id"]] = datetime.fromisoformat(r["remind_at"])
        users.setdefault(r["poll_id"], set()).add(r["user_id"])
    together: dict[frozenset[int], dict[int, datetime]] = {}
    for poll_id, who in users.items():
        together.setdefault(frozenset(who), {})[poll_id] = since[poll_id]
    return [(polls, who) for who, polls in together.items()]


async def reminders_gone_past_close(
    db: Database, poll_ids: Iterable[int], user_id: int | None = None
) -> None:
    """Those reminders are deleted (of one member only, with `user_id`): their rows go."""
    ids = list(poll_ids)
    if not ids:
        return
    marks = ", ".join("?" * len(ids))
    sql = f"DELETE FROM feedback_reminders_after_close WHERE poll_id IN ({marks})"
    params: list[int] = ids
    if user_id is not None:
        sql += " AND user_id = ?"
        params = [*ids, user_id]
    await db.execute(sql, params)


async def close_poll(db: Database, poll_id: int, closed_on: date) -> bool:
    """Close a poll: destroy its salt and forget who answered. False if it was already closed.

    A poll nobody answered has nothing to release or pool: it is marked done and its zero
    counters are dropped, so it does not stretch a later pooled release's period. The files are
    then checkpointed, so the salt is gone from the write-ahead log too.
    """
    closed = await _close_poll(db, poll_id, closed_on)
    if closed:
        await db.forget()
    return closed


async def _close_poll(db: Database, poll_id: int, closed_on: date) -> bool:
    def close(w: Work) -> bool:
        closed = w.run(
            "UPDATE feedback_polls SET status = 'closed', salt = NULL, closed_on = ?, "
            "reminder_turn = NULL WHERE id = ? AND status = 'open'",
            (closed_on.isoformat(), poll_id),
        )
        w.run("DELETE FROM feedback_answered WHERE poll_id = ?", (poll_id,))
        if closed.rowcount == 0:
            return False
        empty = w.run(
            "UPDATE feedback_polls SET counts_released = 1, comments_released = 1 "
            "WHERE id = ? AND responses = 0",
            (poll_id,),
        )
        if empty.rowcount:
            w.run("DELETE FROM feedback_counts WHERE poll_id = ?", (poll_id,))
        return True

    return await db.write(close)


async def polls_due(db: Database, now: datetime) -> tuple[list[Poll], list[Poll]]:
    """(open polls past their closing time, open polls whose reminder is due) at `now`."""
    when = now.isoformat()
    to_close = await db.fetchall(
        "SELECT * FROM feedback_polls WHERE status = 'open' AND closes_at <= ? ORDER BY closes_at",
        (when,),
    )
    to_remind = await db.fetchall(
        "SELECT * FROM feedback_polls WHERE status = 'open' AND reminded = 0 AND remind_at <= ? "
        "AND closes_at > ? ORDER BY remind_at",
        (when, when),
    )
    return [Poll.from_row(r) for r in to_close], [Poll.from_row(r) for r in to_remind]


# -- release ----------------------------------------------------------------------------------


async def _tally(db: Database, poll: Poll) -> Tally:
    rows = await db.fetchall(
        "SELECT item, value, count FROM feedback_counts WHERE poll_id = ?", (poll.id,)
    )
    got = {(r["item"], r["value"]): r["count"] for r in rows}
    counts = {
        item.key: tuple(got.get((item.key, v), 0) for v in SCALES[item.scale].points)
        for item in poll.items
    }
    return Tally(poll.responses, counts)


async def pending_batches(db: Database, group_id: int, kind: Kind) -> list[Batch]:
    """Closed polls of one series with counts or comments not yet shown, oldest first."""
    # A pulse is dated by its session (what leaders and the CSV's first/last_session mean), a
    # survey by the day it closed.
    rows = await db.fetchall(
        "SELECT p.*, COALESCE(s.local_date, p.closed_on) AS dated FROM feedback_polls p "
        "LEFT JOIN sessions s ON s.id = p.session_id WHERE p.group_id = ? AND p.kind = ? "
        "AND p.status = 'closed' AND (p.counts_released = 0 OR (p.comments_released = 0 AND "
        "EXISTS (SELECT 1 FROM feedback_comments c WHERE c.poll_id = p.id))) "
        "ORDER BY dated, p.id",
        (group_id, kind),
    )
    batches = []
    for row in rows:
        poll = Poll.from_row(row)
        comments = await db.fetchall(
            "SELECT question, body FROM feedback_comments WHERE poll_id = ? ORDER BY id",
            (poll.id,),
        )
        batches.append(
            Batch(
                poll_id=poll.id,
                label=poll.label,
                closed_on=date.fromisoformat(row["dated"] or "1970-01-01"),
                tally=(
                    await _tally(db, poll)
                    if not poll.counts_released
                    else Tally(poll.responses, {})  # counts shown before; only the size counts
                ),
                comments=tuple(f"{c['question']}{SEPARATOR}{c['body']}" for c in comments),
                counts_released=poll.counts_released,
            )
        )
    return batches


def split_comment(comment: str) -> tuple[str, str]:
    """(question key, text) of a released comment."""
    question, sep, text = comment.partition(SEPARATOR)
    return (question, text) if sep else ("comment", comment)


@dataclass(frozen=True)
class StoredRelease:
    id: int
    group_id: int
    kind: str
    released_at: datetime
    k: int
    comment_k: int
    release: Release
    shared_at: str | None
    shared_message_id: int | None


async def save_release(
    db: Database,
    group_id: int,
    kind: Kind,
    release: Release,
    *,
    k: int,
    comment_k: int,
    now: datetime,
) -> int:
    """Store a release and mark its polls; drop the per-poll counters and comments it consumed.

    After this only the pooled aggregate (>= k responses) and the released comments remain.
    """
    if not release.released:
        raise ValueError("only a release that shows something is stored")

    def save(w: Work) -> int:
        release_id = w.run(
            "INSERT INTO feedback_releases (group_id, kind, released_at, k, comment_k, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (group_id, kind, now.isoformat(), k, comment_k, release_to_json(release)),
        ).lastrowid
        for poll_id in release.poll_ids:
            w.run("UPDATE feedback_polls SET counts_released = 1 WHERE id = ?", (poll_id,))
            w.run("DELETE FROM feedback_counts WHERE poll_id = ?", (poll_id,))
        for poll_id in release.comment_poll_ids:
            w.run("UPDATE feedback_polls SET comments_released = 1 WHERE id = ?", (poll_id,))
            w.run("DELETE FROM feedback_comments WHERE poll_id = ?", (poll_id,))
        return release_id or 0

    return await db.write(save)


def _stored(row: aiosqlite.Row) -> StoredRelease:
    return StoredRelease(
        id=row["id"],
        group_id=row["group_id"],
        kind=row["kind"],
        released_at=datetime.fromisoformat(row["released_at"]),
        k=row["k"],
        comment_k=row["comment_k"],
        release=release_from_json(row["body"]),
        shared_at=row["shared_at"],
        shared_message_id=row["shared_message_id"],
    )


async def releases(db: Database, group_id: int, kind: str | None = None) -> list[StoredRelease]:
    """A group's releases, oldest first (optionally of one kind)."""
    sql = "SELECT * FROM feedback_releases WHERE group_id = ?"
    params: list[Any] = [group_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    return [_stored(r) for r in await db.fetchall(sql + " ORDER BY id", params)]


async def get_release(db: Database, release_id: int) -> StoredRelease | None:
    row = await db.fetchone("SELECT * FROM feedback_releases WHERE id = ?", (release_id,))
    return _stored(row) if row else None


async def mark_shared(db: Database, release_id: int, now: datetime) -> bool:
    """Claim the one sharing of a release's summary; False if it was shared before."""
    claimed = await db.changes(
        "UPDATE feedback_releases SET shared_at = ? WHERE id = ? AND shared_at IS NULL",
        (now.isoformat(), release_id),
    )
    return claimed > 0


async def unmark_shared(db: Database, release_id: int) -> None:
    """Undo a claim whose post failed, so a leader can try again."""
    await db.execute(
        "UPDATE feedback_releases SET shared_at = NULL, shared_message_id = NULL WHERE id = ?",
        (release_id,),
    )


async def set_shared_message(db: Database, release_id: int, message_id: int) -> None:
    await db.execute(
        "UPDATE feedback_releases SET shared_message_id = ? WHERE id = ?", (message_id, release_id)
    )


# -- thresholds --------------------------------------------------------------------------------


async def thresholds(
    db: Database, group_id: int, default_k: int, default_ck: int
) -> tuple[int, int]:
    """The group's (k, comment k): its own if set, else the settings' defaults."""
    row = await db.fetchone(
        "SELECT min_responses, min_comments FROM feedback_thresholds WHERE group_id = ?",
        (group_id,),
    )
    if row is None:
        return default_k, max(default_ck, default_k)
    return row["min_responses"], row["min_comments"]


async def set_thresholds(db: Database, group_id: int, k: int, comment_k: int) -> None:
    """Store a group's thresholds (validated: k >= 3, comment k >= k)."""
    validate_comment_threshold(comment_k, k)
    await db.execute(
        "INSERT INTO feedback_thresholds (group_id, min_responses, min_comments) VALUES (?, ?, ?) "
        "ON CONFLICT (group_id) DO UPDATE SET min_responses = excluded.min_responses, "
        "min_comments = excluded.min_comments",
        (group_id, k, comment_k),
    )


# -- Release <-> JSON ---------------------------------------------------------------------------


def release_to_json(release: Release) -> str:
    tally = release.tally
    return json.dumps(
        {
            "released": release.released,
            "responses": release.responses,
            "poll_ids": list(release.poll_ids),
            "labels": list(release.labels),
            "first_closed": release.first_closed.isoformat() if release.first_closed else None,
            "last_closed": release.last_closed.isoformat() if release.last_closed else None,
            "tally": (
                {
                    "responses": tally.responses,
                    "counts": {k: list(v) for k, v in tally.counts.items()},
                }
                if tally is not None
                else None
            ),
            "suppressed_items": list(release.suppressed_items),
            "comments": list(release.comments),
            "comment_poll_ids": list(release.comment_poll_ids),
            "comments_withheld": release.comments_withheld,
            "notes": list(release.notes),
        },
        sort_keys=True,
    )


def release_from_json(text: str) -> Release:
    d = json.loads(text)
    tally = d.get("tally")
    return Release(
        released=d["released"],
        responses=d["responses"],
        poll_ids=tuple(d["poll_ids"]),
        labels=tuple(d["labels"]),
        first_closed=date.fromisoformat(d["first_closed"]) if d["first_closed"] else None,
        last_closed=date.fromisoformat(d["last_closed"]) if d["last_closed"] else None,
        tally=(
            Tally(tally["responses"], {k: tuple(v) for k, v in tally["counts"].items()})
            if tally
            else None
        ),
        suppressed_items=tuple(d["suppressed_items"]),
        comments=tuple(d["comments"]),
        comment_poll_ids=tuple(d["comment_poll_ids"]),
        comments_withheld=d["comments_withheld"],
        notes=tuple(d["notes"]),
    )
