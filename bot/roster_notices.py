"""A notice to everyone on a group's roster, each member told once through stops and restarts.

Sent in a loop and never recorded, a stop part-way left the rest of the roster untold for good,
and nothing could send it again without telling the first ones twice. The whole fan-out is
recorded first (`bot.store.notices.decide_roster_notice`, a row per member), then each DM is sent
with a nonce made from that decision and its row deleted. The rows a stop left are sent by
`send_pending` (at start and hourly, from the capabilities' sweeps, as `bot.to_delete`): a DM that
went just before the stop is dropped by Discord by its nonce, or once the nonce has lapsed found
in the member's DMs and not sent again. Members are told in a random order each time: the order
says nothing about any of them (who wrote a draft, say).
"""

from __future__ import annotations

import asyncio
import logging
import random
import weakref
from typing import TYPE_CHECKING

import discord

from bot.scheduling import DISCORD_TROUBLE, NONCE_TRUSTED, retrying_since
from bot.store import notices

if TYPE_CHECKING:
    from bot.app import BalintBot

log = logging.getLogger("bot.roster_notices")
_shuffle = random.SystemRandom().shuffle
_locks: weakref.WeakKeyDictionary[BalintBot, asyncio.Lock] = weakref.WeakKeyDictionary()


async def decide(bot: BalintBot, group_id: int, key: str, text: str, user_ids: list[int]) -> None:
    """Record that each of these members is to be told `text` by DM, before any is sent; `key`
    names the notice (what, about which session): a member already waiting for it is told once.
    `send_pending` then sends it."""
    await notices.decide_roster_notice(bot.db, group_id, key, user_ids, text, bot.now())


async def tell_roster(
    bot: BalintBot, group_id: int, key: str, text: str, user_ids: list[int]
) -> None:
    """`decide`, then send: each of these members told once, through stops and restarts."""
    await decide(bot, group_id, key, text, user_ids)
    await send_pending(bot)


async def send_pending(bot: BalintBot) -> None:
    """Send every roster notice decided and not yet sent (just decided, or left by a stop or by
    Discord's trouble); what Discord refuses now waits for the next call."""
    await _send(bot)


async def _send(bot: BalintBot) -> None:
    # one sender at a time in this process: a sweep never sends a DM a first pass is sending
    async with _locks.setdefault(bot, asyncio.Lock()):
        pending = await notices.pending_roster_notices(bot.db)
        _shuffle(pending)
        for notice in pending:
            since = notice.decided_at
            try:
                with retrying_since(since if bot.now() - since > NONCE_TRUSTED else None):
                    await bot.send_dm(
                        notice.user_id,
                        notice.text,
                        nonce=f"roster:{notice.key}:{since.isoformat()}",
                        allowed_mentions=discord.AllowedMentions.none(),
                    )
            except DISCORD_TROUBLE:
                log.warning(
                    "group %s: a notice to its members was not sent to all of them yet; the rest "
                    "is sent within the hour",
                    notice.group_id,
                )
                return
            await notices.roster_notice_sent(bot.db, notice)
