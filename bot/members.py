"""Each server's members in discord.py's cache, listed over REST instead of asked of the gateway.

Without the presences intent (which the bot does not ask for) Discord's GUILD_CREATE carries only
the bot; a client must request the rest (op 8), and since October 2025 a request for all members
is allowed once per server per 30 s, answered otherwise by a RATE_LIMITED event that discord.py
2.7 ignores: after a restart within 30 s it waits 5 s a server for members that never come, and
its cache stays empty (no leaders found by their role, certificates naming "member 123"). So the
bot does not chunk at start-up: it lists each server's members over REST (1,000 a request, as
background work) when the server becomes available, and what needs the whole membership (a
roster made from a role) waits for that list first.
"""

from __future__ import annotations

import asyncio
import logging

import discord

from bot import pacing
from bot.discord_patches import cache_member

log = logging.getLogger(__name__)


class MemberLists:
    def __init__(self) -> None:
        self._fills: dict[int, asyncio.Task[None]] = {}

    def fill(self, guild: discord.Guild) -> None:
        """Start listing the server's members (once at a time; again after a new session)."""
        task = self._fills.get(guild.id)
        if task is None or task.done():
            self._fills[guild.id] = asyncio.get_running_loop().create_task(self._fill(guild))

    async def ready(self, guild: discord.Guild) -> None:
        """Wait until the server's members are in the cache (listing them if nobody has)."""
        if guild.chunked:
            return
        self.fill(guild)
        await asyncio.shield(self._fills[guild.id])

    async def close(self) -> None:
        for task in self._fills.values():
            task.cancel()
        await asyncio.gather(*self._fills.values(), return_exceptions=True)

    @staticmethod
    async def _fill(guild: discord.Guild) -> None:
        try:
            with pacing.ranked(pacing.BACKGROUND, 0.0):
                async for member in guild.fetch_members(limit=None):
                    cache_member(guild, member)
        except discord.HTTPException as exc:
            log.warning("server %s: its members could not be listed (%s)", guild.id, exc)
