"""A poll's life: opened and posted, a private reminder to those who have not answered, closed,
and the release decision told to the leaders.

Every step is idempotent (a claim in the store decides who does it), so the scheduled posts and
the hourly sweep can both try it and it still happens once. Logs name polls and groups, never a
person, an answer or a comment.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import discord

from bot import clock, private_logs
from bot.domain import wording
from bot.domain.calendar import discord_timestamp, zone
from bot.domain.feedback import banded_responses, decide_release
from bot.domain.wording import plural
from bot.scheduling import DISCORD_TROUBLE, nonce_for, retrying_since
from bot.store import feedback as fb
from bot.store.groups import Group, all_groups, get_group, members
from bot.store.sessions import Session
from cogs.feedback._reminder_dms import delete_closed_polls_reminders, turn_lock
from cogs.feedback._views import AnswerButton

if TYPE_CHECKING:
    from bot.app import BalintBot

log = logging.getLogger("cogs.feedback")


def local_today(group: Group, now: datetime) -> date:
    return now.astimezone(zone(group.timezone)).date()


def day_words(d: date) -> str:
    return wording.day(d, clock.today())


def answer_view(poll_id: int) -> discord.ui.View:
    """The "Answer (anonymous)" button (a dynamic item: works after restarts, in DMs too)."""
    view = discord.ui.View(timeout=None)
    view.add_item(AnswerButton(poll_id))
    return view


async def group_thresholds(bot: BalintBot, group_id: int) -> tuple[int, int]:
    s = bot.settings.feedback
    return await fb.thresholds(bot.db, group_id, s.min_responses, s.min_responses_for_comments)


def poll_post_text(poll: fb.Poll, k: int) -> str:
    if poll.kind == "pulse":
        head = (
            f"**How was the session?** Feedback on {poll.label}: four quick questions and an "
            "optional comment, about a minute."
        )
    else:
        head = (
            "**End-of-year survey.** Fourteen questions about the year and two optional questions "
            "in your own words, about five minutes."
        )
    return (
        f"{head}\nIt is anonymous: nobody, leaders included, can see who answered or what. The "
        f"leaders see the results only after it closes, and only if at least {k} people answer. "
        f"Open until {discord_timestamp(poll.closes_at)}."
    )


async def _group_channel(bot: BalintBot, group: Group) -> discord.abc.Messageable | None:
    """The group's channel; a partial one while the cache is still filling (e.g. a reconnect)."""
    channel = bot.get_channel(group.channel_id)
    if isinstance(channel, discord.abc.Messageable):
        return channel
    return bot.get_partial_messageable(group.channel_id, guild_id=group.guild_id)


# -- opening -------------------------------------------------------------------------------------


async def open_pulse(bot: BalintBot, session: Session, nonce: str) -> tuple[int, int] | None:
    """Open the pulse for a session that just ended and post its button in the group channel."""
    group = await get_group(bot.db, session.group_id)
    if group is None:
        return None
    channel = await _group_channel(bot, group)
    if channel is None:
        log.warning("group %s: its channel is gone; no feedback pulse posted", group.id)
        return None
    s = bot.settings.feedback
    poll, _ = await fb.create_poll(
        bot.db,
        group_id=group.id,
        session_id=session.id,
        kind="pulse",
        label=f"the session of {day_words(session.date)}",
        opens_at=min(
            bot.now(), session.ends_at + timedelta(hours=s.pulse_open_hours) - timedelta(seconds=1)
        ),
        closes_at=session.ends_at + timedelta(hours=s.pulse_open_hours),
        remind_at=session.ends_at + timedelta(hours=s.pulse_reminder_hours),
    )
    if poll.message_id:
        return poll.channel_id or group.channel_id, poll.message_id
    k, _ = await group_thresholds(bot, group.id)
    message = await channel.send(poll_post_text(poll, k), view=answer_view(poll.id), nonce=nonce)
    await fb.set_message(bot.db, poll.id, message.channel.id, message.id)
    log.info("feedback pulse %s opened for session %s", poll.id, session.id)
    return message.channel.id, message.id


class SurveyExists(Exception):
    def __init__(self, poll: fb.Poll) -> None:
        self.poll = poll


async def open_survey(bot: BalintBot, group: Group) -> fb.Poll:
    """Open the group's end-of-year survey now (once per group) and post it."""
    s = bot.settings.feedback
    now = bot.now()
    closes = now + timedelta(days=s.survey_open_days)
    remind = now + timedelta(days=s.survey_reminder_days)
    if remind >= closes:
        remind = now + (closes - now) * 2 / 3
    poll, created = await fb.create_poll(
        bot.db,
        group_id=group.id,
        kind="survey",
        label="the end-of-year survey",
        opens_at=now,
        closes_at=closes,
        remind_at=remind,
    )
    if not created:
        raise SurveyExists(poll)
    log.info("feedback survey %s opened for group %s", poll.id, group.id)
    await post_missing(bot, poll)
    return poll


async def post_missing(bot: BalintBot, poll: fb.Poll) -> None:
    """Post an open survey's button if it has no post yet (a failed post is tried again)."""
    if poll.message_id or not poll.is_open:
        return
    group = await get_group(bot.db, poll.group_id)
    channel = await _group_channel(bot, group) if group else None
    if group is None or channel is None:
        return
    k, _ = await group_thresholds(bot, group.id)
    try:
        message = await channel.send(
            poll_post_text(poll, k), view=answer_view(poll.id), nonce=f"feedback-poll-{poll.id}"
        )
    except discord.HTTPException:
        log.warning("group %s: could not post feedback poll %s; will try again", group.id, poll.id)
        return
    await fb.set_message(bot.db, poll.id, message.channel.id, message.id)


async def survey_due(bot: BalintBot, group: Group, now: datetime) -> bool:
    """Whether the automatic end-of-year survey should open now for this group."""
    end = date.fromisoformat(group.end_date)
    today = local_today(group, now)
    start_on = end - timedelta(days=bot.settings.feedback.survey_days_before_end)
    if not start_on <= today <= end:
        return False
    return await fb.survey_of_group(bot.db, group.id) is None


# -- reminding -------------------------------------------------------------------------------------


async def remind(bot: BalintBot, poll: fb.Poll) -> bool:
    """Plan a private reminder to each trainee on the roster who has not answered; True if this
    call planned it.

    Who has not answered is computed by recomputing handles at each trainee's own time and used
    only to address that DM: it is neither stored nor shown, and nobody else is told anything.
    Each time is drawn alone over the window (fb.ReminderTurns: from the key and the poll's
    salt, so nothing per member is written): sent one after another, their times counted the
    trainees who had not answered. The turns go in the order of those times, each written
    before its reminder is sent (`fb.take_turn`), answered or not; so a restart picks them up
    where they stopped (`resume_reminders`), nobody is reminded twice, and nobody is recorded
    as reminded.
    """
    if not await fb.claim_reminder(bot.db, poll.id, bot.now()):
        return False
    await _next_turn(bot, poll)
    log.info("feedback poll %s of group %s: reminders planned", poll.id, poll.group_id)
    return True


async def _turns(bot: BalintBot, poll: fb.Poll) -> fb.ReminderTurns | None:
    trainees = [m.user_id for m in await members(bot.db, poll.group_id, role="trainee")]
    return await fb.reminder_turns(bot.db, poll.id, bot.key, trainees)


def _window(bot: BalintBot) -> timedelta:
    return timedelta(minutes=bot.settings.feedback.reminder_window_minutes)


async def _next_turn(bot: BalintBot, poll: fb.Poll) -> None:
    """Plan the next trainee's turn at its time (in memory: the store can rebuild it)."""
    turns = await _turns(bot, poll)
    if turns is None or not turns.pending():
        return
    draw, _ = turns.pending()[0]
    bot.scheduler.at(max(turns.due(draw, _window(bot)), bot.now()), _take_turn, bot, poll, draw)


async def _take_turn(bot: BalintBot, poll: fb.Poll, draw: int) -> None:
    """One trainee's turn at its time: taken (written) first, the next turn planned, then their
    reminder if the poll is still open and they are on the roster and have not answered.

    Nothing is logged at the turn's moment (`private_logs.unattributed`): a line then (discord.py's
    429, a DM Discord failed) exists only if a reminder went, and the time is this trainee's
    alone (drawn from the key), so it told the key's holder that they had not answered. Such
    lines, a failure's among them, are counted in the hour's report instead. And the next turn
    is planned before the DM goes: APScheduler logs it ("Added job", to the millisecond), and
    planned after, its delay from the turn's "Running job" was a request to Discord longer
    when a reminder went."""
    planned = False
    with private_logs.unattributed():
        try:
            async with turn_lock(bot, poll.id):  # the close's deletion of reminders waits for it
                if not await fb.take_turn(bot.db, poll.id, draw):
                    return  # closed, or taken already
                turns = await _turns(bot, poll)
                await _next_turn(bot, poll)
                planned = True
                user_id = turns.last() if turns is not None else None
                if user_id is not None:
                    await _remind_one(bot, poll, user_id)
        except DISCORD_TROUBLE:  # one lost reminder stops none of the others
            log.warning("feedback poll %s: Discord did not take a reminder", poll.id)
        except Exception:
            log.exception("feedback poll %s: a reminder failed", poll.id)
    if not planned:
        await _next_turn(bot, poll)


async def resume_reminders(bot: BalintBot) -> None:
    """At start: carry on the open polls' reminders where they stopped. The turn taken last may
    have been cut off before or after its DM went: the DM is looked for in that trainee's
    messages first (bot.send_dm under retrying_since). If the next turn's time passed while the
    bot was down, the window begins again now, keeping the random spacing of the turns to come
    (sent at once, one after another, their order would count who had not answered)."""
    for poll in await fb.open_polls(bot.db):
        turns = await _turns(bot, poll) if poll.reminded else None
        if turns is None:
            continue
        last = turns.last()
        if last is not None:  # that turn's trainee alone: logged as the turn itself is
            async with turn_lock(bot, poll.id):
                with retrying_since(poll.remind_at), private_logs.unattributed():
                    await _remind_one(bot, poll, last)
        pending = turns.pending()
        if pending:
            late = bot.now() - turns.due(pending[0][0], _window(bot))
            if late > timedelta(0):
                await fb.move_reminders(bot.db, poll.id, turns.starts + late)
        await _next_turn(bot, poll)


async def _remind_one(bot: BalintBot, poll: fb.Poll, user_id: int) -> None:
    """One reminder, if the poll is still open and they have still not answered (and are still
    on the roster)."""
    if bot.now() >= poll.closes_at:
        return  # back after the close time, before the close itself
    roster = {m.user_id for m in await members(bot.db, poll.group_id, role="trainee")}
    if user_id not in roster or not await fb.non_responders(bot.db, poll.id, bot.key, [user_id]):
        return
    text = (
        f"A gentle reminder: the anonymous feedback on {poll.label} is open until "
        f"{discord_timestamp(poll.closes_at)}. "
        + ("It takes about a minute. " if poll.kind == "pulse" else "It takes about five minutes. ")
        + "If you would rather not answer, just ignore this message. (Everyone who has not "
        "answered gets this reminder; the bot does not tell anyone who they are.)"
    )
    await bot.send_dm(
        user_id, text, view=answer_view(poll.id), nonce=nonce_for(poll.id, f"reminder:{user_id}")
    )


# -- closing and releasing -----------------------------------------------------------------------


@dataclass(frozen=True)
class Closed:
    poll: fb.Poll
    released: bool
    notice: str


async def close(bot: BalintBot, poll: fb.Poll) -> Closed | None:
    """Close a poll (salt destroyed, answered table emptied), decide the release, tell leaders;
    then, out of their sight, delete its reminders (in the background, cogs/feedback/_reminder_dms.py)."""
    closed = await _close_and_tell(bot, poll)
    if closed is not None:
        bot.scheduler.spawn(delete_closed_polls_reminders(bot))
    return closed


async def _close_and_tell(bot: BalintBot, poll: fb.Poll) -> Closed | None:
    group = await get_group(bot.db, poll.group_id)
    if group is None:
        return None
    if not await fb.close_poll(bot.db, poll.id, local_today(group, bot.now())):
        return None
    log.info("feedback poll %s of group %s closed", poll.id, group.id)
    await _mark_post_closed(bot, poll)
    closed = await fb.get_poll(bot.db, poll.id)
    if closed is not None and closed.responses == 0:
        notice = f"The feedback on {poll.label} for {group.name} closed with no responses."
        await bot.tell_leaders(group.id, notice)
        return Closed(poll, False, notice)
    k, comment_k = await group_thresholds(bot, group.id)
    kind: fb.Kind = "pulse" if poll.kind == "pulse" else "survey"
    pending = await fb.pending_batches(bot.db, group.id, kind)
    release = decide_release(pending, k, comment_k)
    if release.released:
        await fb.save_release(
            bot.db, group.id, kind, release, k=k, comment_k=comment_k, now=bot.now()
        )
        pooled = len(release.poll_ids)
        notice = (
            f"📊 Feedback results are ready for {group.name}: {poll.label}"
            + (
                f" (pooled with {pooled - 1} earlier, so nobody can be singled out)"
                if pooled > 1
                else ""
            )
            + f", {plural(release.responses, 'response')}."
            + (
                f" {plural(len(release.comments), 'comment')} for the leaders."
                if release.comments
                else ""
            )
            + "".join(f" {n}" for n in release.notes)
            + " Use /feedback results to see the chart"
            + (" and the comments." if release.comments else ".")
        )
    elif release.responses or pending:
        counted = banded_responses(release.responses, k=k)
        if kind == "pulse":
            notice = (
                f"The feedback on {poll.label} for {group.name} has closed. Results are not shown "
                f"yet: {counted} so far, and results are shown from {k} so nobody can be "
                "singled out. The answers are kept and pooled with the next session's."
            )
        else:
            notice = (
                f"The end-of-year survey for {group.name} has closed with {counted}. "
                f"Results are shown only from {k} responses so nobody can be singled out, so its "
                "results cannot be shown."
            )
    else:
        notice = release.reason
    await bot.tell_leaders(group.id, notice)
    return Closed(poll, release.released, notice)


async def _mark_post_closed(bot: BalintBot, poll: fb.Poll) -> None:
    if not (poll.channel_id and poll.message_id):
        return
    channel = bot.get_channel(poll.channel_id)
    if not isinstance(channel, discord.TextChannel | discord.Thread):
        return
    try:
        await channel.get_partial_message(poll.message_id).edit(
            content=f"The anonymous feedback on {poll.label} is closed. Thank you to everyone "
            "who answered.",
            view=None,
        )
    except discord.HTTPException:
        log.info("feedback poll %s: its post could not be marked closed", poll.id)


# -- the sweep ---------------------------------------------------------------------------------


async def sweep(bot: BalintBot) -> None:
    """Hourly: remind, close and open what is due (also catches up after downtime)."""
    now = bot.now()
    to_close, to_remind = await fb.polls_due(bot.db, now)
    for poll in to_close:
        await close(bot, poll)
    for poll in to_remind:
        await remind(bot, poll)
    for group in await all_groups(bot.db):
        if await survey_due(bot, group, now) and await _group_channel(bot, group) is not None:
            with contextlib.suppress(SurveyExists):  # opened meanwhile by a leader
                await open_survey(bot, group)
    for poll in await fb.open_polls(bot.db):
        if poll.message_id is None and poll.kind == "survey":
            await post_missing(bot, poll)
    # reminders of polls closed before a restart (or whose deletion Discord interrupted)
    bot.scheduler.spawn(delete_closed_polls_reminders(bot))
