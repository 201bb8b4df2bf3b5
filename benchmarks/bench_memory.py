"""Start-up and resident memory of the bot process alone, against a bare discord.py bot (one slash
command answering an ephemeral "pong", no database), both through the same emulator in this
process, and what the bot's memory is made of.

Each bot runs in a fresh child process (so the emulator's own memory is not counted): the figure
is from spawning the interpreter until discord.py's ready, and the resident memory (VmRSS) then.
The bot's child also reports its memory after each stage of start-up (the interpreter, discord.py,
the bot's code and every extension, ready) and what the heavy libraries the bot imports only when
first needed would add (matplotlib for a chart, fpdf2 for a certificate, icalendar for a calendar).

Run: python benchmarks/bench_memory.py [--groups 10] [--runs 3]
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
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._rss import rss_mb  # noqa: E402  (light: the bare bot's process imports only this)

NOW = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


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
        from benchmarks._bare import bare_pong_bot

        client = bare_pong_bot()

    async def run() -> None:
        await client.login(token)
        asyncio.create_task(client.connect(reconnect=False))  # noqa: RUF006 (the process exits)
        await client.wait_until_ready()
        stages["ready"] = rss_mb()
        print(json.dumps({"ready": True}), flush=True)
        if kind == "bot":
            for lib in ("matplotlib.figure", "fpdf", "icalendar"):
                before = rss_mb()
                __import__(lib)
                stages[f"+ {lib.split('.')[0]} on first use"] = rss_mb() - before
        print(json.dumps({"stages": stages}), flush=True)
        os._exit(0)  # measured: no need for an orderly close

    asyncio.run(run())


# -- the parent: emulator, groups, children ---------------------------------------------------------


async def start_child(kind: str, emu, db_path: str) -> tuple[float, float, dict[str, float]]:
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
    )
    assert proc.stdout is not None
    ready_at = None
    stages: dict[str, float] = {}
    async for line in proc.stdout:
        data = json.loads(line)
        if data.get("ready"):
            ready_at = time.monotonic() - t0
        stages = data.get("stages", stages)
    await proc.wait()
    assert ready_at is not None, f"{kind} never became ready"
    return ready_at, stages["ready"], stages


async def main(groups: int, runs: int) -> None:
    from benchmarks._sessions_harness import silence
    from bot.sandbox.emulator import Emulator
    from bot.sandbox.many import build_emulator, create_groups
    from bot.store.db import Database

    silence()
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        db_path = str(Path(tmp) / "bench.sqlite3")
        emu = Emulator(validate_openapi=False)
        await emu.start()
        try:
            channel_ids = build_emulator(emu, groups)
            db = await Database.open(db_path)
            await create_groups(db, emu, channel_ids, now=NOW)
            await db.close()
            results: dict[str, list[tuple[float, float]]] = {"bare": [], "bot": []}
            stages: dict[str, float] = {}
            await start_child("bot", emu, db_path)  # first start: migrations, native events
            for _ in range(runs):
                for kind in ("bare", "bot"):
                    ready, rss, got = await start_child(kind, emu, db_path)
                    results[kind].append((ready, rss))
                    if kind == "bot":
                        stages = got
        finally:
            await emu.stop()
    med = {
        k: (statistics.median(r for r, _ in v), statistics.median(m for _, m in v))
        for k, v in results.items()
    }
    (bare_t, bare_m), (bot_t, bot_m) = med["bare"], med["bot"]
    print(f"{groups} groups, median of {runs} restarts, each in a fresh process:")
    print(f"  bare discord.py: ready {bare_t:.2f} s, RSS {bare_m:.0f} MB")
    print(
        f"  the bot:         ready {bot_t:.2f} s ({bot_t / bare_t:.2f}x), RSS {bot_m:.0f} MB "
        f"({bot_m / bare_m:.2f}x)"
    )
    print("  the bot's resident memory, stage by stage:")
    last = 0.0
    for name, value in stages.items():
        if name.startswith("+"):
            print(f"    {name:<34} {value:+6.1f} MB")
        else:
            print(f"    {name:<34} {value:6.1f} MB ({value - last:+.1f})")
            last = value


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:7])
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.groups, args.runs))
