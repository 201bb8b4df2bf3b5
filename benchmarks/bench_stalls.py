"""The event loop's longest stall while a leader builds documents: /report year, /attendance group
and /group close, at 1,000 groups (heavy work never blocks the bot).

Every group's interactions share the bot's one event loop: a certificate, a chart or a ZIP built
on it delays every other member's press, and Discord allows 3 s. As on real Discord the bot has a
process of its own (benchmarks/_bot_process.py) with a loop-lag probe (bot/loop_lag.py: a 5 ms
sleeper that measures how late it wakes); the emulator and the leader run here.

1,000 groups of 8 trainees meet on Sundays from September 2026 to August 2027; each has its year's
attendance recorded (52 sessions). The clock stands the day after the year's end. A leader of the
first group asks for /report year, then /attendance group, then closes the group (9 certificates,
the CSV, the ZIP, the report and its chart); the longest stall during each, from the command until
the bot is idle again, is printed with how long the leader waited for the first answer and for the
documents. The idle loop's stall is printed first, for comparison.

Run: python benchmarks/bench_stalls.py [--groups 1000] [--repeat 3]
Goal: every stall < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._sessions_harness import settings_for, silence  # noqa: E402
from benchmarks.bench_latency import Child  # noqa: E402
from bot.emulator.connect import use_emulator  # noqa: E402
from bot.emulator.emulator import Emulator  # noqa: E402
from bot.sandbox.many import (  # noqa: E402
    build_emulator,
    create_groups,
    skip_posts_due_before,
    start_bot,
    stop_bot,
    trainees_in_emulator,
)
from bot.store import groups as groups_store  # noqa: E402
from bot.store.db import Database  # noqa: E402

NOW = datetime(2027, 9, 1, 9, 0, tzinfo=UTC)  # the day after the year's end (31 Aug 2027)
GOAL = 0.050
WAIT = 600.0  # a generous bound on any one answer (a loaded machine), never a sleep
STATUSES = ("attended",) * 6 + ("late", "excused", "absent")


async def record_the_year(db: Database) -> int:
    """A year of attendance for every trainee of every group, each session closed as counted."""
    rows = await db.fetchall(
        "SELECT s.id AS session_id, m.user_id FROM sessions s "
        "JOIN group_members m ON m.group_id = s.group_id AND m.role = 'trainee' "
        "WHERE s.starts_at <= ?",
        (NOW.isoformat(),),
    )
    stamp = NOW.isoformat()
    await db.executemany(
        "INSERT INTO attendance (session_id, user_id, status, reason, source, updated_at) "
        "VALUES (?, ?, ?, ?, 'leader', ?)",
        [
            (
                r["session_id"],
                r["user_id"],
                status := STATUSES[(r["session_id"] * 7 + r["user_id"]) % len(STATUSES)],
                "leave" if status == "excused" else None,
                stamp,
            )
            for r in rows
        ],
    )
    await db.execute(
        "INSERT INTO attendance_closed (session_id, closed_at) "
        "SELECT id, ? FROM sessions WHERE starts_at <= ?",
        (stamp, NOW.isoformat()),
    )
    return len(rows)


async def answered(emu: Emulator, result: Any, phrase: str) -> None:
    """Until the leader's answer says `phrase` (a progress message is followed by the result)."""
    while phrase not in result.text:
        await emu.wait_for_message(lambda m: phrase in m.text, timeout=WAIT)


async def main(groups: int, repeat: int) -> int:
    silence()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    worst_of_all = 0.0
    with (
        tempfile.TemporaryDirectory(prefix="bench-stalls-") as tmp_name,
        time_machine.travel(NOW, tick=True),
    ):
        tmp = Path(tmp_name)
        settings = settings_for(tmp).replace(sessions={"events_ahead": 0})
        emu = Emulator(validate_openapi=False)
        await emu.start()
        try:
            channel_ids = build_emulator(emu, groups)
            rosters = trainees_in_emulator(emu, channel_ids)
            channel = emu.channel(channel_ids[0])
            assert channel is not None and channel.guild is not None
            leader = emu.member(channel.guild, "dr-lead")
            db = await Database.open(settings.database_path)
            await create_groups(
                db,
                emu,
                channel_ids,
                now=datetime(2026, 8, 20, tzinfo=UTC),
                start_date=date(2026, 9, 1),
                end_date=date(2027, 8, 31),
                rosters=rosters,
            )
            group = await groups_store.group_for_channel(db, channel.id)
            assert group is not None
            await groups_store.add_member(db, group.id, leader.id, "leader", NOW)
            lines = await record_the_year(db)
            await db.close()
            with use_emulator(emu):  # the year's posts are history: none falls due now
                bot = await start_bot(settings, emu, start_scheduler=False)
                await skip_posts_due_before(bot, NOW + timedelta(minutes=5))
                await stop_bot(bot)
            child = await Child.start(
                "bot", emu, tmp, time_machine.escape_hatch.time.time(), start=NOW
            )
            await child.settle(emu)
            print(f"{groups} groups of 8, {lines} attendance lines; the bot is ready", flush=True)
            await child.ask("lag")
            idle_from = time.monotonic()
            while time.monotonic() - idle_from < 2:
                await child.settle(emu)
            print(
                f"  {'idle (2 s)':<18} longest stall {(await child.ask('lag'))['lag'] * 1000:6.1f} ms"
            )

            async def measure(label: str, command: str, phrase: str) -> None:
                nonlocal worst_of_all
                await child.settle(emu)
                await child.ask("lag")
                t0 = time.monotonic()
                r = await leader.slash(command, in_channel=channel, timeout=WAIT)
                first = time.monotonic() - t0
                await answered(emu, r, phrase)
                done = time.monotonic() - t0
                await child.settle(emu)
                stall = float((await child.ask("lag"))["lag"])
                worst_of_all = max(worst_of_all, stall)
                print(
                    f"  {label:<18} longest stall {stall * 1000:6.1f} ms; first answer after "
                    f"{first * 1000:6.0f} ms ({r.text.splitlines()[0][:60]!r}), the documents "
                    f"after {done * 1000:6.0f} ms",
                    flush=True,
                )

            for _ in range(repeat):
                await measure("/report year", "report year", "the year so far")
                await measure("/attendance group", "attendance group", "Attendance in")
            await measure("/group close", "group close", "Closed **")
            await child.stop()
        finally:
            await emu.stop()
    verdict = "met" if worst_of_all < GOAL else "NOT met"
    print(f"longest stall {worst_of_all * 1000:.1f} ms: goal < {GOAL * 1000:.0f} ms {verdict}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="times to run each report")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.groups, args.repeat)))
