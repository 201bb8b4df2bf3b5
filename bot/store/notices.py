"""What a group's leaders have been told about a problem (e.g. a missing permission), so they are
told once, and again only after the problem was over and came back; drift-away alerts; and the
members still to be told a notice to the whole roster (bot/roster_notices.py).

Each is decided first (a row with sent = 0), then sent, then marked sent: a death in between
leaves the row pending, and the next attempt sends it again with the same nonce.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.store.db import Database, Work


async def decide_notice(db: Database, group_id: int, key: str, now: datetime) -> str | None:
    """When this notice was decided (new now, or pending from an attempt that died), or None if
    it was told already."""

    def decide(w: Work) -> str | None:
        row = w.row(
            "SELECT told_at, sent FROM notices WHERE group_id = ? AND key = ?", (group_id, key)
        )
        if row is not None:
            return None if row["sent"] else row["told_at"]
        w.run(
            "INSERT INTO notices (group_id, key, told_at, sent) VALUES (?, ?, ?, 0)",
            (group_id, key, now.isoformat()),
        )
        return now.isoformat()

    return await db.write(decide)


async def notice_sent(db: Database, group_id: int, key: str) -> None:
    await db.execute("UPDATE notices SET sent = 1 WHERE group_id = ? AND key = ?", (group_id, key))


async def resolve(db: Database, group_id: int, pattern: str) -> None:
    """Forget the notices whose key matches the SQL LIKE `pattern`: the problem is over."""
    await db.execute("DELETE FROM notices WHERE group_id = ? AND key LIKE ?", (group_id, pattern))


async def groups_told(db: Database, key: str) -> set[int]:
    """The groups whose leaders have a notice with this key (told, or decided and pending)."""
    rows = await db.fetchall("SELECT group_id FROM notices WHERE key = ?", (key,))
    return {r[0] for r in rows}


@dataclass(frozen=True)
class DriftAlert:
    group_id: int
    user_id: int
    first_session_id: int
    text: str


async def decide_drift_alert(db: Database, alert: DriftAlert, now: datetime) -> bool:
    """Decide a drift-away alert for a streak; False if this streak was alerted before."""
    decided = await db.changes(
        "INSERT OR IGNORE INTO drift_alerts "
        "(group_id, user_id, first_session_id, alerted_at, sent, text) VALUES (?, ?, ?, ?, 0, ?)",
        (alert.group_id, alert.user_id, alert.first_session_id, now.isoformat(), alert.text),
    )
    return decided > 0


async def pending_drift_alerts(db: Database) -> list[DriftAlert]:
    rows = await db.fetchall(
        "SELECT group_id, user_id, first_session_id, text FROM drift_alerts "
        "WHERE sent = 0 AND text IS NOT NULL"
    )
    return [DriftAlert(r[0], r[1], r[2], r[3]) for r in rows]


async def drift_alert_sent(db: Database, alert: DriftAlert) -> None:
    """Sent: its text (a trainee's missed dates) was kept only for a resend, so it goes."""
    await db.execute(
        "UPDATE drift_alerts SET sent = 1, text = NULL WHERE group_id = ? AND user_id = ? "
        "AND first_session_id = ?",
        (alert.group_id, alert.user_id, alert.first_session_id),
    )


# -- a notice to everyone on a roster, recorded before it goes ----------------------------------


@dataclass(frozen=True)
class RosterNotice:
    """One member still to be told a notice to members (bot/roster_notices.py)."""

    key: str
    user_id: int
    group_id: int
    decided_at: datetime
    text: str
    button: str | None = None  # JSON: custom_id, label, style


def decide_rows(
    w: Work,
    group_id: int,
    key: str,
    texts: Mapping[int, str],
    now: datetime,
    button: str | None = None,
) -> None:
    """Inside a transaction (with the change the notice tells of): each member's row, before any
    is sent; a member already waiting for this notice keeps their row."""
    w.run_many(
        "INSERT OR IGNORE INTO roster_notices (key, user_id, group_id, decided_at, text, button) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(key, u, group_id, now.isoformat(), text, button) for u, text in texts.items()],
    )


async def decide_roster_notice(
    db: Database,
    group_id: int,
    key: str,
    texts: Mapping[int, str],
    now: datetime,
    button: str | None = None,
) -> None:
    """Record, in one transaction, what each member is to be told (`decide_rows`)."""
    await db.write(lambda w: decide_rows(w, group_id, key, texts, now, button))


async def pending_roster_notices(db: Database) -> list[RosterNotice]:
    """The members still to be told, of every notice."""
    rows = await db.fetchall(
        "SELECT key, user_id, group_id, decided_at, text, button FROM roster_notices"
    )
    return [RosterNotice(r[0], r[1], r[2], datetime.fromisoformat(r[3]), r[4], r[5]) for r in rows]


async def roster_notice_sent(db: Database, notice: RosterNotice) -> None:
    """That member has been told (or cannot be: DMs closed): their row goes."""
    await db.execute(
        "DELETE FROM roster_notices WHERE key = ? AND user_id = ?", (notice.key, notice.user_id)
    )
