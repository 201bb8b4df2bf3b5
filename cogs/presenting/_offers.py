"""Offering and withdrawing a case: the checks and replies shared by /volunteer, /withdraw and the
"I'll bring a case" buttons in private messages."""

from __future__ import annotations

import discord

from bot.access import require_member
from bot.app import BalintBot
from bot.domain.calendar import discord_timestamp
from bot.domain.wording import verb
from bot.errors import UserError
from bot.replies import Reply
from bot.store import rota
from bot.store.groups import Group
from bot.store.sessions import Session
from bot.which_session import date_option, day_label, when
from cogs.presenting._common import (
    UNNAMED,
    excused,
    is_locked,
    lock_time,
    place,
    send_told,
    slots_word,
    tell_moves,
)


async def require_trainee(bot: BalintBot, group: Group, user: discord.abc.User) -> None:
    role = await require_member(bot.db, group, user)
    if role == "leader":
        raise UserError(
            "Leaders don't present cases in the group. To put a trainee down to present, use "
            "`/presenter set`."
        )


def _naming(named: bool) -> str:
    if named:
        return "The agenda will name you as presenting."
    return (
        f'The agenda will say "{UNNAMED}"; if you would like to be named, use `/volunteer` '
        "again with `named: True`."
    )


async def offer_case(
    bot: BalintBot, group: Group, session: Session, user: discord.abc.User, named: bool | None
) -> Reply:
    """Volunteer (or repeat a volunteer's choice): the private reply, and how to tell anyone whom
    this moved."""
    await require_trainee(bot, group, user)
    if await excused(bot.db, session.id, user.id):
        raise UserError(
            f"You've declared an absence for the session on {day_label(group, session)}, so you "
            "can't present then. If your plans changed, update your absence first."
        )
    locked = is_locked(bot, session)
    outcome = await rota.volunteer(
        bot.db, group, session, user.id, now=bot.now(), locked=locked, named=named
    )
    entry = outcome.standing.entry(user.id)
    is_named = bool(entry and entry.named)
    position = outcome.reserve_position(user.id)
    again = f"`/withdraw session:{date_option(session)}`"
    if outcome.already:
        text = (
            f"You've already offered a case for {when(session)}: you're "
            f"{place(outcome.status, position)}."
        )
        if named is not None:
            text += " " + _naming(is_named)
        return Reply(text)
    if outcome.status == rota.PRESENTER:
        text = f"Thank you: you're down to present at the session on {when(session)}. " + _naming(
            is_named
        )
        pinned = bool(entry and entry.pinned)
        if not locked and not pinned:
            text += (
                " Presenters are settled when the agenda goes out "
                f"({discord_timestamp(lock_time(bot, session), 'R')}); until then, if someone who "
                "has presented less this year offers a case too, they go first and you keep your "
                "place as first reserve."
            )
        text += f" Changed your mind? {again}, no questions asked."
    else:
        text = (
            f"Thank you. {slots_word(group.case_slots).capitalize()} for {when(session)} "
            f"{verb(group.case_slots, 'is', 'are')} taken, so you're on the reserve list as "
            f"number {position}. If a slot opens you'll step up and I'll tell you privately; if "
            "not, you keep your place and go first when you next volunteer. "
            f"To take your offer back: {again}."
        )
    await tell_moves(bot, group, session, outcome, send=False)  # recorded before the answer
    return Reply(text, then=lambda: send_told(bot))


async def take_back(
    bot: BalintBot, group: Group, session: Session, user: discord.abc.User
) -> Reply:
    """Withdraw an offer; a freed slot goes to the first reserve, who is told privately."""
    await require_member(bot.db, group, user)
    outcome = await rota.withdraw(
        bot.db, group, session, user.id, now=bot.now(), locked=is_locked(bot, session)
    )
    if outcome is None:
        mine = await rota.offers_of(bot.db, group.id, user.id, bot.now())
        others = ", ".join(f"`{date_option(s)}`" for s, _ in mine)
        raise UserError(
            f"You haven't offered a case for the session on {day_label(group, session)}, so there "
            "is nothing to withdraw."
            + (f" Your offers are for: {others} (use `session:` to choose)." if others else "")
        )
    text = (
        f"Done: your offer for {when(session)} is withdrawn. Thank you for letting the "
        "group know; nobody else is told who withdrew."
    )
    await tell_moves(bot, group, session, outcome, send=False)  # recorded before the answer
    return Reply(text, then=lambda: send_told(bot))
