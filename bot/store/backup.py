"""A backup that cannot link open drafts, polls or presses to anyone (`balint-bot db backup`).

Expiry destroys a draft's or poll's salt in the live file, never in a copy taken while it was
open: a backup plus the key would link them to their authors for ever. So the copy written by
`db backup` replaces what links: each open draft gets a fresh random salt and handle (its text
stays, its author cannot be found), each open poll's salt becomes RESTORED and its "has answered"
handles are dropped (a restored bot takes no more answers for it, as it cannot tell who already
answered; its totals stay), the "I have a case in mind" presses are dropped, and so are the ids of
the DMs sent to open drafts' authors (each would find its author's DM channel, for whoever also
holds the bot's token; a restored bot could not find the author to delete them). The copy is then
vacuumed (nothing left in free pages) and made a single file (no write-ahead log).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
from pathlib import Path

from bot.store.db import Database, backup_file, protect
from bot.store.feedback import RESTORED_SALT


async def backup(db: Database, destination: str | Path) -> Path:
    """An online, consistent copy of the open store through SQLite's backup API (safe while the
    bot runs), without what links open drafts, polls and presses to people."""
    return await asyncio.to_thread(write_backup, db.path, Path(destination))


def write_backup(source: Path, destination: Path) -> Path:
    """The copy is built in an owner-only file beside `destination` and put in place only once
    unlinked: a crash, a full disk or another user never finds a copy that still links there."""
    if destination.exists():
        raise FileExistsError(f"{destination} already exists; choose a new file name")
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{destination.name}.", dir=destination.parent)
    os.close(fd)  # mkstemp makes it 0600; SQLite's journal files take the same mode
    partial = Path(name)
    try:
        backup_file(source, partial, replace=True)
        unlink_open_items(partial)
        os.link(partial, destination)  # refuses, as above, if the name was taken meanwhile
    finally:
        partial.unlink(missing_ok=True)
    protect(destination)
    return destination


def unlink_open_items(copy: Path) -> None:
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "UPDATE drafts SET salt = randomblob(32), author_handle = lower(hex(randomblob(32)))"
        )
        # the last reminder turn's draw came from the salt: it goes with it (a database not yet
        # migrated, backed up before an upgrade as the README says, has no turn to clear)
        polls = {row[1] for row in conn.execute("PRAGMA table_info(feedback_polls)")}
        turn = ", reminder_turn = NULL" if "reminder_turn" in polls else ""
        conn.execute(
            f"UPDATE feedback_polls SET salt = ?{turn} WHERE status = 'open'", (RESTORED_SALT,)
        )
        conn.execute("DELETE FROM feedback_answered")
        conn.execute("DELETE FROM case_intents")
        # a DM to an author is kept by message id alone (sealed under the key and the salt the
        # copy replaces): no restored bot could open it or find its author
        conn.execute("DELETE FROM draft_messages WHERE channel_id IS NULL")
        # nor those kept past their drafts (a close, a failed deletion): sealed under the key
        # alone, a copy and the key would find their authors (not yet there before 0023)
        if conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'draft_dms_to_delete'"
        ).fetchone():
            conn.execute("DELETE FROM draft_dms_to_delete")
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        copy.unlink(missing_ok=True)  # never leave a copy that still links
        for suffix in ("-wal", "-shm", "-journal"):
            copy.with_name(copy.name + suffix).unlink(missing_ok=True)
        raise
    conn.close()
