"""Queries for a member's data rights: everything stored under their Discord id (/mydata), and
erasing it (/forgetme) except the attendance ledger a group still needs.

The attendance ledger is: attendance rows and presentations of an open group (its certificates),
and a closed group's `ledger_lines`; with the endorsements that vouch for them. Anonymous items
(feedback, case drafts' authors, "I have a case in mind" presses) carry no Discord id and are not
here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store.db import Database, Work


def _rows(rows: list[Any]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]


async def collect(db: Database, user_id: int) -> dict[str, Any]:
    """Every row that names the member, grouped by what it is, with group names and dates."""
    u = (user_id,)
    out: dict[str, Any] = {}
    out["groups"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, g.start_date, g.end_date, m.role, m.joined_at, m.left_at "
            "FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ? "
            "ORDER BY m.joined_at",
            u,
        )
    )
    out["attendance"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, s.local_date, s.starts_at, a.status, a.reason, "
            "a.checked_in_at, a.source, a.updated_at FROM attendance a "
            "JOIN sessions s ON s.id = a.session_id JOIN groups g ON g.id = s.group_id "
            "WHERE a.user_id = ? ORDER BY s.starts_at",
            u,
        )
    )
    out["drift_alerts_sent_to_leaders"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, s.local_date AS first_absence, d.alerted_at "
            "FROM drift_alerts d JOIN groups g ON g.id = d.group_id "
            "JOIN sessions s ON s.id = d.first_session_id WHERE d.user_id = ? ORDER BY d.alerted_at",
            u,
        )
    )
    out["offers_to_present"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, s.local_date, v.volunteered_at, v.named, v.status, "
            "v.pinned FROM volunteers v JOIN sessions s ON s.id = v.session_id "
            "JOIN groups g ON g.id = s.group_id WHERE v.user_id = ? ORDER BY s.starts_at",
            u,
        )
    )
    out["presentations"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, s.local_date, c.confirmed_at FROM presentations p "
            "JOIN session_confirmations c ON c.session_id = p.session_id "
            "JOIN sessions s ON s.id = p.session_id JOIN groups g ON g.id = s.group_id "
            "WHERE p.user_id = ? ORDER BY s.starts_at",
            u,
        )
    )
    out["reserve_places_carried"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, r.local_date, r.reason, r.released_at "
            "FROM carried_reserves r JOIN groups g ON g.id = r.group_id WHERE r.user_id = ?",
            u,
        )
    )
    out["nudges_turned_off"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, n.since FROM nudge_optouts n "
            "JOIN groups g ON g.id = n.group_id WHERE n.user_id = ?",
            u,
        )
    )
    out["private_messages_sent"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, s.local_date, d.kind, d.sent_at FROM presenting_dms d "
            "JOIN sessions s ON s.id = d.session_id JOIN groups g ON g.id = s.group_id "
            "WHERE d.user_id = ? ORDER BY d.sent_at",
            u,
        )
    )
    out["followups"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, s.local_date, f.asked_at, f.answer, f.answered_at "
            "FROM followups f JOIN sessions s ON s.id = f.session_id "
            "JOIN groups g ON g.id = s.group_id WHERE f.user_id = ?",
            u,
        )
    )
    out["cbdga_assessments_recorded"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, a.assessed_on, a.outcome, a.recorded_at "
            "FROM assessments a JOIN groups g ON g.id = a.group_id WHERE a.user_id = ? "
            "UNION ALL SELECT l.name, x.assessed_on, x.outcome, NULL FROM ledger_assessments x "
            "JOIN ledgers l ON l.id = x.ledger_id WHERE x.user_id = ? ORDER BY 2",
            (user_id, user_id),
        )
    )
    out["less_than_full_time"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, f.fraction, f.set_at FROM ltft_fractions f "
            "JOIN groups g ON g.id = f.group_id WHERE f.user_id = ?",
            u,
        )
    )
    out["record_shared_with_leaders_of"] = _rows(
        await db.fetchall(
            "SELECT g.name AS group_name, s.shared_at FROM record_shares s "
            "JOIN groups g ON g.id = s.group_id WHERE s.user_id = ?",
            u,
        )
    )
    out["endorsements_of_your_record"] = _rows(
        await db.fetchall(
            "SELECT code, member_name, leader_name, endorsed_at, covers_until, summary "
            "FROM endorsements WHERE user_id = ? ORDER BY endorsed_at",
            u,
        )
    )
    out["name_on_certificates"] = _rows(
        await db.fetchall("SELECT name, set_at FROM printed_names WHERE user_id = ?", u)
    )
    out["closed_groups_attendance_ledger"] = _rows(
        await db.fetchall(
            "SELECT l.name AS group_name, l.closed_at, l.keep_until, x.local_date, x.starts_at, "
            "x.status, x.reason, x.presented FROM ledger_lines x "
            "JOIN ledgers l ON l.id = x.ledger_id WHERE x.user_id = ? ORDER BY x.starts_at",
            u,
        )
    )
    out["your_leader_log"] = _rows(
        await db.fetchall(
            "SELECT day, kind, group_name, note, recorded_at FROM leader_log WHERE user_id = ? "
            "ORDER BY day, id",
            u,
        )
    )
    out["as_a_leader"] = {
        "attendance_corrections": await db.fetchval(
            "SELECT count(*) FROM attendance WHERE marked_by = ?", u
        ),
        "agendas_written": await db.fetchval("SELECT count(*) FROM agendas WHERE set_by = ?", u),
        "calendar_changes": await db.fetchval(
            "SELECT count(*) FROM session_changes WHERE changed_by = ?", u
        ),
        "presenter_records": await db.fetchval(
            "SELECT count(*) FROM session_confirmations WHERE confirmed_by = ?", u
        ),
        "debrief_notes_last_saved": await db.fetchval(
            "SELECT count(*) FROM debrief_notes WHERE written_by = ?", u
        ),
        "endorsements_given": _rows(
            await db.fetchall(
                "SELECT leader_name, endorsed_at FROM endorsements WHERE leader_id = ?", u
            )
        ),
    }
    return out


@dataclass(frozen=True)
class Kept:
    """Part of the attendance ledger kept after /forgetme: which group, and until when (an ISO
    date; for an open group, its end date: the ledger is then kept for the closing period)."""

    group: str
    open: bool
    until: str
    lines: int


async def kept_ledger(db: Database, user_id: int) -> list[Kept]:
    """What /forgetme keeps: the member's attendance ledger in open groups and closed ones."""
    kept = [
        Kept(r["name"], True, r["end_date"], r["n"])
        for r in await db.fetchall(
            "SELECT g.name, g.end_date, count(*) AS n FROM attendance a "
            "JOIN sessions s ON s.id = a.session_id JOIN groups g ON g.id = s.group_id "
            "WHERE a.user_id = ? GROUP BY g.id ORDER BY g.end_date",
            (user_id,),
        )
    ]
    kept += [
        Kept(r["name"], False, r["keep_until"], r["n"])
        for r in await db.fetchall(
            "SELECT l.name, l.keep_until, count(*) AS n FROM ledger_lines x "
            "JOIN ledgers l ON l.id = x.ledger_id WHERE x.user_id = ? GROUP BY l.id "
            "ORDER BY l.keep_until",
            (user_id,),
        )
    ]
    return kept


async def groups_of(db: Database, user_id: int) -> list[int]:
    """Every group the member was ever on the roster of (left or not)."""
    rows = await db.fetchall("SELECT group_id FROM group_members WHERE user_id = ?", (user_id,))
    return [r["group_id"] for r in rows]


async def erase(db: Database, user_id: int, now: datetime) -> None:
    """Delete or unlink every row naming the member, except the attendance ledger: attendance,
    presentations (and a presenter's offer for an ended session awaiting the leaders' record,
    which counts as one) and endorsements. As a leader, their id is taken off what they did."""
    u = (user_id,)

    def erase_rows(w: Work) -> None:
        w.run("DELETE FROM group_members WHERE user_id = ?", u)
        w.forget_looked_up()
        w.run("DELETE FROM drift_alerts WHERE user_id = ?", u)
        w.run("DELETE FROM roster_notices WHERE user_id = ?", u)
        w.run(
            "DELETE FROM volunteers WHERE user_id = ? AND NOT (status = 'presenter' AND "
            "session_id IN (SELECT id FROM sessions WHERE status = 'scheduled' AND ends_at <= ?) "
            "AND session_id NOT IN (SELECT session_id FROM session_confirmations))",
            (user_id, now.isoformat()),
        )
        w.run("DELETE FROM carried_reserves WHERE user_id = ?", u)
        w.run("DELETE FROM nudge_optouts WHERE user_id = ?", u)
        w.run("DELETE FROM presenting_dms WHERE user_id = ?", u)
        w.run("DELETE FROM followups WHERE user_id = ?", u)
        w.run("DELETE FROM printed_names WHERE user_id = ?", u)
        w.run("DELETE FROM assessments WHERE user_id = ?", u)
        w.run("DELETE FROM ledger_assessments WHERE user_id = ?", u)
        w.run("DELETE FROM ltft_fractions WHERE user_id = ?", u)
        w.run("DELETE FROM record_shares WHERE user_id = ?", u)
        w.run("UPDATE ltft_fractions SET set_by = NULL WHERE set_by = ?", u)
        w.run("UPDATE assessments SET recorded_by = 0 WHERE recorded_by = ?", u)
        # what they did as a leader stays, without their id
        w.run("UPDATE attendance SET marked_by = NULL WHERE marked_by = ?", u)
        w.run("UPDATE agendas SET set_by = NULL WHERE set_by = ?", u)
        w.run("UPDATE session_changes SET changed_by = 0 WHERE changed_by = ?", u)
        w.run("UPDATE session_confirmations SET confirmed_by = 0 WHERE confirmed_by = ?", u)
        w.run("UPDATE endorsements SET leader_id = 0 WHERE leader_id = ?", u)
        # a leader's own log is theirs alone: it goes; the group's debrief note stays, unsigned
        w.run("DELETE FROM leader_log WHERE user_id = ?", u)
        w.run("UPDATE debrief_notes SET written_by = NULL WHERE written_by = ?", u)

    await db.write(erase_rows)
    await db.forget()
