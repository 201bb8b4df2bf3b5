"""Discord's rate limits in the emulator: per-route buckets (some shared), the global limit that
interactions are exempt from, and the invalid-request ban. Raw HTTP where headers are the point;
the real discord.py client where its reaction is."""

from __future__ import annotations

import asyncio
import logging
import time

import aiohttp
import discord
import pytest

from bot.emulator.emulator import Emulator
from tests.emulator.conftest import BotKit, TinyBot, World


def _auth(emu: Emulator) -> dict[str, str]:
    return {"Authorization": f"Bot {emu.bot_token}"}


async def _get(session: aiohttp.ClientSession, emu: Emulator, path: str) -> aiohttp.ClientResponse:
    async with session.get(f"{emu.base_url}{path}", headers=_auth(emu)) as resp:
        await resp.read()
        return resp


async def test_routes_sharing_a_bucket_share_its_hash_and_count(
    emu: Emulator, world: World
) -> None:
    base = f"{emu.base_url}/channels/{world.chan.id}"
    async with aiohttp.ClientSession() as session:
        ids = []
        for text in ("agenda", "rules"):  # before the limits are on
            async with session.post(
                base + "/messages", json={"content": text}, headers=_auth(emu)
            ) as resp:
                ids.append((await resp.json())["id"])
        emu.rate_limits = True
        seen = []
        for path in (f"/messages/pins/{ids[0]}", f"/pins/{ids[1]}"):
            async with session.put(base + path, headers=_auth(emu)) as resp:
                assert resp.status == 204
                seen.append(resp.headers)
        assert seen[0]["X-RateLimit-Bucket"] == seen[1]["X-RateLimit-Bucket"]
        assert [h["X-RateLimit-Remaining"] for h in seen] == ["4", "3"]  # one count for both
        async with session.post(
            base + "/messages", json={"content": "hi"}, headers=_auth(emu)
        ) as resp:
            assert resp.headers["X-RateLimit-Bucket"] != seen[0]["X-RateLimit-Bucket"]
            assert resp.headers["X-RateLimit-Remaining"] == "4"  # a bucket of its own
            assert float(resp.headers["X-RateLimit-Reset-After"]) == pytest.approx(5.0, abs=0.1)
        # another channel is another top-level resource: its own count
        async with session.post(
            f"{emu.base_url}/channels/{world.other.id}/messages",
            json={"content": "hi"},
            headers=_auth(emu),
        ) as resp:
            assert resp.headers["X-RateLimit-Remaining"] == "4"


async def test_routes_not_listed_have_a_bucket_each(emu: Emulator, world: World) -> None:
    emu.rate_limits = True
    async with aiohttp.ClientSession() as session:
        channel = await _get(session, emu, f"/channels/{world.chan.id}")
        history = await _get(session, emu, f"/channels/{world.chan.id}/messages")
        again = await _get(session, emu, f"/channels/{world.chan.id}")
    assert channel.headers["X-RateLimit-Bucket"] != history.headers["X-RateLimit-Bucket"]
    assert channel.headers["X-RateLimit-Bucket"] == again.headers["X-RateLimit-Bucket"]
    remaining = [r.headers["X-RateLimit-Remaining"] for r in (channel, history, again)]
    assert remaining == ["4", "4", "3"]


async def test_a_spent_route_bucket_answers_429_for_the_rest_of_its_window(
    emu: Emulator, world: World
) -> None:
    emu.rate_limits = True
    emu.rest.limiter.time_scale = 0.1  # 5 messages per 0.5 s
    url = f"{emu.base_url}/channels/{world.chan.id}/messages"
    async with aiohttp.ClientSession() as session:
        statuses = []
        for i in range(6):
            async with session.post(url, json={"content": f"m{i}"}, headers=_auth(emu)) as resp:
                statuses.append(resp.status)
                body = await resp.json()
        assert statuses == [200] * 5 + [429]
        assert resp.headers["X-RateLimit-Scope"] == "user"
        assert resp.headers["Via"]
        assert body["global"] is False
        assert 0 < body["retry_after"] <= 0.5
    assert emu.invalid_requests == 1
    assert len(world.chan.messages) == 5


async def test_the_global_limit_and_its_retry_after(emu: Emulator, world: World) -> None:
    emu.rate_limits = True
    channels = [world.guild.create_text_channel(f"c{i}") for i in range(60)]
    async with aiohttp.ClientSession() as session:
        answers = await asyncio.gather(*(_get(session, emu, f"/channels/{c.id}") for c in channels))
    refused = [a for a in answers if a.status == 429]
    assert len(refused) == 10  # 50 a second, whatever the route
    assert all(a.headers["X-RateLimit-Scope"] == "global" for a in refused)
    assert all(a.headers["X-RateLimit-Global"] == "true" for a in refused)
    assert all(0 < float(a.headers["Retry-After"]) <= 1 for a in refused)
    assert len(emu.rate_limited) == 10


async def test_interactions_are_keyed_per_interaction_and_exempt_from_the_global_limit(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    emu.rate_limits = True
    channels = [world.guild.create_text_channel(f"c{i}") for i in range(50)]
    async with aiohttp.ClientSession() as session:
        spent = await asyncio.gather(*(_get(session, emu, f"/channels/{c.id}") for c in channels))
    assert all(a.status == 200 for a in spent)  # the global second is used up
    results = await asyncio.gather(*(world.alice.slash("hello", name=f"n{i}") for i in range(20)))
    assert sorted(r.content for r in results) == sorted(f"hello n{i}" for i in range(20))
    assert not emu.rate_limited


async def test_discord_py_waits_out_route_buckets_without_429s(
    discord_errors: list[logging.LogRecord], botkit: BotKit
) -> None:
    emu = Emulator(rate_limits=True)
    emu.rest.limiter.time_scale = 0.06  # 5 messages per 0.3 s
    await emu.start()
    try:
        guild = emu.create_guild("G")
        chan = guild.create_text_channel("general")
        async with botkit.running(emu, botkit.make_bot()) as client:
            channel = client.text_channel(chan.id)
            start = time.monotonic()
            for i in range(12):
                await channel.send(f"m{i}")
            elapsed = time.monotonic() - start
        assert len(chan.messages) == 12
        assert elapsed >= 0.5  # two full buckets waited out
        assert not emu.rate_limited  # the client pre-empted from the headers
        assert not emu.failures
    finally:
        await emu.stop()


async def test_too_many_invalid_requests_get_every_request_refused(
    emu: Emulator, world: World, bot: TinyBot, discord_errors: list[logging.LogRecord]
) -> None:
    emu.rate_limits = True
    limiter = emu.rest.limiter
    limiter.invalid_limit, limiter.ban_s = 20, 0.5
    async with aiohttp.ClientSession() as session:
        for _ in range(20):
            async with session.get(
                f"{emu.base_url}/users/@me", headers={"Authorization": "Bot wrong"}
            ) as resp:
                assert resp.status == 401
    assert emu.invalid_requests == 20
    assert [f for f in emu.take_failures() if f.startswith("BANNED")]
    channel = bot.text_channel(world.chan.id)
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send("during the ban")
    assert refused.value.status == 429  # not JSON, no Via: discord.py does not retry
    assert world.chan.messages == []
    await asyncio.sleep(0.5)  # the ban's length is the thing under test
    await channel.send("after the ban")
    assert [m.content for m in world.chan.messages] == ["after the ban"]
    discord_errors.clear()
