"""Native Discord scheduled events mirroring the sessions: one event per session (not a recurring
rule: apps cannot give a series an end), kept for the next settings.sessions.events_ahead sessions
of each group, moved with a session, cancelled when it is skipped or cancelled. A server holds at
most 100 upcoming events: a busy server's share goes to the nearest sessions first
(bot.domain.events), and the leaders are told plainly when their next session finds no room.

The store is the truth (sessions.event_id links an event); `sync` rebuilds what should exist and is
safe to run any time. An event created just before a crash, whose id was never stored, is found
again by its name, start and creator and adopted instead of being created twice. Without the Create
Events permission the leaders are told once, exactly what to grant, and everything else goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from datetime import timedelta

import discord

from bot.app import BalintBot
from bot.domain.events import nearest_first, room_for_bot
from bot.permissions import EVENTS
from bot.store import notices
from bot.store import schedule as sched_store
from bot.store.groups import Group, all_groups, get_group, groups_in_guild
from bot.store.sessions import Session

log = logging.getLogger("cogs.sessions")

MISSING_KEY = "missing:create_events"  # the leaders' notice of the missing permission
FULL_KEY = "full:events"  # the leaders' notice that the server's events are full
SERVER_FULL = 30038  # Discord: "Maximum number of uncompleted guild scheduled events reached"
TOO_SOON = timedelta(minutes=5)  # an event for a session this close to its start is not created

MISSING_PERMISSION = (
    "I could not add {name}'s sessions to the server's Events: my role needs the "
    f"**{EVENTS.name}** permission (Server Settings → Roles → my role → {EVENTS.name}; since "
    "February 2026 Manage Events alone is not enough). Everything else works without it, and the "
    "events appear once it is granted."
)

SERVER_FULL_NOTICE = (
    "{name}'s next session has no event in the server's Events, because the server's Events are "
    "full: Discord allows 100 upcoming events per server, and the groups' sessions and the "
    "server's own events take them (I leave the last 10 places to the server's people). Nothing "
    "else is affected: the agenda, the check-in and the reminders go out as usual. To make room, "
    "a moderator can delete events nobody needs (Events, at the top of the channel list); the "
    "session's event then appears by itself."
)


class EventKeeper:
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        self._lock = asyncio.Lock()

    # -- the whole picture -----------------------------------------------------------------------

    async def sync(self) -> None:
        """Cancel events of sessions that will not meet; create or correct the next few."""
        async with self._lock:
            db = self.bot.db
            groups = {g.id: g for g in await all_groups(db)}  # one query, not one a group
            for session in await sched_store.sessions_with_dropped_events(db):
                group = groups.get(session.group_id)
                if group is not None:
                    await self._cancel(group, session)
            due = await sched_store.sessions_due_events(
                db, self.bot.now(), self.bot.settings.sessions.events_ahead
            )
            by_group: dict[int, list[Session]] = defaultdict(list)
            for session in due:
                by_group[session.group_id].append(session)
            # Each guild has its own rate-limit bucket for events: guilds go side by side, the
            # groups of one guild one after another (the pacer ranks all this as background).
            work: dict[int, list[tuple[Group, list[Session]]]] = defaultdict(list)
            guilds: dict[int, discord.Guild] = {}
            told = await notices.groups_told(db, MISSING_KEY)
            for group_id, sessions in by_group.items():
                group = groups.get(group_id)
                guild = await self._guild(group, told=group_id in told) if group else None
                if group is None or guild is None:
                    continue
                guilds[guild.id] = guild
                work[guild.id].append((group, sessions))
            await asyncio.gather(*(self._ensure_all(guilds[g], work[g]) for g in work))
            for guild in guilds.values():
                await self._cancel_orphans(guild)

    async def _ensure_all(
        self, guild: discord.Guild, groups: list[tuple[Group, list[Session]]]
    ) -> None:
        """The guild's share of events goes to its nearest sessions (see bot.domain.events):
        events of later sessions that no longer fit are cancelled first, to make room."""
        keep = self._share(guild, [s for _, sessions in groups for s in sessions])
        told_full = await notices.groups_told(self.bot.db, FULL_KEY)
        for group, sessions in groups:
            try:
                for session in sessions:
                    if session.id not in keep and session.event_id is not None:
                        await self._cancel(group, session)
            except discord.Forbidden:
                await self._tell_missing(group)
        for group, sessions in groups:
            try:
                for session in sessions:
                    if session.id in keep:
                        await self._ensure(group, guild, session)
            except discord.Forbidden:
                await self._tell_missing(group)
                continue
            except discord.HTTPException as exc:
                if exc.code != SERVER_FULL:
                    raise
                await self._tell_full(group)
                continue
            if sessions and sessions[0].id not in keep:
                await self._tell_full(group)  # not even its next session has an event
            elif group.id in told_full:
                await self.bot.resolve_notices(group.id, FULL_KEY)

    def _share(self, guild: discord.Guild, wanted: list[Session]) -> set[int]:
        """Ids of the wanted sessions that get an event: as many as the server's room allows,
        nearest first. Every scheduled or active event not linked to one of them (people's own,
        the bot's running now) takes a place."""
        linked = {s.event_id for s in wanted if s.event_id is not None}
        held = sum(
            1
            for e in guild.scheduled_events
            if e.status in (discord.EventStatus.scheduled, discord.EventStatus.active)
            and e.id not in linked
        )
        chosen = nearest_first(wanted, room_for_bot(held), lambda s: s.starts_at)
        return {s.id for s in chosen}

    # -- one session (after a leader's change) ----------------------------------------------------

    async def on_change(self, session: Session, change: str) -> None:
        async with self._lock:
            group = await get_group(self.bot.db, session.group_id)
            if group is None:
                return
            if change in ("skipped", "cancelled"):
                await self._cancel(group, session)
                return
            guild = await self._guild(group)
            if guild is None:
                return
            within = await sched_store.sessions_due_events(
                self.bot.db, self.bot.now(), self.bot.settings.sessions.events_ahead
            )
            here = {g.id for g in await groups_in_guild(self.bot.db, guild.id)}
            share = self._share(guild, [s for s in within if s.group_id in here])
            if session.event_id is None and session.id not in share:
                return  # too far ahead, or no room: the regular sync sees to it in time
            try:
                await self._ensure(group, guild, session)
            except discord.Forbidden:
                await self._tell_missing(group)
            except discord.HTTPException as exc:
                if exc.code != SERVER_FULL:
                    raise
                await self._tell_full(group)

    async def close_group(self, group_id: int) -> None:
        """The group closes: its upcoming events are cancelled (the sessions go with the group)."""
        async with self._lock:
            group = await get_group(self.bot.db, group_id)
            if group is None:
                return
            for session in await sched_store.all_sessions(self.bot.db, group_id):
                if session.event_id is not None and session.starts_at > self.bot.now():
                    await self._cancel(group, session)

    # -- helpers --------------------------------------------------------------------------------

    async def _guild(self, group: Group, *, told: bool = True) -> discord.Guild | None:
        """The group's guild if the bot may manage its events (else the leaders are told once);
        `told`: whether they may have been told it was missing (False spares the store a write)."""
        guild = self.bot.get_guild(group.guild_id)
        if guild is None:
            return None
        if not getattr(guild.me.guild_permissions, EVENTS.attr):
            await self._tell_missing(group)
            return None
        if told:
            await self.bot.resolve_notices(group.id, MISSING_KEY)  # told again if lost again
        return guild

    async def _tell_full(self, group: Group) -> None:
        if await self.bot.notify_leaders_once(
            group.id, FULL_KEY, SERVER_FULL_NOTICE.format(name=group.name)
        ):
            log.warning("group %s: the server's events are full", group.id)

    async def _tell_missing(self, group: Group) -> None:
        if await self.bot.notify_leaders_once(
            group.id, MISSING_KEY, MISSING_PERMISSION.format(name=group.name)
        ):
            log.warning("group %s: no Create Events permission; events are not created", group.id)

    def location(self, group: Group) -> str:
        channel = self.bot.get_channel(group.channel_id)
        name = getattr(channel, "name", None)
        return (f"#{name}" if name else group.name)[:100]

    def _description(self, group: Group) -> str:
        return (
            f"Weekly Balint group. The agenda and the check-in are posted in <#{group.channel_id}>. "
            "What is said in the group stays in the group."
        )

    async def _ensure(self, group: Group, guild: discord.Guild, session: Session) -> None:
        if session.event_id is not None:
            event = guild.get_scheduled_event(session.event_id)
            if event is None:
                try:
                    event = await guild.fetch_scheduled_event(session.event_id)
                except discord.NotFound:
                    event = None
            if event is not None and event.status in (
                discord.EventStatus.scheduled,
                discord.EventStatus.active,
            ):
                moved = event.start_time != session.starts_at or event.end_time != session.ends_at
                if moved and event.status is discord.EventStatus.scheduled:
                    await self.bot.http.edit_scheduled_event(
                        guild.id,
                        event.id,
                        scheduled_start_time=session.starts_at.isoformat(),
                        scheduled_end_time=session.ends_at.isoformat(),
                        reason="The session moved",
                    )
                return
            if event is not None:
                return  # cancelled or ended by someone in Discord: leave their decision alone
        found = self._adoptable(
            guild, group, session, await sched_store.event_ids(self.bot.db, group.id)
        )
        if found is None:
            if session.starts_at <= self.bot.now() + TOO_SOON:
                return  # starting (the sync waited its turn): no use, and Discord refuses the past
            try:
                found = await self._create(group, guild, session)
            except discord.HTTPException as error:
                if error.status == 400 and session.starts_at <= self.bot.now() + TOO_SOON:
                    return  # it started while the request waited its turn behind the posts
                raise
        await sched_store.set_event_id(self.bot.db, session.id, found.id)

    async def _create(
        self, group: Group, guild: discord.Guild, session: Session
    ) -> discord.ScheduledEvent:
        return await guild.create_scheduled_event(
            name=group.name[:100],
            start_time=session.starts_at,
            end_time=session.ends_at,
            entity_type=discord.EntityType.external,
            privacy_level=discord.PrivacyLevel.guild_only,
            location=self.location(group),
            description=self._description(group),
            reason="A Balint group session",
        )

    def _adoptable(
        self, guild: discord.Guild, group: Group, session: Session, known: set[int]
    ) -> discord.ScheduledEvent | None:
        me = self.bot.user.id if self.bot.user else None
        for event in guild.scheduled_events:
            if (
                event.id not in known
                and event.creator_id == me
                and event.name == group.name[:100]
                and event.start_time == session.starts_at
                and event.status is discord.EventStatus.scheduled
            ):
                return event
        return None

    async def _cancel_orphans(self, guild: discord.Guild) -> None:
        """Our upcoming events that no session links any more (a /group edit re-planned the
        sessions, e.g. a new weekday): cancelled, so the server's Events show no phantom meetings."""
        known = await sched_store.event_ids_in_guild(self.bot.db, guild.id)
        names = {g.name[:100] for g in await groups_in_guild(self.bot.db, guild.id)}
        me = self.bot.user.id if self.bot.user else None
        for event in list(guild.scheduled_events):
            if (
                event.id in known
                or event.creator_id != me
                or event.name not in names
                or event.status is not discord.EventStatus.scheduled
                or event.start_time <= self.bot.now()
            ):
                continue
            try:
                await self.bot.http.edit_scheduled_event(
                    guild.id,
                    event.id,
                    status=discord.EventStatus.cancelled.value,
                    reason="No session at this time any more",
                )
            except (discord.NotFound, discord.Forbidden):
                continue
            except discord.HTTPException as exc:
                if exc.status != 400:
                    raise

    async def _cancel(self, group: Group, session: Session) -> None:
        if session.event_id is None:
            return
        guild = self.bot.get_guild(group.guild_id)
        if guild is None:
            return
        try:
            await self.bot.http.edit_scheduled_event(
                guild.id,
                session.event_id,
                status=discord.EventStatus.cancelled.value,
                reason="The session will not take place",
            )
        except discord.NotFound:
            pass
        except discord.Forbidden:
            await self._tell_missing(group)
            return
        except discord.HTTPException as exc:
            if exc.status != 400:  # 400: it already started or ended; nothing to cancel
                raise
        await sched_store.set_event_id(self.bot.db, session.id, None)
