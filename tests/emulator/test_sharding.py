"""Sharding as Discord's Gateway documentation describes it (discord-api-docs,
developers/events/gateway.mdx: "Sharding", "Max Concurrency", "Identifying", "Get Gateway Bot",
"Session Start Limit Object"; close codes 4010 and 4011 in developers/topics/
opcodes-and-status-codes.mdx). Raw WebSocket clients check each rule exactly; discord.py's
AutoShardedBot checks that a real client lives with them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest

from bot.emulator._gateway import Gateway, Session, shard_of
from bot.emulator.emulator import Emulator, Guild
from tests.emulator.conftest import BotKit, World


def add_guilds(emu: Emulator, count: int) -> list[Guild]:
    return [emu.create_guild(f"Trust {n}") for n in range(count)]


def live_sessions(gateway: Gateway) -> list[tuple[tuple[int, int], Session]]:
    """Each live session with its shard ([shard id, shard count], as it identified)."""
    pairs = []
    for session in gateway.live.values():
        assert session.shard is not None, session
        pairs.append((session.shard, session))
    return pairs


@pytest.fixture
async def http(emu: Emulator) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def identify(
    http: aiohttp.ClientSession, emu: Emulator, shard: Any = None
) -> tuple[aiohttp.ClientWebSocketResponse, aiohttp.WSMessage]:
    """Connect, read HELLO, IDENTIFY (with `shard` if given): the socket and the first answer."""
    ws = await http.ws_connect(emu.gateway_url)
    hello = await ws.receive_json()
    assert hello["op"] == 10
    d: dict[str, Any] = {"token": emu.bot_token, "intents": 1, "properties": {}}
    if shard is not None:
        d["shard"] = shard
    await ws.send_json({"op": 2, "d": d})
    return ws, await ws.receive(timeout=5)


def payload(msg: aiohttp.WSMessage) -> dict[str, Any]:
    assert msg.type == aiohttp.WSMsgType.TEXT, msg
    frame: dict[str, Any] = json.loads(msg.data)
    return frame


def events(session: Session, name: str) -> list[dict[str, Any]]:
    """What this session was sent of one event (its replay buffer holds every frame)."""
    frames = (json.loads(frame) for _, frame in session.buffer)
    return [f["d"] for f in frames if f["t"] == name]


async def test_gateway_bot_recommends_shards_and_counts_session_starts(
    emu: Emulator, http: aiohttp.ClientSession, gateway: Gateway
) -> None:
    """Get Gateway Bot: `shards` is the recommended count (about one per 1,000 guilds) and
    `session_start_limit` has total, remaining, reset_after and max_concurrency."""
    add_guilds(emu, 2501)
    emu.max_concurrency = 4
    headers = {"Authorization": f"Bot {emu.bot_token}"}
    async with http.get(f"{emu.base_url}/gateway/bot", headers=headers) as r:
        first = await r.json()
    assert first["url"] == emu.gateway_url.rstrip("/")
    assert first["shards"] == 3
    limit = first["session_start_limit"]
    assert (limit["total"], limit["remaining"], limit["max_concurrency"]) == (1000, 1000, 4)
    assert 0 < limit["reset_after"] <= 86_400_000
    ws, _ = await identify(http, emu, [0, 3])
    async with http.get(f"{emu.base_url}/gateway/bot", headers=headers) as r:
        assert (await r.json())["session_start_limit"]["remaining"] == 999
    await ws.close()


async def test_a_session_over_2500_guilds_is_closed_with_4011(
    emu: Emulator, http: aiohttp.ClientSession
) -> None:
    """ "Each shard can only support a maximum of 2500 guilds, and apps that are in 2500+ guilds
    must enable sharding": 4011 Sharding required, unsharded or on too few shards."""
    add_guilds(emu, 2501)
    for shard in (None, [0, 1]):
        ws, msg = await identify(http, emu, shard)
        assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 4011, (shard, msg)
        await ws.close()
    assert len([f for f in emu.take_failures() if "sharding required" in f]) == 2
    ws, msg = await identify(http, emu, [1, 2])
    ready = payload(msg)["d"]
    assert ready["shard"] == [1, 2]
    assert len(ready["guilds"]) == sum(1 for g in emu.guilds if shard_of(g.id, 2) == 1) <= 2500
    await ws.close()


@pytest.mark.parametrize("shard", [[2, 2], [0, 0], [-1, 2], [0], "0,1", [True, 2]])
async def test_an_impossible_shard_is_closed_with_4010(
    emu: Emulator, http: aiohttp.ClientSession, shard: Any
) -> None:
    ws, msg = await identify(http, emu, shard)
    assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 4010
    assert "invalid shard" in emu.take_failures()[0]
    await ws.close()


async def test_identify_concurrency_one_per_rate_limit_key_per_window(
    emu: Emulator, http: aiohttp.ClientSession, gateway: Gateway
) -> None:
    """max_concurrency IDENTIFYs "per 5 seconds", keyed `shard_id % max_concurrency`; over it,
    Discord answers op 9 Invalid Session. (A rate limit: on with the emulator's others.)"""
    emu.rate_limits = True
    # Discord's 5 s, shortened so the test is quick; not below the time a busy machine takes
    # between two IDENTIFYs (0.3 s was: the second came after the window and was let in)
    emu.identify_window = 1.5
    ws0, ready = await identify(http, emu, [0, 2])
    assert payload(ready)["t"] == "READY"
    ws1, refused = await identify(http, emu, [1, 2])  # key 1 % 1 = 0, as shard 0's
    assert payload(refused) == {"op": 9, "d": False, "s": None, "t": None}
    assert gateway.identify_refused == 1 and "refused (op 9)" in emu.notes[-1]
    await ws1.close()
    await asyncio.sleep(emu.identify_window)  # the window itself is the rule under test
    ws1, ready = await identify(http, emu, [1, 2])
    assert payload(ready)["t"] == "READY"
    for ws in (ws0, ws1):
        await ws.close()

    emu.max_concurrency = 2  # keys 0 and 1: both shards start at once
    await asyncio.sleep(emu.identify_window)
    sockets = [await identify(http, emu, [n, 2]) for n in (0, 1)]
    assert [payload(m)["t"] for _, m in sockets] == ["READY", "READY"]
    assert gateway.identify_refused == 1
    for ws, _ in sockets:
        await ws.close()


async def test_each_guild_s_events_only_on_its_shard(
    emu: Emulator, world: World, botkit: BotKit, gateway: Gateway
) -> None:
    """`shard_id = (guild_id >> 22) % num_shards`; events without a guild (DMs) only on shard 0.
    READY lists the shard's guilds, discord.py files each guild under its shard, and an
    interaction in each guild reaches only that guild's shard and is answered."""
    emu.max_concurrency = 3
    guilds = [world.guild, *add_guilds(emu, 5)]
    people = [world.alice, *(emu.member(g, f"member-{n}") for n, g in enumerate(guilds[1:]))]
    for guild in guilds[1:]:
        guild.create_text_channel("general")
    bot = botkit.make_bot(sharded=True, shard_count=3)
    bot.skip_identify_wait = True
    async with botkit.running(emu, bot) as client:
        live = dict(live_sessions(gateway))
        assert sorted(live) == [(0, 3), (1, 3), (2, 3)]
        assert {shard_of(g.id, 3) for g in guilds} == {0, 1, 2}  # the test covers every shard
        for (shard_id, _), session in live.items():
            (ready,) = events(session, "READY")
            mine = {g.id for g in guilds if shard_of(g.id, 3) == shard_id}
            assert {int(g["id"]) for g in ready["guilds"]} == mine
            assert {int(g["id"]) for g in events(session, "GUILD_CREATE")} == mine
        for guild, person in zip(guilds, people, strict=True):
            assert client.cached_guild(guild.id).shard_id == shard_of(guild.id, 3)
            channel = guild.text_channels[0]
            r = await person.slash("hello", name=str(guild.id % 1000), in_channel=channel)
            assert r.content == f"hello {guild.id % 1000}"
            got = {
                shard_id
                for (shard_id, _), session in live.items()
                for i in events(session, "INTERACTION_CREATE")
                if i["guild_id"] == str(guild.id)
            }
            assert got == {shard_of(guild.id, 3)}
        await world.alice.slash("dmme")  # the bot's DM to alice: MESSAGE_CREATE, no guild
        await emu.idle()
        dms = [
            shard_id
            for (shard_id, _), session in live.items()
            for m in events(session, "MESSAGE_CREATE")
            if "guild_id" not in m
        ]
        assert dms == [0]


async def test_autosharded_bot_takes_the_recommended_count(
    emu: Emulator, botkit: BotKit, gateway: Gateway
) -> None:
    """discord.py's AutoShardedBot asks Get Gateway Bot and starts that many shards."""
    emu.max_concurrency = 16
    add_guilds(emu, 2501)
    bot = botkit.make_bot(discord.Intents.default(), sharded=True)
    bot.skip_identify_wait = True
    async with botkit.running(emu, bot) as client:
        assert client.shard_count == 3 and len(client.guilds) == 2501
        assert sorted(shard for shard, _ in live_sessions(gateway)) == [(0, 3), (1, 3), (2, 3)]
        assert gateway.identify_refused == 0


async def test_one_shard_drops_while_the_others_go_on(
    emu: Emulator, world: World, botkit: BotKit, gateway: Gateway
) -> None:
    """A shard's socket closes (resumable 4000): the other shard keeps its connection and its
    interactions are answered; what happened meanwhile in the dropped shard's guilds is
    replayed when it RESUMEs, and no shard identifies again."""
    emu.max_concurrency = 2
    other = emu.create_guild("Other Trust")
    assert shard_of(other.id, 2) != shard_of(world.guild.id, 2)
    chan = other.create_text_channel("general")
    carol = emu.member(other, "carol")
    bot = botkit.make_bot(sharded=True, shard_count=2)
    bot.skip_identify_wait = True
    async with botkit.running(emu, bot) as client:
        dropped = shard_of(world.guild.id, 2)
        staying = gateway.shard_session(1 - dropped)
        kept = staying.conn
        await emu.drop_gateway(wait=False, shard_id=dropped)
        assert gateway.shard_session(1 - dropped).conn is kept
        r = await carol.slash("hello", name="meanwhile", in_channel=chan)
        assert r.content == "hello meanwhile"
        dave = emu.member(world.guild, "dave")  # buffered for the dropped shard
        await asyncio.wait_for(gateway.resumed.wait(), 10)
        await emu.idle()
        assert client.cached_guild(world.guild.id).get_member(dave.id) is not None
        assert staying.conn is kept and (gateway.identify_count, gateway.resume_count) == (2, 1)
        assert (await world.bob.slash("hello", name="after")).content == "hello after"
