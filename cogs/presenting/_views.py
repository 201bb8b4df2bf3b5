"""Buttons and selects of the presenting capability, as persistent dynamic items.

Their custom_ids carry the session (or group) they are about, e.g. "presenting:volunteer:42", so a
button in a direct message still works after a restart; each is registered once with
`bot.add_dynamic_items` in the cog's setup. discord.py only logs a dynamic item's exceptions, so
every callback routes its errors through the one handler itself (a private reply, no change).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.access import require_leader
from bot.app import BalintBot, bot_of
from bot.buttons import GuardedItem, OneIdButton
from bot.domain.sessions import agenda_not_out_after
from bot.errors import UserError
from bot.store import rota
from bot.store.groups import Group, get_group, member_role
from bot.store.sessions import Session, get_session, next_session_to_start
from bot.which_session import day_label, when
from cogs.presenting._common import excused, session_and_group
from cogs.presenting._offers import offer_case

CONFIRM_LABEL = "Confirm as scheduled"
NO_CASE_LABEL = "No case"
WHO_PLACEHOLDER = "Someone else presented…"
VOLUNTEER_LABEL = "I'll bring a case"
NUDGES_OFF_LABEL = "No more nudges"
YES_LABEL = "Yes, I'd like to"
NO_LABEL = "No, thank you"


def _still_open(bot: BalintBot, group: Group, session: Session) -> None:
    if session.status != "scheduled":
        raise UserError(
            f"The session on {day_label(group, session)} is {session.status}; "
            "`/volunteer` offers a case for the next one."
        )
    if session.starts_at <= bot.now():
        raise UserError(
            f"The session on {day_label(group, session)} has already started; "
            "`/volunteer` offers a case for the next one."
        )


# -- in private messages to trainees ----------------------------------------------------------


class VolunteerButton(
    OneIdButton,
    prefix="presenting:volunteer",
    label=VOLUNTEER_LABEL,
    style=discord.ButtonStyle.success,
):
    """In a nudge or an offer: volunteer for that session (the id) with one press."""

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VolunteerButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(int(match["id"]), label=label or VOLUNTEER_LABEL)

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        bot = interaction.client
        session, group = await session_and_group(bot, self.target_id)
        _still_open(bot, group, session)
        reply = await offer_case(bot, group, session, interaction.user, None)
        await interaction.response.send_message(reply.text, ephemeral=True)
        if reply.then is not None:
            await reply.then()


class NudgesOffButton(
    OneIdButton,
    prefix="presenting:nudges-off",
    label=NUDGES_OFF_LABEL,
    style=discord.ButtonStyle.secondary,
):
    """In a nudge: no more of them, without having to find the command."""

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        bot = interaction.client
        group = await get_group(bot.db, self.target_id)
        if group is None or await member_role(bot.db, group.id, interaction.user.id) is None:
            raise UserError("You are not on that group's roster any more; nothing to turn off.")
        await rota.set_nudges(bot.db, group.id, interaction.user.id, False, bot.now())
        await interaction.response.send_message(
            f"Done: no more nudges from {group.name}. Turn them back on any time with "
            "`/nudges on` in the group's channel.",
            ephemeral=True,
        )


class FollowupButton(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"presenting:followup:(?P<answer>yes|no):(?P<sid>\d+)",
):
    """Weeks after presenting: would you like to give the group an update on that case?"""

    def __init__(self, answer: str, session_id: int) -> None:
        yes = answer == "yes"
        super().__init__(
            discord.ui.Button(
                label=YES_LABEL if yes else NO_LABEL,
                style=discord.ButtonStyle.primary if yes else discord.ButtonStyle.secondary,
                custom_id=f"presenting:followup:{answer}:{session_id}",
            )
        )
        self.answer = answer
        self.session_id = session_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any
    ) -> FollowupButton:
        return cls(match["answer"], int(match["sid"]))

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        bot = interaction.client
        session, group = await session_and_group(bot, self.session_id)
        if await member_role(bot.db, group.id, interaction.user.id) != "trainee":
            # an old question adds no agenda slot, with her name, for someone who has left
            raise UserError(f"You are not on the roster of {group.name} any more.")
        now = bot.now()
        # the next session whose agenda has not gone out yet
        target = await next_session_to_start(
            bot.db, group.id, agenda_not_out_after(now, bot.settings.sessions.agenda_hours)
        )
        if self.answer == "yes" and target is None:
            raise UserError(
                f"{group.name} has no sessions left this year to give an update in; thank you all "
                "the same."
            )
        answered = await rota.answer_followup(
            bot.db,
            session.id,
            interaction.user.id,
            self.answer,
            now=now,
            update_session_id=target.id if target else None,
        )
        if answered is None:
            raise UserError("This question was meant for the member who presented that case.")
        if self.answer == "no":
            text = (
                "Thank you for letting me know; no update is planned. If you change your mind, "
                f"the {YES_LABEL!r} button still works."
            )
        else:
            slot = await get_session(bot.db, answered.update_session_id or 0)
            text = (
                "Thank you. There will be a short slot for your update on the agenda of "
                f"{when(slot) if slot else 'the next session'}."
            )
        await interaction.response.send_message(text, ephemeral=True)


# -- for leaders, after a session -------------------------------------------------------------


async def _record(
    interaction: discord.Interaction, session_id: int, chosen: list[int] | None
) -> None:
    """Record who presented (None: as scheduled; []: no case) and update the prompt."""
    bot = bot_of(interaction)
    session, group = await session_and_group(bot, session_id)
    await require_leader(bot.db, group, interaction.user)
    if session.ends_at > bot.now():
        raise UserError("Record who presented once the session has ended.")
    if chosen is None:  # as scheduled, leaving out anyone who had declared an absence
        chosen = [
            e.user_id
            for e in await rota.entries(bot.db, session.id)
            if e.status == rota.PRESENTER and not await excused(bot.db, session.id, e.user_id)
        ]
    for user_id in chosen:
        if await member_role(bot.db, group.id, user_id) != "trainee":
            raise UserError(f"<@{user_id}> is not a trainee of {group.name}; choose a trainee.")
    record = await rota.confirm(bot.db, session.id, chosen, by=interaction.user.id, now=bot.now())
    who = (
        "no case"
        if record.no_case
        else ", ".join(f"<@{u}>" for u in record.presenters) + " presented"
    )
    await interaction.response.edit_message(
        content=(
            f"**{day_label(group, session)}: recorded, {who}** (by {interaction.user.mention}). "
            "This feeds the fair rota and the presenters' portfolios; choose again below to "
            "correct it."
        ),
        allowed_mentions=discord.AllowedMentions.none(),
    )


class ConfirmButton(
    OneIdButton, prefix="presenting:confirm", label=CONFIRM_LABEL, style=discord.ButtonStyle.success
):
    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        await _record(interaction, self.target_id, None)


class NoCaseButton(
    OneIdButton,
    prefix="presenting:nocase",
    label=NO_CASE_LABEL,
    style=discord.ButtonStyle.secondary,
):
    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        await _record(interaction, self.target_id, [])


class WhoSelect(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=r"presenting:who:(?P<sid>\d+)",
):
    """Pick who actually presented, from the group's trainees."""

    def __init__(
        self, session_id: int, options: list[discord.SelectOption], max_values: int = 1
    ) -> None:
        super().__init__(
            discord.ui.Select(
                placeholder=WHO_PLACEHOLDER,
                custom_id=f"presenting:who:{session_id}",
                options=options
                or [discord.SelectOption(label="(nobody on the roster)", value="0")],
                min_values=1,
                max_values=max(1, min(max_values, len(options) or 1)),
            )
        )
        self.session_id = session_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any
    ) -> WhoSelect:
        if not isinstance(item, discord.ui.Select):
            raise ValueError("not a select menu")
        return cls(int(match["sid"]), list(item.options), item.max_values)

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        values = [int(v) for v in self.item.values if v.isdigit() and v != "0"]
        if not values:
            raise UserError("Choose at least one trainee, or press No case.")
        await _record(interaction, self.session_id, values)


DYNAMIC_ITEMS = (
    VolunteerButton,
    NudgesOffButton,
    FollowupButton,
    ConfirmButton,
    NoCaseButton,
    WhoSelect,
)


def view_of(*items: discord.ui.Item[Any]) -> discord.ui.View:
    """A view made only of dynamic items (discord.py then keeps no per-message state for it)."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view
