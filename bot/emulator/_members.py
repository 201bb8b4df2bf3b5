# ruff: noqa: ASYNC109  (the public API takes timeout= like Discord test helpers do)
"""Simulated humans: slash commands, button clicks, selects and modals sent as real interactions.

A SimMember does what the Discord client does for a person: it refuses malformed command input
(wrong option types, values outside min/max, unknown choices) before the bot sees anything,
sends INTERACTION_CREATE over the gateway, and waits for the bot's answer under Discord's
timing rules (3 s to acknowledge; a deferred answer must arrive later).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bot.emulator._model import (
    ADMINISTRATOR,
    CONNECT,
    FLAG_EPHEMERAL,
    STAGE,
    USE_APPLICATION_COMMANDS,
    VIEW_CHANNEL,
    VOICE,
    Channel,
    Guild,
    GuildMember,
    Message,
    Role,
    User,
    iter_components,
    now_utc,
)

if TYPE_CHECKING:
    from bot.emulator.emulator import Emulator


class EmulatorError(AssertionError):
    """Something a test should see as a failure (subclass of AssertionError for pytest output)."""


class InvalidCommand(EmulatorError):
    """The Discord client would refuse this input (unknown command, bad option, no permission)."""


class InteractionFailed(EmulatorError):
    """The bot did not answer in time, or answered wrongly ("This interaction failed")."""


class StillThinking(EmulatorError):
    """A test-side expectation failed, not a Discord rule: the person left while still looking
    at "thinking…" (Discord itself lets a deferred answer come any time in the token's 15 minutes).
    Raised by ``no_long_thinking`` where a test's fixtures install it."""


class ComponentNotFound(EmulatorError):
    """No visible message has a button/select like that."""


TOKEN_LIFETIME = dt.timedelta(minutes=15)


def no_long_thinking(result: InteractionResult) -> None:
    """A test-side check (``emu.interaction_checks.append(no_long_thinking)``): fail when the
    person gave up waiting (the call's ``timeout``) while the bot's deferred answer was still
    "thinking…". Not a Discord rule; a test that means to leave early removes it."""
    if result.thinking:
        raise StillThinking(
            f"{result._rec.describe()}: the person saw 'thinking…' for "
            f"{result.thinking_seconds:.1f} s and left without an answer (a test's expectation; "
            "Discord would accept the answer for 15 minutes)"
        )


OPTION_TYPES = {
    1: "SUB_COMMAND",
    2: "SUB_COMMAND_GROUP",
    3: "STRING",
    4: "INTEGER",
    5: "BOOLEAN",
    6: "USER",
    7: "CHANNEL",
    8: "ROLE",
    9: "MENTIONABLE",
    10: "NUMBER",
    11: "ATTACHMENT",
}


class InteractionRecord:
    """Server-side state of one interaction: acknowledgement, response messages, followups."""

    def __init__(
        self,
        emu: Emulator,
        *,
        type: int,
        user: User,
        channel: Channel,
        guild: Guild | None,
        member: GuildMember | None,
        data: dict[str, Any],
        message: Message | None = None,
        command_name: str = "",
        sim: SimMember | None = None,
    ) -> None:
        self.id = emu.new_id()
        self.token = "tok_" + secrets.token_urlsafe(32)
        self.type = type
        self.user = user
        self.channel = channel
        self.guild = guild
        self.member = member
        self.data = data
        self.message = message
        self.command_name = command_name
        self.sim = sim
        self.created = time.monotonic()
        self.created_at = now_utc()  # the emulator's clock: the token lives TOKEN_LIFETIME from it
        self.acked = False
        self.thinking_since: float | None = None  # monotonic, while a deferred answer is awaited
        self.thinking_until: float | None = None
        self.expired = False
        self.response_type: int | None = None
        self.original: Message | None = None
        self.followups: list[Message] = []
        self.modal: dict[str, Any] | None = None
        self.choices: list[dict[str, Any]] | None = None
        self.acked_event = asyncio.Event()
        self.changed = asyncio.Event()
        self.completed = False
        self.errors: list[str] = []

    def refused(self, what: str, exc: Exception) -> None:
        """The bot's callback/followup/edit got an error answer: remember it, wake waiters."""
        self.errors.append(f"{what}: {exc}")
        self.changed.set()

    def describe(self) -> str:
        kind = {2: "/", 3: "component ", 4: "autocomplete /", 5: "modal "}.get(self.type, "")
        name = self.command_name or self.data.get("custom_id", "")
        return f"{kind}{name} by {self.user.username} (id {self.id})"

    def integration_owners(self) -> dict[str, str]:
        if self.guild is not None:
            return {"0": str(self.guild.id)}
        return {"1": str(self.user.id)}

    @property
    def token_expired(self) -> bool:
        """Interaction tokens are valid for 15 minutes (interactions/receiving-and-responding.mdx,
        "Responding to an Interaction"), on the emulator's clock (time-machine moves it)."""
        return now_utc() >= self.created_at + TOKEN_LIFETIME

    def ack(self, cb_type: int, message: Message | None) -> None:
        self.acked = True
        self.response_type = cb_type
        if cb_type == 5:
            self.thinking_since = time.monotonic()
        if cb_type in (4, 5) and message is not None:
            self.original = message
        if cb_type in (4, 7, 8, 9):
            self.completed = True
        self.acked_event.set()
        self.changed.set()

    def touch(self) -> None:
        """Something happened (edit, followup): wake waiters."""
        if self.response_type in (5, 6):
            if not self.completed and self.thinking_since is not None:
                self.thinking_until = time.monotonic()
            self.completed = True
        self.changed.set()

    def expire(self, emu: Emulator, why: str) -> None:
        if not self.expired:
            self.expired = True
            emu.record_failure(
                f"INTERACTION {self.describe()}: not acknowledged within {emu.ack_timeout:g} s ({why}); "
                "Discord answers 404 Unknown interaction (10062)"
            )

    def to_payload(self, emu: Emulator) -> dict[str, Any]:
        chan = self.channel
        app_perms = chan.bot_perms()
        data: dict[str, Any] = {
            "id": str(self.id),
            "application_id": str(emu.application_id),
            "type": self.type,
            "token": self.token,
            "version": 1,
            "data": self.data,
            "channel_id": str(chan.id),
            "channel": chan.to_json(),
            "locale": "en-GB",
            "app_permissions": str(app_perms),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": self.integration_owners(),
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if self.guild is not None and self.member is not None:
            data["guild_id"] = str(self.guild.id)
            data["guild_locale"] = "en-GB"
            data["guild"] = {"id": str(self.guild.id), "locale": "en-GB", "features": []}
            data["member"] = self.member.to_json(permissions=chan.permissions_for(self.member))
            data["context"] = 0
        else:
            data["user"] = self.user.to_json()
            data["context"] = 1
        if self.message is not None:
            data["message"] = self.message.to_json(emu)
        return data


class InteractionResult:
    """What the member saw after an interaction. Properties read live state (later followups show)."""

    def __init__(self, rec: InteractionRecord) -> None:
        self._rec = rec

    @property
    def interaction_id(self) -> int:
        return self._rec.id

    @property
    def response_type(self) -> int | None:
        """Callback type: 4 message, 5 deferred, 6 deferred update, 7 update, 8 choices, 9 modal."""
        return self._rec.response_type

    @property
    def deferred(self) -> bool:
        return self._rec.response_type in (5, 6)

    @property
    def thinking(self) -> bool:
        """The person still sees "thinking…": deferred (type 5) and not answered yet."""
        rec = self._rec
        return rec.response_type == 5 and not rec.completed

    @property
    def thinking_seconds(self) -> float:
        """How long the person saw "thinking…" (so far, if still thinking)."""
        rec = self._rec
        if rec.thinking_since is None:
            return 0.0
        return (rec.thinking_until or time.monotonic()) - rec.thinking_since

    @property
    def messages(self) -> list[Message]:
        """The response message (or the updated one) then followups; deleted ones left out."""
        rec = self._rec
        out: list[Message] = []
        primary = rec.original if rec.response_type in (4, 5) else None
        if rec.response_type in (6, 7) and rec.message is not None and rec.message.edited_timestamp:
            primary = rec.message
        if primary is not None and not primary.deleted:
            out.append(primary)
        out.extend(m for m in rec.followups if not m.deleted and m is not primary)
        return out

    @property
    def message(self) -> Message | None:
        msgs = self.messages
        return msgs[0] if msgs else None

    @property
    def content(self) -> str:
        m = self.message
        return m.content if m else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        m = self.message
        return m.embeds if m else []

    @property
    def ephemeral(self) -> bool:
        m = self.message
        return bool(m and m.flags & FLAG_EPHEMERAL)

    @property
    def components(self) -> list[dict[str, Any]]:
        m = self.message
        return m.components if m else []

    @property
    def buttons(self) -> list[str]:
        """Button labels across all produced messages."""
        return [b for m in self.messages for b in m.buttons]

    @property
    def modal(self) -> dict[str, Any] | None:
        return self._rec.modal

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """Autocomplete choices (for ``SimMember.autocomplete``)."""
        return self._rec.choices

    @property
    def files(self) -> list[tuple[str, bytes]]:
        return [f for m in self.messages for f in m.files]

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.messages if m.text)

    def __repr__(self) -> str:
        return f"<InteractionResult {self._rec.describe()} type={self.response_type} text={self.text[:80]!r}>"


def _find_command(
    emu: Emulator, guild: Guild | None, path: str
) -> tuple[dict[str, Any], list[str]]:
    parts = path.strip().lstrip("/").split()
    if not parts:
        raise InvalidCommand("empty command")
    key = f"1:{parts[0]}"
    cmd = (guild.commands.get(key) if guild else None) or emu.global_commands.get(key)
    if cmd is None:
        known = sorted(
            {c["name"] for c in emu.global_commands.values() if c.get("type", 1) == 1}
            | ({c["name"] for c in guild.commands.values()} if guild else set())
        )
        raise InvalidCommand(f"/{parts[0]} is not a synced command (synced: {known})")
    return cmd, parts[1:]


def _leaf_options(
    cmd: dict[str, Any], sub: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (option definitions of the leaf, subcommand/group definitions to nest it in)."""
    defs = cmd.get("options") or []
    chain: list[dict[str, Any]] = []
    for name in sub:
        found = next((o for o in defs if o.get("name") == name and o.get("type") in (1, 2)), None)
        if found is None:
            raise InvalidCommand(f"/{cmd['name']}: no subcommand or group named {name!r}")
        chain.append(found)
        defs = found.get("options") or []
    if any(o.get("type") in (1, 2) for o in defs):
        names = [o["name"] for o in defs if o.get("type") in (1, 2)]
        raise InvalidCommand(f"/{cmd['name']} {' '.join(sub)}: pick a subcommand ({names})")
    return defs, chain


def _check_value(
    emu: Emulator,
    guild: Guild | None,
    where: str,
    opt: dict[str, Any],
    value: Any,
    resolved: dict[str, Any],
) -> Any:
    """Convert a Python value to the wire value, refusing what the Discord client refuses."""
    t = opt.get("type")
    name = opt.get("name")
    label = f"{where} option {name!r} ({OPTION_TYPES.get(t, t) if isinstance(t, int) else t})"
    choices = opt.get("choices")
    if t == 3:
        if not isinstance(value, str):
            raise InvalidCommand(f"{label}: expected a string, got {value!r}")
        if choices:
            match = next((c for c in choices if c["value"] == value), None) or next(
                (c for c in choices if c["name"] == value), None
            )
            if match is None:
                raise InvalidCommand(
                    f"{label}: {value!r} is not one of {[c['value'] for c in choices]}"
                )
            value = match["value"]
        lo, hi = opt.get("min_length"), opt.get("max_length")
        if lo is not None and len(value) < lo:
            raise InvalidCommand(f"{label}: shorter than min_length {lo}")
        if len(value) > (hi if hi is not None else 6000):
            raise InvalidCommand(f"{label}: longer than max_length {hi}")
        return value
    if t in (4, 10):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidCommand(f"{label}: expected a number, got {value!r}")
        if t == 4:
            if isinstance(value, float) and not value.is_integer():
                raise InvalidCommand(f"{label}: expected an integer, got {value!r}")
            value = int(value)
            if abs(value) > 2**53:
                raise InvalidCommand(f"{label}: integer out of range")
        if choices and value not in [c["value"] for c in choices]:
            raise InvalidCommand(
                f"{label}: {value!r} is not one of {[c['value'] for c in choices]}"
            )
        lo, hi = opt.get("min_value"), opt.get("max_value")
        if lo is not None and value < lo:
            raise InvalidCommand(f"{label}: {value} is below min_value {lo}")
        if hi is not None and value > hi:
            raise InvalidCommand(f"{label}: {value} is above max_value {hi}")
        return value
    if t == 5:
        if not isinstance(value, bool):
            raise InvalidCommand(f"{label}: expected True/False, got {value!r}")
        return value
    if t in (6, 9) and isinstance(value, SimMember | GuildMember | User):
        user = value.user if isinstance(value, SimMember | GuildMember) else value
        resolved.setdefault("users", {})[str(user.id)] = user.to_json()
        gm = guild.members.get(user.id) if guild else None
        if gm is not None:
            mj = gm.to_json(permissions=gm.base_permissions())
            mj.pop("user")
            resolved.setdefault("members", {})[str(user.id)] = mj
        return str(user.id)
    if t in (8, 9) and isinstance(value, Role):
        if guild is None or value.id not in guild.roles:
            raise InvalidCommand(f"{label}: role {value.name!r} is not in this guild")
        resolved.setdefault("roles", {})[str(value.id)] = value.to_json()
        return str(value.id)
    if t == 7 and isinstance(value, Channel):
        types = opt.get("channel_types")
        if types and value.type not in types:
            raise InvalidCommand(f"{label}: channel type {value.type} not in {types}")
        if guild is None or value.guild is not guild:
            raise InvalidCommand(f"{label}: channel #{value.name} is not in this guild")
        resolved.setdefault("channels", {})[str(value.id)] = {
            "id": str(value.id),
            "name": value.name,
            "type": value.type,
            "permissions": str(value.bot_perms()),
            "parent_id": None,
            "guild_id": str(guild.id),
        }
        return str(value.id)
    if t == 11 and isinstance(value, tuple) and len(value) == 2:
        filename, data = value
        att = emu.upload(filename, data)
        resolved.setdefault("attachments", {})[str(att.id)] = att.to_json(emu.http_base, 0)
        return str(att.id)
    raise InvalidCommand(
        f"{label}: cannot pass {value!r} (use a SimMember, Role, Channel or the right type)"
    )


class SimMember:
    """A simulated person in one guild. Methods send real interactions and await the bot."""

    def __init__(self, emu: Emulator, guild: Guild, member: GuildMember) -> None:
        self.emu = emu
        self.guild = guild
        self.member = member
        self.user = member.user
        self.id = member.user.id
        self.name = member.user.username
        self.dms_open = True
        self.last_modal: tuple[dict[str, Any], InteractionRecord] | None = None
        self.inbox: list[Message] = []

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    @property
    def roles(self) -> list[Role]:
        return self.member.roles

    @property
    def dm_channel(self) -> Channel:
        """This member's DM channel with the bot (``in_channel=`` for slash commands in DMs)."""
        return self.emu.dm_channel(self.user)

    def __repr__(self) -> str:
        return f"<SimMember {self.name} id={self.id}>"

    # -- voice ----------------------------------------------------------------------------------
    def join_voice(self, channel: Channel, *, self_mute: bool = False) -> None:
        """Join (or move to) a voice or stage channel, as the member's client would; refused as
        Discord's client refuses it without View Channel and Connect there."""
        if channel.type not in (VOICE, STAGE) or channel.guild is not self.guild:
            raise InvalidCommand(f"#{channel.name} is not a voice or stage channel of this guild")
        need = VIEW_CHANNEL | CONNECT
        if channel.permissions_for(self.member) & need != need:
            raise InvalidCommand(f"{self.name} may not connect to #{channel.name} (permissions)")
        self.emu.set_voice(self, channel, self_mute=self_mute)

    def leave_voice(self) -> None:
        """Hang up (a dropped connection looks the same to the bot)."""
        if self.id in self.guild.voice_states:
            self.emu.set_voice(self, None)

    # -- what the member sees -------------------------------------------------------------------
    def visible_messages(self, channel: Channel | None = None) -> list[Message]:
        """Messages in the channel she can see (public ones plus ephemerals meant for her)."""
        chan = channel or self._default_channel()
        return [m for m in chan.messages if m.visible_to(self.id)]

    def _default_channel(self) -> Channel:
        chans = self.guild.text_channels
        if not chans:
            raise EmulatorError(f"{self.guild.name} has no text channel; create one first")
        return chans[0]

    # -- typing in a channel --------------------------------------------------------------------
    async def say(self, content: str, *, in_channel: Channel | None = None) -> Message:
        """Post a plain message as this member (MESSAGE_CREATE to the bot)."""
        chan = in_channel or self._default_channel()
        msg = self.emu.create_message(chan, self.user, {"content": content}, [])
        await self.emu.idle()
        return msg

    async def dm(self, content: str) -> Message:
        """Send the bot a direct message."""
        chan = self.emu.dm_channel(self.user)
        msg = self.emu.create_message(chan, self.user, {"content": content}, [])
        await self.emu.idle()
        return msg

    # -- slash commands -------------------------------------------------------------------------
    def _build_command(
        self, path: str, options: dict[str, Any], focused: str | None = None, *, in_dm: bool = False
    ) -> tuple[dict[str, Any], str]:
        emu = self.emu
        guild = None if in_dm else self.guild
        cmd, sub = _find_command(emu, guild, path)
        contexts = cmd.get("contexts")
        if in_dm:
            if (contexts is not None and 1 not in contexts) or cmd.get("dm_permission") is False:
                raise InvalidCommand(f"/{cmd['name']} is not available in DMs")
        elif contexts is not None and 0 not in contexts:
            raise InvalidCommand(f"/{cmd['name']} is not available in servers")
        perms = cmd.get("default_member_permissions")
        if perms is not None and not in_dm:
            have = self.member.base_permissions()
            need = int(perms)
            if not have & ADMINISTRATOR and have & need != need:
                raise InvalidCommand(
                    f"/{cmd['name']} needs permissions {need} that {self.name} lacks; the client hides it"
                )
        defs, chain = _leaf_options(cmd, sub)
        where = "/" + " ".join([cmd["name"], *sub])
        by_name = {o["name"]: o for o in defs}
        unknown = set(options) - set(by_name)
        if unknown:
            raise InvalidCommand(
                f"{where}: unknown option(s) {sorted(unknown)}; it has {sorted(by_name)}"
            )
        resolved: dict[str, Any] = {}
        wire: list[dict[str, Any]] = []
        for opt in defs:
            name = opt["name"]
            if name not in options or options[name] is None:
                if opt.get("required") and name != focused:
                    raise InvalidCommand(f"{where}: required option {name!r} is missing")
                continue
            if name == focused:
                wire.append(
                    {
                        "name": name,
                        "type": opt["type"],
                        "value": str(options[name]),
                        "focused": True,
                    }
                )
                continue
            value = _check_value(emu, guild, where, opt, options[name], resolved)
            wire.append({"name": name, "type": opt["type"], "value": value})
        for entry in reversed(chain):
            wire = [{"name": entry["name"], "type": entry["type"], "options": wire}]
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": wire}
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data, where.lstrip("/")

    async def slash(
        self,
        command: str,
        *,
        in_channel: Channel | None = None,
        timeout: float = 5.0,
        **options: Any,
    ) -> InteractionResult:
        """Run ``/command`` ("group sub" for subcommands) with options; wait for the bot's answer.

        ``in_channel`` is where it is typed (default: the guild's first text channel; pass
        ``emu.dm_channel(alice.user)`` to use it in a DM with the bot).
        """
        chan = in_channel or self._default_channel()
        in_dm = chan.type == 1
        if in_dm and chan.recipient is not self.user:
            raise InvalidCommand(f"{self.name} cannot type in someone else's DM")
        if not in_dm:
            perms = chan.permissions_for(self.member)
            need = VIEW_CHANNEL | USE_APPLICATION_COMMANDS
            if perms & need != need:
                raise InvalidCommand(
                    f"{self.name} cannot use commands in #{chan.name} (permissions)"
                )
        data, name = self._build_command(command, options, in_dm=in_dm)
        rec = InteractionRecord(
            self.emu,
            type=2,
            user=self.user,
            channel=chan,
            guild=None if in_dm else self.guild,
            member=None if in_dm else self.member,
            data=data,
            command_name=name,
            sim=self,
        )
        return await self.emu.run_interaction(rec, timeout)

    async def autocomplete(
        self,
        command: str,
        focused: str,
        *,
        in_channel: Channel | None = None,
        timeout: float = 5.0,
        **options: Any,
    ) -> list[dict[str, Any]]:
        """Type into an autocomplete option; returns the choices the bot offered."""
        chan = in_channel or self._default_channel()
        if focused not in options:
            options[focused] = ""
        data, name = self._build_command(command, options, focused=focused)
        rec = InteractionRecord(
            self.emu,
            type=4,
            user=self.user,
            channel=chan,
            guild=self.guild,
            member=self.member,
            data=data,
            command_name=name,
            sim=self,
        )
        result = await self.emu.run_interaction(rec, timeout)
        return result.choices or []

    # -- components -----------------------------------------------------------------------------
    def _candidate_messages(self, message: Any, in_channel: Channel | None) -> list[Message]:
        if isinstance(message, InteractionResult):
            return list(reversed(message.messages))
        if isinstance(message, Message):
            return [message]
        if message is not None:
            raise TypeError("message must be a Message, an InteractionResult or None")
        msgs: list[Message] = []
        if in_channel is not None:
            msgs = self.visible_messages(in_channel)
        else:
            if self.guild.text_channels:
                msgs = self.visible_messages(self._default_channel())
            msgs = msgs + [m for m in self.inbox if not m.deleted]
        msgs.sort(key=lambda m: m.id, reverse=True)
        return msgs

    def _find_component(
        self, label: str, types: Iterable[int], message: Any, in_channel: Channel | None
    ) -> tuple[Message, dict[str, Any]]:
        types = set(types)
        for msg in self._candidate_messages(message, in_channel):
            for comp in iter_components(msg.components):
                if comp.get("type") not in types:
                    continue
                names = {comp.get("custom_id"), comp.get("label"), comp.get("placeholder")}
                emoji = (comp.get("emoji") or {}).get("name")
                if label in names or (emoji and label == emoji):
                    return msg, comp
        raise ComponentNotFound(
            f"{self.name} sees no component {label!r} on "
            + ("the given message" if message is not None else "recent messages")
        )

    async def click(
        self,
        label: str,
        message: Any = None,
        *,
        in_channel: Channel | None = None,
        timeout: float = 5.0,
    ) -> InteractionResult:
        """Press the button with this label (or custom_id) on the newest message that has one."""
        msg, comp = self._find_component(label, (2,), message, in_channel)
        if comp.get("disabled"):
            raise InvalidCommand(f"button {label!r} is disabled")
        if comp.get("style") in (5, 6):
            raise InvalidCommand(f"button {label!r} is a link/premium button: no interaction")
        data = {"custom_id": comp["custom_id"], "component_type": 2}
        return await self._component(msg, data, timeout)

    async def select(
        self,
        label: str,
        values: list[Any],
        message: Any = None,
        *,
        in_channel: Channel | None = None,
        timeout: float = 5.0,
    ) -> InteractionResult:
        """Pick values in the select with this placeholder or custom_id."""
        msg, comp = self._find_component(label, (3, 5, 6, 7, 8), message, in_channel)
        if comp.get("disabled"):
            raise InvalidCommand(f"select {label!r} is disabled")
        lo, hi = comp.get("min_values", 1), comp.get("max_values", 1)
        if not lo <= len(values) <= hi:
            raise InvalidCommand(f"select {label!r} takes {lo}..{hi} values, got {len(values)}")
        ctype = comp["type"]
        resolved: dict[str, Any] = {}
        wire: list[str] = []
        if ctype == 3:
            allowed = {o["value"]: o for o in comp.get("options", [])}
            by_label = {o["label"]: o["value"] for o in comp.get("options", [])}
            for v in values:
                v = v if v in allowed else by_label.get(v, v)
                if v not in allowed:
                    raise InvalidCommand(
                        f"select {label!r}: {v!r} is not an option ({list(allowed)})"
                    )
                wire.append(v)
        else:
            opt_type = {5: 6, 6: 8, 7: 9, 8: 7}[ctype]
            for v in values:
                wire.append(
                    _check_value(
                        self.emu,
                        self.guild,
                        f"select {label!r}",
                        {"type": opt_type, "name": "value"},
                        v,
                        resolved,
                    )
                )
        data: dict[str, Any] = {
            "custom_id": comp["custom_id"],
            "component_type": ctype,
            "values": wire,
        }
        if resolved:
            data["resolved"] = resolved
        return await self._component(msg, data, timeout)

    async def _component(
        self, msg: Message, data: dict[str, Any], timeout: float
    ) -> InteractionResult:
        if msg.author.id != self.emu.bot_user_id:
            raise InvalidCommand("that message is not from the bot")
        guild = self.guild if msg.channel.guild is not None else None
        rec = InteractionRecord(
            self.emu,
            type=3,
            user=self.user,
            channel=msg.channel,
            guild=guild,
            member=self.member if guild else None,
            data=data,
            message=msg,
            sim=self,
        )
        return await self.emu.run_interaction(rec, timeout)

    # -- modals ---------------------------------------------------------------------------------
    async def submit_modal(
        self, values: dict[str, str], modal: Any = None, *, timeout: float = 5.0
    ) -> InteractionResult:
        """Fill and submit the last modal shown to this member (fields by custom_id or label)."""
        if isinstance(modal, InteractionResult):
            source = modal._rec
            modal_data = source.modal
        elif modal is None and self.last_modal is not None:
            modal_data, source = self.last_modal
        else:
            modal_data, source = modal, None
        if not modal_data:
            raise EmulatorError(f"no modal was shown to {self.name}")
        remaining = dict(values)
        out_rows: list[dict[str, Any]] = []
        for top in modal_data.get("components", []):
            if top.get("type") == 18:
                inner = top.get("component") or {}
                label = top.get("label")
                sub = self._fill_input(inner, label, remaining)
                if sub is not None:
                    out_rows.append({"type": 18, "id": top.get("id", 0), "component": sub})
            else:
                comps = []
                for inner in top.get("components", []):
                    sub = self._fill_input(inner, inner.get("label"), remaining)
                    if sub is not None:
                        comps.append(sub)
                out_rows.append({"type": 1, "components": comps})
        if remaining:
            raise InvalidCommand(
                f"modal {modal_data.get('title')!r} has no field(s) {sorted(remaining)}"
            )
        self.last_modal = None
        data = {"custom_id": modal_data["custom_id"], "components": out_rows}
        chan = source.channel if source else self._default_channel()
        msg = source.message if source else None
        guild = self.guild if chan.guild is not None else None
        rec = InteractionRecord(
            self.emu,
            type=5,
            user=self.user,
            channel=chan,
            guild=guild,
            member=self.member if guild else None,
            data=data,
            message=msg,
            sim=self,
        )
        return await self.emu.run_interaction(rec, timeout)

    def _fill_input(
        self, comp: dict[str, Any], label: str | None, remaining: dict[str, str]
    ) -> dict[str, Any] | None:
        ctype = comp.get("type")
        cid = comp.get("custom_id")
        key = cid if cid in remaining else (label if label in remaining else None)
        if ctype == 4:
            value = remaining.pop(key) if key is not None else (comp.get("value") or "")
            required = comp.get("required", True)
            if required and not value:
                raise InvalidCommand(f"modal field {label or cid!r} is required")
            lo, hi = comp.get("min_length"), comp.get("max_length")
            if value and lo is not None and len(value) < lo:
                raise InvalidCommand(f"modal field {label or cid!r}: shorter than {lo}")
            if hi is not None and len(value) > hi:
                raise InvalidCommand(f"modal field {label or cid!r}: longer than {hi}")
            return {"type": 4, "custom_id": cid, "value": value}
        if ctype in (3, 5, 6, 7, 8):
            vals = remaining.pop(key) if key is not None else []
            if isinstance(vals, str):
                vals = [vals]
            return {"type": ctype, "custom_id": cid, "values": list(vals)}
        return None
