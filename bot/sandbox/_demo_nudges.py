"""Sandbox walk-through of a week nobody offers a case: the "Who has a case?" post, then 48 hours
before the session a gentle private note to the three members whose turn it most is (never the
moment a group is set up: members first get the whole week's chance to offer).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.store.groups import group_for_channel
from bot.store.sessions import next_session_to_start


async def walk(demo: Any) -> None:
    w = demo.world
    group = await group_for_channel(demo.bot.db, w.channel.id)
    if group is None:
        return
    session = await next_session_to_start(demo.bot.db, group.id, demo.bot.now())
    if session is None:
        return
    hours = demo.bot.settings.presenting.nudge_hours
    await demo.clock.move_to(session.starts_at - timedelta(hours=hours, minutes=-1))
    demo.heading("Nobody has offered a case this week: a gentle private note to three members")
    demo.news()
    nudged = [m.name for m in w.trainees if any("gentle, private note" in d.text for d in m.inbox)]
    demo.say(
        "sandbox",
        "nudged by DM: " + ", ".join(nudged) + " (whose turn it most is; nobody is told who, "
        "and `/nudges off` stops them)",
    )
