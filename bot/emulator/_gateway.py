"""The emulator's WebSocket gateway: HELLO, heartbeats, IDENTIFY/READY, RESUME and dispatches.

Events are numbered and kept per session so a client that lost its socket can RESUME and get
what it missed, exactly as Discord does. Frames are plain JSON text (no compression).

Sharding, as Discord's Gateway documentation describes it (developers/events/gateway.mdx,
"Sharding" and "Identifying"): an IDENTIFY may carry `shard: [shard_id, num_shards]`; a guild's
events then go only to the sessions whose shard_id is `(guild_id >> 22) % num_shards`, events
without a guild (DMs) only to shard 0; a session that would carry more than 2,500 guilds is
closed with 4011 (sharding required), an impossible shard with 4010; at most `max_concurrency`
IDENTIFYs per 5 seconds, one per rate-limit key `shard_id % max_concurrency`, the others answered
with op 9 INVALID_SESSION (a rate limit: only with ``Emulator(rate_limits=True)``, as the REST
limits); 1,000 session starts a day. Each shard's session drops, resumes and
re-identifies on its own while the others go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from bot.emulator._model import Guild
    from bot.emulator.emulator import Emulator

log = logging.getLogger("bot.emulator.gateway")

MAX_GUILDS_PER_SESSION = 2500  # "Each shard can only support a maximum of 2500 guilds"
GUILDS_PER_SHARD = 1000  # the shard count /gateway/bot recommends: about one per 1,000 guilds
IDENTIFY_WINDOW_S = 5.0  # max_concurrency IDENTIFYs "per 5 seconds"
SESSION_STARTS_PER_DAY = 1000  # session_start_limit.total for a bot under 150,000 guilds

# Gateway intents (the ones the emulator filters on)
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_VOICE_STATES = 1 << 7
INTENT_GUILD_PRESENCES = 1 << 8
PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | (1 << 15)
MEMBERS_CHUNK = 1000  # members a GUILD_MEMBERS_CHUNK
MEMBERS_QUERY_MAX = 100  # members a query or user_ids request returns
ALL_MEMBERS_EVERY_S = 30.0  # one request for all members a guild per 30 s
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
INTENT_GUILD_SCHEDULED_EVENTS = 1 << 16

_EVENT_INTENTS = {
    "GUILD_CREATE": INTENT_GUILDS,
    "GUILD_UPDATE": INTENT_GUILDS,
    "GUILD_DELETE": INTENT_GUILDS,
    "GUILD_ROLE_CREATE": INTENT_GUILDS,
    "GUILD_ROLE_UPDATE": INTENT_GUILDS,
    "GUILD_ROLE_DELETE": INTENT_GUILDS,
    "CHANNEL_CREATE": INTENT_GUILDS,
    "CHANNEL_UPDATE": INTENT_GUILDS,
    "CHANNEL_DELETE": INTENT_GUILDS,
    "CHANNEL_PINS_UPDATE": INTENT_GUILDS,
    "GUILD_MEMBER_ADD": INTENT_GUILD_MEMBERS,
    "GUILD_MEMBER_UPDATE": INTENT_GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": INTENT_GUILD_MEMBERS,
    "GUILD_SCHEDULED_EVENT_CREATE": INTENT_GUILD_SCHEDULED_EVENTS,
    "GUILD_SCHEDULED_EVENT_UPDATE": INTENT_GUILD_SCHEDULED_EVENTS,
    "GUILD_SCHEDULED_EVENT_DELETE": INTENT_GUILD_SCHEDULED_EVENTS,
    "VOICE_STATE_UPDATE": INTENT_GUILD_VOICE_STATES,
}
_MESSAGE_EVENTS = {
    "MESSAGE_CREATE",
    "MESSAGE_UPDATE",
    "MESSAGE_DELETE",
    "MESSAGE_DELETE_BULK",
    "MESSAGE_REACTION_ADD",
    "MESSAGE_REACTION_REMOVE",
}


class Connection:
    """One WebSocket; a writer task keeps frames in order even when events come from sync code."""

    def __init__(self, ws: web.WebSocketResponse, on_sent: Any = None) -> None:
        self.ws = ws
        self.on_sent = on_sent
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.writer = asyncio.get_running_loop().create_task(self._write())
        self.closed = False

    async def _write(self) -> None:
        while True:
            frame = await self.queue.get()
            if frame is None or self.ws.closed:
                return
            try:
                await self.ws.send_str(frame)
            except (ConnectionError, RuntimeError):
                return
            if self.on_sent is not None:
                self.on_sent()

    def send(self, payload: dict[str, Any] | str) -> None:
        if not self.closed:
            self.queue.put_nowait(payload if isinstance(payload, str) else json.dumps(payload))

    async def close(self, code: int) -> None:
        self.closed = True
        self.queue.put_nowait(None)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.writer, 1.0)
        with contextlib.suppress(Exception):
            await self.ws.close(code=code, message=b"emulator closed the connection")


class Session:
    """A gateway session: numbered events, a replay buffer, the live connection (if any), and
    the shard it carries (None: unsharded, every guild)."""

    def __init__(
        self, intents: int, shard: tuple[int, int] | None = None, buffer_size: int = 50_000
    ) -> None:
        self.id = secrets.token_hex(16)
        self.intents = intents
        self.shard = shard
        self.seq = 0
        self.buffer: deque[tuple[int, str]] = deque(maxlen=buffer_size)
        self.conn: Connection | None = None
        self.invalid = False
        self.large_threshold = 50  # IDENTIFY's large_threshold (Discord's default 50)

    @property
    def shard_id(self) -> int:
        return 0 if self.shard is None else self.shard[0]

    def owns(self, guild_id: int | None) -> bool:
        """Does this session get this guild's events? (No guild: only shard 0 does.)"""
        if self.shard is None:
            return True
        if guild_id is None:
            return self.shard[0] == 0
        return shard_of(guild_id, self.shard[1]) == self.shard[0]

    def wants(self, event: str, data: dict[str, Any]) -> bool:
        need = _EVENT_INTENTS.get(event)
        if need is None and event in _MESSAGE_EVENTS:
            need = INTENT_GUILD_MESSAGES if "guild_id" in data else INTENT_DIRECT_MESSAGES
        return need is None or bool(self.intents & need)

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        frame = json.dumps({"op": 0, "t": event, "s": self.seq, "d": data})
        self.buffer.append((self.seq, frame))
        if self.conn is not None:
            self.conn.send(frame)


def shard_of(guild_id: int, num_shards: int) -> int:
    """Discord's sharding formula."""
    return (guild_id >> 22) % num_shards


def _guild_of(event: str, data: dict[str, Any]) -> int | None:
    """The guild an event belongs to (routes it to its shard); None for DMs and the like."""
    if event in ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"):
        return int(data["id"])
    guild_id = data.get("guild_id")
    return None if guild_id is None else int(guild_id)


class Gateway:
    """Accepts the bot's WebSocket connections and routes events to its sessions (one per shard)."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.sessions: dict[str, Session] = {}
        # the bot's current session of each shard, by (shard_id, num_shards); (0, 1) unsharded
        self.live: dict[tuple[int, int], Session] = {}
        self.connections: set[Connection] = set()
        self.heartbeat_interval_ms = 41250
        self.identified = asyncio.Event()
        self.resumed = asyncio.Event()
        self._started = asyncio.Event()  # replaced at each new session (wait_for_session)
        self.connect_count = 0
        self.identify_count = 0
        self.resume_count = 0
        self.identify_refused = 0  # IDENTIFYs over max_concurrency (answered op 9)
        self.identifies: list[tuple[float, tuple[int, int] | None]] = []  # (loop time, shard)
        self._last_identify: dict[int, float] = {}  # rate-limit key -> loop time
        # op 8 for all members: guild id -> when last asked (the emulator's clock)
        self._all_members_at: dict[int, float] = {}
        self.starts_remaining = SESSION_STARTS_PER_DAY
        self._starts_reset_at = time.monotonic() + 86400

    @property
    def session(self) -> Session | None:
        """The bot's current session (shard 0's when sharded); None before it identifies."""
        live = [s for s in self.live.values() if not s.invalid]
        return min(live, key=lambda s: s.shard_id, default=None)

    def session_for(self, guild_id: int | None) -> Session | None:
        """The valid session that gets this guild's events (None: a DM)."""
        for session in self.live.values():
            if not session.invalid and session.owns(guild_id):
                return session
        return None

    async def wait_for_session(self, guild_id: int | None, timeout: float) -> Session:  # noqa: ASYNC109
        """Wait until some session carries this guild (its shard has identified)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while (session := self.session_for(guild_id)) is None:
            started = self._started
            remaining = deadline - asyncio.get_running_loop().time()
            await asyncio.wait_for(started.wait(), max(remaining, 0))
        return session

    def start_limit(self) -> dict[str, int]:
        """GET /gateway/bot's session_start_limit."""
        left_ms = max(int((self._starts_reset_at - time.monotonic()) * 1000), 0)
        return {
            "total": SESSION_STARTS_PER_DAY,
            "remaining": max(self.starts_remaining, 0),
            "reset_after": left_ms,
            "max_concurrency": self.emu.max_concurrency,
        }

    def recommended_shards(self) -> int:
        return max(1, -(-len(self.emu.guilds) // GUILDS_PER_SHARD))

    def pending(self) -> int:
        """Frames queued but not yet written (idle() waits for zero)."""
        return sum(c.queue.qsize() for c in self.connections if not c.closed)

    @property
    def connected(self) -> bool:
        live = [s for s in self.live.values() if not s.invalid]
        return bool(live) and all(s.conn is not None for s in live)

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to the session of its guild's shard (buffered for RESUME while that
        session's socket is down)."""
        guild_id = _guild_of(event, data)
        for session in list(self.live.values()):
            if session.invalid or not session.owns(guild_id) or not session.wants(event, data):
                continue
            if (
                event in ("MESSAGE_CREATE", "MESSAGE_UPDATE")
                and not session.intents & INTENT_MESSAGE_CONTENT
            ):
                session.dispatch(event, _strip_content(data, self.emu.bot_user_id))
            else:
                session.dispatch(event, data)

    def guild_created(self, guild: Guild) -> None:
        """GUILD_CREATE to the guild's shard, with members if that session has the intent."""
        for session in list(self.live.values()):
            if not session.invalid and session.owns(guild.id):
                self._guild_create(session, guild)

    @staticmethod
    def _guild_create(session: Session, guild: Guild) -> None:
        """Members as Discord sends them (events/gateway-events.mdx, Request Guild Members):
        without GUILD_PRESENCES "only members who are in voice, plus the member for you"; with
        it, every member below ``large_threshold``, else those with a role or a nickname. The
        client requests the rest with op 8. Voice states (and so the members in voice) only to a
        session with GUILD_VOICE_STATES."""
        if not session.intents & INTENT_GUILDS:
            return
        with_voice = bool(session.intents & INTENT_GUILD_VOICE_STATES)
        data = guild.to_json(include_all_members=False, include_voice_states=with_voice)
        large = len(guild.members) > session.large_threshold
        data["large"] = large
        mine = {m["user"]["id"] for m in data["members"]}
        if with_voice:
            data["members"] += [
                guild.members[uid].to_json()
                for uid in guild.voice_states
                if str(uid) not in mine and uid in guild.members
            ]
            mine = {m["user"]["id"] for m in data["members"]}
        if session.intents & INTENT_GUILD_PRESENCES and session.intents & INTENT_GUILD_MEMBERS:
            data["members"] += [
                m.to_json()
                for uid, m in guild.members.items()
                if str(uid) not in mine and (not large or m.nick or m.roles)
            ]
        session.dispatch("GUILD_CREATE", data)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        conn = Connection(ws, self.emu.saw_activity)
        self.connections.add(conn)
        self.connect_count += 1
        conn.send(
            {
                "op": 10,
                "d": {"heartbeat_interval": self.heartbeat_interval_ms},
                "s": None,
                "t": None,
            }
        )
        session: Session | None = None
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    if msg.type == WSMsgType.BINARY:
                        await conn.close(4002)
                    continue
                try:
                    payload = json.loads(msg.data)
                except ValueError:
                    await conn.close(4002)
                    break
                op = payload.get("op")
                data = payload.get("d")
                if op == 1:
                    conn.send({"op": 11, "d": None, "s": None, "t": None})
                elif op == 2:
                    if not self._token_ok(data):
                        await conn.close(4004)
                        break
                    if not self._intents_ok(data):
                        await conn.close(4014)
                        break
                    session = self._identify(conn, data) or session
                elif op == 6:
                    session = self._resume(conn, data)
                elif op == 8 and session is not None:
                    self._request_members(session, data)
                elif op in (3, 4):
                    pass  # presence / voice state: accepted, ignored
                else:
                    log.warning("gateway: unknown op %s", op)
        finally:
            conn.closed = True
            conn.queue.put_nowait(None)
            self.connections.discard(conn)
            for s in self.sessions.values():
                if s.conn is conn:
                    s.conn = None
        return ws

    def _token_ok(self, data: dict[str, Any]) -> bool:
        """A wrong token is closed at once with 4004 "Authentication failed" (topics/opcodes-
        and-status-codes.mdx, Gateway Close Event Codes; no op 9 first)."""
        if (data or {}).get("token", "").removeprefix("Bot ") == self.emu.bot_token:
            return True
        self.emu.record_failure("GATEWAY IDENTIFY: wrong token (close 4004)")
        return False

    def _intents_ok(self, data: dict[str, Any]) -> bool:
        """A privileged intent not switched on in the Developer Portal is closed with 4014
        "Disallowed intent(s)" (same table; events/gateway.mdx, Privileged Intents)."""
        asked = int((data or {}).get("intents", 0)) & PRIVILEGED_INTENTS
        if not asked & ~self.emu.portal_intents:
            return True
        self.emu.note(f"GATEWAY IDENTIFY: privileged intents {asked} not enabled (close 4014)")
        return False

    def _refuse(self, conn: Connection, code: int, why: str) -> None:
        """Close the connection with a code Discord does not let the client resume from."""
        self.emu.record_failure(f"GATEWAY IDENTIFY: {why} (close {code})")
        asyncio.get_running_loop().create_task(conn.close(code))

    def _identify(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        emu = self.emu
        emu.tick()  # GUILD_CREATE shows the events as the clock has them now
        try:
            shard = _shard_field(data.get("shard"))
        except ValueError:
            self._refuse(conn, 4010, f"invalid shard {data.get('shard')!r}")
            return None
        probe = Session(int(data.get("intents", 0)), shard)
        guilds = [g for g in emu.guilds if probe.owns(g.id)]
        if len(guilds) > MAX_GUILDS_PER_SESSION:
            self._refuse(
                conn,
                4011,
                f"sharding required: the session would carry {len(guilds)} guilds "
                f"(at most {MAX_GUILDS_PER_SESSION})",
            )
            return None
        # max_concurrency IDENTIFYs per 5 s: one per rate-limit key (shard_id % max_concurrency)
        loop_now = asyncio.get_running_loop().time()
        key = probe.shard_id % emu.max_concurrency
        last = self._last_identify.get(key)
        if emu.rate_limits and last is not None and loop_now - last < emu.identify_window:
            self.identify_refused += 1
            emu.note(
                f"GATEWAY IDENTIFY of shard {probe.shard_id} refused (op 9): rate-limit key {key} "
                f"identified {loop_now - last:.2f} s ago, max_concurrency {emu.max_concurrency} "
                f"per {emu.identify_window:g} s"
            )
            conn.send({"op": 9, "d": False, "s": None, "t": None})
            return None
        if time.monotonic() >= self._starts_reset_at:
            self.starts_remaining = SESSION_STARTS_PER_DAY
            self._starts_reset_at = time.monotonic() + 86400
        if self.starts_remaining <= 0:
            self._refuse(conn, 4004, "over the 1,000 session starts a day (the token is reset)")
            return None
        self.starts_remaining -= 1
        self._last_identify[key] = loop_now
        self.identifies.append((loop_now, shard))
        old = self.live.get(shard or (0, 1))
        if old is not None:
            old.invalid = True
        session = probe
        session.large_threshold = int(data.get("large_threshold") or 50)
        self.sessions[session.id] = session
        self.live[shard or (0, 1)] = session
        session.conn = conn
        self.identify_count += 1
        ready: dict[str, Any] = {
            "v": 10,
            "user": emu.bot_user.to_json() | {"verified": True, "mfa_enabled": False},
            "session_id": session.id,
            "resume_gateway_url": emu.gateway_url,
            "session_type": "normal",
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "application": {"id": str(emu.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "_trace": ["emulator"],
        }
        if shard is not None:
            ready["shard"] = list(shard)
        session.dispatch("READY", ready)
        for guild in guilds:
            self._guild_create(session, guild)
        self.identified.set()
        self._started.set()
        self._started = asyncio.Event()
        return session

    def _resume(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get((data or {}).get("session_id", ""))
        token_ok = (data or {}).get("token", "").removeprefix("Bot ") == self.emu.bot_token
        seq = (data or {}).get("seq") or 0
        if (
            session is None
            or session.invalid
            or not token_ok
            or (session.buffer and seq < session.buffer[0][0] - 1)
        ):
            conn.send({"op": 9, "d": False, "s": None, "t": None})
            return None
        # Replay synchronously so live events cannot interleave with the replayed ones.
        for s, frame in session.buffer:
            if s > seq:
                conn.send(frame)
        conn.send({"op": 0, "t": "RESUMED", "s": None, "d": {"_trace": ["emulator"]}})
        session.conn = conn
        self.resume_count += 1
        self.resumed.set()
        return session

    def _request_members(self, session: Session, data: dict[str, Any]) -> None:
        """op 8 as Discord answers it (events/gateway-events.mdx, Request Guild Members): one
        guild a request; a query (a username prefix) or user_ids give at most 100 members; all
        members (query "" and limit 0) need GUILD_MEMBERS and, since the change log's "Rate Limit
        When Requesting All Guild Members", at most once per guild per 30 s, else a
        RATE_LIMITED event; the answer comes in GUILD_MEMBERS_CHUNKs of up to 1,000."""
        guild_id = data.get("guild_id")
        if isinstance(guild_id, list):
            guild_id = guild_id[0] if len(guild_id) == 1 else None
        guild = self.emu.guild(int(guild_id or 0))
        if guild is None or not session.owns(guild.id):
            return
        nonce = data.get("nonce") if len(str(data.get("nonce") or "")) <= 32 else None
        members = list(guild.members.values())
        not_found: list[str] = []
        user_ids = data.get("user_ids")
        if user_ids:
            wanted = [int(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])]
            wanted = wanted[:MEMBERS_QUERY_MAX]
            members = [guild.members[u] for u in wanted if u in guild.members]
            not_found = [str(u) for u in wanted if u not in guild.members]
        else:
            query = str(data.get("query") or "").lower()
            limit = int(data.get("limit") or 0)
            if not query and not limit:
                if not session.intents & INTENT_GUILD_MEMBERS:
                    return  # Discord requires the intent for the whole list
                now = time.time()
                last = self._all_members_at.get(guild.id)
                if last is not None and 0 <= now - last < ALL_MEMBERS_EVERY_S:
                    meta: dict[str, Any] = {"guild_id": str(guild.id)}
                    if nonce:
                        meta["nonce"] = nonce
                    self.emu.note(f"gateway: RATE_LIMITED op 8 (all members of {guild.name})")
                    session.dispatch(
                        "RATE_LIMITED",
                        {
                            "opcode": 8,
                            "retry_after": round(ALL_MEMBERS_EVERY_S - (now - last), 3),
                            "meta": meta,
                        },
                    )
                    return
                self._all_members_at[guild.id] = now
            else:
                members = [
                    m
                    for m in members
                    if m.user.username.lower().startswith(query)
                    or (m.nick or "").lower().startswith(query)
                ][: min(limit or MEMBERS_QUERY_MAX, MEMBERS_QUERY_MAX)]
        chunks = [members[i : i + MEMBERS_CHUNK] for i in range(0, len(members), MEMBERS_CHUNK)]
        for index, chunk in enumerate(chunks or [[]]):
            payload: dict[str, Any] = {
                "guild_id": str(guild.id),
                "members": [m.to_json() for m in chunk],
                "chunk_index": index,
                "chunk_count": len(chunks or [[]]),
            }
            if index == 0 and not_found:
                payload["not_found"] = not_found
            if data.get("presences") and session.intents & INTENT_GUILD_PRESENCES:
                payload["presences"] = []
            if nonce:
                payload["nonce"] = nonce
            session.dispatch("GUILD_MEMBERS_CHUNK", payload)

    def shard_session(self, shard_id: int | None = None) -> Session:
        """The connected session of this shard (None: the bot's session, shard 0's if sharded)."""
        if shard_id is None:
            session = self.session
        else:
            session = next(
                (s for s in self.live.values() if not s.invalid and s.shard_id == shard_id), None
            )
        if session is None or session.conn is None:
            raise RuntimeError(f"shard {shard_id or 0} is not connected to the gateway")
        return session

    async def drop(self, code: int = 4000, shard_id: int | None = None) -> None:
        """Close one session's socket with a resumable code (the others go on); the client
        should RESUME it."""
        session = self.shard_session(shard_id)
        conn = session.conn
        assert conn is not None
        session.conn = None
        self.resumed.clear()
        await conn.close(code)

    def send_op(self, op: int, d: Any, shard_id: int | None = None) -> None:
        """Send a raw opcode (7 RECONNECT, 9 INVALID_SESSION) on one session's connection."""
        session = self.shard_session(shard_id)
        assert session.conn is not None
        if op == 9 and not d:
            session.invalid = True
        self.resumed.clear()
        self.identified.clear()
        session.conn.send({"op": op, "d": d, "s": None, "t": None})

    async def close_all(self) -> None:
        for conn in list(self.connections):
            await conn.close(1001)


def _shard_field(value: Any) -> tuple[int, int] | None:
    """IDENTIFY's `shard`: None when absent, else (shard_id, num_shards); ValueError when it
    names no shard (Discord closes with 4010)."""
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 <= value[0] < value[1]
    ):
        raise ValueError(value)
    return value[0], value[1]


def _strip_content(data: dict[str, Any], bot_id: int) -> dict[str, Any]:
    """Without the MESSAGE_CONTENT intent Discord blanks content of others' guild messages."""
    author = (data.get("author") or {}).get("id")
    if "guild_id" not in data or author == str(bot_id):
        return data
    if any(u.get("id") == str(bot_id) for u in data.get("mentions", [])):
        return data
    return data | {"content": "", "embeds": [], "attachments": [], "components": []}
