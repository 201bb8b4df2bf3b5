"""A trainee's evidence across groups and years, through the emulator: alice's first group records
a session, a satisfactory CBDGA and an endorsement, then closes; in her next group /attendance me
and her certificate count both groups against the scheme's target (pro-rata once a leader sets her
fraction), while the new group's leaders see nothing of the old group until she shares it with
/attendance share (and again nothing once she stops)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.emulator._model import MANAGE_CHANNELS
from bot.emulator.emulator import Channel, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import GROUP_SETUP, World
from tests.e2e._pdf import the_pdf
from tests.e2e.conftest import StartBot

S1 = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)  # Thu 3 Sep, 09:00-10:15 London
MONTHLY: dict[str, Any] = {
    "attendance": {"assessment_months": 1}
}  # a mark a month: assessments count at once


async def set_up(leader: SimMember, channel: Channel, world: World, **changes: Any) -> None:
    r = await leader.slash(
        "group setup",
        channel=channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        leaders_channel=world.leaders_channel,
        **{**GROUP_SETUP, **changes},
    )
    assert "Group set up" in r.text, r.text


def alice_line(text: str, alice: SimMember) -> str:
    return next(line for line in text.splitlines() if f"<@{alice.id}>" in line)


async def test_one_record_across_groups_seen_by_new_leaders_only_when_shared(
    start_bot: StartBot, world: World, clock: Clock
) -> None:
    await start_bot(**MONTHLY)
    leader, alice, bob = world.leader, world.trainee("alice"), world.trainee("bob")
    first = world.channel
    await set_up(leader, first, world)
    await clock.move_to(S1 + timedelta(minutes=2))
    assert "checked in" in (await alice.click("I'm here", in_channel=first)).text
    await clock.move_to(S1 + timedelta(minutes=80))
    r = await leader.slash("attendance assessed", in_channel=first, member=alice)
    assert "**satisfactory**" in r.text and "Satisfactory CBDGAs" in r.text and "1 of 2" in r.text
    r = await leader.slash(
        "attendance assessed", in_channel=first, member=bob, outcome="unsatisfactory"
    )
    assert "**not satisfactory**" in r.text and "0 of 2" in r.text
    r = await leader.slash("attendance endorse", in_channel=first, member=alice)
    assert "Endorsed" in r.text
    asked = await leader.slash("group close", in_channel=first)
    await leader.click("Close the group now", message=asked)
    await clock.settle()

    # her next group, in another channel, with its own year
    second = world.guild.create_text_channel("balint-monday")
    second.set_member_overwrite(world.leader_role, allow=MANAGE_CHANNELS)
    await set_up(
        leader, second, world, name="Monday Balint group", weekday=0, start_date="2026-09-07"
    )
    r = await alice.slash("attendance me", in_channel=second)
    assert "**Every group on this bot**" in r.text
    assert "Thursday Balint group (1 Sep 2026 to 31 Jul 2027, closed): 1 session attended" in (
        r.text
    )
    assert "1 satisfactory CBDGA; endorsed by dr-okafor" in r.text
    assert "The scheme asks for 25 sessions: 1 attended across 2 groups, 24 to go." in r.text
    assert "Satisfactory CBDGAs: 1 of 2, 1 to go." in r.text
    # her certificate counts both; her own copy lists the closed group
    # (no session yet in the new group: no certificate to attach)
    assert not [name for name, _ in r.files if name.endswith(".pdf")]

    # the new group's leaders see only the new group
    r = await leader.slash("attendance group", in_channel=second)
    line = alice_line(r.text, alice)
    assert "earlier" not in line and "CBDGAs 0/2" in line and "0/25" in line
    r = await leader.slash("attendance ltft", in_channel=second, member=alice, fraction="60%")
    assert "60% of full time" in r.text and "**15 sessions**" in r.text
    r = await leader.slash("attendance ltft", in_channel=second, member=alice, fraction="0.1")
    assert "between 0.2 and 1" in r.text and "Nothing was changed" in r.text
    line = alice_line((await leader.slash("attendance group", in_channel=second)).text, alice)
    assert "0/15 (60% of full time)" in line and "earlier" not in line

    # she shares: now they see the earlier group's totals (never its sessions' detail)
    r = await alice.slash("attendance share", in_channel=second)
    assert r.ephemeral and "Shared with Monday Balint group's leaders" in r.text
    assert "• Thursday Balint group" in r.text
    line = alice_line((await leader.slash("attendance group", in_channel=second)).text, alice)
    assert "+1 in earlier groups (shared)" in line and "1/15" in line and "CBDGAs 1/2" in line
    r = await bob.slash("attendance share", in_channel=second)  # bob's own: nothing of alice's
    assert "Thursday Balint group" in r.text and "alice" not in r.text

    # a session in the new group: the certificate the leaders get counts what she shared
    monday = datetime(2026, 9, 7, 8, 2, tzinfo=UTC)
    await clock.move_to(monday)
    await alice.click("I'm here", in_channel=second)
    await clock.move_to(monday + timedelta(minutes=80))
    r = await leader.slash("attendance endorse", in_channel=second, member=alice)
    pdf = the_pdf(r.files)
    assert "Every group on this bot" in pdf and "Thursday Balint group" in pdf
    assert "The scheme asks for 15 sessions (60% of full time: pro-rata): 2 attended" in pdf

    r = await alice.slash("attendance share", in_channel=second, stop=True)
    assert "see only your record in this group again" in r.text
    line = alice_line((await leader.slash("attendance group", in_channel=second)).text, alice)
    assert "earlier" not in line and "CBDGAs 0/2" in line
    r = await leader.slash("attendance endorse", in_channel=second, member=alice)
    assert "Thursday Balint group" not in the_pdf(r.files)
    # her own copy still counts everything
    r = await alice.slash("attendance me", in_channel=second)
    pdf = the_pdf(r.files)
    assert "Every group on this bot" in pdf and "Thursday Balint group" in pdf
    assert "Target: 15 (with 1 from earlier groups), so 13 to go" in r.text
