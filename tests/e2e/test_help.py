"""/help and the welcome through the emulator: what the group is, this week, and whose commands."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.app import BalintBot
from bot.emulator.emulator import Emulator, InteractionResult
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group

LEADERS_ONLY = (
    "/schedule skip",
    "/attendance mark",
    "/rota group",
    "/group setup",
    "/draft review",
)
EVERYONE = ("/volunteer", "/absence", "/schedule show", "/draft new", "/privacy", "/rota me")


def fields(r: InteractionResult) -> dict[str, str]:
    return {f["name"]: f["value"] for f in r.embeds[0].get("fields", [])}


async def test_a_trainee_sees_this_week_first_then_their_commands_by_task(
    bot: BalintBot, world: World, group: Group
) -> None:
    r = await world.trainees[0].slash("help", in_channel=world.channel)
    assert r.ephemeral
    text = r.text
    description = r.embeds[0]["description"]
    # this week leads: when, the posts to come, how to bring a case, how to say you'll be away
    assert description.startswith("**Next session:"), description
    assert "*Who has a case?*" in text and "the agenda" in text
    assert "the check-in" in text and "late after 5 minutes" in text
    head = description.split("*A Balint group:*")[0]
    assert "`/volunteer`" in head and "`/draft new`" in head and "`/absence`" in head, head
    assert "Leading it" not in head
    # then what the group is
    assert "every **Thursday** at **09:00**" in description.split("*A Balint group:*")[1]
    # then the commands, grouped by task, never split into a "continued" field
    by_task = fields(r)
    assert "Bringing a case" in by_task and "Attendance and your record" in by_task
    assert "`/volunteer`" in by_task["Bringing a case"]
    assert "`/absence`" in by_task["Attendance and your record"]
    assert not any("continued" in name for name in by_task), list(by_task)
    assert "Leaders' commands" not in text and "*Leaders:*" not in text
    for command in EVERYONE:
        assert f"`{command}" in text, command
    for command in LEADERS_ONLY:
        assert f"`{command}`" not in text, command
    assert "`/help`" not in text


async def test_a_leader_sees_leaders_commands_beside_everyones_by_task(
    bot: BalintBot, world: World, group: Group
) -> None:
    r = await world.leader.slash("help", in_channel=world.channel)
    text = r.text
    assert "**Leading it:**" in r.embeds[0]["description"]
    by_task = fields(r)
    assert not any("continued" in name for name in by_task), list(by_task)
    for command in LEADERS_ONLY:
        assert any(f"`{command}`" in value.split("*Leaders:*")[-1] for value in by_task.values()), (
            command
        )
    for command in EVERYONE:
        assert f"`{command}" in text, command
    # everyone's come first in a field, the leaders' after them
    sessions = by_task["Sessions and the calendar"]
    assert sessions.index("`/schedule show`") < sessions.index("*Leaders:*")
    assert sessions.index("*Leaders:*") < sessions.index("`/schedule skip`")
    assert (
        "Feedback (leaders)" in by_task and "`/feedback results`" in by_task["Feedback (leaders)"]
    )
    assert "Leaders:" not in text.replace("*Leaders:*", ""), (
        "the descriptions' 'Leaders:' prefix is dropped under its heading"
    )
    # every command the bot has, once
    from cogs.help import _leaves

    names = [c.qualified_name for c in _leaves(bot.tree.get_commands()) if c.name != "help"]
    listed = "\n".join(by_task.values())
    for name in names:
        assert listed.count(f"`/{name}`") == 1, name


async def test_help_outside_a_group_and_for_someone_not_on_the_roster(
    bot: BalintBot, world: World, group: Group
) -> None:
    r = await world.trainees[0].slash("help", in_channel=world.general)
    assert r.ephemeral and "This channel has no Balint group" in r.text and "/group setup" in r.text
    r = await world.outsider.slash("help", in_channel=world.channel)
    assert "not on this group's roster" in r.text and "Leaders' commands" not in r.text


async def test_new_members_are_welcomed_privately_and_pointed_to_help(
    bot: BalintBot, world: World, group: Group, emulator: Emulator
) -> None:
    welcome = next(m for m in world.channel.messages if "is now home to" in m.text)
    assert "`/help`" in welcome.text
    newcomer = emulator.member(world.guild, "ivy")
    r = await world.leader.slash("group members add", member=newcomer, in_channel=world.channel)
    assert "ivy" in r.text or "on the roster" in r.text
    (dm,) = newcomer.inbox
    assert "Welcome to **Thursday Balint group**" in dm.text and "`/help`" in dm.text
    assert f"<#{world.channel.id}>" in dm.text
    closed = emulator.member(world.guild, "jo", dms_open=False)
    r = await world.leader.slash("group members add", member=closed, in_channel=world.channel)
    assert "could not be sent a welcome" in r.text and "/help" in r.text
    assert closed.inbox == []


async def test_help_lists_only_the_weeks_posts_still_to_come(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    """Set up on Tue 1 Sep for Thu 3 Sep: 'Who has a case?' (Mon 31 Aug 09:00) is already out,
    so /help does not list it at a date already past; the agenda (Wed 2 Sep) is still to come."""
    london = ZoneInfo("Europe/London")
    monday = int(datetime(2026, 8, 31, 9, 0, tzinfo=london).timestamp())
    wednesday = int(datetime(2026, 9, 2, 9, 0, tzinfo=london).timestamp())
    r = await world.trainees[0].slash("help", in_channel=world.channel)
    assert f"<t:{monday}:" not in r.text, r.text
    assert "*Who has a case?* is already in the channel" in r.text, r.text
    assert f"<t:{wednesday}:f>: the agenda" in r.text, r.text


async def test_help_and_privacy_say_no_word_twice_in_a_row(
    bot: BalintBot, world: World, group: Group
) -> None:
    """/privacy once kept a debrief note "until 24 hours hours after its session": the setting's
    "24 hours" was followed by the word again. Both statements, as a leader and a trainee see
    them, are read for a word said twice in a row."""
    doubled = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
    for who in (world.leader, world.trainees[0]):
        for command in ("privacy", "help"):
            r = await who.slash(command, in_channel=world.channel)
            said = " ".join(r.text.split())
            assert not doubled.search(said), (command, doubled.search(said))
    assert doubled.search("until 24 hours hours after")  # the check can fail
