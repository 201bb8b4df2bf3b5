import sqlite3
from pathlib import Path

import pytest

from bot.store import backup
from bot.store.db import Database, DatabaseTooNew, available_migrations


async def test_fresh_database_gets_every_migration_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        assert await db.schema_version() == max(available_migrations())
        assert (await db.fetchval("PRAGMA journal_mode")) == "wal"
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        assert await db.fetchval("PRAGMA secure_delete") == 1
    finally:
        await db.close()


async def test_upgrade_from_version_1_applies_only_newer_migrations_and_keeps_data(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(available_migrations()[1])
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    con.execute("INSERT INTO schema_version VALUES (1)")
    con.execute("INSERT INTO meta (key, value) VALUES ('kept', 'yes')")
    con.commit()
    con.close()
    db = await Database.open(path)
    try:
        assert await db.schema_version() == max(available_migrations())
        assert await db.fetchval("SELECT value FROM meta WHERE key = 'kept'") == "yes"
        tables = {
            r[0] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type='table'")
        }
        fresh = await Database.open(tmp_path / "fresh.sqlite3")
        fresh_tables = {
            r[0] for r in await fresh.fetchall("SELECT name FROM sqlite_master WHERE type='table'")
        }
        await fresh.close()
        assert tables == fresh_tables
    finally:
        await db.close()


async def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    db = await Database.open(path)
    await db.execute("UPDATE schema_version SET version = 9999")
    await db.close()
    with pytest.raises(DatabaseTooNew, match="upgrade the bot"):
        await Database.open(path)


async def test_failed_transaction_changes_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')")
            raise RuntimeError("boom")
    assert await db.fetchval("SELECT count(*) FROM meta") == 0


async def test_online_backup_while_open(db: Database, tmp_path: Path) -> None:
    await db.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')")
    target = await backup.backup(db, tmp_path / "backup.sqlite3")
    con = sqlite3.connect(target)
    assert con.execute("SELECT value FROM meta WHERE key='a'").fetchone() == ("b",)
    con.close()
    with pytest.raises(FileExistsError):
        await backup.backup(db, target)


async def test_a_backup_that_fails_half_way_leaves_nothing_at_its_name(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy still links open drafts and polls to people until it is cleaned: it is cleaned in
    memory, written to an owner-only file beside the target and only then put in place, so a
    failure (here: the cleaning) leaves nothing at the chosen name and no partial copy beside it
    (a kill half-way: tests/e2e/test_privacy_seams_four.py)."""

    def broken(copy: sqlite3.Connection) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(backup, "unlink_open_items", broken)
    folder = tmp_path / "backups"
    with pytest.raises(OSError):
        await backup.backup(db, folder / "backup.sqlite3")
    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    target = await backup.backup(db, folder / "backup.sqlite3")
    assert target.stat().st_mode & 0o777 == 0o600 and list(folder.iterdir()) == [target]
