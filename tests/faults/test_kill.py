"""kill -9 of the real `balint-bot run` process at random moments, under member activity: every
scheduled post is in the channel exactly once or recorded missed by the rules, every private
message (the nudges each new group's first session sends) arrives exactly once, every
acknowledged write is in the database, and SQLite's integrity check stays ok.

Each cycle starts the process, sets up a new group whose first session starts in a few minutes
(its "who has a case?", agenda and opening posts are then due at once, so the bot decides and
sends while the kill may come), lets trainees press "I have a case in mind" in earlier groups, and
kills the process after a random delay of up to 1.5 s, i.e. anywhere between deciding and sending.
The last start runs until the bot is quiet. KILL_CYCLES cycles (default 10 to keep the suite short:
each costs a start of the bot, 2-5 s; `KILL_CYCLES=20 KILL_SEED=N pytest tests/faults/test_kill.py`
runs 20, with another random sequence).
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.emulator.emulator import Channel, Emulator, EmulatorError, InteractionFailed, SimMember
from bot.sandbox.world import World
from bot.scheduling import nonce_for
from tests.faults.conftest import BotProcess

CYCLES = int(os.environ.get("KILL_CYCLES", "10"))
NUDGE = "gentle, private note"
LONDON = ZoneInfo("Europe/London")


async def press(member: SimMember, label: str, channel: Channel) -> bool:
    """Whether the bot acknowledged the press (False: it was killed first)."""
    try:
        r = await member.click(label, in_channel=channel, timeout=5)
    except (InteractionFailed, EmulatorError):
        return False
    return "Noted" in r.text


async def set_up(world: World, channel: Channel) -> bool:
    first = datetime.now(LONDON) + timedelta(minutes=4)
    try:
        r = await world.admin.slash(  # Manage Server
            "group setup",
            channel=channel,
            name=channel.name,
            weekday=first.weekday(),
            start_time=first.strftime("%H:%M"),
            start_date=first.date().isoformat(),
            end_date=(first.date() + timedelta(days=200)).isoformat(),
            leader_role=world.leader_role,
            trainee_role=world.trainee_role,
            leaders_channel=world.leaders_channel,
            timeout=5,
        )
    except (InteractionFailed, EmulatorError):
        return False
    return "Group set up" in r.text


async def test_kill_9_at_random_moments_loses_and_repeats_nothing(
    bot_process: BotProcess, world: World, emulator: Emulator, tmp_path: Path
) -> None:
    rng = random.Random(int(os.environ.get("KILL_SEED", "11")))
    set_up_acked: dict[int, bool] = {}  # channel id -> the leader saw "Group set up"
    presses: list[tuple[int, int, asyncio.Task[bool]]] = []  # (channel, trainee, pressed)
    pressed: set[tuple[int, int]] = set()
    channels: list[Channel] = []
    for cycle in range(CYCLES):
        await bot_process.start()
        channel = world.guild.create_text_channel(f"balint-{cycle}")
        channels.append(channel)
        work = [asyncio.ensure_future(set_up(world, channel))]
        for earlier in channels[:-1]:
            trainee = rng.choice(world.trainees)
            if (earlier.id, trainee.id) in pressed or not _has_button(earlier):
                continue
            pressed.add((earlier.id, trainee.id))
            task = asyncio.ensure_future(press(trainee, "I have a case in mind", earlier))
            presses.append((earlier.id, trainee.id, task))
        await asyncio.sleep(rng.uniform(0, 1.5))  # the random moment of the crash
        await bot_process.kill()
        set_up_acked[channel.id] = (await asyncio.gather(*work))[0]
    await bot_process.start()
    await asyncio.gather(*(t for *_, t in presses))
    await emulator.idle(quiet=1.0, timeout=60)
    assert await bot_process.stop() == 0
    emulator.take_failures()  # interactions sent to a killed process were never answered

    database = sqlite3.connect(tmp_path / "balint.sqlite3")
    database.row_factory = sqlite3.Row
    try:
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        groups = {r["channel_id"]: r["id"] for r in database.execute("SELECT * FROM groups")}
        # every acknowledged set-up is there
        assert {c for c, acked in set_up_acked.items() if acked} <= set(groups)
        # every post exactly once or recorded missed/skipped; nothing left undecided
        rows = database.execute(
            "SELECT d.* FROM deliveries d JOIN sessions s ON s.id = d.session_id"
        ).fetchall()
        by_nonce = Counter(m.nonce for m in emulator.all_messages() if m.nonce)
        assert rows, "no post was decided: the test did not exercise anything"
        for row in rows:
            nonce = nonce_for(row["session_id"], row["kind"])
            assert row["status"] != "claimed", dict(row)
            expected = 1 if row["status"] == "sent" and row["message_id"] else 0
            assert by_nonce[nonce] == expected, dict(row)
        # every private message once: each recorded nudge arrived exactly once, and each nudge
        # that arrived is recorded
        sent_dms = database.execute("SELECT * FROM presenting_dms").fetchall()
        for row in sent_dms:
            nonce = nonce_for(row["session_id"], f"{row['kind']}:{row['user_id']}")
            assert by_nonce[nonce] == 1, dict(row)
        nudges = [m for m in emulator.all_messages() if NUDGE in m.content]
        assert len(nudges) == sum(1 for r in sent_dms if r["kind"] == "nudge")
        # every acknowledged press is counted (and nothing more than was pressed)
        for channel_id in {c for c, _, _ in presses}:
            acked = sum(1 for c, _, t in presses if c == channel_id and t.result())
            tried = sum(1 for c, _, _ in presses if c == channel_id)
            counted = database.execute(
                "SELECT COUNT(*) FROM case_intents i JOIN sessions s ON s.id = i.session_id "
                "WHERE s.group_id = ?",
                (groups[channel_id],),
            ).fetchone()[0]
            assert acked <= counted <= tried, (channel_id, acked, counted, tried)
    finally:
        database.close()
    twice = Counter(
        (m.channel.id, m.content)
        for m in emulator.all_messages()
        if m.author.id == emulator.bot_user_id
        and m.interaction is None
        and m.content
        and m.channel is not world.leaders_channel  # shared: groups meeting at the same minute
    )
    assert not [text[:60] for (_, text), n in twice.items() if n > 1]
    log = bot_process.log_text()
    assert "Traceback" not in log and " ERROR " not in log, log[-3000:]


def _has_button(channel: Channel) -> bool:
    return any("I have a case in mind" in m.buttons for m in channel.messages)
