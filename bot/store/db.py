"""The SQLite store: one aiosqlite connection, WAL, foreign keys, numbered migrations.

The store is the single source of truth (docs/architecture.md → Reading and writing the store).
A write is `write(fn)`: `fn` runs on the store's thread as one transaction in one hop, taking
SQLite's write lock up front (BEGIN IMMEDIATE), serialised in-process by an asyncio lock, so a
read-decide-write sequence (the last case slot, a delivery ledger row) is atomic. `execute` and
`changes` are a single statement's `write`. `transaction()`, a hop per statement, is left for a
write that must await between its statements: only the migrations use it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import sqlite3
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Hashable,
    Iterable,
    Mapping,
    Sequence,
)
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.store import sqlite_thread

log = logging.getLogger(__name__)

REMEMBERED_MAX = 100_000
# Writes in one hop at most: the reads that come meanwhile wait for the whole hop (a write is
# 0.1 to 1 ms on the store's thread)
BATCH_MAX = 64

# Positional (?) or named (:name) parameters, as sqlite3 takes them.
Params = Sequence[Any] | Mapping[str, Any]


class StorageError(RuntimeError):
    """The database cannot be used as it is; the message says what the host should do."""


class DatabaseTooNew(StorageError):
    """The database was written by a newer version of the bot."""


RESTORE = (
    "Stop the bot, move the file (and any -wal and -shm files beside it) aside and restore your "
    "latest backup (see README, Failures and restarts)"
)


def damaged(path: Path, detail: str) -> str:
    detail = " ".join(detail.replace("*** in database main ***", "").split())  # one line
    return f"the database {path} is damaged ({detail}). {RESTORE}."


def cannot_use(path: Path, exc: BaseException) -> str:
    detail = getattr(exc, "strerror", None) or str(exc)
    return (
        f"cannot use the database {path} ({detail}): check that its folder exists, is writable "
        "by this user and has free space"
    )


def describe(path: Path, exc: sqlite3.DatabaseError) -> str:
    """One line for a host: damaged file (restore the backup) or unusable place (fix the folder)."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and not any(
        word in text for word in ("malformed", "not a database", "corrupt")
    ):
        return cannot_use(path, exc)
    return damaged(path, text)


class Database:
    """An open store. Create with `await Database.open(path)`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path, busy_timeout_ms: int = 5000) -> None:
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()
        # Writes that came while another held the write lock, and the task that runs them, all
        # in one hop (each its own transaction): see write()
        self._queued: list[tuple[Callable[[Work], Any], asyncio.Future[Any]]] = []
        self._batcher: asyncio.Task[None] | None = None
        self._busy_timeout_ms = int(busy_timeout_ms)
        self._retry: asyncio.Task[None] | None = None
        self._next_checkpoint: asyncio.Future[bool] | None = (
            None  # forget()s not yet begun share it
        )
        # Look-ups of groups and rosters kept in memory (every interaction makes them): emptied
        # after each write that says it changes groups or rosters (Work.forget_looked_up), and
        # when a write fails.
        self.remembered: dict[Hashable, Any] = {}
        # counts those emptyings: a look-up whose read overlapped one is not remembered (its
        # rows may predate the write, which then found nothing to empty)
        self._era = 0
        # The checkpoints' own connection and thread (opened at the first, for a file's store):
        # the disk syncs of emptying the log do not hold the store's thread, so reads go on
        # meanwhile; writes wait for it (it holds the write lock, as SQLite's TRUNCATE does).
        self._checkpointer: aiosqlite.Connection | None = None
        # calls handed to the store's thread, and calls it has finished (counted there): a
        # checkpoint that finds the log in use while ours were under way blames no other process
        self._hops_begun = 0
        self._hops_ended = 0
        self._closed = False

    @classmethod
    async def open(
        cls, path: str | Path, *, busy_timeout_ms: int = 5000, migrate: bool = True
    ) -> Database:
        """Open (or create) the store; a damaged or unusable file raises StorageError, whose
        message says what to do, and leaves the file as it was (nothing is written before the
        integrity check passes)."""
        sqlite_thread.check()
        path = Path(path)
        try:
            if str(path) != ":memory:":
                path.parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(cannot_use(path, exc)) from None
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            problems = [r[0] for r in await conn.execute_fetchall("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise StorageError(damaged(path, "; ".join(map(str, problems[:3]))))
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA synchronous = NORMAL")
            # Deleted rows (a destroyed salt, an expired draft) are overwritten, not left in free pages.
            await conn.execute("PRAGMA secure_delete = ON")
            db = cls(conn, path, busy_timeout_ms)
            protect(path)
            if migrate:
                await db.migrate()
        except BaseException as exc:
            # The connection's thread would keep the process alive after a failed start.
            with contextlib.suppress(Exception):
                await conn.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise StorageError(describe(path, exc)) from None
            raise
        return db

    async def close(self) -> None:
        if self._retry is not None and not self._retry.done():
            self._retry.cancel()
            await asyncio.gather(self._retry, return_exceptions=True)
            if not await self._checkpoint_now():
                log.warning(LOG_KEPT, self.path.name, "the bot stopped")
        async with self._write_lock:  # a checkpoint under way ends first
            checkpointer, self._checkpointer = self._checkpointer, None
            self._closed = True  # a forget() after this must not open a connection again
        if checkpointer is not None:
            await checkpointer.close()
        await self.conn.close()

    # -- migrations -------------------------------------------------------------------------

    async def schema_version(self) -> int:
        row = await self.fetchone(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'"
        )
        if row is None:
            return 0
        row = await self.fetchone("SELECT version FROM schema_version")
        return int(row["version"]) if row else 0

    async def migrate(self) -> list[int]:
        """Apply every numbered migration newer than the database, each in its own transaction."""
        migrations = available_migrations()
        latest = max(migrations, default=0)
        current = await self.schema_version()
        if current > latest:
            raise DatabaseTooNew(
                f"the database {self.path} is at schema version {current}, but this version of the "
                f"bot knows only up to {latest}: upgrade the bot (or restore a backup made for it)"
            )
        applied = []
        for version in sorted(v for v in migrations if v > current):
            async with self.transaction() as tx:
                for statement in _split_sql(migrations[version]):
                    await tx.execute(statement)
                await tx.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
                )
                await tx.execute("DELETE FROM schema_version")
                await tx.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            applied.append(version)
            log.info("applied database migration %04d", version)
        return applied

    # -- queries ------------------------------------------------------------------------------

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One write transaction whose statements are awaited one by one (a hop each); commits on
        success, rolls back on any exception, and empties the remembered look-ups either way.
        Prefer `write`, one hop for the whole transaction."""
        async with self._write_lock:
            try:
                # inside the try: a task cancelled while BEGIN waits for the thread still has
                # it run there, and the rollback below (queued after it) must end it
                await self.conn.execute("BEGIN IMMEDIATE")
                yield Tx(self)
            except BaseException:
                try:
                    await self._in_thread(_roll_back)
                finally:
                    self.forget_looked_up()  # a look-up made inside may have seen undone rows
                raise
            else:
                try:
                    await self.conn.execute("COMMIT")
                except BaseException:
                    # e.g. the disk is full: the transaction is still open and would make
                    # every later BEGIN fail; roll it back so the next attempt can succeed
                    try:
                        with contextlib.suppress(Exception):
                            await self._in_thread(_roll_back)
                    finally:
                        self.forget_looked_up()
                    raise
                # its statements are not told apart: it may have changed groups or rosters
                self.forget_looked_up()

    async def recall(self, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        """`load()`'s answer for `key`, from memory while no write to groups or rosters came since."""
        if key in self.remembered:
            known: T = self.remembered[key]
            return known
        era = self._era
        value = await load()
        if era != self._era:  # a write to groups or rosters came meanwhile: maybe stale
            return value
        if len(self.remembered) > REMEMBERED_MAX:
            self.remembered.clear()
        self.remembered[key] = value
        return value

    def forget_looked_up(self) -> None:
        """Empty the remembered look-ups, and keep any look-up still reading from refilling them."""
        self.remembered.clear()
        self._era += 1

    # Each read or single write is one hop to aiosqlite's thread (statement, fetch and cursor
    # close together; BEGIN, write and COMMIT together), not three: an interaction's latency is
    # mostly those hops under load (benchmarks/bench_latency.py).

    async def _in_thread(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn(sqlite3_connection)` on aiosqlite's thread, in order with every other call."""

        def run(raw: sqlite3.Connection) -> T:
            try:
                return fn(raw)
            finally:
                self._hops_ended += 1  # only this thread writes it

        self._hops_begun += 1
        return await sqlite_thread.run(self.conn, run)

    async def read(self, fn: Callable[[Work], T]) -> T:
        """`fn`'s reads, all in one hop to the store's thread (one consistent view of the data)."""
        return await self._in_thread(lambda raw: fn(Work(raw)))

    async def write(self, fn: Callable[[Work], T]) -> T:
        """`fn` as one write transaction in one hop: BEGIN IMMEDIATE, its statements, COMMIT (or
        ROLLBACK if it raises), so a hot path's read-decide-write costs one round trip instead of
        one per statement. `fn` runs on the store's thread: plain Python and SQL only (the
        domain's rules are fine), no asyncio.

        Writes that come while the write lock is held (another write, or a checkpoint emptying
        the log) wait together and then go in one hop, each still its own transaction, in the
        order they came. One at a time, each waited a turn of the event loop on top of its hop
        (the lock handed on, the next write's hop begun), so under load writes went no faster
        than the loop turned, and the queue behind each checkpoint drained one turn per write
        (feedback Send at 300-500/s: benchmarks/README.md, Saturation, fourth round)."""
        if self._batcher is None and not self._write_lock.locked():
            async with self._write_lock:  # no one waiting: straight on
                try:
                    out, touched = await self._in_thread(lambda raw: _transaction(raw, fn))
                except BaseException:
                    # also when cancelled: the hop still runs to its end on the thread
                    self.forget_looked_up()
                    raise
            if touched:
                self.forget_looked_up()
            return out
        waiting: asyncio.Future[tuple[T, bool]] = asyncio.get_running_loop().create_future()
        self._queued.append((fn, waiting))
        if self._batcher is None:
            self._batcher = asyncio.create_task(self._write_queued())
        # Cancelled before its batch begins, the write is not made (as a write cancelled while
        # waiting for the lock never was); once begun, it runs to its end on the thread.
        out, _ = await waiting
        return out

    async def _write_queued(self) -> None:
        """Run the queued writes, a batch (all that wait) per hop, until none wait."""
        try:
            while self._queued:
                async with self._write_lock:
                    taken, self._queued = self._queued[:BATCH_MAX], self._queued[BATCH_MAX:]
                    batch = [(fn, w) for fn, w in taken if not w.done()]
                    if batch:
                        await self._write_batch(batch)
        finally:
            self._batcher = None

    async def _write_batch(
        self, batch: list[tuple[Callable[[Work], Any], asyncio.Future[Any]]]
    ) -> None:
        fns = [fn for fn, _ in batch]

        def run(raw: sqlite3.Connection) -> list[tuple[bool, Any]]:
            outcomes: list[tuple[bool, Any]] = []
            for fn in fns:
                try:
                    outcomes.append((True, _transaction(raw, fn)))
                except BaseException as exc:  # the caller's to raise, as if it had run alone
                    outcomes.append((False, exc))
            return outcomes

        try:
            outcomes = await self._in_thread(run)
        except BaseException as exc:  # the store is closed, or this task was cancelled
            self.forget_looked_up()
            for _, waiting in batch:
                if not waiting.done():
                    if isinstance(exc, asyncio.CancelledError):
                        waiting.cancel()
                    else:
                        waiting.set_exception(exc)
            if isinstance(exc, asyncio.CancelledError):
                raise
            return
        # a failed write, or one whose caller was cancelled meanwhile, empties them too
        if any(
            not ok or value[1] or waiting.done()
            for (_, waiting), (ok, value) in zip(batch, outcomes, strict=True)
        ):
            self.forget_looked_up()
        for (_, waiting), (ok, value) in zip(batch, outcomes, strict=True):
            if waiting.done():  # its caller was cancelled: it ran all the same
                continue
            if ok:
                waiting.set_result(value)
            else:
                waiting.set_exception(value)

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        def run(raw: sqlite3.Connection) -> Any:
            cur = raw.execute(sql, params)
            try:
                return cur.fetchone()
            finally:
                cur.close()

        return await self._in_thread(run)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        def run(raw: sqlite3.Connection) -> list[aiosqlite.Row]:
            cur = raw.execute(sql, params)
            try:
                return cur.fetchall()
            finally:
                cur.close()

        return await self._in_thread(run)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Params = ()) -> int:
        """A single write in its own transaction (one hop); returns lastrowid."""
        return await self.write(lambda w: w.run(sql, params).lastrowid or 0)

    async def changes(self, sql: str, params: Params = ()) -> int:
        """A single write in its own transaction (one hop); how many rows it changed."""
        return await self.write(lambda w: w.run(sql, params).rowcount)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        await self.write(lambda w: w.run_many(sql, rows))

    async def forget(self) -> bool:
        """Make deleted secrets unrecoverable from the files, not only from the tables.

        secure_delete overwrites freed pages in the database file, but in WAL mode the old page
        images (a destroyed salt, an expired draft, the state before each feedback answer) stay
        in the -wal file until a checkpoint; TRUNCATE copies the WAL back and empties it. Called
        after each answer, when a poll closes or a draft goes.

        Another process reading the file (a backup, `sqlite3`, a monitor) makes the checkpoint
        busy. It is tried once now without waiting (a member's interaction may be waiting on
        this, within Discord's 3 s), and if busy, again in the background until it succeeds,
        with a warning in the log; True when the log is empty now.
        """
        # Answers that come while a checkpoint waits for its turn share it: it begins after their
        # writes (the store's thread runs in order), so it empties the log of them too. Under load
        # that is one checkpoint (and one fsync) for many answers, not one each.
        if self._next_checkpoint is None or self._next_checkpoint.done():
            self._next_checkpoint = asyncio.ensure_future(self._forget_now())
        return await asyncio.shield(self._next_checkpoint)

    async def _forget_now(self) -> bool:
        for attempt in range(4):  # a read of our own still open: it ends in milliseconds
            outcome = await self._checkpoint_once(begun=self._checkpoint_begun)
            if outcome != OWN_READ:
                break
            await asyncio.sleep(0.02 * (attempt + 1))
        if outcome == DONE:
            return True
        if self._retry is None or self._retry.done():
            if outcome == OTHER_READER:
                log.warning(LOG_KEPT, self.path.name, "another process is reading the database")
            self._retry = asyncio.create_task(self._checkpoint_until_done(outcome))
        return False

    def _checkpoint_begun(self) -> None:
        """From here on, a write's forget() needs a checkpoint of its own (this one may not see it)."""
        self._next_checkpoint = None

    async def forgotten(self) -> None:
        """Wait until a checkpoint that was busy has been done (tests; shutdown does it too)."""
        if self._retry is not None:
            await asyncio.shield(self._retry)

    async def _checkpoint_now(self) -> bool:
        return await self._checkpoint_once() == DONE

    async def _checkpoint_once(self, begun: Callable[[], None] | None = None) -> str:
        """One TRUNCATE checkpoint, in one hop, on the checkpoints' own connection and thread
        (the store's thread goes on with reads meanwhile). It holds the write lock, so it begins
        after every write already made and no write of ours waits in SQLite's busy loop for it;
        it waits a few milliseconds at most for readers (ours end within them)."""
        async with self._write_lock:
            if begun is not None:
                begun()
            if str(self.path) == ":memory:":  # no log, and no second connection to it
                return DONE
            if self._closed:  # fails as any use of a closed store does
                return await self._in_thread(lambda raw: DONE)
            if self._checkpointer is None:
                checkpointer = await aiosqlite.connect(self.path, isolation_level=None)
                await checkpointer.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
                self._checkpointer = checkpointer

            def run(raw: sqlite3.Connection) -> str:
                under_way, begun_before = self._hops_begun - self._hops_ended, self._hops_begun
                try:
                    cur = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    row = cur.fetchone()
                    cur.close()
                except sqlite3.OperationalError:  # the log locked beyond the wait
                    row = None
                if row is not None and row[0] == 0:
                    return DONE
                ours = under_way or self._hops_begun != begun_before
                ours = ours or self._hops_begun != self._hops_ended
                # one of our own reads held the log: try again shortly, blaming nobody
                return OWN_READ if ours else OTHER_READER

            return await sqlite_thread.run(self._checkpointer, run)

    async def _checkpoint_until_done(self, outcome: str) -> None:
        delay, waited, escalated = 0.25, 0.0, False
        while True:
            await asyncio.sleep(delay)
            waited += delay
            previous, outcome = outcome, await self._checkpoint_once()
            if outcome == OTHER_READER and previous != OTHER_READER and not escalated:
                log.warning(LOG_KEPT, self.path.name, "another process is reading the database")
            if outcome == DONE:
                if previous == OTHER_READER or escalated:
                    log.warning(
                        "%s: the write-ahead log is empty again (after %.0f s)",
                        self.path.name,
                        waited,
                    )
                return
            if waited >= ESCALATE_AFTER_S and outcome == OTHER_READER and not escalated:
                escalated = True
                log.error(
                    LOG_KEPT + " for %.0f minutes: close the other program (sqlite3, a backup or "
                    "monitoring tool); use `balint-bot db backup` for backups",
                    self.path.name,
                    "another process is still reading the database",
                    waited / 60,
                )
            delay = min(delay * 2, 30.0)

    # -- the anonymity key ------------------------------------------------------------------------

    async def check_key(self, key: bytes, *, adopt: bool = False) -> None:
        """Refuse a key other than the one this database was used with.

        A different but valid key would start fine and silently orphan every anonymous draft and
        answer. The fingerprint is an HMAC of a fixed label, so it tells nothing about the key.
        A database without one (new, or from before fingerprints) adopts the key; `adopt`
        replaces a stored one (the host chose a new key knowingly).
        """
        fingerprint = key_fingerprint(key)
        stored = await self.fetchval("SELECT value FROM meta WHERE key = 'key_fingerprint'")
        if stored == fingerprint:
            return
        if stored is not None and not adopt:
            raise StorageError(
                f"the anonymity key does not match the database {self.path} (it was used with "
                "another key): restore the key file that belongs to it (or set BALINT_SECRET_KEY "
                "to that key); a different key would orphan every anonymous draft and answer"
            )
        await self.execute(
            "INSERT INTO meta (key, value) VALUES ('key_fingerprint', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (fingerprint,),
        )


LOG_KEPT = (
    "%s: deleted secrets and the order of recent answers stay in its write-ahead log (-wal) "
    "until a checkpoint, which waits (%s); retrying"
)
T = TypeVar("T")


def _transaction(raw: sqlite3.Connection, fn: Callable[[Work], T]) -> tuple[T, bool]:
    """`fn` in one transaction on the store's thread: its answer, and whether it changed groups or
    rosters (Work.forget_looked_up)."""
    work = Work(raw)
    raw.execute("BEGIN IMMEDIATE")
    try:
        out = fn(work)
        raw.execute("COMMIT")
    except BaseException:
        # SQLite may have rolled back already (disk full); a failed COMMIT has not
        if raw.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                raw.execute("ROLLBACK")
        raise
    return out, work.forgets


def _roll_back(raw: sqlite3.Connection) -> None:
    """End the open transaction, if any: SQLite has already rolled back after some errors
    (disk full, I/O), and a second ROLLBACK would hide the real error."""
    if raw.in_transaction:
        raw.execute("ROLLBACK")


ESCALATE_AFTER_S = 300.0
# How long a checkpoint waits for readers: ours end within a millisecond or two; another
# process's read may last, and writes queued behind the checkpoint should not wait for it.
CHECKPOINT_WAIT_MS = 10
DONE, OWN_READ, OTHER_READER = "done", "own read", "other reader"


class Result:
    """A statement's rows (fetched in the same hop as the statement), lastrowid and rowcount."""

    def __init__(self, rows: list[Any], lastrowid: int | None, rowcount: int) -> None:
        self._rows = rows
        self.lastrowid = lastrowid
        self.rowcount = rowcount

    async def fetchone(self) -> aiosqlite.Row | None:
        return self._rows.pop(0) if self._rows else None

    async def fetchall(self) -> list[aiosqlite.Row]:
        rows, self._rows = self._rows, []
        return rows

    async def close(self) -> None:
        self._rows = []


class Tx:
    """The statements of one transaction, each one hop to aiosqlite's thread (statement and rows
    together, where aiosqlite's cursor takes one hop for the statement and one for each fetch)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def execute(self, sql: str, params: Params = ()) -> Result:
        def run(raw: sqlite3.Connection) -> Result:
            cur = raw.execute(sql, params)
            try:
                return Result(cur.fetchall(), cur.lastrowid, cur.rowcount)
            finally:
                cur.close()

        return await self._db._in_thread(run)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        await self._db._in_thread(lambda raw: raw.executemany(sql, rows).close())

    async def execute_fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        return await (await self.execute(sql, params)).fetchall()


class Work:
    """The statements of one `Database.read` or `Database.write`, run on the store's thread
    (synchronous: the whole unit is one hop)."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self._raw = raw
        self.forgets = False  # the write changes groups or rosters: see forget_looked_up

    def forget_looked_up(self) -> None:
        """This write changes groups or rosters: the remembered look-ups are emptied once it is
        done (every store function that writes `groups` or `group_members` says so)."""
        self.forgets = True

    def rows(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        cur = self._raw.execute(sql, params)
        try:
            return cur.fetchall()
        finally:
            cur.close()

    def row(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        cur = self._raw.execute(sql, params)
        try:
            row: aiosqlite.Row | None = cur.fetchone()
            return row
        finally:
            cur.close()

    def value(self, sql: str, params: Params = ()) -> Any:
        row = self.row(sql, params)
        return None if row is None else row[0]

    def run(self, sql: str, params: Params = ()) -> Result:
        """A write: its lastrowid and rowcount."""
        cur = self._raw.execute(sql, params)
        try:
            return Result([], cur.lastrowid, cur.rowcount)
        finally:
            cur.close()

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._raw.executemany(sql, rows).close()


def protect(path: Path) -> None:
    """Only the bot's own user may read the database (SQLite gives its -wal and -shm files the
    same mode); other users on the host cannot hold a read open, or copy it."""
    if str(path) == ":memory:" or not path.exists():
        return
    try:
        path.chmod(0o600)
    except OSError:
        log.warning("%s: could not make the database readable by its owner only", path.name)


def copy_in_memory(source: Path) -> sqlite3.Connection:
    """A copy of a live SQLite database in memory, through the backup API page by page, without
    stopping writers (for `db backup`, which cleans it before any of it is written to disk)."""
    copy = sqlite3.connect(":memory:", isolation_level=None)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        src.backup(copy, pages=256)
    except BaseException:
        copy.close()
        raise
    finally:
        src.close()
    return copy


def key_fingerprint(key: bytes) -> str:
    return hmac.new(key, b"balint-bot key fingerprint", hashlib.sha256).hexdigest()[:32]


def available_migrations() -> dict[int, str]:
    """Numbered migrations shipped with the package: NNNN_name.sql -> its SQL."""
    found: dict[int, str] = {}
    for entry in resources.files("bot.store.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found[int(name[:4])] = entry.read_text(encoding="utf-8")
    return found


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (sqlite3.complete_statement knows about triggers)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        statements.append(buffer.strip())
    return [s for s in statements if s.strip("; \n")]
