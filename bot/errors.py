"""Errors people can act on, and the one handler that turns any error into a private reply.

Expected problems (bad input, missing permission, not a member) raise UserError: the person sees its
message, privately, and nothing changed. Anything else gets a short "something went wrong" with a
reference that matches the full traceback in the log, never the traceback itself.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from typing import Any

import discord
from discord import app_commands

from bot import private_logs
from bot.domain.calendar import InputError, quoted
from bot.domain.sessions import MESSAGE_LIMIT
from bot.domain.wording import plural

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
        return f"Please wait {plural(max(1, round(error.retry_after)), 'second')} and try again."
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
    """The one handler for app commands, views and modals.

    An act on a member's private path (an anonymous author's, /forgetme) that failed is
    logged as its other lines are: held and counted at the hour (`private_logs.unattributed`),
    with its reference, so that the log's clock does not date it (the traceback is lost)."""
    original = getattr(error, "original", error)
    held = private_logs.raised_inside(original) or private_logs.raised_inside(error)
    with private_logs.unattributed() if held else contextlib.nullcontext():
        message = user_message(original)
        if message is None:
            reference = secrets.token_hex(3).upper()
            command = interaction.command.qualified_name if interaction.command else "component"
            log.error(
                "unexpected error in %s (reference %s)", command, reference, exc_info=original
            )
            message = (
                f"Something went wrong on my side, sorry. Nothing was changed. If it happens "
                f"again, tell the person who runs the bot: reference {reference}."
            )
        await reply_privately(interaction, message)


class BaseView(discord.ui.View):
    """A View whose errors go through the one handler."""

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
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


# What a button, select or form no live view handles answers (bot/discord_patches.py).
STALE_SCREEN = (
    "This screen is no longer active (it was opened before the bot restarted, or it timed out). "
    "Nothing was changed: please start again from the command or the post's button."
)
