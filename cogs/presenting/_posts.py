"""Timed posts of the presenting capability, and its hooks into the sessions capability.

PostKinds (exactly once through the scheduler's ledger; private messages also once per member:
sent with a stable nonce, then recorded with rota.claim_dm, so a retried delivery neither
repeats nor loses one):
- presenting_nudge, T-nudge_hours: no presenter yet -> a gentle private note to the few members
  whose turn it most is (opted-out, absent and already-volunteered members are left out). Never a
  public list: each person only sees their own note.
- presenting_alert, T-leader_alert_hours: still nobody -> a private alert to the leaders.
- presenting_confirm, at the end: the leaders confirm who presented (default: who was scheduled) or
  record "no case".
- presenting_offer, at the end: reserves who were not reached are offered the next session first.
- presenting_followup, followup_weeks after: "would you like to give the group an update?"
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import discord

from bot import roster_notices
from bot.app import BalintBot
from bot.domain.calendar import discord_timestamp
from bot.domain.rota import MemberHistory, nudge_candidates, nudge_is_fair
from bot.domain.wording import plural, verb
from bot.scheduling import Delivery, PostKind
from bot.store import notices, rota
from bot.store.groups import Group, get_group, member_role, members
from bot.store.sessions import Session, next_session_to_start
from bot.which_session import date_option, day_label, when
from cogs.presenting._common import (
    UNNAMED,
    dm,
    excused,
    is_locked,
    post_to_leaders,
    tell_moves,
)
from cogs.presenting._views import (
    ConfirmButton,
    FollowupButton,
    NoCaseButton,
    NudgesOffButton,
    VolunteerButton,
    WhoSelect,
    view_of,
)

log = logging.getLogger(__name__)

NUDGE, ALERT, CONFIRM, OFFER, FOLLOWUP = (
    "presenting_nudge",
    "presenting_alert",
    "presenting_confirm",
    "presenting_offer",
    "presenting_followup",
)
LATE_NOTE = "\n*(Sent late: the bot was offline when this was due.)*"


async def _dm_once(
    bot: BalintBot,
    session: Session,
    user_id: int,
    kind: str,
    content: str,
    view: discord.ui.View | None = None,
) -> discord.Message | None:
    """One private message per (session, member, kind): sent, then recorded.

    Recording first lost the message for good when the process died in between (the retried
    delivery found it "sent"). Now a death between send and record repeats the send with the same
    nonce, which Discord drops within its nonce window, as for the channel posts.
    """
    if await rota.dm_was_sent(bot.db, session.id, user_id, kind):
        return None
    message = await dm(bot, user_id, content, key=(session.id, kind), view=view)
    await rota.claim_dm(bot.db, session.id, user_id, kind, bot.now())
    return message


def _where(
    message: discord.Message | None, before: tuple[int, int] | None
) -> tuple[int, int] | None:
    return (message.channel.id, message.id) if message is not None else before


async def _case_coming(bot: BalintBot, group: Group, session: Session) -> bool:
    """A scheduled presenter who can come, or a case prepared without a name on the rota (an
    approved anonymous draft, which the agenda lists): either way nobody needs asking."""
    current = await rota.standing(bot.db, group, session, bot.now())
    if await _present(bot, session, list(current.presenters)):
        return True
    for prepared in list(bot.hooks.cases_prepared):
        if await prepared(session):
            return True
    return False


async def _present(bot: BalintBot, session: Session, entries: list[rota.Entry]) -> list[int]:
    """Scheduled presenters who have not declared an absence for the session."""
    return [
        e.user_id
        for e in entries
        if e.status == rota.PRESENTER and not await excused(bot.db, session.id, e.user_id)
    ]


class PresentingPosts:
    """The handlers, bound to the bot."""

    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot

    def kinds(self) -> list[PostKind]:
        p = self.bot.settings.presenting
        nudge_useful = timedelta(hours=max(1, p.nudge_hours - p.leader_alert_hours))
        return [
            PostKind(NUDGE, "start", -timedelta(hours=p.nudge_hours), nudge_useful, self.nudge),
            PostKind(
                ALERT,
                "start",
                -timedelta(hours=p.leader_alert_hours),
                timedelta(hours=p.leader_alert_hours),
                self.alert,
            ),
            PostKind(CONFIRM, "end", timedelta(0), timedelta(days=14), self.confirm_prompt),
            PostKind(OFFER, "end", timedelta(0), timedelta(days=6), self.offer_reserves),
            PostKind(
                FOLLOWUP,
                "end",
                timedelta(weeks=p.followup_weeks),
                timedelta(days=14),
                self.followup,
            ),
        ]

    async def _group(self, session: Session) -> Group | None:
        return await get_group(self.bot.db, session.group_id)

    # -- before the session -----------------------------------------------------------------

    async def nudge(self, delivery: Delivery) -> tuple[int, int] | None:
        bot, session = self.bot, delivery.session
        group = await self._group(session)
        if group is None:
            return None
        notice = timedelta(hours=bot.settings.sessions.who_has_case_hours)
        created = datetime.fromisoformat(group.created_at)
        if not nudge_is_fair(created, session.starts_at, notice):
            log.info("group %s: session %s: no nudges, set up too recently", group.id, session.id)
            return None
        if await _case_coming(bot, group, session):
            return None
        now = bot.now()
        current = await rota.standing(bot.db, group, session, now)
        trainees = [m.user_id for m in await members(bot.db, group.id, role="trainee")]
        exclude = current.user_ids | await rota.nudges_off(bot.db, group.id)
        for user_id in trainees:
            if await excused(bot.db, session.id, user_id):
                exclude.add(user_id)
        hist = await rota.histories(bot.db, group, now, before=session)
        chosen = nudge_candidates(
            [hist.get(u) or MemberHistory(u) for u in trainees],
            count=bot.settings.presenting.nudge_count,
            exclude=exclude,
        )
        text = (
            f"Hello from {group.name}: a gentle, private note. Nobody has offered a case yet for "
            f"the session on {when(session)}. If a patient has been on your mind, you "
            "would be very welcome to bring them: a few words in the room are enough, no notes "
            "needed. If not, that's completely fine. This note went privately to only a few "
            "members, and nobody is told who. (`/nudges off` stops these.)"
        )
        where = None
        for user_id in chosen:
            view = view_of(VolunteerButton(session.id), NudgesOffButton(group.id))
            where = _where(await _dm_once(bot, session, user_id, "nudge", text, view), where)
        log.info(
            "group %s: session %s nudges sent to %d members", group.id, session.id, len(chosen)
        )
        return where

    async def alert(self, delivery: Delivery) -> tuple[int, int] | None:
        bot, session = self.bot, delivery.session
        group = await self._group(session)
        if group is None:
            return None
        if await _case_coming(bot, group, session):
            return None
        nudged = len(await rota.dm_recipients(bot.db, session.id, "nudge"))
        asked = (
            f" {plural(nudged, 'member')} {verb(nudged, 'was', 'were')} asked privately, and "
            "nobody has volunteered."
            if nudged
            else ""
        )
        text = (
            f"**No case yet for {when(session)}** "
            f"({discord_timestamp(session.starts_at, 'R')}).{asked} You could ask in the room, put "
            "a trainee down with `/presenter set` if they have agreed, or hold the session without "
            "a case."
        )
        return await post_to_leaders(
            bot, group, text + (LATE_NOTE if delivery.late else ""), nonce=delivery.nonce
        )

    # -- after the session ------------------------------------------------------------------

    def _display_name(self, group: Group, user_id: int) -> str:
        guild = self.bot.get_guild(group.guild_id)
        member = guild.get_member(user_id) if guild else None
        user = member or self.bot.get_user(user_id)
        return (user.display_name if user else f"member {user_id}")[:100]

    async def confirm_prompt(self, delivery: Delivery) -> tuple[int, int] | None:
        bot, session = self.bot, delivery.session
        group = await self._group(session)
        if group is None or await rota.confirmation(bot.db, session.id) is not None:
            return None
        if session.ends_at.isoformat() < group.created_at:
            return None  # met before the group was set up here: nothing to record
        entries = await rota.entries(bot.db, session.id)
        scheduled = await _present(bot, session, entries)
        absent = [
            e.user_id for e in entries if e.status == rota.PRESENTER and e.user_id not in scheduled
        ]
        trainees = [m.user_id for m in await members(bot.db, group.id, role="trainee")][:25]
        options = [
            discord.SelectOption(label=self._display_name(group, u), value=str(u)) for u in trainees
        ]
        items: list[discord.ui.Item[Any]] = []
        if scheduled:
            items.append(ConfirmButton(session.id))
        items += [NoCaseButton(session.id), WhoSelect(session.id, options, group.case_slots)]
        names = ", ".join(f"<@{u}>" for u in scheduled) or "nobody"
        if absent:
            names += " (" + ", ".join(f"<@{u}>" for u in absent) + " had declared an absence)"
        how = (
            "Press **Confirm as scheduled** if that's right, choose who presented instead, or "
            "record **No case**."
            if scheduled
            else "Choose who presented, or record **No case** if nobody did."
        )
        text = (
            f"**Who presented on {day_label(group, session)}?** The session has ended. "
            f"Scheduled: {names}. {how} The record feeds the fair rota and the trainees' "
            "portfolios."
        )
        return await post_to_leaders(
            bot,
            group,
            text + (LATE_NOTE if delivery.late else ""),
            nonce=delivery.nonce,
            view=view_of(*items),
        )

    async def offer_reserves(self, delivery: Delivery) -> tuple[int, int] | None:
        bot, session = self.bot, delivery.session
        group = await self._group(session)
        if group is None:
            return None
        waiting = [
            e.user_id for e in await rota.entries(bot.db, session.id) if e.status == "reserve"
        ]
        nxt = await next_session_to_start(bot.db, group.id, bot.now())
        if not waiting or nxt is None:
            return None
        text = (
            f"Thank you for offering a case for today's session of {group.name}; this time you "
            "weren't reached. You keep your place: if you volunteer for the next session, "
            f"{when(nxt)}, you go first (`/volunteer session:{date_option(nxt)}` or the "
            "button below)."
        )
        where = None
        for user_id in waiting:
            view = view_of(VolunteerButton(nxt.id, label=f"Volunteer for {day_label(group, nxt)}"))
            where = _where(await _dm_once(bot, session, user_id, "offer", text, view), where)
        return where

    async def followup(self, delivery: Delivery) -> tuple[int, int] | None:
        bot, session = self.bot, delivery.session
        group = await self._group(session)
        if group is None:
            return None
        where = None
        for user_id in await rota.presenters_of(bot.db, session):
            if await member_role(bot.db, group.id, user_id) is None:
                continue  # left the group
            if not await rota.ask_followup(bot.db, session.id, user_id, bot.now()):
                continue
            text = (
                f"Hello from {group.name}. On {day_label(group, session)} you presented a case to "
                "the group; thank you. Some weeks have passed: would you like to give the group a "
                "short update on that case, how things went on or what you have noticed since? "
                "Entirely up to you."
            )
            view = view_of(FollowupButton("yes", session.id), FollowupButton("no", session.id))
            try:
                message = await dm(bot, user_id, text, key=(session.id, "followup"), view=view)
            except Exception:
                await rota.forget_followup(bot.db, session.id, user_id)
                raise
            where = _where(message, where)
        return where


class PresentingHooks:
    """What the sessions capability asks of this one (bot.hooks)."""

    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot

    async def case_holders(self, session: Session) -> set[int]:
        return await rota.case_holders(self.bot.db, session.id)

    async def member_left(self, group_id: int, user_id: int) -> None:
        """A trainee off the roster leaves the rota: their offers for sessions still to come are
        withdrawn, and a reserve steps up (told privately), as if they had withdrawn."""
        group = await get_group(self.bot.db, group_id)
        if group is None:
            return
        now = self.bot.now()
        for session, _ in await rota.offers_of(self.bot.db, group_id, user_id, now):
            if session.starts_at <= now:
                continue
            outcome = await rota.withdraw(
                self.bot.db, group, session, user_id, now=now, locked=is_locked(self.bot, session)
            )
            if outcome is not None:
                await tell_moves(self.bot, group, session, outcome)

    async def agenda_parts(self, session: Session) -> list[str]:
        lines = []
        for entry in await rota.entries(self.bot.db, session.id):
            if entry.status == rota.PRESENTER:
                lines.append(f"Presenting: <@{entry.user_id}>" if entry.named else UNNAMED)
        for update in await rota.updates_for(self.bot.db, session.id):
            lines.append(
                f"A short update on a previous case from <@{update.user_id}>"
                if update.named
                else "A short update on a previous case"
            )
        return lines

    async def session_changed(self, session: Session, change: str) -> None:
        """Who offered a case for a moved session is told its new time; a skipped or cancelled
        one releases them, each told with a button for the next session. The DMs are recorded
        before any goes (bot/roster_notices.py; a release's in its own transaction): a stop
        part-way tells the rest at the next start, nobody twice."""
        bot = self.bot
        group = await get_group(bot.db, session.group_id)
        if group is None:
            return
        if change == "moved":
            current = await rota.standing(bot.db, group, session, bot.now())
            texts = {}
            for entry in (*current.presenters, *current.reserves):
                where = (
                    "you're still down to present"
                    if entry.status == rota.PRESENTER
                    else f"you're still reserve number {current.reserve_position(entry.user_id)}"
                )
                texts[entry.user_id] = (
                    f"The {group.name} session you offered a case for has moved: it now meets on "
                    f"{when(session)}, and {where}. If the new time doesn't suit you, "
                    f"`/withdraw session:{date_option(session)}`, no questions asked."
                )
            if texts:
                key = f"moved:{session.id}:{session.starts_at.isoformat()}"
                await roster_notices.decide(bot, group.id, key, texts)
                await roster_notices.send_pending(bot)
        elif change in ("skipped", "cancelled"):
            # offered the next meeting after the one that was dropped (their plan, a week later)
            nxt = await next_session_to_start(bot.db, group.id, max(session.starts_at, bot.now()))
            label = f"Volunteer for {day_label(group, nxt)}" if nxt else ""
            button = (
                roster_notices.NoticeButton.of(VolunteerButton(nxt.id, label=label).item).stored()
                if nxt
                else None
            )
            offer = f" The next session is {when(nxt)}." if nxt else ""
            text = (
                f"The {group.name} session on {day_label(group, session)} will not take place "
                f"({change}{': ' + session.reason if session.reason else ''}), so your offer "
                "of a case for it is released. You keep your place: the next time you "
                f"volunteer, you go first.{offer}"
            )
            key = f"released:{session.id}:{change}"
            now = bot.now()
            await rota.release(
                bot.db,
                group,
                session,
                change,
                now=now,
                then=lambda w, released: notices.decide_rows(
                    w, group.id, key, {e.user_id: text for e in released}, now, button
                ),
            )
            await rota.move_updates(bot.db, session.id, nxt.id if nxt else None)
            await roster_notices.send_pending(bot)


def register(bot: BalintBot) -> tuple[PresentingHooks, list[PostKind]]:
    """Register the posts, hooks and persistent buttons once (called from the volunteer cog)."""
    from cogs.presenting._views import DYNAMIC_ITEMS

    posts = PresentingPosts(bot)
    kinds = posts.kinds()
    for kind in kinds:
        bot.scheduler.register(kind)
    hooks = PresentingHooks(bot)
    bot.hooks.case_holders.append(hooks.case_holders)
    # first: the agenda names who presents before it lists the anonymous drafts' themes
    bot.hooks.agenda_parts.insert(0, hooks.agenda_parts)
    bot.hooks.session_changed.append(hooks.session_changed)
    bot.hooks.member_left.append(hooks.member_left)
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
    return hooks, kinds


def unregister(bot: BalintBot, hooks: PresentingHooks, kinds: list[PostKind]) -> None:
    from cogs.presenting._views import DYNAMIC_ITEMS

    for name, fn in (
        ("case_holders", hooks.case_holders),
        ("agenda_parts", hooks.agenda_parts),
        ("session_changed", hooks.session_changed),
        ("member_left", hooks.member_left),
    ):
        listeners = getattr(bot.hooks, name)
        if fn in listeners:
            listeners.remove(fn)
    for kind in kinds:
        bot.scheduler.kinds.pop(kind.name, None)
    bot.remove_dynamic_items(*DYNAMIC_ITEMS)
