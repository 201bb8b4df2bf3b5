"""The sessions capability's moving parts in one place, owned by the /schedule cog: the timed
posts, the native events, the periodic catch-up, and what follows a leader's change to a session.

Order after a change (other capabilities rely on it): the row is updated (by the caller, in the
store), then bot.session_changed re-plans the session's posts and tells every listener in
bot.hooks.session_changed (session, "moved"|"skipped"|"cancelled"|"restored"). This service's
`follow` is the first listener: the native event follows and posts already out are corrected.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from bot.app import BalintBot
from bot.store.sessions import Session
from cogs.sessions._events import EventKeeper
from cogs.sessions._posts import SessionPosts

log = logging.getLogger("cogs.sessions")


class SessionsService:
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        self.posts = SessionPosts(bot)
        self.events = EventKeeper(bot)

    def spawn(self, coro: Awaitable[Any]) -> None:
        """Background work the scheduler tracks (tests and the sandbox can wait for it)."""
        self.bot.scheduler.spawn(coro)

    async def tick(self) -> None:
        self.spawn(self.catch_up())

    async def catch_up(self) -> None:
        """Close sessions that ended unclosed, then bring the native events up to date."""
        try:
            await self.posts.sweep()
        except Exception:
            log.exception("closing ended sessions failed; will try again")
        try:
            await self.events.sync()
        except Exception:
            log.exception("updating the server's events failed; will try again")

    async def changed(self, session: Session, change: str) -> None:
        """Everything that follows a change to a session's row."""
        await self.bot.session_changed(session, change)

    async def follow(self, session: Session, change: str) -> None:
        """The sessions capability's part of a change: the native event, and posts already out."""
        try:
            await self.events.on_change(session, change)
        except Exception:
            log.exception("the event of session %s could not follow a change", session.id)
        try:
            if change in ("skipped", "cancelled"):
                await self.posts.withdraw_posts(session)
            elif change == "moved":
                await self.posts.after_move(session)
            elif change == "restored":
                await self.posts.after_restore(session)
        except Exception:
            log.exception("posts of session %s could not be corrected after a change", session.id)
