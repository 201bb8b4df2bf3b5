"""The year's record on a real SQLite file: a trainee's lines (attendance and presentations
merged), closing a group into its ledger (everything else deleted), the ledger's expiry, and
erasing a member's data except the ledger."""

from datetime import UTC, datetime, timedelta

from bot.domain.records import fingerprint
from bot.sandbox.world import STORED_GROUP
from bot.store import attendance, mydata, records, rota
from bot.store import groups as groups_store
from bot.store.db import Database
from bot.store.groups import Group
from bot.store.sessions import Session

NOW = datetime(2026, 9, 1, 9, tzinfo=UTC)
ALICE, BOB, LEADER = 11, 12, 99


async def setup(db: Database) -> tuple[Group, list[Session]]:
    group = await groups_store.create_group(db, now=NOW, **STORED_GROUP)
    for uid in (ALICE, BOB):
        await groups_store.add_member(db, group.id, uid, "trainee", NOW)
    await groups_store.add_member(db, group.id, LEADER, "leader", NOW)
    rows = await db.fetchall(
        "SELECT * FROM sessions WHERE group_id = ? ORDER BY starts_at", (group.id,)
    )
    return group, [Session.from_row(r) for r in rows]


async def test_lines_merge_attendance_and_presentations_and_closing_keeps_only_them(
    db: Database,
) -> None:
    group, sessions = await setup(db)
    s1, s2, s3 = sessions[:3]
    after = s3.ends_at + timedelta(hours=1)
    await attendance.mark(db, s1.id, ALICE, "attended", by=LEADER, now=after)
    await attendance.mark(db, s2.id, ALICE, "late", by=LEADER, now=after)
    await attendance.mark(db, s3.id, ALICE, "excused", by=LEADER, now=after, reason="leave")
    await rota.confirm(db, s2.id, [ALICE], by=LEADER, now=after)
    await rota.confirm(db, s1.id, [BOB], by=LEADER, now=after)  # bob presented, no check-in
    lines = await records.live_lines(db, group.id, ALICE, after)
    assert [(x.local_date, x.status, x.presented) for x in lines] == [
        (s1.local_date, "attended", False),
        (s2.local_date, "late", True),
        (s3.local_date, "excused", False),
    ]
    assert [
        (x.status, x.presented) for x in await records.live_lines(db, group.id, BOB, after)
    ] == [(None, True)]
    await records.add_endorsement(
        db,
        records.Endorsement(
            "K7Q2-M9XD-4TRA", group.id, None, ALICE, "alice", LEADER, "Dr O", after, after,
            fingerprint(lines), "3 sessions",
        ),
    )  # fmt: skip
    keep = after + timedelta(days=730)
    ledger_id = await records.close_group(
        db, group, leaders="Dr O", target=25, settings={"name": "x"}, now=after, keep_until=keep
    )
    for table in ("groups", "sessions", "attendance", "group_members", "presentations"):
        assert await db.fetchval(f"SELECT count(*) FROM {table}") == 0, table
    kept = await records.ledger_lines(db, ledger_id, ALICE)
    assert fingerprint(kept) == fingerprint(lines)
    e = await records.endorsement(db, "K7Q2-M9XD-4TRA")
    assert e is not None and e.group_id is None and e.ledger_id == ledger_id
    behind = await records.lines_behind(db, e)
    assert behind is not None and fingerprint(behind) == e.fingerprint
    assert [x.presented for x in await records.ledger_lines(db, ledger_id, BOB)] == [True]

    assert await records.purge_expired(db, keep - timedelta(seconds=1)) == 0
    assert await records.purge_expired(db, keep) == 1
    for table in ("ledgers", "ledger_lines", "endorsements"):
        assert await db.fetchval(f"SELECT count(*) FROM {table}") == 0, table


async def test_erasing_a_member_keeps_their_attendance_ledger_and_unlinks_them_as_a_leader(
    db: Database,
) -> None:
    group, sessions = await setup(db)
    s1, s2 = sessions[:2]
    after = s1.ends_at + timedelta(hours=1)
    await attendance.mark(db, s1.id, ALICE, "attended", by=LEADER, now=after)
    await rota.set_nudges(db, group.id, ALICE, False, after)
    await rota.volunteer(db, group, s2, ALICE, now=after, locked=False, named=True)
    before = await mydata.collect(db, ALICE)
    assert before["groups"] and before["offers_to_present"] and before["nudges_turned_off"]
    await mydata.erase(db, ALICE, after)
    after_data = await mydata.collect(db, ALICE)
    assert after_data["groups"] == [] and after_data["offers_to_present"] == []
    assert after_data["nudges_turned_off"] == [] and len(after_data["attendance"]) == 1
    assert [(k.group, k.open, k.lines) for k in await mydata.kept_ledger(db, ALICE)] == [
        ("Thursday Balint group", True, 1)
    ]
    # the leader's own erasure leaves the correction, without their id
    assert (await mydata.collect(db, LEADER))["as_a_leader"]["attendance_corrections"] == 1
    await mydata.erase(db, LEADER, after)
    assert await db.fetchval("SELECT count(*) FROM attendance WHERE marked_by IS NULL") == 1
