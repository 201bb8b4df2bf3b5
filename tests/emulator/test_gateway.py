"""Gateway behaviour: events reach discord.py, RESUME replays, RECONNECT and INVALID_SESSION work."""

from __future__ import annotations

import asyncio

import discord

from bot.emulator._gateway import Gateway
from bot.emulator.emulator import Emulator
from tests.emulator.conftest import BotKit, TinyBot, World


async def test_guild_create_populates_cache(emu: Emulator, world: World, bot: TinyBot) -> None:
    dguild = bot.get_guild(world.guild.id)
    assert dguild is not None and dguild.name == "St Elsewhere Psychiatry"
    assert {c.name for c in dguild.text_channels} == {"balint-thursday", "announcements"}
    assert dguild.me is not None and dguild.me.guild_permissions.manage_events
    alice = dguild.get_member(world.alice.id)
    assert alice is not None and [r.name for r in alice.roles] == ["@everyone", "Balint leaders"]
    role = dguild.get_role(world.role.id)
    assert role is not None and role.name == "Balint leaders"


async def test_member_add_and_role_events(emu: Emulator, world: World, bot: TinyBot) -> None:
    carol = emu.member(world.guild, "carol")
    new_role = world.guild.create_role("Trainees")
    emu.set_roles(carol, [new_role])
    await emu.idle()
    dguild = bot.cached_guild(world.guild.id)
    assert ("join", "carol") in bot.seen_events
    assert [r.name for r in bot.cached_member(world.guild.id, carol.id).roles] == [
        "@everyone",
        "Trainees",
    ]
    emu.remove_member(carol)
    await emu.idle()
    assert dguild.get_member(carol.id) is None


async def test_member_message_reaches_bot(emu: Emulator, world: World, bot: TinyBot) -> None:
    got: list[discord.Message] = []

    async def on_message(message: discord.Message) -> None:
        got.append(message)

    bot.add_listener(on_message)
    assert bot.user is not None
    await world.alice.say("hello there", in_channel=world.chan)
    await world.alice.say(f"{bot.user.mention} ping", in_channel=world.chan)
    # no MESSAGE_CONTENT intent: content is blanked unless the bot is mentioned
    assert [m.content for m in got] == ["", f"<@{emu.bot_user_id}> ping"]


async def test_resume_replays_missed_events(
    emu: Emulator, world: World, bot: TinyBot, gateway: Gateway
) -> None:
    await gateway.drop(4000)  # the socket is gone; events now queue for RESUME
    dave = emu.member(world.guild, "dave")
    await asyncio.wait_for(gateway.resumed.wait(), 10)
    await emu.idle()
    assert gateway.resume_count == 1 and gateway.identify_count == 1
    assert bot.cached_guild(world.guild.id).get_member(dave.id) is not None
    r = await world.alice.slash("hello", name="again")
    assert r.content == "hello again"


async def test_drop_gateway_helper(emu: Emulator, world: World, bot: TinyBot) -> None:
    await emu.drop_gateway()
    assert (await world.alice.slash("hello", name="x")).content == "hello x"


async def test_reconnect_opcode(
    emu: Emulator, world: World, bot: TinyBot, gateway: Gateway
) -> None:
    await emu.request_reconnect()
    assert gateway.resume_count == 1
    assert (await world.bob.slash("hello", name="y")).content == "hello y"


async def test_invalid_session_reidentifies(
    emu: Emulator, world: World, bot: TinyBot, gateway: Gateway
) -> None:
    bot.skip_identify_wait = True
    await emu.invalidate_session(resumable=False)
    await emu.idle()
    assert gateway.identify_count == 2
    assert (await world.bob.slash("hello", name="z")).content == "hello z"


async def test_guild_created_after_connect(emu: Emulator, world: World, bot: TinyBot) -> None:
    g2 = emu.create_guild("Second Trust")
    g2.create_text_channel("general")
    await emu.idle()
    assert bot.get_guild(g2.id) is not None
    assert bot.cached_guild(g2.id).text_channels[0].name == "general"


async def test_scheduled_event_lifecycle(emu: Emulator, world: World, bot: TinyBot) -> None:
    r = await world.alice.slash("event", name="Balint Thursday")
    event_id = int(r.content.split()[1])
    dguild = bot.cached_guild(world.guild.id)
    ev = await dguild.fetch_scheduled_event(event_id)
    await ev.edit(name="Balint (moved)")
    assert world.guild.scheduled_events[event_id].name == "Balint (moved)"
    assert [e.name for e in await dguild.fetch_scheduled_events()] == ["Balint (moved)"]
    await ev.delete()
    await emu.idle()
    assert world.guild.events == []
    assert dguild.get_scheduled_event(event_id) is None


async def test_without_members_intent_only_the_bot_is_cached(
    emu: Emulator, world: World, botkit: BotKit
) -> None:
    async with botkit.running(emu, botkit.make_bot(discord.Intents.default())) as client:
        dguild = client.cached_guild(world.guild.id)
        assert [m.id for m in dguild.members] == [emu.bot_user_id]
        emu.member(world.guild, "erin")
        await emu.idle()
        assert client.seen_events == []
