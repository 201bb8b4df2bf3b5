"""Messages about a draft recorded before they go (cogs/drafts/_author_messages): DMs to its
anonymous author and posts to the leaders.

Sent first and recorded after, a message whose record a stop cut off was never deleted: a DM
stayed in the author's DMs, where the bot's token reads who wrote the draft, and a post stayed
in the leaders' channel with the draft's theme past its expiry. The record is written first,
with the message's `sent_fingerprint` (a DM's sealed, `bot.store.drafts.add_author_message`),
the message sent, then the record completed with its id. A record left on its way by a stop is
settled by `settle`: the message is looked for by its fingerprint and recorded (then deleted
with the draft), or the record dropped if it never went; one still being sent by this process
is left to its sender.
"""

from __future__ import annotations

import contextlib
import dataclasses
import weakref

import discord

from bot.app import BalintBot
from bot.domain.anonymity import sent_fingerprint
from bot.scheduling import DISCORD_TROUBLE
from bot.store import drafts as store
from cogs.drafts._find_author import find_author

_sending: weakref.WeakKeyDictionary[BalintBot, set[int]] = weakref.WeakKeyDictionary()
# how far back in the author's DMs a DM cut off by a stop is looked for (the bot sends few)
LOOK_BACK = 100


def sending(bot: BalintBot) -> set[int]:
    """The records (row keys) of DMs this process is sending now."""
    return _sending.setdefault(bot, set())


async def settle(
    bot: BalintBot, draft: store.Draft, shown: store.ShownMessage, author_id: int | None
) -> store.ShownMessage | None:
    """A record on its way (`shown.on_its_way`), left by a stop: the message with its id if it
    went (recorded so), None if it never went (the record dropped) or is still being sent here
    (its sender deletes it if its draft went meanwhile). Discord's trouble (DISCORD_TROUBLE) is
    raised, the record kept. A DM is looked for in the author's DMs (`author_id`), a post in
    its channel."""
    if shown.row_key in sending(bot):
        return None
    found = None
    try:
        channel: discord.abc.Messageable | None = None
        if shown.channel_id is not None:
            channel = bot.get_partial_messageable(shown.channel_id)
        elif author_id is not None:
            user = bot.get_user(author_id) or await bot.fetch_user(author_id)
            channel = user.dm_channel or await user.create_dm()
        if channel is not None:
            async for message in channel.history(limit=LOOK_BACK):
                if message.author == bot.user and shown.message_id == sent_fingerprint(
                    bot.key, draft.salt, message.content
                ):
                    found = message.id
                    break
    except (discord.Forbidden, discord.NotFound):
        pass  # nobody can read that channel: nothing to find
    if found is None:
        await store.forget_message(bot.db, shown)
        return None
    if shown.channel_id is None:
        await store.sent_author_message(bot.db, draft, shown, bot.key, found)
    else:
        await store.sent_message(bot.db, shown, found)
        shown = dataclasses.replace(shown, row_key=found)
    return dataclasses.replace(shown, message_id=found)


async def sent_before(bot: BalintBot, user_id: int, text: str) -> bool:
    """Whether the bot's DM with exactly this text is among the member's last few: one that a
    stop cut off before it was marked sent (a DM they keep, such as a rejection's reason, so
    not recorded to delete). False if their DMs cannot be read (a repeat beats a loss)."""
    try:
        user = bot.get_user(user_id) or await bot.fetch_user(user_id)
        channel = user.dm_channel or await user.create_dm()
        async for message in channel.history(limit=LOOK_BACK):
            if message.author == bot.user and message.content.strip() == text.strip():
                return True
    except (discord.Forbidden, discord.NotFound):
        pass
    return False


async def settle_all(bot: BalintBot) -> None:
    """Every record left on its way by a stop (at start and hourly, in the sweep)."""
    for shown in await store.messages_on_their_way(bot.db, bot.key):
        draft = await store.get_draft(bot.db, shown.draft_id)
        if draft is not None and shown.row_key not in sending(bot):
            author = await find_author(bot, draft) if shown.channel_id is None else None
            with contextlib.suppress(*DISCORD_TROUBLE):  # the next sweep tries again
                await settle(bot, draft, shown, author)
