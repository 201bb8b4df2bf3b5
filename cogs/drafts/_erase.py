"""Deleting a draft everywhere: its row and salt, and every message that showed it.

Rejected drafts go at once; a withdrawn draft goes at once if the leaders never saw it, otherwise
with the next review round (cogs/drafts/_hourly_rounds.py) so that its card vanishing does not tell the
leaders when its author acted; the rest go `drafts.expiry_hours` after their session
(a scheduled post kind, "drafts_expiry"), or at once if the session is skipped or cancelled. The
order is: take it out of the agenda, delete the messages the leaders can see (all the drafts' at
once, shuffled), then the authors' DMs, then the rows (with the salts, after which nobody can link
them to their authors). If Discord fails part-way, the row stays and the next
sweep (at every start, hourly, and at each expiry) finishes the job; an author's DM that fails is
kept apart, sealed, so the draft can go (`bot.to_delete.delete_kept`), as is, at a close, a message Discord
would not delete (the group's rows, the draft's with them, go next).
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

import discord

from bot.app import BalintBot
from bot.domain.drafts import DraftStatus
from bot.scheduling import DISCORD_TROUBLE, Delivery
from bot.store import drafts as store
from bot.store.to_delete import keep_to_delete
from bot.to_delete import delete_dm
from cogs.drafts._agenda import scrub_agenda
from cogs.drafts._find_author import find_author
from cogs.drafts._sent import settle

log = logging.getLogger("cogs.draft")

ALL_STATUSES = tuple(DraftStatus)
_shuffle = random.SystemRandom().shuffle


CANNOT_DELETE = (
    "I cannot delete messages that showed anonymous case drafts in <#{channel}>: Discord refuses "
    "(I need **View Channel** and **Read Message History** there). Until you give them back to "
    "my role in that channel's settings, the drafts' text stays visible there, and I keep the "
    "drafts (they do not expire) and try again every hour."
)


def _refusal_key(channel_id: int) -> str:
    return f"drafts-cannot-delete:{channel_id}"


async def delete_message(
    bot: BalintBot, shown: store.ShownMessage, author_id: int | None, group_id: int
) -> bool:
    """True when the message is gone (now or before); False when it is worth trying again.

    A refusal (403) in a server channel is not "gone": the text is still there for whoever can
    read the channel. The leaders are told once which permission to restore, and the caller
    keeps the draft until a later sweep succeeds."""
    if shown.message_id == store.NO_MESSAGE:
        return True  # shown through /draft review: there is no message
    if shown.channel_id is None:
        if author_id is None:
            return True  # the author can no longer be found: nobody can reach that DM
        if not await delete_dm(bot, shown.message_id, author_id):
            # kept, sealed, to try again without the draft's row: the draft may go (or be
            # unlinked, /forgetme) before Discord lets us, and with its salt the only pointer
            await keep_to_delete(bot.db, bot.key, shown.message_id, author_id)
        return True
    try:
        channel = bot.get_partial_messageable(shown.channel_id)
        await channel.get_partial_message(shown.message_id).delete()
    except discord.NotFound:
        pass
    except discord.Forbidden:
        log.warning("group %s: a draft message could not be deleted (refused)", group_id)
        await bot.notify_leaders_once(
            group_id, _refusal_key(shown.channel_id), CANNOT_DELETE.format(channel=shown.channel_id)
        )
        return False
    except discord.HTTPException:
        log.warning("deleting a draft message failed; it will be tried again")
        return False
    await bot.resolve_notices(group_id, _refusal_key(shown.channel_id))
    return True


async def recorded(
    bot: BalintBot, draft: store.Draft, shown: store.ShownMessage, author_id: int | None
) -> store.ShownMessage | None:
    """The message as recorded, one recorded before it went settled first (cogs/drafts/_sent.py:
    None if it never went, or is still being sent); DISCORD_TROUBLE is raised, to try again."""
    if not shown.on_its_way:
        return shown
    return await settle(bot, draft, shown, author_id)


async def erase(
    bot: BalintBot, draft: store.Draft, *, scrub: bool = True, keep_row: bool = False
) -> bool:
    """Delete a draft everywhere; False if some message is left for a later sweep. `keep_row`:
    every message goes, the row stays (a rejection waiting for its author in /draft mine)."""
    return not await erase_all(bot, [draft], scrub=scrub, keep_rows=keep_row)


async def erase_all(
    bot: BalintBot,
    drafts: Sequence[store.Draft],
    *,
    scrub: bool = True,
    keep_rows: bool = False,
    closing: bool = False,
    spare_authors: bool = False,
) -> list[store.Draft]:
    """Delete drafts everywhere, together; the drafts with a message left for a later sweep.

    What the leaders can watch go (cards and "asked the author" posts, in channels they read)
    goes first, every draft's together in one shuffled batch; the authors' DMs after it. Draft
    by draft, a card, then its author's DMs, then its post to the leaders, took longer where the
    author accepts DMs, and a leader recording delete events learned whose draft it was.
    Nothing about an author (their DMs, finding them) happens before the batch ends.
    `closing`: the group's rows go next, the drafts' records of their messages with them: the
    authors' DMs are kept (sealed, `bot.store.to_delete`) instead of deleted now, for
    `delete_kept` after everything the leaders see of the close, and so is a message in a
    channel Discord would not delete now; kept in the file, they outlive a stop in between.
    `spare_authors`: the authors' DMs stay (a rejection's reason, which goes at expiry).
    """
    left: set[int] = set()
    if scrub:
        by_session: dict[int, set[int]] = defaultdict(set)
        for draft in drafts:
            by_session[draft.session_id].add(draft.id)
        for session_id, ids in by_session.items():
            try:
                await scrub_agenda(bot, session_id, ids)
            except discord.HTTPException:
                log.warning("session %s: the agenda post could not be edited yet", session_id)
                left |= ids
    todo = [d for d in drafts if d.id not in left]
    shown = {d.id: await store.messages_of(bot.db, d.id, key=bot.key) for d in todo}
    public = [(d, m) for d in todo for m in shown[d.id] if m.channel_id is not None]
    _shuffle(public)
    for draft, found in public:
        try:
            message = await recorded(bot, draft, found, None)
        except DISCORD_TROUBLE:
            if not closing:
                left.add(draft.id)
            continue
        if message is None:
            continue
        if await delete_message(bot, message, None, draft.group_id):
            await store.forget_message(bot.db, message)
        elif closing and message.channel_id is not None:
            await keep_to_delete(
                bot.db, bot.key, message.message_id, message.channel_id, in_channel=True
            )
        else:
            left.add(draft.id)
    for draft in [] if spare_authors else todo:
        private = [m for m in shown[draft.id] if m.channel_id is None]
        author_id = await find_author(bot, draft) if private else None
        for shown_to_author in private:
            try:
                message = await recorded(bot, draft, shown_to_author, author_id)
            except DISCORD_TROUBLE:
                if not closing:
                    left.add(draft.id)
                continue
            if message is None:
                continue
            if closing:
                if author_id is not None:
                    await keep_to_delete(bot.db, bot.key, message.message_id, author_id)
            elif await delete_message(bot, message, author_id, draft.group_id):
                await store.forget_message(bot.db, message)
            else:
                left.add(draft.id)
    if not keep_rows:
        for draft in todo:
            if draft.id not in left:
                await store.delete_draft(bot.db, draft.id)
    return [d for d in drafts if d.id in left]


async def erase_author_copies(bot: BalintBot, draft: store.Draft, author_id: int) -> None:
    """Delete the author's own DMs about a draft now (nobody else sees them go)."""
    for shown in await store.messages_of(bot.db, draft.id, ("author",), key=bot.key):
        try:
            message = await recorded(bot, draft, shown, author_id)
        except DISCORD_TROUBLE:
            continue
        if message is None:
            continue
        if await delete_message(bot, message, author_id, draft.group_id):
            await store.forget_message(bot.db, message)


async def expire_session(bot: BalintBot, delivery: Delivery) -> None:
    """The "drafts_expiry" post kind: delete a session's drafts and every message that showed them."""
    session = delivery.session
    await scrub_agenda(bot, session.id, None)  # an HTTP error here makes the scheduler retry
    drafts = await store.drafts_of_session(bot.db, session.id, ALL_STATUSES)
    left = await erase_all(bot, drafts, scrub=False)
    log.info(
        "group %s session %s: %d drafts expired and deleted",
        session.group_id,
        session.id,
        len(drafts) - len(left),
    )
    if left:  # kept, with their salts, until every message is gone: the hourly sweep retries
        log.warning(
            "group %s session %s: %d drafts kept until their messages can be deleted",
            session.group_id,
            session.id,
            len(left),
        )
    return None


async def sweep_expired(bot: BalintBot) -> int:
    """Delete drafts of sessions that ended long enough ago, or were skipped or cancelled."""
    expiry = timedelta(hours=bot.settings.drafts.expiry_hours)
    drafts = await store.expired_drafts(bot.db, bot.now(), expiry)
    return len(drafts) - len(await erase_all(bot, drafts))
