# ruff: noqa: ASYNC109  (the public API takes timeout= like Discord test helpers do)
"""A local, in-memory Discord that the unmodified discord.py client talks to over HTTP and WebSocket.

Used by end-to-end tests, the sandbox demo and benchmarks. It enforces the Discord rules our bot
can break (3-second acknowledgement, one response per interaction, modal only first, followups
only after acknowledgement, channel permissions, message limits, OpenAPI request shapes) and
records every violation in ``emu.failures`` so tests fail loudly.

    emu = Emulator()                      # rate_limits=False by default (bot/emulator/_ratelimits)
                                          # busy=probe: work the client queued, idle() waits for it
    await emu.start()                     # emu.base_url, emu.gateway_url (127.0.0.1, free port)
    guild = emu.create_guild("St Elsewhere Psychiatry")
    role = guild.create_role("Balint leaders", permissions=0)
    chan = guild.create_text_channel("balint-thursday", bot_permissions=None)
    alice = emu.member(guild, "alice", roles=[role], manage_guild=False)
    with use_emulator(emu):               # bot.emulator.connect
        ... start the bot with emu.bot_token, guild_ready_timeout=0.05 ...
        r = await alice.slash("group setup", channel=chan, name="Thursday")
        r = await alice.click("I'm here"); r = await alice.submit_modal({"Reflection": "..."})
        await emu.idle()                  # nothing happening for 50 ms (REST and gateway)
    ... await bot.close() before await emu.stop() ...

Where to look: ``chan.messages`` / ``chan.pins`` / ``guild.events`` (model), ``alice.inbox`` and
``alice.visible_messages(chan)`` (what a person sees), ``emu.requests`` (every REST call),
``emu.notes`` (permission refusals, not failures), ``emu.take_failures()`` (for tests that
provoke a violation on purpose). Faults: ``emu.faults.fail_next(...)``, ``emu.drop_gateway()``,
``emu.request_reconnect()``, ``emu.invalidate_session()``. With ``rate_limits=True``: Discord's
global and per-route limits and the invalid-request ban (``emu.rest.limiter``), and
``emu.invalid_requests`` / ``emu.rate_limited`` count what the bot drew.

Rules a test can rely on: an interaction not acknowledged within ``ack_timeout`` (3 s) makes
SimMember raise InteractionFailed and records a failure; a late callback gets 404 (10062); a
second callback 400 (40060); a followup/webhook call before acknowledgement 404 (10015), and any use
of the token 15 minutes (on the emulator's clock) after the interaction 401 (50027). A deferred
answer may come any time before that: the SimMember waits ``timeout`` seconds for it and returns
(``result.thinking`` if it has not come); "the person saw thinking… too long" is a test's own
check (``emu.interaction_checks.append(no_long_thinking)``), never a recorded failure. Bad
slash options raise InvalidCommand before the bot sees anything; message limits answer
400 (50035); missing SEND_MESSAGES/CREATE_EVENTS/PIN_MESSAGES answer 403 (50013), missing
VIEW_CHANNEL 403 (50001), closed DMs 403 (50007). Gateway events honour the bot's intents
(no GUILD_MEMBERS intent: no member events and only the bot in GUILD_CREATE; no MESSAGE_CONTENT:
others' guild message content is blanked unless the bot is mentioned).
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.emulator._gateway import IDENTIFY_WINDOW_S, Gateway
from bot.emulator._members import (
    ComponentNotFound,
    EmulatorError,
    InteractionFailed,
    InteractionRecord,
    InteractionResult,
    InvalidCommand,
    SimMember,
    StillThinking,
    no_long_thinking,
)
from bot.emulator._model import (
    ALL_PERMISSIONS,
    BOT_DEFAULT,
    EMBED_LINKS,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    STAGE,
    Attachment,
    Channel,
    Guild,
    GuildMember,
    Message,
    Role,
    ScheduledEvent,
    Snowflakes,
    User,
    now_utc,
)
from bot.emulator._rest import RequestRecord, RestApi
from bot.emulator._validation import ApiError, OpenApiValidator

__all__ = [
    "ALL_PERMISSIONS",
    "BOT_DEFAULT",
    "ApiError",
    "Attachment",
    "Channel",
    "ComponentNotFound",
    "Emulator",
    "EmulatorError",
    "Fault",
    "Faults",
    "Guild",
    "InteractionFailed",
    "InteractionResult",
    "InvalidCommand",
    "Message",
    "RequestRecord",
    "Role",
    "ScheduledEvent",
    "SimMember",
    "StillThinking",
    "User",
    "no_long_thinking",
]

log = logging.getLogger("bot.emulator")

_MENTION_RX = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION_RX = re.compile(r"<@&(\d+)>")


@dataclass
class Fault:
    """One injected failure: the next ``times`` matching requests get ``status``."""

    method: str
    path_regex: re.Pattern[str]
    status: int
    times: int
    retry_after: float
    applied: bool = False  # the request takes effect; only its answer is the failure
    after: int = 0  # matching requests let through before the first failure (a fan-out's Nth)


class Faults:
    """Fault injection for REST: ``emu.faults.fail_next("POST", r"/channels/\\d+/messages", 500)``."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self.injected = 0

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int = 500,
        times: int = 1,
        retry_after: float = 0.1,
        *,
        applied: bool = False,
        after: int = 0,
    ) -> Fault:
        """Make the next ``times`` requests matching method and regex (searched in the path after
        /api/v10) fail with ``status`` (500, 403, 404 or 429 with ``retry_after``). With
        ``applied`` the request takes effect first, as when Discord did the work but its answer
        was a 500 (a retried interaction callback then meets 40060, already acknowledged).
        ``after`` lets that many matching requests through first (a stop part-way through a
        fan-out)."""
        fault = Fault(
            method.upper(), re.compile(path_regex), status, times, retry_after, applied, after
        )
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        self._faults.clear()

    def take(self, method: str, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.times > 0 and fault.method in (method, "*") and fault.path_regex.search(path):
                if fault.after > 0:
                    fault.after -= 1
                    continue
                fault.times -= 1
                self.injected += 1
                if fault.times == 0:
                    self._faults.remove(fault)
                return fault
        return None


class Emulator:
    """In-memory Discord with a real HTTP + WebSocket front on 127.0.0.1."""

    def __init__(
        self,
        *,
        rate_limits: bool = False,
        bot_name: str = "Balint Bot",
        bot_token: str = "emulator-token",
        validate_openapi: bool = True,
        ack_timeout: float = 3.0,
        busy: Callable[[], int] | None = None,
        max_concurrency: int = 1,
        identify_window: float = IDENTIFY_WINDOW_S,
    ) -> None:
        self.rate_limits = rate_limits
        # IDENTIFYs allowed per identify_window (Discord: 1 per 5 s below 150,000 guilds), a
        # rate limit like the REST ones: enforced only with rate_limits
        self.max_concurrency = max_concurrency
        # The Developer Portal's privileged intent switches (members, presences, message
        # content): all on; a test turns one off to see IDENTIFY closed with 4014.
        self.portal_intents = (1 << 1) | (1 << 8) | (1 << 15)
        self.identify_window = identify_window
        # Work the client has started that the emulator cannot see yet (requests waiting in the
        # client's own rate limiter): idle() waits until it reads 0.
        self._busy = busy
        self.validate_openapi = validate_openapi
        self.ack_timeout = ack_timeout
        self.bot_token = bot_token
        self._ids = Snowflakes()
        self.application_id = self._ids.next()
        self.bot_user_id = self.application_id  # like modern Discord apps
        self.bot_user = User(self.bot_user_id, bot_name, bot=True, global_name=None)
        self.owner = User(self._ids.next(), "app-owner")
        self._users: dict[int, User] = {self.bot_user_id: self.bot_user, self.owner.id: self.owner}
        self._guilds: dict[int, Guild] = {}
        self._channels: dict[int, Channel] = {}
        self._dm_channels: dict[int, Channel] = {}
        self._sims: dict[int, SimMember] = {}
        self._sims_by_name: dict[tuple[int, str], SimMember] = {}  # (guild id, name): O(1) look-up
        self._interactions: dict[int, InteractionRecord] = {}
        self._interactions_by_token: dict[str, InteractionRecord] = {}
        self._loose_attachments: dict[int, Attachment] = {}
        self.global_commands: dict[str, dict[str, Any]] = {}
        self.failures: list[str] = []
        # Tests' own expectations run on each interaction a SimMember finished waiting for (e.g.
        # _members.no_long_thinking); they are not Discord's rules and record no failure here.
        self.interaction_checks: list[Callable[[InteractionResult], None]] = []
        self.notes: list[str] = []
        self.requests: list[RequestRecord] = []
        self.faults = Faults()
        self.command_syncs = 0
        self.nonce_hits = 0
        # the bot's nonces (it is the only author the emulator sends for): nonce -> (channel, message, when)
        self.nonces: dict[str, tuple[int, int, float]] = {}
        self._inflight = 0
        self._last_request = time.monotonic()
        self._waiters: list[tuple[Callable[[Message], bool], asyncio.Future[Message]]] = []
        # request waiters: predicate, future, and how many of self.requests it has already seen
        self._request_waiters: list[
            tuple[Callable[[RequestRecord], bool], asyncio.Future[RequestRecord], list[int]]
        ] = []
        self._change: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self.gateway: Gateway | None = None
        self.rest = RestApi(self)
        self.validator = OpenApiValidator.shared()
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------------
    @property
    def http_base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.http_base}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    async def start(self, port: int = 0) -> None:
        """Serve HTTP and the gateway on 127.0.0.1 (``port``, or a free one)."""
        self.gateway = Gateway(self)
        self._change = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/", self.gateway.handle)
        app.router.add_get(
            "/attachments/{channel_id}/{attachment_id}/{filename}", self._serve_attachment
        )
        app.router.add_route("*", "/api/v10/{tail:.*}", self.rest.handle)
        app.router.add_route("*", "/api/v9/{tail:.*}", self.rest.handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.Server) and server.sockets
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Close sockets and the HTTP server."""
        if self.gateway is not None:
            await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _serve_attachment(self, request: web.Request) -> web.Response:
        aid = int(request.match_info["attachment_id"])
        cid = int(request.match_info["channel_id"])
        att = self._loose_attachments.get(aid)
        chan = self._channels.get(cid)
        if att is None and chan is not None:
            for msg in chan._messages.values():
                att = next((a for a in msg.attachments if a.id == aid), None)
                if att is not None:
                    break
        if att is None:
            return web.Response(status=404)
        return web.Response(body=att.data, content_type=att.content_type.split(";")[0])

    # -- the clock ------------------------------------------------------------------------------
    def tick(self) -> None:
        """Do what Discord does by the clock (the wall clock, which time-machine moves): events
        start, end and lapse. It also happens at every request; call it after moving the clock
        so the bot hears of it without asking (the TravelClock does)."""
        self.rest.advance_events()

    # -- failures -------------------------------------------------------------------------------
    def record_failure(self, reason: str) -> None:
        """A rule of Discord's the client broke (or a route the emulator lacks): the test fails."""
        log.warning("emulator failure: %s", reason)  # emu.failures is the record; not ERROR
        self.failures.append(reason)

    def note(self, text: str) -> None:
        """Something Discord refused that is not a failure (a missing permission, closed DMs)."""
        self.notes.append(text)

    def take_failures(self) -> list[str]:
        """Return and clear recorded failures (for tests that provoke one on purpose)."""
        out, self.failures[:] = list(self.failures), []
        return out

    # -- the server's own operations -------------------------------------------------------------
    # The REST routes, the gateway, the model and the simulated members act through these, never
    # through the emulator's fields; a test may use them too, to act as Discord itself would.

    def new_id(self) -> int:
        """A fresh snowflake, later than every one before."""
        return self._ids.next()

    def request_started(self) -> None:
        """A REST request arrived (idle() waits until it is answered)."""
        self._inflight += 1
        self._last_request = time.monotonic()

    def request_finished(self) -> None:
        self._inflight -= 1
        self._last_request = time.monotonic()

    def saw_activity(self) -> None:
        """A gateway frame went out: idle() waits a quiet spell after it."""
        self._last_request = time.monotonic()

    @property
    def requests_in_flight(self) -> int:
        return self._inflight

    @property
    def last_activity(self) -> float:
        """When (time.monotonic()) the last REST request or gateway frame was seen."""
        return self._last_request

    def user(self, user_id: int) -> User | None:
        return self._users.get(user_id)

    def guild(self, guild_id: int) -> Guild | None:
        return self._guilds.get(guild_id)

    def add_channel(self, chan: Channel) -> None:
        """Make a channel the model created reachable by id (REST routes, attachments)."""
        self._channels[chan.id] = chan

    def remove_channel(self, chan: Channel) -> None:
        """A deleted channel is reachable by id no more."""
        self._channels.pop(chan.id, None)

    @property
    def channels(self) -> list[Channel]:
        """Every channel, guild and DM."""
        return list(self._channels.values())

    @property
    def dm_channels(self) -> list[Channel]:
        return list(self._dm_channels.values())

    def interaction(self, interaction_id: int) -> InteractionRecord | None:
        return self._interactions.get(interaction_id)

    def interaction_by_token(self, token: str) -> InteractionRecord | None:
        return self._interactions_by_token.get(token)

    def upload(self, filename: str, data: bytes) -> Attachment:
        """A file sent before any message carries it (a slash command's attachment option)."""
        att = Attachment(filename, data, self._ids.next())
        self._loose_attachments[att.id] = att
        return att

    # -- world building -------------------------------------------------------------------------
    @property
    def guilds(self) -> list[Guild]:
        return list(self._guilds.values())

    def create_guild(self, name: str) -> Guild:
        """A guild with @everyone, the bot's managed role and the bot as member."""
        guild = Guild(self, self._ids.guild(), name, self.owner.id)
        bot_role = Role(guild, self._ids.next(), self.bot_user.username, BOT_DEFAULT, position=100)
        bot_role.managed_bot_id = self.bot_user_id
        guild.roles[bot_role.id] = bot_role
        guild.members[self.bot_user_id] = GuildMember(guild, self.bot_user, [bot_role])
        self._guilds[guild.id] = guild
        if self.gateway is not None:
            self.gateway.guild_created(guild)
        return guild

    def member(
        self,
        guild: Guild,
        name: str,
        roles: list[Role] | None = None,
        manage_guild: bool = False,
        *,
        dms_open: bool = True,
    ) -> SimMember:
        """Add a simulated person to the guild (GUILD_MEMBER_ADD if the bot is connected)."""
        existing = self._sims_by_name.get((guild.id, name))
        if existing is not None:
            return existing
        user = User(self._ids.next(), name)
        self._users[user.id] = user
        gm = GuildMember(guild, user, roles or [], manage_guild=manage_guild)
        guild.members[user.id] = gm
        sim = SimMember(self, guild, gm)
        sim.dms_open = dms_open
        self._sims[user.id] = sim
        self._sims_by_name[guild.id, name] = sim
        self.dispatch_guild(guild, "GUILD_MEMBER_ADD", gm.to_json() | {"guild_id": str(guild.id)})
        return sim

    def remove_member(self, sim: SimMember) -> None:
        """The member leaves the guild (GUILD_MEMBER_REMOVE)."""
        guild = sim.guild
        guild.members.pop(sim.id, None)
        self.dispatch_guild(
            guild, "GUILD_MEMBER_REMOVE", {"guild_id": str(guild.id), "user": sim.user.to_json()}
        )

    def set_roles(self, sim: SimMember, roles: list[Role]) -> None:
        """Replace a member's roles (GUILD_MEMBER_UPDATE)."""
        sim.member.roles = list(roles)
        self.member_updated(sim.guild, sim.member)

    def set_nick(self, sim: SimMember, nick: str | None) -> None:
        """Change a member's server nickname (GUILD_MEMBER_UPDATE), as they or a moderator would."""
        sim.member.nick = nick
        self.member_updated(sim.guild, sim.member)

    def set_voice(
        self, sim: SimMember, channel: Channel | None, *, self_mute: bool = False
    ) -> dict[str, Any]:
        """A member joins a voice or stage channel, moves to another, or leaves (None): the guild's
        voice states change and VOICE_STATE_UPDATE goes to sessions with the voice-states intent,
        as Discord sends it (the member, a fresh voice session on joining, audience members of a
        stage suppressed)."""
        guild = sim.guild
        before = guild.voice_states.get(sim.id)
        if channel is None:
            state = dict(before or self._voice_state(sim, None, self_mute=self_mute))
            state["channel_id"] = None
            guild.voice_states.pop(sim.id, None)
        else:
            state = self._voice_state(sim, channel, self_mute=self_mute)
            if before is not None:
                state["session_id"] = before["session_id"]  # a move keeps the voice session
            guild.voice_states[sim.id] = state
        self.dispatch_guild(guild, "VOICE_STATE_UPDATE", state)
        return state

    def _voice_state(
        self, sim: SimMember, channel: Channel | None, *, self_mute: bool
    ) -> dict[str, Any]:
        return {
            "guild_id": str(sim.guild.id),
            "channel_id": str(channel.id) if channel is not None else None,
            "user_id": str(sim.id),
            "member": sim.member.to_json(),
            "session_id": secrets.token_hex(16),
            "deaf": False,
            "mute": False,
            "self_deaf": False,
            "self_mute": self_mute,
            "self_video": False,
            "suppress": channel is not None and channel.type == STAGE,
            "request_to_speak_timestamp": None,
        }

    def member_updated(self, guild: Guild, member: GuildMember) -> None:
        """Tell the client a member changed (roles, nickname)."""
        self.dispatch_guild(
            guild, "GUILD_MEMBER_UPDATE", member.to_json() | {"guild_id": str(guild.id)}
        )

    def sim(self, user_id: int) -> SimMember | None:
        return self._sims.get(user_id)

    def channel(self, channel_id: int) -> Channel | None:
        return self._channels.get(channel_id)

    def dm_channel(self, user: User) -> Channel:
        chan = self._dm_channels.get(user.id)
        if chan is None:
            chan = Channel(self, self._ids.next(), f"dm-{user.username}", type=1, recipient=user)
            self._dm_channels[user.id] = chan
            self._channels[chan.id] = chan
        return chan

    # -- events ---------------------------------------------------------------------------------
    def dispatch_guild(self, guild: Guild, event: str, data: dict[str, Any]) -> None:
        """Send a guild's event over the gateway, if the bot is connected and the guild exists."""
        if self.gateway is not None and guild.id in self._guilds:
            self.gateway.dispatch(event, data)

    def _dispatch(self, event: str, data: dict[str, Any]) -> None:
        if self.gateway is not None:
            self.gateway.dispatch(event, data)

    def notify(self, message: Message | None = None) -> None:
        """Wake whoever waits for a message (this one, created or edited) or a request."""
        if message is not None and self._waiters:
            for pred, fut in list(self._waiters):
                if fut.done():
                    continue
                try:
                    ok = pred(message)
                except Exception as exc:  # a broken predicate should fail the wait, not the server
                    fut.set_exception(exc)
                    continue
                if ok:
                    fut.set_result(message)
        for wants, got, seen in list(self._request_waiters):
            new, seen[0] = self.requests[seen[0] :], len(self.requests)
            if not got.done():
                self._match_request(wants, got, new)
        if self._change is not None:
            self._change.set()

    # -- messages -------------------------------------------------------------------------------
    def _message_event(self, msg: Message) -> dict[str, Any]:
        data = msg.to_json(self)
        if msg.channel.guild is not None:
            gm = msg.channel.guild.members.get(msg.author.id)
            if gm is not None:
                member = gm.to_json()
                member.pop("user")
                data["member"] = member
        return data

    def _apply_mentions(self, msg: Message, allowed: dict[str, Any] | None = None) -> None:
        """Who the message pings (resources/message.mdx, Allowed Mentions): without
        allowed_mentions a regular message parses users, roles and @everyone, an interaction's
        or webhook's message users only; with it, ``parse`` governs each kind, and ``users`` /
        ``roles`` allow those ids alone. What is not allowed is plain text (not in mentions)."""
        if allowed is None:
            parse = ["users"] if msg.webhook_id is not None else ["users", "roles", "everyone"]
            users_ok: set[int] = set()
            roles_ok: set[int] = set()
        else:
            parse = list(allowed.get("parse") or [])
            users_ok = {int(u) for u in allowed.get("users") or []}
            roles_ok = {int(r) for r in allowed.get("roles") or []}
        msg.mentions = [
            self._users[u]
            for u in dict.fromkeys(int(x) for x in _MENTION_RX.findall(msg.content))
            if u in self._users and ("users" in parse or u in users_ok)
        ]
        msg.mention_roles = [
            r
            for r in dict.fromkeys(int(x) for x in _ROLE_MENTION_RX.findall(msg.content))
            if "roles" in parse or r in roles_ok
        ]
        msg.mention_everyone = "everyone" in parse and (
            "@everyone" in msg.content or "@here" in msg.content
        )

    def create_message(
        self,
        chan: Channel,
        author: User,
        payload: dict[str, Any],
        files: list[Attachment],
        *,
        interaction: InteractionRecord | None = None,
        msg_type: int = 0,
        ephemeral_user_id: int | None = None,
    ) -> Message:
        """Post a message as ``author`` (the bot or a member) and tell the client and the waiters."""
        embeds = payload.get("embeds") or []
        if (
            embeds
            and chan.guild is not None
            and interaction is None
            and not chan.bot_perms() & EMBED_LINKS
        ):
            embeds = []  # Discord silently drops embeds without EMBED_LINKS
        msg = Message(
            id=self._ids.next(),
            channel=chan,
            author=author,
            content=payload.get("content") or "",
            embeds=embeds,
            components=payload.get("components") or [],
            attachments=files,
            flags=payload.get("flags") or 0,
            nonce=payload.get("nonce"),
            type=msg_type,
            webhook_id=self.application_id if interaction is not None else None,
            interaction=interaction,
            message_reference=payload.get("message_reference"),
            ephemeral_user_id=ephemeral_user_id,
        )
        if msg.message_reference is not None:
            msg.type = 19
            msg.message_reference = {
                "type": 0,
                "channel_id": str(chan.id),
                "message_id": str(msg.message_reference.get("message_id")),
            } | ({"guild_id": str(chan.guild.id)} if chan.guild else {})
        self._apply_mentions(msg, payload.get("allowed_mentions"))
        chan.add(msg)
        if chan.type == 1 and author.id == self.bot_user_id and chan.recipient is not None:
            sim = self._sims.get(chan.recipient.id)
            if sim is not None:
                sim.inbox.append(msg)
        if ephemeral_user_id is None:
            self._dispatch("MESSAGE_CREATE", self._message_event(msg))
        self.notify(msg)
        return msg

    def edit_message(
        self,
        msg: Message,
        payload: dict[str, Any],
        files: list[Attachment],
        *,
        clear_loading: bool = False,
    ) -> None:
        """Apply an edit's payload (what it names changes; the rest stays) and tell the client."""
        if "content" in payload:
            msg.content = payload["content"] or ""
        if "embeds" in payload:
            msg.embeds = payload["embeds"] or []
        if "components" in payload:
            msg.components = payload["components"] or []
        if "flags" in payload and payload["flags"] is not None:
            keep = msg.flags & (FLAG_EPHEMERAL | FLAG_LOADING)
            msg.flags = keep | (payload["flags"] & ~(FLAG_EPHEMERAL | FLAG_LOADING))
        if "attachments" in payload and payload["attachments"] is not None:
            keep_ids = {str(a.get("id")) for a in payload["attachments"] if isinstance(a, dict)}
            msg.attachments = [a for a in msg.attachments if str(a.id) in keep_ids] + files
        elif files:
            msg.attachments = msg.attachments + files
        if clear_loading:
            msg.flags &= ~FLAG_LOADING
        msg.edited_timestamp = now_utc()
        if "content" in payload:  # mentions are reconstructed only from edited content
            self._apply_mentions(msg, payload.get("allowed_mentions"))
        if msg.ephemeral_user_id is None:
            self._dispatch("MESSAGE_UPDATE", self._message_event(msg))
        self.notify(msg)

    def delete_message(self, msg: Message, *, announce: bool = True) -> None:
        """Delete a message (unpinning it) and tell the client (unless the caller announces it
        with others, as a bulk delete does)."""
        msg.deleted = True
        if msg.pinned:
            msg.channel.unpin(msg)
        if msg.ephemeral_user_id is None and announce:
            data: dict[str, Any] = {"id": str(msg.id), "channel_id": str(msg.channel_id)}
            if msg.guild_id is not None:
                data["guild_id"] = str(msg.guild_id)
            self._dispatch("MESSAGE_DELETE", data)
        self.notify()

    def pins_changed(self, msg: Message) -> None:
        """Tell the client a message was pinned or unpinned."""
        chan = msg.channel
        data: dict[str, Any] = {
            "channel_id": str(chan.id),
            "last_pin_timestamp": chan.pins[0].pinned_at.isoformat()
            if chan.pins and chan.pins[0].pinned_at
            else None,
        }
        if chan.guild is not None:
            data["guild_id"] = str(chan.guild.id)
        self._dispatch("CHANNEL_PINS_UPDATE", data)
        self._dispatch("MESSAGE_UPDATE", self._message_event(msg))
        self.notify(msg)

    def respond_message(
        self,
        rec: InteractionRecord,
        payload: dict[str, Any],
        files: list[Attachment],
        *,
        loading: bool = False,
    ) -> Message:
        """The message an interaction's response creates (ephemeral: seen by its user alone)."""
        flags = payload.get("flags") or 0
        if loading:
            flags |= FLAG_LOADING
        payload = dict(payload) | {"flags": flags}
        return self.create_message(
            rec.channel,
            self.bot_user,
            payload,
            files,
            interaction=rec,
            msg_type=20 if rec.type == 2 else 0,
            ephemeral_user_id=rec.user.id if flags & FLAG_EPHEMERAL else None,
        )

    def followup_message(
        self, rec: InteractionRecord, payload: dict[str, Any], files: list[Attachment]
    ) -> Message:
        """A followup to an acknowledged interaction."""
        flags = payload.get("flags") or 0
        msg = self.create_message(
            rec.channel,
            self.bot_user,
            payload,
            files,
            interaction=rec,
            ephemeral_user_id=rec.user.id if flags & FLAG_EPHEMERAL else None,
        )
        rec.followups.append(msg)
        rec.touch()
        return msg

    # -- interactions ---------------------------------------------------------------------------
    async def run_interaction(self, rec: InteractionRecord, timeout: float) -> InteractionResult:
        """Send the interaction to the bot and wait as Discord does: its acknowledgement within
        ``ack_timeout``, then (if deferred) its edit or followup."""
        gw = self.gateway
        if gw is None:
            raise EmulatorError("emulator not started")
        guild_id = rec.guild.id if rec.guild is not None and rec.member is not None else None
        try:  # the session of the guild's shard (a DM's: shard 0)
            await gw.wait_for_session(guild_id, timeout)
        except TimeoutError:
            raise EmulatorError("the bot never connected to the gateway") from None
        self._interactions[rec.id] = rec
        self._interactions_by_token[rec.token] = rec
        rec.created = time.monotonic()
        gw.dispatch("INTERACTION_CREATE", rec.to_payload(self))
        ack_deadline = rec.created + min(self.ack_timeout, timeout)
        while not rec.acked:
            rec.changed.clear()
            idled = await self._wait_change(rec, ack_deadline, settle_on_idle=bool(rec.errors))
            if rec.acked:
                break
            if idled:
                raise InteractionFailed(
                    f"{rec.describe()}: the bot's response was refused: " + "; ".join(rec.errors)
                )
            if time.monotonic() >= ack_deadline:
                if time.monotonic() - rec.created < self.ack_timeout:
                    raise InteractionFailed(
                        f"{rec.describe()}: no acknowledgement within the test's timeout={timeout:g} s"
                    )
                rec.expire(self, "no callback")
                raise InteractionFailed(
                    f"{rec.describe()}: the bot did not acknowledge within {self.ack_timeout:g} s "
                    "(Discord shows 'The application did not respond')"
                    + (f"; refused responses: {'; '.join(rec.errors)}" if rec.errors else "")
                )
        # Deferred: the person waits for the answer up to ``timeout`` (the test's patience; Discord
        # accepts it for the token's 15 minutes, so leaving early is no failure of the bot's).
        deadline = time.monotonic() + timeout
        while not rec.completed:
            rec.changed.clear()
            # A deferred update may legitimately end with nothing more: settle on idle. So does
            # a deferred answer whose edit/followup was refused (the error is reported then).
            settle = (rec.response_type == 6 and rec.message is not None) or bool(rec.errors)
            idled = await self._wait_change(rec, deadline, settle_on_idle=settle)
            if rec.completed:
                break
            if idled:
                if rec.errors:
                    raise InteractionFailed(
                        f"{rec.describe()}: the bot's followup/edit was refused: "
                        + "; ".join(rec.errors)
                    )
                break
            if time.monotonic() >= deadline:
                break  # still "thinking…": result.thinking says so; tests' checks decide
        result = InteractionResult(rec)
        for check in self.interaction_checks:
            check(result)
        return result

    async def _wait_change(
        self, rec: InteractionRecord, deadline: float, *, settle_on_idle: bool
    ) -> bool:
        """Wait for the interaction to change (or the deadline). True if the bot went idle first."""
        remaining = max(deadline - time.monotonic(), 0)
        changed = asyncio.ensure_future(rec.changed.wait())
        waiters: set[asyncio.Future[Any]] = {changed}
        idle = None
        if settle_on_idle:
            idle = asyncio.ensure_future(self.idle())
            waiters.add(idle)
        done, pending = await asyncio.wait(
            waiters, timeout=remaining, return_when=asyncio.FIRST_COMPLETED
        )
        for t in pending:
            t.cancel()
        return idle is not None and idle in done and not rec.changed.is_set()

    # -- waiting helpers ------------------------------------------------------------------------
    async def wait_for_message(
        self,
        predicate: Callable[[Message], bool],
        timeout: float = 5.0,
        *,
        include_existing: bool = False,
    ) -> Message:
        """Wait for a message to be created or edited that matches ``predicate``."""
        if include_existing:
            for chan in self._channels.values():
                for msg in chan.messages:
                    if predicate(msg):
                        return msg
        fut: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        entry = (predicate, fut)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            raise EmulatorError(f"no matching message within {timeout:g} s") from None
        finally:
            self._waiters.remove(entry)

    async def wait_for_request(
        self, predicate: Callable[[RequestRecord], bool], timeout: float = 5.0
    ) -> RequestRecord:
        """Wait until the bot has made a REST request matching ``predicate`` (one already made
        counts), as answered by the emulator: how a test sees a fault it set actually met."""
        fut: asyncio.Future[RequestRecord] = asyncio.get_running_loop().create_future()
        self._match_request(predicate, fut, self.requests)
        if fut.done():
            return fut.result()
        entry = (predicate, fut, [len(self.requests)])
        self._request_waiters.append(entry)
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            raise EmulatorError(f"no matching request within {timeout:g} s") from None
        finally:
            self._request_waiters.remove(entry)

    @staticmethod
    def _match_request(
        predicate: Callable[[RequestRecord], bool],
        fut: asyncio.Future[RequestRecord],
        records: list[RequestRecord],
    ) -> None:
        for rec in records:
            try:
                ok = predicate(rec)
            except Exception as exc:  # a broken predicate should fail the wait, not the server
                fut.set_exception(exc)
                return
            if ok:
                fut.set_result(rec)
                return

    async def idle(self, quiet: float = 0.05, timeout: float = 10.0) -> None:
        """Wait until nothing happened for ``quiet`` seconds: no bot REST request in flight,
        answered or waiting in the client (the ``busy`` probe), and no gateway frame queued or
        sent (so the client had time to process it)."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            since = now - self._last_request
            busy = (
                self._inflight
                or (self._busy is not None and self._busy())
                or (self.gateway is not None and self.gateway.pending())
            )
            if not busy and since >= quiet:
                return
            if now >= deadline:
                raise EmulatorError(f"the bot did not go idle within {timeout:g} s")
            await asyncio.sleep(0.005 if busy else max(quiet - since, 0.005))

    async def wait_until_connected(self, timeout: float = 5.0) -> None:
        """Wait until the bot has identified (READY sent)."""
        if self.gateway is None:
            raise EmulatorError("emulator not started")
        try:
            await asyncio.wait_for(self.gateway.identified.wait(), timeout)
        except TimeoutError:
            raise EmulatorError("the bot never connected to the gateway") from None

    # -- gateway faults -------------------------------------------------------------------------
    async def drop_gateway(
        self, *, wait: bool = True, timeout: float = 10.0, shard_id: int | None = None
    ) -> None:
        """Close the bot's WebSocket (code 4000; one shard's, the others go on); with ``wait``,
        return once it has RESUMEd."""
        assert self.gateway is not None
        await self.gateway.drop(4000, shard_id)
        if wait:
            await asyncio.wait_for(self.gateway.resumed.wait(), timeout)

    async def request_reconnect(
        self, *, wait: bool = True, timeout: float = 10.0, shard_id: int | None = None
    ) -> None:
        """Send op 7 RECONNECT (to one shard); the client reconnects and resumes."""
        assert self.gateway is not None
        self.gateway.send_op(7, None, shard_id)
        if wait:
            await asyncio.wait_for(self.gateway.resumed.wait(), timeout)

    async def invalidate_session(
        self,
        *,
        resumable: bool = False,
        wait: bool = True,
        timeout: float = 10.0,
        shard_id: int | None = None,
    ) -> None:
        """Send op 9 INVALID_SESSION (to one shard); non-resumable makes the client IDENTIFY
        afresh."""
        assert self.gateway is not None
        self.gateway.send_op(9, resumable, shard_id)
        if wait:
            event = self.gateway.resumed if resumable else self.gateway.identified
            await asyncio.wait_for(event.wait(), timeout)

    # -- conveniences ---------------------------------------------------------------------------
    def all_messages(self) -> list[Message]:
        """Every non-deleted message in every channel (guild and DM), oldest first per channel."""
        return [m for chan in self._channels.values() for m in chan.messages]

    @property
    def invalid_requests(self) -> int:
        """401, 403 and 429 answers the bot got (Discord bans at 10,000 within 10 minutes)."""
        return self.rest.limiter.invalid_total

    @property
    def rate_limited(self) -> list[RequestRecord]:
        """Requests answered 429."""
        return [r for r in self.requests if r.status == 429]

    def requests_to(self, method: str, route_template: str) -> list[RequestRecord]:
        """Requests the bot made to one route template, e.g. ("POST", "/channels/{channel_id}/messages")."""
        return [r for r in self.requests if r.method == method and r.route == route_template]
