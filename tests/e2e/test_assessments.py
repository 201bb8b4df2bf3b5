"""The CBDGA assessment rhythm across a year, through the emulator in accelerated time: at the
first session after each mark (1 March 2027, six months from the start; 3 July 2027, four weeks
before the end) each leader gets one private list of the trainees due, with their attendance and
presentations; a trainee recorded with /attendance assessed drops off until the next mark; a
restart repeats nothing (the delivery ledger)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from bot.app import BalintBot
from bot.emulator.emulator import SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.conftest import StartBot


def reminders(member: SimMember) -> list[str]:
    return [m.text for m in member.inbox if "CBDGA assessments due" in m.text]


def after_session(day: str) -> datetime:
    """An hour and a quarter after a Thursday session ends (09:00-10:15 London)."""
    y, m, d = map(int, day.split("-"))
    summer = (4, 1) <= (m, d) <= (10, 24)
    return datetime(y, m, d, 10 if summer else 11, 30, tzinfo=UTC)


async def test_six_monthly_reminders_reach_each_leader_once_and_stop_for_the_assessed(
    bot: BalintBot, world: World, group: Group, clock: Clock, start_bot: StartBot
) -> None:
    ch = world.channel
    alice, bob = world.trainee("alice"), world.trainee("bob")
    leader, coleader = world.leader, world.coleader
    await clock.move_to(datetime(2026, 9, 3, 12, tzinfo=UTC))
    await leader.slash(
        "attendance mark", in_channel=ch, member=bob, date="2026-09-03", status="late"
    )
    r = await leader.slash("attendance assessed", in_channel=ch, member=alice)
    assert (
        "Thu 3 Sep is before the first assessment period" in r.text
    )  # nothing to count it for yet

    # nothing before the first mark
    await clock.move_to(after_session("2027-02-25"))
    assert reminders(leader) == [] and reminders(coleader) == []
    await clock.move_to(after_session("2027-03-04"))
    (first,) = reminders(leader)
    assert reminders(coleader) == [first]
    assert "mark of Mon 1 Mar)" in first and "alice: 0 of 25 sessions attended" in first
    assert "bob: 1 of 25 sessions attended (1 late)" in first and "no presentations" in first
    assert first.count("\n•") == 8
    # trainees never see it
    assert not reminders(alice)

    # a restart does not send it again
    await bot.close()
    bot = await start_bot()
    await clock.settle()
    assert len(reminders(leader)) == 1

    bad = await alice.slash("attendance assessed", in_channel=ch, member=bob)
    assert "Only the leaders" in bad.text
    r = await leader.slash("attendance assessed", in_channel=ch, member=alice)
    assert "counts for the mark of Mon 1 Mar" in r.text and "Sat 3 Jul" in r.text
    # the next three sessions: no reminder; the fourth: the others, not alice
    await clock.move_to(after_session("2027-03-25"))
    assert len(reminders(leader)) == 1
    await clock.move_to(after_session("2027-04-01"))
    second = reminders(leader)[-1]
    assert len(reminders(leader)) == 2 and "alice" not in second and "bob" in second
    assert second.count("\n•") == 7

    # the final mark of the year: everyone is due again, alice too
    await clock.move_to(after_session("2027-07-08"))
    last = reminders(leader)[-1]
    assert "mark of Sat 3 Jul)" in last and "alice" in last and last.count("\n•") == 8
    assert len(reminders(leader)) == len(reminders(coleader))
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        sent = conn.execute(
            "SELECT count(*) FROM deliveries WHERE kind = 'assessments' AND status = 'sent'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert sent == len(reminders(leader))
