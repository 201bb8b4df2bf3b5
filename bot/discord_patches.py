"""Where the bot reaches into discord.py's internals: three patches, each here and nowhere else,
and the discord.py they were written for. `check()` runs at start-up and refuses any other
version, or one whose internals moved, so an upgrade fails loudly at once instead of quietly
misbehaving. tests/unit/test_library_patches.py has a test per patch (and the behaviour each one
gives is tested end to end: tests/e2e/test_interaction_faults.py, test_stale_screens.py,
tests/unit/test_pacing.py).

- the webhook adapter: a reply Discord accepted but answered with a 5xx, retried by discord.py,
  meets 40060 (already acknowledged); that counts as success (`tolerate_already_acknowledged`);
- the view store: a button or form no live view handles is answered, not left to fail
  (`answer_stale_screens`);
- the HTTP client: every REST request goes through a wrapper (`wrap_requests`; the pacer's);
- the member cache: members listed over REST are added to it (`cache_member`; bot/members.py),
  as discord.py has no public way to (its own chunking asks the gateway, which Discord limits).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

import discord
import discord.http
from discord.ui.view import ViewStore
from discord.webhook.async_ import AsyncWebhookAdapter

from bot.errors import STALE_SCREEN, reply_privately

log = logging.getLogger("bot.errors")

# The discord.py series these patches were written and tested against (constraints.txt pins it).
WRITTEN_FOR = "2.7."


def check(version: str | None = None) -> None:
    """Refuse to start on a discord.py these patches were not written for (RuntimeError)."""
    version = version or discord.__version__
    missing = [
        name
        for owner, name in (
            (AsyncWebhookAdapter, "create_interaction_response"),
            (ViewStore, "dispatch_view"),
            (ViewStore, "dispatch_modal"),
            (discord.http.HTTPClient, "request"),
            (discord.Guild, "_add_member"),
        )
        if not callable(getattr(owner, name, None))
    ]
    params = inspect.signature(AsyncWebhookAdapter.create_interaction_response).parameters
    if "session" not in params:
        missing.append("create_interaction_response(session=...)")
    if not version.startswith(WRITTEN_FOR) or missing:
        raise RuntimeError(
            f"discord.py {version} is not the version the bot's patches were written for "
            f"({WRITTEN_FOR}x{'; missing: ' + ', '.join(missing) if missing else ''}): install "
            "with -c constraints.txt, or update bot/discord_patches.py and its tests"
        )


ALREADY_ACKNOWLEDGED = 40060


_TOLERANT_SESSIONS: weakref.WeakSet[Any] = weakref.WeakSet()


def tolerate_already_acknowledged(client: discord.Client) -> None:
    """An interaction's reply that Discord accepted but answered with a 5xx is retried by
    discord.py, and Discord then says 40060 (already acknowledged): the reply stands, so that is
    success, and the command goes on (saves, follows up) instead of failing half-way.

    discord.py's adapter is shared by every client in the process; only this client's
    interactions (recognised by its HTTP session) are treated so.
    """
    _TOLERANT_SESSIONS.add(client.http._HTTPClient__session)  # type: ignore[attr-defined]
    original = AsyncWebhookAdapter.create_interaction_response
    if getattr(original, "tolerates_40060", False):
        return
    AsyncWebhookAdapter.create_interaction_response = tolerating_40060(original)  # type: ignore[method-assign, assignment]


def tolerating_40060(original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """discord.py's create_interaction_response, with 40060 for a tolerant session's reply taken
    as the reply already given."""

    @functools.wraps(original)  # its signature stays discord.py's (check() reads it)
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
    return create_interaction_response


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
        handled = (  # the live views first: two look-ups, before every dynamic item's pattern
            (message is not None and key in store._views.get(message.id, {}))
            or key in store._views.get(None, {})
            or any(p.fullmatch(custom_id) for p in store._dynamic_items)
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


Send = Callable[..., Awaitable[Any]]


def wrap_requests(
    http: discord.http.HTTPClient,
    around: Callable[[Send, discord.http.Route, dict[str, Any]], Awaitable[Any]],
) -> None:
    """Every REST request of this HTTP client goes through ``around(send, route, kwargs)``, which
    calls ``send(route, **kwargs)`` (discord.py's own request) when it is ready."""
    send = http.request

    async def request(route: discord.http.Route, **kwargs: Any) -> Any:
        return await around(send, route, kwargs)

    http.request = request  # type: ignore[method-assign]


def cache_member(guild: discord.Guild, member: discord.Member) -> None:
    """Put a member fetched over REST into discord.py's cache of the server (unless an event
    already brought one, which is as fresh)."""
    if guild.get_member(member.id) is None:
        guild._add_member(member)
