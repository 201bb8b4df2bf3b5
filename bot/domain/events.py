"""How many of a server's Discord events the bot may hold, and for which sessions.

Discord allows at most 100 scheduled or active events per server (error 30038), shared by every
group the bot runs there and by the server's own people. The bot never takes the last few free
places (people can still announce their own events), and when its share is short it gives the
events to the nearest sessions first: a busy server has fewer events ahead per group, never a
group whose next session has none while another group's later ones do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

SERVER_LIMIT = 100  # scheduled or active events in one server (Discord)
LEFT_FOR_PEOPLE = 10  # free places the bot leaves to the server's own people

T = TypeVar("T")


def room_for_bot(held_by_others: int) -> int:
    """Events the bot may hold for upcoming sessions when ``held_by_others`` places (people's
    events, and the bot's own that are running now) are taken."""
    return max(SERVER_LIMIT - LEFT_FOR_PEOPLE - held_by_others, 0)


def nearest_first(wanted: Sequence[T], room: int, starts_at: Callable[[T], datetime]) -> list[T]:
    """The ``room`` wanted sessions that start soonest (ties: the order given)."""
    return sorted(wanted, key=starts_at)[:room]
