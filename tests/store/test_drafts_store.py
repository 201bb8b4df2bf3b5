"""Anonymous drafts in a real SQLite file: handles instead of user ids, limits, expiry, deletion."""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.domain.drafts import DraftStatus
from bot.sandbox.world import STORED_GROUP
from bot.store import drafts as store
from bot.store import groups
from bot.store.db import Database
from bot.store.drafts import Draft
from bot.store.groups import Group
from bot.store.sessions import Session, session_on

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)
KEY = bytes.fromhex("11" * 32)
OTHER_KEY = bytes.fromhex("22" * 32)
ALICE, BOB = 900_000_000_000_000_001, 900_000_000_000_000_002
GROUP = STORED_GROUP


def _any_session(session: Session) -> None:
    """Every session takes drafts here: the store's own rules are under test, not the domain's."""


Setup = tuple[Group, Session, Session]


@pytest.fixture
async def setup(db: Database) -> Setup:
    group = await groups.create_group(db, now=NOW, **GROUP)
    first = await session_on(db, group.id, datetime(2026, 9, 3).date())
    second = await session_on(db, group.id, datetime(2026, 9, 10).date())
    assert first is not None and second is not None
    return group, first, second


async def new(
    db: Database,
    group: Group,
    session: Session,
    user_id: int,
    theme: str = "feeling useless",
    max_open: int = 3,
    key: bytes = KEY,
) -> Draft:
    return (
        await store.create_draft_in_session(
            db,
            key=key,
            session_id=session.id,
            group_id=group.id,
            user_id=user_id,
            theme=theme,
            body="She makes me feel I can never do enough.",
            first_name="Sam",
            max_open=max_open,
            takes_drafts=_any_session,
        )
    )[0]


async def test_a_draft_stores_a_handle_never_the_user_id(db: Database, setup: Setup) -> None:
    group, first, _ = setup
    draft = await new(db, group, first, ALICE)
    assert draft.status == "pending"
    assert draft.is_by(KEY, ALICE) and not draft.is_by(KEY, BOB)
    assert not draft.is_by(OTHER_KEY, ALICE)  # without the key, nobody can recompute it
    dump = "\n".join(sqlite3.connect(db.path).iterdump())
    assert str(ALICE) not in dump
    columns = {r[1] for r in sqlite3.connect(db.path).execute("PRAGMA table_info(drafts)")}
    assert not any("user" in c for c in columns)


async def test_a_new_draft_reads_and_checks_its_session_in_its_own_write(
    db: Database, setup: Setup
) -> None:
    group, first, _ = setup
    other = await groups.create_group(
        db, now=NOW, **{**GROUP, "name": "Other", "channel_id": GROUP["channel_id"] + 1}
    )

    def refuse(session: Session) -> None:
        raise ValueError(f"session {session.id} takes no drafts")

    kwargs: dict[str, Any] = {
        "key": KEY,
        "user_id": ALICE,
        "theme": "feeling useless",
        "body": "She makes me feel I can never do enough.",
        "first_name": None,
        "max_open": 3,
    }
    with pytest.raises(ValueError, match=f"session {first.id} takes no drafts"):
        await store.create_draft_in_session(
            db, session_id=first.id, group_id=group.id, takes_drafts=refuse, **kwargs
        )
    with pytest.raises(store.NoSuchSession):  # another group's session
        await store.create_draft_in_session(
            db, session_id=first.id, group_id=other.id, takes_drafts=lambda s: None, **kwargs
        )
    with pytest.raises(store.NoSuchSession):
        await store.create_draft_in_session(
            db, session_id=first.id + 1000, group_id=group.id, takes_drafts=lambda s: None, **kwargs
        )
    assert await store.drafts_of_group(db, group.id) == []  # nothing was stored by the refusals
    draft, session = await store.create_draft_in_session(
        db, session_id=first.id, group_id=group.id, takes_drafts=lambda s: None, **kwargs
    )
    assert session == first and draft.session_id == first.id and draft.is_by(KEY, ALICE)
    assert [d.id for d in await store.drafts_of_group(db, group.id)] == [draft.id]


async def test_per_draft_salts_make_two_drafts_by_one_author_unlinkable(
    db: Database, setup: Setup
) -> None:
    group, first, second = setup
    one = await new(db, group, first, ALICE)
    two = await new(db, group, second, ALICE)
    assert one.salt != two.salt and one.author_handle != two.author_handle
    mine = await store.drafts_by(db, key=KEY, group_id=group.id, user_id=ALICE)
    assert [d.id for d in mine] == [one.id, two.id]
    assert await store.drafts_by(db, key=KEY, group_id=group.id, user_id=BOB) == []


async def test_at_most_n_open_drafts_per_author_per_session(db: Database, setup: Setup) -> None:
    group, first, second = setup
    for n in range(3):
        await new(db, group, first, ALICE, theme=f"theme {n}")
    with pytest.raises(store.TooManyDrafts):
        await new(db, group, first, ALICE)
    await new(db, group, first, BOB)  # others are not affected
    await new(db, group, second, ALICE)  # nor other sessions
    assert await store.open_count(db, key=KEY, session_id=first.id, user_id=ALICE) == 3
    withdrawn = (await store.drafts_by(db, key=KEY, group_id=group.id, user_id=ALICE))[0]
    assert await store.set_status(db, withdrawn.id, DraftStatus.WITHDRAWN)
    assert await store.open_count(db, key=KEY, session_id=first.id, user_id=ALICE) == 2
    await new(db, group, first, ALICE)


async def test_status_changes_are_conditional(db: Database, setup: Setup) -> None:
    group, first, _ = setup
    draft = await new(db, group, first, ALICE)
    assert await store.set_status(
        db, draft.id, DraftStatus.APPROVED, allowed_from=(DraftStatus.PENDING,)
    )
    assert not await store.set_status(
        db, draft.id, DraftStatus.APPROVED, allowed_from=(DraftStatus.PENDING,)
    )
    edited = await store.update_text(db, draft.id, theme="new", body="text", first_name=None)
    assert (
        edited is not None
        and edited.status == "pending"
        and edited.theme == "new"
        and edited.first_name is None
    )
    assert await store.set_status(db, draft.id, DraftStatus.REJECTED, reason="too detailed")
    rejected = await store.get_draft(db, draft.id)
    assert rejected is not None and rejected.reject_reason == "too detailed"
    assert await store.update_text(db, draft.id, theme="x", body="y", first_name=None) is None
    assert [d.id for d in await store.closed_drafts(db)] == [draft.id]


async def test_deleting_a_draft_deletes_its_salt_messages_questions_and_agenda_lines(
    db: Database, setup: Setup
) -> None:
    group, first, _ = setup
    draft = await new(db, group, first, ALICE)
    await store.add_message(db, draft.id, "card", 555, 1001)
    await store.add_author_message(db, draft, KEY, 1002)
    question = await store.add_question(db, draft.id, "How old is she, roughly?")
    assert await store.answer_question(db, question.id, "In her forties.")
    assert not await store.answer_question(db, question.id, "again")
    await store.record_agenda_lines(db, first.id, [(0, "heading"), (draft.id, "• feeling useless")])
    shown = await store.messages_of(db, draft.id, key=KEY)
    assert {(m.channel_id, m.message_id) for m in shown} == {(555, 1001), (None, 1002)}
    await store.delete_draft(db, draft.id)
    for table in ("drafts", "draft_messages", "draft_questions"):
        assert await db.fetchval(f"SELECT count(*) FROM {table}") == 0
    assert await store.agenda_lines(db, first.id) == [(0, "heading")]


def id_traces(path: Path, number: int) -> list[str]:
    """The id in the file or its -wal, as decimal or as SQLite stores an integer."""
    found: list[str] = []
    for name in (path, path.with_name(path.name + "-wal")):
        if not name.exists():
            continue
        data = name.read_bytes()
        for needle in (str(number).encode(), number.to_bytes(8, "big", signed=True)):
            if needle in data:
                found.append(name.name)
    return found


async def test_an_authors_dm_id_is_stored_sealed_and_only_the_key_opens_it(
    db: Database, setup: Setup
) -> None:
    """A DM's id finds its recipient with the bot's token: stored sealed under the key and the
    draft's salt, opened only with the key; a row written plain before is sealed at start."""
    group, first, _ = setup
    draft = await new(db, group, first, ALICE)
    dm_ids = [1_544_285_816_853_889_024, 1_544_285_816_853_889_031]
    await store.add_author_message(db, draft, KEY, dm_ids[0])
    await db.execute(  # as written before migration 0019
        "INSERT INTO draft_messages (draft_id, kind, channel_id, message_id) "
        "VALUES (?, 'author', NULL, ?)",
        (draft.id, dm_ids[1]),
    )
    assert await store.seal_author_messages(db, KEY) == 1
    await db.forget()
    assert await store.seal_author_messages(db, KEY) == 0
    for dm_id in dm_ids:
        assert not id_traces(db.path, dm_id), dm_id
    shown = await store.messages_of(db, draft.id, ("author",), key=KEY)
    assert sorted(m.message_id for m in shown) == dm_ids
    wrong = await store.messages_of(db, draft.id, ("author",), key=OTHER_KEY)
    assert not {m.message_id for m in wrong} & set(dm_ids)
    with pytest.raises(ValueError):
        await store.messages_of(db, draft.id)
    await store.forget_message(db, shown[0])
    left = await store.messages_of(db, draft.id, key=KEY)
    assert [m.message_id for m in left] == [shown[1].message_id]


async def test_expired_drafts_are_those_past_their_sessions_end_or_of_cancelled_sessions(
    db: Database, setup: Setup
) -> None:
    group, first, second = setup
    old = await new(db, group, first, ALICE)
    later = await new(db, group, second, BOB)
    expiry = timedelta(hours=24)
    just_before = first.ends_at + expiry - timedelta(minutes=1)
    assert await store.expired_drafts(db, just_before, expiry) == []
    assert [d.id for d in await store.expired_drafts(db, first.ends_at + expiry, expiry)] == [
        old.id
    ]
    await db.execute("UPDATE sessions SET status = 'cancelled' WHERE id = ?", (second.id,))
    found = await store.expired_drafts(db, just_before, expiry)
    assert [d.id for d in found] == [later.id]


async def test_the_limits_are_checked_by_the_database_too(db: Database, setup: Setup) -> None:
    group, first, _ = setup
    with pytest.raises(sqlite3.IntegrityError):
        (
            await store.create_draft_in_session(
                db,
                key=KEY,
                session_id=first.id,
                group_id=group.id,
                user_id=ALICE,
                theme="",
                body="x",
                first_name=None,
                max_open=3,
                takes_drafts=_any_session,
            )
        )[0]
    draft = await new(db, group, first, ALICE)
    with pytest.raises(sqlite3.IntegrityError):
        await store.add_question(db, draft.id, "x" * 501)
