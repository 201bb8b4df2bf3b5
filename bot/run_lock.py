"""One `balint-bot run` per database: a second process on the same file would post every scheduled
message twice and race the first for every write, silently. The lock is an OS lock (flock) on a
file beside the database, so a crashed or killed bot never leaves a lock that blocks the next start:
the kernel drops it with the process. The file holds the holder's process id, to say how to stop it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class AlreadyRunning(RuntimeError):
    """Another process holds the database; the message says which and how to stop it."""


def lock_path(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + ".lock")


@contextlib.contextmanager
def held(database_path: Path) -> Iterator[None]:
    """Hold the database's lock for the block, or raise AlreadyRunning at once (never wait).

    OSError (a read-only or missing folder) is the caller's to report. The lock file is removed
    on the way out, so a refused start leaves the folder as it found it.
    """
    path = lock_path(database_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            raise AlreadyRunning(_refusal(database_path, holder)) from None
        # a bot that was stopping may have removed the file we opened: lock the one at the path
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _refusal(database_path: Path, pid: int | None) -> str:
    who = f"process {pid}" if pid else "another process"
    stop = f"`kill {pid}`" if pid else "Ctrl-C in its terminal"
    return (
        f"another balint-bot run ({who}) is already using the database {database_path}: stop it "
        f"first ({stop}, or `systemctl stop balint-bot` if it runs as the service), or give this "
        "one its own database (database.path)"
    )
