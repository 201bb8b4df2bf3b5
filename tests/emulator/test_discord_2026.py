"""Rules where the emulator once differed from Discord as it is in 2026 (issue 25), each proven
against the emulator and citing the page of Discord's developer documentation it follows
(github.com/discord/discord-api-docs, developers/...)."""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.emulator._model import (
    CREATE_EVENTS,
    EVERYONE_DEFAULT,
    MANAGE_EVENTS,
    MANAGE_MESSAGES,
    PIN_MESSAGES,
)
from bot.emulator.emulator import BOT_DEFAULT, Emulator


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
    import datetime as dt

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


async def test_creating_an_event_needs_create_events_not_manage_events(emu, world) -> None:
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
    emu, world
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


async def test_pinning_needs_pin_messages_manage_messages_is_not_enough(emu, world) -> None:
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
