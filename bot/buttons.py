"""Persistent buttons (discord.py's DynamicItem: made again from their custom_id after a restart).
GuardedItem gives every one the bot's typed interaction and the one error handler; OneIdButton is
the base of those that act on one thing by its id (a session, a group, a poll, a release): the
custom_id is `<prefix>:<id>`, and a subclass says only its prefix, label and style, and what a
press does (`handle`). ActionButton is the same for a row of controls on one thing (the debrief
prompt's, the phase timer's): `<prefix>:<action>:<id>`, each action with its label and style."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import discord

from bot.app import BalintBot, ours
from bot.errors import handle_interaction_error


class GuardedItem:
    """Mixin for persistent buttons (discord.ui.DynamicItem), whose errors discord.py only logs.

    Subclasses implement `handle`, which gets the interaction typed as the bot's own
    (`interaction.client` is the BalintBot); any error becomes the usual private reply, so a person
    who presses a button never meets silence.
    """

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.handle(ours(interaction))
        except Exception as error:  # noqa: BLE001 - the one handler decides what to show and log
            await handle_interaction_error(interaction, error)

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        raise NotImplementedError


class OneIdButton(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"(?!)",  # the base itself matches nothing; each subclass its own prefix
):
    prefix: ClassVar[str]
    label: ClassVar[str]
    style: ClassVar[discord.ButtonStyle]

    def __init_subclass__(
        cls, *, prefix: str, label: str, style: discord.ButtonStyle, **kwargs: Any
    ) -> None:
        super().__init_subclass__(template=rf"{re.escape(prefix)}:(?P<id>[0-9]+)", **kwargs)
        cls.prefix, cls.label, cls.style = prefix, label, style

    def __init__(self, target_id: int, label: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label or self.label, style=self.style, custom_id=f"{self.prefix}:{target_id}"
            )
        )
        self.target_id = target_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> OneIdButton:
        return cls(int(match["id"]))


class ActionButton(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"(?!)",  # the base itself matches nothing; each subclass its own prefix and actions
):
    prefix: ClassVar[str]
    actions: ClassVar[dict[str, tuple[str, discord.ButtonStyle]]]

    def __init_subclass__(
        cls, *, prefix: str, actions: dict[str, tuple[str, discord.ButtonStyle]], **kwargs: Any
    ) -> None:
        names = "|".join(re.escape(name) for name in actions)
        template = rf"{re.escape(prefix)}:(?P<action>{names}):(?P<id>[0-9]+)"
        super().__init_subclass__(template=template, **kwargs)
        cls.prefix, cls.actions = prefix, actions

    def __init__(self, action: str, target_id: int) -> None:
        label, style = self.actions[action]
        super().__init__(
            discord.ui.Button(
                label=label, style=style, custom_id=f"{self.prefix}:{action}:{target_id}"
            )
        )
        self.action, self.target_id = action, target_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ActionButton:
        return cls(match["action"], int(match["id"]))
