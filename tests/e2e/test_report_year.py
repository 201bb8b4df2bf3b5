"""/report year through the emulator: the leaders' heatmap and the data behind it (attendance,
presentations, drift-away runs) and the feedback trend from released results only."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

from bot.app import BalintBot
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e._waits import timed
from tests.e2e.conftest import Answered
from tests.e2e.test_feedback import answer_pulse

S1 = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)  # 09:00 London


async def test_the_year_at_a_glance_shows_who_came_presented_drifted_and_released_feedback(
    bot: BalintBot, world: World, group: Group, clock: Clock, answered: Answered
) -> None:
    ch = world.channel
    alice, bob, carol, dan, erin, frank = world.trainees[:6]
    await alice.slash("volunteer", in_channel=ch, session="2026-09-03")
    await clock.move_to(S1 + timedelta(minutes=1))
    for t in (alice, bob, carol, dan, erin):
        assert "checked in" in (await t.click("I'm here", in_channel=ch)).text
    await clock.move_to(S1 + timedelta(minutes=76))
    for t in (alice, bob, carol, dan, erin):
        await answer_pulse(t, value=4, in_channel=ch)
    s2 = S1 + timedelta(weeks=1)
    await clock.move_to(s2 + timedelta(minutes=1))
    for t in (bob, carol):
        await t.click("I'm here", in_channel=ch)
    await clock.move_to(s2 + timedelta(minutes=76))
    for t in (bob, carol):  # fewer than k=5: never released on its own
        await answer_pulse(t, value=1, in_channel=ch)
    await clock.move_to(S1 + timedelta(weeks=2, minutes=1))  # the third: nobody comes
    await clock.move_to(S1 + timedelta(weeks=2, hours=3))

    r = await bob.slash("report year", in_channel=ch)
    assert r.ephemeral and "Only the leaders" in r.text
    r = await timed(world.leader.slash("report year", in_channel=ch))
    # said at once what is being drawn; the chart follows from the rendering worker
    assert r.ephemeral and r.text.startswith("Drawing **Thursday Balint group**'s year"), r.text
    await answered(r, "the year so far")
    files = dict(r.files)
    (png,) = [v for k, v in files.items() if k.endswith(".png")]
    (md,) = [v.decode() for k, v in files.items() if k.endswith(".md")]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "3 sessions met" in r.text, r.text
    assert "• alice: 1 attended, 1 presentation; missed in a row: 2 from Thu 10 Sep" in r.text
    assert "• bob: 2 attended, no presentations" in r.text
    assert "• frank: 0 attended, no presentations; missed in a row: 3 from Thu 3 Sep" in r.text
    # the data behind the picture
    assert "| alice | 1 | 0 | 0 | 2 | 1 | 2 from 10 Sep |" in md
    assert "| bob | 2 | 0 | 0 | 1 | 0 | - |" in md
    assert "| frank | 0 | 0 | 0 | 3 | 0 | 3 from 3 Sep |" in md
    # feedback: only the released pulse (5 answers, all 4s); the two 1s wait unreleased
    assert "1 released result (5 answers)" in r.text and "Worthwhile use of my time: 4.0" in md
    assert "->" not in md.split("## Feedback")[1], "one result is a level, not a trend"
    assert "1.0" not in md.split("## Feedback")[1] and "3.0" not in md.split("## Feedback")[1]


async def test_the_year_before_any_session_met_is_drawn_without_a_warning(
    bot: BalintBot, world: World, group: Group, answered: Answered
) -> None:
    """Asked for on the day the group was set up: a chart of the roster and no sessions yet,
    drawn without matplotlib's 'identical low and high xlims' warning on the host's stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = await answered(
            await world.leader.slash("report year", in_channel=world.channel), "the year so far"
        )
    assert r.ephemeral, r.text
    (png,) = [v for k, v in dict(r.files).items() if k.endswith(".png")]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert [str(w.message) for w in caught if issubclass(w.category, UserWarning)] == []
