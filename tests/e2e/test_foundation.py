"""The foundation through the emulator: command sync on change only, restarts, resume, errors."""

from __future__ import annotations

import re

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.conftest import ErrorLogTrap, StartBot


async def test_restart_does_not_resync_unchanged_commands_and_keeps_the_group(
    start_bot: StartBot, bot: BalintBot, world: World, emulator: Emulator, group: Group
) -> None:
    first = emulator.command_syncs
    assert first >= 1
    await bot.close()
    again = await start_bot()
    assert emulator.command_syncs == first, "an unchanged command tree was synced again"
    r = await world.trainees[0].slash("group show", in_channel=world.channel)
    assert "Thursday Balint group" in r.text
    # a changed tree is synced: the stored hash no longer matches
    await again.db.execute("UPDATE meta SET value = 'old' WHERE key LIKE 'command_tree_hash:%'")
    await again.close()
    await start_bot()
    assert emulator.command_syncs == first + 1


async def test_the_bot_resumes_after_the_gateway_drops(
    bot: BalintBot, world: World, emulator: Emulator, group: Group
) -> None:
    await emulator.drop_gateway()  # returns once the bot has RESUMEd
    assert emulator.gateway is not None and emulator.gateway.resumed.is_set()
    r = await world.trainees[0].slash("group show", in_channel=world.channel)
    assert "Thursday Balint group" in r.text


async def test_an_unexpected_error_gives_a_reference_not_a_traceback(
    bot: BalintBot, world: World, group: Group, error_trap: ErrorLogTrap
) -> None:
    await bot.db.execute("ALTER TABLE group_members RENAME TO gone")  # a damaged database
    r = await world.trainees[0].slash("group members list", in_channel=world.channel)
    assert r.ephemeral
    match = re.search(r"reference ([0-9A-F]{6})", r.text)
    assert match and "Traceback" not in r.text
    logged = [rec for rec in error_trap.records if match.group(1) in rec.getMessage()]
    assert logged and logged[0].exc_info is not None
    await bot.db.execute("ALTER TABLE gone RENAME TO group_members")  # repaired
    await bot.scheduler.drain()
    error_trap.records.clear()
