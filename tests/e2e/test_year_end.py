"""The year's end for the trainees who did not stay the whole year, and what a closed group's
channel answers: a trainee who left early and one who joined mid-year are in the leaders' exports
with exactly their own sessions, re-issue their certificates from the ledger after the close, and
a code endorsed before leaving still verifies after the close and after the trainee's /forgetme.
Old buttons and the group's commands answer plainly that the group has closed."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e._pdf import pdf_text
from tests.e2e.conftest import StartBot

S1 = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)  # Thu 3 Sep, 09:00 BST
S2 = S1 + timedelta(days=7)


async def test_who_left_early_or_joined_mid_year_keeps_their_own_record_after_close(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    ch = world.channel
    alice, bob = world.trainee("alice"), world.trainee("bob")
    await alice.slash("reflect on", in_channel=ch)
    await clock.move_to(S1 + timedelta(minutes=2))
    for t in (alice, bob):
        assert "checked in" in (await t.click("I'm here", in_channel=ch)).text
    await clock.move_to(S1 + timedelta(minutes=110))  # the session is over; alice's prompt is out
    (prompt,) = [m for m in alice.inbox if "A moment to reflect" in m.text]
    r = await world.leader.slash("attendance endorse", in_channel=ch, member=bob)
    found = re.search(r"\*\*([2-9A-Z-]{14})\*\*", r.text)
    assert found, r.text
    code = found.group(1)
    assert (
        "has left the roster"
        in (await world.leader.slash("group members remove", in_channel=ch, member=bob)).text
    )
    ivy = emulator.member(world.guild, "ivy")
    await world.leader.slash("group members add", in_channel=ch, member=ivy)
    await clock.move_to(S2 + timedelta(minutes=2))
    assert "checked in" in (await ivy.click("I'm here", in_channel=ch)).text
    await clock.move_to(S2 + timedelta(days=1))

    asked = await world.leader.slash("group close", in_channel=ch)
    r = await world.leader.click("Close the group now", message=asked)
    await clock.settle()  # "building N certificates...", then the exports
    assert "Closed" in r.text, r.text
    await clock.settle()
    # a second press closes nothing twice: one closing post, one set of exports
    r = await world.leader.click("Close the group now", message=asked)
    assert r.ephemeral and "Nothing was changed" in r.text, r.text
    await clock.settle()
    assert len([m for m in ch.messages if "end of its year" in m.text]) == 1

    # the leaders' exports: bob (left) with his one session only, ivy from when she joined
    (export,) = [m for m in world.leaders_channel.messages if "is closed" in m.text]
    files = dict(export.files)
    report = next(v for k, v in files.items() if k.endswith(".md")).decode()
    assert "| bob (left) | 1 | 0 | 0 | 0 | 0 |" in report
    assert "| ivy | 1 | 0 | 0 | 0 | 0 |" in report  # not absent for the week before she joined
    assert "| alice | 1 | 0 | 0 | 1 | 0 |" in report
    archive = zipfile.ZipFile(io.BytesIO(next(v for k, v in files.items() if k.endswith(".zip"))))
    certs = {n.split("-")[1]: pdf_text(archive.read(n)) for n in archive.namelist()}
    assert "Thu 3 Sep 2026" in certs["bob"] and "Thu 10 Sep 2026" not in certs["bob"]
    assert code in certs["bob"]
    assert "Thu 10 Sep 2026" in certs["ivy"] and "Thu 3 Sep 2026" not in certs["ivy"]

    # each re-issues their own certificate from the ledger in the old channel
    r = await bob.slash("attendance me", in_channel=ch)
    assert r.ephemeral and "kept until" in r.text
    text = pdf_text(r.files[0][1])
    assert "Thu 3 Sep 2026" in text and code in text
    r = await ivy.slash("attendance me", in_channel=ch)
    text = pdf_text(r.files[0][1])
    assert "Thu 10 Sep 2026" in text and "Thu 3 Sep 2026" not in text

    # bob erases his data after the close: the ledger stays his evidence, the code verifies
    r = await bob.slash("forgetme", in_channel=ch)
    assert "Kept" in r.text and "Thursday Balint group" in r.text, r.text
    done = await bob.click("Erase my data", message=r)
    assert "Erased" in done.text, done.text
    r = await world.outsider.slash("attendance verify", in_channel=world.general, code=code)
    assert "VALID" in r.text and "closed" in r.text, r.text
    r = await bob.slash("attendance me", in_channel=ch)
    assert code in pdf_text(r.files[0][1])

    # the closed group's channel answers plainly, old buttons included
    r = await alice.click("Write a reflection", message=prompt)
    assert r.ephemeral and "group has closed" in r.text and r.modal is None
    asks: list[tuple[str, dict[str, Any]]] = [
        ("volunteer", {"session": "2026-09-17"}),
        ("rota me", {}),
        ("reflect write", {}),
        ("draft new", {}),
    ]
    for command, options in asks:
        r = await alice.slash(command, in_channel=ch, **options)
        assert r.ephemeral and "no Balint group" in r.text, (command, r.text)


async def test_a_ledger_whose_time_passed_while_the_bot_was_down_goes_at_the_next_start(
    bot: BalintBot, world: World, group: Group, clock: Clock, start_bot: StartBot
) -> None:
    """docs/commands.md: the ledger is deleted by itself, checked daily and at each start; a log kept
    for an author whose DMs were closed goes with it."""
    ch = world.channel
    bob = world.trainee("bob")
    await clock.move_to(S1 + timedelta(minutes=2))
    assert "checked in" in (await bob.click("I'm here", in_channel=ch)).text
    await bob.slash("reflect write", in_channel=ch)
    assert "Saved" in (await bob.submit_modal({"noticed": "Bramble: my shoulders rose"})).text
    await clock.move_to(S1 + timedelta(minutes=110))
    r = await world.leader.slash("attendance endorse", in_channel=ch, member=bob)
    found = re.search(r"\*\*([2-9A-Z-]{14})\*\*", r.text)
    assert found, r.text
    code = found.group(1)
    bob.dms_open = False
    asked = await world.leader.slash("group close", in_channel=ch)
    r = await world.leader.click("Close the group now", message=asked)
    await clock.settle()  # "building N certificates...", then the exports
    assert "until Sun 3 Sep 2028" in r.text, r.text
    await clock.settle()
    assert (
        "VALID"
        in (
            await world.outsider.slash("attendance verify", in_channel=world.general, code=code)
        ).text
    )

    await bot.close()
    await clock.move_to(datetime(2028, 9, 3, 10, tzinfo=UTC))  # after the daily check's hour
    bot = await start_bot()
    await clock.settle()
    r = await world.outsider.slash("attendance verify", in_channel=world.general, code=code)
    assert "No certificate has the code" in r.text, r.text
    r = await bob.slash("attendance me", in_channel=ch)
    assert not r.files and "no Balint group" in r.text
    r = await bob.slash("reflect export", in_channel=ch)
    assert not r.files and "no Balint group" in r.text


async def test_renewing_with_a_new_trainee_role_makes_the_roster_from_its_holders_only(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """docs/commands.md: Manage Server may renew too, and holders of the trainee role given (by
    default last year's) make the new roster; last year's trainees are not carried."""
    ch = world.channel
    asked = await world.leader.slash("group close", in_channel=ch)
    r = await world.leader.click("Close the group now", message=asked)
    await clock.settle()  # "building N certificates...", then the exports
    assert "Closed" in r.text, r.text
    cohort = world.guild.create_role("Balint 2027-28")
    ivy = emulator.member(world.guild, "ivy", roles=[cohort])
    jo = emulator.member(world.guild, "jo", roles=[cohort])
    r = await world.admin.slash(
        "group renew",
        in_channel=ch,
        start_date="2027-09-02",
        end_date="2028-07-27",
        trainee_role=cohort,
    )
    assert "Next year's group is set up" in r.text, r.text
    r = await ivy.slash("group members list", in_channel=ch)
    assert f"Trainees (2): <@{ivy.id}>, <@{jo.id}>" in r.text, r.text
    assert f"<@{world.trainee('alice').id}>" not in r.text


async def test_without_a_leaders_channel_the_exports_go_to_each_leader_privately(
    bot: BalintBot, world: World, clock: Clock
) -> None:
    """docs/commands.md: the leaders get the exports in their private channel, or by private message;
    a leader whose DMs are closed still has them attached to the answer to /group close."""
    from bot.sandbox.world import GROUP_SETUP

    ch = world.channel
    r = await world.leader.slash(
        "group setup",
        channel=ch,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        **GROUP_SETUP,
    )
    assert "Group set up" in r.text, r.text
    await clock.move_to(S1 + timedelta(minutes=2))
    assert "checked in" in (await world.trainee("alice").click("I'm here", in_channel=ch)).text
    world.coleader.dms_open = False
    await clock.move_to(S1 + timedelta(minutes=110))
    asked = await world.leader.slash("group close", in_channel=ch)
    r = await world.leader.click("Close the group now", message=asked)
    await clock.settle()  # "building N certificates...", then the exports
    assert "sent to each leader privately" in r.text and "attached here" in r.text, r.text
    assert f"(not to <@{world.coleader.id}>: their direct messages are closed" in r.text
    assert sorted(n.split("-")[0] for n, _ in r.files) == [
        "attendance",
        "certificates",
        "year",
        "year",
    ]
    await clock.settle()
    (export,) = [m for m in world.leader.inbox if "is closed" in m.text]
    csv = dict(export.files)["attendance-thursday-balint-group.csv"].decode("utf-8-sig")
    assert "alice,2026-09-03,Thursday,09:00,attended" in csv
    assert not [m for m in world.coleader.inbox if "is closed" in m.text]
    assert not [m for m in world.leaders_channel.messages if "is closed" in m.text]


async def _set_up_two_sessions(world: World) -> None:
    """A group whose year is two Thursdays (S1, S2), with a leaders' channel."""
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        name="Autumn group",
        weekday=3,
        start_time="09:00",
        start_date="2026-09-03",
        end_date="2026-09-10",
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        leaders_channel=world.leaders_channel,
    )
    assert "Group set up" in r.text, r.text


def _told_what_is_left(world: World) -> list[str]:
    """The leaders' notices that the year's last session is over."""
    return [m.text for m in world.leaders_channel.messages if "last session of" in m.text]


async def test_after_the_last_session_the_leaders_are_told_what_is_left_to_do(
    bot: BalintBot, world: World, clock: Clock
) -> None:
    """Nothing closes a group by itself: after its last session the channel heard "That was the
    last session of the year" and the leaders nothing, so /group close (their exports, the
    certificates) was left to a guess. Now the leaders are told once, in their channel, after
    the last session only."""
    await _set_up_two_sessions(world)
    told = functools.partial(_told_what_is_left, world)
    await clock.move_to(S1 + timedelta(hours=2))  # the first session is over: one more to come
    assert any("Next session" in m.text for m in world.channel.messages)
    assert told() == []
    await clock.move_to(S2 + timedelta(hours=2))
    (notice,) = told()
    assert "**That was the last session of Autumn group's year.**" in notice
    assert "`/group close`" in notice and "`/attendance endorse`" in notice, notice
    await clock.move_to(S2 + timedelta(days=8))
    assert len(told()) == 1


async def test_a_last_session_called_off_after_the_one_before_ended_still_tells_the_leaders(
    bot: BalintBot, world: World, clock: Clock
) -> None:
    """The leaders are told what is left to do at the end of the last session; a last session
    skipped or cancelled once the one before it had ended left them told nothing (that one had
    said "Next session" and no session was left to end)."""
    await _set_up_two_sessions(world)
    told = functools.partial(_told_what_is_left, world)
    await clock.move_to(S1 + timedelta(hours=2))
    assert any("Next session" in m.text for m in world.channel.messages)
    r = await world.leader.slash(
        "schedule cancel", in_channel=world.channel, date="2026-09-10", reason="strike"
    )
    assert "Done" in r.text, r.text
    await clock.settle()
    (notice,) = told()
    assert "`/group close`" in notice, notice
    await clock.move_to(S2 + timedelta(days=8))
    assert len(told()) == 1
