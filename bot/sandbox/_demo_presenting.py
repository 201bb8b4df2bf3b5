"""Sandbox walk-through of presenting: a trainee volunteers, another becomes a reserve, /rota me.

Uses only "next" so it works whatever the earlier walk-throughs did with the clock, and does not
move time itself.
"""

from __future__ import annotations

from typing import Any


async def walk(demo: Any) -> None:
    w = demo.world
    ch = w.channel
    alice, bob = w.trainee("alice"), w.trainee("bob")
    demo.heading("Presenting: volunteering instead of 'who has a case?'")
    # nudges for a session with no case yet are private: each member sees only their own
    await demo.clock.settle()
    demo.news()

    demo.say(alice, "/volunteer named:True")
    demo.show(alice, await alice.slash("volunteer", in_channel=ch, named=True))
    demo.say(bob, "/volunteer")
    demo.show(bob, await bob.slash("volunteer", in_channel=ch))
    demo.say(bob, "/volunteer   (pressed again)")
    demo.show(bob, await bob.slash("volunteer", in_channel=ch))

    demo.say(alice, "/rota me")
    demo.show(alice, await alice.slash("rota me", in_channel=ch))
    demo.say(bob, "/rota me")
    demo.show(bob, await bob.slash("rota me", in_channel=ch))
    demo.say(w.leader, "/rota group")
    demo.show(w.leader, await w.leader.slash("rota group", in_channel=ch))

    demo.say(alice, "/withdraw")
    demo.show(alice, await alice.slash("withdraw", in_channel=ch))
    await demo.clock.settle()
    demo.news()  # the first reserve steps up and is told privately
    demo.say(alice, "/volunteer   (changed her mind again)")
    demo.show(alice, await alice.slash("volunteer", in_channel=ch))
    demo.news()
