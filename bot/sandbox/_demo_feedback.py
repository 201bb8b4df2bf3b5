"""Sandbox walk-through of anonymous feedback, the last step: a session ends, a pulse appears,
five trainees answer privately (one comment is stopped by the de-identification gate, one is
repeated and refused), the non-responders get a private reminder, the pulse closes and the leader
sees the results with the chart, then shares a summary with the group.

Finds the next session itself, so it works wherever the earlier walk-throughs left the clock.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain.feedback import PULSE_ITEMS
from bot.store import feedback as fb
from bot.store.groups import group_for_channel
from bot.store.sessions import current_or_next_session

ANSWER = "Answer (anonymous)"
# Each trainee's answers to the four pulse questions (1 = strongly disagree .. 5 = strongly agree)
ANSWERS = {
    "alice": (4, 4, 5, 5),
    "bob": (3, 2, 3, 4),
    "carol": (5, 4, 4, 5),
    "dan": (4, 3, 2, 4),
    "erin": (5, 5, 4, 5),
}


async def walk(demo: Any) -> None:
    w = demo.world
    bot = demo.bot
    group = await group_for_channel(bot.db, w.channel.id)
    session = await current_or_next_session(bot.db, group.id, bot.now()) if group else None
    if group is None or session is None:
        demo.say("sandbox", "(no session left to end: skipping the feedback walk-through)")
        return

    from bot.sandbox._demo_structure import before, during

    await before(demo)
    await demo.clock.move_to(session.starts_at + timedelta(minutes=2))
    demo.heading("The next session: the check-in")
    room = set(w.guild.in_voice(w.voice_room)) if w.voice_room is not None else set()
    pressing = [name for name in ANSWERS if w.trainee(name).id not in room]
    joined = [name for name in ANSWERS if w.trainee(name).id in room]
    demo.say(
        "sandbox",
        f"{', '.join(pressing)} press “I'm here” as they arrive"
        + (
            f"; {' and '.join(joined)}, in the voice room, were checked in as it opened"
            if joined
            else ""
        ),
    )
    for name in pressing:
        await w.trainee(name).click("I'm here", in_channel=w.channel)
    demo.news()
    await during(demo, session)

    await demo.clock.move_to(session.ends_at + timedelta(minutes=1))
    demo.heading("Anonymous feedback: a pulse after the session")
    poll = await fb.pulse_for_session(bot.db, session.id)
    assert poll is not None, "the pulse opens when the session ends"
    post = next(m for m in w.channel.messages if m.id == poll.message_id)
    demo.news()

    for name, values in ANSWERS.items():
        member = w.trainee(name)
        demo.say(member, f"clicks “{ANSWER}”")
        screen = await member.click(ANSWER, message=post)
        if name == "alice":
            demo.show(member, screen)
        for item, value in zip(PULSE_ITEMS, values, strict=True):
            await member.select(f"feedback:q:{item.key}", [str(value)], message=screen)
        demo.say(member, "chooses: " + ", ".join(str(v) for v in values))
        if name == "bob":
            demo.say(member, "adds a comment that names a patient's phone number")
            await member.click("Add a comment", message=screen)
            demo.show(
                member,
                await member.submit_modal({"comment": "Mrs Green (07700 900461) again"}),
            )
            demo.say(member, "rewrites it")
            await member.click("Add a comment", message=screen)
            await member.submit_modal(
                {"comment": "Staying with the silence felt awkward but it helped."}
            )
        demo.show(member, await member.click("Send", message=screen))
    alice = w.trainee("alice")
    demo.say(alice, f"clicks “{ANSWER}” again")
    demo.show(alice, await alice.click(ANSWER, message=post))
    demo.say(w.leader, "/feedback results   (while the pulse is still open)")
    demo.show(w.leader, await w.leader.slash("feedback results", in_channel=w.leaders_channel))

    await demo.clock.move_to(poll.remind_at + timedelta(minutes=1))
    demo.heading("Two days later: a private reminder to those who have not answered")
    reminded = [
        m for m in w.trainees if any(ANSWER in d.buttons and poll.label in d.text for d in m.inbox)
    ]
    demo.say(
        "sandbox",
        "reminded by DM: " + ", ".join(m.name for m in reminded) + " (only those who had not "
        "answered; nobody else is told who)",
    )

    await demo.clock.move_to(poll.closes_at + timedelta(minutes=1))
    demo.heading("The pulse closes; the leaders see the results")
    demo.news()
    demo.say(w.leader, "/feedback results")
    results = await w.leader.slash("feedback results", in_channel=w.leaders_channel)
    await demo.emulator.idle()
    demo.show(w.leader, results)
    demo.say(w.leader, "clicks “Share summary with the group”")
    demo.show(w.leader, await w.leader.click("Share summary with the group", message=results))
    demo.news()
