"""Interactions end to end: slash commands, options, buttons, selects, modals, defers, followups."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest

from bot.emulator.emulator import ComponentNotFound, Emulator, InvalidCommand
from tests.emulator.conftest import TinyBot, World


async def test_slash_command_round_trip(emu: Emulator, world: World, bot: TinyBot) -> None:
    r = await world.alice.slash("hello", name="Ann")
    assert r.content == "hello Ann"
    assert not r.ephemeral
    assert r.response_type == 4
    assert world.chan.messages[-1].content == "hello Ann"
    assert emu.command_syncs == 1


async def test_subcommand_with_channel_member_and_role_options(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    r = await world.alice.slash(
        "group setup", channel=world.other, name="Thursday", leader=world.bob, role=world.role
    )
    assert r.content == "Thursday in #announcements led by bob role Balint leaders"


async def test_choices_accept_value_or_name_and_defaults(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    assert (await world.alice.slash("count", n=2)).content == "2 cases"
    assert (await world.alice.slash("count", n=3, kind="Sessions")).content == "3 sessions"


@pytest.mark.parametrize(
    ("command", "options", "why"),
    [
        ("count", {"n": 6}, "above max_value"),
        ("count", {"n": 0}, "below min_value"),
        ("count", {"n": "2"}, "expected a number"),
        ("count", {"n": 2.5}, "expected an integer"),
        ("count", {}, "required option 'n'"),
        ("count", {"n": 1, "kind": "weeks"}, "is not one of"),
        ("count", {"n": 1, "colour": "x"}, "unknown option"),
        ("hello", {"name": "x" * 11}, "longer than max_length"),
        ("hello", {"name": ""}, "shorter than min_length"),
        ("nope", {}, "not a synced command"),
        ("group", {}, "pick a subcommand"),
        ("group setup", {"channel": "general", "name": "x"}, "cannot pass"),
    ],
)
async def test_client_refuses_bad_options(
    emu: Emulator, world: World, bot: TinyBot, command: str, options: dict[str, Any], why: str
) -> None:
    with pytest.raises(InvalidCommand, match=why):
        await world.alice.slash(command, **options)
    assert not any(r.route.endswith("/callback") for r in emu.requests)


async def test_default_member_permissions_hide_command(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    assert (await world.alice.slash("admin")).content == "admin ok"  # alice has manage_guild
    with pytest.raises(InvalidCommand, match="lacks"):
        await world.bob.slash("admin")


async def test_autocomplete(emu: Emulator, world: World, bot: TinyBot) -> None:
    choices = await world.alice.autocomplete("colour", "colour", colour="gr")
    assert [c["value"] for c in choices] == ["green"]
    assert (await world.alice.slash("colour", colour="green")).content == "colour green"


async def test_button_edits_message_and_ephemeral_reply(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    posted = await world.alice.slash("buttons")
    assert posted.buttons == ["I'm here", "Details", "Reflect"]
    r = await world.bob.click("I'm here")
    assert r.response_type == 7
    assert r.content == "bob is here"
    assert posted.message is not None and posted.message.content == "bob is here"
    d = await world.bob.click("Details", message=posted)
    assert d.ephemeral and d.content == "details for you"
    assert d.message in world.bob.visible_messages(world.chan)
    assert d.message not in world.alice.visible_messages(world.chan)


async def test_select(emu: Emulator, world: World, bot: TinyBot) -> None:
    await world.alice.slash("buttons")
    r = await world.alice.select("How was it?", ["hard"])
    assert r.content == "mood hard"
    with pytest.raises(InvalidCommand, match="not an option"):
        await world.alice.select("attend:mood", ["meh"])


async def test_click_unknown_button(emu: Emulator, world: World, bot: TinyBot) -> None:
    await world.alice.slash("hello", name="x")
    with pytest.raises(ComponentNotFound):
        await world.alice.click("Nope")


async def test_modal_from_command_and_from_button(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    r = await world.alice.slash("form")
    assert r.response_type == 9 and r.modal is not None and r.modal["title"] == "Reflection"
    s = await world.alice.submit_modal({"What stayed with you?": "the silence"})
    assert s.ephemeral and s.content == "noted: the silence / -"
    await world.alice.slash("buttons")
    await world.bob.click("Reflect")
    s2 = await world.bob.submit_modal({"reflection": "x", "extra": "y"})
    assert s2.content == "noted: x / y"


async def test_modal_refuses_missing_required_and_too_long(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    await world.alice.slash("form")
    with pytest.raises(InvalidCommand, match="required"):
        await world.alice.submit_modal({"extra": "only optional"})
    with pytest.raises(InvalidCommand, match="longer than 200"):
        await world.alice.submit_modal({"reflection": "x" * 201})


async def test_deferred_then_followups(emu: Emulator, world: World, bot: TinyBot) -> None:
    r = await world.alice.slash("slowdefer")
    assert r.deferred
    await emu.idle()
    assert [m.content for m in r.messages] == ["done after defer", "and a second followup"]
    assert not r.messages[0].loading
    assert r.messages[1].ephemeral
    assert "done after defer" in r.text


async def test_deferred_ephemeral_then_edit_original(
    emu: Emulator, world: World, bot: TinyBot
) -> None:
    r = await world.alice.slash("deferedit")
    assert r.content == "edited original" and r.ephemeral


async def test_files_and_embeds(emu: Emulator, world: World, bot: TinyBot) -> None:
    r = await world.alice.slash("report")
    assert r.files == [("report.csv", b"a,b\n1,2\n")]
    assert r.embeds[0]["title"] == "Report"
    assert "Sessions: 3" in r.text


async def test_dm_with_button_in_inbox(emu: Emulator, world: World, bot: TinyBot) -> None:
    r = await world.alice.slash("dmme")
    assert r.ephemeral
    await emu.idle()
    assert [m.content for m in world.alice.inbox] == ["private note"]
    clicked = await world.alice.click("Details")
    assert clicked.content == "details for you"


async def test_refused_response_fails_fast(
    emu: Emulator, world: World, bot: TinyBot, discord_errors: list[logging.LogRecord]
) -> None:
    start = time.monotonic()
    with pytest.raises(AssertionError, match="refused.*50035"):
        await world.alice.slash("toolong")
    assert time.monotonic() - start < 1.0
    await emu.idle()
    assert discord_errors  # discord.py logged the HTTPException from the command
    discord_errors.clear()
    emu.take_failures()


async def test_slash_in_dm(emu: Emulator, world: World, bot: TinyBot) -> None:
    r = await world.bob.slash("hello", name="dm", in_channel=world.bob.dm_channel)
    assert r.content == "hello dm"
    assert r.message in world.bob.inbox
    with pytest.raises(InvalidCommand, match="not available in DMs"):
        await world.alice.slash("admin", in_channel=world.alice.dm_channel)


async def test_concurrent_interactions(emu: Emulator, world: World, bot: TinyBot) -> None:
    import asyncio

    results = await asyncio.gather(*(world.alice.slash("count", n=1 + i % 5) for i in range(30)))
    assert [r.content for r in results] == [f"{1 + i % 5} cases" for i in range(30)]


async def test_user_select_resolves_members(emu: Emulator, world: World, bot: TinyBot) -> None:
    await world.alice.slash("presenters")
    r = await world.alice.select("Who presents?", [world.alice, world.bob])
    assert r.content == "presenting: alice, bob"


async def test_wait_for_message(emu: Emulator, world: World, bot: TinyBot) -> None:
    import asyncio

    channel = bot.text_channel(world.chan.id)
    waiter = asyncio.create_task(emu.wait_for_message(lambda m: "later" in m.content))
    await channel.send("first")
    await channel.send("later on")
    msg = await waiter
    assert msg.content == "later on"
    again = await emu.wait_for_message(lambda m: m.content == "first", include_existing=True)
    assert again.content == "first"
