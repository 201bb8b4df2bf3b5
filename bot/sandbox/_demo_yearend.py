"""Sandbox walk-through of the year's end, the last step, shown early so the demo stays short: the
leaders look at the year at a glance (/report year), endorse a trainee's attendance certificate,
anyone checks its code (/attendance verify), and the leaders close the group before its end date
(which needs a confirmation). The exports and the certificate are saved with the other files.
"""

from __future__ import annotations

import re
from typing import Any


async def walk(demo: Any) -> None:
    w = demo.world
    ch = w.channel
    alice = w.trainee("alice")
    demo.heading("The year's end (shown early): the year at a glance, certificates, closing")

    demo.say(w.leader, "/report year")
    report = await w.leader.slash("report year", in_channel=ch)
    await demo.clock.settle()  # the chart is drawn in the rendering worker: its answer follows
    demo.show(w.leader, report)

    demo.say(w.leader, "/attendance endorse member:alice")
    endorsed = await w.leader.slash("attendance endorse", in_channel=ch, member=alice)
    demo.show(w.leader, endorsed)
    code = re.search(r"\*\*([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\*\*", endorsed.text)
    demo.news()
    if code is not None:
        demo.say(w.outsider, f"/attendance verify code:{code.group(1)}   (her supervisor, say)")
        demo.show(
            w.outsider,
            await w.outsider.slash("attendance verify", in_channel=w.general, code=code.group(1)),
        )

    demo.say(w.leader, "/group close   (before the end date: the bot asks to confirm)")
    asked = await w.leader.slash("group close", in_channel=ch)
    demo.show(w.leader, asked)
    demo.say(w.leader, "clicks “Close the group now”")
    closed = await w.leader.click("Close the group now", message=asked)
    await demo.clock.settle()  # "building 8 certificates...", then the exports
    demo.show(w.leader, closed)
    demo.news()
    demo.say(alice, "/attendance me   (after the close: the ledger is kept for certificates)")
    demo.show(alice, await alice.slash("attendance me", in_channel=ch))
    demo.say(w.coleader, "/leader log   (after the close: a leader's own log stays theirs)")
    demo.show(w.coleader, await w.coleader.slash("leader log", in_channel=w.leaders_channel))

    demo.heading("Next year: one record across groups, shared only by the trainee")
    demo.say(w.leader, "/group renew start_date:2027-09-02 end_date:2028-07-27")
    demo.show(
        w.leader,
        await w.leader.slash(
            "group renew", in_channel=ch, start_date="2027-09-02", end_date="2028-07-27"
        ),
    )
    demo.say(w.leader, "/attendance ltft member:alice fraction:60%   (she now works 3 days a week)")
    demo.show(
        w.leader,
        await w.leader.slash("attendance ltft", in_channel=ch, member=alice, fraction="60%"),
    )
    demo.say(alice, "/attendance me   (every group of this bot counts toward her target)")
    demo.show(alice, await alice.slash("attendance me", in_channel=ch))
    demo.say(w.leader, "/attendance group   (last year's record is hers: not shown)")
    demo.show(w.leader, await w.leader.slash("attendance group", in_channel=ch))
    demo.say(alice, "/attendance share")
    demo.show(alice, await alice.slash("attendance share", in_channel=ch))
    demo.say(w.leader, "/attendance group   (now with what she shared)")
    demo.show(w.leader, await w.leader.slash("attendance group", in_channel=ch))
