"""Deleted secrets are gone from the files on disk, not only from the tables (WAL included)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.domain.feedback import PULSE_ITEMS
from bot.store import drafts
from bot.store import feedback as fb
from bot.store.db import Database
from bot.store.groups import create_group
from bot.store.sessions import Session

NOW = datetime(2026, 9, 3, 9, 15, tzinfo=UTC)
KEY = b"k" * 32
GROUP: dict[str, Any] = dict(
    guild_id=1,
    channel_id=2,
    name="G",
    weekday=3,
    start_time="09:00",
    duration_minutes=75,
    timezone="Europe/London",
    start_date="2026-09-01",
    end_date="2027-07-31",
)


def _any_session(session: Session) -> None:
    """Every session takes drafts here: the store's own rules are under test, not the domain's."""


def on_disk(path: Path) -> bytes:
    """Every byte of the database, its write-ahead log and shared memory file."""
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


async def test_a_closed_polls_salt_and_an_expired_drafts_text_leave_no_trace_in_the_files(
    db: Database,
) -> None:
    group = await create_group(db, now=NOW, **GROUP)
    session_id = await db.fetchval("SELECT id FROM sessions ORDER BY starts_at LIMIT 1")
    poll, _ = await fb.create_poll(
        db,
        group_id=group.id,
        session_id=session_id,
        kind="pulse",
        label="the session",
        opens_at=NOW,
        closes_at=NOW + timedelta(hours=72),
        remind_at=NOW + timedelta(hours=48),
    )
    salt = bytes(await db.fetchval("SELECT salt FROM feedback_polls WHERE id = ?", (poll.id,)))
    body = "Distinctive sentence about feeling useless with her, zq7x."
    draft = (
        await drafts.create_draft_in_session(
            db,
            key=KEY,
            session_id=session_id,
            group_id=group.id,
            user_id=42,
            theme="A theme",
            body=body,
            first_name=None,
            max_open=3,
            takes_drafts=_any_session,
        )
    )[0]
    before = on_disk(db.path)
    assert salt in before and body.encode() in before  # the test can see them while they live

    await fb.close_poll(db, poll.id, date(2026, 9, 6))
    await drafts.delete_draft(db, draft.id)

    files = on_disk(db.path)
    assert salt not in files
    assert body.encode() not in files


async def test_answers_arriving_together_leave_the_log_empty_when_the_last_is_counted(
    db: Database,
) -> None:
    """Answers that come while a checkpoint waits share it (one fsync for many under load): none
    may be left in the write-ahead log by joining a checkpoint that began before it was written."""
    group = await create_group(db, now=NOW, **GROUP)
    poll, _ = await fb.create_poll(
        db,
        group_id=group.id,
        kind="pulse",
        label="the session",
        opens_at=NOW,
        closes_at=NOW + timedelta(hours=72),
        remind_at=NOW + timedelta(hours=48),
    )
    wal = db.path.with_name(db.path.name + "-wal")
    item = PULSE_ITEMS[0].key

    async def answer(user_id: int) -> int:
        await fb.record_answer(
            db,
            poll.id,
            key=KEY,
            user_id=user_id,
            answers={item: 1 + user_id % 5},
            comments={"comment": f"words of member {user_id}"},
            now=NOW,
        )
        return wal.stat().st_size if wal.exists() else 0

    sizes = await asyncio.gather(*(answer(100 + n) for n in range(12)))
    assert await db.fetchval("SELECT responses FROM feedback_polls WHERE id = ?", (poll.id,)) == 12
    assert not wal.exists() or wal.stat().st_size == 0, "the last answers stay in the log"
    assert b"words of member" not in (wal.read_bytes() if wal.exists() else b"")
    assert 0 in sizes  # the log was empty when answers were counted, not only at the end
