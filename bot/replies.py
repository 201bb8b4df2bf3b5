"""One shape for "answer, then do the follow-up work", shared by the capabilities whose commands
and buttons tell other people something too (presenting tells whom a change moved; drafts relay
to an anonymous author)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reply:
    """What to tell the person who acted, and work to start only once they have been told: the
    interaction is answered within Discord's 3 seconds, and the answer never waits on (or
    depends on) whether someone else's private message got through."""

    text: str
    then: Callable[[], Awaitable[None]] | None = None
