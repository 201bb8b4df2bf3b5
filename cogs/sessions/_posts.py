"""The week's timed posts in the group's channel (PostKinds, exactly once through the scheduler's
ledger), with offsets from settings.sessions:

- who_has_case, T-72h: "Who has a case?" with an "I have a case in mind" button; only the number of
  members who have one is shown (presenting's volunteers and the button's presses, never names),
  updated only on the hourly beat (`count_beat`), never when someone presses or volunteers: an
  edit a few milliseconds after a press told whoever watched who was online then.
- agenda, T-24h: the leaders' text (or a gentle default) and the lines other capabilities add
  (named presenters, approved anonymous draft themes); pinned, last week's unpinned. Drafts find
  this post again by its kind, "agenda", to take their lines out after the session.
- opening, T-10min: the ground rules in two lines.
- checkin, T0: the "I'm here" button; after start + grace it records late.
- close, at the end: the frame closes (plain). Absences are decided then (see close_attendance).

A post sent after downtime carries a note; one no longer useful is recorded as missed by the
scheduler and never sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import timedelta
from typing import Any

import discord

from bot.app import BalintBot
from bot.domain.attendance import Drift, drift_message, drift_run
from bot.domain.calendar import discord_timestamp
from bot.domain.sessions import MESSAGE_LIMIT, Agenda, compose_agenda
from bot.domain.wording import plural, verb
from bot.permissions import PIN
from bot.scheduling import Delivery, PostKind, nonce_for
from bot.store import agenda as agenda_store
from bot.store import attendance as store
from bot.store import notices
from bot.store import schedule as sched_store
from bot.store.deliveries import delivered_message
from bot.store.groups import Group, get_group
from bot.store.schedule import sessions_with_post_before_start
from bot.store.sessions import Session, current_or_next_session, get_session
from bot.which_session import date_label, day_label, local_start, when
from cogs.sessions._common import NO_MENTIONS
from cogs.sessions._views import CaseIntentButton, CheckinButton, view_of
from cogs.sessions._voice import present_in_voice

log = logging.getLogger("cogs.sessions")

WHO_HAS_CASE, AGENDA, OPENING, CHECKIN, CLOSE = (
    "who_has_case",
    "agenda",
    "opening",
    "checkin",
    "close",
)
CHECKIN_USEFUL = timedelta(
    minutes=240
)  # the longest session; until_end stops it at the session's end
LATE_NOTE = "\n*(Sent late: the bot was offline when this was due.)*"
PIN_PERMISSION = (
    "I could not pin this week's agenda in <#{channel}>: my role needs the "
    f"**{PIN.name}** permission there (since February 2026 Manage Messages alone is not "
    "enough). The agenda is posted anyway; grant it in the channel's settings → Permissions → "
    "my role, and next week's will be pinned."
)


def count_line(count: tuple[int, int]) -> str:
    """The public count: presses of the button and offers to present, apart. Counted together
    (each member once) an offer would not move the number if its member had pressed, and the
    leaders, who see the offers, would learn whose press it was."""
    presses, offers = count
    if presses == 0 and offers == 0:
        return "Nobody has said they have a case in mind yet."
    lines = []
    if presses:
        have = verb(presses, "has", "have")
        lines.append(f"**{plural(presses, 'member')} {have} a case in mind.**")
    if offers:
        have = verb(offers, "has", "have")
        lines.append(f"**{plural(offers, 'member')} {have} offered to present.**")
    return " ".join(lines)


YEAR_OVER = (
    "**That was the last session of {name}'s year.** When you are ready: `/report year` for "
    "the year at a glance, `/attendance endorse` for each trainee's certificate, then `/group "
    "close`: you get the year's exports (attendance, certificates, the report), and everything "
    "but the attendance ledger is deleted. Nothing closes by itself: until then the group and "
    "its records stay as they are. Next year, once it is closed: `/group renew` in the same "
    "channel."
)


class SessionPosts:
    """The handlers, bound to the bot; also the edits that keep posted messages true."""

    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        self._locks: dict[int, asyncio.Lock] = {}
        # The count each "Who has a case?" post shows (as of its last beat), so a leader's move
        # re-times the post without revealing presses since the beat. Lost on restart: then the
        # current count (documented in docs/privacy.md, Timing).
        self._shown: dict[int, tuple[int, int]] = {}

    def lock(self, session_id: int) -> asyncio.Lock:
        return self._locks.setdefault(session_id, asyncio.Lock())

    def kinds(self) -> list[PostKind]:
        s = self.bot.settings.sessions
        who_useful = timedelta(hours=max(1, s.who_has_case_hours - s.agenda_hours))
        return [
            PostKind(
                WHO_HAS_CASE,
                "start",
                -timedelta(hours=s.who_has_case_hours),
                who_useful,
                self.who_has_case,
            ),
            PostKind(
                AGENDA,
                "start",
                -timedelta(hours=s.agenda_hours),
                timedelta(hours=s.agenda_hours),
                self.agenda,
            ),
            PostKind(
                OPENING,
                "start",
                -timedelta(minutes=s.opening_minutes),
                timedelta(minutes=s.opening_minutes + 10),
                self.opening,
            ),
            # useful while the session runs: the scheduler's limit is the longest session a group
            # can have; the handler itself sends nothing once this session has ended
            PostKind(CHECKIN, "start", timedelta(0), CHECKIN_USEFUL, self.checkin, until_end=True),
            # at the end, and first of the posts due then (order): the frame closes before the
            # feedback pulse asks how it was
            PostKind(CLOSE, "end", timedelta(0), timedelta(hours=2), self.close, order=-1),
        ]

    # -- helpers ------------------------------------------------------------------------------

    def channel(self, group: Group) -> discord.abc.Messageable:
        found = self.bot.get_channel(group.channel_id)
        if isinstance(found, discord.abc.Messageable):
            return found
        return self.bot.get_partial_messageable(group.channel_id, guild_id=group.guild_id)

    async def _send(
        self, group: Group, delivery: Delivery, content: str, view: discord.ui.View | None = None
    ) -> tuple[int, int]:
        if await self.late(group, delivery):
            content += LATE_NOTE
        since = delivery.look_before_posting(self.bot.now())
        if since is not None:  # a retry after a long stop: did the first attempt post it?
            earlier = await self.bot.earlier_post(self.channel(group), content, since)
            if earlier is not None:
                return (earlier.channel.id, earlier.id)
        kwargs: dict[str, Any] = {"nonce": delivery.nonce, "allowed_mentions": NO_MENTIONS}
        if view is not None:
            kwargs["view"] = view
        message = await self.channel(group).send(content, **kwargs)
        if view is not None:
            view.stop()  # presses are routed by the dynamic items; don't keep a View per post
        return (message.channel.id, message.id)

    async def late(self, group: Group, delivery: Delivery) -> bool:
        """Late because the bot was offline; not when the group was set up, or the session moved
        or restored, after the post's due time (then it simply goes out now)."""
        if not delivery.late or delivery.due_at.isoformat() < group.created_at:
            return False
        return not await sched_store.moved_or_restored_since(
            self.bot.db, delivery.session.id, delivery.due_at
        )

    async def _group(self, session: Session) -> Group | None:
        return await get_group(self.bot.db, session.group_id)

    # -- T-72h: who has a case? ---------------------------------------------------------------

    async def case_count(self, session: Session) -> tuple[int, int]:
        """(presses of the button, members who offered to present), apart (see count_line)."""
        presses = len(await agenda_store.case_intent_handles(self.bot.db, session.id))
        offered: set[int] = set()
        for holders in list(self.bot.hooks.case_holders):
            try:
                offered |= await holders(session)
            except Exception:
                log.exception("a case_holders hook failed for session %s", session.id)
        return presses, len(offered)

    def who_has_case_text(self, group: Group, session: Session, count: tuple[int, int]) -> str:
        return (
            f"**Who has a case?** {group.name} meets {when(session)}.\n"
            "If a patient has stayed on your mind, press the button to let the leaders know you "
            "have a case in mind. Only the number is shown, never who, and you can still decide "
            "on the day. (To put your case forward, use /volunteer.)\n\n" + count_line(count)
        )

    async def who_has_case(self, delivery: Delivery) -> tuple[int, int] | None:
        session = delivery.session
        group = await self._group(session)
        if group is None:
            return None
        count = await self.case_count(session)
        self._shown[session.id] = count
        text = self.who_has_case_text(group, session, count)
        return await self._send(group, delivery, text, view_of(CaseIntentButton(session.id)))

    async def shown_count(self, session: Session) -> tuple[int, int]:
        """The number the post shows now (as of the last beat)."""
        if session.id not in self._shown:
            self._shown[session.id] = await self.case_count(session)
        return self._shown[session.id]

    async def count_beat(self) -> None:
        """At each whole hour: every open "Who has a case?" post shows the current number, so an
        edit's time says nothing about who pressed or volunteered (only that the number moved
        within the hour)."""
        now = self.bot.now()
        for session in await sessions_with_post_before_start(self.bot.db, WHO_HAS_CASE, now):
            try:
                await self.refresh_case_count(session)
            except discord.HTTPException:
                log.warning("session %s: the case count could not be updated", session.id)

    async def refresh_case_count(self, session: Session) -> None:
        """Edit the posted T-72h message to the current number if it changed (one at a time)."""
        async with self.lock(session.id):
            where = await delivered_message(self.bot.db, session.id, WHO_HAS_CASE)
            group = await self._group(session)
            if where is None or group is None:
                return
            count = await self.case_count(session)
            if self._shown.get(session.id) == count:
                return
            if await self._edit(where, self.who_has_case_text(group, session, count)):
                self._shown[session.id] = count

    async def _edit(
        self,
        where: tuple[int, int],
        content: str,
        *,
        view: discord.ui.View | None = None,
        drop_view: bool = False,
    ) -> bool:
        channel = self.bot.get_partial_messageable(where[0])
        kwargs: dict[str, Any] = {"content": content, "allowed_mentions": NO_MENTIONS}
        if drop_view:
            kwargs["view"] = None
        elif view is not None:
            kwargs["view"] = view
        try:
            await channel.get_partial_message(where[1]).edit(**kwargs)
            return True
        except discord.NotFound:
            return False

    # -- T-24h: the agenda -------------------------------------------------------------------

    async def agenda_parts(self, session: Session) -> list[str]:
        lines: list[str] = []
        for part in list(self.bot.hooks.agenda_parts):
            try:
                lines += await part(session)
            except Exception:
                log.exception("an agenda_parts hook failed for session %s", session.id)
        return lines

    async def agenda_content(self, group: Group, session: Session, *, late: bool = False) -> Agenda:
        row = await agenda_store.get_agenda(self.bot.db, session.id)
        heading = f"**Agenda: {group.name}, {when(session)}**"
        limit = MESSAGE_LIMIT - (len(LATE_NOTE) if late else 0)
        return compose_agenda(
            heading, row.text if row else None, await self.agenda_parts(session), limit
        )

    async def agenda(self, delivery: Delivery) -> tuple[int, int] | None:
        session = delivery.session
        group = await self._group(session)
        if group is None:
            return None
        built = await self.agenda_content(group, session, late=await self.late(group, delivery))
        where = await self._send(group, delivery, built.content)
        pinned = await self._pin(group, where)
        await agenda_store.record_posted(self.bot.db, session.id, *where, pinned=pinned)
        if pinned:
            await self._unpin_older(group, session)
        return where

    async def _pin(self, group: Group, where: tuple[int, int]) -> bool:
        message = self.bot.get_partial_messageable(where[0]).get_partial_message(where[1])
        try:
            await message.pin(reason="This week's agenda")
            await self.bot.resolve_notices(group.id, "missing:pin_messages")
            return True
        except discord.Forbidden:
            await self.bot.notify_leaders_once(
                group.id, "missing:pin_messages", PIN_PERMISSION.format(channel=group.channel_id)
            )
            return False

    async def _unpin_older(self, group: Group, session: Session) -> None:
        for old in await agenda_store.pinned_agendas(self.bot.db, group.id, besides=session.id):
            if old.channel_id and old.message_id:
                partial = self.bot.get_partial_messageable(old.channel_id)
                try:
                    await partial.get_partial_message(old.message_id).unpin(
                        reason="A newer agenda is pinned"
                    )
                except discord.NotFound:
                    pass
                except discord.Forbidden:
                    continue
            await agenda_store.set_pinned(self.bot.db, old.session_id, False)

    async def refresh_agenda(self, session: Session) -> Agenda | None:
        """After an edit (or a move): rebuild the posted agenda in place. None if not posted."""
        async with self.lock(session.id):
            where = await delivered_message(self.bot.db, session.id, AGENDA)
            group = await self._group(session)
            if where is None or group is None:
                return None
            built = await self.agenda_content(group, session)
            if not await self._edit(where, built.content):
                return None
            return built

    async def withdraw_posts(self, session: Session) -> None:
        """A skipped or cancelled session: posts already out say so; the agenda is unpinned."""
        group = await self._group(session)
        if group is None:
            return
        note = (
            f"~~{group.name}, {day_label(group, session)}~~: this session will not take place"
            + (f" ({session.reason})." if session.reason else ".")
        )
        async with self.lock(session.id):
            where = await delivered_message(self.bot.db, session.id, WHO_HAS_CASE)
            if where:
                await self._edit(where, note, drop_view=True)
            where = await delivered_message(self.bot.db, session.id, AGENDA)
            if where:
                await self._edit(where, note)
                row = await agenda_store.get_agenda(self.bot.db, session.id)
                if row and row.pinned:
                    with contextlib.suppress(discord.NotFound, discord.Forbidden):
                        await (
                            self.bot.get_partial_messageable(where[0])
                            .get_partial_message(where[1])
                            .unpin(reason="The session will not take place")
                        )
                    await agenda_store.set_pinned(self.bot.db, session.id, False)

    async def after_move(self, session: Session) -> None:
        """Posts already out show the new time (the count as of the last beat)."""
        group = await self._group(session)
        if group is not None:
            async with self.lock(session.id):
                where = await delivered_message(self.bot.db, session.id, WHO_HAS_CASE)
                if where:
                    count = await self.shown_count(session)
                    await self._edit(where, self.who_has_case_text(group, session, count))
        await self.refresh_agenda(session)

    async def after_restore(self, session: Session) -> None:
        """Posts that said "will not take place" are themselves again (the agenda pinned again)."""
        group = await self._group(session)
        if group is None:
            return
        async with self.lock(session.id):
            where = await delivered_message(self.bot.db, session.id, WHO_HAS_CASE)
            if where:
                text = self.who_has_case_text(group, session, await self.shown_count(session))
                await self._edit(where, text, view=view_of(CaseIntentButton(session.id)))
        built = await self.refresh_agenda(session)
        where = await delivered_message(self.bot.db, session.id, AGENDA)
        if built is not None and where is not None and await self._pin(group, where):
            await agenda_store.set_pinned(self.bot.db, session.id, True)
            await self._unpin_older(group, session)

    # -- T-10min and T0 ---------------------------------------------------------------------

    async def opening(self, delivery: Delivery) -> tuple[int, int] | None:
        session = delivery.session
        group = await self._group(session)
        if group is None:
            return None
        text = (
            f"**{group.name} starts at {discord_timestamp(session.starts_at, 't')}.** "
            "What is said here stays here, and nothing is recorded.\n"
            "We start on time: press *I'm here* when the check-in appears."
        )
        return await self._send(group, delivery, text)

    async def checkin(self, delivery: Delivery) -> tuple[int, int] | None:
        session = delivery.session
        group = await self._group(session)
        if group is None:
            return None
        if self.bot.now() >= session.ends_at:
            log.info("check-in for session %s not sent: the session has ended", session.id)
            return None
        grace = timedelta(minutes=self.bot.settings.sessions.checkin_grace_minutes)
        text = (
            f"**Check-in: {group.name}, {day_label(group, session)}.** Press *I'm here* as you "
            f"arrive (only you see your answer). From {discord_timestamp(session.starts_at + grace, 't')} "
            "it counts as late."
        )
        if self.bot.settings.sessions.voice_attendance and group.voice_channel_id:
            text += f" Joining <#{group.voice_channel_id}> checks you in too."
        where = await self._send(group, delivery, text, view_of(CheckinButton(session.id)))
        await present_in_voice(self.bot, group, session)  # already in the group's voice channel
        return where

    # -- the end: the frame closes, absences are decided ---------------------------------------

    async def close(self, delivery: Delivery) -> tuple[int, int] | None:
        session = delivery.session
        group = await self._group(session)
        if group is None:
            return None
        upcoming = await current_or_next_session(self.bot.db, group.id, session.ends_at)
        text = "The session has ended and the frame closes. What was said stays with the group." + (
            f"\nNext session: {when(upcoming)}."
            if upcoming
            else "\nThat was the last session of the year."
        )
        where = await self._send(group, delivery, text)
        await self.close_attendance(session)  # after the post, so the frame closes first
        if upcoming is None:
            # nothing closes a group by itself: without this, what is left was a guess
            await self.bot.notify_leaders_once(
                group.id, "year-over", YEAR_OVER.format(name=group.name)
            )
        return where

    async def close_attendance(self, session: Session) -> None:
        """Decide absences once, then alert the leaders about members drifting away."""
        bot = self.bot
        group = await self._group(session)
        if group is None:
            return
        counted = await delivered_message(bot.db, session.id, CHECKIN) is not None
        absent = await store.close_session(bot.db, session, bot.now(), counted=counted)
        if absent is None:
            return
        log.info("group %s: session %s closed (%d absent)", group.id, session.id, len(absent))
        if not counted:
            # nobody could press "I'm here": nobody is marked absent; /attendance group shows the
            # leaders this session as unrecorded, for /attendance mark
            return
        threshold = bot.settings.sessions.drift_alert_absences
        everyone = await store.group_records(bot.db, group.id, until=bot.now()) if absent else {}
        decided = []
        for user_id in absent:
            records = everyone.get(user_id, [])
            run = drift_run([r.status for r in records], threshold)
            if run is None:
                continue
            length, begun = run
            first = records[begun]
            missed = [
                date_label(local_start(group, _as_session(r, session)).date())
                for r in records[begun:]
                if r.status == "absent"
            ]
            drift = Drift(f"<@{user_id}>", length, tuple(missed))
            alert = notices.DriftAlert(group.id, user_id, first.session_id, _kept(drift))
            if await notices.decide_drift_alert(bot.db, alert, bot.now()):
                decided.append(alert)
        if decided:
            await self.tell_drift(decided)

    async def tell_drift(self, alerts: list[notices.DriftAlert]) -> None:
        """Send decided drift alerts, one message per group for all its trainees, then mark them
        sent (a death in between: the sweep sends them again with the same nonce, which Discord
        drops if the first went out)."""
        by_group: dict[int, list[notices.DriftAlert]] = {}
        for alert in alerts:
            by_group.setdefault(alert.group_id, []).append(alert)
        for group_id, told in by_group.items():
            group = await get_group(self.bot.db, group_id)
            if group is None:
                continue
            told.sort(key=lambda a: (a.first_session_id, a.user_id))
            drifts = [(a, _drift(a)) for a in told]
            # one message for the group's trainees; an alert kept by an older version (its whole
            # text) goes as it was
            batches = [[a for a, d in drifts if d is not None]]
            batches += [[a] for a, d in drifts if d is None]
            for batch in (b for b in batches if b):
                found = [d for d in (_drift(a) for a in batch) if d is not None]
                who = ",".join(str(a.user_id) for a in batch)
                await self.bot.tell_leaders(
                    group_id,
                    drift_message(group.name, found) if found else batch[0].text,
                    allowed_mentions=NO_MENTIONS,
                    nonce=nonce_for(batch[0].first_session_id, f"drift:{who}"),
                )
                for alert in batch:
                    await notices.drift_alert_sent(self.bot.db, alert)

    async def sweep(self) -> None:
        """Close sessions whose end passed without a close (downtime, or a missed close post),
        and send drift alerts decided but not sent (the process died in between)."""
        pending = await notices.pending_drift_alerts(self.bot.db)
        if pending:
            await self.tell_drift(pending)
        for session in await store.sessions_to_close(self.bot.db, self.bot.now()):
            fresh = await get_session(self.bot.db, session.id)
            if fresh is not None:
                await self.close_attendance(fresh)


def _kept(drift: Drift) -> str:
    """What a decided alert keeps until it is sent (for a resend after a crash)."""
    return json.dumps({"who": drift.who, "length": drift.length, "missed": list(drift.missed)})


def _drift(alert: notices.DriftAlert) -> Drift | None:
    """The kept alert, or None for one kept by an older version as its whole text."""
    try:
        kept = json.loads(alert.text)
        return Drift(kept["who"], kept["length"], tuple(kept["missed"]))
    except (ValueError, TypeError, KeyError):
        return None


def _as_session(record: store.Record, like: Session) -> Session:
    """A record's start as a Session-shaped value for labels (only starts_at is read)."""
    return Session(
        id=record.session_id,
        group_id=like.group_id,
        local_date=record.local_date,
        starts_at=record.starts_at,
        ends_at=record.starts_at,
        status="scheduled",
        reason=None,
        moved=False,
        event_id=None,
    )
