"""/group through the emulator: what leaders, trainees and outsiders see, and bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import GROUP_SETUP as GROUP_OPTIONS
from bot.sandbox.world import World
from bot.store import groups as store
from bot.store.groups import Group
from bot.store.sessions import upcoming_sessions
from tests.e2e.conftest import ErrorLogTrap

SEND_MESSAGES = 1 << 11
VIEW_CHANNEL = 1 << 10
MANAGE_CHANNELS = 1 << 4


async def test_a_leader_sets_up_a_group_and_everyone_sees_it(bot: BalintBot, world: World) -> None:
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        **GROUP_OPTIONS,
    )
    assert r.ephemeral
    assert "Group set up" in r.text and "Thursday" in r.text and "09:00" in r.text
    welcome = world.channel.last_message
    assert welcome is not None
    assert "Balint group" in welcome.text and not welcome.ephemeral
    group = await store.group_for_channel(bot.db, world.channel.id)
    assert group is not None
    trainees = await store.members(bot.db, group.id, role="trainee")
    assert len(trainees) == 8
    assert len(await upcoming_sessions(bot.db, group.id, bot.now(), limit=100)) == 48

    show = await world.trainees[0].slash("group show", in_channel=world.channel)
    assert show.ephemeral and "Thursday Balint group" in show.text and "Next session" in show.text

    listing = await world.trainees[1].slash("group members list", in_channel=world.channel)
    assert "Trainees (8)" in listing.text


async def test_setup_is_all_or_nothing_when_the_database_fails_half_way(
    bot: BalintBot, world: World, error_trap: ErrorLogTrap
) -> None:
    # the fourth roster row fails (a full disk, say): after the group and its sessions were written
    await bot.db.execute(
        "CREATE TRIGGER half_way BEFORE INSERT ON group_members "
        "WHEN (SELECT count(*) FROM group_members) >= 3 "
        "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END"
    )
    options: dict[str, Any] = {"leader_role": world.leader_role, "trainee_role": world.trainee_role}
    r = await world.leader.slash("group setup", channel=world.channel, **options, **GROUP_OPTIONS)
    assert r.ephemeral and "Nothing was changed" in r.text
    assert await store.group_for_channel(bot.db, world.channel.id) is None
    assert await bot.db.fetchval("SELECT count(*) FROM group_members") == 0
    assert await bot.db.fetchval("SELECT count(*) FROM sessions") == 0
    assert not [m for m in world.channel.messages if "Balint group" in m.text]
    (error,) = error_trap.records  # an unexpected failure is logged with its reference
    assert "unexpected error" in error.getMessage()
    error_trap.records.clear()

    await bot.db.execute("DROP TRIGGER half_way")
    r = await world.leader.slash("group setup", channel=world.channel, **options, **GROUP_OPTIONS)
    assert "Group set up" in r.text
    group = await store.group_for_channel(bot.db, world.channel.id)
    assert group is not None
    assert len(await store.members(bot.db, group.id, role="trainee")) == 8


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"timezone": "Europe/Londn"}, "Did you mean Europe/London"),
        ({"start_time": "25:00"}, "00-23"),
        ({"end_date": "2026-08-01"}, "must be after the start date"),
        ({"start_date": "next week"}, "2026-09-03"),
    ],
)
async def test_bad_setup_input_gets_a_private_message_and_changes_nothing(
    bot: BalintBot, world: World, changes: dict[str, str], expected: str
) -> None:
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        **{**GROUP_OPTIONS, **changes},
    )
    assert r.ephemeral and expected in r.text
    assert await store.group_for_channel(bot.db, world.channel.id) is None


async def test_setup_rules_who_where_and_warnings(bot: BalintBot, world: World) -> None:
    # a trainee without Manage Server or the leader role cannot set a group up
    r = await world.trainees[0].slash(
        "group setup", channel=world.channel, leader_role=world.leader_role, **GROUP_OPTIONS
    )
    assert r.ephemeral and "Manage Server" in r.text
    # a channel the bot cannot post in: the missing permission is named
    world.general.set_bot_permissions(VIEW_CHANNEL)
    r = await world.admin.slash(
        "group setup", channel=world.general, leader_role=world.leader_role, **GROUP_OPTIONS
    )
    assert "Send Messages" in r.text
    assert await store.group_for_channel(bot.db, world.general.id) is None
    # a short group is allowed with a warning; "9am" is understood
    r = await world.admin.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        **{**GROUP_OPTIONS, "start_time": "9am", "end_date": "2026-12-31"},
    )
    assert "Group set up" in r.text and "less than 6 months" in r.text
    # a second group on the same channel is refused
    r = await world.admin.slash(
        "group setup", channel=world.channel, leader_role=world.leader_role, **GROUP_OPTIONS
    )
    assert "already has a group" in r.text
    assert len(await store.groups_in_guild(bot.db, world.guild.id)) == 1


async def test_leader_only_commands_refuse_trainees_and_roster_changes_work(
    bot: BalintBot, world: World, group: Group
) -> None:
    alice, bob = world.trainees[0], world.trainees[1]
    r = await alice.slash("group edit", in_channel=world.channel, start_time="10:00")
    assert r.ephemeral and "Only the leaders" in r.text
    r = await alice.slash("group members remove", in_channel=world.channel, member=bob)
    assert "Only the leaders" in r.text
    assert await store.member_role(bot.db, group.id, bob.id) == "trainee"

    r = await world.leader.slash("group members remove", in_channel=world.channel, member=bob)
    assert "left the roster" in r.text and "record is kept" in r.text
    assert await store.member_role(bot.db, group.id, bob.id) is None
    r = await world.leader.slash("group members remove", in_channel=world.channel, member=bob)
    assert "is not a trainee on the roster" in r.text
    r = await world.leader.slash(
        "group members add", in_channel=world.channel, member=world.outsider
    )
    assert "is on the roster" in r.text

    r = await world.leader.slash("group edit", in_channel=world.channel, start_time="9.30")
    assert "Updated" in r.text and "09:30" in r.text
    r = await world.leader.slash("group edit", in_channel=world.channel)
    assert "Nothing to change" in r.text

    r = await alice.slash("group leaders add", in_channel=world.channel, member=alice)
    assert "Only the leaders" in r.text
    r = await world.admin.slash("group leaders add", in_channel=world.channel, member=alice)
    assert "now leads" in r.text


async def test_commands_outside_a_group_channel_say_where_to_go(
    bot: BalintBot, world: World, group: Group
) -> None:
    r = await world.trainees[0].slash("group show", in_channel=world.general)
    assert r.ephemeral and "no Balint group" in r.text


async def test_several_groups_per_server_and_several_servers_per_process(
    bot: BalintBot, world: World, emulator: Emulator, group: Group
) -> None:
    # a second group in the same server, on its own channel, led by the co-leader
    tuesday = world.guild.create_text_channel("balint-tuesday")
    r = await world.admin.slash(
        "group setup",
        channel=tuesday,
        leader_role=world.leader_role,
        **{**GROUP_OPTIONS, "name": "Tuesday group", "weekday": 1, "start_time": "11:00"},
    )
    assert "Group set up" in r.text
    # and a group in another server entirely
    other = emulator.create_guild("Another Trust")
    other_role = other.create_role("Leads")
    other_channel = other.create_text_channel("balint")
    lead = emulator.member(other, "dr-other", roles=[other_role])
    other_channel.set_member_overwrite(other_role, allow=MANAGE_CHANNELS)
    await emulator.idle()
    r = await lead.slash(
        "group setup",
        in_channel=other_channel,
        channel=other_channel,
        leader_role=other_role,
        **{**GROUP_OPTIONS, "name": "Elsewhere group"},
    )
    assert "Group set up" in r.text, r.text
    alice = world.trainees[0]
    assert (
        "Thursday Balint group" in (await alice.slash("group show", in_channel=world.channel)).text
    )
    assert "Tuesday group" in (await alice.slash("group show", in_channel=tuesday)).text
    assert "Elsewhere group" in (await lead.slash("group show", in_channel=other_channel)).text
    assert len(await store.all_groups(bot.db)) == 3
    # leaders of one group are not leaders of a group in another server
    r = await world.leader.slash("group members list", in_channel=world.channel)
    assert "Trainees (8)" in r.text


async def test_changing_the_weekday_moves_sessions_with_their_volunteers(
    bot: BalintBot, world: World, group: Group
) -> None:
    alice = world.trainee("alice")
    r = await alice.slash("volunteer", in_channel=world.channel, session="2026-09-10")
    assert r.ephemeral
    r = await world.leader.slash("group edit", in_channel=world.channel, weekday=1)
    assert "Updated" in r.text and "moved to the new slot" in r.text
    await bot.scheduler.drain()
    session_id = await bot.db.fetchval("SELECT session_id FROM volunteers LIMIT 1")
    assert (
        await bot.db.fetchval("SELECT local_date FROM sessions WHERE id = ?", (session_id,))
        == "2026-09-08"
    )
    starts_at = await bot.db.fetchval("SELECT starts_at FROM sessions WHERE id = ?", (session_id,))
    (moved,) = [m for m in alice.inbox if "has moved" in m.text]
    # the new time as a Discord timestamp (each reader's own zone), the date to type as ISO
    assert f"<t:{int(datetime.fromisoformat(starts_at).timestamp())}:F>" in moved.text
    assert "`/withdraw session:2026-09-08`" in moved.text


async def test_session_options_autocomplete_the_groups_own_dates(
    bot: BalintBot, world: World, group: Group
) -> None:
    choices = await world.leader.autocomplete("schedule skip", "date", in_channel=world.channel)
    assert choices[0]["value"] == "2026-09-03" and "Sep" in choices[0]["name"]
    assert len(choices) == 25
    typed = await world.leader.autocomplete(
        "absence", "date", date="2026-10", reason="leave", in_channel=world.channel
    )
    assert typed and all(c["value"].startswith("2026-10") for c in typed)
    assert await world.leader.autocomplete("schedule skip", "date", in_channel=world.general) == []


async def test_volunteering_updates_the_who_has_a_case_count(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    # the group was set up on Tue 1 Sep: Thursday's T-72h post went out at once
    await clock.settle()
    post = next(m for m in world.channel.messages if "Who has a case?" in m.text)
    assert "Nobody has said" in post.text
    await world.trainee("alice").slash("volunteer", in_channel=world.channel)
    await clock.move_to(clock.now().replace(minute=0, second=30) + timedelta(hours=1))
    assert "**1 member has offered to present.**" in post.text  # on the hourly beat
    await world.trainee("alice").slash("withdraw", in_channel=world.channel)
    await clock.move_to(clock.now().replace(minute=0, second=30) + timedelta(hours=1))
    assert "Nobody has said" in post.text


# -- nobody makes herself a leader ----------------------------------------------------------------


async def test_a_member_cannot_make_herself_a_leader_by_naming_a_role_she_holds(
    bot: BalintBot, world: World, emulator: Emulator
) -> None:
    """Setting a group up needs Manage Server or Manage Channels on that channel, checked by the
    bot whatever role is named; @everyone (which every member holds) is never a leader role."""
    alice = world.trainee("alice")
    # a trainee names her own role (every trainee holds it) as the leader role
    r = await alice.slash(
        "group setup", channel=world.channel, leader_role=world.trainee_role, **GROUP_OPTIONS
    )
    assert r.ephemeral and "Manage Channels" in r.text, r.text
    # an outsider names @everyone, which she holds like everyone else
    r = await world.outsider.slash(
        "group setup", channel=world.general, leader_role=world.guild.everyone, **GROUP_OPTIONS
    )
    assert r.ephemeral and "Manage Channels" in r.text, r.text
    assert await store.all_groups(bot.db) == []
    # even a server manager cannot make @everyone the leader role
    r = await world.admin.slash(
        "group setup", channel=world.channel, leader_role=world.guild.everyone, **GROUP_OPTIONS
    )
    assert r.ephemeral and "@everyone" in r.text, r.text
    assert await store.all_groups(bot.db) == []
    # Manage Channels on another channel is not enough for this one
    world.general.set_member_overwrite(world.trainee_role, allow=MANAGE_CHANNELS)
    await emulator.idle()
    r = await alice.slash(
        "group setup", channel=world.channel, leader_role=world.trainee_role, **GROUP_OPTIONS
    )
    assert r.ephemeral and "Manage Channels" in r.text, r.text
    assert await store.all_groups(bot.db) == []


async def test_a_leader_cannot_hand_the_group_to_everyone(
    bot: BalintBot, world: World, group: Group
) -> None:
    """Changing the leader role is setting the group up again: the same rule, and never
    @everyone or the trainees' own role."""
    r = await world.leader.slash(
        "group edit", in_channel=world.channel, leader_role=world.guild.everyone
    )
    assert r.ephemeral and "@everyone" in r.text, r.text
    r = await world.leader.slash(
        "group edit", in_channel=world.channel, leader_role=world.trainee_role
    )
    assert r.ephemeral and "trainee role" in r.text, r.text
    stored = await store.group_for_channel(bot.db, world.channel.id)
    assert stored is not None and stored.leader_role_id == world.leader_role.id
    r = await world.trainee("alice").slash("group edit", in_channel=world.channel, name="Mine")
    assert "Only the leaders" in r.text


async def test_a_start_in_the_past_is_asked_about_and_what_is_over_is_left_out(
    bot: BalintBot, world: World, clock: Clock
) -> None:
    """A start date in the past once set the group up and at once posted a check-in for a
    session that had started an hour earlier. Now the leader is asked, privately, and on
    confirming gets no post for any session already begun."""
    # Tuesdays 09:00 London, from two weeks ago: the third session began an hour ago (now is
    # Tue 1 Sep 10:00 BST) and is still under way
    options = {**GROUP_OPTIONS, "weekday": 1, "start_date": "2026-08-18"}
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        **options,
    )
    assert r.ephemeral
    assert "3 sessions (Tue 18 Aug to Tue 1 Sep) have already begun" in r.text, r.text
    assert "its first posts are for Tue 8 Sep" in r.text and "later start_date" in r.text
    assert await store.group_for_channel(bot.db, world.channel.id) is None  # nothing yet
    assert not world.channel.messages
    # only the leader who asked can confirm
    other = await world.coleader.click("Set up, leaving out what is over", message=r.message)
    assert other.ephemeral and "Only the person who asked" in other.text
    done = await world.leader.click("Set up, leaving out what is over", message=r.message)
    assert done.ephemeral and "Group set up" in done.text, done.text
    group = await store.group_for_channel(bot.db, world.channel.id)
    assert group is not None
    # past the session's end and the feedback pulse's time: the welcome is all the channel got
    await clock.move_to(datetime(2026, 9, 1, 12, 0, tzinfo=UTC))
    texts = [m.text for m in world.channel.messages]
    assert len(texts) == 1 and "now home to" in texts[0], texts
    assert not [m for m in world.channel.messages if m.buttons]  # no check-in, no poll
    # the next session's week runs as usual: its "Who has a case?" comes 72 h before
    await clock.move_to(datetime(2026, 9, 5, 9, 0, tzinfo=UTC))
    assert any("Who has a case" in m.text for m in world.channel.messages)


async def test_a_private_leaders_channel_the_bot_was_not_let_into_is_refused_with_how(
    bot: BalintBot, world: World, clock: Clock
) -> None:
    """A leaders' channel made private (@everyone denied View Channel) shuts the bot out too
    unless it is let in. /group setup once said "Group set up" and every leaders' notice then
    went by private message, with nothing saying why; now it names the channel and what to
    allow, and once the bot is let in the session's close prompt reaches that channel."""
    private = world.guild.create_text_channel("leaders-private")
    private.set_member_overwrite(world.guild.everyone, deny=VIEW_CHANNEL)
    private.set_member_overwrite(world.leader_role, allow=VIEW_CHANNEL)
    setup = dict(
        GROUP_OPTIONS,
        channel=world.channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        leaders_channel=private,
    )
    r = await world.leader.slash("group setup", **setup)
    assert r.ephemeral and f"<#{private.id}>" in r.text and "lack View Channel" in r.text, r.text
    assert "add my role" in r.text and "leave the option out" in r.text, r.text
    assert await store.group_for_channel(bot.db, world.channel.id) is None
    # /group edit refuses it the same way
    r = await world.leader.slash(
        "group setup", **{**setup, "leaders_channel": world.leaders_channel}
    )
    assert "Group set up" in r.text, r.text
    r = await world.leader.slash("group edit", in_channel=world.channel, leaders_channel=private)
    assert r.ephemeral and "add my role" in r.text, r.text
    stored = await store.group_for_channel(bot.db, world.channel.id)
    assert stored is not None and stored.leaders_channel_id == world.leaders_channel.id
    # let in, as the message says: accepted, and the leaders' prompts come there
    private.set_member_overwrite(world.guild.bot_role, allow=VIEW_CHANNEL)
    r = await world.leader.slash("group edit", in_channel=world.channel, leaders_channel=private)
    assert "Updated" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 3, 9, 16, tzinfo=UTC))  # Thu 10:16 BST: the close
    assert any("Who presented on Thu 3 Sep?" in m.text for m in private.messages)


async def test_adding_a_leader_to_the_trainees_roster_is_refused(
    bot: BalintBot, world: World, group: Group
) -> None:
    """`/group members add` on the co-leader (a leader adding "my co-leader to the group") once
    answered "is on the roster" and made her a trainee: off the leaders, on the rota, welcomed
    as a trainee; a leader could do it to herself. Now it is refused, pointing to /group
    leaders add, and nothing changes."""
    for who in (world.coleader, world.leader):
        r = await world.leader.slash("group members add", in_channel=world.channel, member=who)
        assert r.ephemeral and "/group leaders add" in r.text and "Nothing was changed" in r.text
    leaders = await store.members(bot.db, group.id, role="leader")
    assert {m.user_id for m in leaders} >= {world.leader.id, world.coleader.id}
    trainees = await store.members(bot.db, group.id, role="trainee")
    assert len(trainees) == 8
    assert not [m for m in world.coleader.inbox if "Welcome to" in m.text]
    # a trainee who joins later is still added
    r = await world.leader.slash(
        "group members add", in_channel=world.channel, member=world.outsider
    )
    assert "is on the roster" in r.text, r.text


async def test_removing_a_leader_who_holds_the_leader_role_says_she_still_leads(
    bot: BalintBot, world: World, group: Group
) -> None:
    """`/group leaders remove` on a co-leader who holds the leader role answered "no longer
    leads", yet the role alone makes a leader and her leaders' commands kept working. Now the
    answer says she still leads and what to take away; a leader listed without the role does
    stop leading."""
    ch = world.channel
    r = await world.leader.slash("group leaders remove", in_channel=ch, member=world.coleader)
    assert "still leads it" in r.text and f"<@&{world.leader_role.id}>" in r.text, r.text
    assert "no longer leads" not in r.text
    assert "Rota of" in (await world.coleader.slash("rota group", in_channel=ch)).text
    r = await world.leader.slash("group leaders add", in_channel=ch, member=world.outsider)
    assert "now leads" in r.text, r.text
    r = await world.leader.slash("group leaders remove", in_channel=ch, member=world.outsider)
    assert "no longer leads" in r.text, r.text
    assert "Only the leaders" in (await world.outsider.slash("rota group", in_channel=ch)).text


async def test_the_set_up_answer_says_who_is_on_the_roster_where_notices_go_and_what_next(
    bot: BalintBot, world: World
) -> None:
    """A leader who has just run /group setup in Discord sees only its answer: it said when the
    group meets and nothing of who was on the roster (fixed now: a trainee given the role later
    is not), where the leaders' notices would go, or what to do next, which a newcomer had to
    find in the README."""
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        leaders_channel=world.leaders_channel,
        **GROUP_OPTIONS,
    )
    assert "Group set up" in r.text, r.text
    assert "On the roster: 8 trainees" in r.text and "/group members add" in r.text, r.text
    assert f"leaders' notices go to {world.leaders_channel.mention}" in r.text, r.text
    assert "/schedule skip" in r.text and "/agenda set" in r.text and "/help" in r.text, r.text

    other = world.guild.create_text_channel("balint-monday")
    r = await world.admin.slash(
        "group setup",
        channel=other,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        **{**GROUP_OPTIONS, "name": "Monday group", "weekday": 0},
    )
    assert "Group set up" in r.text, r.text
    assert "leaders' notices come to each leader by private message" in r.text, r.text
