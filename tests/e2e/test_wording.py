"""How the bot writes, through the emulator: dates one way (the year only when it is not this
year's), counts with the right plural, instructions that name only buttons that are there, and the
gate's quotes and advice fitting what was written."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.app import BalintBot
from bot.emulator.emulator import Channel, Message
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group

FULL_DATE = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}\b")


def public(channel: Channel) -> list[Message]:
    return [m for m in channel.messages if not m.ephemeral]


async def test_dates_carry_the_year_only_when_it_is_not_this_year(
    bot: BalintBot, world: World, group: Group
) -> None:
    leader, ch = world.leader, world.channel
    r = await leader.slash("schedule skip", date="2026-12-24", reason="Christmas", in_channel=ch)
    assert "Thu 24 Dec is skipped" in r.text and "2026" not in r.text.split("`")[0]
    assert "no session on **Thu 24 Dec** (Christmas)" in public(ch)[-1].text
    r = await leader.slash("schedule skip", date="2027-01-07", reason="New Year", in_channel=ch)
    assert "Thu 7 Jan 2027 is skipped" in r.text
    assert "no session on **Thu 7 Jan 2027** (New Year)" in public(ch)[-1].text
    r = await leader.slash("schedule show", count=20, in_channel=ch)
    assert "~~Thu 24 Dec~~" in r.text and "~~Thu 7 Jan 2027~~" in r.text
    # restoring names the session once, not "Thu 7 Jan 2027 meets Thu 7 Jan 2027"
    r = await leader.slash("schedule restore", date="2027-01-07", in_channel=ch)
    assert r.text.startswith("Restored: the session of <t:") and not FULL_DATE.search(r.text)
    assert "takes place after all" in public(ch)[-1].text
    assert not FULL_DATE.search(public(ch)[-1].text)


async def test_who_presented_names_only_the_buttons_it_has_and_counts_read_right(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    alice = world.trainees[0]
    r = await alice.slash("volunteer", session="2026-09-10", in_channel=world.channel)
    assert "Thank you" in r.text
    # 3 Sep: nobody was scheduled, so there is nothing to confirm
    await clock.move_to(datetime(2026, 9, 3, 9, 16, tzinfo=UTC))
    (first,) = [m for m in world.leaders_channel.messages if "Who presented on Thu 3 Sep" in m.text]
    assert first.buttons == ["No case"]
    assert "Confirm" not in first.text and "**No case**" in first.text
    # one pulse is open: "1 poll is open", not "1 poll(s) are open"
    r = await world.leader.slash("feedback results", in_channel=world.leaders_channel)
    assert "1 poll is open" in r.text and "(s)" not in r.text
    # 10 Sep: alice was scheduled, so Confirm is offered and named
    await clock.move_to(datetime(2026, 9, 10, 9, 16, tzinfo=UTC))
    (second,) = [
        m for m in world.leaders_channel.messages if "Who presented on Thu 10 Sep" in m.text
    ]
    assert second.buttons == ["Confirm as scheduled", "No case"]
    assert "**Confirm as scheduled**" in second.text


async def test_the_gate_quotes_a_bracketed_phone_number_whole_and_advises_for_a_draft(
    bot: BalintBot, world: World, group: Group
) -> None:
    alice = world.trainees[0]
    r = await alice.slash("draft new", in_channel=world.channel)
    assert r.modal is not None
    r = await alice.submit_modal(
        {"theme": "Feeling useless", "body": "She rings me (07700 900461) every night."}
    )
    assert '"07700 900461"' in r.text and '"(07700' not in r.text, r.text
    r = await alice.slash("draft new", in_channel=world.channel)
    r = await alice.submit_modal(
        {"theme": "Feeling useless", "body": "I told Grace about her after the last session."}
    )
    assert "group member" in r.text, r.text
    assert "comment" not in r.text.lower(), "a draft is not a comment"
