"""The yardstick bot, on its own so a process can run it without importing the bot's code (whose
memory and import time it must not carry)."""

from __future__ import annotations

from typing import Any


def bare_pong_bot(intents: Any = None) -> Any:
    """discord.py alone, answering /ping with an ephemeral "pong" (no database, no pacing), so a
    benchmark can say how far the bot is from what Discord's client library costs (`intents`:
    discord.py's default ones unless given). Sharded as the bot is (AutoShardedBot: as many
    shards as Discord recommends, discord.py's own 5 s between their IDENTIFYs)."""
    import discord
    from discord.ext import commands

    client = commands.AutoShardedBot(
        command_prefix=commands.when_mentioned,
        intents=intents or discord.Intents.default(),
        guild_ready_timeout=0.05,
    )

    @client.tree.command(description="pong")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    return client
