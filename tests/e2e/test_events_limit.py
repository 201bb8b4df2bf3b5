"""A server holds at most 100 scheduled or active Discord events (error 30038), shared by every
group there and by the server's own people: the bot keeps within it (nearest sessions first,
fewer ahead when the server is busy, the last 10 places left free) and tells the leaders plainly
when their next session finds no room."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.app import BalintBot
from bot.emulator._rest import new_event
from bot.emulator.emulator import Emulator, Guild, RequestRecord, ScheduledEvent
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import GROUP_SETUP, World
from bot.store.groups import groups_in_guild
from bot.store.sessions import current_or_next_session

GROUPS = 30


def upcoming(guild: Guild) -> list[ScheduledEvent]:
    return [e for e in guild.events if e.status in (1, 2)]


def refused_creates(emulator: Emulator) -> list[RequestRecord]:
    return [
        r
        for r in emulator.requests_to("POST", "/guilds/{guild_id}/scheduled-events")
        if r.status != 200
    ]


def people_event(emulator: Emulator, world: World, start: datetime) -> ScheduledEvent:
    """An event one of the server's people made (the bot hears of it as Discord tells it)."""
    event = new_event(
        emulator,
        world.guild,
        {
            "name": "Journal club",
            "entity_type": 3,
            "entity_metadata": {"location": "Library"},
            "scheduled_start_time": start.isoformat(),
            "scheduled_end_time": (start + timedelta(hours=1)).isoformat(),
        },
    )
    event.data["creator_id"] = str(world.admin.id)
    event.data["creator"] = world.admin.user.to_json()
    emulator.dispatch_guild(world.guild, "GUILD_SCHEDULED_EVENT_CREATE", event.data)
    return event


async def setup_groups(world: World, n: int, first: int = 0) -> None:
    for i in range(first, first + n):
        channel = world.guild.create_text_channel(f"balint-{i}")
        r = await world.admin.slash(
            "group setup",
            in_channel=channel,
            channel=channel,
            leader_role=world.leader_role,
            **GROUP_SETUP | {"name": f"Group {i}", "weekday": i % 5, "start_date": "2026-09-02"},
            timeout=30,
        )
        assert "Group set up" in r.text, r.text


async def test_thirty_groups_in_one_server_stay_within_discords_event_limit(
    bot: BalintBot, world: World, clock: Clock, emulator: Emulator
) -> None:
    peak = 0
    await setup_groups(world, GROUPS)
    for _ in range(10):  # ten days: events start, end, and the next ones are created
        await clock.shift(timedelta(days=1))
        peak = max(peak, len(upcoming(world.guild)))
    assert refused_creates(emulator) == []
    assert any(e.status == 3 for e in world.guild.events)  # Discord completed the past ones
    assert 80 <= peak <= 90  # busy: fewer ahead than 4 a group, the last 10 places left free
    # nearest first: every group's next session has its event
    events = {e.id for e in upcoming(world.guild)}
    for group in await groups_in_guild(bot.db, world.guild.id):
        nxt = await current_or_next_session(bot.db, group.id, bot.now())
        assert nxt is not None and nxt.event_id in events, group.name
    assert not [m for m in world.leader.inbox if "Events are full" in m.text]


async def test_a_server_full_of_its_own_events_the_leaders_are_told_plainly_once(
    bot: BalintBot, world: World, clock: Clock, emulator: Emulator
) -> None:
    start = clock.now() + timedelta(days=60)
    theirs = [people_event(emulator, world, start + timedelta(days=i)) for i in range(95)]
    await setup_groups(world, 1)
    await clock.shift(timedelta(minutes=16))
    await clock.shift(timedelta(minutes=16))
    told = [m for m in world.leader.inbox if "Events are full" in m.text]
    assert len(told) == 1 and "Discord allows 100 upcoming events per server" in told[0].text
    assert len(upcoming(world.guild)) == 95 and refused_creates(emulator) == []
    # a moderator tidies up: the events appear by themselves, and nobody is told again
    for event in theirs[:20]:
        event.deleted = True
        emulator.dispatch_guild(world.guild, "GUILD_SCHEDULED_EVENT_DELETE", event.data)
    await clock.shift(timedelta(minutes=16))
    assert len(upcoming(world.guild)) == 75 + 4
    assert len([m for m in world.leader.inbox if "Events are full" in m.text]) == 1
