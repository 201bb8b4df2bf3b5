"""The discord.py Bot: setup_hook opens the store, loads the cogs, syncs commands, starts the scheduler."""

from __future__ import annotations

import hashlib
import json
import logging
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import discord
from discord.ext import commands

import cogs
from bot import (
    collector,
    discord_patches,
    gate,
    pacing,
    permissions,
    private_logs,
    rendering,
    roster_notices,
)
from bot.access import no_trainees, readers_words, role_members, trainee_readers
from bot.clock import Clock, SystemClock
from bot.errors import CommandTree
from bot.members import MemberLists
from bot.pacing import Pacer
from bot.scheduling import (
    NONCE_TRUSTED,
    Delivery,
    Scheduler,
    each_utc,
    earlier_attempt,
    nonce_for,
    retrying_since,
)
from bot.secret_key import has_data, load_or_create_key
from bot.settings import Settings
from bot.shards import IdentifyGate, Readiness, shard_of
from bot.store import meta, notices
from bot.store.db import Database
from bot.store.groups import Group, get_group, members
from bot.store.sessions import Session

log = logging.getLogger(__name__)

AgendaPart = Callable[[Session], Awaitable[list[str]]]
SessionListener = Callable[[Session, str], Awaitable[None]]
CaseCounter = Callable[[Session], Awaitable[set[int]]]


@dataclass
class Hooks:
    """How capabilities contribute to each other without importing each other.

    - agenda_parts: lines for a session's agenda post (named presenters, approved draft themes);
    - case_holders: members who have a case in mind for a session (the T-72h count is their union);
    - cases_prepared: how many cases are ready for a session without a name on the rota (approved
      anonymous drafts): a case is coming, so nobody is nudged and the leaders get no "No case yet";
    - session_changed: told after a session is moved, skipped, cancelled or restored
      (the second argument is that word), e.g. to carry or release volunteers;
    - member_left: told after a trainee leaves a group's roster;
    - group_closing: told just before a group is closed and its rows deleted (/group close), to
      take down what Discord still shows of it (events, draft cards);
    - group_closed: told after a group has closed and everything its leaders and members see
      of the close is done (exports, closing message, the answer), for what is private to one
      member (their reflective log, their DMs about a draft): done in between, its time would
      show in the gaps the leaders watch, and say how many such members there were;
    - forget_member: told when a member erases their data (/forgetme), before the rows naming
      them go, to erase what only a capability can find (their open anonymous drafts);
    - member_data: asked for a member's sections of /mydata that only a capability can read
      (e.g. their private reflections), as {section name: rows}.
    """

    agenda_parts: list[AgendaPart] = field(default_factory=list)
    case_holders: list[CaseCounter] = field(default_factory=list)
    cases_prepared: list[Callable[[Session], Awaitable[int]]] = field(default_factory=list)
    session_changed: list[SessionListener] = field(default_factory=list)
    # told after a member leaves a group's roster (group id, user id), e.g. to release their offers
    member_left: list[Callable[[int, int], Awaitable[None]]] = field(default_factory=list)
    # told with the group's id before /group close deletes it
    group_closing: list[Callable[[int], Awaitable[None]]] = field(default_factory=list)
    # told with the (now closed) group's id once the close is over
    group_closed: list[Callable[[int], Awaitable[None]]] = field(default_factory=list)
    # told with the user's id when they erase their data, before their rows go
    forget_member: list[Callable[[int], Awaitable[None]]] = field(default_factory=list)
    member_data: list[Callable[[int], Awaitable[dict[str, Any]]]] = field(default_factory=list)


# What a scheduled post needs in a channel, named as Discord names it in the channel's settings.
POST_PERMISSIONS = (("view_channel", "View Channel"), ("send_messages", "Send Messages"))
MISSING_PERMISSION = (
    "I cannot post in <#{channel}>: my role needs the **{permission}** permission there. The "
    "group's scheduled messages for that channel are held back until then; everything else keeps "
    "working. To fix it: the channel's settings → Permissions → my role → allow **{permission}**. "
    "I try again every few minutes and send what is still useful."
)
OPEN_LEADERS_CHANNEL = (
    "I no longer post the group's leaders-only messages in <#{channel}>: {readers} can read it "
    "(**View Channel**). Drift-away alerts, presenting notices, the year's exports and my other "
    "notices for the leaders come to each of you by private message instead, and new anonymous "
    "drafts wait for you in /draft review. To have them in that channel again, make it private: "
    "its settings → Permissions → @everyone: deny **View Channel**; allow it for the leaders' "
    "role and for me."
)
SHUT_OUT_OF_LEADERS_CHANNEL = (
    "I can no longer post in <#{channel}>, the group's leaders' channel: {why}. Until I can, "
    "drift-away alerts, presenting notices, the year's exports and my other notices for the "
    "leaders come to each of you by private message, as this one does, and new anonymous drafts "
    "wait for you in /draft review. {fix}"
)
LEADERS_CHANNEL_GONE = "it has been deleted (or I can no longer find it)"
LEADERS_CHANNEL_FIX = (
    "To have them there again: its settings → Permissions → my role (or me): allow View "
    "Channel, Send Messages, Embed Links, Read Message History and Attach Files."
)
LEADERS_CHANNEL_NEW = (
    "To have them in a channel again: `/group edit leaders_channel:` with a private channel "
    "that I may post in; or leave it so, and the private messages go on."
)
REFUSED_POST = (
    "Discord refused one of my scheduled posts ({kind}) for a missing permission. Please check "
    "that my role may view the channel, send messages and embed links in <#{channel}>."
)


def unfinished_work() -> int:
    """Work the bot's process has begun and not finished: requests queued or under way (the
    pacer's) and documents being made (the rendering worker's). The emulator's idle() waits for
    them (its `busy` probe), so "nothing is happening" means the bot is done, not only quiet."""
    return pacing.outstanding() + rendering.outstanding()


def extension_names() -> list[str]:
    """Every capability in cogs/: one package (or module) each; names starting with _ are private."""
    return sorted(
        f"cogs.{m.name}" for m in pkgutil.iter_modules(cogs.__path__) if not m.name.startswith("_")
    )


def intents(settings: Settings | None = None) -> discord.Intents:
    """Guilds (channels, roles) and members (rosters from a role, names for leaders); no message
    content. Voice states only when the host turned voice attendance on: otherwise the bot never
    learns who is in which voice channel."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.members = True
    chosen.guild_scheduled_events = True
    chosen.voice_states = bool(settings and settings.sessions.voice_attendance)
    return chosen


async def open_storage(
    settings: Settings,
    key: bytes | None = None,
    *,
    new_database: bool = False,
    new_key: bool = False,
) -> tuple[Database, bytes]:
    """The key and the store, checked to belong together; SecretKeyError or StorageError (whose
    message says what the host should do) otherwise. Called before connecting to Discord too,
    so damaged storage stops the start at once, with or without a network."""
    path = settings.database_path
    key_file = settings.key_file_path
    first_key = key is None and not key_file.exists()
    if key is None:
        key = load_or_create_key(key_file, path, new_database=new_database, new_key=new_key)
    try:
        db = await Database.open(path, busy_timeout_ms=settings.database.busy_timeout_ms)
    except BaseException:
        if first_key and key_file.exists() and not has_data(path):
            key_file.unlink()  # a failed first start leaves no key without its database
        raise
    try:
        await db.check_key(key, adopt=new_key)
    except BaseException:
        await db.close()
        raise
    return db, key


class BalintBot(commands.AutoShardedBot):
    """The bot. Everything it knows lives in `self.db`; everything timed in `self.scheduler`.

    Sharded (bot/shards.py): as many gateway sessions as Discord recommends, or
    `[discord] shard_count`; one shard below 1,000 servers or so. The store, the scheduler and
    the pacer are one for all shards."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        key: bytes | None = None,
        force_sync: bool = False,
        start_scheduler: bool = True,
        new_database: bool = False,
        new_key: bool = False,
        settle_memory: bool = False,
        **options: Any,
    ) -> None:
        options.setdefault("guild_ready_timeout", settings.discord.guild_ready_timeout)
        # members are listed over REST (bot/members.py), not asked of the gateway at start-up
        options.setdefault("chunk_guilds_at_startup", False)
        options.setdefault("shard_count", settings.discord.shard_count or None)
        # The bot never joins a voice channel: discord.py's start-up warnings that PyNaCl and
        # davey (voice encryption) are missing would only alarm a host, so they are switched off.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(settings),
            tree_cls=CommandTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=True),
            **options,
        )
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self._key = key
        self.force_sync = force_sync
        self.start_scheduler = start_scheduler
        # the host's explicit consent to start without the database / key of the other (CLI flags)
        self.new_database = new_database
        self.new_key = new_key
        self.db: Database
        self.scheduler: Scheduler
        self.synced = False
        self.hooks = Hooks()
        discord_patches.check()  # the patches below are for one discord.py: refuse another
        # Everything the bot sends on its own is paced below Discord's global limit.
        self.pacer = Pacer()
        self.pacer.install(self.http)
        # the running bot sets the gateway's cache aside at each READY and tunes the collector
        # (bot/collector.py; not in tests: a test process would keep every test's bot)
        self._settle_memory = settle_memory
        self.identify_gate = IdentifyGate()  # told max_concurrency in launch_shards
        self.readiness = Readiness()
        self.member_lists = MemberLists()
        self._was_ready = False  # every shard has been ready once (discord.py's on_ready)

    @property
    def key(self) -> bytes:
        """The anonymity key (never stored in the database)."""
        assert self._key is not None, "the key is loaded in setup_hook"
        return self._key

    def now(self) -> datetime:
        return self.clock.now()

    async def setup_hook(self) -> None:
        # the de-identification worker (bot/gate.py) loads the gate's lists while the bot logs in
        # and connects, before a member's first free text needs them: started at READY, it was
        # still loading when the first forms came (1.6-4.9 s on a busy host, past Discord's 3 s)
        gate.start()
        private_logs.install()
        discord_patches.tolerate_already_acknowledged(self)
        discord_patches.answer_stale_screens(self)
        self.db, self._key = await open_storage(
            self.settings, self._key, new_database=self.new_database, new_key=self.new_key
        )
        self.scheduler = Scheduler(self.db, self.clock, self.settings.scheduler)
        self.scheduler.on_forbidden = self.report_missing_permission
        self.scheduler.on_sent = self._posting_works
        self.scheduler.in_server = self.in_server
        self.scheduler.until_ready = self._server_ready
        for name in extension_names():
            await self.load_extension(name)
        await self.sync_commands(force=self.force_sync)
        if not self.start_scheduler:
            return
        # Deliveries wait for READY: handlers find channels in the cache, which is empty until the
        # gateway's GUILD_CREATE, so a post overdue after downtime found "no channel" here and
        # went to the leaders' DMs or was recorded as skipped.
        self.scheduler.hold()
        self.scheduler.start()
        if self._settle_memory:  # what was set aside and died since is freed once a night
            self.scheduler.aps.add_job(
                self._set_aside,
                each_utc(hour=collector.NIGHTLY.hour, minute=collector.NIGHTLY.minute),
                id="collector-nightly",
                replace_existing=True,
            )
        # what a member's private path did not log then (private_logs.unattributed), hourly
        self.scheduler.aps.add_job(self._report_held, each_utc(minute=0), id="held-log-lines")
        # DMs of a notice to members that a stop or Discord's trouble left (bot/roster_notices)
        self.scheduler.aps.add_job(self._send_notices, each_utc(minute=0), id="member-notices")
        planned = await self.scheduler.reconcile()
        log.info("ready to schedule: %d posts planned", planned)

    async def launch_shards(self) -> None:
        """Ask Discord how many shards to start (unless `[discord] shard_count` says) and how
        many may IDENTIFY at once, then start them (discord.py, one after another)."""
        recommended, _url, limits = await self.http.get_bot_gateway()
        self.identify_gate = IdentifyGate(limits["max_concurrency"])
        if self.shard_count is None:
            self.shard_count = recommended
        shard_ids = list(self.shard_ids or range(self.shard_count))
        self.readiness.expect(shard_ids)
        log.info(
            "starting %d shard(s) (Discord recommends %d), %d at a time; %d session starts left today",
            len(shard_ids),
            recommended,
            self.identify_gate.max_concurrency,
            limits["remaining"],
        )
        if limits["remaining"] < len(shard_ids):
            log.warning(
                "only %d session starts left today for %d shards: past Discord's daily limit it "
                "resets the bot's token",
                limits["remaining"],
                len(shard_ids),
            )
        await super().launch_shards()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Wait only as long as Discord's IDENTIFY limit says (not discord.py's flat 5 s)."""
        await self.identify_gate.wait(shard_id)

    async def on_shard_connect(self, shard_id: int) -> None:
        """A shard's fresh session (READY, not a resume): its servers are being filled in."""
        self.readiness.starting(shard_id)

    async def on_shard_ready(self, shard_id: int) -> None:
        self.readiness.ready(shard_id)
        if hasattr(self, "scheduler"):
            self.scheduler.release()  # deliveries then wait for their own server's shard
        if self._settle_memory and self._was_ready:  # a shard's fresh session: a new cache
            collector.set_aside()

    async def on_ready(self) -> None:
        if self._was_ready:
            return  # every shard started afresh since: each set its cache aside itself
        self._was_ready = True
        if hasattr(self, "scheduler"):
            self.scheduler.release()
            if self.start_scheduler:
                await self._send_notices()
        if self._settle_memory:  # start-up's cache, every shard's (bot/collector.py)
            collector.set_aside()
            collector.tune()

    async def _send_notices(self) -> None:
        # a tracked task: shutdown waits for it, tests and the sandbox see it
        self.scheduler.spawn(roster_notices.send_pending(self))

    async def _report_held(self) -> None:
        private_logs.report_held(log)

    async def _set_aside(self) -> None:
        collector.set_aside()  # a coroutine: APScheduler runs it on the event loop, not a thread

    async def _server_ready(self, session: Session) -> None:
        """A delivery waits while its server's shard refills the cache (a fresh session)."""
        if self.readiness.all_ready() or not self.shard_count:
            return
        from bot.store.groups import get_group

        group = await get_group(self.db, session.group_id)
        if group is not None:
            await self.readiness.wait(shard_of(group.guild_id, self.shard_count))

    async def on_guild_available(self, guild: discord.Guild) -> None:
        self.member_lists.fill(guild)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        self.member_lists.fill(guild)

    async def close(self) -> None:
        private_logs.report_held(log)  # at a stop too: not lost with the process
        if self._settle_memory:
            collector.untune()  # nothing of this bot's is left in the process's collector
        await self.member_lists.close()
        if hasattr(self, "scheduler"):
            await self.scheduler.shutdown()
        await super().close()
        if hasattr(self, "db"):
            await self.db.close()

    # -- command sync ------------------------------------------------------------------------

    def command_tree_hash(self, guild: discord.abc.Snowflake | None = None) -> str:
        payload = [c.to_dict(self.tree) for c in self.tree.get_commands(guild=guild)]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    async def sync_commands(self, *, force: bool = False) -> bool:
        """Sync application commands only when the tree changed since the last sync (or forced)."""
        targets: list[discord.Object | None] = [
            discord.Object(g) for g in self.settings.discord.dev_guild_ids
        ] or [None]
        synced_any = False
        for guild in targets:
            if guild is not None:
                self.tree.copy_global_to(guild=guild)
            digest = self.command_tree_hash(guild)
            key = f"command_tree_hash:{self.application_id}:{guild.id if guild else 'global'}"
            if not force and await meta.get(self.db, key) == digest:
                continue
            await self.tree.sync(guild=guild)
            await meta.put(self.db, key, digest)
            synced_any = True
            log.info("application commands synced (%s)", guild.id if guild else "global")
        self.synced = synced_any
        return synced_any

    # -- helpers used by every capability ---------------------------------------------------

    async def session_changed(self, session: Session, change: str) -> None:
        """Everything that follows a change to a session's row (by /schedule or /group edit).

        The row is already updated; re-time its posts, then tell every capability in order
        (the sessions capability registers first: its native event and posts already out).
        """
        await self.scheduler.reschedule_session(session.id)
        for listener in list(self.hooks.session_changed):
            try:
                await listener(session, change)
            except Exception:
                log.exception("a session_changed listener failed for session %s", session.id)

    async def group_closing(self, group_id: int) -> None:
        """Tell every capability a group is about to close; one failing does not stop the rest."""
        for listener in list(self.hooks.group_closing):
            try:
                await listener(group_id)
            except Exception:
                log.exception("a group_closing listener failed for group %s", group_id)

    async def group_closed(self, group_id: int) -> None:
        """Tell every capability a group's close is over (see Hooks.group_closed)."""
        for listener in list(self.hooks.group_closed):
            try:
                await listener(group_id)
            except Exception:
                log.exception("a group_closed listener failed for group %s", group_id)

    async def send_dm(
        self, user_id: int, content: str | None = None, **kwargs: Any
    ) -> discord.Message | None:
        """A private message; None if the member blocks DMs. Not logged: a failed DM at the
        moment of an anonymous action (a leader's question, the feedback reminder) would tell a
        log reader who knows whose DMs are closed who the author is, or who had not answered."""
        since = None
        if kwargs.get("nonce") is not None:
            # Discord drops a repeat by nonce per author (the bot), in any channel: one nonce for
            # several recipients (each leader, each trainee reminded) would deliver the first only
            kwargs["nonce"] = nonce_for(user_id, f"dm:{kwargs['nonce']}")
            since = earlier_attempt()  # a retry after the nonce lapsed: look first
        try:
            user = self.get_user(user_id) or await self.fetch_user(user_id)
            if since is not None and content:
                channel = user.dm_channel or await user.create_dm()
                earlier = await self.earlier_post(channel, content, since)
                if earlier is not None:
                    return earlier
            return await user.send(content, **kwargs)
        except (discord.Forbidden, discord.NotFound):
            return None

    async def earlier_post(
        self, channel: discord.abc.Messageable, content: str, since: datetime
    ) -> discord.Message | None:
        """The bot's own message in ``channel`` since ``since`` that begins as ``content`` does:
        what an attempt posted before a crash, once Discord's nonce no longer de-duplicates it
        (Discord keeps no nonce with a message, so its first line is what identifies it)."""
        first = content.split("\n", 1)[0]
        after = discord.Object(discord.utils.time_snowflake(since - timedelta(seconds=1)))
        try:
            async for message in channel.history(after=after, limit=100, oldest_first=True):
                if message.author == self.user and message.content.split("\n", 1)[0] == first:
                    return message
        except discord.Forbidden:
            return None  # cannot read back: post (a repeat is better than nothing)
        return None

    async def notify_leaders_once(self, group_id: int, key: str, content: str) -> bool:
        """Tell a group's leaders something once (e.g. a missing permission); False if told before.

        Decided, sent with a nonce made from the decision, then marked sent: if the process dies
        in between, the next attempt (the refused post's retry) sends it again and Discord drops
        a repeat.
        """
        decided = await notices.decide_notice(self.db, group_id, key, self.now())
        if decided is None:
            return False
        nonce = nonce_for(group_id, f"notice:{key}:{decided}")
        since = datetime.fromisoformat(decided)  # an attempt that died: look for it first
        with retrying_since(since if self.now() - since > NONCE_TRUSTED else None):
            await self.tell_leaders(group_id, content, nonce=nonce)
        await notices.notice_sent(self.db, group_id, key)
        return True

    async def report_missing_permission(self, delivery: Delivery) -> None:
        """Discord refused a scheduled post (403): tell the group's leaders exactly which
        permission to grant, once per channel and permission (not at every retry or every week)."""
        group = await get_group(self.db, delivery.session.group_id)
        if group is None:
            return
        found = False
        for channel_id in (group.channel_id, group.leaders_channel_id):
            channel = self.get_channel(channel_id) if channel_id else None
            if not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
                continue
            me = channel.guild.me
            if me is None:
                continue
            have = channel.permissions_for(me)
            for attr, name in POST_PERMISSIONS:
                if not getattr(have, attr):
                    found = True
                    await self.notify_leaders_once(
                        group.id,
                        f"missing:{attr}:{channel.id}",
                        MISSING_PERMISSION.format(channel=channel.id, permission=name),
                    )
                    break  # without View Channel, Send Messages is moot
        if not found:
            await self.notify_leaders_once(
                group.id,
                f"refused:{delivery.kind}",
                REFUSED_POST.format(kind=delivery.kind, channel=group.channel_id),
            )

    async def resolve_notices(self, group_id: int, *patterns: str) -> None:
        """A problem the leaders were told about is over: if it comes back, they are told again.

        Patterns are SQL LIKE patterns of notice keys, e.g. "missing:pin_messages".
        """
        for pattern in patterns:
            await notices.resolve(self.db, group_id, pattern)

    async def _posting_works(self, delivery: Delivery, channel_id: int | None) -> None:
        """A scheduled post went out: any missing-permission notice for its channel is over."""
        if channel_id is not None:
            await self.resolve_notices(
                delivery.session.group_id, f"missing:%:{channel_id}", f"refused:{delivery.kind}"
            )

    def in_server(self, channel_id: int) -> bool:
        """A channel of a server (not a private message, nor one unknown): only such a channel
        is written to the store beside what was posted there."""
        return isinstance(self.get_channel(channel_id), discord.abc.GuildChannel | discord.Thread)

    async def leaders_only_channel(
        self, group: Group
    ) -> discord.TextChannel | discord.Thread | None:
        """The group's leaders' channel if the bot can post there and no trainee (nor @everyone)
        can read it now, else None. Checked before each post, as permissions change after
        /group setup: if the channel has become readable, or the bot is shut out of it (a
        permission taken away, the channel deleted), the leaders are told once, privately, why
        their notices now come to them by private message and what to do (and told again if it
        happens again later)."""
        health = await self.leaders_channel_health(group)
        if health.channel is not None:
            await self.resolve_notices(group.id, *health.keys)
            return health.channel
        if health.key is not None and health.problem is not None:
            await self._tell_leaders_channel_trouble(group.id, health.key, health.problem)
        return None

    async def leaders_channel_health(self, group: Group) -> LeadersChannel:
        """Whether the bot can use the group's leaders' channel now, and if not why, in words
        for the leaders (/group show says it too); nothing is sent."""
        channel_id = group.leaders_channel_id
        if not channel_id:
            return LeadersChannel(None, None, None)
        shut = f"leaders-channel-shut:{channel_id}"
        opened = f"leaders-channel-open:{channel_id}"
        channel = self.get_channel(channel_id)
        if channel is None:
            if await self._channel_gone(group.guild_id, channel_id):
                return LeadersChannel(None, shut, _shut_out(channel_id))
            return LeadersChannel(None, None, None)  # a server not loaded yet: nothing to say
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            return LeadersChannel(None, None, None)
        missing = permissions.missing_in(
            channel.permissions_for(channel.guild.me), permissions.ESSENTIAL_IN_CHANNEL
        )
        if missing:
            return LeadersChannel(None, shut, _shut_out(channel_id, missing))
        roster = await members(self.db, group.id)
        who = await no_trainees(
            self.db,
            group.guild_id,
            trainee_role_id=group.trainee_role_id,
            trainee_ids=[m.user_id for m in roster if m.role == "trainee"],
            leader_ids=[m.user_id for m in roster if m.role == "leader"]
            + [m.id for m in role_members(channel.guild, group.leader_role_id)],
        )
        readers = trainee_readers(channel, who)
        if readers:
            text = OPEN_LEADERS_CHANNEL.format(channel=channel.id, readers=readers_words(readers))
            return LeadersChannel(None, opened, text)
        return LeadersChannel(channel, None, None, keys=(shut, opened))

    async def _channel_gone(self, guild_id: int, channel_id: int) -> bool:
        """A channel missing from a loaded server: asked of Discord (a thread may only be out of
        the cache); True if Discord has no such channel or lets the bot see it no more."""
        guild = self.get_guild(guild_id)
        if guild is None or guild.unavailable:
            return False
        try:
            await self.fetch_channel(channel_id)
        except (discord.NotFound, discord.Forbidden):
            return True
        except discord.HTTPException:
            return False
        return False

    async def _tell_leaders_channel_trouble(self, group_id: int, key: str, text: str) -> None:
        """Tell the leaders once, by private message, why the channel is not used."""
        decided = await notices.decide_notice(self.db, group_id, key, self.now())
        if decided is None:
            return
        await self._dm_leaders(
            group_id,
            text,
            nonce=nonce_for(group_id, f"notice:{key}:{decided}"),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        await notices.notice_sent(self.db, group_id, key)

    async def tell_leaders(
        self,
        group_id: int,
        content: str,
        *,
        files: Callable[[], list[discord.File]] | None = None,
        unreached: list[int] | None = None,
        raise_trouble: bool = False,
        **kwargs: Any,
    ) -> Told:
        """Post to the leaders-only channel if the group has one that no trainee can read now,
        else DM each leader. `files` makes fresh attachments for each send (a send uses them).
        Leaders whose DMs are closed are added to `unreached`, for a caller who can tell someone.
        If the channel refuses the post, it goes by DM; other trouble there (a 5xx) does too,
        unless `raise_trouble` (a scheduled post, retried with the same nonce)."""
        group = await get_group(self.db, group_id)
        if group is None:
            return Told(False, None)
        channel = await self.leaders_only_channel(group)
        since = earlier_attempt() if kwargs.get("nonce") is not None else None
        if channel is not None and since is not None:
            earlier = await self.earlier_post(channel, content, since)
            if earlier is not None:  # a retry after the nonce lapsed: it went out before
                return Told(True, earlier)
        if channel is not None:
            try:
                attached: dict[str, Any] = {"files": files()} if files is not None else {}
                return Told(True, await channel.send(content, **kwargs, **attached))
            except discord.HTTPException as error:
                if raise_trouble and not isinstance(error, discord.Forbidden | discord.NotFound):
                    raise
                log.warning("group %s: cannot post in the leaders' channel; sending DMs", group_id)
                if isinstance(error, discord.Forbidden | discord.NotFound):
                    # refused though it looked usable (a permission the check does not know)
                    await self._tell_leaders_channel_trouble(
                        group_id,
                        f"leaders-channel-shut:{channel.id}",
                        _shut_out(channel.id, refused=True),
                    )
        last = await self._dm_leaders(group_id, content, files=files, unreached=unreached, **kwargs)
        return Told(False, last)

    async def _dm_leaders(
        self,
        group_id: int,
        content: str,
        *,
        files: Callable[[], list[discord.File]] | None = None,
        unreached: list[int] | None = None,
        **kwargs: Any,
    ) -> discord.Message | None:
        """The same private message to each of the group's listed leaders; the last one sent."""
        last = None
        for leader in await members(self.db, group_id, role="leader"):
            attached: dict[str, Any] = {"files": files()} if files is not None else {}
            sent = await self.send_dm(leader.user_id, content, **kwargs, **attached)
            if sent is None and unreached is not None:
                unreached.append(leader.user_id)
            last = sent or last
        return last


@dataclass(frozen=True)
class LeadersChannel:
    """The leaders' channel as the bot finds it: `channel` if usable; else the notice's `key`
    and the `problem` in words for the leaders (both None: no channel, or nothing to say yet).
    `keys`: the notices a usable channel ends."""

    channel: discord.TextChannel | discord.Thread | None
    key: str | None
    problem: str | None
    keys: tuple[str, ...] = ()


def _shut_out(channel_id: int, missing: list[str] | None = None, *, refused: bool = False) -> str:
    """The leaders' notice: the bot cannot post in their channel, why, and what to do."""
    if refused:
        why = "Discord refused my post there (a permission is missing)"
    elif missing:
        why = f"my role lacks {', '.join(f'**{m}**' for m in missing)} there"
    else:
        why = LEADERS_CHANNEL_GONE
    fix = LEADERS_CHANNEL_NEW if not (missing or refused) else LEADERS_CHANNEL_FIX
    return SHUT_OUT_OF_LEADERS_CHANNEL.format(channel=channel_id, why=why, fix=fix)


@dataclass(frozen=True)
class Told:
    """Where tell_leaders put it: in the leaders' channel, or privately to each leader; the
    channel's message, or the last private one (None if nobody could be reached)."""

    in_channel: bool
    message: discord.Message | None


def ours(interaction: discord.Interaction) -> discord.Interaction[BalintBot]:
    """The interaction typed as this bot's, so `interaction.client` is the BalintBot: discord.py
    hands buttons an Interaction of any Client (bot.errors.GuardedItem passes them this)."""
    if not isinstance(interaction.client, BalintBot):
        raise TypeError(f"an interaction of {type(interaction.client).__name__}, not the bot's")
    return cast("discord.Interaction[BalintBot]", interaction)


def bot_of(interaction: discord.Interaction) -> BalintBot:
    """The bot behind a form's interaction (discord.py types a Modal's as any Client's)."""
    return ours(interaction).client
