"""The secret key for anonymous handles: from the environment or a 0600 file beside the database.

Never stored in the database. Generated only when neither the file nor the database exists yet
(a first start): a missing or unreadable key for an existing database is an error, because a new key
would silently orphan every anonymous handle.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

ENV_NAME = "BALINT_SECRET_KEY"
KEY_BYTES = 32


class SecretKeyError(RuntimeError):
    """The key cannot be had safely; the message says what to do."""


def load_or_create_key(
    key_file: Path,
    database_path: Path,
    environ: Mapping[str, str] | None = None,
    *,
    new_database: bool = False,
    new_key: bool = False,
) -> bytes:
    """The key, refusing the starts that would silently use the wrong data.

    A key file beside a missing or empty database means the database was lost (restore it), and
    a database without its key means the key was lost: each is allowed only when the host says so
    (`new_database`, `new_key`).
    """
    environ = os.environ if environ is None else environ
    from_env = environ.get(ENV_NAME, "").strip()
    if from_env:
        try:
            key = bytes.fromhex(from_env)
        except ValueError:
            raise SecretKeyError(
                f"{ENV_NAME} must be hexadecimal (e.g. 64 hex characters)"
            ) from None
        if len(key) < 16:
            raise SecretKeyError(f"{ENV_NAME} is too short: use at least 32 hex characters")
        return key
    if key_file.exists():
        key = _read_key_file(key_file)
        if not new_database and not has_data(database_path):
            raise SecretKeyError(
                f"the key file {key_file} exists but the database {database_path} is missing or "
                "empty: restore the database from your backup, or start an empty one on purpose "
                "with `balint-bot run --new-database`"
            )
        return key
    if has_data(database_path) and not new_key:
        raise SecretKeyError(
            f"the key file {key_file} is missing but the database {database_path} exists: restore the "
            f"key file (or set {ENV_NAME}); a new key would orphan every anonymous draft and answer "
            "(README: When the key is lost; to accept the loss, make a new key with "
            "`balint-bot db new-key`, then start)"
        )
    key = secrets.token_bytes(KEY_BYTES)
    try:
        key_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key.hex() + "\n")
    except OSError as exc:
        raise SecretKeyError(
            f"cannot create the key file {key_file} ({exc.strerror}): check that its folder "
            "is writable by this user"
        ) from None
    return key


def has_data(database_path: Path) -> bool:
    """Whether a database file holds anything (SQLite takes a 0-byte file as a new database)."""
    try:
        return database_path.stat().st_size > 0
    except OSError:
        return False


def _read_key_file(key_file: Path) -> bytes:
    try:
        mode = key_file.stat().st_mode
        text = key_file.read_text().strip()
    except OSError as exc:
        raise SecretKeyError(f"cannot read the key file {key_file}: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretKeyError(
            f"the key file {key_file} is readable by others: run `chmod 600 {key_file}`"
        )
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise SecretKeyError(f"the key file {key_file} is damaged (not hexadecimal)") from None
    if len(key) < 16:
        raise SecretKeyError(f"the key file {key_file} is damaged (too short)")
    return key
