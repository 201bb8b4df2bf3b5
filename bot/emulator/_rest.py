"""The emulator's REST API (a v10 subset) with Discord's permission, limit and interaction rules.

Every request is matched to a route template that is also the key into Discord's OpenAPI
description, so the same template drives dispatch, body validation and rate-limit buckets.
An unmatched route answers 404 and records a failure, so a test can never pass by accident
against an endpoint the emulator does not model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from aiohttp import web

from bot.emulator._model import (
    ATTACH_FILES,
    CREATE_EVENTS,
    FLAG_EPHEMERAL,
    MANAGE_EVENTS,
    MANAGE_MESSAGES,
    MANAGE_ROLES,
    PIN_MESSAGES,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    Attachment,
    Channel,
    Guild,
    Message,
    ScheduledEvent,
    iso,
    now_utc,
    snowflake_time,
)
from bot.emulator._ratelimits import RateLimiter, is_interaction_route, rate_limited_body
from bot.emulator._validation import ApiError, check_message, check_modal

if TYPE_CHECKING:
    from bot.emulator._members import InteractionRecord
    from bot.emulator.emulator import Emulator

Handler = Callable[["Ctx"], Awaitable[Any]]

# enforce_nonce: "checked for uniqueness in the past few minutes" (resources/message.mdx, Create
# Message). The emulator keeps the short end of "a few" on its own clock (the wall clock, which
# time-machine moves), so a retry hours later is posted again, as on Discord.
NONCE_WINDOW_S = 120.0
# "A guild can have a maximum of 100 events with SCHEDULED or ACTIVE status at any time"
# (resources/guild-scheduled-event.mdx, Create Guild Scheduled Event; error 30038).
FILE_LIMIT = 10 * 1024 * 1024  # bytes a file (the default; boosts and Nitro raise it)
REQUEST_LIMIT = 25 * 1024 * 1024  # bytes a message request, files and payload together
EVENT_LIMIT = 100
# "Any event with status SCHEDULED after a certain time interval (on the order of hours) beyond its
# scheduled_start_time will have its status automatically set to CANCELLED" (same page).
NEVER_STARTED_CANCELLED_AFTER = dt.timedelta(hours=3)


@dataclasses.dataclass
class Ctx:
    """One parsed request."""

    method: str
    path: str
    template: str
    params: dict[str, str]
    query: Any
    body: Any
    files: list[tuple[str, bytes, str]]
    headers: Any

    def int(self, name: str) -> int:
        try:
            return int(self.params[name])
        except ValueError:
            raise ApiError(400, 50035, f"Invalid Form Body: {name} is not a snowflake") from None


@dataclasses.dataclass
class RouteDef:
    method: str
    template: str
    regex: re.Pattern[str]
    handler: Handler
    auth: bool


def _compile(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[a-z_]+\})", template)
    rx = "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{rx}$")


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """JSON with Content-Type exactly application/json (discord.py's json_or_text insists)."""
    resp = web.Response(body=json.dumps(data).encode(), status=status, headers=headers)
    resp.headers["Content-Type"] = "application/json"
    return resp


class RestApi:
    """Routes and handlers. State lives on the Emulator; this class only speaks HTTP."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.routes: list[RouteDef] = []
        self.limiter = RateLimiter()
        self._events_due: dt.datetime | None = None  # the earliest status change by the clock
        self._register()

    # -- plumbing -------------------------------------------------------------------------------
    def add(self, method: str, template: str, handler: Handler, *, auth: bool = True) -> None:
        self.routes.append(RouteDef(method, template, _compile(template), handler, auth))

    def match(self, method: str, path: str) -> tuple[RouteDef | None, dict[str, str]]:
        for route in self.routes:
            if route.method == method:
                m = route.regex.match(path)
                if m:
                    return route, m.groupdict()
        return None, {}

    async def handle(self, request: web.Request) -> web.StreamResponse:
        emu = self.emu
        emu.request_started()
        method = request.method
        path = "/" + request.match_info.get("tail", "")
        params: dict[str, str] = {}
        status = 500
        template = ""
        body: Any = None
        headers: dict[str, str] = {}
        try:
            if emu.rate_limits and self.limiter.banned():
                status = 429  # Cloudflare's ban: not JSON, no Via (discord.py raises at once)
                return web.Response(
                    text="error code: 1015", status=429, headers={"Retry-After": "3600"}
                )
            self.advance_events()  # Discord's clock ran meanwhile (time-machine moves it)
            route, params = self.match(method, path)
            template = route.template if route else ""
            fault = emu.faults.take(method, path)
            if fault is not None and not fault.applied:
                status = fault.status
                return self._fault_response(fault)
            if route is None:
                emu.record_failure(f"UNIMPLEMENTED {method} {path}: the emulator has no such route")
                status = 404
                return json_response(
                    {"message": f"emulator: route not implemented: {method} {path}", "code": 0}, 404
                )
            if route.auth and request.headers.get("Authorization") != f"Bot {emu.bot_token}":
                status = 401
                return json_response({"message": "401: Unauthorized", "code": 0}, 401)
            if emu.rate_limits:
                major = self._major(route.template, params)
                verdict = self.limiter.check(
                    method,
                    route.template,
                    major,
                    exempt_global=is_interaction_route(route.template, params, emu.application_id),
                )
                headers = verdict.headers
                if verdict.retry_after is not None:
                    status = 429
                    data, limited = rate_limited_body(verdict)
                    return json_response(data, 429, limited)
            body, files = await self._read_body(request)
            _check_upload_sizes(files, request.content_length)
            if body is not None and emu.validate_openapi:
                problems = emu.validator.validate(method, route.template, body)
                if problems:
                    emu.record_failure(
                        f"OPENAPI {method} {route.template}: " + " | ".join(problems)
                    )
            ctx = Ctx(
                method, path, route.template, params, request.query, body, files, request.headers
            )
            result = await route.handler(ctx)
            if fault is not None:  # applied: the request took effect, its answer is lost
                status = fault.status
                return self._fault_response(fault)
            if isinstance(result, web.StreamResponse):
                status = result.status
                return result
            if result is None:
                status = 204
                return web.Response(status=204, headers=headers)
            status = 200
            return json_response(result, 200, headers)
        except ApiError as exc:
            status = exc.status
            self._tell_interaction(params, method, template, exc)
            return json_response(exc.to_json(), exc.status, headers)
        except Exception as exc:  # a bug in the emulator: make it loud
            emu.record_failure(f"EMULATOR BUG {method} {path}: {exc!r}")
            raise
        finally:
            emu.request_finished()
            emu.requests.append(RequestRecord(method, path, template, status, body))
            if self.limiter.count_answer(status) and emu.rate_limits:
                emu.record_failure(
                    f"BANNED: {self.limiter.invalid_limit} invalid requests (401/403/429) within "
                    f"{self.limiter.invalid_window_s:.0f} s; every request is refused for "
                    f"{self.limiter.ban_s:.0f} s"
                )
            emu.notify()

    def _tell_interaction(
        self, params: dict[str, str], method: str, template: str, exc: ApiError
    ) -> None:
        """Let a waiting SimMember know its interaction's callback/followup/edit was refused.
        (A second callback refused with 40060 changes nothing the person sees: the first stands;
        it is recorded in emu.failures.)"""
        if exc.code == 40060:
            return
        rec = None
        if "interaction_token" in params:
            rec = self.emu.interaction_by_token(params["interaction_token"])
        elif "webhook_token" in params:
            rec = self.emu.interaction_by_token(params["webhook_token"])
        if rec is not None:
            rec.refused(f"{method} {template}", exc)

    @staticmethod
    def _major(template: str, params: dict[str, str]) -> str:
        """The top-level resource that keys a route's bucket (Discord's "major parameter")."""
        if "interaction_id" in params:
            return params["interaction_id"]
        if "webhook_id" in params:
            return f"{params['webhook_id']}/{params.get('webhook_token', '')}"
        return params.get("channel_id") or params.get("guild_id") or ""

    def _fault_response(self, fault: Any) -> web.Response:
        if fault.status == 429:
            return json_response(
                {
                    "message": "You are being rate limited.",
                    "retry_after": fault.retry_after,
                    "global": False,
                },
                429,
                {
                    "Via": "1.1 google",
                    "Retry-After": str(fault.retry_after),
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset-After": str(fault.retry_after),
                    "X-RateLimit-Reset": f"{time.time() + fault.retry_after:.3f}",
                    "X-RateLimit-Bucket": "fault",
                    "X-RateLimit-Scope": "user",
                },
            )
        if fault.status == 403:
            return json_response({"message": "Missing Permissions", "code": 50013}, 403)
        if fault.status == 404:
            return json_response({"message": "Unknown Message", "code": 10008}, 404)
        return json_response(
            {"message": f"{fault.status}: injected fault", "code": 0}, fault.status
        )

    async def _read_body(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes, str]]]:
        if not request.can_read_body:
            return None, []
        ctype = request.content_type
        if ctype == "multipart/form-data":
            body = None
            files: list[tuple[str, bytes, str]] = []
            reader = await request.multipart()
            async for part in reader:
                name = part.name or ""  # type: ignore[union-attr]
                data = await part.read()  # type: ignore[union-attr]
                if name == "payload_json":
                    body = json.loads(bytes(data).decode())
                elif name.startswith("files["):
                    files.append(
                        (
                            part.filename or name,  # type: ignore[union-attr]
                            bytes(data),
                            part.headers.get("Content-Type", "application/octet-stream"),  # type: ignore[union-attr]
                        )
                    )
            return body, files
        raw = await request.read()
        if not raw:
            return None, []
        try:
            return json.loads(raw), []
        except ValueError:
            raise ApiError(400, 50109, "The request body contains invalid JSON.") from None

    # -- lookups --------------------------------------------------------------------------------
    def _channel(self, ctx: Ctx) -> Channel:
        chan = self.emu.channel(ctx.int("channel_id"))
        if chan is None:
            raise ApiError(404, 10003, "Unknown Channel")
        if chan.guild is not None and not chan.bot_perms() & VIEW_CHANNEL:
            raise ApiError(403, 50001, "Missing Access")
        return chan

    def _message(self, chan: Channel, ctx: Ctx) -> Message:
        msg = chan.get(ctx.int("message_id"))
        if msg is None or msg.deleted or msg.ephemeral_user_id is not None:
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    def _guild(self, ctx: Ctx) -> Any:
        guild = self.emu.guild(ctx.int("guild_id"))
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        return guild

    def _need(self, chan: Channel, perms: int, what: str) -> None:
        have = chan.bot_perms()
        if have & perms != perms:
            self.emu.note(f"403 Missing Permissions ({what}) in #{chan.name}")
            raise ApiError(403, 50013, "Missing Permissions")

    def _files(
        self, payload: dict[str, Any], files: list[tuple[str, bytes, str]]
    ) -> list[Attachment]:
        meta = {
            str(a.get("id")): a for a in payload.get("attachments") or [] if isinstance(a, dict)
        }
        out = []
        for i, (filename, data, ctype) in enumerate(files):
            m = meta.get(str(i), {})
            out.append(
                Attachment(
                    m.get("filename") or filename,
                    data,
                    self.emu.new_id(),
                    ctype,
                    m.get("description") or "",
                )
            )
        return out

    # -- routes ---------------------------------------------------------------------------------
    def _register(self) -> None:
        a = self.add
        a("GET", "/users/@me", self.get_me)
        a("GET", "/users/{user_id}", self.get_user)
        a("GET", "/oauth2/applications/@me", self.get_application)
        a("GET", "/applications/@me", self.get_application)
        a("GET", "/gateway", self.get_gateway, auth=False)
        a("GET", "/gateway/bot", self.get_gateway)
        a("GET", "/applications/{application_id}/commands", self.get_commands)
        a("PUT", "/applications/{application_id}/commands", self.put_commands)
        a("POST", "/applications/{application_id}/commands", self.post_command)
        a(
            "GET",
            "/applications/{application_id}/guilds/{guild_id}/commands/permissions",
            self.get_command_permissions,
        )
        a("GET", "/applications/{application_id}/guilds/{guild_id}/commands", self.get_commands)
        a("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", self.put_commands)
        a("POST", "/applications/{application_id}/guilds/{guild_id}/commands", self.post_command)
        a("GET", "/channels/{channel_id}", self.get_channel)
        a("POST", "/channels/{channel_id}/typing", self.typing)
        a("GET", "/channels/{channel_id}/messages/pins", self.get_pins_new)
        a("PUT", "/channels/{channel_id}/messages/pins/{message_id}", self.pin)
        a("DELETE", "/channels/{channel_id}/messages/pins/{message_id}", self.unpin)
        a("GET", "/channels/{channel_id}/pins", self.get_pins_old)
        a("PUT", "/channels/{channel_id}/pins/{message_id}", self.pin)
        a("DELETE", "/channels/{channel_id}/pins/{message_id}", self.unpin)
        a("POST", "/channels/{channel_id}/messages/bulk-delete", self.bulk_delete)
        a("POST", "/channels/{channel_id}/messages", self.create_message)
        a("GET", "/channels/{channel_id}/messages", self.get_messages)
        a("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message)
        a("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message)
        a("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        a(
            "PUT",
            "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
            self.add_reaction,
        )
        a(
            "DELETE",
            "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
            self.remove_reaction,
        )
        a("POST", "/users/@me/channels", self.create_dm)
        a(
            "POST",
            "/interactions/{interaction_id}/{interaction_token}/callback",
            self.interaction_callback,
            auth=False,
        )
        a("POST", "/webhooks/{webhook_id}/{webhook_token}", self.followup, auth=False)
        for verb, h in (
            ("GET", self.get_original),
            ("PATCH", self.edit_original),
            ("DELETE", self.delete_original),
        ):
            a(verb, "/webhooks/{webhook_id}/{webhook_token}/messages/@original", h, auth=False)
        for verb, h in (
            ("GET", self.get_webhook_message),
            ("PATCH", self.edit_webhook_message),
            ("DELETE", self.delete_webhook_message),
        ):
            a(verb, "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", h, auth=False)
        a("GET", "/guilds/{guild_id}", self.get_guild)
        a("GET", "/guilds/{guild_id}/roles", self.get_roles)
        a("GET", "/guilds/{guild_id}/channels", self.get_guild_channels)
        a("GET", "/guilds/{guild_id}/members", self.get_members)
        a("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member)
        a("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.add_member_role)
        a("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.remove_member_role)
        a("GET", "/guilds/{guild_id}/scheduled-events", self.list_events)
        a("POST", "/guilds/{guild_id}/scheduled-events", self.create_event)
        a("GET", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}", self.get_event)
        a(
            "PATCH",
            "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}",
            self.edit_event,
        )
        a(
            "DELETE",
            "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}",
            self.delete_event,
        )
        a(
            "GET",
            "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users",
            self.event_users,
        )

    # -- identity -------------------------------------------------------------------------------
    async def get_me(self, ctx: Ctx) -> Any:
        return self.emu.bot_user.to_json() | {
            "verified": True,
            "mfa_enabled": False,
            "locale": "en-GB",
        }

    async def get_user(self, ctx: Ctx) -> Any:
        user = self.emu.user(ctx.int("user_id"))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return user.to_json()

    async def get_application(self, ctx: Ctx) -> Any:
        emu = self.emu
        return {
            "id": str(emu.application_id),
            "name": emu.bot_user.username,
            "icon": None,
            "description": "Emulated application",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": 0,
            "owner": emu.owner.to_json(),
            "team": None,
            "rpc_origins": [],
            "interactions_endpoint_url": None,
            "bot": emu.bot_user.to_json(),
            "redirect_uris": [],
            "tags": [],
        }

    async def get_gateway(self, ctx: Ctx) -> Any:
        data: dict[str, Any] = {"url": self.emu.gateway_url.rstrip("/")}
        gateway = self.emu.gateway
        if ctx.path.endswith("/bot") and gateway is not None:
            data |= {
                "shards": gateway.recommended_shards(),
                "session_start_limit": gateway.start_limit(),
            }
        return data

    # -- application commands -------------------------------------------------------------------
    def _command_store(self, ctx: Ctx) -> tuple[dict[str, dict[str, Any]], int | None]:
        if ctx.int("application_id") != self.emu.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" in ctx.params:
            guild = self._guild(ctx)
            return guild.commands, guild.id
        return self.emu.global_commands, None

    async def get_commands(self, ctx: Ctx) -> Any:
        store, _ = self._command_store(ctx)
        return list(store.values())

    def _store_command(
        self, store: dict[str, dict[str, Any]], guild_id: int | None, cmd: dict[str, Any]
    ) -> dict[str, Any]:
        _check_command(cmd)
        key = f"{cmd.get('type', 1)}:{cmd['name']}"
        old = store.get(key)
        data = dict(cmd)
        data.setdefault("type", 1)
        data.setdefault("description", "")
        data.setdefault("options", [])
        data["id"] = old["id"] if old else str(self.emu.new_id())
        data["application_id"] = str(self.emu.application_id)
        data["version"] = str(self.emu.new_id())
        data.setdefault("default_member_permissions", None)
        data.setdefault("nsfw", False)
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        store[key] = data
        return data

    async def put_commands(self, ctx: Ctx) -> Any:
        store, guild_id = self._command_store(ctx)
        if not isinstance(ctx.body, list):
            raise ApiError(400, 50035, "Invalid Form Body: expected a list of commands")
        if len(ctx.body) > 100:
            raise ApiError(400, 30032, "Maximum number of application commands reached (100)")
        old = dict(store)
        store.clear()
        out = []
        for cmd in ctx.body:
            key = f"{cmd.get('type', 1)}:{cmd.get('name')}"
            if key in old:
                store[key] = old[key]  # keep the id
            out.append(self._store_command(store, guild_id, cmd))
        self.emu.command_syncs += 1
        return out

    async def post_command(self, ctx: Ctx) -> Any:
        store, guild_id = self._command_store(ctx)
        return self._store_command(store, guild_id, ctx.body or {})

    async def get_command_permissions(self, ctx: Ctx) -> Any:
        return []

    # -- channels and messages ------------------------------------------------------------------
    async def get_channel(self, ctx: Ctx) -> Any:
        return self._channel(ctx).to_json()

    async def typing(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        self._need(chan, SEND_MESSAGES, "SEND_MESSAGES")
        return None

    async def create_message(self, ctx: Ctx) -> Any:
        emu = self.emu
        chan = self._channel(ctx)
        payload = ctx.body or {}
        if chan.type == 1:
            recipient = chan.recipient
            sim = emu.sim(recipient.id) if recipient else None
            if sim is not None and recipient is not None and not sim.dms_open:
                emu.note(f"403 Cannot send messages to this user ({recipient.username})")
                raise ApiError(403, 50007, "Cannot send messages to this user")
            if recipient is not None and not any(recipient.id in g.members for g in emu.guilds):
                # topics/opcodes-and-status-codes.mdx 50007: a bot reaches by DM only people
                # it shares a server with (they left every server it is in)
                emu.note(f"403 Cannot send messages to {recipient.username}: no shared server")
                raise ApiError(403, 50007, "Cannot send messages to this user")
        else:
            self._need(chan, SEND_MESSAGES, "SEND_MESSAGES")
            if ctx.files:
                self._need(chan, ATTACH_FILES, "ATTACH_FILES")
            ref = payload.get("message_reference")
            if ref and not chan.bot_perms() & READ_MESSAGE_HISTORY:
                raise ApiError(403, 50013, "Missing Permissions")
        nonce = payload.get("nonce")
        if nonce is not None and payload.get("enforce_nonce"):
            # Discord: "if another message was created by the same author with the same nonce,
            # that message will be returned": per author, in any channel, not per channel
            hit = emu.nonces.get(str(nonce))
            now = time.time()
            if hit is not None and 0 <= now - hit[2] < NONCE_WINDOW_S:
                earlier = emu.channel(hit[0])
                existing = earlier.get(hit[1]) if earlier is not None else None
                if existing is not None:
                    emu.nonce_hits += 1
                    return existing.to_json(emu)
        check_message(payload, n_files=len(ctx.files))
        if payload.get("flags", 0) & FLAG_EPHEMERAL:
            raise ApiError(
                400, 50035, "Invalid Form Body: flags: ephemeral is only for interaction responses"
            )
        msg = emu.create_message(chan, emu.bot_user, payload, self._files(payload, ctx.files))
        if nonce is not None and payload.get("enforce_nonce"):
            emu.nonces[str(nonce)] = (chan.id, msg.id, time.time())
        return msg.to_json(emu)

    async def get_messages(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        if not chan.bot_perms() & READ_MESSAGE_HISTORY:
            # "If the current user is missing the READ_MESSAGE_HISTORY permission in the channel,
            # then no messages will be returned" (resources/message.mdx): 200 and [], not 403
            self.emu.note(f"200 [] without READ_MESSAGE_HISTORY in #{chan.name}")
            return []
        q = ctx.query
        limit = int(q.get("limit", 50))
        if not 1 <= limit <= 100:
            raise ApiError(400, 50035, "Invalid Form Body: limit must be between 1 and 100")
        before = int(q["before"]) if "before" in q else None
        after = int(q["after"]) if "after" in q else None
        if "around" in q:
            around = int(q["around"])
            older = chan.history(limit=limit // 2 + 1, before=around + 1)
            newer = chan.history(limit=limit // 2, after=around)
            msgs = (newer + older)[:limit]
        else:
            msgs = chan.history(limit=limit, before=before, after=after)
        return [_stored(m.to_json(self.emu)) for m in msgs]

    async def get_message(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        self._need(chan, READ_MESSAGE_HISTORY, "READ_MESSAGE_HISTORY")
        return _stored(self._message(chan, ctx).to_json(self.emu))

    async def edit_message(self, ctx: Ctx) -> Any:
        emu = self.emu
        chan = self._channel(ctx)
        msg = self._message(chan, ctx)
        payload = ctx.body or {}
        if msg.author.id != emu.bot_user_id:
            if set(payload) - {"flags"}:
                raise ApiError(403, 50005, "Cannot edit a message authored by another user")
            self._need(chan, MANAGE_MESSAGES, "MANAGE_MESSAGES")
        check_message(payload, creating=False)
        emu.edit_message(msg, payload, self._files(payload, ctx.files))
        return msg.to_json(emu)

    async def delete_message(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        msg = self._message(chan, ctx)
        if msg.author.id != self.emu.bot_user_id and chan.type != 1:
            self._need(chan, MANAGE_MESSAGES, "MANAGE_MESSAGES")
        self.emu.delete_message(msg)
        return None

    async def bulk_delete(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        if chan.guild is None:  # "can only be used on guild channels"
            raise ApiError(403, 50003, "Cannot execute action on a DM channel")
        self._need(chan, MANAGE_MESSAGES, "MANAGE_MESSAGES")
        ids = [int(i) for i in (ctx.body or {}).get("messages", [])]
        if not 2 <= len(ids) <= 100:
            raise ApiError(
                400, 50016, "You must provide at least 2 and fewer than 100 messages to delete."
            )
        # resources/message.mdx, Bulk Delete Messages: "will not delete messages older than 2
        # weeks, and will fail with a 400 BAD REQUEST if any message provided is older than that
        # or if any duplicate message IDs are provided"; one MESSAGE_DELETE_BULK event for all
        if len(set(ids)) != len(ids):
            raise ApiError(400, 50035, "Invalid Form Body: messages: duplicate message ids")
        oldest = now_utc() - dt.timedelta(days=14)
        if any(snowflake_time(mid) < oldest for mid in ids):
            raise ApiError(
                400, 50034, "You can only bulk delete messages that are under 14 days old."
            )
        gone = []
        for mid in ids:
            msg = chan.get(mid)
            if msg is not None and not msg.deleted:
                self.emu.delete_message(msg, announce=False)
                gone.append(str(mid))
        data: dict[str, Any] = {"ids": gone, "channel_id": str(chan.id)}
        if chan.guild is not None:
            data["guild_id"] = str(chan.guild.id)
        if chan.guild is not None:
            self.emu.dispatch_guild(chan.guild, "MESSAGE_DELETE_BULK", data)
        self.emu.notify()
        return None

    async def add_reaction(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        msg = self._message(chan, ctx)
        emoji = unquote(ctx.params["emoji_name"])
        msg.reactions.setdefault(emoji, set()).add(self.emu.bot_user_id)
        return None

    async def remove_reaction(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        msg = self._message(chan, ctx)
        msg.reactions.get(unquote(ctx.params["emoji_name"]), set()).discard(self.emu.bot_user_id)
        return None

    # -- pins -----------------------------------------------------------------------------------
    def _need_pin(self, chan: Channel) -> None:
        """Since 23 Feb 2026 pinning and unpinning need PIN_MESSAGES; MANAGE_MESSAGES alone is no
        longer enough (change log 2025-11-24, "Pin Messages Permission")."""
        if chan.type == 1:
            return
        if not chan.bot_perms() & PIN_MESSAGES:
            self.emu.note(f"403 Missing Permissions (PIN_MESSAGES) in #{chan.name}")
            raise ApiError(403, 50013, "Missing Permissions")

    async def pin(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        self._need_pin(chan)
        msg = self._message(chan, ctx)
        if not msg.pinned:
            if len(chan.pins) >= 250:
                raise ApiError(400, 30003, "Maximum number of pins reached (250)")
            chan.pin(msg)
            self.emu.pins_changed(msg)
        return None

    async def unpin(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        self._need_pin(chan)
        msg = self._message(chan, ctx)
        if msg.pinned:
            chan.unpin(msg)
            self.emu.pins_changed(msg)
        return None

    def _readable_pins(self, chan: Channel) -> list[Message]:
        """ "If the user is missing the READ_MESSAGE_HISTORY permission in the channel, then no
        pins will be returned" (resources/message.mdx, Get Channel Pins)."""
        return chan.pins if chan.bot_perms() & READ_MESSAGE_HISTORY else []

    async def get_pins_old(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        return [_stored(m.to_json(self.emu)) for m in self._readable_pins(chan)]

    async def get_pins_new(self, ctx: Ctx) -> Any:
        chan = self._channel(ctx)
        limit = int(ctx.query.get("limit", 50))
        before = ctx.query.get("before")
        pins = self._readable_pins(chan)
        if before:
            cutoff = before
            pins = [m for m in pins if m.pinned_at and iso(m.pinned_at) < cutoff]
        page = pins[:limit]
        return {
            "items": [
                {"pinned_at": iso(m.pinned_at), "message": _stored(m.to_json(self.emu))}
                for m in page
            ],
            "has_more": len(pins) > limit,
        }

    # -- DMs ------------------------------------------------------------------------------------
    async def create_dm(self, ctx: Ctx) -> Any:
        rid = int((ctx.body or {}).get("recipient_id", 0))
        user = self.emu.user(rid)
        if user is None:
            raise ApiError(400, 50035, "Invalid Form Body: recipient_id: unknown user")
        return self.emu.dm_channel(user).to_json()

    # -- interactions ---------------------------------------------------------------------------
    def _interaction(self, ctx: Ctx) -> InteractionRecord:
        rec = self.emu.interaction(ctx.int("interaction_id"))
        if rec is None or rec.token != ctx.params["interaction_token"]:
            raise ApiError(404, 10062, "Unknown interaction")
        return rec

    async def interaction_callback(self, ctx: Ctx) -> Any:
        emu = self.emu
        rec = self._interaction(ctx)
        body = ctx.body or {}
        cb_type = body.get("type")
        data = body.get("data") or {}
        if not rec.acked and (rec.expired or time.monotonic() - rec.created > emu.ack_timeout):
            rec.expire(emu, f"acknowledged after {time.monotonic() - rec.created:.2f}s")
            raise ApiError(404, 10062, "Unknown interaction")
        if rec.acked:
            emu.record_failure(
                f"INTERACTION {rec.describe()}: responded twice (400 40060 Interaction has already been acknowledged)"
            )
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        allowed = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}[rec.type]
        if rec.type == 5 and rec.message is None:
            allowed = {4, 5}
        if cb_type not in allowed:
            why = (
                "modal only as a first response to a command or component"
                if cb_type == 9
                else "not valid here"
            )
            emu.record_failure(f"INTERACTION {rec.describe()}: callback type {cb_type} {why}")
            raise ApiError(
                400, 50035, f"Invalid Form Body: type: interaction callback type {cb_type} is {why}"
            )
        message: Message | None = None
        if cb_type == 4:
            check_message(data, n_files=len(ctx.files))
            message = emu.respond_message(rec, data, self._files(data, ctx.files))
        elif cb_type == 5:
            message = emu.respond_message(
                rec, {"flags": (data.get("flags") or 0) & FLAG_EPHEMERAL}, [], loading=True
            )
        elif cb_type == 7:
            check_message(data, creating=False)
            assert rec.message is not None
            if rec.message.deleted:
                raise ApiError(404, 10008, "Unknown Message")
            emu.edit_message(rec.message, data, self._files(data, ctx.files))
            message = rec.message
        elif cb_type == 9:
            check_modal(data)
            rec.modal = data
            if rec.sim is not None:
                rec.sim.last_modal = (data, rec)
        elif cb_type == 8:
            choices = data.get("choices") or []
            if len(choices) > 25:
                raise ApiError(
                    400, 50035, "Invalid Form Body: data.choices: Must be 25 or fewer in length."
                )
            # interactions/application-commands.mdx, choice structure: "1-100 character choice
            # name"; "Value for the choice, up to 100 characters if string"
            for i, choice in enumerate(choices):
                name, value = choice.get("name") or "", choice.get("value")
                if not 1 <= len(name) <= 100 or (isinstance(value, str) and len(value) > 100):
                    emu.record_failure(
                        f"INTERACTION {rec.describe()}: autocomplete choice {i} too long"
                    )
                    raise ApiError(
                        400,
                        50035,
                        f"Invalid Form Body: data.choices.{i}: name 1-100 characters, a string "
                        "value at most 100",
                    )
            rec.choices = choices
        rec.ack(cb_type, message)
        if ctx.query.get("with_response") not in ("1", "true", "True"):
            return None
        interaction: dict[str, Any] = {
            "id": str(rec.id),
            "type": rec.type,
            "response_message_loading": cb_type == 5,
            "response_message_ephemeral": bool(message and message.flags & FLAG_EPHEMERAL),
        }
        resource: dict[str, Any] = {"type": cb_type}
        if message is not None:
            interaction["response_message_id"] = str(message.id)
            resource["message"] = message.to_json(emu)
        return {"interaction": interaction, "resource": resource}

    def _webhook_interaction(self, ctx: Ctx, *, need_ack: bool = True) -> InteractionRecord:
        emu = self.emu
        if ctx.int("webhook_id") != emu.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        rec = emu.interaction_by_token(ctx.params["webhook_token"])
        if rec is None:
            raise ApiError(404, 10015, "Unknown Webhook")
        if rec.token_expired:
            # 15 minutes on (receiving-and-responding.mdx): every use of the token is refused
            # with 401 Invalid Webhook Token (opcodes-and-status-codes.mdx, 50027).
            emu.note(f"401 Invalid Webhook Token: {rec.describe()} after 15 minutes")
            raise ApiError(401, 50027, "Invalid Webhook Token")
        if need_ack and not rec.acked:
            emu.record_failure(
                f"INTERACTION {rec.describe()}: webhook {ctx.method} before the interaction was acknowledged"
            )
            raise ApiError(404, 10015, "Unknown Webhook")
        return rec

    async def followup(self, ctx: Ctx) -> Any:
        emu = self.emu
        rec = self._webhook_interaction(ctx)
        payload = ctx.body or {}
        check_message(payload, n_files=len(ctx.files))
        files = self._files(payload, ctx.files)
        original = rec.original
        if original is not None and original.loading and not original.deleted:
            # The first followup after a deferred response replaces the "thinking" message.
            data = dict(payload)
            data["flags"] = original.flags & FLAG_EPHEMERAL
            emu.edit_message(original, data, files, clear_loading=True)
            msg = original
            rec.touch()
        else:
            msg = emu.followup_message(rec, payload, files)
        wait = ctx.query.get("wait", "false").lower() in ("1", "true")
        return msg.to_json(emu) if wait else None

    def _original(self, rec: InteractionRecord) -> Message:
        msg = rec.original or rec.message
        if msg is None or msg.deleted:
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    async def get_original(self, ctx: Ctx) -> Any:
        rec = self._webhook_interaction(ctx)
        return self._original(rec).to_json(self.emu)

    async def edit_original(self, ctx: Ctx) -> Any:
        rec = self._webhook_interaction(ctx)
        msg = self._original(rec)
        payload = ctx.body or {}
        check_message(payload, creating=False)
        self.emu.edit_message(msg, payload, self._files(payload, ctx.files), clear_loading=True)
        rec.touch()
        return msg.to_json(self.emu)

    async def delete_original(self, ctx: Ctx) -> Any:
        rec = self._webhook_interaction(ctx)
        self.emu.delete_message(self._original(rec))
        rec.touch()
        return None

    def _own_message(self, rec: InteractionRecord, ctx: Ctx) -> Message:
        mid = ctx.int("message_id")
        for msg in (rec.original, rec.message, *rec.followups):
            if msg is not None and msg.id == mid and not msg.deleted:
                return msg
        raise ApiError(404, 10008, "Unknown Message")

    async def get_webhook_message(self, ctx: Ctx) -> Any:
        rec = self._webhook_interaction(ctx)
        return self._own_message(rec, ctx).to_json(self.emu)

    async def edit_webhook_message(self, ctx: Ctx) -> Any:
        rec = self._webhook_interaction(ctx)
        msg = self._own_message(rec, ctx)
        payload = ctx.body or {}
        check_message(payload, creating=False)
        self.emu.edit_message(msg, payload, self._files(payload, ctx.files), clear_loading=True)
        rec.touch()
        return msg.to_json(self.emu)

    async def delete_webhook_message(self, ctx: Ctx) -> Any:
        rec = self._webhook_interaction(ctx)
        self.emu.delete_message(self._own_message(rec, ctx))
        rec.touch()
        return None

    # -- guilds ---------------------------------------------------------------------------------
    async def get_guild(self, ctx: Ctx) -> Any:
        data = self._guild(ctx).to_json()
        for key in (
            "channels",
            "members",
            "threads",
            "voice_states",
            "presences",
            "guild_scheduled_events",
        ):
            data.pop(key, None)
        return data

    async def get_roles(self, ctx: Ctx) -> Any:
        return [r.to_json() for r in self._guild(ctx).roles.values()]

    async def get_guild_channels(self, ctx: Ctx) -> Any:
        return [c.to_json() for c in self._guild(ctx).channels.values()]

    async def get_members(self, ctx: Ctx) -> Any:
        guild = self._guild(ctx)
        limit = int(ctx.query.get("limit", 1))
        after = int(ctx.query.get("after", 0))
        members = sorted(
            (m for m in guild.members.values() if m.user.id > after), key=lambda m: m.user.id
        )
        return [m.to_json() for m in members[:limit]]

    async def get_member(self, ctx: Ctx) -> Any:
        guild = self._guild(ctx)
        member = guild.members.get(ctx.int("user_id"))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return member.to_json()

    def _role_change(self, ctx: Ctx) -> tuple[Any, Any, Any]:
        guild = self._guild(ctx)
        member = guild.members.get(ctx.int("user_id"))
        role = guild.roles.get(ctx.int("role_id"))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        if role is None:
            raise ApiError(404, 10011, "Unknown Role")
        bot = guild.members[self.emu.bot_user_id]
        if not bot.base_permissions() & MANAGE_ROLES:
            raise ApiError(403, 50013, "Missing Permissions")
        if role.position >= guild.bot_role.position or role.managed_bot_id is not None:
            raise ApiError(403, 50013, "Missing Permissions")
        return guild, member, role

    async def add_member_role(self, ctx: Ctx) -> Any:
        guild, member, role = self._role_change(ctx)
        if role not in member.roles:
            member.roles.append(role)
            self.emu.member_updated(guild, member)
        return None

    async def remove_member_role(self, ctx: Ctx) -> Any:
        guild, member, role = self._role_change(ctx)
        if role in member.roles:
            member.roles.remove(role)
            self.emu.member_updated(guild, member)
        return None

    # -- scheduled events -----------------------------------------------------------------------
    def advance_events(self) -> None:
        """What Discord does to events by the clock (guild-scheduled-event.mdx, "Guild Scheduled
        Event Status Update Automation"): an external event becomes ACTIVE at its start and
        COMPLETED at its end; an event still SCHEDULED hours after its start is CANCELED. Each
        change is a GUILD_SCHEDULED_EVENT_UPDATE, in time order when the clock jumped past
        several. Scans only when the earliest known change is due (events_changed resets it)."""
        now = now_utc()
        if self._events_due is not None and now < self._events_due:
            return
        emu = self.emu
        due: dt.datetime | None = None
        for guild in emu.guilds:
            for ev in guild.events:
                external = ev.data.get("entity_type") == 3
                changes = []
                if ev.status == 1 and external and ev.start <= now:
                    changes.append(2)
                if ev.status in (1, 2) and external and ev.end is not None and ev.end <= now:
                    changes.append(3)
                if (
                    ev.status == 1
                    and not external
                    and ev.start + NEVER_STARTED_CANCELLED_AFTER <= now
                ):
                    changes.append(4)
                for status in changes:
                    ev.data["status"] = status
                    emu.dispatch_guild(guild, "GUILD_SCHEDULED_EVENT_UPDATE", dict(ev.data))
                nxt = _next_change(ev)
                if nxt is not None and (due is None or nxt < due):
                    due = nxt
        self._events_due = due or dt.datetime.max.replace(tzinfo=dt.UTC)

    def events_changed(self) -> None:
        """An event was created or edited: its next change by the clock may be the earliest."""
        self._events_due = None

    def _need_events(
        self, guild: Any, channel_id: Any, *, creating: bool, creator_id: Any = None
    ) -> None:
        """Discord since 23 Feb 2026 (guild-scheduled-event.mdx, "Permissions Requirements"; change
        log 2025-11-24): creating needs CREATE_EVENTS; editing or deleting needs CREATE_EVENTS or
        MANAGE_EVENTS for the bot's own events, MANAGE_EVENTS for anyone else's. External events
        are checked at guild level, voice and stage events in their channel."""
        bot = guild.members[self.emu.bot_user_id]
        if channel_id:
            chan = self.emu.channel(int(channel_id))
            if chan is None or chan.guild is not guild:
                raise ApiError(400, 50035, "Invalid Form Body: channel_id: unknown channel")
            perms = chan.permissions_for(bot)
        else:
            perms = bot.base_permissions()
        own = creating or str(creator_id) == str(self.emu.bot_user_id)
        enough = (
            CREATE_EVENTS if creating else (CREATE_EVENTS | MANAGE_EVENTS if own else MANAGE_EVENTS)
        )
        if not perms & enough:
            what = (
                "CREATE_EVENTS"
                if creating
                else ("CREATE_EVENTS or MANAGE_EVENTS" if own else "MANAGE_EVENTS")
            )
            self.emu.note(f"403 Missing Permissions ({what})")
            raise ApiError(403, 50013, "Missing Permissions")

    def _event(self, guild: Any, ctx: Ctx) -> ScheduledEvent:
        ev: ScheduledEvent | None = guild.scheduled_events.get(ctx.int("guild_scheduled_event_id"))
        if ev is None or ev.deleted:
            raise ApiError(404, 10070, "Unknown Guild Scheduled Event")
        return ev

    async def list_events(self, ctx: Ctx) -> Any:
        return [e.data for e in self._guild(ctx).events]

    async def get_event(self, ctx: Ctx) -> Any:
        guild = self._guild(ctx)
        return self._event(guild, ctx).data

    async def create_event(self, ctx: Ctx) -> Any:
        emu = self.emu
        guild = self._guild(ctx)
        body = dict(ctx.body or {})
        self._need_events(guild, body.get("channel_id"), creating=True)
        _check_event(body, creating=True)
        if sum(1 for e in guild.events if e.status in (1, 2)) >= EVENT_LIMIT:
            raise ApiError(
                400,
                30038,
                f"Maximum number of uncompleted guild scheduled events reached ({EVENT_LIMIT})",
            )
        ev = new_event(emu, guild, body)
        emu.dispatch_guild(guild, "GUILD_SCHEDULED_EVENT_CREATE", ev.data)
        emu.notify()
        return ev.data

    async def edit_event(self, ctx: Ctx) -> Any:
        emu = self.emu
        guild = self._guild(ctx)
        ev = self._event(guild, ctx)
        body = dict(ctx.body or {})
        self._need_events(
            guild,
            body.get("channel_id", ev.data.get("channel_id")),
            creating=False,
            creator_id=ev.data.get("creator_id"),
        )
        if ev.status in (3, 4):
            raise ApiError(400, 180000, "Cannot modify a finished event")
        _check_event({**ev.data, **body}, creating=False)
        status = body.get("status")
        if status is not None:
            ok = {1: {2, 4}, 2: {3}}.get(ev.status, set())
            if status != ev.status and status not in ok:
                raise ApiError(
                    400, 50035, f"Invalid Form Body: status: cannot go from {ev.status} to {status}"
                )
        for key, value in body.items():
            if key in ("scheduled_start_time", "scheduled_end_time"):
                value = _norm_time(value)
            elif key == "channel_id" and value is not None:
                value = str(value)
            ev.data[key] = value
        self.events_changed()
        emu.dispatch_guild(guild, "GUILD_SCHEDULED_EVENT_UPDATE", ev.data)
        emu.notify()
        return ev.data

    async def delete_event(self, ctx: Ctx) -> Any:
        guild = self._guild(ctx)
        ev = self._event(guild, ctx)
        self._need_events(
            guild, ev.data.get("channel_id"), creating=False, creator_id=ev.data.get("creator_id")
        )
        ev.deleted = True
        self.emu.dispatch_guild(guild, "GUILD_SCHEDULED_EVENT_DELETE", ev.data)
        self.emu.notify()
        return None

    async def event_users(self, ctx: Ctx) -> Any:
        guild = self._guild(ctx)
        self._event(guild, ctx)
        return []


@dataclasses.dataclass
class RequestRecord:
    """One REST request the bot made (for assertions such as "posted exactly once")."""

    method: str
    path: str
    route: str
    status: int
    body: Any
    at: float = dataclasses.field(default_factory=time.time)  # wall clock when answered


def new_event(emu: Emulator, guild: Guild, body: dict[str, Any]) -> ScheduledEvent:
    """A scheduled event the bot created (from a checked request body), in the guild's list."""
    eid = emu.new_id()
    data = {
        "id": str(eid),
        "guild_id": str(guild.id),
        "channel_id": str(body["channel_id"]) if body.get("channel_id") else None,
        "creator_id": str(emu.bot_user_id),
        "creator": emu.bot_user.to_json(),
        "name": body["name"],
        "description": body.get("description"),
        "scheduled_start_time": _norm_time(body["scheduled_start_time"]),
        "scheduled_end_time": _norm_time(body.get("scheduled_end_time")),
        "privacy_level": body.get("privacy_level", 2),
        "status": 1,
        "entity_type": body["entity_type"],
        "entity_id": None,
        "entity_metadata": body.get("entity_metadata"),
        "user_count": 0,
        "image": None,
        "recurrence_rule": body.get("recurrence_rule"),
    }
    ev = ScheduledEvent(data)
    guild.scheduled_events[eid] = ev
    emu.rest.events_changed()
    return ev


def _check_upload_sizes(files: list[tuple[str, bytes, str]], request_size: int | None) -> None:
    """reference.mdx, Uploading Files: "The default limit is 10 MiB" a file (since 16 Jan 2025,
    also for webhooks and interaction responses; change log), and resources/message.mdx: "The
    maximum request size when sending a message is 25 MiB". Discord answers 413 (40005)."""
    for name, data, _ in files:
        if len(data) > FILE_LIMIT:
            raise ApiError(413, 40005, f"Request entity too large: {name} is over 10 MiB")
    if files and (request_size or sum(len(d) for _, d, _ in files)) > REQUEST_LIMIT:
        raise ApiError(413, 40005, "Request entity too large: the request is over 25 MiB")


def _stored(message: dict[str, Any]) -> dict[str, Any]:
    """A message as Discord gives it back later: its nonce is not stored (only the create
    response and MESSAGE_CREATE carry it; discord.py issue 2451)."""
    message.pop("nonce", None)
    return message


def _next_change(ev: ScheduledEvent) -> dt.datetime | None:
    """When the clock next changes this event's status (see RestApi.advance_events)."""
    external = ev.data.get("entity_type") == 3
    if ev.status == 1:
        return ev.start if external else ev.start + NEVER_STARTED_CANCELLED_AFTER
    if ev.status == 2 and external:
        return ev.end
    return None


def _norm_time(value: Any) -> Any:
    if not value:
        return value
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).isoformat()


def _check_event(body: dict[str, Any], *, creating: bool) -> None:
    errors = []
    etype = body.get("entity_type")
    if etype not in (1, 2, 3):
        errors.append("entity_type: must be 1, 2 or 3")
    name = body.get("name") or ""
    if not 1 <= len(name) <= 100:
        errors.append("name: must be between 1 and 100 in length")
    if len(body.get("description") or "") > 1000:
        errors.append("description: must be 1000 or fewer in length")
    if etype == 3:
        loc = (body.get("entity_metadata") or {}).get("location")
        if not loc:
            errors.append("entity_metadata.location: required for external events")
        elif len(loc) > 100:
            errors.append("entity_metadata.location: must be 100 or fewer in length")
        if not body.get("scheduled_end_time"):
            errors.append("scheduled_end_time: required for external events")
        if body.get("channel_id"):
            errors.append("channel_id: must be null for external events")
    elif etype in (1, 2) and not body.get("channel_id"):
        errors.append("channel_id: required for stage/voice events")
    start = body.get("scheduled_start_time")
    if not start:
        errors.append("scheduled_start_time: required")
    else:
        start_dt = dt.datetime.fromisoformat(_norm_time(start))
        if creating and start_dt < dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5):
            errors.append("scheduled_start_time: cannot schedule an event in the past")
        end = body.get("scheduled_end_time")
        if end and dt.datetime.fromisoformat(_norm_time(end)) <= start_dt:
            errors.append("scheduled_end_time: must be after the start time")
    if errors:
        raise ApiError(400, 50035, "Invalid Form Body: " + "; ".join(errors))


_NAME_RX = re.compile(r"^[-_'\w]{1,32}$", re.UNICODE)


def _check_command(cmd: dict[str, Any]) -> None:
    """Rules Discord applies to command definitions beyond the OpenAPI shapes."""
    errors = []

    def walk(options: list[dict[str, Any]], where: str) -> None:
        seen_optional = False
        names = set()
        if len(options) > 25:
            errors.append(f"{where}: more than 25 options")
        for opt in options:
            name = opt.get("name", "")
            if name in names:
                errors.append(f"{where}.{name}: duplicate option name")
            names.add(name)
            if cmd.get("type", 1) == 1 and (not _NAME_RX.match(name) or name != name.lower()):
                errors.append(f"{where}.{name}: invalid option name")
            if not 1 <= len(opt.get("description", "")) <= 100:
                errors.append(f"{where}.{name}: description must be 1-100 characters")
            if opt.get("type") in (1, 2):
                walk(opt.get("options") or [], f"{where}.{name}")
                continue
            if opt.get("required"):
                if seen_optional:
                    errors.append(
                        f"{where}.{name}: required options must come before optional ones"
                    )
            else:
                seen_optional = True
            if opt.get("choices") and opt.get("autocomplete"):
                errors.append(f"{where}.{name}: choices and autocomplete are exclusive")
            if len(opt.get("choices") or []) > 25:
                errors.append(f"{where}.{name}: more than 25 choices")

    name = cmd.get("name", "")
    if cmd.get("type", 1) == 1:
        if not _NAME_RX.match(name) or name != name.lower():
            errors.append(f"name: invalid command name {name!r}")
        if not 1 <= len(cmd.get("description", "")) <= 100:
            errors.append(f"{name}: description must be 1-100 characters")
    walk(cmd.get("options") or [], name)
    if errors:
        raise ApiError(400, 50035, "Invalid Form Body: " + "; ".join(errors))
