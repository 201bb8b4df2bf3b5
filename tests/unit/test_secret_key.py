import os
import stat
from pathlib import Path

import pytest

from bot.domain.anonymity import handle, new_salt
from bot.secret_key import SecretKeyError, load_or_create_key


def test_first_start_generates_a_private_key_file(tmp_path: Path) -> None:
    key_file, db = tmp_path / "balint.sqlite3.key", tmp_path / "balint.sqlite3"
    key = load_or_create_key(key_file, db, environ={})
    assert len(key) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    db.write_bytes(b"SQLite format 3\x00")  # the database now exists
    assert load_or_create_key(key_file, db, environ={}) == key


def test_missing_key_for_an_existing_database_is_an_error_not_a_new_key(tmp_path: Path) -> None:
    db = tmp_path / "balint.sqlite3"
    db.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(SecretKeyError, match="missing.*`balint-bot db new-key`"):
        load_or_create_key(tmp_path / "k.key", db, environ={})
    assert not (tmp_path / "k.key").exists()
    # the host accepts losing the anonymous links on purpose
    assert len(load_or_create_key(tmp_path / "k.key", db, environ={}, new_key=True)) == 32


@pytest.mark.parametrize("database", ["missing", "empty"])
def test_a_key_beside_a_missing_or_empty_database_is_refused(tmp_path: Path, database: str) -> None:
    key_file, db = tmp_path / "balint.sqlite3.key", tmp_path / "balint.sqlite3"
    key = load_or_create_key(key_file, db, environ={})
    if database == "empty":
        db.write_bytes(b"")  # e.g. cut to 0 bytes
    with pytest.raises(SecretKeyError, match="restore the database.*--new-database"):
        load_or_create_key(key_file, db, environ={})
    assert load_or_create_key(key_file, db, environ={}, new_database=True) == key


def test_key_readable_by_others_or_damaged_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "k.key"
    key_file.write_text("ab" * 32)
    os.chmod(key_file, 0o644)
    with pytest.raises(SecretKeyError, match="chmod 600"):
        load_or_create_key(key_file, tmp_path / "db", environ={})
    os.chmod(key_file, 0o600)
    key_file.write_text("not hex")
    with pytest.raises(SecretKeyError, match="damaged"):
        load_or_create_key(key_file, tmp_path / "db", environ={})


def test_environment_key_wins_and_is_validated(tmp_path: Path) -> None:
    assert (
        load_or_create_key(
            tmp_path / "k", tmp_path / "db", environ={"BALINT_SECRET_KEY": "11" * 32}
        )
        == b"\x11" * 32
    )
    with pytest.raises(SecretKeyError, match="hexadecimal"):
        load_or_create_key(tmp_path / "k", tmp_path / "db", environ={"BALINT_SECRET_KEY": "xyz"})
    assert not (tmp_path / "k").exists()


def test_handles_depend_on_key_and_salt() -> None:
    salt = new_salt()
    a = handle(b"k" * 32, salt, 1, 42)
    assert a == handle(b"k" * 32, salt, 1, 42)
    assert a != handle(b"k" * 32, new_salt(), 1, 42)
    assert a != handle(b"j" * 32, salt, 1, 42)
