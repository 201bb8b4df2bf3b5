"""A private notice to members of a group (the whole roster, or those a change concerns), each
member told once through stops and restarts.

Sent in a loop and never recorded, a stop part-way left the rest untold for good, and nothing
could send it again without telling the first ones twice. The whole fan-out is recorded first
(`decide`, a row per member in `roster_notices`; or `bot.store.notices.decide_rows` inside the
transaction of the change it tells of), then each DM is sent with a nonce made from that decision
and its row deleted. The rows a stop or Discord's trouble left are sent by `send_pending` (at
start and hourly, from the bot): a DM that went just before the stop is dropped by Discord by its
nonce, or once the nonce has lapsed found in the member's DMs and not sent again. Members are told
in a random order each time: the order says nothing about any of them (who wrote a draft, say).
A notice may carry one persistent button, kept with the row, so a resend carries it too.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot.scheduling import DISCORD_TROUBLE, NONCE_TRUSTED, retrying_since
from bot.store import notices

if TYPE_CHECKING:
    from bot.app import BalintBot

log = logging.getLogger("bot.roster_notices")
_shuffle = random.SystemRandom().shuffle
_locks: weakref.WeakKeyDictionary[BalintBot, asyncio.Lock] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class NoticeButton:
    """A persistent button (a DynamicItem's custom_id answers it after any restart)."""

    custom_id: str
    label: str
    style: int = discord.ButtonStyle.success.value

    @classmethod
    def of(cls, item: discord.ui.Button[Any]) -> NoticeButton:
        assert item.custom_id is not None and item.label is not None
        return cls(item.custom_id, item.label, item.style.value)

    def stored(self) -> str:
        return json.dumps({"custom_id": self.custom_id, "label": self.label, "style": self.style})


async def decide(
    bot: BalintBot,
    group_id: int,
    key: str,
    texts: Mapping[int, str],
    *,
    button: NoticeButton | None = None,
) -> None:
    """Record what each member (user id: text) is to be told by DM, before any is sent; `key`
    names the notice (what, about which session): a member already waiting for it is told
    once. `send_pending` then sends it."""
    stored = button.stored() if button is not None else None
    await notices.decide_roster_notice(bot.db, group_id, key, texts, bot.now(), stored)


async def send_pending(bot: BalintBot) -> None:
    """Send every notice to members decided and not yet sent (just decided, or left by a stop
    or by Discord's trouble); what Discord refuses now waits for the next call."""
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
                        **_view(notice.button),
                    )
            except DISCORD_TROUBLE:
                log.warning(
                    "group %s: a notice to its members was not sent to all of them yet; the rest "
                    "is sent within the hour",
                    notice.group_id,
                )
                return
            await notices.roster_notice_sent(bot.db, notice)


def _view(stored: str | None) -> dict[str, Any]:
    if stored is None:
        return {}
    b = json.loads(stored)
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            custom_id=b["custom_id"], label=b["label"], style=discord.ButtonStyle(b["style"])
        )
    )
    return {"view": view}
