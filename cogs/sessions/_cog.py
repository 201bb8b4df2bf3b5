"""/schedule: the group's calendar. Leaders skip, move, cancel and restore sessions; everyone sees
the next sessions and can take the calendar to their phone (.ics).

This extension also owns the sessions capability's timed posts (cogs/sessions/_posts.py), the
native Discord events (cogs/sessions/_events.py) and the periodic catch-up that closes ended
sessions, all through one SessionsService.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import logging
import re
from datetime import date, datetime, timedelta
from typing import Any

import discord
from apscheduler.triggers.interval import IntervalTrigger
from discord import app_commands
from discord.ext import commands

from bot import gate
from bot.access import group_here, require_leader
from bot.app import BalintBot
from bot.domain import wording
from bot.domain.calendar import local_to_utc
from bot.domain.quoting import words
from bot.domain.sessions import Slot, collision, parse_date_time
from bot.errors import UserError
from bot.reports.ics import CalendarSession, build_calendar
from bot.scheduling import DISCORD_TROUBLE, NONCE_TRUSTED, each_utc, nonce_for
from bot.store import schedule as store
from bot.store.agenda import case_intents_of_groups
from bot.store.groups import Group, get_group
from bot.store.mydata import groups_of
from bot.store.sessions import Session, current_or_next_session, get_session, upcoming_sessions
from bot.which_session import (
    date_label,
    day_label,
    find_session,
    local_start,
    session_choices,
    status_note,
    when,
)
from cogs.sessions._common import NO_MENTIONS, case_handle, not_started
from cogs.sessions._posts import YEAR_OVER
from cogs.sessions._service import SessionsService
from cogs.sessions._views import DYNAMIC_ITEMS

SWEEP_EVERY = timedelta(minutes=15)
DROPS = ("skipped", "cancelled")
log = logging.getLogger("cogs.sessions")
# The group's channel refused a change's notice: the leaders pass it on (the rest was done).
UNTOLD = (
    "I could not tell the members in <#{channel}>: Discord refused my post there (my role "
    'needs View Channel and Send Messages in it). Please pass it on: "{text}"'
)


async def _clean_reason(text: str | None) -> str | None:
    """A reason shown to the whole group: one line, no mentions, no patient identifiers."""
    if text is None:
        return None
    cleaned = words(re.sub(r"\s+", " ", text).strip())
    if (checked := (await gate.check({"reason": cleaned})).calendar()).blocked:
        raise UserError(
            "The reason is shown to the whole group, so it must not identify anyone. Nothing was "
            "changed; try again without these:\n" + checked.explain(only_blocking=True)
        )
    return cleaned or None


class ScheduleCog(
    commands.GroupCog, group_name="schedule", group_description="The group's weekly sessions"
):
    def __init__(self, bot: BalintBot, service: SessionsService) -> None:
        self.bot = bot
        self.service = service
        self._started = bot.now()  # changes made before this were made by an earlier process
        self._finished = False
        super().__init__()

    # -- wiring ---------------------------------------------------------------------------------

    async def cog_load(self) -> None:
        for kind in self.service.posts.kinds():
            self.bot.scheduler.register(kind)
        self.bot.hooks.session_changed.insert(0, self.service.follow)
        self.bot.hooks.group_closing.append(self.service.events.close_group)
        self.bot.hooks.member_data.append(self.member_data)
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.scheduler.aps.add_job(
            self.service.tick,
            IntervalTrigger(seconds=int(SWEEP_EVERY.total_seconds())),
            id="sessions-sweep",
            replace_existing=True,
        )
        # the public case counts move on a fixed beat, never at a member's press
        self.bot.scheduler.aps.add_job(
            self._count_beat,
            each_utc(minute=0),
            id="sessions-count-beat",
            replace_existing=True,
        )

    async def _count_beat(self) -> None:
        # a tracked task, so shutdown waits for it and tests can drain it (as the other ticks)
        self.bot.scheduler.spawn(self.service.posts.count_beat())

    async def cog_unload(self) -> None:
        self.bot.hooks.session_changed.remove(self.service.follow)
        self.bot.hooks.group_closing.remove(self.service.events.close_group)
        self.bot.hooks.member_data.remove(self.member_data)
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        for kind in self.service.posts.kinds():
            self.bot.scheduler.kinds.pop(kind.name, None)

    async def member_data(self, user_id: int) -> dict[str, Any]:
        """/mydata: the member's presses of "I have a case in mind" that the bot can still match
        to them (the sessions not yet closed; a session's presses go when it closes)."""
        groups = await groups_of(self.bot.db, user_id)
        presses = [
            {"group_name": name, "local_date": local_date}
            for session_id, name, local_date, handles in await case_intents_of_groups(
                self.bot.db, groups
            )
            if case_handle(self.bot.key, session_id, user_id) in handles
        ]
        return {"case_in_mind_presses": presses}

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if self.bot.start_scheduler:
            if not self._finished:  # once per process: what a stop left of a leader's change
                self._finished = True
                self.service.spawn(self._finish_changes())
            await self.service.tick()  # catch up after downtime: closes, events

    async def _finish_changes(self) -> None:
        """Carry out what a stop left of leaders' changes made before this start: the channel
        told, every capability followed. The latest change of each session counts (an earlier
        one's notice would now be wrong)."""
        db = self.bot.db
        latest = {u.session_id: u for u in await store.unfinished_changes(db, self._started)}
        for u in latest.values():
            session = await get_session(db, u.session_id)
            group = await get_group(db, session.group_id) if session else None
            if session is None or group is None or (u.change in DROPS) == session.is_active:
                await store.change_done(db, u.session_id, store.FOLLOWED)
                continue  # gone, or changed again since: nothing true left to tell
            try:
                untold = await self._carry_out(
                    group,
                    session,
                    u.change,
                    old_starts_at=u.old_starts_at,
                    at=u.changed_at,
                    done=u.done,
                )
                if untold is not None:
                    await self.bot.notify_leaders_once(
                        group.id,
                        f"untold:{session.id}:{u.changed_at.isoformat()}",
                        UNTOLD.format(channel=group.channel_id, text=untold),
                    )
            except Exception:
                log.exception("session %s: a change was not carried out; next start", session.id)

    # -- leaders' changes ---------------------------------------------------------------------

    async def _leader_session(
        self, interaction: discord.Interaction, date: str, doing: str
    ) -> tuple[Group, Session]:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        session = await find_session(self.bot.db, group, date, self.bot.now())
        not_started(self.bot, group, session, doing)
        return group, session

    async def _apply(
        self,
        interaction: discord.Interaction,
        group: Group,
        session: Session,
        change: str,
        **values: Any,
    ) -> tuple[Session, str]:
        """The change made and carried out; and what the leader's answer adds: where the
        members were told, or that the channel refused the notice and what to do."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        now = self.bot.now()
        try:
            updated = await store.apply_change(
                self.bot.db, session, change, by=interaction.user.id, now=now, **values
            )
        except store.Conflict:
            raise UserError(
                f"The session on {day_label(group, session)} was changed a moment ago by someone "
                "else; check /schedule show and try again if needed."
            ) from None
        untold = await self._carry_out(
            group, updated, change, old_starts_at=session.starts_at, at=now
        )
        if untold is not None:
            return updated, " " + UNTOLD.format(channel=group.channel_id, text=untold)
        return updated, f" Members were told in <#{group.channel_id}>."

    async def _carry_out(
        self,
        group: Group,
        session: Session,
        change: str,
        *,
        old_starts_at: datetime,
        at: datetime,
        done: int = store.WRITTEN,
    ) -> str | None:
        """After the change's row: the group's channel is told, then every capability follows
        (bot.session_changed), each step recorded (`store.change_done`), so that a stop part-way
        leaves what the next start finishes (`_finish_changes`), the channel told once. A notice
        Discord refuses (a permission lost, an outage) does not hold the rest back: its text is
        returned, for the leaders to pass on."""
        untold = None
        if done < store.TOLD and max(session.starts_at, old_starts_at) <= self.bot.now():
            # a restart after the day it concerns: the notice is stale, not sent late
            log.info("session %s: a change's notice is past its day; not posted", session.id)
            await store.change_done(self.bot.db, session.id, store.TOLD)
        elif done < store.TOLD:
            text = await self._announcement(group, session, change, old_starts_at)
            try:
                await self._announce(group, session, text, at)
            except DISCORD_TROUBLE as error:
                log.warning(
                    "group %s: the channel refused the notice of a change to session %s (%s)",
                    group.id,
                    session.id,
                    type(error).__name__,
                )
                untold = text
            else:
                await store.change_done(self.bot.db, session.id, store.TOLD)
        if done < store.FOLLOWED:
            await self.service.changed(session, change)
            await store.change_done(self.bot.db, session.id, store.FOLLOWED)
        if (
            change in DROPS
            and await self._next_after(group, session) is None
            and await current_or_next_session(self.bot.db, group.id, self.bot.now()) is None
        ):
            # the last session called off after the one before ended: no session is left whose
            # end tells the leaders what is left to do (cogs/sessions/_posts.py, YEAR_OVER)
            await self.bot.notify_leaders_once(
                group.id, "year-over", YEAR_OVER.format(name=group.name)
            )
        return untold

    async def _announcement(
        self, group: Group, session: Session, change: str, old_starts_at: datetime
    ) -> str:
        """What the group's channel is told of a change (the same text when a restart tells it)."""
        if change in DROPS:
            nxt = await self._next_after(group, session)
            word = "There will be no session" if change == "skipped" else "The session is cancelled"
            return (
                f"{word} on **{day_label(group, session)}**"
                + (f" ({session.reason})" if session.reason else "")
                + "."
                + (f" The next session is {when(nxt)}." if nxt else "")
            )
        if change == "restored":
            return f"The session of **{when(session)}** takes place after all."
        before = day_label(group, dataclasses.replace(session, starts_at=old_starts_at))
        return f"The session of **{before}** moves to {when(session)}."

    async def _announce(self, group: Group, session: Session, text: str, at: datetime) -> None:
        """Post a change's notice with a nonce made from the change, so a repeat after a stop
        is dropped by Discord; after a stop longer than Discord keeps a nonce, the bot's own
        post since the change is looked for first."""
        channel = self.service.posts.channel(group)
        if self.bot.now() - at > NONCE_TRUSTED and await self.bot.earlier_post(channel, text, at):
            return
        await channel.send(
            text,
            allowed_mentions=NO_MENTIONS,
            nonce=nonce_for(session.id, f"change:{at.isoformat()}"),
        )

    @app_commands.command(
        name="skip", description="Leaders: no session on this date (holiday, term break)"
    )
    @app_commands.describe(
        date="The session's date, e.g. 2026-12-24",
        reason="Optional, shown to members, e.g. 'term break'",
    )
    async def skip(
        self,
        interaction: discord.Interaction,
        date: str,
        reason: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        await self._drop(interaction, date, reason, "skipped")

    @app_commands.command(name="cancel", description="Leaders: call a session off")
    @app_commands.describe(
        date="The session's date, e.g. 2026-10-08", reason="Optional, shown to members"
    )
    async def cancel(
        self,
        interaction: discord.Interaction,
        date: str,
        reason: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        await self._drop(interaction, date, reason, "cancelled")

    async def _drop(
        self, interaction: discord.Interaction, date: str, reason: str | None, change: str
    ) -> None:
        doing = "skipped" if change == "skipped" else "cancelled"
        group, session = await self._leader_session(interaction, date, doing)
        if not session.is_active:
            raise UserError(
                f"The session on {day_label(group, session)} is already {session.status}. "
                "Nothing changed. (/schedule restore brings it back.)"
            )
        why = await _clean_reason(reason)
        updated, told = await self._apply(interaction, group, session, change, reason=why)
        await interaction.followup.send(
            f"Done: {day_label(group, updated)} is {change}"
            + (f" ({why})" if why else "")
            + ". Its posts are dropped and its Discord event is cancelled."
            + told
            + f" `/schedule restore date:{updated.local_date}` undoes it.",
            ephemeral=True,
        )

    @app_commands.command(
        name="restore", description="Leaders: bring back a skipped or cancelled session"
    )
    @app_commands.describe(date="The session's date, e.g. 2026-12-24")
    async def restore(self, interaction: discord.Interaction, date: str) -> None:
        group, session = await self._leader_session(interaction, date, "restored")
        if session.is_active:
            raise UserError(
                f"The session on {day_label(group, session)} is not skipped or cancelled; nothing "
                "to restore."
            )
        await self._no_collision(group, session, session.starts_at, session.ends_at)
        updated, told = await self._apply(interaction, group, session, "restored")
        await interaction.followup.send(
            f"Restored: the session of {when(updated)}. Its posts are planned again." + told,
            ephemeral=True,
        )

    @app_commands.command(
        name="move", description="Leaders: move one session to another day or time"
    )
    @app_commands.describe(
        date="The session's usual date, e.g. 2026-10-08",
        new_date_time="When it meets instead, e.g. 2026-10-09 14:00 (or only a date: same time)",
    )
    async def move(self, interaction: discord.Interaction, date: str, new_date_time: str) -> None:
        group, session = await self._leader_session(interaction, date, "moved")
        if not session.is_active:
            raise UserError(
                f"The session on {day_label(group, session)} is {session.status}; restore it "
                "first with /schedule restore, then move it."
            )
        day, at = parse_date_time(new_date_time, local_start(group, session).time())
        start = local_to_utc(day, at, group.timezone)
        end = start + (session.ends_at - session.starts_at)
        if start <= self.bot.now():
            raise UserError(
                f"{day_label(group, session)} cannot move into the past ({new_date_time}). Pick a "
                "date and time still to come."
            )
        if start == session.starts_at:
            raise UserError(f"The session already meets {when(session)}. Nothing changed.")
        await self._no_collision(group, session, start, end)
        before = day_label(group, session)
        updated, told = await self._apply(
            interaction, group, session, "moved", starts_at=start, ends_at=end
        )
        await interaction.followup.send(
            f"Moved: the session of {before} now meets {when(updated)}. Its posts follow the new "
            "time and the Discord event is updated." + told,
            ephemeral=True,
        )

    async def _no_collision(
        self, group: Group, session: Session, start: datetime, end: datetime
    ) -> None:
        others = await store.others_near(self.bot.db, session, start, end)
        slot = Slot(start.astimezone(local_start(group, session).tzinfo).date(), start, end)
        hit = collision(
            slot,
            [Slot(local_start(group, o).date(), o.starts_at, o.ends_at) for o in others],
        )
        if hit is not None:
            other = next(o for o in others if o.starts_at == hit.starts_at)
            raise UserError(
                f"That lands on another session ({day_label(group, other)}, {when(other)}). A group "
                "meets once a day: pick another time, or skip or move that session first. "
                "Nothing changed."
            )

    async def _next_after(self, group: Group, session: Session) -> Session | None:
        for s in await upcoming_sessions(
            self.bot.db, group.id, session.ends_at, limit=10, include_inactive=False
        ):
            if s.id != session.id:
                return s
        return None

    # -- everyone --------------------------------------------------------------------------------

    @app_commands.command(name="show", description="The next sessions (skipped ones marked)")
    @app_commands.describe(count="How many to show (default 6)")
    async def show(
        self, interaction: discord.Interaction, count: app_commands.Range[int, 1, 20] = 6
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        sessions = await upcoming_sessions(self.bot.db, group.id, self.bot.now(), limit=count)
        if not sessions:
            raise UserError(
                f"{group.name} has no more sessions planned (it ended {date_label(date.fromisoformat(group.end_date))})."
            )
        lines = [f"**Next sessions of {group.name}** (times in your own time zone):"]
        for s in sessions:
            if s.is_active:
                lines.append(f"• {when(s)}" + (" *(moved)*" if s.moved else ""))
            else:
                lines.append(f"• ~~{day_label(group, s)}~~: {status_note(s)}")
        lines.append("Take them to your calendar with /schedule calendar.")
        await interaction.response.send_message("\n".join(lines), ephemeral=True)

    @app_commands.command(
        name="calendar", description="The sessions as a calendar file for your phone"
    )
    async def calendar(self, interaction: discord.Interaction) -> None:
        group = await group_here(self.bot.db, interaction)
        sessions = await store.all_sessions(self.bot.db, group.id)
        data = await asyncio.to_thread(  # off the event loop: other groups keep being answered
            build_calendar,
            group_id=group.id,
            group_name=group.name,
            timezone=group.timezone,
            sessions=[
                CalendarSession(
                    s.id, s.local_date, s.starts_at, s.ends_at, s.status, s.reason, s.moved
                )
                for s in sessions
            ],
            sequences=await store.change_counts(self.bot.db, group.id),
            now=self.bot.now(),
            location=self.service.events.location(group),
        )
        filename = re.sub(r"[^a-z0-9]+", "-", group.name.lower()).strip("-") or "balint-group"
        await interaction.response.send_message(
            f"{wording.capital(wording.plural(len(sessions), 'session'))} of {group.name} as a "
            "calendar file: open it on your "
            "phone or import it into your calendar. Import it again after a change and the "
            "events already there are updated (skipped ones show as cancelled).",
            file=discord.File(io.BytesIO(data), filename=f"{filename}.ics"),
            ephemeral=True,
        )

    # -- autocomplete ----------------------------------------------------------------------------

    @skip.autocomplete("date")
    @cancel.autocomplete("date")
    @move.autocomplete("date")
    @restore.autocomplete("date")
    async def date_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await session_choices(self.bot.db, interaction, current, self.bot.now())


async def setup(bot: BalintBot, service: SessionsService) -> None:
    await bot.add_cog(ScheduleCog(bot, service))
