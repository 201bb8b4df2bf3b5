"""Sandbox walk-through of the session's structure, during the second session (the feedback
walk-through calls it after the check-in): a leader starts the phase timer, the one message in the
group's channel changes as the phases pass, a trainee cannot move it, the leaders pause it and
move on to the push-back.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any


def _now_line(message: Any) -> str:
    """The timer's current phase, as the message shows it."""
    lines: list[str] = message.text.splitlines()
    current = [line for line in lines if line.startswith(("▶", "⏸"))]
    return current[0] if current else lines[-1]


async def before(demo: Any) -> None:
    """The leaders name the group's voice room; two trainees join it before the session."""
    w = demo.world
    if w.voice_room is None:
        return
    demo.heading("Attendance from voice: the group also meets in a voice channel")
    demo.say(w.leader, "/group edit voice_channel:#balint-room")
    demo.show(
        w.leader,
        await w.leader.slash("group edit", in_channel=w.channel, voice_channel=w.voice_room),
    )
    for name in ("alice", "bob"):
        demo.say(w.trainee(name), "joins #balint-room (no button to press)")
        w.trainee(name).join_voice(w.voice_room)
    await demo.clock.settle()


async def during(demo: Any, session: Any) -> None:
    w = demo.world
    leader, coleader, bob = w.leader, w.coleader, w.trainee("bob")
    demo.heading("The session's structure: a timer for the phases")
    demo.say(leader, "/session start")
    demo.show(leader, await leader.slash("session start", in_channel=w.channel))
    timer = next(
        (m for m in reversed(w.channel.messages) if m.text.startswith("**The session's structure")),
        None,
    )
    if timer is None:
        return
    await demo.clock.move_to(session.starts_at + timedelta(minutes=16))
    demo.say(bob, "sees the same message, edited as the phases change: " + _now_line(timer))
    demo.say(bob, "clicks “Pause”")
    demo.show(bob, await bob.click("Pause", message=timer))
    demo.say(coleader, "clicks “Pause” (someone's connection dropped)")
    await coleader.click("Pause", message=timer)
    demo.say(coleader, "sees: " + _now_line(timer))
    await demo.clock.move_to(session.starts_at + timedelta(minutes=19))
    demo.say(coleader, "clicks “Resume”, then “Next phase”")
    await coleader.click("Resume", message=timer)
    await coleader.click("Next phase", message=timer)
    demo.say(bob, "sees: " + _now_line(timer))
