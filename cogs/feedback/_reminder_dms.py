"""Deleting the feedback reminders when their poll closes.

A reminder is a DM to a trainee who had not answered by their turn: kept, it would tell whoever
holds the bot's token (or Discord) who those were, long after the poll. Nothing per DM is
stored to find them again (a row written only when a reminder went would mark, in the file and
its -wal, which turns found someone who had not answered): at the close the bot looks in every
member's DMs alike, answered or not, in a shuffled order, for its own messages carrying the
poll's Answer button, and deletes them. The poll's row says when that is done
(`fb.reminders_deleted`), so a restart finishes it and never repeats it. It runs after
everything the leaders see of the close: in between, its length would count the reminded.

A turn taken just before the close may still be sending its DM: each poll's turns and the
deletion share a lock (`turn_lock`), so the deletion begins after that DM has gone.

At /forgetme the member's reminders go at once (after it, no roster finds their DMs): one that
Discord will not delete now (5xx, 429 past the retries) is kept, sealed, with the drafts' DMs
(`bot.store.to_delete`) and deleted later (`bot.to_delete.delete_kept`: at start, hourly).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from bot.scheduling import DISCORD_TROUBLE
from bot.store import feedback as fb
from bot.store.groups import everyone_ever
from bot.store.mydata import groups_of
from bot.store.to_delete import keep_to_delete
from bot.to_delete import delete_kept
from cogs.feedback._views import AnswerButton

if TYPE_CHECKING:
    from bot.app import BalintBot

log = logging.getLogger("cogs.feedback")
_shuffle = random.SystemRandom().shuffle

_turn_locks: weakref.WeakKeyDictionary[BalintBot, defaultdict[int, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)
_deleting: weakref.WeakKeyDictionary[BalintBot, asyncio.Lock] = weakref.WeakKeyDictionary()


def turn_lock(bot: BalintBot, poll_id: int) -> asyncio.Lock:
    """Held by a poll's reminder turn while it sends, and by the deletion of its reminders."""
    return _turn_locks.setdefault(bot, defaultdict(asyncio.Lock))[poll_id]


def _buttons(message: discord.Message) -> set[str]:
    return {
        custom_id
        for row in message.components
        for item in getattr(row, "children", [row])
        if (custom_id := getattr(item, "custom_id", None))
    }


async def delete_reminders(
    bot: BalintBot,
    polls: Mapping[int, datetime],
    user_ids: Iterable[int],
    *,
    keep_failed: bool = False,
) -> bool:
    """Delete the reminders of these polls (id: when their reminders began) from these members'
    DMs; False if Discord failed somewhere (to try again later: deleting twice is harmless).
    `keep_failed` (/forgetme: nothing will look in that DM again): a reminder found but not
    deleted is kept, sealed, for `delete_kept` instead."""
    if not polls:
        return True
    wanted = {f"{AnswerButton.prefix}:{poll_id}" for poll_id in polls}
    after = discord.Object(discord.utils.time_snowflake(min(polls.values()) - timedelta(seconds=1)))
    users = sorted(set(user_ids))
    _shuffle(users)
    done = True
    async with contextlib.AsyncExitStack() as stack:
        for poll_id in sorted(polls):  # the turns under way end first
            await stack.enter_async_context(turn_lock(bot, poll_id))
        for user_id in users:
            try:
                user = bot.get_user(user_id) or await bot.fetch_user(user_id)
                channel = user.dm_channel or await user.create_dm()
                async for message in channel.history(after=after, limit=None):
                    if message.author == bot.user and _buttons(message) & wanted:
                        try:
                            await message.delete()
                        except (discord.NotFound, discord.Forbidden):
                            pass  # gone, or Discord refuses us that channel: nobody reads it
                        except DISCORD_TROUBLE:
                            if not keep_failed:
                                raise
                            await keep_to_delete(bot.db, bot.key, message.id, user_id)
            except (discord.Forbidden, discord.NotFound):
                continue  # no such user, or Discord refuses us that channel: nothing to do
            except DISCORD_TROUBLE:
                done = False
    return done


async def delete_closed_polls_reminders(bot: BalintBot) -> None:
    """The reminders of every closed poll whose reminders were not deleted yet (at each close,
    at start and hourly), group by group; each poll marked once they are all gone. Then those
    of closed groups (`ReminderHooks`), whose rows go once they are."""
    lock = _deleting.setdefault(bot, asyncio.Lock())
    async with lock:
        await delete_kept(bot)  # a reminder /forgetme could not delete (and drafts' DMs)
        by_group: dict[int, list[fb.Poll]] = defaultdict(list)
        for poll in await fb.reminders_to_delete(bot.db):
            by_group[poll.group_id].append(poll)
        for group_id, polls in by_group.items():
            since = {p.id: p.remind_at for p in polls}
            if await delete_reminders(bot, since, await everyone_ever(bot.db, group_id)):
                await fb.reminders_deleted(bot.db, since)
                log.info("feedback group %s: reminders of closed polls deleted", group_id)
            else:
                log.warning(
                    "feedback group %s: reminders of closed polls not all deleted yet; "
                    "tried again within the hour",
                    group_id,
                )
        for since, users in await fb.reminders_past_close(bot.db):
            if await delete_reminders(bot, since, users):
                await fb.reminders_gone_past_close(bot.db, since)
                log.info("feedback: reminders of a closed group's polls deleted")
            else:
                log.warning(
                    "feedback: reminders of a closed group's polls not all deleted yet; "
                    "tried again within the hour"
                )


class ReminderHooks:
    """The hooks that delete reminders apart from a poll's close. /group close deletes the polls
    and the roster with the group: what finding their reminders needs is kept first (which
    polls, everyone ever on the roster; `fb.keep_reminders_past_close`, so a stop in between
    loses nothing), and they are deleted once the close is over. /forgetme deletes that
    member's reminders at once (after it, they are on no roster to be looked for); one that
    Discord will not delete now is kept, sealed, and deleted later (`delete_kept`)."""

    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot

    async def group_closing(self, group_id: int) -> None:
        await fb.keep_reminders_past_close(self.bot.db, group_id)

    async def group_closed(self, group_id: int) -> None:
        await delete_closed_polls_reminders(self.bot)

    async def forget_member(self, user_id: int) -> None:
        await fb.forget_answered(
            self.bot.db, self.bot.key, user_id, await groups_of(self.bot.db, user_id)
        )
        for group_id in await groups_of(self.bot.db, user_id):
            polls = await fb.reminders_to_delete(self.bot.db, group_id)
            since = {p.id: p.remind_at for p in polls}
            await delete_reminders(self.bot, since, [user_id], keep_failed=True)
        for since, _ in await fb.reminders_past_close(self.bot.db, user_id):
            await delete_reminders(self.bot, since, [user_id], keep_failed=True)
            await fb.reminders_gone_past_close(self.bot.db, since, user_id)  # gone or kept
