"""Sandbox walk-through of the leaders' own practice, right after the first session: the debrief
prompt in the leaders' channel, the co-leaders' shared note (written by one, read by the other,
only ever in private answers), a supervision session added to a leader's log, and /leader log
with its PDF and CSV for an accreditation application.
"""

from __future__ import annotations

from typing import Any


async def walk(demo: Any) -> None:
    w = demo.world
    leader, coleader = w.leader, w.coleader
    prompt = next(
        (m for m in reversed(w.leaders_channel.messages) if m.text.startswith("**Debrief:")), None
    )
    if prompt is None:
        return
    demo.heading("The leaders: the debrief after the session")
    demo.say(coleader, "clicks “Write the debrief note”")
    demo.show(coleader, await coleader.click("Write the debrief note", message=prompt))
    note = {
        "happened": "Alice brought a patient who keeps missing appointments; the group wanted "
        "to rescue her at first, then stayed with the frustration.",
        "process": "A slow start; a long silence before anyone spoke. Bob was late and quiet.",
        "watch": "Carol has missed the first session without apologies.",
    }
    demo.say(coleader, "(types in the form) " + " / ".join(note.values()))
    demo.show(coleader, await coleader.submit_modal(note))
    demo.say(leader, "clicks “Read the note”")
    demo.show(leader, await leader.click("Read the note", message=prompt))

    demo.heading("The leaders: each one's own log, for accreditation")
    demo.say(
        coleader,
        "/leader add what:Supervision session date:2026-09-01 note:monthly group supervision",
    )
    demo.show(
        coleader,
        await coleader.slash(
            "leader add",
            in_channel=w.leaders_channel,
            what="supervision",
            date="2026-09-01",
            note="monthly group supervision",
        ),
    )
    demo.say(coleader, "/leader log")
    demo.show(coleader, await coleader.slash("leader log", in_channel=w.leaders_channel))
