"""Shared by the sessions cogs (/schedule, /agenda, /absence, /attendance): the checks they
repeat. Which session a person means, and how to name it, is bot/which_session.py (shared with
every capability).
"""

from __future__ import annotations

import discord

from bot.app import BalintBot
from bot.domain.anonymity import handle
from bot.errors import UserError
from bot.store.groups import Group
from bot.store.sessions import Session, get_session
from bot.which_session import day_label

NO_MENTIONS = discord.AllowedMentions.none()
CASE_SALT = b"sessions:case-intent"


def case_handle(key: bytes, session_id: int, user_id: int) -> str:
    """The anonymous handle behind a press of "I have a case in mind" (never stored as who)."""
    return handle(key, CASE_SALT, session_id, user_id)


async def session_by_id(bot: BalintBot, session_id: int) -> Session:
    found = await get_session(bot.db, session_id)
    if found is None:
        raise UserError("That session no longer exists.")
    return found


def not_started(bot: BalintBot, group: Group, session: Session, doing: str) -> None:
    """Refuse changes to sessions that have started or are in the past."""
    if session.starts_at <= bot.now():
        past = session.ends_at <= bot.now()
        raise UserError(
            f"The session on {day_label(group, session)} "
            + ("is in the past" if past else "has already started")
            + f", so it cannot be {doing}. Pick a date still to come (see /schedule show)."
        )
