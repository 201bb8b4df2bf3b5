"""Point the unmodified discord.py client at a local Emulator (and put everything back afterwards)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import discord.gateway
import discord.http
import yarl

if TYPE_CHECKING:
    from bot.sandbox.emulator import Emulator


@contextlib.contextmanager
def use_emulator(emu: Emulator) -> Iterator[Emulator]:
    """Route REST (``Route.BASE``) and the gateway (``DEFAULT_GATEWAY``) to ``emu``.

    Both are process-global class attributes in discord.py, so this is a context manager that
    always restores the previous values, even when the test fails.
    """
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = emu.base_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(emu.gateway_url)
    try:
        yield emu
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway
