"""Sandbox walk-through of anonymous case drafts: a trainee writes a draft with a date of birth in
it, the gate stops it and says why, she fixes it in the re-opened form (nothing she typed is lost),
at the next whole hour the leaders get it (with any other drafts of that hour, so the time says
nothing about who wrote it) and approve it without knowing who wrote it, and its theme appears in
the agenda.

Picks the next session whose agenda is still to come, and moves the clock only to that agenda, so
the walk-throughs after it still find that session ahead of them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain.wording import plural
from bot.store.deliveries import delivered_message
from bot.store.groups import group_for_channel
from bot.store.sessions import upcoming_sessions

THEME = "A patient who makes me feel useless"
BLOCKED = (
    "She was born on 14/03/1961 and says nothing I do helps. I leave every visit feeling I have "
    "failed her, and then I avoid her."
)
FIXED = (
    "She is in her sixties and says nothing I do helps. I leave every visit feeling I have "
    "failed her, and then I avoid her."
)


async def walk(demo: Any) -> None:
    w, bot = demo.world, demo.bot
    alice, leader = w.trainee("alice"), w.leader
    group = await group_for_channel(bot.db, w.channel.id)
    ahead = (
        await upcoming_sessions(bot.db, group.id, bot.now(), include_inactive=False)
        if group
        else []
    )
    session = next((s for s in ahead if s.starts_at - timedelta(hours=24) > bot.now()), None)
    if session is None:
        demo.say("sandbox", "(no session ahead to draft for: skipping the drafts walk-through)")
        return

    demo.heading("Anonymous case drafts: preparing a case without being named")
    demo.say(alice, f"/draft new session:{session.local_date}")
    form = await alice.slash("draft new", in_channel=w.channel, session=session.local_date)
    demo.say(alice, f"sees a form titled “{form.modal['title']}”, and writes:")
    demo.say(alice, f"  theme: {THEME} | invented name: Sam | paragraph: {BLOCKED}")
    blocked = await alice.submit_modal({"theme": THEME, "body": BLOCKED, "first_name": "Sam"})
    demo.show(alice, blocked)

    demo.say(alice, "clicks “Edit my draft”: the form opens again with everything she typed")
    await alice.click("Edit my draft", blocked)
    demo.say(alice, f"  changes the paragraph to: {FIXED}")
    demo.show(alice, await alice.submit_modal({"body": FIXED}))

    now = bot.now()
    await demo.clock.move_to(now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1))
    demo.heading("At the next whole hour: the hour's drafts reach the leaders together")
    demo.news()  # the review card: the text, never the author
    demo.say(leader, "clicks “Approve” on the card")
    card = w.leaders_channel.last_message
    demo.show(leader, await leader.click("Approve", card))
    await demo.clock.settle()  # the author's DM follows the leader's reply
    demo.news()

    demo.say(alice, "/draft mine")
    demo.show(alice, await alice.slash("draft mine", in_channel=w.channel))

    await demo.clock.move_to(session.starts_at - timedelta(hours=24) + timedelta(minutes=1))
    demo.heading("The day before: approved themes in the agenda, all at once, in random order")
    if await delivered_message(bot.db, session.id, "agenda") is None:
        demo.say("sandbox", "(no agenda post in this build: the theme waits for it)")
    demo.news()
    demo.say(
        "sandbox",
        f"the draft, its card and the DMs are deleted {plural(bot.settings.drafts.expiry_hours, 'hour')} "
        "after the session; /privacy explains what is kept, and for how long",
    )
