"""Who an anonymous author is (found only by the running bot, only while the draft exists).

The drafts table has no user id. To send the author a private message (a leader's question, the
reason for a rejection) the bot recomputes HMAC(key, draft salt, group, user) for the group's people
and compares. Once the draft (and so its salt) is deleted, nobody can do this any more.
"""

from __future__ import annotations

from bot.access import people_ever
from bot.app import BalintBot
from bot.store.drafts import Draft
from bot.store.groups import get_group


async def find_author(bot: BalintBot, draft: Draft) -> int | None:
    """The author's user id, recomputed in memory (never stored or logged)."""
    group = await get_group(bot.db, draft.group_id)
    if group is None:
        return None
    for user_id in await people_ever(bot.db, bot, group):
        if draft.is_by(bot.key, user_id):
            return user_id
    return None
