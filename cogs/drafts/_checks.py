"""The checks every press on a draft repeats: it still exists, and the person may act on it.

A custom_id says nothing about who wrote a draft, so each press is checked again here: a leader of
the group for approve, reject and ask; the author's handle for edit, withdraw and answer.
"""

from __future__ import annotations

from datetime import datetime

import discord

from bot.access import require_leader
from bot.app import BalintBot
from bot.domain.calendar import discord_timestamp
from bot.errors import UserError
from bot.store import drafts as store
from bot.store.groups import Group, get_group
from bot.store.sessions import Session, get_session

Found = tuple[store.Draft, Group, Session]
GONE = "That draft no longer exists: it was withdrawn, rejected, or deleted after its session."
NO_GROUP = "That draft's group or session no longer exists."


async def open_draft(bot: BalintBot, draft_id: int) -> Found:
    """An open draft with its group and session, or a clear refusal."""
    return await _found(bot, draft_id, open_now=True)


async def authored(bot: BalintBot, draft_id: int, user: discord.abc.User) -> Found:
    """An open draft this person wrote (their handle matches), or a refusal."""
    draft, group, session = await open_draft(bot, draft_id)
    if not draft.is_by(bot.key, user.id):
        raise UserError("Only the author of a draft can do this (and only they know who it is).")
    return draft, group, session


async def led(bot: BalintBot, draft_id: int, user: discord.abc.User) -> Found:
    """A draft open as the leaders saw it, in a group this person leads, or a refusal."""
    draft, group, session = await seen_open(bot, draft_id)
    await require_leader(bot.db, group, user)
    return draft, group, session


async def seen_open(bot: BalintBot, draft_id: int) -> Found:
    """A draft open as the leaders saw it at the last round, or a refusal. Whatever its author
    did since (edit, answer, withdrawal) makes no difference here: the leaders learn of it with
    the next round."""
    return await _found(bot, draft_id, open_now=False)


async def _found(bot: BalintBot, draft_id: int, *, open_now: bool) -> Found:
    """The draft with its group and session if it is open (now, or as the leaders last saw it)."""
    draft = await store.get_draft(bot.db, draft_id)
    if draft is None or not (draft.is_open if open_now else draft.is_seen_open):
        raise UserError(GONE)
    group = await get_group(bot.db, draft.group_id)
    session = await get_session(bot.db, draft.session_id)
    if group is None or session is None:
        raise UserError(NO_GROUP)
    return draft, group, session


async def question(bot: BalintBot, question_id: int) -> store.Question:
    found = await store.get_question(bot.db, question_id)
    if found is None:
        raise UserError("That question no longer exists (its draft was deleted).")
    return found


def accepting(now: datetime, session: Session) -> None:
    """Refuse sessions a draft can no longer be written or changed for."""
    when = discord_timestamp(session.starts_at)
    if not session.is_active:
        raise UserError(f"The session on {when} is {session.status}; pick another session.")
    if session.starts_at <= now:
        raise UserError(
            f"The session on {when} has already started; drafts are for sessions still to come."
        )
