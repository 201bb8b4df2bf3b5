"""The leaders' channel after set-up. When the bot is later shut out of it (its role's View
Channel taken away, the channel deleted), its notices for the leaders come to them by private
message: they are told why and what to do, once (not with every notice), again only if it
happens again, and /group show says it whenever a leader looks."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import BalintBot
from bot.emulator._model import VIEW_CHANNEL
from bot.emulator.emulator import Emulator, Message, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group

SHUT = "I can no longer post in"
WHO = "Who presented on"  # the leaders' prompt at the end of each session
# the week's sessions: Thursdays 09:00 London (08:00 UTC), 75 minutes
AFTER = [datetime(2026, 9, day, 9, 20, tzinfo=UTC) for day in (3, 10, 17)]


def shut_notices(leader: SimMember) -> list[Message]:
    return [m for m in leader.inbox if SHUT in m.text]


async def test_shut_out_of_the_leaders_channel_the_leaders_are_told_why_once(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    channel = world.leaders_channel
    leaders = (world.leader, world.coleader)
    # someone takes the bot's role off the private channel's allowed list
    channel.set_member_overwrite(world.guild.bot_role)
    await clock.move_to(AFTER[0])
    for leader in leaders:
        told = shut_notices(leader)
        assert len(told) == 1, [m.text[:60] for m in leader.inbox]
        assert channel.mention in told[0].text and "View Channel" in told[0].text
        alerts = [m for m in leader.inbox if WHO in m.text]
        assert alerts and told[0].id < alerts[0].id  # the why before the first notice it explains
    show = await world.leader.slash("group show", in_channel=world.channel)
    assert SHUT in show.text and channel.mention in show.text, show.text
    show = await world.trainee("alice").slash("group show", in_channel=world.channel)
    assert SHUT not in show.text and channel.mention not in show.text

    # let back in: the notices are in the channel again, and /group show says so
    channel.set_member_overwrite(world.guild.bot_role, allow=VIEW_CHANNEL)
    await clock.move_to(AFTER[1])
    assert [m for m in channel.messages if WHO in m.text and "10 Sep" in m.text]
    assert all(len(shut_notices(leader)) == 1 for leader in leaders)
    show = await world.leader.slash("group show", in_channel=world.channel)
    assert SHUT not in show.text and f"Leaders' channel: {channel.mention}" in show.text

    # the channel deleted: told again, once, with what to do
    world.guild.delete_channel(channel)
    await clock.move_to(AFTER[2])
    for leader in leaders:
        told = shut_notices(leader)
        assert len(told) == 2, [m.text[:60] for m in leader.inbox]
        assert "deleted" in told[1].text and "/group edit leaders_channel" in told[1].text
        assert [m for m in leader.inbox if WHO in m.text and "17 Sep" in m.text]
    show = await world.leader.slash("group show", in_channel=world.channel)
    assert SHUT in show.text and "deleted" in show.text, show.text
