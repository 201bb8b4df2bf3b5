"""/feedback: anonymous post-session pulses and the end-of-year survey, safe for a group of eight.

A pulse opens when a session ends (a scheduled post with an "Answer (anonymous)" button), reminds
those who have not answered by DM, and closes after feedback.pulse_open_hours. The survey opens by
`/feedback survey open` or by itself feedback.survey_days_before_end days before the group's end.
Results are decided once, at close, and shown to leaders only from k responses (never below 3);
below k they pool into the next release. The answer screens are _views.py, opening, reminding
and closing polls _lifecycle.py, what leaders see _report.py; the counting rules are
bot/domain/feedback.py and the storage bot/store/feedback.py.
"""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import timedelta

import discord
from apscheduler.triggers.interval import IntervalTrigger
from discord import app_commands
from discord.ext import commands

from bot.access import group_here, require_leader
from bot.app import BalintBot
from bot.domain import wording
from bot.domain.calendar import discord_timestamp
from bot.domain.feedback import MIN_THRESHOLD
from bot.errors import UserError
from bot.scheduling import Delivery, PostKind
from bot.store import feedback as fb
from bot.store.groups import members
from cogs.feedback import _report as _feedback_report
from cogs.feedback._lifecycle import (
    SurveyExists,
    close,
    open_pulse,
    open_survey,
    remind,
    resume_reminders,
    sweep,
)
from cogs.feedback._reminder_dms import ReminderHooks
from cogs.feedback._views import AnswerButton, ShareButton

log = logging.getLogger("cogs.feedback")

PULSE = "feedback_pulse"
PULSE_REMINDER = "feedback_pulse_reminder"
PULSE_CLOSE = "feedback_pulse_close"
MAX_THRESHOLD = 50
KIND_CHOICES = [
    app_commands.Choice(name="post-session pulses", value="pulse"),
    app_commands.Choice(name="end-of-year survey", value="survey"),
]


class FeedbackCog(
    commands.GroupCog,
    group_name="feedback",
    group_description="Anonymous feedback: results, thresholds and the end-of-year survey",
):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        self.lock = asyncio.Lock()  # one sweep or survey opening at a time (no double posts)
        self._resumed = False
        self._reminders = ReminderHooks(bot)  # reminders deleted at /group close, /forgetme
        super().__init__()

    survey = app_commands.Group(name="survey", description="The end-of-year survey")

    # -- wiring ----------------------------------------------------------------------------------

    async def cog_load(self) -> None:
        s = self.bot.settings.feedback
        open_for = timedelta(hours=s.pulse_open_hours)
        self.bot.scheduler.register(
            PostKind(
                PULSE, "end", timedelta(0), min(timedelta(hours=24), open_for / 2), self._pulse
            )
        )
        if s.pulse_reminder_hours < s.pulse_open_hours:
            self.bot.scheduler.register(
                PostKind(
                    PULSE_REMINDER,
                    "end",
                    timedelta(hours=s.pulse_reminder_hours),
                    open_for - timedelta(hours=s.pulse_reminder_hours),
                    self._pulse_reminder,
                )
            )
        self.bot.scheduler.register(
            PostKind(PULSE_CLOSE, "end", open_for, timedelta(days=365), self._pulse_close)
        )
        self.bot.scheduler.aps.add_job(
            self._tick, IntervalTrigger(hours=1), id="feedback-sweep", replace_existing=True
        )
        self.bot.add_dynamic_items(AnswerButton, ShareButton)
        self.bot.hooks.group_closing.append(self._reminders.group_closing)
        self.bot.hooks.group_closed.append(self._reminders.group_closed)
        self.bot.hooks.forget_member.append(self._reminders.forget_member)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(AnswerButton, ShareButton)
        self.bot.hooks.group_closing.remove(self._reminders.group_closing)
        self.bot.hooks.group_closed.remove(self._reminders.group_closed)
        self.bot.hooks.forget_member.remove(self._reminders.forget_member)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if not self._resumed:  # once a process: the reminders under way before it started
            self._resumed = True
            self.bot.scheduler.spawn(self._resume())
        await self._tick()  # catch up after downtime (closes, reminders, a due survey)

    async def _resume(self) -> None:
        async with self.lock:  # before the sweep plans anything new
            await resume_reminders(self.bot)

    async def _tick(self) -> None:
        # spawned through the scheduler so tests and the sandbox can wait for it (drain)
        self.bot.scheduler.spawn(self._sweep())

    async def _sweep(self) -> None:
        async with self.lock:
            await sweep(self.bot)

    # -- scheduled posts --------------------------------------------------------------------------

    async def _pulse(self, delivery: Delivery) -> tuple[int, int] | None:
        return await open_pulse(self.bot, delivery.session, delivery.nonce)

    async def _pulse_reminder(self, delivery: Delivery) -> tuple[int, int] | None:
        """DMs to non-responders; the ledger records the pulse's own post as where it belongs."""
        poll = await fb.pulse_for_session(self.bot.db, delivery.session.id)
        if poll is None or not poll.is_open or not await remind(self.bot, poll):
            return None
        return (poll.channel_id, poll.message_id) if poll.message_id and poll.channel_id else None

    async def _pulse_close(self, delivery: Delivery) -> tuple[int, int] | None:
        poll = await fb.pulse_for_session(self.bot.db, delivery.session.id)
        if poll is None or not poll.is_open or await close(self.bot, poll) is None:
            return None
        return (poll.channel_id, poll.message_id) if poll.message_id and poll.channel_id else None

    # -- commands ---------------------------------------------------------------------------------

    @app_commands.command(
        name="results", description="Leaders: the latest feedback results, a chart and a CSV"
    )
    @app_commands.describe(
        which="Pulses after sessions, or the end-of-year survey (default: latest)"
    )
    @app_commands.choices(which=KIND_CHOICES)
    async def results(
        self, interaction: discord.Interaction, which: app_commands.Choice[str] | None = None
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        await interaction.response.defer(ephemeral=True, thinking=True)
        k, _ = await fb.thresholds(
            self.bot.db,
            group.id,
            self.bot.settings.feedback.min_responses,
            self.bot.settings.feedback.min_responses_for_comments,
        )
        found = await _feedback_report.build_results(
            self.bot, group, which.value if which else None
        )
        if found is None:
            await interaction.followup.send(
                await _feedback_report.nothing_yet(self.bot, group, k), ephemeral=True
            )
            return
        view = discord.ui.View(timeout=None)
        if not found.shared:
            view.add_item(ShareButton(found.release_id))
        await interaction.followup.send(
            found.text,
            files=[
                discord.File(io.BytesIO(found.chart), filename=f"feedback-{found.kind}.png"),
                discord.File(io.BytesIO(found.csv), filename=f"feedback-{found.kind}-counts.csv"),
            ],
            view=view,
            ephemeral=True,
        )
        for message in found.comments:
            await interaction.followup.send(message, ephemeral=True)

    @app_commands.command(
        name="threshold",
        description="Leaders: how many responses before results (and comments) are shown",
    )
    @app_commands.describe(
        responses=f"Minimum responses before any result is shown (at least {MIN_THRESHOLD})",
        comments="Minimum responses before comments are shown (at least the first number)",
    )
    async def threshold(
        self,
        interaction: discord.Interaction,
        responses: int | None = None,
        comments: int | None = None,
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        s = self.bot.settings.feedback
        k, comment_k = await fb.thresholds(
            self.bot.db, group.id, s.min_responses, s.min_responses_for_comments
        )
        if responses is None and comments is None:
            await interaction.response.send_message(
                f"Feedback results for {group.name} are shown from **{k}** responses, comments "
                f"from **{comment_k}**. Change them with /feedback threshold responses:<n>.",
                ephemeral=True,
            )
            return
        new_k = k if responses is None else responses
        if new_k < MIN_THRESHOLD:
            raise UserError(
                f"Results must need at least {MIN_THRESHOLD} responses: with {new_k}, answers can "
                f"be traced to the people who gave them. Choose {MIN_THRESHOLD} or more (the "
                f"usual is 5). Nothing was changed."
            )
        if new_k > MAX_THRESHOLD:
            raise UserError(f"Choose {MAX_THRESHOLD} responses or fewer. Nothing was changed.")
        new_ck = max(comment_k, new_k) if comments is None else comments
        if new_ck < new_k:
            raise UserError(
                f"Comments identify people more easily than ticks, so they need at least as many "
                f"responses as results ({new_k}); you chose {new_ck}. Nothing was changed."
            )
        if new_ck > MAX_THRESHOLD:
            raise UserError(f"Choose {MAX_THRESHOLD} responses or fewer. Nothing was changed.")
        await fb.set_thresholds(self.bot.db, group.id, new_k, new_ck)
        trainees = len(await members(self.bot.db, group.id, role="trainee"))
        note = ""
        if new_k > trainees:
            note = (
                f"\n⚠️ The roster has {wording.plural(trainees, 'trainee')}, so a single poll can "
                "never reach "
                f"{new_k}; results will show only when polls are pooled."
            )
        log.info("group %s: feedback thresholds changed", group.id)
        await interaction.response.send_message(
            f"Feedback results for {group.name} will be shown from **{new_k}** responses and "
            f"comments from **{new_ck}**. This applies from the next poll that closes." + note,
            ephemeral=True,
        )

    @survey.command(name="open", description="Leaders: open the anonymous end-of-year survey now")
    async def survey_open(self, interaction: discord.Interaction) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        async with self.lock:
            try:
                poll = await open_survey(self.bot, group)
            except SurveyExists as exists:
                old = exists.poll
                when = (
                    f"it is open until {discord_timestamp(old.closes_at)}"
                    if old.is_open
                    else "it has closed"
                )
                raise UserError(
                    f"The end-of-year survey of {group.name} was opened "
                    f"{discord_timestamp(old.opens_at, 'D')}; {when}. A group has one survey."
                ) from None
        await interaction.response.send_message(
            f"The end-of-year survey is open in <#{group.channel_id}> until "
            f"{discord_timestamp(poll.closes_at)}. Trainees who have not answered get a "
            "private reminder; you will be told when the results are ready.",
            ephemeral=True,
        )


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(FeedbackCog(bot))
