"""Members at start-up as Discord sends them: without the presences intent GUILD_CREATE carries
only the bot, and asking the gateway for all members again within 30 s is refused (RATE_LIMITED,
which discord.py ignores). The bot lists members over REST instead (bot/members.py), so a
restart within 30 s still knows every member: the roster, the leaders and the names."""

from __future__ import annotations

from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import GROUP_SETUP, World
from bot.store.groups import group_for_channel, members
from tests.e2e.conftest import StartBot


async def test_a_restart_within_30_seconds_still_knows_every_member(
    start_bot: StartBot, world: World, clock: Clock, emulator: Emulator
) -> None:
    bot = await start_bot()
    await clock.settle()
    await bot.close()
    bot = await start_bot()  # seconds later: Discord would refuse a second op 8 for everyone
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        leaders_channel=world.leaders_channel,
        **GROUP_SETUP,
    )
    assert "Group set up" in r.text, r.text
    group = await group_for_channel(bot.db, world.channel.id)
    assert group is not None
    trainees = {m.user_id for m in await members(bot.db, group.id, role="trainee")}
    assert trainees == {t.id for t in world.trainees}
    dguild = bot.get_guild(world.guild.id)
    assert dguild is not None and dguild.chunked
    coleader = dguild.get_member(world.coleader.id)
    assert coleader is not None and coleader.display_name == "dr-lewis"
    assert not [n for n in emulator.notes if "RATE_LIMITED" in n]
