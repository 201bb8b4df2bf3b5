"""Interaction latency on the hot paths, through the local emulator, against a bare discord.py bot
(one slash command answering an ephemeral "pong", no database) in the same run.

1,000 groups of 8 (default) meet on Sunday 6 September 2026 at 09:00 London time, one channel each,
their trainees members of the emulator's guilds. The bot is started, the check-in posts ("I'm
here") go out at T0, then each hot path is driven open-loop (one interaction every 1/rate s,
whatever the answers) at each rate, each interaction by a different trainee:
- /volunteer, then /withdraw (the same trainees), then the "I'm here" click.
Latency is from the interaction's dispatch until the member has the bot's answer. Before the load,
a few interactions one at a time count the hops to the SQLite thread each one makes (every call
aiosqlite hands to its thread: a statement, a fetch, a commit).
Then the bot is stopped and the bare bot answers /ping at the same rates.

Run: python benchmarks/bench_latency.py [--groups 1000] [--rates 100 300 500] [--seconds 2]

Goals (issue 12): p99 <= 1.2x the bare bot's at 100/s, p99 < 100 ms up to 500/s. The emulator's
OpenAPI validation is off (it would be the emulator's cost, not the bot's).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import time_machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._rss import rss_mb  # noqa: E402
from benchmarks._sessions_harness import (  # noqa: E402
    bare_pong_bot,
    quiet,
    settings_for,
    silence,
)
from bot.sandbox.connect import use_emulator  # noqa: E402
from bot.sandbox.emulator import Emulator  # noqa: E402
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

Act = Callable[[object, object], Awaitable[object]]


class Hops:
    """Counts every call aiosqlite hands to its SQLite thread (benchmark only)."""

    count = 0

    @classmethod
    def install(cls) -> None:
        original = aiosqlite.Connection._execute

        async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
            cls.count += 1
            return await original(self, fn, *args, **kwargs)

        aiosqlite.Connection._execute = counted  # type: ignore[method-assign]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def load(pairs: list[tuple[object, object]], act: Act, rate: float) -> tuple[list, int]:
    """Open loop: interaction i starts at i / rate s, whatever the earlier ones are doing."""
    latencies: list[float] = []
    failures = 0

    async def one(member: object, channel: object) -> None:
        nonlocal failures
        t0 = time.monotonic()
        try:
            await act(member, channel)
        except Exception:
            failures += 1
            return
        latencies.append(time.monotonic() - t0)

    t0 = time.monotonic()
    tasks = []
    for i, (member, channel) in enumerate(pairs):
        delay = t0 + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(member, channel)))
    await asyncio.gather(*tasks)
    return latencies, failures


def line(label: str, rate: int, lat: list[float], failed: int, bare: dict | None) -> str:
    p50, p99 = pct(lat, 0.5) * 1000, pct(lat, 0.99) * 1000
    text = f"  {label:<18} {rate:>4}/s: p50 {p50:6.1f} ms, p99 {p99:6.1f} ms"
    if bare is not None:
        text += f" ({p50 / bare[rate][0]:.2f}x, {p99 / bare[rate][1]:.2f}x bare)"
    if failed:
        text += f"; {failed} failed"
    return text


async def bare_bot(emu: Emulator, members: list, rates: list[int], per_rate: int) -> dict:
    client = bare_pong_bot()
    await client.login(emu.bot_token)
    task = asyncio.create_task(client.connect(reconnect=False))
    await client.wait_until_ready()
    await client.tree.sync()
    figures = {}
    used = 0
    for rate in rates:
        n = rate * per_rate
        pairs = [(m, None) for m in members[used : used + n]]
        used += n
        lat, failed = await load(pairs, lambda m, _c: m.slash("ping"), rate)
        figures[rate] = (pct(lat, 0.5) * 1000, pct(lat, 0.99) * 1000)
        print(line("bare /ping", rate, lat, failed, None))
    await client.close()
    await asyncio.gather(task, return_exceptions=True)
    return figures


async def main(groups: int, rates: list[int], per_rate: int) -> None:
    silence()
    # an interaction that missed Discord's 3 s is counted as failed; its traceback is not wanted
    logging.getLogger("bot.errors").setLevel(logging.CRITICAL)
    Hops.install()
    with (
        tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp,
        time_machine.travel(START - timedelta(minutes=1), tick=True) as traveller,
    ):
        settings = settings_for(Path(tmp)).replace(sessions={"events_ahead": 0})
        emu = Emulator(validate_openapi=False)
        await emu.start()
        try:
            channel_ids = build_emulator(emu, groups)
            channels = [emu.channel(c) for c in channel_ids]
            rosters, people = [], []
            for n, channel in enumerate(channels):
                assert channel is not None and channel.guild is not None
                sims = [emu.member(channel.guild, f"t{n}-{t}") for t in range(TRAINEES)]
                rosters.append([s.id for s in sims])
                people.append([(s, channel) for s in sims])
            # trainee t of every group, then t+1: consecutive interactions in different groups
            pairs = [p for t in range(TRAINEES) for p in (g[t] for g in people)]
            db = await Database.open(settings.database_path)
            await create_groups(
                db, emu, channel_ids, now=START - timedelta(days=4), rosters=rosters
            )
            await db.close()
            needed = sum(rates) * per_rate
            if needed + 5 > len(pairs):
                raise SystemExit(f"{needed + 5} trainees needed, {len(pairs)} in {groups} groups")
            paths: list[tuple[str, Act]] = [
                ("/volunteer", lambda m, c: m.slash("volunteer", in_channel=c)),
                ("/withdraw", lambda m, c: m.slash("withdraw", in_channel=c)),
                ("I'm here", lambda m, c: m.click("I'm here", in_channel=c)),
            ]
            with use_emulator(emu):
                bot = await start_bot(settings, emu, start_scheduler=False)
                await skip_posts_due_before(bot, START)
                await stop_bot(bot)
                bot = await start_bot(settings, emu)
                traveller.move_to(START)
                bot.scheduler.wakeup()
                await quiet(bot, emu)
                print(
                    f"{groups} groups of {TRAINEES} ready, check-ins posted; RSS {rss_mb():.0f} MB"
                )
                figures: dict[str, list[tuple[int, list[float], int]]] = {}
                for label, act in paths:
                    hops = []
                    for member, channel in pairs[-5:]:
                        before = Hops.count
                        answer = await act(member, channel)
                        hops.append(Hops.count - before)
                    said = answer.text.splitlines()[0][:60]  # type: ignore[attr-defined]
                    print(
                        f"  {label:<18} hops to the SQLite thread: {statistics.median(hops):.0f} "
                        f"(answer: {said!r})"
                    )
                    used = 0
                    for rate in rates:
                        n = rate * per_rate
                        lat, failed = await load(pairs[used : used + n], act, rate)
                        used += n
                        figures.setdefault(label, []).append((rate, lat, failed))
                        await quiet(bot, emu)
                await stop_bot(bot)
                bare = await bare_bot(emu, [m for m, _ in pairs], rates, per_rate)
            for label, runs in figures.items():
                for rate, lat, failed in runs:
                    print(line(label, rate, lat, failed, bare))
            print(f"RSS {rss_mb():.0f} MB")
        finally:
            await emu.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--rates", type=int, nargs="+", default=[100, 300, 500])
    parser.add_argument("--seconds", type=int, default=2, help="seconds of load at each rate")
    args = parser.parse_args()
    asyncio.run(main(args.groups, args.rates, args.seconds))
