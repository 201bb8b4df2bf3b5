"""Interaction latency on the hot paths, through the local emulator, against a bare discord.py bot
(one slash command answering an ephemeral "pong", no database) in the same run.

As on real Discord, each bot has a process of its own (benchmarks/_bot_process.py): the emulator
and the simulated members driving the load run here, so their CPU is not the bot's. The bot is the
unmodified one, on the SQLite file prepared here, under the same time-machine clock.

1,000 groups of 8 (default), one channel each: half meet on Sunday 6 September 2026 at 09:00 London
time, half met the day before (Saturday, 09:00-10:15), so at the start (Sunday 09:00) the Sunday
groups have their check-in post ("I'm here") and the Saturday groups their feedback poll, opened by
the bot itself at the session's end here before the measured bot starts. Each hot path is driven
open-loop (interaction i starts i/rate s after the first, whatever the answers) at each rate, each
interaction by a different trainee:
- Sunday groups: /volunteer, /withdraw (the same trainees), the "I'm here" click, /draft new
  (which opens the draft's form) and the draft's submission (that form sent, the draft saved);
- Saturday groups: "Answer (anonymous)" (which opens the private form), then, after each of those
  trainees picked one answer (not measured), the form's Send (the answer counted).
Latency is from the interaction's dispatch until the member has the bot's answer; no answer within
3 s is a failure. "stall" is the longest the bot's event loop was held during the load and until
its work was done (bot/loop_lag.py: a 5 ms sleeper that measures how late it wakes). Before the load, five interactions one at a time count the hops to the SQLite
thread each makes (every call handed to it: a statement, a fetch, a commit), by the answer and in
all (once the work after the answer is done). The bot's process reports its CPU seconds (every
thread) before and after each rate, so CPU per interaction says whether a path saturates; its
event loop's share ("loop"), and of that what work spawned after the answers took (/withdraw's
private messages to a promoted member: "after it"), so the answer's own loop CPU can be set
against the bare bot's; this process's (the emulator and the load) is given too. Then the bot
stops and the bare bot answers /ping at the same rates.

Run: python benchmarks/bench_latency.py [--groups 1000] [--rates 100 300 500] [--seconds 2]
       [--paths /volunteer /withdraw]   (only these)
       [--in-flight 20]             (closed loop instead, 20 at a time: see IN_FLIGHT)
       [--profile /volunteer 300]   (cProfile of the bot's event loop during that load, timed
                                     in its thread's CPU time; it slows the bot, so that load's
                                     figures are not comparable)

Goals: p99 < 100 ms up to 500/s on every path, the event loop never held 50 ms
or more, its CPU per interaction at most 2x the bare bot's. The emulator's OpenAPI validation is
off (it would be the emulator's cost, not the bot's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._sessions_harness import quiet, settings_for, silence  # noqa: E402
from bot import pacing  # noqa: E402
from bot.domain.feedback import PULSE_ITEMS  # noqa: E402
from bot.emulator.connect import use_emulator  # noqa: E402
from bot.emulator.emulator import Emulator  # noqa: E402
from bot.sandbox.many import (  # noqa: E402
    TRAINEES,
    build_emulator,
    create_groups,
    skip_posts_due_before,
    start_bot,
    stop_bot,
)
from bot.store.db import Database  # noqa: E402

START = datetime(2026, 9, 6, 8, 0, tzinfo=UTC)  # Sunday 09:00 BST
SATURDAY_END = START - timedelta(days=1) + timedelta(minutes=75)  # Saturday's session ended
CHILD = Path(__file__).resolve().parent / "_bot_process.py"
LIMIT = 3.0  # Discord's "The application did not respond"
ANSWER = "Answer (anonymous)"
THEME = "A patient who makes me feel useless"
BODY = "Every visit she tells me nothing helps, and I leave feeling I have failed her."

Pair = tuple[Any, Any]  # a simulated member and the channel they act in
Act = Callable[[Any, Any], Awaitable[Any]]


@dataclass
class HotPath:
    label: str
    people: list[Pair]
    act: Act
    answered: Callable[[Any], bool]  # the answer a user would call a success
    prepare: Act | None = None  # done (not timed) by each trainee before the load


@dataclass
class Run:
    rate: int
    latencies: list[float]
    failed: int
    wrong: int
    first_error: str
    bot_cpu: float  # seconds of the bot's process (with its worker processes) per interaction
    loop_cpu: float  # of which its event loop's thread
    after_cpu: float  # of which in work spawned after an answer (private messages to others)
    here_cpu: float  # seconds of this process (emulator and load) per interaction
    worker_cpu: float  # of bot_cpu, its worker processes' (the gate's scans)
    stall: float  # the bot's event loop's longest stall during the load (bot/loop_lag.py)
    gc: dict[str, Any]  # its garbage collector's passes meanwhile (full, longest per generation)


class Child:
    """A bot in its own process, spoken to over its stdin and stdout (benchmarks/_bot_process.py)."""

    def __init__(self, kind: str, proc: asyncio.subprocess.Process) -> None:
        self.kind = kind
        self.proc = proc

    @classmethod
    async def start(
        cls, kind: str, emu: Emulator, tmp: Path, epoch: float, start: datetime = START
    ) -> Child:
        """The child, its clock at `start` at wall-clock time `epoch` (ticking since)."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(CHILD),
            kind,
            emu.base_url,
            emu.gateway_url,
            emu.bot_token,
            str(tmp),
            start.isoformat(),
            repr(epoch),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        child = cls(kind, proc)
        await asyncio.wait_for(child.reply(), timeout=600)  # its "ready" line
        return child

    async def reply(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        while line := await self.proc.stdout.readline():
            if line.startswith(b"@ "):
                answer: dict[str, Any] = json.loads(line[2:])
                if "error" in answer:
                    raise RuntimeError(f"the {self.kind} process: {answer['error']}")
                return answer
        raise RuntimeError(f"the {self.kind} process ended (exit status {await self.proc.wait()})")

    async def ask(self, command: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")
        await self.proc.stdin.drain()
        return await self.reply()

    async def cpu(self) -> tuple[float, float, float, float]:
        """CPU seconds so far: the whole process with its worker processes, its event loop's
        thread, that thread's in work spawned after answers (0 for the bare bot), and the
        worker processes' (the gate's scans)."""
        used = await self.ask("usage")
        workers = float(used.get("workers", 0.0))
        return (
            float(used["cpu"]) + workers,
            float(used["loop"]),
            float(used.get("after", 0.0)),
            workers,
        )

    async def hops(self) -> int:
        return int((await self.ask("hops"))["hops"])

    async def settle(self, emu: Emulator) -> None:
        """Until the bot's background work is done and the emulator has been idle a moment."""
        for _ in range(3):
            await self.ask("settle")
            await emu.idle(timeout=600)

    async def stop(self) -> None:
        await self.ask("stop")  # answered once the bot has closed
        await self.proc.wait()


def cpu_here() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


# --in-flight K: each load closed-loop instead, K interactions at a time (the rate then only sets
# how many: rate x seconds). A busy machine then delays the answers but fails none, so the CPU
# per interaction compares two versions of the bot even when the machine is shared.
IN_FLIGHT: int | None = None


async def load(pairs: list[Pair], path: HotPath, rate: float) -> tuple[list[float], int, int, str]:
    """Open loop: interaction i starts at i / rate s, whatever the earlier ones are doing (or
    closed loop, IN_FLIGHT at a time)."""
    latencies: list[float] = []
    failed = wrong = 0
    first_error = ""

    async def one(member: Any, channel: Any) -> None:
        nonlocal failed, wrong, first_error
        t0 = time.monotonic()
        try:
            answer = await path.act(member, channel)
        except Exception as exc:
            failed += 1
            first_error = first_error or str(exc)
            return
        latencies.append(time.monotonic() - t0)
        if not path.answered(answer):
            wrong += 1
            first_error = first_error or f"answered {answer.text[:80]!r}"

    if IN_FLIGHT is not None:
        gate = asyncio.Semaphore(IN_FLIGHT)

        async def gated(member: Any, channel: Any) -> None:
            async with gate:
                await one(member, channel)

        await asyncio.gather(*(gated(m, c) for m, c in pairs))
        return latencies, failed, wrong, first_error
    t0 = time.monotonic()
    tasks = []
    for i, (member, channel) in enumerate(pairs):
        delay = t0 + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(member, channel)))
    await asyncio.gather(*tasks)
    return latencies, failed, wrong, first_error


async def prepare(pairs: list[Pair], act: Act, at_once: int = 20) -> None:
    """Each trainee's step before the measured one, a few at a time (not timed)."""
    gate = asyncio.Semaphore(at_once)

    async def one(member: Any, channel: Any) -> None:
        async with gate:
            await act(member, channel)

    await asyncio.gather(*(one(m, c) for m, c in pairs), return_exceptions=True)


def line(label: str, run: Run, bare: dict[int, Run] | None) -> str:
    p50, p99 = pct(run.latencies, 0.5) * 1000, pct(run.latencies, 0.99) * 1000
    load = f"{run.rate:>4}/s" if IN_FLIGHT is None else f"{len(run.latencies):>4} by {IN_FLIGHT}"
    text = f"  {label:<20} {load}: p50 {p50:6.1f} ms, p99 {p99:6.1f} ms"
    if bare is not None:
        b = bare[run.rate]
        b50, b99 = pct(b.latencies, 0.5) * 1000, pct(b.latencies, 0.99) * 1000
        text += f" ({p50 / b50:5.2f}x, {p99 / b99:5.2f}x bare)"
    text += (
        f"; stall {run.stall * 1000:5.1f} ms (GC: {run.gc['full']} full passes, longest "
        f"{run.gc['longest'][2] * 1000:4.1f} ms CPU; middle {run.gc['longest'][1] * 1000:4.1f}, "
        f"young {run.gc['longest'][0] * 1000:4.1f})"
    )
    text += (
        f"; CPU ms each: bot {run.bot_cpu * 1000:4.2f} (loop {run.loop_cpu * 1000:4.2f}"
        + (f", {run.loop_cpu / bare[run.rate].loop_cpu:4.2f}x bare" if bare is not None else "")
        + ")"
    )
    if run.after_cpu >= 0.00001:  # work spawned after the answers: the answer's share apart
        answer = run.loop_cpu - run.after_cpu
        text += (
            f" (loop by the answer {answer * 1000:4.2f}"
            + (f", {answer / bare[run.rate].loop_cpu:4.2f}x bare" if bare is not None else "")
            + f"; after it {run.after_cpu * 1000:4.2f})"
        )
    if run.worker_cpu >= 0.00001:
        text += f", of which the gate's worker {run.worker_cpu * 1000:4.2f}"
    text += f", emulator {run.here_cpu * 1000:4.2f}"
    if run.failed or run.wrong:
        text += f"; {run.failed} failed, {run.wrong} wrong (first: {run.first_error[:100]})"
    return text


async def drive(
    child: Child,
    emu: Emulator,
    paths: list[HotPath],
    rates: list[int],
    per_rate: int,
    profile: tuple[str, int] | None,
    tmp: Path,
) -> dict[str, list[Run]]:
    """Each path: hops counted on the last five trainees, then the load at each rate."""
    figures: dict[str, list[Run]] = {}
    for path in paths:
        sample = path.people[-5:] if child.kind == "bot" else []
        if path.prepare is not None:
            await prepare(sample, path.prepare)
            await child.settle(emu)
        by_answer, in_all, said = [], [], ""
        for member, channel in sample:
            before = await child.hops()
            answer = await path.act(member, channel)
            by_answer.append(await child.hops() - before)
            await child.settle(emu)
            in_all.append(await child.hops() - before)
            said = said or (answer.text.splitlines() or ["(a form)"])[0][:60]
        if sample:
            print(
                f"  {path.label:<20} hops to the SQLite thread: {statistics.median(by_answer):.0f} by "
                f"the answer, {statistics.median(in_all):.0f} in all (answer: {said!r})",
                flush=True,
            )
        used = 0
        for rate in rates:
            pairs = path.people[used : used + rate * per_rate]
            used += len(pairs)
            if path.prepare is not None:
                await prepare(pairs, path.prepare)
                await child.settle(emu)
            profiling = profile == (path.label, rate)
            if profiling:
                await child.ask("profile")
            await child.ask("lag")  # from here: the longest stall of this load
            (bot0, loop0, after0, workers0), here0 = await child.cpu(), cpu_here()
            lat, failed, wrong, first_error = await load(pairs, path, rate)
            await child.settle(emu)
            (bot1, loop1, after1, workers1), here1 = await child.cpu(), cpu_here()
            lagged = await child.ask("lag")
            if profiling:
                await child.ask(f"profile-stop {tmp / 'profile.pstats'}")
            n = len(pairs)
            run = Run(
                rate,
                lat,
                failed,
                wrong,
                first_error,
                (bot1 - bot0) / n,
                (loop1 - loop0) / n,
                (after1 - after0) / n,
                (here1 - here0) / n,
                (workers1 - workers0) / n,
                float(lagged["lag"]),
                lagged["gc"],
            )
            figures.setdefault(path.label, []).append(run)
    return figures


def print_profile(tmp: Path, label: str, rate: int) -> None:
    print(
        f"\ncProfile of the bot's event loop (its thread's CPU time) during {label} at {rate}/s, "
        "bot/ and cogs/ only:"
    )
    stats = pstats.Stats(str(tmp / "profile.pstats"))
    stats.sort_stats("cumulative").print_stats(re.escape(str(ROOT)) + r"/(bot|cogs)/", 25)
    print("and where the event loop's thread spent its own time (any code):")
    stats.sort_stats("tottime").print_stats(15)


async def main(
    groups: int,
    rates: list[int],
    per_rate: int,
    only: list[str],
    profile: tuple[str, int] | None,
) -> None:
    silence()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    with (
        tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp_name,
        time_machine.travel(SATURDAY_END - timedelta(minutes=1), tick=True) as traveller,
    ):
        tmp = Path(tmp_name)
        settings = settings_for(tmp).replace(sessions={"events_ahead": 0})
        emu = Emulator(validate_openapi=False, busy=pacing.outstanding)
        await emu.start()
        try:
            channel_ids = build_emulator(emu, groups)
            channels = [emu.channel(c) for c in channel_ids]
            people: list[list[Pair]] = []
            for n, channel in enumerate(channels):
                assert channel is not None and channel.guild is not None
                sims = [emu.member(channel.guild, f"t{n}-{t}") for t in range(TRAINEES)]
                people.append([(s, channel) for s in sims])
            half = groups // 2
            sunday, saturday = channel_ids[:half], channel_ids[half:]
            db = await Database.open(settings.database_path)
            for ids, weekday, rosters in ((sunday, 6, people[:half]), (saturday, 5, people[half:])):
                await create_groups(
                    db,
                    emu,
                    ids,
                    now=START - timedelta(days=4),
                    weekday=weekday,
                    rosters=[[s.id for s, _ in r] for r in rosters],
                )
            await db.close()

            def by_trainee(gs: list[list[Pair]]) -> list[Pair]:
                # trainee t of every group, then t+1: consecutive interactions in different groups
                return [p for t in range(TRAINEES) for p in (g[t] for g in gs)]

            on_sunday, on_saturday = by_trainee(people[:half]), by_trainee(people[half:])
            # A draft's form is known to discord.py by its custom_id alone, the same for every
            # member of a group writing for one session: a second form opened in a group before
            # the first is sent replaces it. The drafts' trainees come from every group so that
            # the forms open at once (one rate's) are in different groups while groups >= the
            # interactions at one rate.
            everyone = by_trainee(people)
            needed = sum(rates) * per_rate + 5
            if needed > min(len(on_sunday), len(on_saturday)):
                raise SystemExit(f"{needed} trainees needed on each day; {groups} groups are few")

            def posted(ids: list[int], button: str) -> bool:
                return all(
                    any(button in m.buttons for m in emu.channel(c).messages)  # type: ignore[union-attr]
                    for c in ids
                )

            async def until_posted(ids: list[int], button: str) -> None:
                while not posted(ids, button):
                    await emu.wait_for_message(lambda m: button in m.buttons, timeout=600)

            with use_emulator(emu):
                # Saturday's feedback polls, opened by the bot (in this process: not measured)
                bot = await start_bot(settings, emu, start_scheduler=False)
                await skip_posts_due_before(bot, SATURDAY_END)
                await stop_bot(bot)
                bot = await start_bot(settings, emu)
                traveller.move_to(SATURDAY_END + timedelta(seconds=30))
                bot.scheduler.wakeup()
                await until_posted(saturday, ANSWER)
                await quiet(bot, emu)
                await stop_bot(bot)
                # nothing else due before Sunday's check-ins
                traveller.move_to(START - timedelta(minutes=1))
                bot = await start_bot(settings, emu, start_scheduler=False)
                await skip_posts_due_before(bot, START)
                await stop_bot(bot)

            traveller.move_to(START)
            epoch = time_machine.escape_hatch.time.time()
            child = await Child.start("bot", emu, tmp, epoch)
            await until_posted(sunday, "I'm here")
            await child.settle(emu)
            rss = (await child.ask("usage"))["rss"]
            print(
                f"{groups} groups of {TRAINEES} ready (bot's process: RSS {rss:.0f} MB), "
                f"{len(sunday)} check-ins and {len(saturday)} feedback polls open",
                flush=True,
            )
            forms: dict[int, Any] = {}

            async def open_form(m: Any, c: Any) -> Any:
                forms[m.id] = answer = await m.click(ANSWER, in_channel=c, timeout=LIMIT)
                return answer

            def new_draft(m: Any, c: Any) -> Awaitable[Any]:
                return m.slash("draft new", in_channel=c, timeout=LIMIT)

            async def pick(m: Any, _c: Any) -> None:
                if m.id in forms:
                    key = PULSE_ITEMS[0].key
                    await m.select(f"feedback:q:{key}", ["4"], message=forms[m.id])

            paths = [
                HotPath(
                    "/volunteer",
                    on_sunday,
                    lambda m, c: m.slash("volunteer", in_channel=c, timeout=LIMIT),
                    lambda a: a.text.startswith("Thank you"),
                ),
                HotPath(
                    "/withdraw",
                    on_sunday,
                    lambda m, c: m.slash("withdraw", in_channel=c, timeout=LIMIT),
                    lambda a: a.text.startswith("Done:"),
                ),
                HotPath(
                    "I'm here",
                    on_sunday,
                    lambda m, c: m.click("I'm here", in_channel=c, timeout=LIMIT),
                    lambda a: "checked in" in a.text,
                ),
                HotPath("/draft new", everyone, new_draft, lambda a: a.modal is not None),
                HotPath(
                    "draft submit",
                    everyone,
                    lambda m, _c: m.submit_modal({"theme": THEME, "body": BODY}, timeout=LIMIT),
                    lambda a: "Saved" in a.text,
                    prepare=new_draft,
                ),
                HotPath(ANSWER, on_saturday, open_form, lambda a: "Send" in a.buttons),
                HotPath(
                    "feedback Send",
                    on_saturday,
                    lambda m, _c: m.click("Send", message=forms.get(m.id), timeout=LIMIT),
                    lambda a: "Thank you" in a.text,
                    prepare=pick,
                ),
            ]
            if only:
                paths = [p for p in paths if p.label in only]
            figures = await drive(child, emu, paths, rates, per_rate, profile, tmp)
            await child.stop()

            child = await Child.start("bare", emu, tmp, epoch)
            ping = HotPath(
                "bare /ping",
                on_sunday,
                lambda m, c: m.slash("ping", in_channel=c, timeout=LIMIT),
                lambda a: a.text == "pong",
            )
            bare_runs = (await drive(child, emu, [ping], rates, per_rate, None, tmp))[ping.label]
            await child.stop()
            bare = {r.rate: r for r in bare_runs}
            for run in bare_runs:
                print(line(ping.label, run, None))
            for label, runs in figures.items():
                for run in runs:
                    print(line(label, run, bare))
            print(f"load average {os.getloadavg()[0]:.1f}")
            if profile is not None:
                print_profile(tmp, *profile)
        finally:
            await emu.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--rates", type=int, nargs="+", default=[100, 300, 500])
    parser.add_argument("--seconds", type=int, default=2, help="seconds of load at each rate")
    parser.add_argument(
        "--paths",
        nargs="+",
        default=[],
        help="only these paths, by label (/withdraw takes back /volunteer's offers: keep both)",
    )
    parser.add_argument(
        "--profile",
        nargs=2,
        metavar=("PATH", "RATE"),
        help="profile the bot's event loop during one path's load, e.g. --profile /volunteer 300",
    )
    parser.add_argument(
        "--in-flight",
        type=int,
        metavar="K",
        help="closed loop, K interactions at a time (rate x seconds of them): CPU per "
        "interaction on a shared machine, where open-loop rates fail",
    )
    args = parser.parse_args()
    IN_FLIGHT = args.in_flight
    profile = (args.profile[0], int(args.profile[1])) if args.profile else None
    asyncio.run(main(args.groups, args.rates, args.seconds, args.paths, profile))
