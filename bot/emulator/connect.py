"""Point the unmodified discord.py client at another Discord (a local Emulator), and back again."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import discord.gateway
import discord.http
import yarl

if TYPE_CHECKING:
    from bot.emulator.emulator import Emulator


@contextlib.contextmanager
def use_discord_at(api_url: str, gateway_url: str) -> Iterator[None]:
    """Route REST (``Route.BASE``) and the gateway (``DEFAULT_GATEWAY``) to these addresses.

    Both are process-global class attributes in discord.py, so this is a context manager that
    always restores the previous values, even when the test fails.
    """
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.contextmanager
def use_emulator(emu: Emulator) -> Iterator[Emulator]:
    """Route the client to ``emu`` (see use_discord_at)."""
    with use_discord_at(emu.base_url, emu.gateway_url):
        yield emu
