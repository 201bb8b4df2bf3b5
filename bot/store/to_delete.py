"""Messages to delete after whatever pointed to them is gone: a DM whose deletion failed, or one
kept past a close. Drafts' DMs to their authors and the messages that showed them at a close, and
feedback reminders a /forgetme could not delete: one table (`draft_dms_to_delete`, its name from
when it held drafts' DMs alone), a row each, the message id and where it is sealed under the key
with a fresh random nonce and nothing else, so a row says neither whose nor about what.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from bot.domain.anonymity import open_id, seal_id
from bot.store.db import Database, Work

_SEALED_MESSAGE = b"draft-dm-to-delete:message"
_SEALED_AUTHOR = b"draft-dm-to-delete:author"


@dataclass(frozen=True)
class KeptMessage:
    """A message kept (sealed) to delete after what pointed to it went: a DM (`where` is its
    recipient), or at a close a server channel's (`where` is the channel)."""

    nonce: int
    message_id: int
    where: int
    in_channel: bool


async def keep_to_delete(
    db: Database, key: bytes, message_id: int, where: int, *, in_channel: bool = False
) -> None:
    """Keep a message to delete later: its id and where it is (the recipient's id for a DM,
    else the channel's) both sealed under the key and a fresh random nonce, with nothing else
    (no draft, poll or group, no time)."""

    def keep(w: Work) -> None:
        while True:
            nonce = secrets.randbelow(2**62) + 1
            done = w.run(
                "INSERT OR IGNORE INTO draft_dms_to_delete (nonce, message, author, in_channel) "
                "VALUES (?, ?, ?, ?)",
                (
                    nonce,
                    seal_id(key, _SEALED_MESSAGE, nonce, message_id),
                    seal_id(key, _SEALED_AUTHOR, nonce, where),
                    int(in_channel),
                ),
            )
            if done.rowcount:
                return

    await db.write(keep)


async def kept_to_delete(db: Database, key: bytes) -> list[KeptMessage]:
    """The messages still to delete, opened with the key."""
    rows = await db.fetchall("SELECT nonce, message, author, in_channel FROM draft_dms_to_delete")
    return [
        KeptMessage(
            r["nonce"],
            open_id(key, _SEALED_MESSAGE, r["nonce"], bytes(r["message"])),
            open_id(key, _SEALED_AUTHOR, r["nonce"], bytes(r["author"])),
            bool(r["in_channel"]),
        )
        for r in rows
    ]


async def kept_deleted(db: Database, nonce: int) -> None:
    """That message is gone from Discord: its row goes too."""
    await db.execute("DELETE FROM draft_dms_to_delete WHERE nonce = ?", (nonce,))
