"""Damaged storage stops `balint-bot run` and `db migrate` at once: one clear line, a non-zero
status, and nothing created or overwritten."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import aiosqlite
import pytest

from bot.app import open_storage
from bot.secret_key import ENV_NAME
from bot.settings import load_settings
from bot.store.db import Database, StorageError

# Where Discord would be if storage were fine: a closed port, so a start that wrongly goes on
# retries forever and the timeout below catches it.
NOWHERE = {
    "DISCORD_TOKEN": "x",
    "BALINT_DISCORD__API_URL": "http://127.0.0.1:9/api/v10",
    "BALINT_DISCORD__GATEWAY_URL": "ws://127.0.0.1:9/",
}


def cli(
    *args: str, folder: Path, wrap: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    env = {**clean, **NOWHERE, "BALINT_DATABASE__PATH": str(folder / "balint.sqlite3")}
    return subprocess.run(
        [*(wrap or []), sys.executable, "-m", "bot", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,  # "never hang": a hang fails here
    )


def healthy(folder: Path) -> None:
    """A database with its key and the key's fingerprint, as a first start leaves them."""

    async def make() -> None:
        settings = load_settings(environ={"BALINT_DATABASE__PATH": str(folder / "balint.sqlite3")})
        db, _ = await open_storage(settings)
        await db.close()

    saved = os.environ.pop(ENV_NAME, None)
    try:
        asyncio.run(make())
    finally:
        if saved is not None:
            os.environ[ENV_NAME] = saved


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def garbage_header(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(b"not a database!!" * 64 + data[1024:])


def cut_in_half(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def corrupt_last_page(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[:-4096] + b"\xff" * 4096)


def missing(db: Path) -> None:
    db.unlink()


def emptied(db: Path) -> None:
    db.write_bytes(b"")


def other_key(db: Path) -> None:
    key = db.with_name(db.name + ".key")
    key.write_text("ab" * 32 + "\n")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "garbage header": (garbage_header, "is damaged"),
    "cut in half": (cut_in_half, "is damaged"),
    "corrupt last page": (corrupt_last_page, "is damaged"),
    "database missing beside its key": (missing, "restore the database"),
    "database cut to 0 bytes": (emptied, "restore the database"),
    "a different valid key": (other_key, "does not match the database"),
}
FILE_DAMAGE = ("garbage header", "cut in half", "corrupt last page")


def one_clear_line(r: subprocess.CompletedProcess[str], phrase: str) -> None:
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert len(lines) == 1 and lines[0].startswith("balint-bot: ") and phrase in lines[0], r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("case", list(CASES))
def test_run_refuses_damaged_storage_at_once(tmp_path: Path, case: str) -> None:
    healthy(tmp_path)
    damage, phrase = CASES[case]
    damage(tmp_path / "balint.sqlite3")
    before = snapshot(tmp_path)
    r = cli("run", folder=tmp_path)
    one_clear_line(r, phrase)
    if case in FILE_DAMAGE:
        assert "restore your latest backup" in r.stderr
    assert snapshot(tmp_path) == before  # nothing created, nothing overwritten


@pytest.mark.parametrize("case", FILE_DAMAGE)
def test_db_migrate_refuses_a_damaged_file_at_once(tmp_path: Path, case: str) -> None:
    healthy(tmp_path)
    damage, phrase = CASES[case]
    damage(tmp_path / "balint.sqlite3")
    before = snapshot(tmp_path)
    one_clear_line(cli("db", "migrate", folder=tmp_path), phrase)
    one_clear_line(cli("db", "backup", "copy.sqlite3", folder=tmp_path), phrase)
    assert snapshot(tmp_path) == before


def retrying(proc: subprocess.Popen[str]) -> None:
    """Read a `run`'s log until it says it cannot reach Discord (it is past storage)."""
    assert proc.stderr is not None
    seen: list[str] = []
    while not seen or "cannot reach Discord" not in seen[-1]:
        seen.append(proc.stderr.readline())
        assert seen[-1] and "Traceback" not in seen[-1], seen


def gets_past_storage(folder: Path, *flags: str) -> None:
    """`run` with flags opens the storage and goes on to Discord (a closed port here): stopped
    at its first retry line."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", *flags],
        cwd=folder,
        env={**clean, **NOWHERE, "BALINT_DATABASE__PATH": str(folder / "balint.sqlite3")},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        retrying(proc)
    finally:
        proc.kill()
        proc.wait()


def test_the_host_may_start_afresh_on_purpose(tmp_path: Path) -> None:
    """--new-database and --new-key are the explicit ways past the refusals."""
    healthy(tmp_path)
    (tmp_path / "balint.sqlite3").unlink()
    gets_past_storage(tmp_path, "--new-database")
    assert (tmp_path / "balint.sqlite3").stat().st_size > 0
    (tmp_path / "balint.sqlite3.key").unlink()
    one_clear_line(cli("run", folder=tmp_path), "`balint-bot db new-key`")  # as the README says
    gets_past_storage(tmp_path, "--new-key")
    gets_past_storage(tmp_path)  # the new key is now the database's own


def read_only(folder: Path) -> list[str]:
    """A command prefix that sees `folder` read-only (root ignores file modes: a read-only bind
    mount in a private mount namespace does it; others get chmod)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return []
    if shutil.which("unshare") is None:
        pytest.fail("root without unshare(1): cannot make a read-only folder")
    script = (
        f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && exec "$@"'
    )
    return ["unshare", "--mount", "sh", "-c", script, "sh"]


def test_a_read_only_folder_stops_the_start_with_one_line(tmp_path: Path) -> None:
    healthy(tmp_path)
    before = snapshot(tmp_path)
    wrap = read_only(tmp_path)
    try:
        r = cli("run", folder=tmp_path, wrap=wrap)
        one_clear_line(r, "writable")
        one_clear_line(cli("db", "migrate", folder=tmp_path, wrap=wrap), "writable")
    finally:
        tmp_path.chmod(0o755)
    assert snapshot(tmp_path) == before


async def test_a_failed_open_leaves_no_thread_behind(tmp_path: Path) -> None:
    """The aiosqlite thread of a failed open was left running: the process could not exit."""
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    for _ in range(3):
        with pytest.raises(StorageError, match="is damaged"):
            await Database.open(path)
    left = [t for t in threading.enumerate() if isinstance(t, aiosqlite.Connection)]
    for thread in left:
        thread.join(timeout=5)  # a closed connection's thread ends; an open one never does
    assert not [t for t in left if t.is_alive()]


def test_a_second_run_on_the_same_database_is_refused_and_a_crash_leaves_no_lock(
    tmp_path: Path,
) -> None:
    """Two `balint-bot run` on one database once both ran, silently (every post twice)."""
    healthy(tmp_path)
    before = snapshot(tmp_path)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    env = {**clean, **NOWHERE, "BALINT_DATABASE__PATH": str(tmp_path / "balint.sqlite3")}
    first = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        retrying(first)  # running: past storage, trying to reach Discord (a closed port here)
        second = cli("run", folder=tmp_path)
        one_clear_line(second, "already using the database")
        assert f"process {first.pid}" in second.stderr and f"`kill {first.pid}`" in second.stderr
        assert "systemctl stop balint-bot" in second.stderr
        first.terminate()  # as `kill PID` would: it stops, and its lock goes with it
        assert first.wait(timeout=30) == 0
        assert snapshot(tmp_path) == before
        # a crash (kill -9) leaves the lock's file behind, but never a lock that blocks
        again = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=tmp_path,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        retrying(again)
        again.kill()
        again.wait()
        assert (tmp_path / "balint.sqlite3.lock").exists()
        gets_past_storage(tmp_path)
    finally:
        first.kill()
        first.wait()
