"""Sandbox walk-through of the sessions capability: the week's posts of the first session.

T-72h "Who has a case?" (only the count), the leaders' agenda at T-24h (pinned), the ground rules
at T-10min, the check-in at T0 with an on-time and a late arrival, the close; a declared absence,
the calendar commands and a trainee's own record. Moves the clock to just after the first session
ends, so later walk-throughs meet the next one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain.wording import plural
from bot.store.groups import group_for_channel
from bot.store.sessions import current_or_next_session


async def walk(demo: Any) -> None:
    w = demo.world
    ch = w.channel
    bot = demo.bot
    alice, bob, carol, erin = (w.trainee(n) for n in ("alice", "bob", "carol", "erin"))
    group = await group_for_channel(bot.db, ch.id)
    session = await current_or_next_session(bot.db, group.id, bot.now()) if group else None
    if group is None or session is None:
        return

    demo.heading("Sessions: the calendar")
    demo.say(alice, "/schedule show count:4")
    demo.show(alice, await alice.slash("schedule show", in_channel=ch, count=4))
    demo.say(w.leader, "/schedule skip date:2026-12-24 reason:Christmas")
    demo.show(
        w.leader,
        await w.leader.slash("schedule skip", in_channel=ch, date="2026-12-24", reason="Christmas"),
    )
    demo.say(alice, "/schedule calendar")
    r = await alice.slash("schedule calendar", in_channel=ch)
    demo.show(alice, r)
    for name, data in r.files:
        events = plural(data.count(b"BEGIN:VEVENT"), "event")
        demo.say(alice, f"(saves {name}: {events} for her phone)")
    await demo.clock.settle()
    demo.news()

    demo.heading("Sessions: T-72h, who has a case?")
    await demo.clock.settle()
    demo.news()
    demo.say(alice, "presses 'I have a case in mind'")
    demo.show(alice, await alice.click("I have a case in mind", in_channel=ch))
    demo.say(carol, "presses 'I have a case in mind'")
    demo.show(carol, await carol.click("I have a case in mind", in_channel=ch))
    # the public count changes only at the next whole hour, so it says nothing about who pressed
    hour = bot.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    await demo.clock.move_to(hour + timedelta(minutes=1))
    demo.heading("Sessions: at the next whole hour, the count on the post")
    who = [m for m in ch.messages if not m.ephemeral and "**Who has a case?**" in m.text]
    if who:
        demo.say(bob, "sees the count on the post: " + who[-1].text.splitlines()[-1])
    demo.say(erin, "/absence date:next reason:On call")
    demo.show(erin, await erin.slash("absence", in_channel=ch, date="next", reason="on_call"))

    demo.heading("Sessions: the leaders' agenda")
    demo.say(w.leader, "/agenda set")
    await w.leader.slash("agenda set", in_channel=ch)
    text = "Welcome to our first session. One case today; we'll take a few minutes at the end for how the group will work this year."
    demo.say(w.leader, f"(types in the form) {text}")
    demo.show(w.leader, await w.leader.submit_modal({"agenda_text": text}))

    await demo.clock.move_to(session.starts_at - timedelta(hours=24) + timedelta(minutes=1))
    demo.heading("Sessions: T-24h, the agenda is posted and pinned")
    demo.news()

    await demo.clock.move_to(session.starts_at - timedelta(minutes=10))
    demo.heading("Sessions: T-10min, the ground rules")
    demo.news()

    await demo.clock.move_to(session.starts_at + timedelta(minutes=1))
    demo.heading("Sessions: T0, the check-in")
    demo.news()
    demo.say(alice, "presses 'I'm here'")
    demo.show(alice, await alice.click("I'm here", in_channel=ch))
    await demo.clock.move_to(session.starts_at + timedelta(minutes=12))
    demo.say(bob, "arrives 12 minutes late and presses 'I'm here'")
    demo.show(bob, await bob.click("I'm here", in_channel=ch))

    await demo.clock.move_to(session.ends_at + timedelta(minutes=1))
    demo.heading("Sessions: the end, the frame closes")
    demo.news()
    demo.say(bob, "/attendance me")
    demo.show(bob, await bob.slash("attendance me", in_channel=ch))
    demo.say(w.leader, "/attendance group")
    demo.show(w.leader, await w.leader.slash("attendance group", in_channel=ch))
