"""Errors people can act on, and the one handler that turns any error into a private reply.

Expected problems (bad input, missing permission, not a member) raise UserError: the person sees its
message, privately, and nothing changed. Anything else gets a short "something went wrong" with a
reference that matches the full traceback in the log, never the traceback itself.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import weakref
from typing import Any

import discord
from discord import app_commands

from bot.domain.calendar import InputError, quoted
from bot.domain.sessions import MESSAGE_LIMIT

log = logging.getLogger("bot.errors")


class UserError(Exception):
    """Shown to the person as it is, privately. Raise it before changing anything."""


def user_message(error: BaseException) -> str | None:
    """The text to show for an expected error, or None when it is unexpected."""
    error = getattr(error, "original", error)
    if isinstance(error, UserError | InputError):
        return str(error)
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in your group's channel, not in direct messages."
    if isinstance(error, app_commands.MissingPermissions):
        return f"You need the {', '.join(_perm(p) for p in error.missing_permissions)} permission for this."
    if isinstance(error, app_commands.BotMissingPermissions):
        return (
            "I am missing the "
            + ", ".join(_perm(p) for p in error.missing_permissions)
            + " permission here; ask a server admin to grant it to my role."
        )
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Please wait {error.retry_after:.0f} seconds and try again."
    if isinstance(error, app_commands.TransformerError):
        return f"{quoted(str(error.value))} is not valid here."
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You cannot use this command here."
    return None


def _perm(name: str) -> str:
    return name.replace("_", " ").title()


async def reply_privately(interaction: discord.Interaction, content: str) -> None:
    """Answer privately whether or not the interaction was already acknowledged."""
    if len(content) > MESSAGE_LIMIT:  # an answer that is too long is no answer at all
        content = content[: MESSAGE_LIMIT - 1] + "…"
    try:
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True)
        else:
            await interaction.response.send_message(content, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell a user about an error (interaction %s)", interaction.id)


async def handle_interaction_error(interaction: discord.Interaction, error: BaseException) -> None:
    """The one handler for app commands, views and modals."""
    original = getattr(error, "original", error)
    message = user_message(original)
    if message is None:
        reference = secrets.token_hex(3).upper()
        command = interaction.command.qualified_name if interaction.command else "component"
        log.error("unexpected error in %s (reference %s)", command, reference, exc_info=original)
        message = (
            f"Something went wrong on my side, sorry. Nothing was changed. If it happens again, tell "
            f"the person who runs the bot: reference {reference}."
        )
    await reply_privately(interaction, message)


class GuardedItem:
    """Mixin for persistent buttons (discord.ui.DynamicItem), whose errors discord.py only logs.

    Subclasses implement `handle`; any error becomes the usual private reply, so a person who
    presses a button never meets silence.
    """

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.handle(interaction)
        except Exception as error:  # noqa: BLE001 - the one handler decides what to show and log
            await handle_interaction_error(interaction, error)

    async def handle(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


class BaseView(discord.ui.View):
    """A View whose errors go through the one handler."""

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await handle_interaction_error(interaction, error)


class BaseModal(discord.ui.Modal):
    """A Modal whose errors go through the one handler, and whose custom_id is its own.

    discord.py keeps open forms by custom_id alone: two members with the same form open (the
    same session's draft) would share one, the first to send taking the other's and the other's
    text lost. A given custom_id gets a random suffix, so each opened form is the opener's.
    """

    def __init__(self, *args: Any, custom_id: str | None = None, **kwargs: Any) -> None:
        if custom_id is not None:
            kwargs["custom_id"] = f"{custom_id}:{secrets.token_hex(8)}"
        super().__init__(*args, **kwargs)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, /, *_: object
    ) -> None:
        await handle_interaction_error(interaction, error)


class CommandTree(app_commands.CommandTree):
    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await handle_interaction_error(interaction, error)


ALREADY_ACKNOWLEDGED = 40060


_TOLERANT_SESSIONS: weakref.WeakSet[Any] = weakref.WeakSet()


def tolerate_already_acknowledged(client: discord.Client) -> None:
    """An interaction's reply that Discord accepted but answered with a 5xx is retried by
    discord.py, and Discord then says 40060 (already acknowledged): the reply stands, so that is
    success, and the command goes on (saves, follows up) instead of failing half-way.

    discord.py's adapter is shared by every client in the process; only this client's
    interactions (recognised by its HTTP session) are treated so.
    """
    from discord.webhook.async_ import AsyncWebhookAdapter

    _TOLERANT_SESSIONS.add(client.http._HTTPClient__session)  # type: ignore[attr-defined]
    original = AsyncWebhookAdapter.create_interaction_response
    if getattr(original, "tolerates_40060", False):
        return

    async def create_interaction_response(
        self: AsyncWebhookAdapter, interaction_id: int, token: str, **kwargs: Any
    ) -> Any:
        try:
            return await original(self, interaction_id, token, **kwargs)
        except discord.HTTPException as error:
            if (
                error.code != ALREADY_ACKNOWLEDGED
                or kwargs.get("session") not in _TOLERANT_SESSIONS
            ):
                raise
            log.info("interaction %s: its reply had already been accepted (40060)", interaction_id)
            return {"interaction": {"id": str(interaction_id), "type": 0}}

    create_interaction_response.tolerates_40060 = True  # type: ignore[attr-defined]
    AsyncWebhookAdapter.create_interaction_response = create_interaction_response  # type: ignore[method-assign]


STALE_SCREEN = (
    "This screen is no longer active (it was opened before the bot restarted, or it timed out). "
    "Nothing was changed: please start again from the command or the post's button."
)


def answer_stale_screens(client: discord.Client) -> None:
    """A button, select or form that no live view or modal handles (one opened before a restart,
    or timed out) is answered with STALE_SCREEN instead of Discord's "interaction failed".

    Wraps the view store's two entry points: whether anything will handle the interaction is
    decided there, synchronously, before a view or modal can stop and unregister itself.
    """
    store = client._connection._view_store
    if getattr(store, "answers_stale", False):
        return
    dispatch_view, dispatch_modal = store.dispatch_view, store.dispatch_modal

    def view(component_type: int, custom_id: str, interaction: discord.Interaction) -> None:
        message = interaction.message
        key = (component_type, custom_id)
        handled = (
            any(p.fullmatch(custom_id) for p in store._dynamic_items)
            or (message is not None and key in store._views.get(message.id, {}))
            or key in store._views.get(None, {})
        )
        dispatch_view(component_type, custom_id, interaction)
        if not handled:
            store.add_task(asyncio.create_task(_stale(interaction)))

    def modal(custom_id: str, interaction: discord.Interaction, *args: Any) -> None:
        handled = custom_id in store._modals
        dispatch_modal(custom_id, interaction, *args)
        if not handled:
            store.add_task(asyncio.create_task(_stale(interaction)))

    store.dispatch_view = view  # type: ignore[method-assign]
    store.dispatch_modal = modal  # type: ignore[method-assign, assignment]
    store.answers_stale = True  # type: ignore[attr-defined]


async def _stale(interaction: discord.Interaction) -> None:
    log.info("a stale screen was used (%s); told to start again", interaction.type.name)
    await reply_privately(interaction, STALE_SCREEN)
