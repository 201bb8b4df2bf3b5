"""The buttons on the week's posts, as persistent dynamic items so they work after a restart:
"I have a case in mind" (sessions:case:<session id>) and "I'm here" (sessions:checkin:<session id>).

Every press is answered privately within Discord's 3 seconds; errors go through the one handler
(a private reply, nothing changed). Nothing here logs who pressed what.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import discord

from bot.access import require_member
from bot.app import BalintBot
from bot.buttons import OneIdButton
from bot.domain.attendance import STATUS_WORDS, checkin_window, is_late
from bot.domain.calendar import discord_timestamp
from bot.errors import UserError
from bot.store import agenda as agenda_store
from bot.store import attendance as store
from bot.store.groups import Group, get_group
from bot.store.sessions import Session
from bot.which_session import day_label
from cogs.sessions._common import case_handle, session_by_id

CASE_LABEL = "I have a case in mind"
CHECKIN_LABEL = "I'm here"


def view_of(*items: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view


async def _trainee_at(
    interaction: discord.Interaction[BalintBot], session_id: int
) -> tuple[Session, Group]:
    bot = interaction.client
    session = await session_by_id(bot, session_id)
    group = await get_group(bot.db, session.group_id)
    if group is None:
        raise UserError("That group no longer exists.")
    role = await require_member(bot.db, group, interaction.user)
    if role == "leader":
        raise UserError(
            "This button is for the trainees on the roster; leaders don't need to press it."
        )
    if not session.is_active:
        raise UserError(
            f"The session on {day_label(group, session)} will not take place ({session.status}"
            + (f": {session.reason}" if session.reason else "")
            + "). /schedule show lists the next ones."
        )
    return session, group


class CaseIntentButton(
    OneIdButton, prefix="sessions:case", label=CASE_LABEL, style=discord.ButtonStyle.primary
):
    """On the T-72h post: say privately that you have a case in mind (press again to take it back)."""

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        bot = interaction.client
        session, group = await _trainee_at(interaction, self.target_id)
        if session.starts_at <= bot.now():
            raise UserError(
                f"The session on {day_label(group, session)} has started; this count was for "
                "planning it."
            )
        for holders in list(bot.hooks.case_holders):
            if interaction.user.id in await holders(session):
                raise UserError(
                    "You have already offered a case for this session (with /volunteer), so you "
                    "are counted already. Nothing changed."
                )
        held = await agenda_store.toggle_case_intent(
            bot.db, session.id, case_handle(bot.key, session.id, interaction.user.id)
        )
        await interaction.response.send_message(
            "Noted: only the number is shown, never who. Press again to take it back."
            if held
            else "Taken back: you are no longer counted. Press again if you change your mind.",
            ephemeral=True,
        )
        # the public number follows at the next whole hour (count_beat), not now; and the
        # write-ahead log is emptied, so that it does not keep the press beside the presser's
        # own write just before (a check-in, a name), as after an anonymous draft or answer
        await bot.db.forget()


class CheckinButton(
    OneIdButton, prefix="sessions:checkin", label=CHECKIN_LABEL, style=discord.ButtonStyle.success
):
    """On the T0 post: "I'm here". After start + grace it records late."""

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        bot = interaction.client
        session, group = await _trainee_at(interaction, self.target_id)
        s = bot.settings.sessions
        now = bot.now()
        window = checkin_window(
            session.starts_at, session.ends_at, timedelta(minutes=s.opening_minutes)
        )
        state = window.state(now)
        if state == "before":
            raise UserError(
                f"The check-in for {day_label(group, session)} opens at "
                f"{discord_timestamp(window.opens, 't')}; press it again then."
            )
        if state == "after":
            raise UserError(
                f"The check-in for {day_label(group, session)} closed when the session ended "
                f"({discord_timestamp(session.ends_at, 't')}). If you were there, ask a leader to "
                "record it with /attendance mark."
            )
        late = is_late(now, session.starts_at, timedelta(minutes=s.checkin_grace_minutes))
        outcome, record = await store.check_in(bot.db, session.id, interaction.user.id, now, late)
        if outcome == "already" and record is not None and record.checked_in_at:
            text = (
                "You're already checked in (at "
                f"{discord_timestamp(record.checked_in_at, 't')}). Nothing changed."
            )
        elif outcome == "kept" and record is not None:
            text = (
                "A leader has already recorded your attendance for this session as "
                f"**{STATUS_WORDS[record.status]}**; if that is not right, tell them."
            )
        elif late:
            text = (
                f"You're checked in at {discord_timestamp(now, 't')}: recorded as late (the group "
                f"started at {discord_timestamp(session.starts_at, 't')}). You still count as "
                "attended; come in quietly."
            )
        else:
            text = "You're checked in. Welcome!"
        await interaction.response.send_message(text, ephemeral=True)


DYNAMIC_ITEMS = (CaseIntentButton, CheckinButton)
