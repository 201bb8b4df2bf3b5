"""Queries for anonymous case drafts, the messages that showed them, and leaders' questions.

No function here stores a user id readable without the key: an author is passed in to compute or
compare a handle (HMAC under the bot's key and the draft's own salt), which is all the drafts keep,
or, for a DM to delete after its draft is gone, sealed under the key (`bot.store.to_delete`). Finding
"my drafts" therefore means recomputing the handle against each open draft's salt (a few HMACs).

Draft ids are random (not 1, 2, 3...), so a draft's number says nothing about when it was written
or in what order. Leaders see drafts in rounds (cogs/drafts/_hourly_rounds.py): a draft is "released" to
them when it has a current 'card' row; an edit or an answer sets that card aside (it becomes a
'leaders' row, deleted with the next round), and the next round shows the draft again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta

import aiosqlite

from bot.domain import drafts as rules
from bot.domain.anonymity import handle, new_salt, open_id, seal_id
from bot.domain.drafts import CLOSED, OPEN, DraftStatus
from bot.store.db import Database, Work
from bot.store.sessions import Session

__all__ = ["CLOSED", "OPEN", "DraftStatus"]  # the statuses, for the cogs that filter by them
ID_RANGE = (100_000, 1_000_000)  # six digits: short to say aloud, random so they carry no order
# A 'card' row without a message: the draft was shown to leaders through /draft review (a group
# without a leaders' channel). Nothing to delete in Discord.
NO_MESSAGE = 0


class TooManyDrafts(Exception):
    """The author already has the maximum number of open drafts for the session."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} open drafts per author per session")
        self.limit = limit


@dataclass(frozen=True)
class Draft:
    id: int
    session_id: int
    group_id: int
    author_handle: str
    salt: bytes
    theme: str
    body: str
    first_name: str | None
    status: DraftStatus
    reject_reason: str | None
    author_told: bool
    seen_theme: str | None = None
    seen_body: str | None = None
    seen_first_name: str | None = None
    seen_status: DraftStatus | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def fingerprint(self) -> str:
        """A short digest of the text, so a button made for one version cannot act on another."""
        text = "\x1f".join((self.theme, self.body, self.first_name or ""))
        return hashlib.sha256(text.encode()).hexdigest()[:10]

    @property
    def is_seen_open(self) -> bool:
        """Open as the leaders last saw it (a withdrawal shows only with the next round)."""
        return rules.seen_open(self.status, self.seen_status)

    def as_seen(self) -> Draft:
        """The draft as the leaders saw it at the last round: what every leader view shows."""
        if self.seen_status is None or self.seen_theme is None or self.seen_body is None:
            return self
        return replace(
            self,
            theme=self.seen_theme,
            body=self.seen_body,
            first_name=self.seen_first_name,
            status=self.seen_status,
        )

    def is_by(self, key: bytes, user_id: int) -> bool:
        """Whether this user wrote the draft (constant-time comparison of handles)."""
        return hmac.compare_digest(
            author_handle(key, self.salt, self.group_id, user_id), self.author_handle
        )

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Draft:
        values = {f.name: row[f.name] for f in fields(cls)}
        values["author_told"] = bool(values["author_told"])
        values["salt"] = bytes(values["salt"])
        values["status"] = DraftStatus(values["status"])
        if values["seen_status"] is not None:
            values["seen_status"] = DraftStatus(values["seen_status"])
        return cls(**values)


@dataclass(frozen=True)
class ShownMessage:
    """A message that showed a draft. channel_id None: in the author's DMs (found via the handle;
    its id is stored sealed, under `row_key`, see `add_author_message`)."""

    draft_id: int
    kind: str
    channel_id: int | None
    message_id: int
    row_key: int  # the row's message_id column: the id itself, or an author row's nonce

    @property
    def on_its_way(self) -> bool:
        """A message recorded before it went, not completed: `message_id` is its fingerprint."""
        return self.message_id < 0


@dataclass(frozen=True)
class Question:
    id: int
    draft_id: int
    question: str
    answer: str | None
    seen_answer: str | None = None

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Question:
        return cls(row["id"], row["draft_id"], row["question"], row["answer"], row["seen_answer"])


def author_handle(key: bytes, salt: bytes, group_id: int, user_id: int) -> str:
    return handle(key, salt, group_id, user_id)


def _by(drafts: Iterable[Draft], key: bytes, user_id: int) -> list[Draft]:
    return [d for d in drafts if d.is_by(key, user_id)]


# -- drafts -------------------------------------------------------------------------------------


class NoSuchSession(Exception):
    """The draft's session is gone, or is not its group's."""


async def create_draft_in_session(
    db: Database,
    *,
    key: bytes,
    session_id: int,
    group_id: int,
    user_id: int,
    theme: str,
    body: str,
    first_name: str | None,
    max_open: int,
    takes_drafts: Callable[[Session], None],
) -> tuple[Draft, Session]:
    """Store a new pending draft; refuses (TooManyDrafts) past the per-author limit, atomically.
    The session is read in the same transaction and `takes_drafts(session)` (a rule: it raises
    to refuse) decided there: a new draft's read and write in one hop to the store's thread. Raises NoSuchSession if the session is gone or not the
    group's."""

    def create(w: Work) -> tuple[Draft, Session]:
        row = w.row("SELECT * FROM sessions WHERE id = ? AND group_id = ?", (session_id, group_id))
        if row is None:
            raise NoSuchSession
        session = Session.from_row(row)
        takes_drafts(session)
        draft = _create(w, key, session_id, group_id, user_id, theme, body, first_name, max_open)
        return draft, session

    return await db.write(create)


def _create(
    w: Work,
    key: bytes,
    session_id: int,
    group_id: int,
    user_id: int,
    theme: str,
    body: str,
    first_name: str | None,
    max_open: int,
) -> Draft:
    """The new draft's row, in the caller's transaction (see create_draft_in_session)."""
    rows = w.rows(
        "SELECT * FROM drafts WHERE session_id = ? AND status IN ('pending', 'approved')",
        (session_id,),
    )
    if len(_by((Draft.from_row(r) for r in rows), key, user_id)) >= max_open:
        raise TooManyDrafts(max_open)
    salt = new_salt()
    draft_id = _free_id(w)
    w.run(
        "INSERT INTO drafts (id, session_id, group_id, author_handle, salt, theme, body, "
        "first_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            draft_id,
            session_id,
            group_id,
            author_handle(key, salt, group_id, user_id),
            salt,
            theme,
            body,
            first_name,
        ),
    )
    row = w.row("SELECT * FROM drafts WHERE id = ?", (draft_id,))
    assert row is not None  # written in this transaction
    return Draft.from_row(row)


def _free_id(w: Work) -> int:
    """A random draft id not in use (sequential ids would tell the order drafts were written)."""
    while True:
        candidate = secrets.randbelow(ID_RANGE[1] - ID_RANGE[0]) + ID_RANGE[0]
        if w.row("SELECT 1 FROM drafts WHERE id = ?", (candidate,)) is None:
            return candidate


async def rejections_waiting_for(
    db: Database, *, key: bytes, group_id: int, user_id: int, told: bool = False
) -> list[Draft]:
    """A user's rejected drafts whose reason no DM could deliver: it waits in /draft mine.
    `told`: those whose reason went by DM instead (kept, without text, until they expire)."""
    rows = await db.fetchall(
        "SELECT * FROM drafts WHERE group_id = ? AND status = 'rejected' AND author_told = ? "
        "ORDER BY theme COLLATE NOCASE, id",
        (group_id, int(told)),
    )
    return _by((Draft.from_row(r) for r in rows), key, user_id)


async def open_count(db: Database, *, key: bytes, session_id: int, user_id: int) -> int:
    """How many open drafts this user has for the session (recomputed, never stored)."""
    return len(_by(await drafts_of_session(db, session_id, OPEN), key, user_id))


async def get_draft(db: Database, draft_id: int) -> Draft | None:
    row = await db.fetchone("SELECT * FROM drafts WHERE id = ?", (draft_id,))
    return Draft.from_row(row) if row else None


async def drafts_by(db: Database, *, key: bytes, group_id: int, user_id: int) -> list[Draft]:
    """A user's open drafts in a group, soonest session first, then by theme (for /draft mine:
    ids are random, so their order would shuffle the author's list)."""
    rows = await db.fetchall(
        "SELECT d.* FROM drafts d JOIN sessions s ON s.id = d.session_id "
        "WHERE d.group_id = ? AND d.status IN ('pending', 'approved') "
        "ORDER BY s.starts_at, d.theme COLLATE NOCASE, d.id",
        (group_id,),
    )
    return _by((Draft.from_row(r) for r in rows), key, user_id)


async def drafts_of_session(
    db: Database, session_id: int, statuses: Sequence[DraftStatus] = OPEN
) -> list[Draft]:
    marks = ", ".join("?" * len(statuses))
    rows = await db.fetchall(
        f"SELECT * FROM drafts WHERE session_id = ? AND status IN ({marks}) ORDER BY id",
        (session_id, *statuses),
    )
    return [Draft.from_row(r) for r in rows]


async def drafts_of_group(db: Database, group_id: int) -> list[Draft]:
    """Every draft of a group, whatever its state (a closing group deletes them all)."""
    rows = await db.fetchall("SELECT * FROM drafts WHERE group_id = ?", (group_id,))
    return [Draft.from_row(r) for r in rows]


async def update_text(
    db: Database, draft_id: int, *, theme: str, body: str, first_name: str | None
) -> Draft | None:
    """The author's edit: new text, back to 'pending' for review. None if no longer open."""

    def edit(w: Work) -> Draft | None:
        edited = w.run(
            "UPDATE drafts SET theme = ?, body = ?, first_name = ?, status = 'pending' "
            "WHERE id = ? AND status IN ('pending', 'approved')",
            (theme, body, first_name, draft_id),
        )
        if edited.rowcount == 0:
            return None
        row = w.row("SELECT * FROM drafts WHERE id = ?", (draft_id,))
        assert row is not None  # written in this transaction
        return Draft.from_row(row)

    return await db.write(edit)


async def set_status(
    db: Database,
    draft_id: int,
    status: DraftStatus,
    *,
    allowed_from: Sequence[DraftStatus] = OPEN,
    reason: str | None = None,
) -> bool:
    """Move a draft to a status if it is in one of allowed_from; False if it was not (a race)."""
    marks = ", ".join("?" * len(allowed_from))
    changed = await db.changes(
        f"UPDATE drafts SET status = ?, reject_reason = ? WHERE id = ? AND status IN ({marks})",
        (status, reason, draft_id, *allowed_from),
    )
    return changed > 0


async def reject_seen(db: Database, draft_id: int, reason: str) -> str | None:
    """A leader rejects the draft they saw (bot.domain.drafts.reject decides what it does). None if
    the leaders' version was not open; else the status it had ('withdrawn': nothing to tell its
    author)."""

    def reject(w: Work) -> str | None:
        row = w.row("SELECT * FROM drafts WHERE id = ?", (draft_id,))
        if row is None:
            return None
        draft = Draft.from_row(row)
        review = rules.reject(status=draft.status, seen_status=draft.seen_status)
        if review is None:
            return None
        kept = reason if review.status == DraftStatus.REJECTED else None
        w.run(
            "UPDATE drafts SET seen_status = ?, status = ?, reject_reason = ? WHERE id = ?",
            (review.seen_status, review.status, kept, draft_id),
        )
        return draft.status

    return await db.write(reject)


async def mark_author_told(db: Database, draft_id: int) -> None:
    await db.execute("UPDATE drafts SET author_told = 1 WHERE id = ?", (draft_id,))


async def strip_told_rejection(db: Database, draft_id: int) -> None:
    """A rejection its author has by DM: the row keeps no text (theme, paragraph, name, reason,
    questions), only what finds and deletes that DM (the salt, its record) with the rest of the
    session's drafts at their expiry; checkpointed so the text leaves the write-ahead log too."""

    def strip(w: Work) -> None:
        w.run(
            "UPDATE drafts SET theme = '-', body = '-', first_name = NULL, reject_reason = NULL, "
            "seen_theme = NULL, seen_body = NULL, seen_first_name = NULL "
            "WHERE id = ? AND status = 'rejected' AND author_told = 1",
            (draft_id,),
        )
        w.run("DELETE FROM draft_questions WHERE draft_id = ?", (draft_id,))
        w.run("DELETE FROM draft_agenda_lines WHERE draft_id = ?", (draft_id,))

    await db.write(strip)
    await db.forget()


async def unlink_draft(db: Database, draft_id: int) -> None:
    """Give a draft a fresh random salt and handle (/forgetme on a draft the leaders have seen):
    its text stays until it expires as usual, so its going names nobody, and nobody, the running
    bot included, can find its author again. Checkpointed so the old salt leaves the log too."""
    await db.execute(
        "UPDATE drafts SET salt = ?, author_handle = ? WHERE id = ?",
        (new_salt(), secrets.token_hex(32), draft_id),
    )
    await db.forget()


async def delete_draft(db: Database, draft_id: int) -> None:
    """Delete a draft with its salt, its message records and questions (the salt goes with it),
    then checkpoint so its text and salt are gone from the write-ahead log too."""

    def delete(w: Work) -> None:
        w.run("DELETE FROM draft_agenda_lines WHERE draft_id = ?", (draft_id,))
        w.run("DELETE FROM drafts WHERE id = ?", (draft_id,))

    await db.write(delete)
    await db.forget()


async def closed_drafts(db: Database) -> list[Draft]:
    """Rejected or withdrawn drafts whose clean-up did not finish (e.g. a crash); to delete now."""
    rows = await db.fetchall(
        "SELECT * FROM drafts WHERE status IN ('rejected', 'withdrawn') ORDER BY id"
    )
    return [Draft.from_row(r) for r in rows]


async def drafts_of_dropped_sessions(db: Database) -> list[Draft]:
    """Drafts of sessions that were skipped or cancelled (normally deleted at once)."""
    rows = await db.fetchall(
        "SELECT d.* FROM drafts d JOIN sessions s ON s.id = d.session_id "
        "WHERE s.status != 'scheduled' ORDER BY d.id"
    )
    return [Draft.from_row(r) for r in rows]


async def expired_drafts(db: Database, now: datetime, expiry: timedelta) -> list[Draft]:
    """Drafts whose session ended more than `expiry` ago, or was skipped or cancelled."""
    rows = await db.fetchall(
        "SELECT d.*, s.ends_at AS session_ends_at, s.status AS session_status "
        "FROM drafts d JOIN sessions s ON s.id = d.session_id ORDER BY d.id"
    )
    return [
        Draft.from_row(r)
        for r in rows
        if r["session_status"] != "scheduled"
        or datetime.fromisoformat(r["session_ends_at"]) + expiry <= now
    ]


# -- messages that showed a draft ---------------------------------------------------------------


async def add_message(
    db: Database, draft_id: int, kind: str, channel_id: int, message_id: int
) -> None:
    """A message in a server channel that showed a draft (a card, a post to the leaders); before
    it goes, `message_id` is its sent fingerprint (see `sent_message`)."""
    await db.execute(
        "INSERT OR IGNORE INTO draft_messages (draft_id, kind, channel_id, message_id) "
        "VALUES (?, ?, ?, ?)",
        (draft_id, kind, channel_id, message_id),
    )


async def add_author_message(db: Database, draft: Draft, key: bytes, message_id: int) -> int:
    """A DM to the draft's author, recorded without its channel and with its id sealed under the
    bot's key and the draft's salt (with the bot's token, a DM's id finds its recipient). The
    row's message_id is a random nonce for the pad, returned. Before the DM goes, `message_id`
    is its `sent_fingerprint` (negative: the DM is on its way, see `ShownMessage.on_its_way`),
    completed with `sent_author_message` once Discord gives its id."""

    def add(w: Work) -> int:
        while True:
            nonce = secrets.randbelow(2**62) + 1
            sealed = seal_id(key, draft.salt, nonce, message_id)
            done = w.run(
                "INSERT OR IGNORE INTO draft_messages (draft_id, kind, channel_id, message_id, "
                "sealed) VALUES (?, 'author', NULL, ?, ?)",
                (draft.id, nonce, sealed),
            )
            if done.rowcount:
                return nonce

    return await db.write(add)


async def sent_author_message(
    db: Database, draft: Draft, shown: ShownMessage, key: bytes, message_id: int
) -> bool:
    """The DM on its way went: its record gets its id, sealed; False if the record is gone or
    can no longer find its author (the draft went, or was unlinked, meanwhile)."""

    def complete(w: Work) -> bool:
        if w.row("SELECT 1 FROM drafts WHERE id = ? AND salt = ?", (draft.id, draft.salt)) is None:
            return False
        done = w.run(
            "UPDATE draft_messages SET sealed = ? WHERE draft_id = ? AND message_id = ? "
            "AND kind = 'author'",
            (seal_id(key, draft.salt, shown.row_key, message_id), draft.id, shown.row_key),
        )
        return bool(done.rowcount)

    return await db.write(complete)


async def messages_on_their_way(db: Database, key: bytes) -> list[ShownMessage]:
    """Every message recorded before it went and not completed (a stop in between, or one
    still being sent): a post to the leaders (its message_id the sent fingerprint) or a DM to
    an author (opened with the key)."""
    rows = await db.fetchall(
        "SELECT m.*, d.salt FROM draft_messages m JOIN drafts d ON d.id = m.draft_id "
        "WHERE (m.kind = 'author' AND m.sealed IS NOT NULL) OR m.message_id < 0 "
        "ORDER BY m.draft_id"
    )
    opened = [_shown(r, key) for r in rows]
    return [m for m in opened if m.on_its_way]


async def sent_message(db: Database, shown: ShownMessage, message_id: int) -> bool:
    """The post on its way to a server channel went: its record gets its id (Discord may give
    back one recorded already, for a nonce it knew: the record on its way then goes); False if
    the draft went meanwhile."""

    def complete(w: Work) -> bool:
        w.run(
            "UPDATE OR IGNORE draft_messages SET message_id = ? "
            "WHERE draft_id = ? AND message_id = ?",
            (message_id, shown.draft_id, shown.row_key),
        )
        w.run(
            "DELETE FROM draft_messages WHERE draft_id = ? AND message_id = ?",
            (shown.draft_id, shown.row_key),
        )
        found = w.row(
            "SELECT 1 FROM draft_messages WHERE draft_id = ? AND message_id = ?",
            (shown.draft_id, message_id),
        )
        return found is not None

    return await db.write(complete)


async def seal_author_messages(db: Database, key: bytes) -> int:
    """Seal the author DM ids stored plain before migration 0019 (at start: SQL has no key);
    how many. The caller empties the write-ahead log."""

    def seal(w: Work) -> int:
        rows = w.rows(
            "SELECT m.draft_id, m.message_id, d.salt FROM draft_messages m "
            "JOIN drafts d ON d.id = m.draft_id "
            "WHERE m.kind = 'author' AND m.sealed IS NULL AND m.message_id != ?",
            (NO_MESSAGE,),
        )
        for row in rows:
            nonce = secrets.randbelow(2**62) + 1
            w.run(
                "UPDATE draft_messages SET message_id = ?, sealed = ? "
                "WHERE draft_id = ? AND message_id = ?",
                (
                    nonce,
                    seal_id(key, bytes(row["salt"]), nonce, row["message_id"]),
                    row["draft_id"],
                    row["message_id"],
                ),
            )
        return len(rows)

    return await db.write(seal)


async def messages_of(
    db: Database,
    draft_id: int,
    kinds: Sequence[str] = ("card", "leaders", "author"),
    *,
    key: bytes | None = None,
) -> list[ShownMessage]:
    """The messages that showed a draft; the author's DMs opened with `key` (needed for them)."""
    marks = ", ".join("?" * len(kinds))
    rows = await db.fetchall(
        f"SELECT m.*, d.salt FROM draft_messages m JOIN drafts d ON d.id = m.draft_id "
        f"WHERE m.draft_id = ? AND m.kind IN ({marks}) ORDER BY m.message_id",
        (draft_id, *kinds),
    )
    return [_shown(r, key) for r in rows]


def _shown(r: aiosqlite.Row, key: bytes | None) -> ShownMessage:
    message_id = r["message_id"]
    if r["sealed"] is not None:
        if key is None:
            raise ValueError("the author's DMs are sealed: pass the bot's key")
        message_id = open_id(key, bytes(r["salt"]), r["message_id"], bytes(r["sealed"]))
    return ShownMessage(r["draft_id"], r["kind"], r["channel_id"], message_id, r["message_id"])


async def mark_shown(db: Database, draft_id: int) -> None:
    """Released to the leaders without a card message (they read it with /draft review)."""
    await db.execute(
        "INSERT INTO draft_messages (draft_id, kind, channel_id, message_id) "
        "VALUES (?, 'card', 0, ?) ON CONFLICT (draft_id, message_id) DO UPDATE SET kind = 'card'",
        (draft_id, NO_MESSAGE),
    )


async def due_for_round(db: Database) -> list[Draft]:
    """Open drafts the leaders have not seen as they are now (new, edited, answered, or approved
    by a leader in a version older than the author's)."""
    rows = await db.fetchall(
        "SELECT * FROM drafts d WHERE d.status IN ('pending', 'approved') AND ("
        "d.seen_status IS NULL OR d.seen_status IS NOT d.status OR d.seen_theme IS NOT d.theme "
        "OR d.seen_body IS NOT d.body OR d.seen_first_name IS NOT d.first_name OR EXISTS "
        "(SELECT 1 FROM draft_questions q WHERE q.draft_id = d.id "
        "AND q.answer IS NOT q.seen_answer)) ORDER BY d.group_id, d.id"
    )
    return [Draft.from_row(r) for r in rows]


async def mark_seen(db: Database, draft_id: int) -> None:
    """A round showed the draft as it is now: that is what leader views show until the next."""

    def seen(w: Work) -> None:
        w.run(
            "UPDATE drafts SET seen_theme = theme, seen_body = body, seen_first_name = "
            "first_name, seen_status = status WHERE id = ?",
            (draft_id,),
        )
        w.run("UPDATE draft_questions SET seen_answer = answer WHERE draft_id = ?", (draft_id,))

    await db.write(seen)


async def seen_drafts_in_group(db: Database, group_id: int) -> list[Draft]:
    """The group's drafts as the leaders saw them at the last round, soonest session first
    (withdrawn or edited since: still as they were, until the next round)."""
    rows = await db.fetchall(
        "SELECT d.* FROM drafts d JOIN sessions s ON s.id = d.session_id "
        "WHERE d.group_id = ? AND d.seen_status IN ('pending', 'approved') "
        "AND d.status != 'rejected' ORDER BY s.starts_at, d.seen_status DESC, d.id",
        (group_id,),
    )
    return [Draft.from_row(r).as_seen() for r in rows]


async def approve_seen(db: Database, draft_id: int, fingerprint: str) -> str | None:
    """A leader approves the version they saw (its fingerprint; bot.domain.drafts.approve decides
    what that does). None if the leaders' version was not waiting for review; else the draft's
    status after."""

    def approve(w: Work) -> str | None:
        row = w.row("SELECT * FROM drafts WHERE id = ?", (draft_id,))
        if row is None:
            return None
        draft = Draft.from_row(row)
        review = rules.approve(
            status=draft.status,
            seen_status=draft.seen_status,
            fingerprint=draft.fingerprint,
            seen_fingerprint=draft.as_seen().fingerprint,
            pressed=fingerprint,
        )
        if review is None:
            return None
        w.run(
            "UPDATE drafts SET seen_status = ?, status = ? WHERE id = ?",
            (review.seen_status, review.status, draft_id),
        )
        return str(review.status)

    return await db.write(approve)


async def was_shown(db: Database, draft_id: int) -> bool:
    """Whether the leaders have ever been shown this draft (a card, current or set aside)."""
    found = await db.fetchval(
        "SELECT 1 FROM draft_messages WHERE draft_id = ? AND kind IN ('card', 'leaders') LIMIT 1",
        (draft_id,),
    )
    return found is not None


async def forget_message(db: Database, shown: ShownMessage) -> None:
    """The message is gone from Discord: its row goes too."""
    await db.execute(
        "DELETE FROM draft_messages WHERE draft_id = ? AND message_id = ?",
        (shown.draft_id, shown.row_key),
    )


# -- questions ----------------------------------------------------------------------------------


async def add_question(db: Database, draft_id: int, question: str) -> Question:
    qid = await db.execute(
        "INSERT INTO draft_questions (draft_id, question) VALUES (?, ?)", (draft_id, question)
    )
    return Question(qid, draft_id, question, None)


async def get_question(db: Database, question_id: int) -> Question | None:
    row = await db.fetchone("SELECT * FROM draft_questions WHERE id = ?", (question_id,))
    return Question.from_row(row) if row else None


async def answer_question(db: Database, question_id: int, answer: str) -> bool:
    """Record the author's answer once; False if already answered (or gone)."""
    answered = await db.changes(
        "UPDATE draft_questions SET answer = ? WHERE id = ? AND answer IS NULL",
        (answer, question_id),
    )
    return answered > 0


async def questions_of(db: Database, draft_id: int, *, seen: bool = False) -> list[Question]:
    """A draft's questions; `seen`: each answer as the leaders saw it at the last round (an
    answer given since shows as none yet, until the next round)."""
    rows = await db.fetchall(
        "SELECT * FROM draft_questions WHERE draft_id = ? ORDER BY id", (draft_id,)
    )
    found = [Question.from_row(r) for r in rows]
    return [replace(q, answer=q.seen_answer) for q in found] if seen else found


# -- the agenda ---------------------------------------------------------------------------------


async def record_agenda_lines(
    db: Database, session_id: int, lines: Sequence[tuple[int, str]]
) -> None:
    """Remember the lines given to a session's agenda post (draft id, or 0 for the heading)."""
    await db.executemany(
        "INSERT OR IGNORE INTO draft_agenda_lines (session_id, draft_id, line) VALUES (?, ?, ?)",
        [(session_id, draft_id, line) for draft_id, line in lines],
    )


async def agenda_lines(db: Database, session_id: int) -> list[tuple[int, str]]:
    rows = await db.fetchall(
        "SELECT draft_id, line FROM draft_agenda_lines WHERE session_id = ?", (session_id,)
    )
    return [(r["draft_id"], r["line"]) for r in rows]


async def agenda_decided(db: Database, session_id: int) -> bool:
    """Whether the session's agenda post has gone out (or is going out) already."""
    status = await db.fetchval(
        "SELECT status FROM deliveries WHERE session_id = ? AND kind = 'agenda'", (session_id,)
    )
    return status in ("claimed", "sent")


async def forget_agenda_lines(db: Database, session_id: int, lines: Iterable[str]) -> None:
    await db.executemany(
        "DELETE FROM draft_agenda_lines WHERE session_id = ? AND line = ?",
        [(session_id, line) for line in lines],
    )
