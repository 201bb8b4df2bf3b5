"""REST routes as the bot uses them and fault injection (rate limits: test_ratelimits.py)."""

from __future__ import annotations

import io
import logging
import time

import discord
import pytest

from bot.emulator.emulator import Emulator
from tests.emulator.conftest import TinyBot, World


async def test_send_edit_delete_and_history(emu: Emulator, world: World, bot: TinyBot) -> None:
    channel = bot.text_channel(world.chan.id)
    sent = [await channel.send(f"m{i}") for i in range(5)]
    await sent[1].edit(content="m1 edited")
    await sent[2].delete()
    assert [m.content for m in world.chan.messages] == ["m0", "m1 edited", "m3", "m4"]
    newest_first = [m.content async for m in channel.history(limit=3)]
    assert newest_first == ["m4", "m3", "m1 edited"]
    older = [m.content async for m in channel.history(limit=10, before=sent[3])]
    assert older == ["m1 edited", "m0"]
    newer = [m.content async for m in channel.history(limit=10, after=sent[0])]
    assert newer == ["m1 edited", "m3", "m4"]
    fetched = await channel.fetch_message(sent[4].id)
    assert fetched.content == "m4"
    with pytest.raises(discord.NotFound):
        await channel.fetch_message(sent[2].id)
    stored = world.chan.get(sent[2].id)
    assert stored is not None and stored.deleted


async def test_files_by_multipart(emu: Emulator, world: World, bot: TinyBot) -> None:
    channel = bot.text_channel(world.chan.id)
    msg = await channel.send("chart", file=discord.File(io.BytesIO(b"\x89PNG..."), "chart.png"))
    stored = world.chan.messages[-1]
    assert stored.attachments == [("chart.png", b"\x89PNG...")]
    assert await msg.attachments[0].read() == b"\x89PNG..."
    await msg.edit(attachments=[])
    assert stored.attachments == []


async def test_pins_and_reactions(emu: Emulator, world: World, bot: TinyBot) -> None:
    channel = bot.text_channel(world.chan.id)
    msg = await channel.send("rules")
    await msg.pin()
    assert [m.content async for m in channel.pins()] == ["rules"]
    assert world.chan.pins[0].pinned
    await msg.unpin()
    assert world.chan.pins == []
    await msg.add_reaction("✅")
    assert world.chan.messages[-1].reactions == {"✅": {emu.bot_user_id}}


async def test_dm_and_closed_dms(emu: Emulator, world: World, bot: TinyBot) -> None:
    user = await bot.fetch_user(world.bob.id)
    await user.send("hi bob")
    assert [m.content for m in world.bob.inbox] == ["hi bob"]
    shy = emu.member(world.guild, "shy", dms_open=False)
    with pytest.raises(discord.Forbidden) as err:
        await (await bot.fetch_user(shy.id)).send("hello?")
    assert err.value.code == 50007


async def test_fault_500_is_retried(emu: Emulator, world: World, bot: TinyBot) -> None:
    emu.faults.fail_next("POST", r"^/channels/\d+/messages$", status=500)
    channel = bot.text_channel(world.chan.id)
    await channel.send("survives")  # discord.py retries 5xx after 1 s
    assert [m.content for m in world.chan.messages] == ["survives"]
    assert emu.faults.injected == 1


async def test_fault_429_is_waited_out(emu: Emulator, world: World, bot: TinyBot) -> None:
    emu.faults.fail_next("POST", r"/messages$", status=429, times=2, retry_after=0.05)
    channel = bot.text_channel(world.chan.id)
    await channel.send("after the limit")
    assert [m.content for m in world.chan.messages] == ["after the limit"]
    assert emu.faults.injected == 2


async def test_fault_403(emu: Emulator, world: World, bot: TinyBot) -> None:
    emu.faults.fail_next("POST", r"/messages$", status=403)
    channel = bot.text_channel(world.chan.id)
    with pytest.raises(discord.Forbidden):
        await channel.send("nope")
    await channel.send("fine now")


async def test_interaction_callback_fault(
    emu: Emulator, world: World, bot: TinyBot, discord_errors: list[logging.LogRecord]
) -> None:
    emu.faults.fail_next("POST", r"/callback$", status=403)
    with pytest.raises(AssertionError):
        await world.alice.slash("hello", name="x")
    await emu.idle()
    assert discord_errors  # the command raised Forbidden and discord.py logged it
    discord_errors.clear()
    emu.take_failures()


async def test_many_messages_are_cheap(emu: Emulator, world: World, bot: TinyBot) -> None:
    channel = bot.text_channel(world.chan.id)
    start = time.monotonic()
    for i in range(300):
        await channel.send(f"bulk {i}", embed=discord.Embed(title="t", description="d"))
    elapsed = time.monotonic() - start
    print(f"300 validated messages in {elapsed:.2f}s")
    assert len(world.chan.messages) == 300
