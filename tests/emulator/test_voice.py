"""Voice as Discord has it: voice and stage channels, VOICE_STATE_UPDATE when a member joins,
moves or leaves (only to a client with the voice-states intent), the voice states in GUILD_CREATE
for such a client, and a member who may not connect cannot join."""

from __future__ import annotations

import discord
import pytest

from bot.emulator._members import InvalidCommand
from bot.emulator._model import CONNECT
from bot.emulator.emulator import Emulator
from tests.emulator.conftest import BotKit, TinyBot, World


def voice_events(client: TinyBot) -> list[tuple[str, str | None, str | None]]:
    return client.voice_seen


def make(botkit: BotKit, intents: discord.Intents) -> TinyBot:
    client = botkit.make_bot(intents)
    client.voice_seen = []

    async def on_voice_state_update(
        member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        client.voice_seen.append(
            (
                member.name,
                before.channel.name if before.channel else None,
                after.channel.name if after.channel else None,
            )
        )

    client.add_listener(on_voice_state_update)
    return client


async def test_joining_moving_and_leaving_reach_a_client_with_the_voice_intent(
    emu: Emulator, world: World, botkit: BotKit
) -> None:
    room = world.guild.create_voice_channel("balint-room")
    stage = world.guild.create_voice_channel("balint-stage", stage=True)
    intents = discord.Intents.default()
    intents.members = True
    async with botkit.running(emu, make(botkit, intents)) as client:
        guild = client.cached_guild(world.guild.id)
        assert isinstance(guild.get_channel(room.id), discord.VoiceChannel)
        assert isinstance(guild.get_channel(stage.id), discord.StageChannel)
        assert {c.name for c in guild.text_channels} == {"balint-thursday", "announcements"}
        world.bob.join_voice(room)
        await emu.idle()
        member = client.cached_member(world.guild.id, world.bob.id)
        assert member.voice is not None and member.voice.channel is not None
        assert member.voice.channel.id == room.id
        in_room = guild.get_channel(room.id)
        assert isinstance(in_room, discord.VoiceChannel)
        assert [m.id for m in in_room.members] == [world.bob.id]
        world.bob.join_voice(stage)  # a move
        await emu.idle()
        assert member.voice.channel.id == stage.id and member.voice.suppress  # the audience
        world.bob.leave_voice()
        await emu.idle()
        assert member.voice is None
        assert voice_events(client) == [
            ("bob", None, "balint-room"),
            ("bob", "balint-room", "balint-stage"),
            ("bob", "balint-stage", None),
        ]
        assert world.guild.in_voice(room) == [] and world.guild.voice_states == {}


async def test_without_the_intent_no_voice_event_and_no_voice_state(
    emu: Emulator, world: World, botkit: BotKit
) -> None:
    room = world.guild.create_voice_channel("balint-room")
    world.alice.join_voice(room)  # before the client connects: GUILD_CREATE would carry it
    intents = discord.Intents.default()
    intents.members = True
    intents.voice_states = False
    async with botkit.running(emu, make(botkit, intents)) as client:
        assert client.cached_member(world.guild.id, world.alice.id).voice is None
        world.bob.join_voice(room)
        await emu.idle()
        bob = client.cached_member(world.guild.id, world.bob.id)
        assert voice_events(client) == [] and bob.voice is None


async def test_guild_create_carries_who_is_in_voice_to_a_client_with_the_intent(
    emu: Emulator, world: World, botkit: BotKit
) -> None:
    room = world.guild.create_voice_channel("balint-room")
    world.alice.join_voice(room, self_mute=True)
    intents = discord.Intents.default()
    intents.members = True
    async with botkit.running(emu, make(botkit, intents)) as client:
        alice = client.cached_member(world.guild.id, world.alice.id)
        assert alice.voice is not None and alice.voice.channel is not None
        assert alice.voice.channel.id == room.id
        assert alice.voice.self_mute and voice_events(client) == []


async def test_a_member_who_may_not_connect_cannot_join(emu: Emulator, world: World) -> None:
    room = world.guild.create_voice_channel("balint-room")
    room.set_member_overwrite(world.guild.everyone, deny=CONNECT)
    with pytest.raises(InvalidCommand, match="may not connect"):
        world.bob.join_voice(room)
    with pytest.raises(InvalidCommand, match="not a voice or stage channel"):
        world.bob.join_voice(world.chan)
    assert world.guild.voice_states == {}
