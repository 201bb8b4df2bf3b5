"""Messages about a draft recorded before they go: DMs to its anonymous author and posts to
the leaders (cogs/drafts/_author_messages), and its cards (cogs/drafts/_hourly_rounds).

Sent first and recorded after, a message whose record a stop cut off was never deleted: a DM
stayed in the author's DMs, where the bot's token reads who wrote the draft, and a post stayed
in the leaders' channel with the draft's theme past its expiry. The record is written first,
with the message's `fingerprint` (a DM's sealed, `bot.store.drafts.add_author_message`),
the message sent, then the record completed with its id. A record left on its way by a stop is
settled by `settle`: the message is looked for by its fingerprint and recorded (then deleted
with the draft), or the record dropped if it never went; one still being sent by this process
is left to its sender.
"""

from __future__ import annotations

import contextlib
import dataclasses
import weakref
from collections.abc import Iterable, Sequence

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
    """The records (row keys) of messages this process is sending now."""
    return _sending.setdefault(bot, set())


def fingerprint(
    bot: BalintBot,
    draft: store.Draft,
    content: str | None,
    embeds: Sequence[discord.Embed] = (),
    custom_ids: Iterable[str] = (),
) -> int:
    """What recognises a message about the draft when it is read back: its text, its embeds'
    titles and its buttons, under the key and the draft's salt (`sent_fingerprint`)."""
    parts = [(content or "").strip(), *((e.title or "") for e in embeds), *sorted(custom_ids)]
    return sent_fingerprint(bot.key, draft.salt, "\x1f".join(parts))


def fingerprint_of(bot: BalintBot, draft: store.Draft, message: discord.Message) -> int:
    """`fingerprint` of a message read back from Discord."""
    ids = [
        custom_id
        for row in message.components
        for item in getattr(row, "children", [row])
        if (custom_id := getattr(item, "custom_id", None))
    ]
    return fingerprint(bot, draft, message.content, message.embeds, ids)


def view_ids(view: discord.ui.View | None) -> list[str]:
    """The custom ids of a view's buttons (for `fingerprint`)."""
    if view is None:
        return []
    return [cid for item in view.children if (cid := getattr(item, "custom_id", None))]


async def on_its_way(
    bot: BalintBot, draft: store.Draft, kind: str, channel_id: int, value: int
) -> store.ShownMessage:
    """Record a post about to go to a server channel (its `fingerprint` as its id), as sent by
    this process; the caller sends, then completes it (`store.sent_message`) and discards it
    from `sending`, whatever happens."""
    await store.add_message(bot.db, draft.id, kind, channel_id, value)
    sending(bot).add(value)
    return store.ShownMessage(draft.id, kind, channel_id, value, value)


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
            recorded = {
                m.message_id for m in await store.messages_of(bot.db, draft.id, key=bot.key)
            }
            async for message in channel.history(limit=LOOK_BACK):
                if (
                    message.author == bot.user
                    and message.id not in recorded  # an earlier copy, recorded already
                    and shown.message_id == fingerprint_of(bot, draft, message)
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
