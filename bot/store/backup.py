"""A backup that cannot link open drafts, polls or presses to anyone (`balint-bot db backup`).

Expiry destroys a draft's or poll's salt in the live file, never in a copy taken while it was
open: a backup plus the key would link them to their authors for ever. So the copy written by
`db backup` replaces what links: each open draft gets a fresh random salt and handle (its text
stays, its author cannot be found), each open poll's salt becomes RESTORED and its "has answered"
handles are dropped (a restored bot takes no more answers for it, as it cannot tell who already
answered; its totals stay), the "I have a case in mind" presses are dropped, and so are the ids of
the DMs sent to open drafts' authors (each would find its author's DM channel, for whoever also
holds the bot's token; a restored bot could not find the author to delete them). All this is done
to a copy in memory, which is then written out vacuumed (nothing left in free pages) as a single
file (no write-ahead log): what links never reaches the disk, even if the backup is killed.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
from pathlib import Path

from bot.store.db import Database, copy_in_memory, protect
from bot.store.feedback import RESTORED_SALT


async def backup(db: Database, destination: str | Path) -> Path:
    """An online, consistent copy of the open store through SQLite's backup API (safe while the
    bot runs), without what links open drafts, polls and presses to people."""
    return await asyncio.to_thread(write_backup, db.path, Path(destination))


def write_backup(source: Path, destination: Path) -> Path:
    """The copy is read into memory, cleaned there and only then written, to an owner-only file
    beside `destination` put in place once complete: nothing that links ever reaches the disk,
    so neither a failure nor a kill or a power cut half-way leaves a copy that links (a hidden
    file left by a kill holds only the cleaned copy)."""
    if destination.exists():
        raise FileExistsError(f"{destination} already exists; choose a new file name")
    destination.parent.mkdir(parents=True, exist_ok=True)
    copy = copy_in_memory(source)
    try:
        unlink_open_items(copy)
        fd, name = tempfile.mkstemp(prefix=f".{destination.name}.", dir=destination.parent)
        os.close(fd)  # mkstemp makes it 0600; VACUUM INTO writes into it (it must be empty)
        partial = Path(name)
        try:
            copy.execute("VACUUM INTO ?", (name,))  # one file, no free pages, no journal
            os.link(partial, destination)  # refuses, as above, if the name was taken meanwhile
        finally:
            partial.unlink(missing_ok=True)
    finally:
        copy.close()
    protect(destination)
    return destination


def unlink_open_items(copy: sqlite3.Connection) -> None:
    """Replace, in the copy (in memory), what links open drafts, polls and presses to people."""
    copy.execute("BEGIN IMMEDIATE")
    copy.execute(
        "UPDATE drafts SET salt = randomblob(32), author_handle = lower(hex(randomblob(32)))"
    )
    # the last reminder turn's draw came from the salt: it goes with it (a database not yet
    # migrated, backed up before an upgrade as the README says, has no turn to clear)
    polls = {row[1] for row in copy.execute("PRAGMA table_info(feedback_polls)")}
    turn = ", reminder_turn = NULL" if "reminder_turn" in polls else ""
    copy.execute(
        f"UPDATE feedback_polls SET salt = ?{turn} WHERE status = 'open'", (RESTORED_SALT,)
    )
    copy.execute("DELETE FROM feedback_answered")
    copy.execute("DELETE FROM case_intents")
    # a DM to an author is kept by message id alone (sealed under the key and the salt the
    # copy replaces): no restored bot could open it or find its author
    copy.execute("DELETE FROM draft_messages WHERE channel_id IS NULL")
    # nor those kept past their drafts (a close, a failed deletion): sealed under the key
    # alone, a copy and the key would find their authors (not yet there before 0023)
    if copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'draft_dms_to_delete'").fetchone():
        copy.execute("DELETE FROM draft_dms_to_delete")
    copy.execute("COMMIT")
