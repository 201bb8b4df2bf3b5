"""/session start: the session's structure as a timer, for groups that meet online.

A leader starts it during the session; the group's channel gets one message that shows the phases
(the presentation, questions of fact, the push-back with the presenter silent, the presenter's
return, the close), which is edited as the phases change, never followed by more posts. It moves
on by itself when a phase's time is up; its buttons (Next phase, Pause or Resume, Stop) are for
the group's leaders only, checked on every press. The rules are bot/domain/phases.py; the state is
a row (bot/store/phases.py), so a restart resumes the timer. Nothing about what is said is kept.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import discord
from apscheduler.triggers.date import DateTrigger
from discord import app_commands
from discord.ext import commands

from bot.access import group_here, is_leader, require_leader
from bot.app import BalintBot
from bot.buttons import ActionButton
from bot.domain import wording
from bot.domain.calendar import discord_timestamp
from bot.domain.phases import PHASES, Timer, catch_up, next_phase, pause, resume, start
from bot.errors import UserError
from bot.store import phases as store
from bot.store.groups import Group, get_group
from bot.store.sessions import Session, current_or_next_session, get_session
from bot.which_session import day_label, when
from cogs.sessions._common import NO_MENTIONS

log = logging.getLogger(__name__)

ACTIONS = {
    "next": ("Next phase", discord.ButtonStyle.primary),
    "pause": ("Pause", discord.ButtonStyle.secondary),
    "resume": ("Resume", discord.ButtonStyle.success),
    "stop": ("Stop", discord.ButtonStyle.danger),
}


def timer_text(group: Group, timer: Timer | None, now: datetime) -> str:
    """The one message: each phase, the current one with its end (each reader's own clock shows
    it counting down), and the note that nothing said is recorded."""
    lines = [f"**The session's structure: {group.name}** (a timer only; nothing said is recorded)"]
    if timer is None:
        return lines[0] + "\nThe leaders stopped the timer."
    for index, phase in enumerate(PHASES):
        minutes = wording.plural(timer.minutes[index], "minute")
        if index < timer.phase:
            lines.append(f"✓ ~~{phase.title}~~ ({minutes})")
        elif index > timer.phase:
            lines.append(f"◦ {phase.title} ({minutes})")
        elif timer.paused:
            left = round(timer.left(now).total_seconds() / 60)
            lines.append(
                f"⏸ **{phase.title}**: paused, {wording.plural(left, 'minute')} left"
                " (a leader resumes it)"
            )
            lines.append(f"-# {phase.hint}")
        else:
            ends = timer.ends_at or now
            lines.append(
                f"▶ **{phase.title}**: until {discord_timestamp(ends, 't')} "
                f"({discord_timestamp(ends, 'R')})"
            )
            lines.append(f"-# {phase.hint}")
    if timer.finished:
        lines.append("The structure is complete.")
    return "\n".join(lines)


def timer_view(session_id: int, timer: Timer | None) -> discord.ui.View | None:
    if timer is None or timer.finished:
        return None
    view = discord.ui.View(timeout=None)
    for action in ("next", "resume" if timer.paused else "pause", "stop"):
        view.add_item(TimerButton(action, session_id))
    return view


class TimerButton(ActionButton, prefix="phases", actions=ACTIONS):
    """A control of the timer's message: the group's leaders only (persistent across restarts)."""

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        bot = interaction.client
        session = await get_session(bot.db, self.target_id)
        group = await get_group(bot.db, session.group_id) if session else None
        if session is None or group is None:
            raise UserError("That session's group has closed.")
        if not await is_leader(bot.db, group, interaction.user):
            raise UserError(
                f"Only the leaders of {group.name} move the timer on; it keeps time for everyone."
            )
        now = bot.now()
        acts = {"next": next_phase, "pause": pause, "resume": resume}

        def decide(timer: Timer) -> Timer | None:
            timer = catch_up(timer, now)
            return None if self.action == "stop" else acts[self.action](timer, now)

        changed = await store.change(bot.db, session.id, decide)
        if changed is None:
            raise UserError("This timer has ended. /session start begins a new one.")
        _, after = changed
        view = timer_view(session.id, after)
        await interaction.response.edit_message(
            content=timer_text(group, after, now), view=view, allowed_mentions=NO_MENTIONS
        )
        if view is not None:
            view.stop()  # presses are routed by the dynamic items
        plan(bot, session.id, after)


def _job_id(session_id: int) -> str:
    return f"phases:{session_id}"


def plan(bot: BalintBot, session_id: int, timer: Timer | None) -> None:
    """The timer's next change by the clock (none while paused, stopped or finished)."""
    aps = bot.scheduler.aps
    due = timer.ends_at if timer is not None else None
    if due is None:
        if aps.get_job(_job_id(session_id)) is not None:
            aps.remove_job(_job_id(session_id))
        return
    aps.add_job(
        tick,
        DateTrigger(run_date=due),
        args=(bot, session_id),
        id=_job_id(session_id),
        replace_existing=True,
        misfire_grace_time=None,
    )


async def tick(bot: BalintBot, session_id: int) -> None:
    """A phase's time is up: the message shows the next (or the end); the next change planned."""
    now = bot.now()
    changed = await store.change(bot.db, session_id, lambda t: catch_up(t, now))
    if changed is None:
        return
    before, after = changed
    if after == before.timer:  # woken early: plan again
        plan(bot, session_id, after)
        return
    session = await get_session(bot.db, session_id)
    group = await get_group(bot.db, session.group_id) if session else None
    if group is None:
        return
    view = timer_view(session_id, after)
    message = bot.get_partial_messageable(before.channel_id).get_partial_message(before.message_id)
    try:
        await message.edit(
            content=timer_text(group, after, now), view=view, allowed_mentions=NO_MENTIONS
        )
    except discord.HTTPException:
        log.warning("session %s: the timer's message could not be edited", session_id)
    if view is not None:
        view.stop()
    plan(bot, session_id, after)


def under_way(bot: BalintBot, session: Session | None, now: datetime) -> bool:
    if session is None or not session.is_active:
        return False
    opens = session.starts_at - timedelta(minutes=bot.settings.sessions.opening_minutes)
    return opens <= now < session.ends_at


class SessionCog(
    commands.GroupCog, group_name="session", group_description="The session under way"
):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(TimerButton)
        now = self.bot.now()
        for shown in await store.running(self.bot.db):  # resumed after a restart
            if shown.timer.paused:
                continue
            timer = shown.timer
            ends = timer.ends_at
            if ends is not None and ends <= now:  # it changed while the bot was down
                self.bot.scheduler.aps.add_job(
                    tick,
                    DateTrigger(run_date=now),
                    args=(self.bot, shown.session_id),
                    id=_job_id(shown.session_id),
                    replace_existing=True,
                    misfire_grace_time=None,
                )
            else:
                plan(self.bot, shown.session_id, timer)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(TimerButton)

    @app_commands.command(
        name="start",
        description="Leaders: a timer for the session's phases, in the group's channel",
    )
    async def start_(self, interaction: discord.Interaction) -> None:
        bot = self.bot
        group = await group_here(bot.db, interaction)
        await require_leader(bot.db, group, interaction.user)
        now = bot.now()
        session = await current_or_next_session(bot.db, group.id, now)
        if not under_way(bot, session, now):
            nxt = f" The next one starts {when(session)}." if session else ""
            raise UserError(
                "The timer is for the session under way, and none is now." + nxt + " Start it "
                "when the group meets."
            )
        assert session is not None
        found = await store.get(bot.db, session.id)
        if found is not None:
            raise UserError(
                "The timer of this session is already running: "
                f"https://discord.com/channels/{group.guild_id}/{found.channel_id}/"
                f"{found.message_id} (its buttons pause it, move it on or stop it)."
            )
        channel = bot.get_channel(group.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise UserError(f"I cannot find the group's channel <#{group.channel_id}>.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        minutes = bot.settings.phases.minutes()
        timer = start(minutes, now)  # the presentation begins as the leader starts it
        view = timer_view(session.id, timer)
        assert view is not None  # a timer just started has its controls
        try:
            message = await channel.send(
                timer_text(group, timer, now), view=view, allowed_mentions=NO_MENTIONS
            )
        except discord.Forbidden:
            await interaction.followup.send(
                f"I may not post in <#{group.channel_id}>: my role needs View Channel and Send "
                "Messages there. Nothing was started.",
                ephemeral=True,
            )
            return
        finally:
            view.stop()
        if not await store.begin(
            bot.db, session.id, timer, channel_id=message.channel.id, message_id=message.id
        ):
            await message.delete()  # another leader started it at the same moment
            await interaction.followup.send(
                "Your co-leader has just started it: the timer is in the channel.", ephemeral=True
            )
            return
        plan(bot, session.id, timer)
        total = sum(minutes)
        late = timer.started_at + timedelta(minutes=total) > session.ends_at
        await interaction.followup.send(
            f"Started in <#{group.channel_id}>: {wording.plural(total, 'minute')} of phases for "
            f"the session of {day_label(group, session)}. It moves on by itself; **Next phase**, "
            "**Pause** and **Stop** are for the group's leaders only."
            + (
                " The phases run past the session's end: move on early where you can."
                if late
                else ""
            ),
            ephemeral=True,
        )


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(SessionCog(bot))
