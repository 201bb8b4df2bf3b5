"""Messages between the leaders and an anonymous author, through the bot.

The author is reached by DM, found by recomputing their handle (cogs/drafts/_find_author.py); each DM is
recorded without its channel and with its id sealed (bot/store/drafts.add_author_message), so it is
deleted with the draft. The leaders are reached in their
channel only if no trainee can read it.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import discord

from bot.app import BalintBot
from bot.domain.calendar import discord_timestamp
from bot.domain.quoting import quoted, words
from bot.store import drafts as store
from bot.store.groups import Group
from bot.store.sessions import Session
from bot.to_delete import delete_dm
from cogs.drafts._cards import NO_MENTIONS
from cogs.drafts._erase import erase
from cogs.drafts._find_author import find_author
from cogs.drafts._sent import fingerprint, on_its_way, sending, sent_before, view_ids

log = logging.getLogger("cogs.draft")


async def tell_author(
    bot: BalintBot, draft: store.Draft, content: str, view: discord.ui.View | None = None
) -> bool:
    """A DM to the anonymous author, recorded (without its channel, its id sealed under the key)
    so it is deleted later: recorded before it goes (its fingerprint, sealed), then completed
    with its id (cogs/drafts/_sent.py): a stop in between leaves what finds it, not a DM nobody
    deletes."""
    author = await find_author(bot, draft)
    if author is None:
        return False
    text = content[:2000]
    kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    if view is not None:
        kwargs["view"] = view
    value = fingerprint(bot, draft, text, custom_ids=view_ids(view))
    row_key = await store.add_author_message(bot.db, draft, bot.key, value)
    record = store.ShownMessage(draft.id, "author", None, value, row_key)
    in_flight = sending(bot)
    in_flight.add(row_key)
    try:
        message = await bot.send_dm(author, text, **kwargs)
    finally:
        in_flight.discard(row_key)  # on trouble the record stays for the sweep to settle
    if message is None:
        await store.forget_message(bot.db, record)
        return False
    if not await store.sent_author_message(bot.db, draft, record, bot.key, message.id):
        await delete_dm(bot, message.id, author)  # the draft went meanwhile: so does its DM
    return True


async def tell_rejected(
    bot: BalintBot, draft: store.Draft, session: Session | None, *, look_first: bool = False
) -> bool:
    """The author learns the leaders' reason by DM, recorded as every DM about the draft is, so
    it goes with the draft at its expiry (kept for good, the token read who wrote it); the row
    then keeps no text until then. If the DM cannot reach them, the reason waits in their
    /draft mine (the row stays as it is till then). `look_first` (a retry: an earlier attempt
    may have sent it, and stopped before marking it): the same DM already in their DMs counts
    as told, rather than going twice."""
    when = discord_timestamp(session.starts_at) if session else "an earlier session"
    hours = bot.settings.drafts.expiry_hours
    text = (
        f"The leaders did not accept your anonymous case draft “{words(draft.theme)}” for "
        f"the session on {when}. It has been deleted, with every message that showed it; "
        "you can write a new one with /draft new. This message goes too, "
        f"{hours} hours after that session (whoever holds the bot's token could otherwise read "
        "that it was yours). Their reason:\n" + quoted(draft.reject_reason or "(none given)")
    )[:2000]
    author = await find_author(bot, draft) if look_first else None
    if author is not None and await sent_before(bot, author, text):
        sent = True
    else:
        sent = await tell_author(bot, draft, text)
    if sent:
        await store.mark_author_told(bot.db, draft.id)
        await store.strip_told_rejection(bot.db, draft.id)
    return sent


async def finish_rejection(bot: BalintBot, draft: store.Draft, session: Session | None) -> None:
    """After the leader's reply: delete every message that showed the draft first (the leaders'
    view must not depend on the author), then tell the author; the row stays, without text
    once they are told (their DM goes with it at expiry), else with the reason waiting for them
    in /draft mine (or expiry). A message left behind is retried by the sweep."""
    try:
        await erase(bot, draft, keep_row=True)
    except Exception:
        log.exception("group %s: finishing a rejection failed; the sweep will", draft.group_id)
        return
    await try_tell_rejected(bot, draft, session)  # told: the row waits, without text, to expire


async def try_tell_rejected(
    bot: BalintBot, draft: store.Draft, session: Session | None, *, look_first: bool = False
) -> bool:
    """`tell_rejected`, a failing DM logged without ids or text (which draft's author could not
    be reached would point at them): False, and the reason waits in /draft mine."""
    try:
        return await tell_rejected(bot, draft, session, look_first=look_first)
    except Exception:
        log.warning("a rejection's reason could not reach its author yet; it waits in /draft mine")
        return False


async def to_leaders(bot: BalintBot, group: Group, draft: store.Draft, content: str) -> None:
    """Post to the leaders' channel if only leaders can read it (recorded before it goes, then
    completed, so deleted with the draft whatever stops in between); else nothing: the leaders
    see it on the draft's card."""
    channel = await bot.leaders_only_channel(group)
    if channel is None:
        return
    text = content[:2000]
    record = await on_its_way(bot, draft, "leaders", channel.id, fingerprint(bot, draft, text))
    try:
        message = await channel.send(text, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.warning("group %s: cannot post in the leaders' channel", group.id)
        return  # the record stays on its way: the sweep finds whether it went
    finally:
        sending(bot).discard(record.row_key)
    if not await store.sent_message(bot.db, record, message.id):
        with contextlib.suppress(discord.HTTPException):  # the draft went meanwhile
            await message.delete()
