"""The de-identification gate's verdict for the cogs, off the event loop: in a process of its own.

The gate (bot.domain.deidentify) is pure Python: a scan is 0.5 ms (a short draft) to 5 ms (the
longest a form takes), and its first use after a start loads its word lists (about 7 MB of text,
some 30 MB in memory, a few hundred milliseconds). On the event loop the load held every other
member's press, and each cog met it on its own (a feedback comment, an agenda, a reflection, a
leader's note); in a thread a scan still holds the interpreter's lock, and only adds hand-offs
(benchmarks/README.md, Saturation, second round). So every cog asks the gate through `check`
here, and the scans run in one worker process with an interpreter of its own (on the machine's
other core): the loop's part is sending the fields down a pipe and reading the findings back,
about 0.1 ms (benchmarks/README.md, Saturation, fourth round). The worker loads the lists as it
starts (the bot starts it as it logs in: `start`), and the bot's process never loads them.

The worker is an aid, never a condition: if it cannot be started, dies, or does not answer in
time, the scan is made here instead (the lists loaded in a thread first, so the loop is not held
for them), and a new worker is tried a minute later; while that one starts, the lists being here
already, the scans go on here rather than wait for it (its start took a second or two, and a
member's form waited for it past Discord's 3 s). Nothing the worker is sent is stored or
logged, and it answers only this process, through the pipe (spawned, not forked: the bot has
threads, and a plain child). At most a few scans are in the pipe at once (`IN_FLIGHT`); the rest wait their turn
without holding the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import inspect
import itertools
import logging
import os
import pkgutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from multiprocessing.connection import Connection

from bot.domain import deidentify
from bot.domain.calendar import InputError
from bot.domain.deidentify import Checked

log = logging.getLogger(__name__)

IN_FLIGHT = 4  # scans in the pipe at once: the worker takes one at a time, the next one waits
FIRST_ANSWER_S = 20.0  # its first answer waits for it to start and load the lists
ANSWER_S = 2.0  # after that a scan takes milliseconds: longer than this, and it is stuck
RETRY_AFTER_S = 60.0  # after a worker failed, scans are made here for this long

# A text that reaches every detector (names, places, numbers, dates, ages, public figures), so
# the scans' own first uses (patterns compiled on first use) are made as the lists load.
_SAMPLE = (
    "Dr Smith saw Mrs Patel (Will Baker's aunt) from Leeds General at 14 Acacia Road, Sheffield "
    "S1 2AB, on 3 May 2026; she is 93, NHS 943 476 5919, and admires Churchill and Winnicott."
)

BROKEN_CHARACTER = (
    "Your text has a broken character in it (half of an emoji or symbol, cut off in copying) "
    "that cannot be saved. Nothing was saved: please type it again, or paste it again without "
    "that character."
)


def _storable(text: str) -> bool:
    """SQLite (UTF-8) can hold it: no lone surrogate."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# -- the word lists, in whichever process scans --------------------------------------------------

_lock = threading.Lock()
_loaded = False


def loaded() -> bool:
    """The gate's word lists are in this process's memory (only if it has scanned itself)."""
    return _loaded


def load_lists() -> None:
    """Every word list of the gate, loaded in the calling thread (blocking): each of its loaders
    that takes no argument (they are cached, so the scans find them loaded), then one scan of a
    sample. Once per process."""
    global _loaded
    with _lock:
        if _loaded:
            return
        for info in pkgutil.iter_modules(deidentify.__path__):
            module = importlib.import_module(f"{deidentify.__name__}.{info.name}")
            for value in list(vars(module).values()):
                if _a_list_loader(value, module.__name__):
                    value()
        deidentify.check({"sample": _SAMPLE}, members=["Rosa Lee"])
        _loaded = True


def _a_list_loader(value: object, module: str) -> bool:
    """A function of the gate's own, cached, that takes no argument: it loads a list."""
    if not callable(value) or not hasattr(value, "cache_info"):
        return False
    if getattr(value, "__module__", None) != module:
        return False
    try:
        parameters = inspect.signature(value).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(
        p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters
    )


Job = tuple[Mapping[str, str | None], list[str], list[str], bool]


def _scan(job: Job) -> Checked:
    fields, members, pseudonyms, own_name = job
    return deidentify.check(fields, members=members, pseudonyms=pseudonyms, own_name=own_name)


# -- the worker process ----------------------------------------------------------------------


def serve(fd: int) -> None:
    """In the worker: load the lists, say so, then scan each job sent until the pipe closes. A
    scan that fails answers None (the bot then scans it itself); nothing of the text is said."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the bot's Ctrl-C is the bot's to handle
    conn = Connection(fd)
    load_lists()
    try:
        conn.send((-1, None))  # ready
        while True:
            number, job = conn.recv()
            try:
                answer: Checked | None = _scan(job)
            except Exception:
                answer = None
            conn.send((number, answer))
    except (EOFError, OSError):
        return  # the bot has gone (a short run can end before the lists are loaded)


class _Worker:
    """One worker process and the pipe to it, read by the event loop that last used it."""

    def __init__(self) -> None:
        # a plain child process with a socket pair: not multiprocessing's, which would add its
        # resource tracker (another interpreter, 13 MB) and re-import the bot's main module
        ours, theirs = socket.socketpair()
        with ours, theirs:
            here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # holds bot/
            path = os.pathsep.join([here, *filter(None, [os.environ.get("PYTHONPATH")])])
            self.process = subprocess.Popen(
                [sys.executable, "-c", "import sys, bot.gate; bot.gate.serve(int(sys.argv[1]))"]
                + [str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": path},
            )
            self.conn = Connection(ours.detach())
        self.ready = False
        self.alive = True
        self.numbers = itertools.count()
        self.waiting: dict[int, asyncio.Future[Checked | None]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.slots: asyncio.Semaphore | None = None

    def attach(self) -> asyncio.Semaphore:
        """Read the pipe on the running loop (a test's bot may run on a new one)."""
        loop = asyncio.get_running_loop()
        if self.loop is not loop or self.slots is None:
            if self.loop is not None and not self.loop.is_closed():
                self.loop.remove_reader(self.conn.fileno())
            self.waiting.clear()  # a closed loop's callers are gone
            self.loop, self.slots = loop, asyncio.Semaphore(IN_FLIGHT)
            loop.add_reader(self.conn.fileno(), self._readable)
        return self.slots

    def _readable(self) -> None:
        if not self.alive:
            return
        try:
            while self.conn.poll():
                number, answer = self.conn.recv()
                if number == -1:
                    self.ready = True
                    continue
                waiting = self.waiting.pop(number, None)
                if waiting is not None and not waiting.done():
                    waiting.set_result(answer)
        except (EOFError, OSError):
            self.stop()

    async def scan(self, job: Job) -> Checked | None:
        """The worker's verdict, or None if it could not give one (the caller scans itself)."""
        async with self.attach():
            if self.alive and not self.ready:
                self._readable()  # its word that it has started may be in the pipe, unread
            if not self.alive or (not self.ready and _loaded):
                return None  # still starting, and the lists are here: scanned here meanwhile
            assert self.loop is not None
            number, answer = next(self.numbers), self.loop.create_future()
            self.waiting[number] = answer
            try:
                self.conn.send((number, job))
                return await asyncio.wait_for(answer, ANSWER_S if self.ready else FIRST_ANSWER_S)
            except (OSError, ValueError, TimeoutError):  # gone, or stuck
                self.stop()
                return None
            finally:
                self.waiting.pop(number, None)

    def stop(self) -> None:
        """Close the pipe (the worker exits when it reads the end) and end it if it is stuck."""
        if not self.alive:
            return
        self.alive = False
        if self.loop is not None and not self.loop.is_closed():
            self.loop.remove_reader(self.conn.fileno())
        for waiting in self.waiting.values():
            if not waiting.done():
                waiting.set_result(None)
        self.waiting.clear()
        self.conn.close()  # a worker that is well reads the end, and exits
        with contextlib.suppress(Exception):
            self.process.kill()  # one that is stuck does not
            self.process.wait(timeout=1)


_worker: _Worker | None = None
_failed_at: float | None = None  # when the last worker failed (monotonic): not again for a while


def _current() -> _Worker | None:
    """The worker, started if there is none (unless one failed less than a minute ago)."""
    global _worker, _failed_at
    if _worker is not None and not _worker.alive:
        _worker, _failed_at = None, time.monotonic()
        log.warning("the de-identification worker stopped; scanning in the bot's process")
    if _worker is None:
        if _failed_at is not None and time.monotonic() - _failed_at < RETRY_AFTER_S:
            return None
        try:
            _worker = _Worker()
        except Exception:  # e.g. no more processes allowed: scan here
            log.warning(
                "could not start the de-identification worker; scanning in the bot's process"
            )
            _failed_at = time.monotonic()
            return None
    return _worker


def start() -> None:
    """Start the worker now (it loads the lists meanwhile), so that a member's first free text
    does not wait for it. The bot calls this first thing in its set-up, before it connects."""
    _current()


def stop() -> None:
    """Stop the worker (a test that wants a fresh one; the bot's exit ends it too)."""
    global _worker, _failed_at
    if _worker is not None:
        _worker.stop()
    _worker, _failed_at = None, None


async def check(
    fields: Mapping[str, str | None],
    *,
    members: Iterable[str] = (),
    pseudonyms: Iterable[str] = (),
    own_name: bool = False,
) -> Checked:
    """`bot.domain.deidentify.check`, made by the worker; or here, its lists loaded in a thread
    first if they are not, when the worker cannot. A text that cannot be stored (half of a
    UTF-16 pair, which JSON can carry) is refused first, with what to do (InputError)."""
    if any(value and not _storable(value) for value in fields.values()):
        raise InputError(BROKEN_CHARACTER)
    job: Job = (dict(fields), list(members), list(pseudonyms), own_name)
    worker = _current()
    if worker is not None:
        checked = await worker.scan(job)
        if checked is not None:
            return checked
    if not _loaded:
        await asyncio.to_thread(load_lists)
    return _scan(job)


__all__ = ["check", "load_lists", "loaded", "start", "stop"]
