"""/group: set a Balint group up on a channel, show and edit it, keep its closed roster."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import clock, permissions
from bot.access import (
    NoTrainees,
    can_manage_guild,
    check_leader_role,
    check_trainee_role,
    group_here,
    has_role,
    is_leader,
    no_trainees,
    readers_words,
    require_configure,
    require_leader,
    require_leaders_only,
    require_member,
    role_members,
    trainee_readers,
)
from bot.app import BalintBot
from bot.confirm import ConfirmView
from bot.domain import wording
from bot.domain.calendar import (
    WEEKDAYS,
    Schedule,
    check_group_dates,
    check_new_end_date,
    discord_timestamp,
    months_between,
    parse_date,
    parse_time,
    plan_sessions,
    resolve_timezone,
    suggest_timezones,
)
from bot.domain.records import may_close
from bot.errors import UserError
from bot.scheduling import each_utc
from bot.store import feedback as feedback_store
from bot.store import groups as store
from bot.store import records as records_store
from bot.store.sessions import current_or_next_session, get_session
from cogs.groups import _closing as closing

log = logging.getLogger(__name__)
PURGE_JOB = "ledger-purge"
WEEKDAY_CHOICES = [app_commands.Choice(name=d, value=i) for i, d in enumerate(WEEKDAYS)]


def missing_bot_permissions(channel: discord.abc.GuildChannel) -> list[str]:
    """Permissions the bot needs to run a group in a channel and does not have there."""
    return permissions.missing_in(
        channel.permissions_for(channel.guild.me), permissions.ESSENTIAL_IN_CHANNEL
    )


def require_bot_in_leaders_channel(channel: discord.abc.GuildChannel) -> None:
    """A private leaders' channel shuts the bot out too unless it is let in: without this check
    the set-up succeeds and every leaders' notice then goes by private message, unexplained."""
    missing = missing_bot_permissions(channel)
    if missing:
        raise UserError(
            f"I cannot post in {channel.mention}, the leaders' channel: I lack "
            f"{', '.join(missing)} there (a private channel shuts me out too). Let me in: its "
            "settings → Permissions → add my role (or me) and allow View Channel, Send "
            "Messages, Embed Links, Read Message History and Attach Files; then try again. Or "
            "leave the option out: the leaders then get these privately."
        )


def describe(group: store.Group) -> str:
    return (
        f"**{group.name}** meets every **{WEEKDAYS[group.weekday]}** at **{group.start_time}** "
        f"({group.timezone}) for {group.duration_minutes} minutes, from "
        f"{wording.day(date.fromisoformat(group.start_date), clock.today())} to "
        f"{wording.day(date.fromisoformat(group.end_date), clock.today())}, in <#{group.channel_id}>. Case slots per session: {group.case_slots}. "
        + (
            "Approved anonymous drafts appear in the agenda with their text."
            if group.publish_draft_text
            else "Approved anonymous drafts appear in the agenda by their theme only."
        )
        + (
            f" Joining <#{group.voice_channel_id}> during a session checks a trainee in."
            if group.voice_channel_id
            else ""
        )
    )


def welcome_text(group: store.Group) -> str:
    """The short private welcome a member gets when added to a group's roster."""
    return (
        f"Welcome to **{group.name}**, a Balint group that meets every "
        f"{WEEKDAYS[group.weekday]} at {group.start_time} ({group.timezone}) in "
        f"<#{group.channel_id}>. Type `/help` there to see how the group works, this week's "
        "sessions and what you can do. What is said in the group stays in the group."
    )


class GroupsCog(
    commands.GroupCog, group_name="group", group_description="Set up and run a Balint group"
):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        # A closed group's ledger is deleted when its time is up: checked daily and at each start.
        self.bot.scheduler.aps.add_job(
            self._purge_tick, each_utc(hour=3), id=PURGE_JOB, replace_existing=True
        )

    async def cog_unload(self) -> None:
        if self.bot.scheduler.aps.get_job(PURGE_JOB) is not None:
            self.bot.scheduler.aps.remove_job(PURGE_JOB)

    async def _purge_tick(self) -> None:
        self.bot.scheduler.spawn(self.purge())

    async def purge(self) -> int:
        count = await records_store.purge_expired(self.bot.db, self.bot.now())
        if count:
            log.info("deleted %d closed groups' attendance ledgers at the end of their time", count)
        return count

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if self.bot.start_scheduler:
            self.bot.scheduler.spawn(self.purge())  # tracked, as the daily purge

    members = app_commands.Group(
        name="members", description="The group's closed roster of trainees"
    )
    leaders = app_commands.Group(name="leaders", description="The group's leaders")

    # -- setup --------------------------------------------------------------------------------

    @app_commands.command(name="setup", description="Set up a Balint group in a channel")
    @app_commands.guild_only()
    @app_commands.describe(
        channel="The channel the group meets in",
        name="A name for the group, e.g. 'Thursday Balint group'",
        weekday="The day the group meets",
        start_time="Local start time, e.g. 09:00 or 9am",
        duration="Length of a session in minutes (60-120 is usual)",
        timezone="IANA time zone, e.g. Europe/London",
        start_date="First possible session date, e.g. 2026-09-03",
        end_date="Last possible session date, e.g. 2027-07-29",
        leader_role="The role of the group's leaders",
        trainee_role="Optional: members with this role join the roster now",
        leaders_channel="Optional: a private channel for leaders' notices and reviews",
    )
    @app_commands.choices(weekday=WEEKDAY_CHOICES)
    async def setup(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        name: app_commands.Range[str, 1, 80],
        weekday: app_commands.Choice[int],
        start_time: str,
        start_date: str,
        end_date: str,
        leader_role: discord.Role,
        duration: app_commands.Range[int, 30, 180] | None = None,
        timezone: str | None = None,
        trainee_role: discord.Role | None = None,
        leaders_channel: discord.TextChannel | None = None,
    ) -> None:
        # Discord waits 3 s for an answer; creating a year of sessions and a roster, posting the
        # welcome and planning the posts can take longer on a busy server.
        await interaction.response.defer(ephemeral=True, thinking=True)
        user = interaction.user
        require_configure(interaction, channel)
        check_leader_role(leader_role, trainee_role.id if trainee_role else None)
        if trainee_role is not None:
            check_trainee_role(trainee_role, leader_role.id)
        at = parse_time(start_time)
        tz = resolve_timezone(timezone or self.bot.settings.groups.default_timezone)
        first, last = parse_date(start_date), parse_date(end_date)
        check_group_dates(first, last, self.bot.now().date())
        missing = missing_bot_permissions(channel)
        if missing:
            raise UserError(
                f"I cannot run a group in {channel.mention}: I am missing the "
                f"{', '.join(missing)} permission there. Grant it to my role and try again."
            )
        if await store.group_for_channel(self.bot.db, channel.id):
            raise UserError(
                f"{channel.mention} already has a group. Each group needs its own channel; "
                "use /group edit to change the existing one."
            )
        await self.bot.member_lists.ready(channel.guild)  # the roles' holders, all of them
        roster = self._roster(user, leader_role, trainee_role)
        if leaders_channel is not None:
            require_leaders_only(
                leaders_channel,
                await self._no_trainees(channel.guild.id, trainee_role, roster),
            )
            require_bot_in_leaders_channel(leaders_channel)
        duration = duration or self.bot.settings.groups.default_duration_minutes
        slots = 2 if duration >= self.bot.settings.presenting.two_slots_from_minutes else 1
        values: dict[str, Any] = dict(
            guild_id=interaction.guild_id,
            channel_id=channel.id,
            name=name,
            weekday=weekday.value,
            start_time=at.strftime("%H:%M"),
            duration_minutes=duration,
            timezone=tz,
            start_date=first.isoformat(),
            end_date=last.isoformat(),
            leader_role_id=leader_role.id,
            trainee_role_id=trainee_role.id if trainee_role else None,
            leaders_channel_id=leaders_channel.id if leaders_channel else None,
            case_slots=slots,
            publish_draft_text=self.bot.settings.drafts.publish_full_text,
        )
        planned = plan_sessions(Schedule(weekday.value, at, duration, tz, first, last))
        begun = [s for s in planned if s.starts_at <= self.bot.now()]
        if not begun:
            await self._set_up(interaction, channel, values, roster, first, last)
            return

        async def confirmed(press: discord.Interaction) -> None:
            await press.response.defer(ephemeral=True, thinking=True)
            require_configure(press, channel)
            await self._set_up(press, channel, values, roster, first, last)

        today = clock.today()
        later = [s for s in planned if s.starts_at > self.bot.now()]
        then = (
            f"its first posts are for {wording.day(later[0].local_date, today)}"
            if later
            else "no session is left before the end date, so nothing would be posted"
        )
        over = (
            f"the session of {wording.day(begun[0].local_date, today)} has already begun"
            if len(begun) == 1
            else f"{wording.plural(len(begun), 'session')} ({wording.day(begun[0].local_date, today)} "
            f"to {wording.day(begun[-1].local_date, today)}) have already begun"
        )
        await interaction.followup.send(
            f"The start date and time you gave are in the past: {over}. I will not post a "
            "check-in, agenda or feedback for a session that has begun. Set the group up anyway, "
            f"leaving out what is over ({then})? Press the button within 10 minutes, or run "
            "/group setup again with a later start_date.",
            view=ConfirmView(user.id, "Set up, leaving out what is over", confirmed),
            ephemeral=True,
        )

    async def _set_up(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        values: dict[str, Any],
        roster: dict[int, str],
        first: date,
        last: date,
    ) -> None:
        """The group, its year and roster, then the welcome (which leaves out the sessions already
        begun) and the answer."""
        now = self.bot.now()
        try:
            group = await store.create_group(self.bot.db, now=now, roster=roster.items(), **values)
        except store.DuplicateGroup:
            raise UserError(f"{channel.mention} already has a group.") from None
        notes = self._warnings(first, last) + await self._roster_warning(group)
        await self._welcome(channel, group)
        await interaction.followup.send(
            "Group set up. "
            + describe(group)
            + "".join(f"\n⚠️ {n}" for n in notes)
            + "\n"
            + await self._set_up_next(group),
            ephemeral=True,
        )

    async def _set_up_next(self, group: store.Group) -> str:
        """What a leader who has just set a group up would otherwise look for in the README:
        who is on the roster (fixed now), where the leaders' notices go, and what is next."""
        count = len(await store.members(self.bot.db, group.id, role="trainee"))
        role = f"<@&{group.trainee_role_id}>" if group.trainee_role_id else "the trainee role"
        where = (
            f"The leaders' notices go to <#{group.leaders_channel_id}>."
            if group.leaders_channel_id
            else "With no leaders' channel, the leaders' notices come to each leader by private "
            "message (`/group edit leaders_channel:` names a private one)."
        )
        return (
            f"On the roster: {wording.plural(count, 'trainee')}, those who hold {role} now; "
            "someone given the role later joins with `/group members add`. "
            f"{where}\nNext, if you like: skip the holidays (`/schedule skip`) and write the "
            "first agenda (`/agenda set`); nothing else is needed, the week runs by itself. "
            "`/help` shows your commands."
        )

    async def _no_trainees(
        self, guild_id: int, trainee_role: discord.Role | None, roster: dict[int, str]
    ) -> NoTrainees:
        """Who may not read the leaders' channel of a group set up or renewed with this roster."""
        return await no_trainees(
            self.bot.db,
            guild_id,
            trainee_role_id=trainee_role.id if trainee_role else None,
            trainee_ids=[u for u, role in roster.items() if role == "trainee"],
            leader_ids=[u for u, role in roster.items() if role == "leader"],
        )

    @staticmethod
    def _roster(
        user: discord.abc.User, leader_role: discord.Role | None, trainee_role: discord.Role | None
    ) -> dict[int, str]:
        """Holders of the leader role lead (and whoever set it up, if they hold it); holders of
        the trainee role join the roster."""
        leader_id = leader_role.id if leader_role else None
        roster = {m.id: "leader" for m in (leader_role.members if leader_role else [])}
        if has_role(user, leader_id):
            roster[user.id] = "leader"
        for member in trainee_role.members if trainee_role else []:
            if not member.bot and not has_role(member, leader_id):
                roster.setdefault(member.id, "trainee")
        return roster

    async def _welcome(self, channel: discord.abc.Messageable, group: store.Group) -> None:
        # a session that began before the group was set up (or renewed) gets no post at all:
        # the welcome is not followed by a late check-in
        await self.bot.scheduler.skip_begun(group.id, self.bot.now())
        await channel.send(
            f"This channel is now home to **{group.name}**, a Balint group. It meets every "
            f"{WEEKDAYS[group.weekday]} at {group.start_time} ({group.timezone}). "
            "What is said in the group stays in the group. Type `/help` to see how it works and "
            "what you can do, and `/privacy` to see what this bot stores."
        )
        # after the welcome, so it comes first; the posts already due (e.g. Thursday's "Who has
        # a case?" for a group set up on Tuesday) are out before the reply
        await self.bot.scheduler.reconcile(wait_for_group=group.id)

    def _warnings(self, first: date, last: date) -> list[str]:
        months = self.bot.settings.groups.min_months
        if months_between(first, last) < months:
            return [
                f"This group runs for less than {wording.plural(months, 'month')}; Balint groups "
                "usually need at "
                "least six months to work well (it is set up anyway)."
            ]
        return []

    async def _roster_warning(self, group: store.Group) -> list[str]:
        count = len(await store.members(self.bot.db, group.id, role="trainee"))
        low, high = self.bot.settings.groups.min_members, self.bot.settings.groups.max_members
        if count < low:
            return [
                f"The roster has {wording.plural(count, 'trainee')}; a group works best with "
                f"{low}-{high}. Add them with /group members add."
            ]
        if count > high:
            return [
                f"The roster has {wording.plural(count, 'trainee')}; a group works best with "
                f"{low}-{high}."
            ]
        return []

    @setup.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        options = suggest_timezones(current, limit=10) if current else ["Europe/London"]
        return [app_commands.Choice(name=z, value=z) for z in options][:25]

    # -- show / edit --------------------------------------------------------------------------

    @app_commands.command(name="show", description="Show this channel's group")
    async def show(self, interaction: discord.Interaction) -> None:
        group = await group_here(self.bot.db, interaction)
        roster = await store.members(self.bot.db, group.id)
        leaders = [m for m in roster if m.role == "leader"]
        trainees = [m for m in roster if m.role == "trainee"]
        nxt = await current_or_next_session(self.bot.db, group.id, self.bot.now())
        lines = [
            describe(group),
            f"Leaders: {', '.join(f'<@{m.user_id}>' for m in leaders) or 'none yet'}"
            + (f" (and holders of <@&{group.leader_role_id}>)" if group.leader_role_id else ""),
            f"Trainees on the roster: {len(trainees)}",
            f"Next session: {discord_timestamp(nxt.starts_at) if nxt else 'none scheduled'}",
        ]
        if await is_leader(self.bot.db, group, interaction.user):
            lines.append(await self._leaders_channel_line(group))
        await interaction.response.send_message("\n".join(lines), ephemeral=True)

    async def _leaders_channel_line(self, group: store.Group) -> str:
        """Where the leaders' notices go, and if the bot cannot use the leaders' channel, why
        and what to do (the notice the leaders had once, for whenever they look)."""
        if not group.leaders_channel_id:
            return (
                "Leaders' channel: none; my notices for the leaders come to each of you by "
                "private message (`/group edit leaders_channel:` names a private one)."
            )
        health = await self.bot.leaders_channel_health(group)
        if health.channel is None and health.problem is not None:
            return f"Leaders' channel: {health.problem}"
        return (
            f"Leaders' channel: <#{group.leaders_channel_id}>; my notices for the leaders go there."
        )

    @app_commands.command(name="edit", description="Leaders: change this channel's group")
    @app_commands.guild_only()
    @app_commands.choices(weekday=WEEKDAY_CHOICES)
    @app_commands.describe(
        start_time="Local start time, e.g. 09:00",
        timezone="IANA time zone, e.g. Europe/London",
        end_date="Last possible session date, e.g. 2027-07-29",
        case_slots="How many cases per session (1 for 75 minutes, 2 for 90)",
        publish_draft_text="Show approved anonymous drafts' text in the agenda post (not only themes)",
        voice_channel="Where the group meets by voice: joining it in the session checks a trainee in",
        voice_attendance="False: attendance from the I'm here button alone again",
    )
    async def edit(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 80] | None = None,
        weekday: app_commands.Choice[int] | None = None,
        start_time: str | None = None,
        duration: app_commands.Range[int, 30, 180] | None = None,
        timezone: str | None = None,
        end_date: str | None = None,
        leader_role: discord.Role | None = None,
        trainee_role: discord.Role | None = None,
        leaders_channel: discord.TextChannel | None = None,
        case_slots: app_commands.Range[int, 1, 3] | None = None,
        publish_draft_text: bool | None = None,
        voice_channel: discord.VoiceChannel | discord.StageChannel | None = None,
        voice_attendance: bool | None = None,
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        changes: dict[str, object] = {}
        if voice_channel is not None or voice_attendance:
            if not self.bot.settings.sessions.voice_attendance:
                raise UserError(
                    "Attendance from voice is off on this bot: the host turns it on with "
                    "`[sessions] voice_attendance = true` (the bot then asks Discord for voice "
                    "states). Nothing was changed."
                )
            if voice_channel is None:
                raise UserError("Name the group's voice or stage channel: voice_channel:#room.")
            me = voice_channel.guild.me
            if me is None or not voice_channel.permissions_for(me).view_channel:
                raise UserError(
                    f"I cannot see {voice_channel.mention}: give my role **View Channel** there "
                    "(the channel's settings → Permissions), then try again. Nothing was changed."
                )
            changes["voice_channel_id"] = voice_channel.id
        elif voice_attendance is False:
            changes["voice_channel_id"] = None
        if name is not None:
            changes["name"] = name
        if weekday is not None:
            changes["weekday"] = weekday.value
        if start_time is not None:
            changes["start_time"] = parse_time(start_time).strftime("%H:%M")
        if duration is not None:
            changes["duration_minutes"] = duration
        if timezone is not None:
            changes["timezone"] = resolve_timezone(timezone)
        if end_date is not None:
            last = parse_date(end_date)
            check_new_end_date(date.fromisoformat(group.start_date), last, self.bot.now().date())
            changes["end_date"] = last.isoformat()
        if leader_role is not None:
            guild = interaction.guild
            channel = guild.get_channel(group.channel_id) if guild else None
            if channel is None:
                raise UserError("I cannot find the group's channel to check your permissions.")
            require_configure(interaction, channel)
            check_leader_role(
                leader_role, trainee_role.id if trainee_role else group.trainee_role_id
            )
            changes["leader_role_id"] = leader_role.id
        if trainee_role is not None:
            check_trainee_role(
                trainee_role, leader_role.id if leader_role else group.leader_role_id
            )
            changes["trainee_role_id"] = trainee_role.id
        if leaders_channel is not None:
            roster = {m.user_id: m.role for m in await store.members(self.bot.db, group.id)}
            lead = leader_role.id if leader_role else group.leader_role_id
            for holder in role_members(leaders_channel.guild, lead):
                roster[holder.id] = "leader"
            require_leaders_only(
                leaders_channel,
                await no_trainees(
                    self.bot.db,
                    group.guild_id,
                    trainee_role_id=trainee_role.id if trainee_role else group.trainee_role_id,
                    trainee_ids=[u for u, role in roster.items() if role == "trainee"],
                    leader_ids=[u for u, role in roster.items() if role == "leader"],
                ),
            )
            require_bot_in_leaders_channel(leaders_channel)
            changes["leaders_channel_id"] = leaders_channel.id
        if case_slots is not None:
            changes["case_slots"] = case_slots
        if publish_draft_text is not None:
            changes["publish_draft_text"] = publish_draft_text
        if not changes:
            raise UserError(
                "Nothing to change: pick at least one option, e.g. /group edit start_time:09:30."
            )
        updated, replanned = await store.update_group(
            self.bot.db, group, now=self.bot.now(), **changes
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self._after_replan(replanned)
        note = ""
        if replanned.moved:
            moved = len(replanned.moved)
            note += (
                f"\n{wording.plural(moved, 'upcoming session')} moved to the new slot; their "
                "volunteers were told."
            )
        if replanned.cancelled:
            note += (
                f"\n{wording.capital(wording.plural(len(replanned.cancelled), 'session'))} no "
                f"longer {wording.verb(len(replanned.cancelled), 'fits', 'fit')} the dates and "
                f"{wording.verb(len(replanned.cancelled), 'was', 'were')} cancelled."
            )
        await interaction.followup.send("Updated. " + describe(updated) + note, ephemeral=True)

    async def _after_replan(self, replanned: store.Replanned) -> None:
        """Re-time the posts of re-planned sessions and tell every capability (events, volunteers)."""
        for change, ids in (("moved", replanned.moved), ("cancelled", replanned.cancelled)):
            for session_id in ids:
                session = await get_session(self.bot.db, session_id)
                if session is not None:
                    await self.bot.session_changed(session, change)
        await self.bot.scheduler.reconcile()

    edit.autocomplete("timezone")(timezone_autocomplete)

    # -- roster -------------------------------------------------------------------------------

    # -- the year's end -------------------------------------------------------------------------

    @app_commands.command(
        name="close", description="Leaders: close the group at the end of its year"
    )
    @app_commands.guild_only()
    async def close(self, interaction: discord.Interaction) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        today = closing.local_today(group, self.bot.now())
        end = date.fromisoformat(group.end_date)
        if may_close(today, end, confirmed=False):
            await closing.close(self.bot, group, interaction)
            return

        async def confirmed(press: discord.Interaction) -> None:
            current = await store.get_group(self.bot.db, group.id)
            if current is None:
                raise UserError(f"{group.name} is already closed.")
            await require_leader(self.bot.db, current, press.user)
            await closing.close(self.bot, current, press)

        await interaction.response.send_message(
            f"**{group.name}** runs until {wording.day(end, clock.today())}. Closing it now ends the year early: the "
            "leaders get the exports, the group is told, every later session, post and event is "
            "dropped, and agendas, drafts, feedback and the rota are deleted for good. Only the "
            "attendance ledger is kept. Press the button within 10 minutes to close it now.",
            view=ConfirmView(interaction.user.id, "Close the group now", confirmed),
            ephemeral=True,
        )

    @app_commands.command(
        name="renew", description="Start next year's group in this channel (settings only)"
    )
    @app_commands.guild_only()
    @app_commands.describe(
        start_date="First possible session date of the new year, e.g. 2027-09-02",
        end_date="Last possible session date, e.g. 2028-07-27",
        trainee_role="Optional: holders join the new roster (default: last year's trainee role)",
    )
    async def renew(
        self,
        interaction: discord.Interaction,
        start_date: str,
        end_date: str,
        trainee_role: discord.Role | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # as /group setup
        channel = interaction.channel
        try:
            running: store.Group | None = await group_here(self.bot.db, interaction)
        except UserError:
            running = None
        if running is not None and running.channel_id == interaction.channel_id:
            raise UserError(
                "This channel's group is still running: close it first with /group close."
            )
        if running is not None:  # its leaders' channel
            raise UserError(
                f"**{running.name}** is still running. Its next year starts in its own channel, "
                f"<#{running.channel_id}>: close it there with /group close, then /group renew."
            )
        ledger = await records_store.latest_ledger_in(self.bot.db, interaction.channel_id or 0)
        if ledger is None or not isinstance(channel, discord.TextChannel):
            raise UserError(
                "No group has closed in this channel, so there is nothing to renew. Set one up "
                "with /group setup."
            )
        settings = dict(ledger.settings)
        thresholds = settings.pop("feedback_thresholds", None)
        guild = interaction.guild
        assert guild is not None  # a guild-only command
        leader_role = guild.get_role(settings.get("leader_role_id") or 0)
        if not (
            can_manage_guild(interaction)
            or has_role(interaction.user, leader_role.id if leader_role else None)
        ):
            raise UserError(
                "Only members with the Manage Server permission, or holders of the group's leader "
                "role, can start its next year."
            )
        first, last = parse_date(start_date), parse_date(end_date)
        check_group_dates(first, last, self.bot.now().date())
        if trainee_role is None and settings.get("trainee_role_id"):
            trainee_role = guild.get_role(settings["trainee_role_id"])
        if trainee_role is not None:
            check_trainee_role(trainee_role, leader_role.id if leader_role else None)
        settings["trainee_role_id"] = trainee_role.id if trainee_role else None
        await self.bot.member_lists.ready(guild)  # the roles' holders, all of them
        roster = self._roster(interaction.user, leader_role, trainee_role)
        notes = []
        leaders_channel = guild.get_channel(settings.get("leaders_channel_id") or 0)
        if isinstance(leaders_channel, discord.TextChannel):
            readers = trainee_readers(
                leaders_channel, await self._no_trainees(guild.id, trainee_role, roster)
            )
            if readers:  # a year on, its permissions may have changed
                settings["leaders_channel_id"] = None
                notes.append(
                    f"Last year's leaders' channel {leaders_channel.mention} is not carried "
                    f"over: {readers_words(readers)} can read it. Leaders' notices and exports "
                    "come to the leaders privately until you choose a private one with /group "
                    "edit leaders_channel."
                )
        try:
            group = await store.create_group(
                self.bot.db,
                now=self.bot.now(),
                guild_id=interaction.guild_id,
                channel_id=channel.id,
                start_date=first.isoformat(),
                end_date=last.isoformat(),
                roster=roster.items(),
                **settings,
            )
        except store.DuplicateGroup:
            raise UserError(f"{channel.mention} already has a group.") from None
        if thresholds:
            await feedback_store.set_thresholds(self.bot.db, group.id, *thresholds)
        notes += self._warnings(first, last) + await self._roster_warning(group)
        await self._welcome(channel, group)
        await interaction.followup.send(
            "Next year's group is set up with last year's settings and a new roster; nothing else "
            "was carried over. " + describe(group) + "".join(f"\n⚠️ {n}" for n in notes),
            ephemeral=True,
        )

    @members.command(name="add", description="Leaders: add a trainee to the roster")
    @app_commands.guild_only()
    async def members_add(self, interaction: discord.Interaction, member: discord.Member) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        if member.bot:
            raise UserError("Bots cannot be members of a group.")
        if await is_leader(self.bot.db, group, member):
            # the roster's row would turn a co-leader (or oneself) into a trainee, silently
            raise UserError(
                f"{member.mention} leads {group.name}: adding them to the trainees' roster would "
                "take them off the leaders. To add a co-leader, use /group leaders add. Nothing "
                "was changed."
            )
        if not await store.add_member(self.bot.db, group.id, member.id, "trainee", self.bot.now()):
            raise UserError(f"{member.mention} is already on the roster.")
        notes = await self._roster_warning(group)
        if await self.bot.send_dm(member.id, welcome_text(group)) is None:
            notes.append(
                f"{member.mention} could not be sent a welcome (their direct messages are "
                "closed): point them to `/help` in the group's channel."
            )
        await interaction.response.send_message(
            f"{member.mention} is on the roster of {group.name}."
            + "".join(f"\n⚠️ {n}" for n in notes),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @members.command(
        name="remove", description="Leaders: take a trainee off the roster (their record stays)"
    )
    @app_commands.guild_only()
    async def members_remove(
        self, interaction: discord.Interaction, member: discord.Member
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        if not await store.remove_member(
            self.bot.db, group.id, member.id, "trainee", self.bot.now()
        ):
            raise UserError(f"{member.mention} is not a trainee on the roster of {group.name}.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        for listener in list(self.bot.hooks.member_left):
            await listener(group.id, member.id)  # e.g. their offers to present are released
        notes = await self._roster_warning(group)
        await interaction.followup.send(
            f"{member.mention} has left the roster; their attendance record is kept, and their "
            "offers to present are released." + "".join(f"\n⚠️ {n}" for n in notes),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @members.command(name="list", description="The group's roster")
    async def members_list(self, interaction: discord.Interaction) -> None:
        """For the group's members and leaders only (docs/privacy.md: who is in a Balint group
        is not for the rest of the server, nor for someone who has left it)."""
        group = await group_here(self.bot.db, interaction)
        await require_member(self.bot.db, group, interaction.user)
        roster = await store.members(self.bot.db, group.id)
        leaders = [f"<@{m.user_id}>" for m in roster if m.role == "leader"]
        trainees = [f"<@{m.user_id}>" for m in roster if m.role == "trainee"]
        notes = await self._roster_warning(group)
        await interaction.response.send_message(
            f"**{group.name}**\nLeaders: {', '.join(leaders) or 'none'}\n"
            f"Trainees ({len(trainees)}): {', '.join(trainees) or 'none yet'}"
            + "".join(f"\n⚠️ {n}" for n in notes),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @leaders.command(name="add", description="Add a leader (leaders or Manage Server)")
    @app_commands.guild_only()
    async def leaders_add(self, interaction: discord.Interaction, member: discord.Member) -> None:
        group = await group_here(self.bot.db, interaction)
        await self._require_leader_or_admin(group, interaction)
        if member.bot:
            raise UserError("Bots cannot lead a group.")
        if not await store.add_member(self.bot.db, group.id, member.id, "leader", self.bot.now()):
            raise UserError(f"{member.mention} is already a leader of {group.name}.")
        await interaction.response.send_message(
            f"{member.mention} now leads {group.name}.",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        await self._tell_leaders_who_leads(
            group, f"{member.mention} was added to the leaders of {group.name}", interaction
        )

    @leaders.command(name="remove", description="Remove a leader (leaders or Manage Server)")
    @app_commands.guild_only()
    async def leaders_remove(
        self, interaction: discord.Interaction, member: discord.Member
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        await self._require_leader_or_admin(group, interaction)
        if not await store.remove_member(
            self.bot.db, group.id, member.id, "leader", self.bot.now()
        ):
            raise UserError(f"{member.mention} is not on the leaders' list of {group.name}.")
        remaining = await store.members(self.bot.db, group.id, role="leader")
        note = (
            ""
            if remaining
            else "\n⚠️ The group has no listed leaders now; holders of its leader role still lead it."
        )
        if has_role(member, group.leader_role_id):
            # "no longer leads" was untrue: the role alone makes a leader (access.is_leader)
            said = (
                f"{member.mention} is off the leaders' list of {group.name}, but still leads it: "
                f"they hold <@&{group.leader_role_id}>. Take that role from them too (Server "
                "Settings → Members) for them to stop leading."
            )
        else:
            said = f"{member.mention} no longer leads {group.name}."
        await interaction.response.send_message(
            said + note,
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        await self._tell_leaders_who_leads(
            group, f"{member.mention} was taken off the leaders' list of {group.name}", interaction
        )

    async def _tell_leaders_who_leads(
        self, group: store.Group, what: str, interaction: discord.Interaction
    ) -> None:
        """A leader sees what only leaders see (debrief notes, drafts, feedback results,
        attendance), and anyone with Manage Server may add one: the group's leaders are told
        who was added or taken off, and by whom, so that nobody becomes one of them unseen."""
        try:
            await self.bot.tell_leaders(
                group.id,
                f"👥 {what} by {interaction.user.mention}.",
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.HTTPException:
            log.warning("group %s: could not tell the leaders of a change of leaders", group.id)

    async def _require_leader_or_admin(
        self, group: store.Group, interaction: discord.Interaction
    ) -> None:
        if not (
            can_manage_guild(interaction) or await is_leader(self.bot.db, group, interaction.user)
        ):
            raise UserError(
                f"Only the leaders of {group.name}, or server managers, can change its leaders."
            )


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(GroupsCog(bot))
