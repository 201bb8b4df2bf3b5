"""Who an anonymous author is (found only by the running bot, only while the draft exists), and
who can read the channel where leaders review drafts.

The drafts table has no user id. To send the author a private message (a leader's question, the
reason for a rejection) the bot recomputes HMAC(key, draft salt, group, user) for the group's people
and compares. Once the draft (and so its salt) is deleted, nobody can do this any more.
"""

from __future__ import annotations

import discord

from bot.access import people_ever
from bot.app import BalintBot
from bot.store.drafts import Draft
from bot.store.groups import Group, get_group, members

OPEN_CHANNEL = (
    "I do not post anonymous case drafts in <#{channel}>: trainees can read that channel (the "
    "@everyone role or a trainee may View Channel there), and a draft's text is for the leaders "
    "only. New drafts wait for you in /draft review instead. To have them in that channel, make it "
    "private: its settings → Permissions → @everyone: deny **View Channel**; allow it for the "
    "leaders' role and for me."
)


async def find_author(bot: BalintBot, draft: Draft) -> int | None:
    """The author's user id, recomputed in memory (never stored or logged)."""
    group = await get_group(bot.db, draft.group_id)
    if group is None:
        return None
    for user_id in await people_ever(bot.db, bot, group):
        if draft.is_by(bot.key, user_id):
            return user_id
    return None


async def leaders_only_channel(bot: BalintBot, group: Group) -> discord.abc.Messageable | None:
    """The group's leaders' channel if no trainee (and not @everyone) can read it, else None.

    Draft texts, the leaders' questions and the authors' answers go there; in a channel the
    trainees can read they would reach the author's peers. If it is readable, the leaders are
    told once how to make it private, and the drafts wait in /draft review.
    """
    if not group.leaders_channel_id:
        return None
    channel = bot.get_channel(group.leaders_channel_id)
    if not isinstance(channel, discord.TextChannel | discord.Thread):
        return None
    guild = channel.guild
    readers: list[discord.Member | discord.Role] = [guild.default_role]
    for m in await members(bot.db, group.id, role="trainee"):
        member = guild.get_member(m.user_id)
        if member is not None:
            readers.append(member)
    key = f"drafts-open-channel:{channel.id}"
    if any(channel.permissions_for(r).view_channel for r in readers):
        await bot.notify_leaders_once(group.id, key, OPEN_CHANNEL.format(channel=channel.id))
        return None
    await bot.resolve_notices(group.id, key)
    return channel
