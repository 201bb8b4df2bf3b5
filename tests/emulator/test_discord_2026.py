"""Rules where the emulator once differed from Discord as it is in 2026, each proven
against the emulator and citing the page of Discord's developer documentation it follows
(github.com/discord/discord-api-docs, developers/...)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import aiohttp
import discord
import pytest

from bot.emulator._model import (
    CREATE_EVENTS,
    EVERYONE_DEFAULT,
    MANAGE_EVENTS,
    MANAGE_MESSAGES,
    PIN_MESSAGES,
)
from bot.emulator.emulator import BOT_DEFAULT, Emulator, Guild
from tests.emulator.conftest import BotKit, TinyBot, World


async def call(emu: Emulator, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """One raw REST call as the bot (so discord.py's own checks do not intervene)."""
    async with aiohttp.ClientSession() as s:
        resp = await s.request(
            method,
            f"{emu.base_url}{path}",
            json=body,
            headers={"Authorization": f"Bot {emu.bot_token}"},
        )
        data = await resp.json() if resp.content_type == "application/json" else None
        return resp.status, data


def event_body(name: str = "Balint", hours: int = 24) -> dict[str, Any]:
    start = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
    return {
        "name": name,
        "privacy_level": 2,
        "scheduled_start_time": start.isoformat(),
        "scheduled_end_time": (start + dt.timedelta(hours=1)).isoformat(),
        "entity_type": 3,
        "entity_metadata": {"location": "Room 4"},
    }


# --- permissions split on 23 Feb 2026 (change-log 2025-11-24 "upcoming permission splits") ---


async def test_creating_an_event_needs_create_events_not_manage_events(
    emu: Emulator, world: World
) -> None:
    """resources/guild-scheduled-event.mdx, "Permissions for events with entity_type: EXTERNAL":
    create needs CREATE_EVENTS at guild level. Manage Events alone no longer creates."""
    guild = world.guild
    guild.everyone.set_permissions(EVERYONE_DEFAULT & ~CREATE_EVENTS)
    guild.set_bot_permissions((BOT_DEFAULT | MANAGE_EVENTS) & ~CREATE_EVENTS)
    status, data = await call(emu, "POST", f"/guilds/{guild.id}/scheduled-events", event_body())
    assert (status, data["code"]) == (403, 50013)
    assert guild.events == []
    guild.set_bot_permissions((BOT_DEFAULT | CREATE_EVENTS) & ~MANAGE_EVENTS)
    status, data = await call(emu, "POST", f"/guilds/{guild.id}/scheduled-events", event_body())
    assert status == 200 and [e.name for e in guild.events] == ["Balint"]


async def test_own_events_are_edited_with_either_permission_others_need_manage_events(
    emu: Emulator, world: World
) -> None:
    """Same page, "Modify/Delete Permissions": "If the event was created by the current user,
    either CREATE_EVENTS or MANAGE_EVENTS. Otherwise, MANAGE_EVENTS"."""
    guild = world.guild
    _, own = await call(emu, "POST", f"/guilds/{guild.id}/scheduled-events", event_body("Own"))
    _, theirs = await call(
        emu, "POST", f"/guilds/{guild.id}/scheduled-events", event_body("Theirs")
    )
    guild.scheduled_events[int(theirs["id"])].data["creator_id"] = str(world.alice.id)
    guild.everyone.set_permissions(EVERYONE_DEFAULT & ~CREATE_EVENTS)
    base = BOT_DEFAULT & ~(CREATE_EVENTS | MANAGE_EVENTS)
    cases = [
        (base | CREATE_EVENTS, own, 200),
        (base | MANAGE_EVENTS, own, 200),
        (base, own, 403),
        (base | CREATE_EVENTS, theirs, 403),
        (base | MANAGE_EVENTS, theirs, 200),
    ]
    for perms, event, expected in cases:
        guild.set_bot_permissions(perms)
        path = f"/guilds/{guild.id}/scheduled-events/{event['id']}"
        status, _ = await call(emu, "PATCH", path, {"description": f"perms {perms}"})
        assert status == expected, (perms, event["name"])
    guild.set_bot_permissions(base | CREATE_EVENTS)
    status, _ = await call(emu, "DELETE", f"/guilds/{guild.id}/scheduled-events/{own['id']}")
    assert status == 204


async def test_pinning_needs_pin_messages_manage_messages_is_not_enough(
    emu: Emulator, world: World
) -> None:
    """topics/permissions.mdx: PIN_MESSAGES (1 << 51) "Allows pinning and unpinning messages";
    since 23 Feb 2026 MANAGE_MESSAGES alone no longer pins."""
    chan = world.chan
    status, msg = await call(emu, "POST", f"/channels/{chan.id}/messages", {"content": "agenda"})
    assert status == 200
    chan.set_bot_permissions((BOT_DEFAULT | MANAGE_MESSAGES) & ~PIN_MESSAGES)
    status, data = await call(emu, "PUT", f"/channels/{chan.id}/messages/pins/{msg['id']}")
    assert (status, data["code"]) == (403, 50013) and chan.pins == []
    chan.set_bot_permissions((BOT_DEFAULT | PIN_MESSAGES) & ~MANAGE_MESSAGES)
    status, _ = await call(emu, "PUT", f"/channels/{chan.id}/messages/pins/{msg['id']}")
    assert status == 204 and [m.content for m in chan.pins] == ["agenda"]
    chan.set_bot_permissions((BOT_DEFAULT | MANAGE_MESSAGES) & ~PIN_MESSAGES)
    status, _ = await call(emu, "DELETE", f"/channels/{chan.id}/messages/pins/{msg['id']}")
    assert status == 403 and chan.pins


# --- scheduled events: the limit, and Discord's own changes by the clock ------------------------


async def test_at_most_100_scheduled_or_active_events_per_server(
    emu: Emulator, world: World
) -> None:
    """resources/guild-scheduled-event.mdx, Create Guild Scheduled Event: "A guild can have a
    maximum of 100 events with SCHEDULED or ACTIVE status at any time"; topics/opcodes-and-status-
    codes.mdx: 30038 "Maximum number of uncompleted guild scheduled events reached (100)"."""
    path = f"/guilds/{world.guild.id}/scheduled-events"
    made = []
    for i in range(100):
        status, data = await call(emu, "POST", path, event_body(f"S{i}", hours=24 + i))
        assert status == 200, data
        made.append(data)
    status, data = await call(emu, "POST", path, event_body("one too many"))
    assert (status, data["code"]) == (400, 30038)
    assert len(world.guild.events) == 100
    # a cancelled event no longer counts
    status, _ = await call(emu, "PATCH", f"{path}/{made[-1]['id']}", {"status": 4})
    assert status == 200
    status, _ = await call(emu, "POST", path, event_body("fits again"))
    assert status == 200


async def test_external_events_start_and_end_by_the_clock(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """Same page, "Guild Scheduled Event Status Update Automation": an EXTERNAL event "at its
    scheduled_start_time will automatically have status set to ACTIVE", and "at its
    scheduled_end_time ... COMPLETED"; the client hears each as GUILD_SCHEDULED_EVENT_UPDATE."""
    import time_machine

    _, data = await call(emu, "POST", f"/guilds/{world.guild.id}/scheduled-events", event_body())
    await emu.idle()
    dguild = bot.cached_guild(world.guild.id)
    event = world.guild.scheduled_events[int(data["id"])]
    assert event.end is not None
    seen = []
    with time_machine.travel(event.start + dt.timedelta(minutes=1), tick=True):
        emu.tick()
        await emu.idle()
        started = dguild.get_scheduled_event(event.id)
        assert started is not None
        seen.append(started.status)
    with time_machine.travel(event.end + dt.timedelta(minutes=1), tick=True):
        emu.tick()
        await emu.idle()
        ended = dguild.get_scheduled_event(event.id)
        assert ended is not None
        seen.append(ended.status)
    assert seen == [discord.EventStatus.active, discord.EventStatus.completed]
    # completed: no longer counts, and no longer editable (a finished event is final)
    status, data = await call(
        emu, "PATCH", f"/guilds/{world.guild.id}/scheduled-events/{event.id}", {"name": "x"}
    )
    assert status == 400


async def test_a_jump_past_start_and_end_sends_both_changes_in_order(
    emu: Emulator, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time_machine

    _, data = await call(emu, "POST", f"/guilds/{world.guild.id}/scheduled-events", event_body())
    event = world.guild.scheduled_events[int(data["id"])]
    assert event.end is not None
    sent: list[int] = []
    real = emu.dispatch_guild

    def dispatch_guild(g: Guild, name: str, d: dict[str, Any]) -> None:
        sent.append(d["status"])
        real(g, name, d)

    monkeypatch.setattr(emu, "dispatch_guild", dispatch_guild)
    with time_machine.travel(event.end + dt.timedelta(days=1)):
        status, _ = await call(emu, "GET", f"/guilds/{world.guild.id}/scheduled-events")
    assert status == 200 and sent == [2, 3] and event.status == 3


async def test_a_voice_event_never_started_is_cancelled_hours_later(
    emu: Emulator, world: World
) -> None:
    """Same page: "Any scheduled event which has not begun after its scheduled start time will be
    automatically cancelled after a few hours" (the emulator: 3 hours)."""
    import time_machine

    from bot.emulator._rest import new_event

    voice = world.guild.create_text_channel("voice")
    voice.type = 2
    body = event_body() | {"entity_type": 2, "channel_id": str(voice.id), "entity_metadata": None}
    event = new_event(emu, world.guild, body)
    with time_machine.travel(event.start + dt.timedelta(hours=1)):
        emu.tick()
        assert event.status == 1  # voice events wait for someone to start them
    with time_machine.travel(event.start + dt.timedelta(hours=3, minutes=1)):
        emu.tick()
        assert event.status == 4


# --- interaction tokens live 15 minutes; "thinking…" too long is the tests' own check -----------


async def test_a_deferred_answer_may_come_any_time_in_the_tokens_15_minutes(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """interactions/receiving-and-responding.mdx: "Interaction tokens are valid for 15 minutes
    and can be used to send followup messages"; only the initial response has 3 seconds."""
    import time_machine

    emu.interaction_checks.clear()  # this test means to leave before the answer
    r = await world.alice.slash("slowwork", timeout=0.2)
    assert r.thinking and emu.failures == []
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=14), tick=True):
        bot.release.set()
        await emu.wait_for_message(lambda m: m.text == "done at last")
    assert not r.thinking and r.text == "done at last"
    assert getattr(bot, "late_followup_error", None) is None


async def test_after_15_minutes_the_token_is_refused_with_401_50027(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """The same page; after the window every use of the token answers 401 Invalid Webhook Token
    (topics/opcodes-and-status-codes.mdx, 50027; discord-api-docs issue 6851)."""
    import time_machine

    emu.interaction_checks.clear()
    r = await world.alice.slash("slowwork", timeout=0.2)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15, seconds=1)):
        bot.release.set()
        await emu.wait_for_request(lambda q: q.status == 401)
        await emu.idle()
    assert r.thinking and r.text == ""
    error = bot.late_followup_error
    assert (error.status, error.code) == (401, 50027)
    assert emu.failures == [] and any("Invalid Webhook Token" in n for n in emu.notes)


async def test_thinking_too_long_is_a_test_side_check_not_a_discord_failure(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """The fixtures' no_long_thinking fails a call whose person left still seeing "thinking…";
    the emulator records nothing, as Discord would not."""
    from bot.emulator.emulator import StillThinking

    with pytest.raises(StillThinking, match="saw 'thinking…' for 0.[0-9] s"):
        await world.alice.slash("slowwork", timeout=0.3)
    assert emu.failures == []
    bot.release.set()
    await emu.wait_for_message(lambda m: m.text == "done at last")
    r = await world.alice.slash("slowdefer")  # answered in time: the check passes
    assert not r.thinking and 0 < r.thinking_seconds < 3


# --- nonces: "the past few minutes", on the emulator's clock; never stored with the message -----


async def test_a_nonce_dedupes_only_for_a_few_minutes_of_the_emulators_clock(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """resources/message.mdx, Create Message, enforce_nonce: "checked for uniqueness in the past
    few minutes" (the emulator: 2 minutes of its clock, which time-machine moves)."""
    import time_machine

    channel = bot.text_channel(world.chan.id)
    first = await channel.send("reminder", nonce="session-7")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=100), tick=True):
        again = await channel.send("reminder", nonce="session-7")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=3), tick=True):
        later = await channel.send("reminder", nonce="session-7")
    assert again.id == first.id and later.id != first.id
    assert [m.content for m in world.chan.messages] == ["reminder", "reminder"]


async def test_a_nonce_is_not_given_back_with_a_fetched_message(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """The nonce comes back in the create response and MESSAGE_CREATE only; Discord does not
    store it (discord.py issue 2451), so fetching a message later shows none."""
    channel = bot.text_channel(world.chan.id)
    sent = await channel.send("agenda", nonce="n-1")
    assert sent.nonce == "n-1"
    assert (await channel.fetch_message(sent.id)).nonce is None
    assert [m.nonce async for m in channel.history()] == [None]


async def test_listing_messages_without_read_message_history_is_200_and_empty(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """resources/message.mdx, Get Channel Messages: "If the current user is missing the
    READ_MESSAGE_HISTORY permission in the channel, then no messages will be returned" (and
    likewise no pins)."""
    from bot.emulator._model import READ_MESSAGE_HISTORY

    _, msg = await call(emu, "POST", f"/channels/{world.chan.id}/messages", {"content": "hi"})
    await call(emu, "PUT", f"/channels/{world.chan.id}/messages/pins/{msg['id']}")
    world.chan.set_bot_permissions(BOT_DEFAULT & ~READ_MESSAGE_HISTORY)
    assert await call(emu, "GET", f"/channels/{world.chan.id}/messages") == (200, [])
    status, pins = await call(emu, "GET", f"/channels/{world.chan.id}/messages/pins")
    assert status == 200 and pins["items"] == []
    status, _ = await call(emu, "GET", f"/channels/{world.chan.id}/messages/{msg['id']}")
    assert status == 403  # one message by id still needs the permission (Get Channel Message)


# --- uploads: 10 MiB a file, 25 MiB a request ----------------------------------------------------


async def test_a_file_over_10_mib_or_a_request_over_25_mib_is_refused_with_413(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """reference.mdx, Uploading Files: "The default limit is 10 MiB" for each file (change log:
    from 16 Jan 2025, also for webhooks and interaction responses); resources/message.mdx, Create
    Message: "The maximum request size when sending a message is 25 MiB"."""
    import io

    mib = 1024 * 1024
    channel = bot.text_channel(world.chan.id)
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(file=discord.File(io.BytesIO(b"x" * (10 * mib + 1)), "big.zip"))
    assert (refused.value.status, refused.value.code) == (413, 40005)
    three = [discord.File(io.BytesIO(b"x" * (9 * mib)), f"part{i}.zip") for i in range(3)]
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(files=three)
    assert refused.value.status == 413 and world.chan.messages == []
    two = [discord.File(io.BytesIO(b"x" * (10 * mib)), f"part{i}.zip") for i in range(2)]
    sent = await channel.send(files=two)  # exactly 10 MiB each, 20 MiB together: accepted
    assert [a.size for a in sent.attachments] == [10 * mib, 10 * mib]


# --- members at start-up: without presences, the client asks (op 8) -----------------------------


async def gateway(emu: Emulator, intents: int) -> tuple[Any, Any]:
    """A raw client: IDENTIFY with ``intents``; returns its socket and HTTP session."""
    http = aiohttp.ClientSession()
    ws = await http.ws_connect(emu.gateway_url)
    await ws.receive_json()  # HELLO
    await ws.send_json({"op": 2, "d": {"token": emu.bot_token, "intents": intents}})
    await emu.wait_until_connected()
    return ws, http


async def frames(ws: Any, until: str) -> list[dict[str, Any]]:
    """Dispatches up to and including the first ``until`` event."""
    got = []
    while True:
        msg = await ws.receive_json(timeout=5)
        if msg.get("op") == 0:
            got.append(msg)
            if msg["t"] == until:
                return got


async def test_without_presences_guild_create_carries_only_the_bot(
    emu: Emulator, world: World
) -> None:
    """events/gateway-events.mdx, Request Guild Members: "if you don't have the GUILD_PRESENCES
    Gateway Intent ... it will only send members who are in voice, plus the member for you";
    member_count still tells the client how many there are."""
    ws, http = await gateway(emu, 1 | 2)  # GUILDS, GUILD_MEMBERS
    try:
        (create,) = [f["d"] for f in await frames(ws, "GUILD_CREATE") if f["t"] == "GUILD_CREATE"]
        assert [m["user"]["id"] for m in create["members"]] == [str(emu.bot_user_id)]
        assert create["member_count"] == len(world.guild.members) == 3
    finally:
        await ws.close()
        await http.close()


async def test_all_members_come_in_chunks_once_per_30_seconds_else_rate_limited(
    emu: Emulator, world: World
) -> None:
    """The same section: chunks "with up to 1000 members per chunk"; change log "Introducing
    Rate Limit When Requesting All Guild Members": "1 request per guild per bot every 30
    seconds", answered with a RATE_LIMITED event (events/gateway-events.mdx, Rate Limited)."""
    import time_machine

    for n in range(1500):
        emu.member(world.guild, f"trainee-{n}")
    ws, http = await gateway(emu, 1 | 2)
    ask: dict[str, Any] = {"op": 8, "d": {"guild_id": str(world.guild.id), "query": "", "limit": 0}}
    try:
        await frames(ws, "GUILD_CREATE")
        await ws.send_json(ask | {"d": ask["d"] | {"nonce": "first"}})
        chunks = [f["d"] for f in await frames(ws, "GUILD_MEMBERS_CHUNK")]
        chunks += [f["d"] for f in await frames(ws, "GUILD_MEMBERS_CHUNK")]
        assert [(c["chunk_index"], c["chunk_count"], len(c["members"])) for c in chunks] == [
            (0, 2, 1000),
            (1, 2, 503),
        ]
        await ws.send_json(ask | {"d": ask["d"] | {"nonce": "again"}})
        (limited,) = [f["d"] for f in await frames(ws, "RATE_LIMITED")]
        assert limited["opcode"] == 8 and 25 < limited["retry_after"] <= 30
        assert limited["meta"] == {"guild_id": str(world.guild.id), "nonce": "again"}
        with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=31), tick=True):
            await ws.send_json(ask)
            (chunk,) = [f["d"] for f in await frames(ws, "GUILD_MEMBERS_CHUNK")]
            assert chunk["chunk_count"] == 2
    finally:
        await ws.close()
        await http.close()


async def test_a_query_or_user_ids_return_at_most_100_members(emu: Emulator, world: World) -> None:
    """The same section: "Requesting a prefix (query parameter) will return a maximum of 100
    members"; "Requesting user_ids will continue to be limited to returning 100 members"."""
    sims = [emu.member(world.guild, f"trainee-{n}") for n in range(150)]
    ws, http = await gateway(emu, 1 | 2)
    guild = str(world.guild.id)
    try:
        await frames(ws, "GUILD_CREATE")
        await ws.send_json({"op": 8, "d": {"guild_id": guild, "query": "trainee", "limit": 500}})
        (chunk,) = [f["d"] for f in await frames(ws, "GUILD_MEMBERS_CHUNK")]
        assert len(chunk["members"]) == 100
        ids = [str(s.id) for s in sims[:120]]
        await ws.send_json({"op": 8, "d": {"guild_id": guild, "user_ids": ids + ["1"]}})
        (chunk,) = [f["d"] for f in await frames(ws, "GUILD_MEMBERS_CHUNK")]
        assert len(chunk["members"]) == 100
    finally:
        await ws.close()
        await http.close()


async def test_discord_py_fills_its_member_cache_by_asking(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """discord.py (chunk_guilds_at_startup) requests the members GUILD_CREATE left out, so
    role.members is whole once it is ready."""
    dguild = bot.cached_guild(world.guild.id)
    assert dguild.chunked and len(dguild.members) == 3
    role = dguild.get_role(world.role.id)
    assert role is not None and [m.name for m in role.members] == ["alice"]


# --- more of Discord's 2026 limits ---------------------------------------------------------------


async def test_a_dm_to_someone_who_shares_no_server_is_refused_50007(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """topics/opcodes-and-status-codes.mdx, 50007 "Cannot send messages to this user": a bot
    can message only people it shares a server with."""
    bob = await bot.fetch_user(world.bob.id)
    await bob.send("while you are here")
    emu.remove_member(world.bob)
    await emu.idle()
    with pytest.raises(discord.Forbidden) as refused:
        await bob.send("after you left")
    assert refused.value.code == 50007
    assert [m.content for m in world.bob.inbox] == ["while you are here"]


async def test_allowed_mentions_parse_governs_users_and_roles_too(
    emu: Emulator, world: World
) -> None:
    """resources/message.mdx, Allowed Mentions: regular messages parse users, roles and everyone
    by default; ``parse`` lists what is parsed; ``users`` / ``roles`` allow those ids alone."""
    text = f"{world.alice.mention} {world.role.mention} @everyone"
    path = f"/channels/{world.chan.id}/messages"
    cases: list[tuple[dict[str, list[str]] | None, list[str], list[str], bool]] = [
        (None, [str(world.alice.id)], [str(world.role.id)], True),
        ({"parse": []}, [], [], False),
        ({"parse": ["users"]}, [str(world.alice.id)], [], False),
        ({"parse": [], "roles": [str(world.role.id)]}, [], [str(world.role.id)], False),
    ]
    for allowed, users, roles, everyone in cases:
        body: dict[str, Any] = {"content": text}
        if allowed is not None:
            body["allowed_mentions"] = allowed
        status, msg = await call(emu, "POST", path, body)
        assert status == 200
        got = ([u["id"] for u in msg["mentions"]], msg["mention_roles"], msg["mention_everyone"])
        assert got == (users, roles, everyone), allowed


async def test_an_interactions_answer_parses_only_users_by_default(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """The same section: "In interactions and webhooks, only user mentions are parsed"."""
    channel = world.chan
    r = await world.alice.slash("post", channel=channel, text=world.role.mention)
    public = [m for m in channel.messages if not m.ephemeral]
    assert r.text == "posted" and public[-1].mention_roles == [world.role.id]
    r = await world.alice.slash("hello", name="hi")
    assert r.message is not None
    assert r.message.mention_roles == [] and r.message.mentions == []


async def test_embed_limits_count_trimmed_text(emu: Emulator, world: World) -> None:
    """resources/message.mdx, Embed Limits: "Leading and trailing whitespace characters are not
    included (they are trimmed automatically)"."""
    path = f"/channels/{world.chan.id}/messages"
    padded = {"embeds": [{"fields": [{"name": "n", "value": "x" * 1024 + "   \n"}]}]}
    assert (await call(emu, "POST", path, padded))[0] == 200
    blank = {"embeds": [{"fields": [{"name": "n", "value": "   "}]}]}
    status, data = await call(emu, "POST", path, blank)
    assert (status, data["code"]) == (400, 50035)
    emu.take_failures()  # the OpenAPI check does not know the trimming rule


async def test_an_autocomplete_choice_value_over_100_characters_is_refused(
    emu: Emulator, world: World, bot: TinyBot, discord_errors: list[logging.LogRecord]
) -> None:
    """interactions/application-commands.mdx, Application Command Option Choice: "Value for the
    choice, up to 100 characters if string"."""
    from bot.emulator.emulator import InteractionFailed

    with pytest.raises(InteractionFailed, match="refused"):
        await world.alice.autocomplete("longchoice", "pick")
    assert any("autocomplete choice 0 too long" in f for f in emu.take_failures())
    await emu.idle()
    error = discord_errors.pop()
    assert error.exc_text is not None and "error code: 50035" in error.exc_text


async def test_bulk_delete_refuses_messages_over_two_weeks_and_sends_one_event(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    """resources/message.mdx, Bulk Delete Messages: "will not delete messages older than 2
    weeks" (50034 "A message provided was too old to bulk delete"), "Fires a Message Delete
    Bulk Gateway event"."""
    import time_machine

    path = f"/channels/{world.chan.id}/messages"
    old = [(await call(emu, "POST", path, {"content": f"old {i}"}))[1]["id"] for i in range(2)]
    seen: list[discord.RawBulkMessageDeleteEvent] = []

    async def on_raw_bulk_message_delete(event: discord.RawBulkMessageDeleteEvent) -> None:
        seen.append(event)

    bot.add_listener(on_raw_bulk_message_delete)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=15), tick=True):
        new = [(await call(emu, "POST", path, {"content": f"new {i}"}))[1]["id"] for i in range(2)]
        status, data = await call(emu, "POST", f"{path}/bulk-delete", {"messages": old + new})
        assert (status, data["code"]) == (400, 50034)
        status, data = await call(emu, "POST", f"{path}/bulk-delete", {"messages": new + new})
        assert status == 400
        emu.take_failures()  # the OpenAPI description says so too
        status, _ = await call(emu, "POST", f"{path}/bulk-delete", {"messages": new})
        assert status == 204
        await emu.idle()
    assert [m.content for m in world.chan.messages] == ["old 0", "old 1"]
    assert len(seen) == 1 and seen[0].message_ids == {int(i) for i in new}


async def test_a_wrong_token_is_closed_with_4004_at_once(emu: Emulator, world: World) -> None:
    """topics/opcodes-and-status-codes.mdx, Gateway Close Event Codes: 4004 "Authentication
    failed", not reconnectable; Discord closes, it sends no INVALID_SESSION first."""
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(emu.gateway_url)
        await ws.receive_json()  # HELLO
        await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 1}})
        msg = await ws.receive(timeout=5)
        assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 4004
    assert emu.take_failures() == ["GATEWAY IDENTIFY: wrong token (close 4004)"]


async def test_a_privileged_intent_not_enabled_in_the_portal_closes_4014(
    emu: Emulator, world: World, botkit: BotKit
) -> None:
    """The same table: 4014 "Disallowed intent(s)" (events/gateway.mdx, Privileged Intents);
    discord.py raises PrivilegedIntentsRequired."""
    emu.portal_intents = 0  # Server Members Intent off in the Developer Portal
    client = botkit.make_bot()
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with botkit.running(emu, client):
            pass
    assert any("close 4014" in n for n in emu.notes)
