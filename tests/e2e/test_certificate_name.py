"""The attendance certificate names the trainee as the server shows them, or as they chose."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import BalintBot
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e._pdf import the_pdf


async def test_the_certificate_prints_the_server_name_or_the_one_the_trainee_chose(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    ch, bob = world.channel, world.trainee("bob")
    emulator.set_nick(bob, "Bobby B.")
    await clock.move_to(datetime(2026, 9, 4, 12, tzinfo=UTC))
    r = await world.leader.slash(
        "attendance mark", in_channel=ch, member=bob, date="2026-09-03", status="attended"
    )
    assert "Recorded" in r.text, r.text

    text = the_pdf((await bob.slash("attendance me", in_channel=ch)).files)
    assert "Trainee: Bobby B." in text and "bob" not in text.replace("Bobby", "")
    assert "Group: Thursday Balint group" in text and "dr-okafor" in text

    r = await bob.slash("attendance name", name="  Dr   Robert Brown ", in_channel=ch)
    assert r.ephemeral and "**Dr Robert Brown**" in r.text
    text = the_pdf((await bob.slash("attendance me", in_channel=ch)).files)
    assert "Trainee: Dr Robert Brown" in text

    for bad in ("<@123> the great", "x", "R" * 81):
        r = await bob.slash("attendance name", name=bad, in_channel=ch)
        assert r.ephemeral and "Nothing was changed" in r.text, (bad, r.text)
    text = the_pdf((await bob.slash("attendance me", in_channel=ch)).files)
    assert "Trainee: Dr Robert Brown" in text

    # a leader's endorsement prints (and records) the chosen name too
    r = await world.leader.slash("attendance endorse", member=bob, in_channel=ch)
    assert "Endorsed" in r.text, r.text
    assert "Trainee: Dr Robert Brown" in the_pdf(bob.inbox[-1].files)

    r = await bob.slash("attendance name", in_channel=ch)
    assert "**Bobby B.**" in r.text
    text = the_pdf((await bob.slash("attendance me", in_channel=ch)).files)
    assert "Trainee: Bobby B." in text


async def test_only_members_of_the_group_set_a_name(
    bot: BalintBot, world: World, group: Group
) -> None:
    r = await world.outsider.slash("attendance name", name="Olly", in_channel=world.channel)
    assert r.ephemeral and "not on the roster" in r.text
