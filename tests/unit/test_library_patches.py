"""The bot's reaches into discord.py's and aiosqlite's internals (bot/discord_patches.py,
bot/store/sqlite_thread.py): each refuses, at start-up, a version it was not written for, and each
patch does its one thing. What each gives a user is tested end to end too: a retried reply that
meets 40060 (tests/e2e/test_interaction_faults.py), a stale screen answered
(tests/e2e/test_stale_screens.py), every request paced (tests/unit/test_pacing.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import aiosqlite
import discord
import discord.http
import pytest

from bot import discord_patches
from bot.errors import STALE_SCREEN
from bot.store import sqlite_thread
from bot.store.db import Database


def test_discord_py_of_another_series_is_refused_at_start() -> None:
    discord_patches.check()  # the installed one (constraints.txt)
    for version in ("2.8.0", "3.0.0", "2.6.4"):
        with pytest.raises(RuntimeError, match=f"discord.py {version} is not the version"):
            discord_patches.check(version)


def test_aiosqlite_of_another_series_is_refused_when_a_database_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_thread.check()
    with pytest.raises(RuntimeError, match="aiosqlite 0.30.0 is not a version"):
        sqlite_thread.check("0.30.0")
    monkeypatch.setattr(aiosqlite, "__version__", "1.0.0")
    with pytest.raises(RuntimeError, match="aiosqlite 1.0.0"):
        asyncio.run(Database.open(tmp_path / "x.sqlite3"))
    assert not (tmp_path / "x.sqlite3").exists()  # refused before anything was made


async def test_the_store_runs_a_function_on_aiosqlites_own_thread(tmp_path: Path) -> None:
    conn = await aiosqlite.connect(tmp_path / "y.sqlite3")
    try:
        value = await sqlite_thread.run(conn, lambda raw: raw.execute("SELECT 6 * 7").fetchone())
        assert value == (42,)
    finally:
        await conn.close()


async def test_a_request_goes_through_the_wrapper_which_sends_it() -> None:
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    sent: list[str] = []

    async def send(route: discord.http.Route, **kwargs: Any) -> str:
        sent.append(route.path)
        return "answer"

    http.request = send  # type: ignore[method-assign]  # no network: discord.py's send, stood in
    seen: list[str] = []

    async def around(send: discord_patches.Send, route: discord.http.Route, kwargs: Any) -> Any:
        seen.append(route.path)
        return await send(route, **kwargs)

    discord_patches.wrap_requests(http, around)
    route = discord.http.Route("GET", "/users/@me")
    assert await http.request(route) == "answer"
    assert seen == sent == ["/users/@me"]


class FakeInteraction:
    """What the stale-screen answer touches of an interaction."""

    def __init__(self) -> None:
        self.id = 1
        self.message = None
        self.type = discord.InteractionType.component
        self.said: list[tuple[str, bool]] = []
        self.response = SimpleNamespace(is_done=lambda: False, send_message=self.send_message)

    async def send_message(self, content: str, *, ephemeral: bool) -> None:
        self.said.append((content, ephemeral))


async def test_a_screen_no_view_handles_is_answered_privately() -> None:
    client = discord.Client(intents=discord.Intents.none())
    discord_patches.answer_stale_screens(client)
    discord_patches.answer_stale_screens(client)  # once only, however often it is asked
    store = client._connection._view_store
    stale = FakeInteraction()
    store.dispatch_view(2, "draft:no-such-view", stale)  # type: ignore[arg-type]
    store.dispatch_modal("agenda:gone", stale, [], {})  # type: ignore[arg-type]
    for _ in range(5):  # the answers are tasks: let them run (no waiting for time)
        await asyncio.sleep(0)
    assert stale.said == [(STALE_SCREEN, True), (STALE_SCREEN, True)]
    await client.close()


class Session:
    """Stands in for a client's aiohttp session (made at login)."""

    async def close(self) -> None:
        pass


async def test_a_reply_that_met_40060_counts_as_given_for_this_bots_session_only() -> None:
    answered = discord.HTTPException(
        SimpleNamespace(status=400, reason="Bad Request"),
        {"code": discord_patches.ALREADY_ACKNOWLEDGED, "message": "already acknowledged"},
    )
    client = discord.Client(intents=discord.Intents.none())
    mine = Session()
    client.http._HTTPClient__session = mine  # type: ignore[attr-defined]
    discord_patches.tolerate_already_acknowledged(client)
    adapter = discord.webhook.async_.AsyncWebhookAdapter
    assert getattr(adapter.create_interaction_response, "tolerates_40060", False)
    calls: list[Any] = []

    async def refuses(self: Any, interaction_id: int, token: str, **kwargs: Any) -> Any:
        calls.append(kwargs["session"])  # discord.py's call, stood in: Discord answers 40060
        raise answered

    patched = discord_patches.tolerating_40060(refuses)
    reply = await patched(adapter(), 7, "token", session=mine)  # type: ignore[no-untyped-call]
    assert reply == {"interaction": {"id": "7", "type": 0}}
    with pytest.raises(discord.HTTPException):
        # another client's reply
        await patched(adapter(), 8, "token", session=Session())  # type: ignore[no-untyped-call]
    assert len(calls) == 2
    await client.close()


def member(user_id: int) -> discord.Member:
    """A stand-in for a member listed over REST: cache_member reads only its id."""
    return cast(discord.Member, SimpleNamespace(id=user_id))


def test_a_member_listed_over_rest_joins_the_cache_unless_an_event_brought_one() -> None:
    """bot/members.py's one reach (end to end: tests/e2e/test_members_at_startup.py)."""
    cached: dict[int, Any] = {}
    guild: Any = SimpleNamespace(
        get_member=cached.get, _add_member=lambda m: cached.__setitem__(m.id, m)
    )
    listed = member(7)
    discord_patches.cache_member(guild, listed)
    discord_patches.cache_member(guild, member(7))  # an older copy: kept out
    assert cached == {7: listed}
