"""Shared by the presenting cogs: wording, when the rota locks, and private messages.

Kept out of the cogs so /volunteer, /presenter, the scheduled posts and the buttons in direct
messages tell people about changes in the same words. Which session a person means, and how to
name it, is bot/which_session.py (shared with every capability).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import discord

from bot import roster_notices
from bot.app import BalintBot
from bot.domain.sessions import agenda_time
from bot.errors import UserError
from bot.scheduling import nonce_for
from bot.store import rota
from bot.store.db import Database
from bot.store.groups import Group, get_group
from bot.store.sessions import Session, get_session
from bot.which_session import date_option, when

log = logging.getLogger(__name__)


# -- wording ----------------------------------------------------------------------------------


# How the agenda names a presenter who did not choose to be named: a line of its own, before the
# drafts' list, so it never reads as the presenter of the draft above it.
UNNAMED = "Presenting: a member of the group, not named in advance"


def slots_word(count: int) -> str:
    return "the case slot" if count == 1 else f"all {count} case slots"


def place(outcome_status: str | None, position: int | None) -> str:
    if outcome_status == rota.PRESENTER:
        return "down to present"
    if outcome_status == rota.RESERVE:
        return f"reserve number {position}" if position else "a reserve"
    return "not on the rota"


# -- time rules -------------------------------------------------------------------------------


def lock_time(bot: BalintBot, session: Session) -> datetime:
    """Presenters are settled when the agenda goes out; before that the fairness rule may still
    give a slot to someone who has presented less."""
    return agenda_time(session.starts_at, bot.settings.sessions.agenda_hours)


def is_locked(bot: BalintBot, session: Session) -> bool:
    return bot.now() >= lock_time(bot, session)


# -- sessions from buttons -----------------------------------------------------------------------


async def session_and_group(bot: BalintBot, session_id: int) -> tuple[Session, Group]:
    """For buttons in direct messages, which carry a session id rather than a channel."""
    session = await get_session(bot.db, session_id)
    group = await get_group(bot.db, session.group_id) if session else None
    if session is None or group is None:
        raise UserError("That session no longer exists; use /rota me in your group's channel.")
    return session, group


async def excused(db: Database, session_id: int, user_id: int) -> bool:
    """Has the member declared an absence for the session? (The sessions capability owns this.)"""
    try:
        from bot.store.attendance import excused_absence
    except ImportError:
        return False
    return bool(await excused_absence(db, session_id, user_id))


# -- telling people ---------------------------------------------------------------------------


async def dm(
    bot: BalintBot,
    user_id: int,
    content: str,
    *,
    key: tuple[int, str],
    view: discord.ui.View | None = None,
) -> discord.Message | None:
    """A private message with a stable nonce, so a retried send is never shown twice."""
    kwargs: dict[str, Any] = {
        "nonce": nonce_for(key[0], f"{key[1]}:{user_id}"),
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    if view is not None:
        kwargs["view"] = view
    return await bot.send_dm(user_id, content, **kwargs)


async def tell_member(
    bot: BalintBot, group: Group, user_id: int, text: str, *, key: str, send: bool = True
) -> None:
    """A private message about someone else's change to the member's place on the rota,
    recorded before it goes (bot/roster_notices.py): a stop before it went sends it at the
    next start, once. `send=False` only records it, before the change's answer (a stop while
    the answer was on its way left the member moved and never told); `send_told` after it."""
    await _tell(bot, group, key, {user_id: text}, send=send)


async def send_told(bot: BalintBot) -> None:
    """Send what `tell_member` and `tell_moves` recorded, as a tracked task (it finishes, with
    an open database, even if the bot is closing meanwhile)."""
    await bot.scheduler.spawn(roster_notices.send_pending(bot))


async def _tell(
    bot: BalintBot, group: Group, key: str, texts: dict[int, str], *, send: bool
) -> None:
    await roster_notices.decide(bot, group.id, key, texts)
    if send:
        await send_told(bot)


async def tell_moves(
    bot: BalintBot, group: Group, session: Session, outcome: rota.Outcome, *, send: bool = True
) -> None:
    """Tell members whom someone else's change moved on the rota, privately. Recorded first, then
    sent as a tracked task (bot/roster_notices.py); a stop in between sends it at the next
    start, once. A change answered to someone records it before the answer (`send=False`) and
    sends it after (`send_told`)."""
    texts = {
        user_id: f"A case slot has opened in {group.name}: you're now down to present on "
        f"{when(session)}. If that no longer suits you, that's fine: "
        f"`/withdraw session:{date_option(session)}`."
        for user_id in outcome.promoted
    }
    for user_id in outcome.demoted:
        texts[user_id] = (
            f"A change to the rota for {when(session)} in {group.name}: another member who "
            "has presented less this year has also offered a case, and by the group's fair rota "
            f"they go first. You're now reserve number {outcome.reserve_position(user_id)}. If a "
            "slot opens you'll step up; if not, you keep your place and go first when you next "
            "volunteer."
        )
    if texts:
        await _tell(bot, group, f"moves:{session.id}:{bot.now().isoformat()}", texts, send=send)


async def post_to_leaders(
    bot: BalintBot,
    group: Group,
    content: str,
    *,
    nonce: str,
    view: discord.ui.View | None = None,
) -> tuple[int, int] | None:
    """A scheduled post for the leaders (bot.tell_leaders: their channel if no trainee can read
    it, else each leader privately); returns where the (last) message went. Discord trouble
    other than a refusal is raised, for the scheduler to retry with the same nonce."""
    kwargs: dict[str, Any] = {"nonce": nonce, "allowed_mentions": discord.AllowedMentions.none()}
    if view is not None:
        kwargs["view"] = view
    message = (await bot.tell_leaders(group.id, content, raise_trouble=True, **kwargs)).message
    return (message.channel.id, message.id) if message is not None else None
