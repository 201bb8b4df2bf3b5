"""Each Discord rule the emulator enforces, proven against the real discord.py client."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import discord
import pytest

from bot.emulator._model import (
    CREATE_EVENTS,
    EVERYONE_DEFAULT,
    MANAGE_EVENTS,
    PIN_MESSAGES,
    SEND_MESSAGES,
    VIEW_CHANNEL,
)
from bot.emulator._validation import OpenApiValidator
from bot.emulator.emulator import (
    BOT_DEFAULT,
    Emulator,
    InteractionFailed,
)
from tests.emulator.conftest import TinyBot, World


async def test_ack_within_three_seconds(
    emu: Emulator, world: World, bot: TinyBot, discord_errors: list[logging.LogRecord]
) -> None:
    with pytest.raises(InteractionFailed, match="did not acknowledge within 3 s"):
        await world.alice.slash("sleepy")
    for _ in range(300):  # the bot's late callback arrives at ~3.5 s (later on a busy machine)
        if getattr(bot, "late_error", None) is not None:
            break
        await asyncio.sleep(0.05)
    assert bot.late_error.code == 10062
    failures = emu.take_failures()
    assert len(failures) == 1 and "not acknowledged within 3 s" in failures[0]


async def test_respond_only_once(emu: Emulator, world: World, bot: TinyBot) -> None:
    r = await world.alice.slash("twice")
    assert r.content == "first"
    await emu.idle()
    assert bot.second_error.status == 400 and bot.second_error.code == 40060
    assert [m.content for m in world.chan.messages] == ["first"]
    assert "responded twice" in emu.take_failures()[0]


async def test_followup_before_ack_is_refused(emu: Emulator, world: World, bot: TinyBot) -> None:
    r = await world.alice.slash("early")
    assert r.content == "then responded"
    assert bot.early_error.code == 10015
    assert "before the interaction was acknowledged" in emu.take_failures()[0]


async def test_modal_only_as_first_response(emu: Emulator, world: World, bot: TinyBot) -> None:
    r = await world.alice.slash("latemodal")
    await emu.idle()
    assert bot.modal_error.code == 40060
    assert r.text == "fallback"
    assert emu.take_failures()


async def test_ephemeral_visible_only_to_its_user(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    r = await world.alice.slash("secret")
    assert r.ephemeral
    assert r.message in world.alice.visible_messages(world.chan)
    assert r.message not in world.bob.visible_messages(world.chan)
    # and the bot cannot fetch it through channel routes, as on Discord
    channel = bot.text_channel(world.chan.id)
    with pytest.raises(discord.NotFound):
        await channel.fetch_message(r.message.id)
    assert not [m async for m in channel.history()]


async def test_missing_send_messages_gives_50013(emu: Emulator, world: World, bot: TinyBot) -> None:
    world.other.set_bot_permissions(BOT_DEFAULT & ~SEND_MESSAGES)
    await emu.idle()
    dchan = bot.text_channel(world.other.id)
    me = dchan.guild.me
    assert not dchan.permissions_for(me).send_messages  # CHANNEL_UPDATE reached the client
    assert dchan.permissions_for(me).view_channel
    r = await world.alice.slash("post", channel=world.other, text="hi")
    assert r.content == "forbidden 50013"
    assert world.other.messages == []
    world.other.set_bot_permissions(None)
    await emu.idle()
    assert dchan.permissions_for(me).send_messages
    assert (await world.alice.slash("post", channel=world.other, text="hi")).content == "posted"
    assert world.other.messages[-1].content == "hi"


async def test_missing_view_channel_is_forbidden(emu: Emulator, world: World, bot: TinyBot) -> None:
    world.other.set_bot_permissions(SEND_MESSAGES)  # no VIEW_CHANNEL
    await emu.idle()
    r = await world.alice.slash("post", channel=world.other, text="hi")
    assert r.content.startswith("forbidden")


async def test_missing_create_events(emu: Emulator, world: World, bot: TinyBot) -> None:
    world.guild.everyone.set_permissions(EVERYONE_DEFAULT & ~CREATE_EVENTS)
    world.guild.set_bot_permissions(BOT_DEFAULT & ~CREATE_EVENTS)
    r = await world.alice.slash("event", name="Balint")
    assert r.content == "forbidden 50013"
    world.guild.set_bot_permissions(BOT_DEFAULT)
    r = await world.alice.slash("event", name="Balint")
    assert r.content.startswith("event ")
    assert [e.name for e in world.guild.events] == ["Balint"]
    await emu.idle()
    assert ("event", "Balint") in bot.seen_events


async def test_missing_pin_messages(emu: Emulator, world: World, bot: TinyBot) -> None:
    world.chan.set_bot_permissions(BOT_DEFAULT & ~PIN_MESSAGES)
    r = await world.alice.slash("pinlast", in_channel=world.chan)
    assert r.content == "forbidden 50013"
    world.chan.set_bot_permissions(None)
    r = await world.alice.slash("pinlast", in_channel=world.chan)
    assert r.content == "pinned"
    assert [m.content for m in world.chan.pins] == ["pin me"]


# --- limits, checked with raw HTTP so discord.py's own client-side checks do not intervene ------


def _button(label: str = "ok", custom_id: str = "b") -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def _row(n: int, prefix: str = "b") -> dict[str, Any]:
    return {"type": 1, "components": [_button(custom_id=f"{prefix}{i}") for i in range(n)]}


LIMIT_CASES = [
    ({"content": "x" * 2001}, "content"),
    ({"embeds": [{"title": "t"}] * 11}, "embeds"),
    ({"embeds": [{"title": "x" * 257}]}, "title"),
    ({"embeds": [{"description": "x" * 4097}]}, "description"),
    ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, "fields"),
    ({"embeds": [{"description": "x" * 4000}, {"description": "x" * 2001}]}, "6000"),
    ({"components": [_row(1, f"r{i}-") for i in range(6)]}, "components"),
    ({"components": [_row(6)]}, "components"),
    ({"components": [{"type": 1, "components": [_button(custom_id="x" * 101)]}]}, "custom_id"),
    ({"components": [{"type": 1, "components": [_button(label="x" * 81)]}]}, "label"),
]


@pytest.mark.parametrize(("body", "where"), LIMIT_CASES)
async def test_message_limits(
    emu: Emulator, world: World, body: dict[str, Any], where: str
) -> None:
    async with aiohttp.ClientSession() as s:
        resp = await s.post(
            f"{emu.base_url}/channels/{world.chan.id}/messages",
            json=body,
            headers={"Authorization": f"Bot {emu.bot_token}"},
        )
        data = await resp.json()
    assert resp.status == 400 and data["code"] == 50035, data
    assert where in data["message"]
    assert world.chan.messages == []
    emu.take_failures()  # the OpenAPI check may flag some of these too


async def test_empty_message_refused(emu: Emulator, world: World) -> None:
    async with aiohttp.ClientSession() as s:
        resp = await s.post(
            f"{emu.base_url}/channels/{world.chan.id}/messages",
            json={"content": ""},
            headers={"Authorization": f"Bot {emu.bot_token}"},
        )
        assert (await resp.json())["code"] == 50006


async def test_openapi_validation_records_failure(emu: Emulator, world: World) -> None:
    async with aiohttp.ClientSession() as s:
        await s.post(
            f"{emu.base_url}/channels/{world.chan.id}/messages",
            json={"content": "ok", "tts": "yes"},
            headers={"Authorization": f"Bot {emu.bot_token}"},
        )
    failures = emu.take_failures()
    assert len(failures) == 1
    assert (
        failures[0].startswith("OPENAPI POST /channels/{channel_id}/messages")
        and "tts" in failures[0]
    )


async def test_a_remembered_verdict_still_fails_the_same_bad_body_and_passes_a_good_one(
    emu: Emulator, world: World
) -> None:
    """Verdicts are remembered per body (a bot start's command list is checked once per
    process): the same bad body sent again is refused again, keys in another order too, and a
    body differing only in a value gets its own verdict."""
    url = f"{emu.base_url}/channels/{world.chan.id}/messages"
    auth = {"Authorization": f"Bot {emu.bot_token}"}
    async with aiohttp.ClientSession() as s:
        for body in ({"content": "x", "tts": "no"}, {"tts": "no", "content": "x"}):
            await s.post(url, json=body, headers=auth)
            (failure,) = emu.take_failures()
            assert failure.startswith("OPENAPI POST /channels/{channel_id}/messages"), failure
        await s.post(url, json={"content": "x", "tts": False}, headers=auth)
    assert emu.take_failures() == []


_ROW = {"type": 1, "components": [{"type": 2, "style": 1, "label": "Here", "custom_id": "a"}]}
_SELECT = {"type": 1, "components": [
    {"type": 3, "custom_id": "s", "options": [{"label": "Good", "value": "g"}]}
]}  # fmt: skip
_CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


@pytest.mark.parametrize(
    "route, body, wrong",
    [
        (_CALLBACK, {"type": 4, "data": {"content": "hi", "components": [_ROW, _SELECT]}}, None),
        (
            _CALLBACK,
            {
                "type": 9,
                "data": {
                    "custom_id": "m",
                    "title": "T",
                    "components": [
                        {
                            "type": 1,
                            "components": [{"type": 4, "custom_id": "t", "label": "L", "style": 1}],
                        }
                    ],
                },
            },
            None,
        ),  # fmt: skip
        (_CALLBACK, {"type": 7, "data": {"content": "x", "components": [_SELECT]}}, None),
        (_CALLBACK, {"type": 6}, None),
        (_CALLBACK, {"type": 99}, "<body>"),
        (
            _CALLBACK,
            {
                "type": 4,
                "data": {
                    "content": "hi",
                    "components": [
                        {
                            "type": 1,
                            "components": [
                                {"type": 2, "style": "blue", "label": "x", "custom_id": "a"}
                            ],
                        }
                    ],
                },
            },
            "data/components/0/components/0/style",
        ),  # fmt: skip
        ("/channels/{channel_id}/messages", {"content": "x", "components": [_ROW]}, None),
        (
            "/channels/{channel_id}/messages",
            {
                "content": "x",
                "components": [
                    {
                        "type": 1,
                        "components": [
                            {"type": 3, "custom_id": "s", "options": [{"label": 5, "value": "g"}]}
                        ],
                    }
                ],
            },
            "components/0/components/0",
        ),  # fmt: skip
    ],
)
def test_the_quick_verdict_on_nested_choices_is_jsonschemas(
    route: str, body: dict[str, Any], wrong: str | None
) -> None:
    """Valid bodies pass the quick check (each oneOf branch stopped at its first error); a wrong
    one deep in a oneOf is still refused, with jsonschema's own message naming where."""
    problems = OpenApiValidator.shared().validate("POST", route, body)
    if wrong is None:
        assert problems == []
    else:
        assert problems and problems[0].startswith(wrong), problems


async def test_unimplemented_route_fails_loudly(emu: Emulator, world: World) -> None:
    async with aiohttp.ClientSession() as s:
        resp = await s.get(
            f"{emu.base_url}/guilds/{world.guild.id}/bans",
            headers={"Authorization": f"Bot {emu.bot_token}"},
        )
        assert resp.status == 404
        assert "not implemented" in (await resp.json())["message"]
    assert emu.take_failures()[0].startswith("UNIMPLEMENTED GET /guilds/")


async def test_wrong_token_is_401(emu: Emulator, world: World) -> None:
    async with aiohttp.ClientSession() as s:
        resp = await s.get(f"{emu.base_url}/users/@me", headers={"Authorization": "Bot nope"})
        assert resp.status == 401


async def test_nonce_dedupes_creates(emu: Emulator, world: World, bot: TinyBot) -> None:
    channel = bot.text_channel(world.chan.id)
    first = await channel.send("reminder", nonce="session-42")
    second = await channel.send("reminder", nonce="session-42")
    assert first.id == second.id
    assert [m.content for m in world.chan.messages] == ["reminder"]
    assert emu.nonce_hits == 1
    third = await channel.send("reminder", nonce="session-43")
    assert third.id != first.id


async def test_a_nonce_is_the_authors_in_every_channel(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """As Discord does: a nonce already used by the same author in another channel returns that
    message and creates nothing (so one nonce for several recipients reaches the first only)."""
    first = await bot.text_channel(world.chan.id).send("hello", nonce="once")
    again = await bot.text_channel(world.other.id).send("hello", nonce="once")
    assert again.id == first.id  # (discord.py labels it with the channel it was sent to)
    assert world.other.messages == [] and emu.nonce_hits == 1


async def test_errors_in_callbacks_are_caught_by_fixture(
    emu: Emulator, world: World, bot: TinyBot, discord_errors: list[logging.LogRecord]
) -> None:
    """Sanity check of our own fixture: a logged discord ERROR is visible to the test."""
    logging.getLogger("discord.test").error("boom")
    assert [r.getMessage() for r in discord_errors] == ["boom"]
    discord_errors.clear()


async def test_view_channel_constant_matches_discord() -> None:
    assert discord.Permissions(VIEW_CHANNEL).view_channel
    assert discord.Permissions(MANAGE_EVENTS).manage_events
    assert discord.Permissions(CREATE_EVENTS).create_events
    assert discord.Permissions(PIN_MESSAGES).pin_messages
