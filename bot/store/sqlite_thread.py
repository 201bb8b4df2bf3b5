"""Where the store reaches into aiosqlite's internals: `run` hands a function to aiosqlite's one
thread through its private `Connection._execute` (and the sqlite3 connection `_conn` it owns),
which aiosqlite offers no public form of, so a read, decide and write is one hop instead of one
per statement. `check()` runs whenever a database is opened and refuses an aiosqlite this was not
written for, so an upgrade fails loudly at start-up (tests/unit/test_library_patches.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

import aiosqlite

T = TypeVar("T")

# The aiosqlite series this was written and tested against (constraints.txt pins one).
WRITTEN_FOR = ("0.20.", "0.21.", "0.22.")


def check(version: str | None = None) -> None:
    """Refuse an aiosqlite whose private thread entry this was not written for (RuntimeError)."""
    version = version or aiosqlite.__version__
    usable = callable(getattr(aiosqlite.Connection, "_execute", None))
    if not version.startswith(WRITTEN_FOR) or not usable:
        raise RuntimeError(
            f"aiosqlite {version} is not a version the store was written for "
            f"({', '.join(v + 'x' for v in WRITTEN_FOR)}"
            f"{'' if usable else '; Connection._execute is gone'}): install with "
            "-c constraints.txt, or update bot/store/sqlite_thread.py and its tests"
        )


async def run(conn: aiosqlite.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
    """`fn(sqlite3_connection)` on aiosqlite's thread, in order with every other call on it."""
    raw: sqlite3.Connection = conn._conn
    result: T = await conn._execute(fn, raw)  # type: ignore[no-untyped-call]
    return result
