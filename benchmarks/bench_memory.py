"""Start-up and resident memory at scale: the bot process alone against a bare discord.py bot
(one slash command answering an ephemeral "pong", no database, the bot's gateway intents), both
through the same emulator in this process, with the same guilds, channels and members.

For each number of groups (10, 1,000 and 10,000 by default; 100 channels a guild, 8 trainees a
group, all members of the emulator's guilds, a year of weekly sessions each), the store is written
in bulk and the native events a first start would create are made already (the first start on its
own, against Discord's rate limits: benchmarks/bench_startup.py --limits). Then each bot runs in a
fresh child process, restarted --runs times, and the medians are printed:
- ready: from spawning the interpreter until discord.py's ready (the store opened, every
  extension loaded, every post due within the horizon planned), and the resident memory (VmRSS);
- caught up: until the catch-up started at ready is done too (closing ended sessions, the native
  events' sync, the other capabilities' sweeps) and nothing is left to send, and VmRSS then;
with the ratios to the bare bot, and the growth per group between the two largest counts.
The smallest count also shows what the bot's memory is made of, stage by stage, and what the
heavy libraries the bot imports only when first needed would add.

The groups' first sessions are 5 days from now (the real clock): every post of that session is
within the scheduler's horizon (as in any week of the year) and none is overdue at a start.

Both bots are discord.py's AutoShardedBot, on as many shards as the emulator's GET /gateway/bot
recommends (about one per 1,000 servers; Discord refuses a session over 2,500). `--per-server 1`
puts each group in a server of its own (a common choice for a private group): 3,000 and 10,000
groups are then 3,000 and 10,000 servers, on 3 and 10 shards. Discord lets a bot this size start
one shard per 5 s (max_concurrency 1), so both bots wait that between shards: the figures say how
long that floor is, and the time beyond it.

Run: python benchmarks/bench_memory.py [--groups 10,1000,10000] [--runs 3] [--per-server 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._rss import rss_mb  # noqa: E402  (light: the bare bot's process imports only this)

IDENTIFY_WINDOW = 5.0  # Discord: one IDENTIFY per 5 s for a bot of this size

# -- the child: one bot, started and measured ------------------------------------------------------


def child(kind: str, base: str, gateway: str, token: str, db_path: str) -> None:
    stages = {"interpreter": rss_mb()}
    import discord
    import discord.gateway
    import yarl

    stages["discord.py"] = rss_mb()
    discord.http.Route.BASE = base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    if kind == "bot":
        import importlib

        from bot.app import BalintBot, extension_names
        from bot.sandbox.many import KEY
        from bot.settings import load_settings

        for name in extension_names():
            importlib.import_module(name)
        stages["the bot's code and extensions"] = rss_mb()
        settings = load_settings(environ={}).replace(
            database={"path": db_path}, discord={"guild_ready_timeout": 0.05}
        )
        client: discord.Client = BalintBot(settings, key=KEY)
    else:
        # benchmarks._bare, not the bot's code, whose memory this process must not carry
        from benchmarks._bare import bare_pong_bot  # sharded as the bot is

        # the bot's intents: discord.py caches the same guilds, members and events
        intents = discord.Intents.none()
        intents.guilds = intents.members = intents.guild_scheduled_events = True
        client = bare_pong_bot(intents)

    async def caught_up() -> None:
        """The catch-up started at ready (tracked tasks of the scheduler) finished and nothing is
        left in the pacer: twice in a row, a short while apart."""
        from bot import pacing

        scheduler = client.scheduler  # type: ignore[attr-defined]
        calm = 0
        while calm < 2:
            await asyncio.sleep(0.05)
            busy = bool(scheduler._tasks) or pacing.outstanding() > 0
            await scheduler.drain()
            calm = 0 if busy else calm + 1

    async def run() -> None:
        await client.login(token)
        asyncio.create_task(client.connect(reconnect=False))  # noqa: RUF006 (the process exits)
        await client.wait_until_ready()
        stages["ready"] = rss_mb()
        shards = client.shard_count  # type: ignore[attr-defined]
        print(json.dumps({"ready": True, "rss": stages["ready"], "shards": shards}), flush=True)
        if kind == "bot":
            await caught_up()
            print(json.dumps({"caught_up": True, "rss": rss_mb()}), flush=True)
            # the de-identification worker, started at ready (bot/gate.py): a process of its
            # own, its interpreter and the gate's word lists
            from bot import gate

            worker = gate._worker
            for _ in range(600):
                if worker is None or worker.ready:
                    break
                await asyncio.sleep(0.05)
                worker.attach()  # read its "ready" on this loop
            if worker is not None:
                stages["+ the gate's worker process"] = rss_mb(worker.process.pid)
            for lib in ("matplotlib.figure", "fpdf", "icalendar"):
                before = rss_mb()
                __import__(lib)
                stages[f"+ {lib.split('.')[0]} on first use"] = rss_mb() - before
        print(json.dumps({"stages": stages}), flush=True)
        os._exit(0)  # measured: no need for an orderly close

    asyncio.run(run())


# -- the parent: emulator, groups, children ---------------------------------------------------------


async def start_child(kind: str, emu, db_path: str) -> dict:
    """Times (from spawning) and RSS at ready and once caught up, and the memory stages."""
    t0 = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--child",
        kind,
        emu.base_url,
        emu.gateway_url,
        emu.bot_token,
        db_path,
        stdout=subprocess.PIPE,
        # a restart finds its compiled bytecode, as an installed bot does (the first start writes
        # it): without, each child would compile the bot's 150 modules (discord.py's come compiled)
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )
    assert proc.stdout is not None
    got: dict = {}
    async for line in proc.stdout:
        data = json.loads(line)
        if data.get("ready"):
            got["ready"], got["ready_rss"] = time.monotonic() - t0, data["rss"]
            got["shards"] = data["shards"]
        if data.get("caught_up"):
            got["caught_up"], got["caught_up_rss"] = time.monotonic() - t0, data["rss"]
        got["stages"] = data.get("stages", got.get("stages"))
    await proc.wait()
    assert "ready" in got, f"{kind} never became ready"
    got.setdefault("caught_up", got["ready"])
    got.setdefault("caught_up_rss", got["ready_rss"])
    return got


async def one_size(groups: int, runs: int, per_server: int) -> dict[str, dict]:
    """Both bots restarted `runs` times on `groups` groups (`per_server` channels a server):
    medians of each figure."""
    from bot.emulator.emulator import Emulator
    from bot.sandbox.many import (
        build_emulator,
        create_groups,
        events_made_already,
        trainees_in_emulator,
    )
    from bot.settings import load_settings
    from bot.store.db import Database

    now = datetime.now(UTC)
    # the first session in 5 days: its posts, from 72 h before to the pulse's close after it, are
    # all within the scheduler's 8-day horizon, as in any week of the year, and none is overdue
    first = date.today() + timedelta(days=5)
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        db_path = str(Path(tmp) / "bench.sqlite3")
        emu = Emulator(validate_openapi=False)
        await emu.start()
        try:
            t = time.monotonic()
            channel_ids = build_emulator(emu, groups, per_guild=per_server)
            rosters = trainees_in_emulator(emu, channel_ids)
            db = await Database.open(db_path)
            await create_groups(
                db,
                emu,
                channel_ids,
                now=now,
                weekday=first.weekday(),
                start_date=first,
                end_date=first + timedelta(days=363),  # 52 weeks: 52 sessions
                rosters=rosters,
            )
            sessions = await db.fetchval("SELECT count(*) FROM sessions")
            events = await events_made_already(
                db, emu, now=now, ahead=load_settings(environ={}).sessions.events_ahead
            )
            await db.close()
            print(
                f"{groups} groups in {len(emu.guilds)} guilds, {sum(map(len, rosters))} "
                f"trainees, {sessions} sessions, {events} native events: set up in "
                f"{time.monotonic() - t:.1f} s",
                flush=True,
            )
            await start_child("bot", emu, db_path)  # first start: migrations, key, commands
            results: dict[str, list[dict]] = {"bare": [], "bot": []}
            for _ in range(runs):
                for kind in ("bare", "bot"):
                    results[kind].append(await start_child(kind, emu, db_path))
        finally:
            await emu.stop()
    out: dict[str, dict] = {}
    for kind, rows in results.items():
        out[kind] = {
            key: statistics.median(r[key] for r in rows)
            for key in ("ready", "ready_rss", "caught_up", "caught_up_rss")
        }
        out[kind]["stages"] = rows[-1]["stages"]
        out[kind]["shards"] = rows[-1]["shards"]
    return out


def report(groups: int, runs: int, res: dict[str, dict]) -> None:
    bare, bot = res["bare"], res["bot"]
    print(f"{groups} groups, median of {runs} restarts, each in a fresh process:")
    if bot["shards"] > 1 or bare["shards"] > 1:
        # one IDENTIFY per 5 s (max_concurrency 1): the bare bot waits discord.py's 5 s between
        # shards, the bot its gate's 5 s and a margin (bot/shards.py)
        floor = (bot["shards"] - 1) * IDENTIFY_WINDOW
        print(
            f"  {bot['shards']} shards (bare: {bare['shards']}): Discord's IDENTIFY limit alone "
            f"holds the last shard {floor:.0f} s; beyond it, ready in {bare['ready'] - floor:.2f} s "
            f"(bare) and {bot['ready'] - floor:.2f} s "
            f"({(bot['ready'] - floor) / (bare['ready'] - floor):.2f}x)"
        )
    print(f"  bare discord.py: ready {bare['ready']:6.2f} s, RSS {bare['ready_rss']:4.0f} MB")
    print(
        f"  the bot:         ready {bot['ready']:6.2f} s ({bot['ready'] / bare['ready']:.2f}x), "
        f"RSS {bot['ready_rss']:4.0f} MB ({bot['ready_rss'] / bare['ready_rss']:.2f}x); caught up "
        f"{bot['caught_up']:6.2f} s ({bot['caught_up'] / bare['ready']:.2f}x), RSS "
        f"{bot['caught_up_rss']:4.0f} MB ({bot['caught_up_rss'] / bare['ready_rss']:.2f}x)",
        flush=True,
    )


def stages_report(stages: dict[str, float]) -> None:
    print("  the bot's resident memory, stage by stage:")
    last = 0.0
    for name, value in stages.items():
        if name.startswith("+"):
            print(f"    {name:<34} {value:+6.1f} MB")
        else:
            print(f"    {name:<34} {value:6.1f} MB ({value - last:+.1f})")
            last = value


async def main(sizes: list[int], runs: int, per_server: int) -> None:
    from benchmarks._sessions_harness import silence

    silence()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    results = {}
    for groups in sizes:
        results[groups] = await one_size(groups, runs, per_server)
        report(groups, runs, results[groups])
        if groups == min(sizes):
            stages_report(results[groups]["bot"]["stages"])
    if len(sizes) > 1:
        small, large = sorted(sizes)[-2:]
        per = large - small
        print(f"growth per group from {small} to {large} groups:")
        for kind, label in (("bare", "bare discord.py"), ("bot", "the bot")):
            a, b = results[small][kind], results[large][kind]
            print(
                f"  {label:<15}  ready {(b['ready'] - a['ready']) / per * 1000:6.3f} ms, "
                f"caught up {(b['caught_up'] - a['caught_up']) / per * 1000:6.3f} ms, "
                f"RSS {(b['ready_rss'] - a['ready_rss']) / per * 1024:5.1f} KB (caught up "
                f"{(b['caught_up_rss'] - a['caught_up_rss']) / per * 1024:5.1f} KB) a group"
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:7])
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--groups", default="10,1000,10000", help="comma-separated numbers of groups"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--per-server", type=int, default=100, help="groups (channels) a server; 1: a server each"
    )
    args = parser.parse_args()
    asyncio.run(main([int(n) for n in args.groups.split(",")], args.runs, args.per_server))
    print(f"load average {os.getloadavg()[0]:.1f}")
