"""Deleting the messages kept to delete later (`bot.store.to_delete`), for any capability: a DM
whose deletion failed (a draft's to its author, a feedback reminder at /forgetme) or a message
kept past a group's close. A capability keeps what it could not delete; `delete_kept` retries
them all, sealed rows opened with the key, until Discord lets each go.
"""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING

import discord

from bot.scheduling import DISCORD_TROUBLE
from bot.store.to_delete import kept_deleted, kept_to_delete

if TYPE_CHECKING:
    from bot.app import BalintBot

log = logging.getLogger("bot.to_delete")
_shuffle = random.SystemRandom().shuffle


async def delete_dm(bot: BalintBot, message_id: int, user_id: int) -> bool:
    """Delete the bot's DM to a member; True when it is gone (or Discord refuses us that channel:
    nobody else reads it), False when it is worth trying again."""
    try:
        user = bot.get_user(user_id) or await bot.fetch_user(user_id)
        channel = user.dm_channel or await user.create_dm()
        await channel.get_partial_message(message_id).delete()
    except discord.NotFound:
        pass
    except discord.Forbidden:
        log.warning("a DM could not be deleted (no access any more)")
    except DISCORD_TROUBLE:
        log.warning("deleting a DM failed; it will be tried again")
        return False
    return True


async def delete_kept(bot: BalintBot) -> bool:
    """Delete the messages kept to delete (`keep_to_delete`: drafts' at a close, a failed
    deletion of a draft's DM or of a reminder), in a random order; each row goes with its
    message. At a close's end, at start, hourly and at /forgetme, by drafts and feedback alike
    (twice is harmless); False if some are left for the next time."""
    kept = await kept_to_delete(bot.db, bot.key)
    _shuffle(kept)
    done = True
    for message in kept:
        if message.in_channel:
            gone = await _delete_in_channel(bot, message.message_id, message.where)
        else:
            gone = await delete_dm(bot, message.message_id, message.where)
        if gone:
            await kept_deleted(bot.db, message.nonce)
        else:
            done = False
    if kept:
        await bot.db.forget()
    return done


async def _delete_in_channel(bot: BalintBot, message_id: int, channel_id: int) -> bool:
    """Delete a closed group's message in a server channel; False to try again (refused: its
    text is still there for whoever reads the channel)."""
    try:
        await bot.get_partial_messageable(channel_id).get_partial_message(message_id).delete()
    except discord.NotFound:
        pass
    except DISCORD_TROUBLE:
        log.warning("deleting a kept message failed; it will be tried again")
        return False
    return True
