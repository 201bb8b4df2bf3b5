"""The week as the demo tells it, read the way a leader or a trainee would: nudges are
not sent the moment a group is set up, an approved anonymous draft counts as a case coming, the
agenda names who presents before the drafts' list, several trainees drifting away are one message,
and the frame closes at the minute the session ends, before the feedback asks how it was.

The group fixture is set up on Tue 1 Sep 2026 09:00 UTC for Thursdays 09:00-10:15 London time
(08:00-09:15 UTC): the first session's "Who has a case?" (Mon 31 Aug) and nudge (Tue 1 Sep 08:00
UTC) fell due before it existed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import BalintBot
from bot.emulator.emulator import Message
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group

NUDGE = "a gentle, private note"
NO_CASE = "No case yet for"
CHECKIN = "I'm here"


def nudged(world: World) -> list[str]:
    return [t.name for t in world.trainees if any(NUDGE in m.text for m in t.inbox)]


def leaders_saw(world: World, words: str) -> list[Message]:
    return [m for m in world.leaders_channel.messages if words in m.text]


async def test_no_nudge_the_moment_a_group_is_set_up_but_the_next_week_nudges(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    await clock.settle()
    assert nudged(world) == [], "nobody could have offered a case yet"
    # the leaders still hear at 07:00 that the first session has no case
    await clock.move_to(datetime(2026, 9, 3, 6, 1, tzinfo=UTC))
    (alert,) = leaders_saw(world, NO_CASE)
    assert "were asked privately" not in alert.text
    # the second session: "Who has a case?" on Mon 7 Sep, the nudges 24 hours later
    await clock.move_to(datetime(2026, 9, 8, 8, 1, tzinfo=UTC))
    assert len(nudged(world)) == bot.settings.presenting.nudge_count == 3
    # still nobody two hours before: the leaders hear how many were asked, never who
    await clock.move_to(datetime(2026, 9, 10, 6, 1, tzinfo=UTC))
    alert = leaders_saw(world, NO_CASE)[-1]
    assert "3 members were asked privately" in alert.text, alert.text
    assert not any(t.mention in alert.text for t in world.trainees)


async def test_an_approved_anonymous_draft_is_a_case_coming(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    alice = world.trainees[0]
    r = await alice.slash("draft new", in_channel=world.channel, session="2026-09-10")
    r = await alice.submit_modal(
        {"theme": "A patient who makes me feel useless", "body": "She says nothing helps."}
    )
    assert "Saved" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))  # the hour's round
    card = next(m for m in world.leaders_channel.messages if "makes me feel useless" in m.text)
    r = await world.leader.click("Approve", message=card)
    assert "Approved" in r.text, r.text
    # nobody is on the rota for 10 Sep: the nudges' time (Tue 8 Sep), the agenda (Wed 9 Sep)
    # with the draft's theme, then the leaders' alert's time (Thu 10 Sep 07:00 London)
    await clock.move_to(datetime(2026, 9, 8, 8, 1, tzinfo=UTC))
    await clock.move_to(datetime(2026, 9, 9, 8, 1, tzinfo=UTC))
    agenda = [m for m in world.channel.messages if "**Agenda:" in m.text][-1]
    assert "makes me feel useless" in agenda.text
    await clock.move_to(datetime(2026, 9, 10, 6, 1, tzinfo=UTC))
    assert nudged(world) == [] and leaders_saw(world, NO_CASE) == [], (
        "the agenda lists an approved draft: nobody is nudged, no 'No case yet'"
    )


async def test_the_agenda_names_who_presents_before_the_drafts_list(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    alice, bob = world.trainees[0], world.trainees[1]
    r = await alice.slash("draft new", in_channel=world.channel, session="2026-09-10")
    await alice.submit_modal({"theme": "A patient I dread", "body": "I dread every visit."})
    await clock.move_to(datetime(2026, 9, 1, 10, 0, 30, tzinfo=UTC))
    card = next(m for m in world.leaders_channel.messages if "A patient I dread" in m.text)
    await world.leader.click("Approve", message=card)
    r = await bob.slash("volunteer", in_channel=world.channel, session="2026-09-10")
    assert "Thank you" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 9, 8, 1, tzinfo=UTC))
    agenda = [m for m in world.channel.messages if "**Agenda:" in m.text][-1]
    lines = agenda.text.splitlines()
    presenter = lines.index("Presenting: a member of the group, not named in advance")
    drafts = next(i for i, line in enumerate(lines) if "Anonymous case drafts" in line)
    assert presenter < drafts, agenda.text
    assert "An anonymous presenter" not in agenda.text


async def test_several_trainees_drifting_away_are_one_message(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    """Everyone but frank, grace and heidi checks in twice: one alert names all three."""
    here = world.trainees[:5]
    for day in (3, 10):
        await clock.move_to(datetime(2026, 9, day, 8, 1, tzinfo=UTC))
        for member in here:
            await member.click(CHECKIN, in_channel=world.channel)
        await clock.move_to(datetime(2026, 9, day, 9, 16, tzinfo=UTC))
    (alert,) = leaders_saw(world, "in a row")
    assert alert.text.startswith("3 members of Thursday Balint group have missed sessions")
    for name in ("frank", "grace", "heidi"):
        line = next(x for x in alert.text.splitlines() if world.trainee(name).mention in x)
        assert line == f"• {world.trainee(name).mention}: 2 sessions (Thu 3 Sep, Thu 10 Sep)"
    assert alert.text.count("a personal word from a leader often helps") == 1
    kept = await bot.db.fetchall("SELECT sent, text FROM drift_alerts")
    assert [tuple(r) for r in kept] == [(1, None)] * 3  # the missed dates are not kept


async def test_the_frame_closes_at_the_minute_the_session_ends(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    end = datetime(2026, 9, 3, 9, 15, tzinfo=UTC)
    await clock.move_to(end - timedelta(minutes=1))
    await clock.move_to(end)
    public = [m for m in world.channel.messages if not m.ephemeral]
    (closes,) = [m for m in public if "the frame closes" in m.text]
    (pulse,) = [m for m in public if "How was the session?" in m.text]
    assert closes.timestamp.replace(second=0, microsecond=0) == end, closes.timestamp
    assert public.index(closes) < public.index(pulse), "the frame closes before feedback asks"
