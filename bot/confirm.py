"""A confirmation step for irreversible commands (/group close before its end date, /forgetme):
one button, only for the person who asked, for a few minutes, pressed once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.errors import BaseView, UserError

Action = Callable[[discord.Interaction], Awaitable[None]]


class ConfirmView(BaseView):
    """Runs `action` when its owner presses the button; nothing happens otherwise."""

    def __init__(self, owner_id: int, label: str, action: Action, timeout: float = 600) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.action = action
        self.used = False
        self.add_item(_ConfirmButton(label))

    async def pressed(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.owner_id:
            raise UserError("Only the person who asked can confirm this.")
        if self.used:
            raise UserError("This was already confirmed; nothing more to do.")
        self.used = True
        self.stop()
        await self.action(interaction)


class _ConfirmButton(discord.ui.Button[ConfirmView]):
    def __init__(self, label: str) -> None:
        super().__init__(label=label, style=discord.ButtonStyle.danger)

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.pressed(interaction)
