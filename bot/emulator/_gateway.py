"""The emulator's WebSocket gateway: HELLO, heartbeats, IDENTIFY/READY, RESUME and dispatches.

Events are numbered and kept per session so a client that lost its socket can RESUME and get
what it missed, exactly as Discord does. Frames are plain JSON text (no compression).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections import deque
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from bot.emulator.emulator import Emulator

log = logging.getLogger("bot.emulator.gateway")

# Gateway intents (the ones the emulator filters on)
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
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
    """A gateway session: numbered events, a replay buffer, the live connection (if any)."""

    def __init__(self, intents: int, buffer_size: int = 50_000) -> None:
        self.id = secrets.token_hex(16)
        self.intents = intents
        self.seq = 0
        self.buffer: deque[tuple[int, str]] = deque(maxlen=buffer_size)
        self.conn: Connection | None = None
        self.invalid = False

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


class Gateway:
    """Accepts the bot's WebSocket connections and routes events to its session."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.sessions: dict[str, Session] = {}
        self.session: Session | None = None  # the bot's current session
        self.connections: set[Connection] = set()
        self.heartbeat_interval_ms = 41250
        self.identified = asyncio.Event()
        self.resumed = asyncio.Event()
        self.connect_count = 0
        self.identify_count = 0
        self.resume_count = 0

    def pending(self) -> int:
        """Frames queued but not yet written (idle() waits for zero)."""
        return sum(c.queue.qsize() for c in self.connections if not c.closed)

    @property
    def connected(self) -> bool:
        return self.session is not None and self.session.conn is not None

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to the bot (buffered for RESUME when the socket is down)."""
        session = self.session
        if session is None or session.invalid or not session.wants(event, data):
            return
        if (
            event in ("MESSAGE_CREATE", "MESSAGE_UPDATE")
            and not session.intents & INTENT_MESSAGE_CONTENT
        ):
            data = _strip_content(data, self.emu.bot_user_id)
        session.dispatch(event, data)

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
                    session = self._identify(conn, data)
                    if session is None:
                        break
                elif op == 6:
                    session = self._resume(conn, data)
                elif op == 8:
                    self._request_members(conn, data)
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

    def _identify(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        if (data or {}).get("token", "").removeprefix("Bot ") != self.emu.bot_token:
            conn.send({"op": 9, "d": False, "s": None, "t": None})
            asyncio.get_running_loop().create_task(conn.close(4004))
            self.emu.record_failure("GATEWAY IDENTIFY: wrong token")
            return None
        self.emu.tick()  # GUILD_CREATE shows the events as the clock has them now
        if self.session is not None:
            self.session.invalid = True
        session = Session(int(data.get("intents", 0)))
        self.sessions[session.id] = session
        self.session = session
        session.conn = conn
        self.identify_count += 1
        emu = self.emu
        session.dispatch(
            "READY",
            {
                "v": 10,
                "user": emu.bot_user.to_json() | {"verified": True, "mfa_enabled": False},
                "session_id": session.id,
                "resume_gateway_url": emu.gateway_url,
                "session_type": "normal",
                "guilds": [{"id": str(g.id), "unavailable": True} for g in emu.guilds],
                "application": {"id": str(emu.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "user_settings": {},
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "auth": {},
                "_trace": ["emulator"],
            },
        )
        with_members = bool(session.intents & INTENT_GUILD_MEMBERS)
        for guild in emu.guilds:
            if session.intents & INTENT_GUILDS:
                session.dispatch("GUILD_CREATE", guild.to_json(include_all_members=with_members))
        self.identified.set()
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

    def _request_members(self, conn: Connection, data: dict[str, Any]) -> None:
        guild = self.emu.guild(int(data.get("guild_id", 0)))
        if guild is None or self.session is None:
            return
        members = list(guild.members.values())
        if data.get("user_ids"):
            wanted = {int(u) for u in data["user_ids"]}
            members = [m for m in members if m.user.id in wanted]
        elif data.get("query"):
            q = data["query"].lower()
            members = [m for m in members if m.user.username.lower().startswith(q)]
        limit = data.get("limit") or 0
        if limit:
            members = members[:limit]
        payload: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [m.to_json() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce"):
            payload["nonce"] = data["nonce"]
        self.session.dispatch("GUILD_MEMBERS_CHUNK", payload)

    async def drop(self, code: int = 4000) -> None:
        """Close the bot's socket with a resumable code; the client should RESUME."""
        session = self.session
        if session is None or session.conn is None:
            raise RuntimeError("the bot is not connected to the gateway")
        conn = session.conn
        session.conn = None
        self.resumed.clear()
        await conn.close(code)

    def send_op(self, op: int, d: Any) -> None:
        """Send a raw opcode (7 RECONNECT, 9 INVALID_SESSION) on the live connection."""
        if self.session is None or self.session.conn is None:
            raise RuntimeError("the bot is not connected to the gateway")
        if op == 9 and not d:
            self.session.invalid = True
        self.resumed.clear()
        self.identified.clear()
        self.session.conn.send({"op": op, "d": d, "s": None, "t": None})

    async def close_all(self) -> None:
        for conn in list(self.connections):
            await conn.close(1001)


def _strip_content(data: dict[str, Any], bot_id: int) -> dict[str, Any]:
    """Without the MESSAGE_CONTENT intent Discord blanks content of others' guild messages."""
    author = (data.get("author") or {}).get("id")
    if "guild_id" not in data or author == str(bot_id):
        return data
    if any(u.get("id") == str(bot_id) for u in data.get("mentions", [])):
        return data
    return data | {"content": "", "embeds": [], "attachments": [], "components": []}
