"""Every command finds its group where people use it: the group's channel, its leaders' channel,
and a DM for someone in exactly one group; where it is ambiguous, the answer lists the groups.

Each command of the bot's own tree is run (so a new command is covered without anyone adding it
here), with its required options filled in, and no answer may say there is no group.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app import BalintBot
from bot.emulator.emulator import Channel, Emulator, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from cogs.help import _leaves

NO_GROUP = (
    "no Balint group",
    "has no group",
    "not in any Balint group",
    "cannot tell which one you mean",
    "set one up here",
    "set a group up here",
)
SKIPPED = {"help"}  # /help answers with or without a group; tested below on its own


def _value(param: app_commands.Parameter, world: World) -> Any:
    """A plausible value for a required option, as a person would type or pick it."""
    if param.choices:
        return param.choices[0].value
    kind = param.type
    if kind is discord.AppCommandOptionType.user:
        return world.trainees[-1]
    if kind is discord.AppCommandOptionType.channel:
        return world.channel
    if kind is discord.AppCommandOptionType.role:
        return world.leader_role
    if kind is discord.AppCommandOptionType.integer:
        return 3
    return {
        "session": "next",
        "date": "2026-09-17",
        "new_date_time": "2026-09-18 09:00",
        "start_date": "2027-09-02",
        "end_date": "2028-07-27",
        "start_time": "09:00",
        "code": "ABCD-EFGH-JKMN",
        "reason": "On call",
        "name": "Another group",
    }.get(param.name, "next")


def _commands(bot: BalintBot, *, in_dm: bool) -> list[app_commands.Command[Any, ..., Any]]:
    return [
        c
        for c in _leaves(bot.tree.get_commands())
        if c.qualified_name not in SKIPPED and not (in_dm and c.guild_only)
    ]


async def _run_all(
    person: SimMember, bot: BalintBot, world: World, clock: Clock, where: Channel, *, in_dm: bool
) -> list[str]:
    wrong = []
    for command in _commands(bot, in_dm=in_dm):
        options = {p.name: _value(p, world) for p in command.parameters if p.required}
        r = await person.slash(command.qualified_name, in_channel=where, **options)
        if r.thinking:  # its answer follows (a chart or a PDF drawn off the event loop)
            await clock.settle()
        assert r.response_type is not None, f"/{command.qualified_name} was not answered"
        said = r.text.lower()
        if any(phrase.lower() in said for phrase in NO_GROUP):
            wrong.append(f"/{command.qualified_name}: {r.text}")
    return wrong


async def test_every_command_finds_the_group_from_its_leaders_channel(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    wrong = await _run_all(world.leader, bot, world, clock, world.leaders_channel, in_dm=False)
    assert not wrong, "\n".join(wrong)


async def test_every_command_finds_a_leaders_one_group_from_a_dm(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    wrong = await _run_all(world.leader, bot, world, clock, world.leader.dm_channel, in_dm=True)
    assert not wrong, "\n".join(wrong)


async def test_every_command_finds_a_trainees_one_group_from_a_dm(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    trainee = world.trainees[0]
    wrong = await _run_all(trainee, bot, world, clock, trainee.dm_channel, in_dm=True)
    assert not wrong, "\n".join(wrong)


async def test_leaders_commands_answer_in_the_leaders_channel(
    bot: BalintBot, world: World, group: Group
) -> None:
    """/draft review, /rota group and /help there answer about the group, not 'set one up here'."""
    r = await world.leader.slash("draft review", in_channel=world.leaders_channel)
    assert "draft" in r.text.lower() and "/group setup" not in r.text, r.text
    r = await world.leader.slash("rota group", in_channel=world.leaders_channel)
    assert "Rota of Thursday Balint group" in r.text, r.text
    r = await world.leader.slash("help", in_channel=world.leaders_channel)
    assert r.embeds[0]["title"] == "Thursday Balint group", r.embeds
    # autocomplete of a session option works there too
    choices = await world.leader.autocomplete(
        "presenter set", "session", in_channel=world.leaders_channel, member=world.trainees[0]
    )
    assert choices and "(next)" in choices[0]["name"], choices


async def test_a_leader_by_role_alone_is_found_in_a_dm(
    bot: BalintBot, world: World, group: Group, emulator: Emulator
) -> None:
    """Not on the roster, but holding the group's leader role: still their group in a DM."""
    newcomer = emulator.member(world.guild, "dr-new", roles=[world.leader_role])
    r = await newcomer.slash("rota group", in_channel=newcomer.dm_channel)
    assert "Rota of Thursday Balint group" in r.text, r.text


async def test_someone_in_two_groups_is_shown_both_and_where_to_type(
    bot: BalintBot, world: World, group: Group, emulator: Emulator
) -> None:
    second = world.guild.create_text_channel("balint-monday")
    r = await world.admin.slash(
        "group setup",
        channel=second,
        name="Monday Balint group",
        weekday=0,
        start_time="13:00",
        start_date="2026-09-01",
        end_date="2027-07-31",
        leader_role=world.leader_role,
        leaders_channel=world.leaders_channel,
        in_channel=second,
    )
    assert "Group set up" in r.text, r.text
    r = await world.leader.slash("rota group", in_channel=world.leader.dm_channel)
    assert "You are in 2 groups" in r.text and "/rota group" in r.text, r.text
    assert f"<#{world.channel.id}>" in r.text and f"<#{second.id}>" in r.text, r.text
    r = await world.leader.slash("rota group", in_channel=world.leaders_channel)
    assert "This leaders' channel serves 2 groups" in r.text, r.text
    assert "Monday Balint group" in r.text and "Thursday Balint group" in r.text
    # each group's own channel still means that group
    r = await world.leader.slash("rota group", in_channel=second)
    assert "Rota of Monday Balint group" in r.text, r.text
    # /help says the same instead of 'this channel has no group'
    r = await world.leader.slash("help", in_channel=world.leader.dm_channel)
    assert "You are in 2 groups" in r.text and "has no group" not in r.text, r.text


async def test_a_channel_with_no_group_still_says_so(
    bot: BalintBot, world: World, group: Group
) -> None:
    r = await world.leader.slash("rota group", in_channel=world.general)
    assert "This channel has no Balint group" in r.text and "leaders' channel" in r.text, r.text
