"""Buttons for drafts. They carry only ids in their custom_ids and work after a restart.

Every button is a DynamicItem: discord.py finds the handler from the custom_id pattern, so the
leaders' review card, an author's DM with a question, and the gate's "Edit my draft" keep working
when the bot restarts. Nothing in a custom_id says who wrote a draft; every press is checked again
on the server (a leader for approve/reject/ask, the author's handle for edit/withdraw/answer).
"""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING, Any

import discord

from bot.app import BalintBot
from bot.buttons import GuardedItem
from cogs.drafts._button_actions import Action

if TYPE_CHECKING:
    from cogs.drafts._dispatch import DraftDesk

Style = discord.ButtonStyle

# action -> (default label, style); the id after the action is a draft, question or held text.
LOOKS: dict[Action, tuple[str, Style]] = {
    Action.APPROVE: ("Approve", Style.success),
    Action.REJECT: ("Reject", Style.danger),
    Action.ASK: ("Ask the author", Style.secondary),
    Action.EDIT: ("Edit", Style.primary),
    Action.WITHDRAW: ("Withdraw", Style.danger),
    Action.WITHDRAW_CONFIRMED: ("Yes, withdraw it", Style.danger),
    Action.ANSWER: ("Answer", Style.primary),
    Action.FIX: ("Edit my draft", Style.primary),
    Action.SEND: ("Submit anyway", Style.secondary),
}


# Each bot's DraftDesk, given by the drafts package's setup: discord.py makes the buttons from
# their custom_ids, so the desk cannot be handed to each one.
_desks: weakref.WeakKeyDictionary[discord.Client, DraftDesk] = weakref.WeakKeyDictionary()


def answer_through(bot: discord.Client, desk: DraftDesk | None) -> None:
    """Presses of this bot's draft buttons go to `desk` (None: the extension is unloading)."""
    if desk is None:
        _desks.pop(bot, None)
    else:
        _desks[bot] = desk


class DraftButton(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.compile(r"draft:(?P<action>[a-z-]+):(?P<target>[\w-]{1,40})"),
):
    """One button kind for every draft action: `draft:<action>:<id or token>`. A press goes to
    the desk the drafts package's setup gave this bot (`answer_through`)."""

    def __init__(self, action: Action, target: int | str, label: str | None = None) -> None:
        default_label, style = LOOKS[action]
        super().__init__(
            discord.ui.Button(
                label=label or default_label, style=style, custom_id=f"draft:{action}:{target}"
            )
        )
        self.action = action
        self.target = str(target)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> DraftButton:
        action = next((a for a in LOOKS if a == match["action"]), None)
        if action is None:
            raise ValueError("unknown draft action")
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(action, match["target"], label=label)

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        desk = _desks.get(interaction.client)
        if desk is None:
            raise RuntimeError("the drafts extension is not loaded")
        await desk.press(interaction, self.action, self.target)


def buttons(*items: tuple[Action, int | str] | tuple[Action, int | str, str]) -> discord.ui.View:
    """A view of draft buttons: (Action.APPROVE, 12) or (Action.EDIT, 12, "Edit 1")."""
    view = discord.ui.View(timeout=None)
    for entry in items:
        view.add_item(DraftButton(*entry))
    return view
