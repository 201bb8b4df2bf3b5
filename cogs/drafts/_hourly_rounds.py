"""Review rounds: the leaders see new, edited and answered drafts together, at each whole hour.

A card that appeared in the leaders' channel the moment its author pressed Submit would tell the
leaders when the author acted; with a phone notification and Discord's online dots, in a group of
eight that can be enough to guess who it was. So nothing an author does shows to the leaders at
once: new drafts, edits, answers to the leaders' questions and withdrawals reach them at the next
whole hour (UTC), all together and in random order, and the author is told when. The leaders' own
actions (approve, reject, ask) take effect at once: their timing says nothing about an author.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict

import discord

from bot.app import BalintBot
from bot.domain.drafts import DraftStatus
from bot.domain.wording import plural, verb
from bot.scheduling import DISCORD_TROUBLE
from bot.store import drafts as store
from bot.store.groups import Group, get_group, members
from bot.store.sessions import get_session
from cogs.drafts._agenda import scrub_agenda
from cogs.drafts._cards import card, leader_buttons, status_of
from cogs.drafts._erase import delete_message, recorded
from cogs.drafts._sent import fingerprint, on_its_way, sending, view_ids

log = logging.getLogger("cogs.draft")

ROUND_JOB = "drafts-round"
_shuffle = random.SystemRandom().shuffle


async def run_round(bot: BalintBot) -> int:
    """Show the leaders every draft they have not seen as it is now; returns how many."""
    due = await store.due_for_round(bot.db)
    by_group: dict[int, list[store.Draft]] = defaultdict(list)
    for draft in due:
        by_group[draft.group_id].append(draft)
    shown = 0
    for group_id, drafts in by_group.items():
        group = await get_group(bot.db, group_id)
        if group is None:
            continue
        _shuffle(drafts)  # the order of the cards says nothing about who wrote first
        channel = await bot.leaders_only_channel(group)
        unposted = 0
        for draft in drafts:
            posted = await _show(bot, channel, group, draft)
            unposted += 0 if posted else 1
            shown += 1
        if unposted:
            await _notice(bot, group, unposted)
        log.info("group %s: %d drafts shown to the leaders in this round", group.id, len(drafts))
    return shown


async def _show(
    bot: BalintBot,
    channel: discord.TextChannel | discord.Thread | None,
    group: Group,
    draft: store.Draft,
) -> bool:
    """A fresh card for one draft, replacing any earlier one; False if posted nowhere (the
    leaders then read it with /draft review)."""
    session = await get_session(bot.db, draft.session_id)
    if session is None:
        return True
    again = await store.was_shown(bot.db, draft.id)
    earlier = await store.messages_of(bot.db, draft.id, ("card", "leaders"))
    if draft.status != DraftStatus.APPROVED:
        try:  # an approved draft the author has since edited leaves the agenda now
            await scrub_agenda(bot, session.id, {draft.id})
        except discord.HTTPException:
            log.warning("session %s: the agenda post could not be edited yet", session.id)
    posted, new_id = False, store.NO_MESSAGE
    if channel is not None:
        questions = await store.questions_of(bot.db, draft.id)
        embed = card(draft, session, status_of(draft), questions, updated=again)
        view = leader_buttons(draft)
        # recorded before it goes: a stop between posting and recording leaves what finds it
        # (cogs/drafts/_sent.py); the nonce spares a second card if the stop was short
        value = fingerprint(bot, draft, None, [embed], view_ids(view))
        record = await on_its_way(bot, draft, "card", channel.id, value)
        try:
            message = await channel.send(
                embed=embed,
                view=view,
                allowed_mentions=discord.AllowedMentions.none(),
                nonce=f"d{draft.id}{draft.fingerprint[:8]}{sum(bool(q.answer) for q in questions)}",
            )
        except discord.HTTPException:
            log.warning("group %s: cannot post a draft card in the leaders' channel", group.id)
        else:
            if await store.sent_message(bot.db, record, message.id):
                posted, new_id = True, message.id
        finally:
            sending(bot).discard(record.row_key)
    if not posted:
        await store.mark_shown(bot.db, draft.id)
    await store.mark_seen(bot.db, draft.id)  # what leader views show until the next round
    for shown in earlier:
        try:
            old = await recorded(bot, draft, shown, None)
        except DISCORD_TROUBLE:
            continue  # settled by the next sweep, and deleted with the draft
        if old is None or old.message_id in (store.NO_MESSAGE, new_id):
            continue
        if await delete_message(bot, old, None, group.id):
            await store.forget_message(bot.db, old)
    return posted


async def _notice(bot: BalintBot, group: Group, count: int) -> None:
    """Without a leaders' channel: one private note per leader, with no text from any draft."""
    for leader in await members(bot.db, group.id, role="leader"):
        await bot.send_dm(
            leader.user_id,
            f"{plural(count, 'anonymous case draft')} {verb(count, 'is', 'are')} new or changed "
            "since you last looked: use "
            f"/draft review in <#{group.channel_id}>.",
        )
