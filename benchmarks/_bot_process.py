"""One bot under test in its own process, as on real Discord, driven by benchmarks/bench_latency.py.

The parent runs the emulator and the simulated members; this child runs either the unmodified bot
(bot.app.BalintBot on the SQLite file the parent prepared, under the parent's time-machine clock)
or the bare discord.py "pong" bot, connected to the emulator by URL. It says "ready" on stdout once
connected, then answers one command a line on stdin with one line on stdout (prefixed "@ "):
  hops            calls handed to the SQLite thread so far (counted here, where they happen)
  settle          wait until the bot's background deliveries have finished
  usage           CPU seconds of this process (every thread), of its worker processes (the gate's
                  scans), of its event loop's thread, and of that thread in background work (the
                  scheduler's spawned tasks: private messages after an answer), and resident
                  memory
  lag             the event loop's longest stall (seconds) since the last `lag` (bot/loop_lag.py),
                  and the garbage collector's passes since then: full ones, and the longest of
                  each kind (seconds)
  profile         start cProfile on the event loop's thread (timed in that thread's CPU time, so
                  waiting for the interpreter's lock or the machine is not counted)
  profile-stop P  stop it and write the stats to file P
  stop            close the bot and exit

Run by the parent: python benchmarks/_bot_process.py {bot,bare} API GATEWAY TOKEN TMP START EPOCH
"""

from __future__ import annotations

import asyncio
import contextvars
import cProfile
import gc
import json
import logging
import os
import resource
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import time_machine  # noqa: E402

from benchmarks._rss import rss_mb  # noqa: E402
from bot.emulator.connect import use_discord_at  # noqa: E402


class Collections:
    """The garbage collector's passes (gc.callbacks): how many full ones, the longest of each
    generation; the stalls they cause are the loop-lag probe's too, these say which they were.
    Timed in CPU seconds of the thread that ran the pass (a busy machine that takes the CPU away
    mid-pass stretches its wall time, not this)."""

    def __init__(self) -> None:
        self.started = 0.0
        self.take()
        gc.callbacks.append(self._seen)

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.started = time.thread_time()
            return
        took = time.thread_time() - self.started
        generation = info["generation"]
        self.longest[generation] = max(self.longest[generation], took)
        self.full += generation == 2

    def take(self) -> dict[str, Any]:
        seen = {"full": getattr(self, "full", 0), "longest": getattr(self, "longest", [0.0] * 3)}
        self.full, self.longest = 0, [0.0, 0.0, 0.0]
        return seen


class Hops:
    """Counts every call the bot hands to its SQLite thread.

    Counted at the store's single door to the thread (Database._in_thread) where there is one,
    and at aiosqlite's (Connection._execute) for the calls that bypass it, each call once: a hop
    through _in_thread is not counted again inside. Tolerant of either door going away.
    """

    count = 0
    _inside: contextvars.ContextVar[bool] = contextvars.ContextVar("in_thread", default=False)

    @classmethod
    def install(cls) -> None:
        import aiosqlite

        from bot.store.db import Database

        execute = getattr(aiosqlite.Connection, "_execute", None)
        if execute is not None:

            async def counted_execute(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
                if not cls._inside.get():
                    cls.count += 1
                return await execute(self, fn, *args, **kwargs)

            aiosqlite.Connection._execute = counted_execute  # type: ignore[method-assign]

        in_thread = getattr(Database, "_in_thread", None)
        if in_thread is not None:

            async def counted_in_thread(self: Any, *args: Any, **kwargs: Any) -> Any:
                cls.count += 1
                token = cls._inside.set(True)
                try:
                    return await in_thread(self, *args, **kwargs)
                finally:
                    cls._inside.reset(token)

            Database._in_thread = counted_in_thread  # type: ignore[method-assign]


class Background:
    """CPU seconds of the event loop's thread spent in the scheduler's spawned tasks (what a
    path does after its answer: /withdraw's private messages to a promoted member), so the
    answer's own share can be told from it. Each step of such a task runs as a loop callback in
    the task's context, marked here when it is spawned; a callback is timed in thread CPU time.
    What runs outside the task for it (aiohttp reading its response) is not counted: a floor."""

    cpu = 0.0
    marked: contextvars.ContextVar[bool] = contextvars.ContextVar("background", default=False)

    @classmethod
    def install(cls, scheduler: Any) -> None:
        spawn = scheduler.spawn

        def marked_spawn(coro: Any) -> Any:
            token = cls.marked.set(True)  # the task copies the context it is created in
            try:
                return spawn(coro)
            finally:
                cls.marked.reset(token)

        scheduler.spawn = marked_spawn
        run = asyncio.events.Handle._run

        def timed_run(handle: Any) -> None:
            if not handle._context.get(cls.marked, False):
                run(handle)
                return
            started = time.thread_time()
            try:
                run(handle)
            finally:
                cls.cpu += time.thread_time() - started

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]


def workers_cpu() -> float:
    """CPU seconds of this process's worker processes alive now (the gate's scans, documents):
    the bot's work too, on another core."""
    total = 0.0
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            children = (task / "children").read_text().split()
        except OSError:  # the thread has ended
            continue
        for pid in children:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def say(**what: Any) -> None:
    print("@ " + json.dumps(what), flush=True)


async def serve(kind: str, token: str, tmp: Path) -> None:
    scheduler: Any = None
    if kind == "bot":
        from benchmarks._sessions_harness import settings_for, silence
        from bot.app import BalintBot
        from bot.sandbox.many import KEY

        silence()
        # an interaction that missed Discord's 3 s is counted as failed; its traceback is not wanted
        logging.getLogger("bot.errors").setLevel(logging.CRITICAL)
        Hops.install()
        settings = settings_for(tmp).replace(sessions={"events_ahead": 0})
        # as `balint-bot run` makes it (bot/__main__.py), a process of its own
        client: Any = BalintBot(settings, key=KEY, settle_memory=True)
    else:
        from benchmarks._bare import bare_pong_bot

        logging.basicConfig(level=logging.ERROR)
        client = bare_pong_bot()
    await client.login(token)
    task = asyncio.create_task(client.connect(reconnect=kind == "bot"))
    await client.wait_until_ready()
    if kind == "bot":
        scheduler = client.scheduler  # made in setup_hook
        Background.install(scheduler)
    else:
        await client.tree.sync()
    from bot.loop_lag import LoopLag

    probe = LoopLag().start()
    collections = Collections()
    say(ready=True, rss=rss_mb())

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    profile: cProfile.Profile | None = None
    while line := (await reader.readline()).decode().split():
        command, args = line[0], line[1:]
        if command == "hops":
            say(hops=Hops.count)
        elif command == "settle":
            if scheduler is not None:
                await scheduler.drain()
            say(settled=True)
        elif command == "usage":
            used = resource.getrusage(resource.RUSAGE_SELF)
            # this command is read on the event loop's thread: thread_time() is that thread's
            say(
                cpu=used.ru_utime + used.ru_stime,
                workers=workers_cpu(),
                loop=time.thread_time(),
                after=Background.cpu,
                rss=rss_mb(),
            )
        elif command == "lag":
            say(lag=probe.take(), gc=collections.take())
        elif command == "profile":
            profile = cProfile.Profile(time.thread_time)
            profile.enable()
            say(profiling=True)
        elif command == "profile-stop" and profile is not None:
            profile.disable()
            profile.dump_stats(args[0])
            say(profiled=args[0])
        elif command == "stop":
            break
        else:
            say(error=f"unknown command {line!r}")
    await probe.stop()
    await client.close()
    await asyncio.gather(task, return_exceptions=True)
    say(stopped=True)


def main() -> None:
    kind, api, gateway, token, tmp, start, epoch = sys.argv[1:8]
    # the parent's clock stood at START at wall-clock time EPOCH and has ticked since
    now = datetime.fromisoformat(start) + timedelta(seconds=time.time() - float(epoch))
    with time_machine.travel(now, tick=True), use_discord_at(api, gateway):
        asyncio.run(serve(kind, token, Path(tmp)))


if __name__ == "__main__":
    main()
