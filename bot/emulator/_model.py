"""In-memory Discord state for the emulator: users, guilds, roles, channels, messages, events.

The objects here are what tests look at (``chan.messages``, ``msg.text``) and what the REST and
gateway layers serialise into the JSON shapes discord.py parses. Keeping the model plain (no I/O)
lets the emulator change state synchronously from test code and push events afterwards; what the
model needs of the emulator is the small `Server` protocol, so it imports nothing of it.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
import time
from collections.abc import Iterator
from typing import Any, Protocol


class Server(Protocol):
    """What the model asks of the server it lives in (the Emulator): fresh ids, the bot's
    identity, where attachments are served, and telling the connected client of a change."""

    @property
    def bot_user_id(self) -> int: ...

    @property
    def application_id(self) -> int: ...

    @property
    def http_base(self) -> str: ...

    def new_id(self) -> int: ...

    def add_channel(self, chan: Channel) -> None: ...

    def remove_channel(self, chan: Channel) -> None: ...

    def dispatch_guild(self, guild: Guild, event: str, data: dict[str, Any]) -> None: ...


DISCORD_EPOCH_MS = 1420070400000

# Permission bits (https://discord.com/developers/docs/topics/permissions)
CREATE_INSTANT_INVITE = 1 << 0
KICK_MEMBERS = 1 << 1
BAN_MEMBERS = 1 << 2
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CONNECT = 1 << 20
SPEAK = 1 << 21
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_EVENTS = 1 << 33
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
CREATE_EVENTS = 1 << 44
PIN_MESSAGES = 1 << 51

ALL_PERMISSIONS = (1 << 52) - 1

# Channel types (https://discord.com/developers/docs/resources/channel#channel-object-channel-types)
TEXT, DM, VOICE, STAGE = 0, 1, 2, 13

#: What @everyone may do in a fresh guild (Discord's defaults, trimmed to what matters here).
EVERYONE_DEFAULT = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CONNECT
    | SPEAK
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
    | CREATE_PUBLIC_THREADS
    | CREATE_EVENTS
)

#: "All normal text permissions" the bot's managed role grants (not ADMINISTRATOR, so channel
#: overwrites still bite, as they do for a real bot).
BOT_DEFAULT = (
    EVERYONE_DEFAULT
    | MANAGE_MESSAGES
    | MENTION_EVERYONE
    | MANAGE_THREADS
    | MANAGE_EVENTS
    | PIN_MESSAGES
    | MANAGE_ROLES
)

# Message flags
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_COMPONENTS_V2 = 1 << 15


class Snowflakes:
    """Monotonic snowflake ids whose timestamps follow the wall clock (so time-machine shifts show)."""

    def __init__(self) -> None:
        self._last = 0
        self._guild_ms = 0

    def next(self) -> int:
        now_ms = int(time.time() * 1000)
        candidate = max(now_ms - DISCORD_EPOCH_MS, 0) << 22
        self._last = max(candidate, self._last + 1)
        return self._last

    def guild(self) -> int:
        """A guild's id. Real servers were made over years, so the timestamps of their ids (what
        Discord's sharding formula reads: id >> 22) differ; a burst of next() ids would share one
        millisecond and put every guild on one shard. Guild ids are dated from a year back, a
        millisecond apart, with worker id 31 so they never meet an id of next() (whose
        increment would need 4 million ids in one millisecond to reach those bits)."""
        if not self._guild_ms:
            self._guild_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS - 365 * 86_400_000
        self._guild_ms += 1
        return (self._guild_ms << 22) | (31 << 17)


def snowflake_time(snowflake: int) -> dt.datetime:
    """The UTC time encoded in a snowflake."""
    return dt.datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, dt.UTC)


def iso(ts: dt.datetime | None) -> str | None:
    """Discord's ISO-8601 timestamp format."""
    return None if ts is None else ts.isoformat()


def now_utc() -> dt.datetime:
    """Wall-clock now in UTC (respects time-machine)."""
    return dt.datetime.now(dt.UTC)


class User:
    """A Discord user (human or the bot)."""

    def __init__(
        self, id: int, username: str, *, bot: bool = False, global_name: str | None = None
    ):
        self.id = id
        self.username = username
        self.bot = bot
        self.global_name = global_name if global_name is not None else (None if bot else username)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
            "flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data

    def __repr__(self) -> str:
        return f"<User {self.username} id={self.id}>"


class Role:
    """A guild role; ``permissions`` is an int bitfield."""

    def __init__(self, guild: Guild, id: int, name: str, permissions: int, *, position: int = 1):
        self.guild = guild
        self.id = id
        self.name = name
        self.permissions = permissions
        self.position = position
        self.managed_bot_id: int | None = None
        self.color = 0
        self.mentionable = False
        self.hoist = False

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "color": self.color,
            "colors": {
                "primary_color": self.color,
                "secondary_color": None,
                "tertiary_color": None,
            },
            "hoist": self.hoist,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed_bot_id is not None,
            "mentionable": self.mentionable,
            "flags": 0,
        }
        if self.managed_bot_id is not None:
            data["tags"] = {"bot_id": str(self.managed_bot_id)}
        return data

    def set_permissions(self, permissions: int) -> None:
        """Change the role's guild-level permissions (dispatches GUILD_ROLE_UPDATE)."""
        self.permissions = permissions
        self.guild._emu.dispatch_guild(
            self.guild,
            "GUILD_ROLE_UPDATE",
            {"guild_id": str(self.guild.id), "role": self.to_json()},
        )

    def __repr__(self) -> str:
        return f"<Role {self.name} id={self.id}>"


class GuildMember:
    """A user's membership of a guild."""

    def __init__(self, guild: Guild, user: User, roles: list[Role], *, manage_guild: bool = False):
        self.guild = guild
        self.user = user
        self.roles = list(roles)
        self.manage_guild = manage_guild
        self.nick: str | None = None
        self.joined_at = now_utc()

    def base_permissions(self) -> int:
        perms = self.guild.everyone.permissions
        for role in self.roles:
            perms |= role.permissions
        if self.manage_guild:
            perms |= MANAGE_GUILD
        if self.guild.owner_id == self.user.id or perms & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return perms

    def to_json(self, *, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": self.user.to_json(),
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "roles": [str(r.id) for r in self.roles],
            "joined_at": iso(self.joined_at),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


class Attachment(tuple[str, bytes]):
    """A stored file: unpacks as ``(filename, bytes)`` and also has ``.id``, ``.content_type``."""

    id: int
    content_type: str
    description: str

    def __new__(
        cls, filename: str, data: bytes, id: int = 0, content_type: str = "", description: str = ""
    ) -> Attachment:
        self = super().__new__(cls, (filename, data))
        self.id = id
        self.content_type = content_type or "application/octet-stream"
        self.description = description
        return self

    @property
    def filename(self) -> str:
        return self[0]

    @property
    def data(self) -> bytes:
        return self[1]

    def to_json(self, base: str, channel_id: int) -> dict[str, Any]:
        url = f"{base}/attachments/{channel_id}/{self.id}/{self.filename}"
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": url,
            "proxy_url": url,
            "content_type": self.content_type,
        }
        if self.description:
            data["description"] = self.description
        return data


def _component_text(components: list[dict[str, Any]]) -> Iterator[str]:
    for comp in components:
        if comp.get("type") == 10 and comp.get("content"):  # components v2 text display
            yield comp["content"]
        for key in ("components", "accessory", "component"):
            sub = comp.get(key)
            if isinstance(sub, list):
                yield from _component_text(sub)
            elif isinstance(sub, dict):
                yield from _component_text([sub])


def embed_text(embed: dict[str, Any]) -> Iterator[str]:
    """The human-readable strings of one embed, in display order."""
    for key in ("author",):
        if embed.get(key, {}).get("name"):
            yield embed[key]["name"]
    for key in ("title", "description"):
        if embed.get(key):
            yield embed[key]
    for field in embed.get("fields", []) or []:
        yield f"{field.get('name', '')}: {field.get('value', '')}"
    if (embed.get("footer") or {}).get("text"):
        yield embed["footer"]["text"]


def iter_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component, depth first (rows, sections, containers, labels included)."""
    for comp in components or []:
        yield comp
        for key in ("components", "accessory", "component"):
            sub = comp.get(key)
            if isinstance(sub, list):
                yield from iter_components(sub)
            elif isinstance(sub, dict):
                yield from iter_components([sub])


class Message:
    """A stored message. ``deleted`` messages stay in memory for assertions."""

    def __init__(
        self,
        *,
        id: int,
        channel: Channel,
        author: User,
        content: str = "",
        embeds: list[dict[str, Any]] | None = None,
        components: list[dict[str, Any]] | None = None,
        attachments: list[Attachment] | None = None,
        flags: int = 0,
        nonce: str | int | None = None,
        type: int = 0,
        webhook_id: int | None = None,
        interaction: Any = None,
        message_reference: dict[str, Any] | None = None,
        ephemeral_user_id: int | None = None,
    ):
        self.id = id
        self.channel = channel
        self.channel_id = channel.id
        self.guild_id = channel.guild.id if channel.guild else None
        self.author = author
        self.content = content
        self.embeds = embeds or []
        self.components = components or []
        self.attachments = attachments or []
        self.flags = flags
        self.nonce = nonce
        self.type = type
        self.webhook_id = webhook_id
        self.interaction = interaction
        self.message_reference = message_reference
        self.ephemeral_user_id = ephemeral_user_id
        self.pinned = False
        self.pinned_at: dt.datetime | None = None
        self.deleted = False
        self.timestamp = snowflake_time(id)
        self.edited_timestamp: dt.datetime | None = None
        self.reactions: dict[str, set[int]] = {}
        self.mentions: list[User] = []
        self.mention_roles: list[int] = []
        self.mention_everyone = False

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & FLAG_EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & FLAG_LOADING)

    @property
    def text(self) -> str:
        """Content, embed and components-v2 text joined by newlines: handy for ``in`` asserts."""
        parts = [self.content] if self.content else []
        for embed in self.embeds:
            parts.extend(embed_text(embed))
        parts.extend(_component_text(self.components))
        return "\n".join(parts)

    @property
    def buttons(self) -> list[str]:
        """Labels of the message's buttons (emoji names for label-less buttons)."""
        out = []
        for comp in iter_components(self.components):
            if comp.get("type") == 2:
                out.append(comp.get("label") or (comp.get("emoji") or {}).get("name") or "")
        return out

    @property
    def files(self) -> list[tuple[str, bytes]]:
        return [(a.filename, a.data) for a in self.attachments]

    def visible_to(self, user_id: int) -> bool:
        return not self.deleted and (
            self.ephemeral_user_id is None or self.ephemeral_user_id == user_id
        )

    def to_json(self, emu: Server) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "channel_id": str(self.channel_id),
            "author": self.author.to_json(),
            "content": self.content,
            "timestamp": iso(self.timestamp),
            "edited_timestamp": iso(self.edited_timestamp),
            "tts": False,
            "mention_everyone": self.mention_everyone,
            "mentions": [u.to_json() for u in self.mentions],
            "mention_roles": [str(r) for r in self.mention_roles],
            "attachments": [a.to_json(emu.http_base, self.channel_id) for a in self.attachments],
            "embeds": self.embeds,
            "components": self.components,
            "pinned": self.pinned,
            "flags": self.flags,
        }
        if self.nonce is not None:
            data["nonce"] = self.nonce
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
            data["application_id"] = str(emu.application_id)
        if self.message_reference is not None:
            data["message_reference"] = self.message_reference
        if self.reactions:
            data["reactions"] = [
                {
                    "emoji": {"id": None, "name": name},
                    "count": len(users),
                    "count_details": {"burst": 0, "normal": len(users)},
                    "burst_colors": [],
                    "me": emu.bot_user_id in users,
                    "me_burst": False,
                }
                for name, users in self.reactions.items()
                if users
            ]
        if self.interaction is not None:
            rec = self.interaction
            user_json = rec.user.to_json()
            data["interaction_metadata"] = {
                "id": str(rec.id),
                "type": rec.type,
                "user": user_json,
                "authorizing_integration_owners": rec.integration_owners(),
            }
            if rec.type == 2:
                data["interaction_metadata"]["name"] = rec.command_name
                data["interaction"] = {
                    "id": str(rec.id),
                    "type": rec.type,
                    "name": rec.command_name,
                    "user": user_json,
                }
        return data

    def __repr__(self) -> str:
        return f"<Message id={self.id} channel={self.channel.name!r} text={self.text[:60]!r}>"


class Channel:
    """A guild text channel or a DM channel. Messages are kept in id (= time) order."""

    def __init__(
        self,
        emu: Server,
        id: int,
        name: str,
        *,
        guild: Guild | None = None,
        type: int = 0,
        recipient: User | None = None,
        position: int = 0,
    ):
        self._emu = emu
        self.id = id
        self.name = name
        self.guild = guild
        self.type = type
        self.recipient = recipient
        self.position = position
        self.topic: str | None = None
        self.bot_permissions: int | None = None  # None: no overwrite on the bot
        self.overwrites: dict[int, tuple[int, int, int]] = {}  # id -> (type, allow, deny)
        self._messages: dict[int, Message] = {}
        self._order: list[int] = []  # message ids ascending (ids are monotonic)
        self._pins: list[int] = []

    # -- permissions -------------------------------------------------------------------------
    def set_bot_permissions(self, permissions: int | None) -> None:
        """Give the bot exactly ``permissions`` here (None: back to its role's). CHANNEL_UPDATE."""
        self.bot_permissions = permissions
        if self.guild is not None:
            self._emu.dispatch_guild(self.guild, "CHANNEL_UPDATE", self.to_json())

    def set_member_overwrite(self, target: Any, *, allow: int = 0, deny: int = 0) -> None:
        """Add a permission overwrite for a role or member (CHANNEL_UPDATE)."""
        target_id = getattr(target, "id", target)
        kind = 0 if isinstance(target, Role) else 1
        self.overwrites[target_id] = (kind, allow, deny)
        if self.guild is not None:
            self._emu.dispatch_guild(self.guild, "CHANNEL_UPDATE", self.to_json())

    def permissions_for(self, member: GuildMember) -> int:
        """Discord's permission algorithm (base, @everyone overwrite, role overwrites, member)."""
        base = member.base_permissions()
        if base & ADMINISTRATOR or base == ALL_PERMISSIONS:
            return ALL_PERMISSIONS
        perms = base
        guild = self.guild
        assert guild is not None
        ow = self._all_overwrites()
        if guild.id in ow:
            _, allow, deny = ow[guild.id]
            perms = (perms & ~deny) | allow
        allow_r = deny_r = 0
        for role in member.roles:
            if role.id in ow:
                _, a, d = ow[role.id]
                allow_r |= a
                deny_r |= d
        perms = (perms & ~deny_r) | allow_r
        if member.user.id in ow:
            _, allow, deny = ow[member.user.id]
            perms = (perms & ~deny) | allow
        if not perms & VIEW_CHANNEL:
            return 0
        return perms

    def _all_overwrites(self) -> dict[int, tuple[int, int, int]]:
        ow = dict(self.overwrites)
        if self.bot_permissions is not None and self.guild is not None:
            allow = self.bot_permissions
            deny = ALL_PERMISSIONS & ~allow
            ow[self._emu.bot_user_id] = (1, allow, deny)
        return ow

    def bot_perms(self) -> int:
        """The bot's effective permissions in this channel."""
        if self.guild is None:
            return VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY
        return self.permissions_for(self.guild.members[self._emu.bot_user_id])

    # -- messages ----------------------------------------------------------------------------
    def add(self, message: Message) -> None:
        """Keep a new message in id order (the emulator's create_message; it tells the client)."""
        self._messages[message.id] = message
        if not self._order or message.id > self._order[-1]:
            self._order.append(message.id)
        else:
            bisect.insort(self._order, message.id)

    def get(self, message_id: int) -> Message | None:
        return self._messages.get(message_id)

    @property
    def messages(self) -> list[Message]:
        """All non-deleted messages, oldest first (ephemeral ones included)."""
        return [m for mid in self._order if not (m := self._messages[mid]).deleted]

    @property
    def last_message(self) -> Message | None:
        for mid in reversed(self._order):
            m = self._messages[mid]
            if not m.deleted:
                return m
        return None

    @property
    def pins(self) -> list[Message]:
        """Pinned messages, most recently pinned first."""
        return [self._messages[mid] for mid in reversed(self._pins)]

    def pin(self, message: Message) -> None:
        message.pinned = True
        message.pinned_at = now_utc()
        self._pins.append(message.id)

    def unpin(self, message: Message) -> None:
        message.pinned = False
        message.pinned_at = None
        with contextlib.suppress(ValueError):
            self._pins.remove(message.id)

    def history(
        self, *, limit: int = 50, before: int | None = None, after: int | None = None
    ) -> list[Message]:
        """Public (non-ephemeral) messages like GET /messages: newest first unless ``after``."""
        order = self._order
        out: list[Message] = []
        if after is not None and before is None:
            i = bisect.bisect_right(order, after)
            for mid in order[i:]:
                m = self._messages[mid]
                if not m.deleted and m.ephemeral_user_id is None:
                    out.append(m)
                    if len(out) >= limit:
                        break
            out.reverse()
            return out
        hi = bisect.bisect_left(order, before) if before is not None else len(order)
        for idx in range(hi - 1, -1, -1):
            m = self._messages[order[idx]]
            if after is not None and m.id <= after:
                break
            if not m.deleted and m.ephemeral_user_id is None:
                out.append(m)
                if len(out) >= limit:
                    break
        return out

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def to_json(self) -> dict[str, Any]:
        last = self._order[-1] if self._order else None
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "last_message_id": str(last) if last else None,
            "flags": 0,
        }
        if self.type == 1:
            assert self.recipient is not None
            data["recipients"] = [self.recipient.to_json()]
            return data
        assert self.guild is not None
        data.update(
            {
                "guild_id": str(self.guild.id),
                "name": self.name,
                "position": self.position,
                "permission_overwrites": [
                    {"id": str(tid), "type": kind, "allow": str(allow), "deny": str(deny)}
                    for tid, (kind, allow, deny) in self._all_overwrites().items()
                ],
                "parent_id": None,
                "topic": self.topic,
                "nsfw": False,
                "rate_limit_per_user": 0,
                "default_thread_rate_limit_per_user": 0,
            }
        )
        if self.type in (VOICE, STAGE):
            data.update({"bitrate": 64000, "user_limit": 0, "rtc_region": None})
            if self.type == VOICE:
                data["video_quality_mode"] = 1
        return data

    def __repr__(self) -> str:
        return f"<Channel #{self.name} id={self.id}>"


class ScheduledEvent:
    """A guild scheduled event, stored as the JSON Discord returns (updated in place)."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.deleted = False

    @property
    def id(self) -> int:
        return int(self.data["id"])

    @property
    def name(self) -> str:
        name: str = self.data["name"]
        return name

    @property
    def description(self) -> str | None:
        return self.data.get("description")

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.data["scheduled_start_time"])

    @property
    def end(self) -> dt.datetime | None:
        end = self.data.get("scheduled_end_time")
        return dt.datetime.fromisoformat(end) if end else None

    @property
    def status(self) -> int:
        status: int = self.data["status"]
        return status

    @property
    def location(self) -> str | None:
        return (self.data.get("entity_metadata") or {}).get("location")

    def __repr__(self) -> str:
        return (
            f"<ScheduledEvent {self.name!r} id={self.id} start={self.data['scheduled_start_time']}>"
        )


class Guild:
    """A guild; the bot is always a member (with its managed role)."""

    def __init__(self, emu: Server, id: int, name: str, owner_id: int):
        self._emu = emu
        self.id = id
        self.name = name
        self.owner_id = owner_id
        self.roles: dict[int, Role] = {}
        self.channels: dict[int, Channel] = {}
        self.members: dict[int, GuildMember] = {}
        self.scheduled_events: dict[int, ScheduledEvent] = {}
        self.commands: dict[str, dict[str, Any]] = {}  # guild-scoped app commands by name
        # who is in which voice or stage channel: user id -> voice state (as Discord sends it)
        self.voice_states: dict[int, dict[str, Any]] = {}
        self._positions = itertools.count(1)
        self.everyone = Role(self, id, "@everyone", EVERYONE_DEFAULT, position=0)
        self.roles[id] = self.everyone

    @property
    def bot_role(self) -> Role:
        return next(r for r in self.roles.values() if r.managed_bot_id == self._emu.bot_user_id)

    @property
    def text_channels(self) -> list[Channel]:
        return [c for c in self.channels.values() if c.type == 0]

    def create_role(self, name: str, permissions: int = 0) -> Role:
        """Add a role (dispatches GUILD_ROLE_CREATE when the bot is connected)."""
        role = Role(self, self._emu.new_id(), name, permissions, position=next(self._positions))
        self.roles[role.id] = role
        self._emu.dispatch_guild(
            self, "GUILD_ROLE_CREATE", {"guild_id": str(self.id), "role": role.to_json()}
        )
        return role

    def create_text_channel(self, name: str, bot_permissions: int | None = None) -> Channel:
        """Add a text channel. ``bot_permissions`` None: the bot has its role's permissions."""
        chan = Channel(self._emu, self._emu.new_id(), name, guild=self, position=len(self.channels))
        chan.bot_permissions = bot_permissions
        self.channels[chan.id] = chan
        self._emu.add_channel(chan)
        self._emu.dispatch_guild(self, "CHANNEL_CREATE", chan.to_json())
        return chan

    def delete_channel(self, chan: Channel) -> None:
        """Delete a channel, as someone with Manage Channels does (CHANNEL_DELETE): requests to
        it are answered 404 Unknown Channel from then on."""
        self.channels.pop(chan.id, None)
        self._emu.remove_channel(chan)
        self._emu.dispatch_guild(self, "CHANNEL_DELETE", chan.to_json())

    def create_voice_channel(self, name: str, *, stage: bool = False) -> Channel:
        """Add a voice channel (or a stage channel, where joiners start in the audience)."""
        chan = Channel(
            self._emu,
            self._emu.new_id(),
            name,
            guild=self,
            type=STAGE if stage else VOICE,
            position=len(self.channels),
        )
        self.channels[chan.id] = chan
        self._emu.add_channel(chan)
        self._emu.dispatch_guild(self, "CHANNEL_CREATE", chan.to_json())
        return chan

    def in_voice(self, channel: Channel) -> list[int]:
        """The ids of the members in a voice or stage channel now."""
        return [u for u, s in self.voice_states.items() if s["channel_id"] == str(channel.id)]

    def set_bot_permissions(self, permissions: int) -> None:
        """Change the bot role's guild-wide permissions (e.g. remove MANAGE_EVENTS)."""
        self.bot_role.set_permissions(permissions)

    def channel(self, name: str) -> Channel:
        """The channel with this name (KeyError if none)."""
        for c in self.channels.values():
            if c.name == name:
                return c
        raise KeyError(name)

    def role(self, name: str) -> Role:
        for r in self.roles.values():
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def events(self) -> list[ScheduledEvent]:
        """Scheduled events that have not been deleted."""
        return [e for e in self.scheduled_events.values() if not e.deleted]

    def to_json(
        self, *, include_all_members: bool = True, include_voice_states: bool = False
    ) -> dict[str, Any]:
        """The guild as GUILD_CREATE carries it: members only with the members intent, voice
        states (without their guild_id, as Discord sends them there) only with the voice-states
        intent."""
        bot_id = self._emu.bot_user_id
        members = [
            m.to_json() for uid, m in self.members.items() if include_all_members or uid == bot_id
        ]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-GB",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "features": [],
            "roles": [r.to_json() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "channels": [c.to_json() for c in self.channels.values()],
            "threads": [],
            "members": members,
            "member_count": len(self.members),
            "large": False,
            "unavailable": False,
            "joined_at": iso(self.members[bot_id].joined_at),
            "voice_states": [
                {k: v for k, v in state.items() if k not in ("guild_id", "member")}
                for state in self.voice_states.values()
            ]
            if include_voice_states
            else [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [e.data for e in self.events],
            "soundboard_sounds": [],
            "application_id": None,
            "max_members": 500000,
        }

    def __repr__(self) -> str:
        return f"<Guild {self.name!r} id={self.id}>"
