"""The author's side of a draft: write it, edit it, withdraw it, answer the leaders, list one's own.

Nothing an author does reaches the leaders at once: a new or edited draft, an answer and a
withdrawal of a draft they have seen go with the next hourly round (cogs/drafts/_hourly_rounds.py), and the
author is told when. Logs name groups and sessions only, never people or text.
"""

from __future__ import annotations

import logging

import discord

from bot.access import require_member
from bot.app import BalintBot
from bot.domain.calendar import discord_timestamp
from bot.domain.drafts import DraftStatus
from bot.domain.quoting import quoted, words
from bot.errors import UserError
from bot.store import drafts as store
from bot.store.groups import Group, get_group
from bot.store.sessions import get_session
from cogs.drafts import _checks as checks
from cogs.drafts._button_actions import Action
from cogs.drafts._cards import NO_MENTIONS, round_time, status_of
from cogs.drafts._erase import erase, erase_author_copies
from cogs.drafts._gate import Pending
from cogs.drafts._views import buttons

log = logging.getLogger("cogs.draft")


async def group_of_new(bot: BalintBot, held: Pending) -> Group:
    """A new draft's group: the one its form was opened for (remembered look-up, no read of the
    session), else its session's."""
    if held.group_id is not None:
        group = await get_group(bot.db, held.group_id)
    else:
        session = await get_session(bot.db, held.target_id)
        group = await get_group(bot.db, session.group_id) if session else None
    if group is None:
        raise UserError("That session no longer exists.")
    return group


async def save_new(
    bot: BalintBot,
    interaction: discord.Interaction,
    held: Pending,
    group: Group | None = None,
) -> str:
    """Store a new draft. `group`: the draft's, if the caller has it; the session is read, and
    whether it still takes drafts decided, in the draft's own write (one hop to the store)."""
    group = group or await group_of_new(bot, held)
    await require_member(bot.db, group, interaction.user)
    now = bot.now()
    v = held.values
    try:
        _, session = await store.create_draft_in_session(
            bot.db,
            key=bot.key,
            session_id=held.target_id,
            group_id=group.id,
            user_id=interaction.user.id,
            theme=v["theme"] or "",
            body=v["body"] or "",
            first_name=v.get("first_name"),
            max_open=bot.settings.drafts.max_open_per_author_per_session,
            takes_drafts=lambda s: checks.accepting(now, s),
        )
    except store.NoSuchSession:
        raise UserError("That session no longer exists.") from None
    except store.TooManyDrafts as too_many:
        raise UserError(
            f"You already have {too_many.limit} open drafts for that session. Edit or withdraw "
            "one with /draft mine first."
        ) from None
    log.info("group %s session %s: an anonymous draft was submitted", group.id, session.id)
    return (
        f"Saved. Your anonymous draft for the session on {discord_timestamp(session.starts_at)} "
        f"goes to the leaders for review at {round_time(bot.now())}, together with any other "
        "drafts written this hour, so the time they see it says nothing about who wrote it. "
        "They see the text, never your name. When it is approved or rejected, or if they "
        "have a question, I tell you by direct message, and it always waits for you in "
        "/draft mine (if you do not accept DMs from this server, look there). See, edit or "
        "withdraw it with /draft mine."
    )


async def editable(bot: BalintBot, draft_id: int, user: discord.abc.User) -> store.Draft:
    """The author's own draft, if its session still takes drafts."""
    draft, _, session = await checks.authored(bot, draft_id, user)
    checks.accepting(bot.now(), session)
    return draft


async def save_edit(bot: BalintBot, interaction: discord.Interaction, held: Pending) -> str:
    draft, group, session = await checks.authored(bot, held.target_id, interaction.user)
    checks.accepting(bot.now(), session)
    v = held.values
    updated = await store.update_text(
        bot.db,
        draft.id,
        theme=v["theme"] or "",
        body=v["body"] or "",
        first_name=v.get("first_name"),
    )
    if updated is None:
        raise UserError("That draft is no longer open (withdrawn or rejected).")
    log.info("group %s session %s: an anonymous draft was edited", group.id, session.id)
    return (
        "Saved your changes. The draft goes back to the leaders for review at "
        f"{round_time(bot.now())}, with the next round of drafts (until then they see the "
        "earlier version; approving that one does not approve your changes)."
    )


async def ask_to_withdraw(bot: BalintBot, interaction: discord.Interaction, draft_id: int) -> None:
    draft, _, _ = await checks.authored(bot, draft_id, interaction.user)
    await interaction.response.send_message(
        f"Withdraw your draft “{words(draft.theme)}”? It is deleted at once, with every "
        "message that showed it (the leaders' copy too). This cannot be undone.",
        view=buttons((Action.WITHDRAW_CONFIRMED, draft.id)),
        ephemeral=True,
    )


async def withdraw(bot: BalintBot, interaction: discord.Interaction, draft_id: int) -> None:
    draft, group, session = await checks.authored(bot, draft_id, interaction.user)
    await interaction.response.defer()
    if not await store.set_status(bot.db, draft.id, DraftStatus.WITHDRAWN):
        raise UserError("That draft is no longer open.")
    if await store.was_shown(bot.db, draft.id):
        # the leaders' copies go with the next round: their vanishing now would date the act
        await erase_author_copies(bot, draft, interaction.user.id)
        text = (
            "Withdrawn. The leaders can no longer act on it. It is deleted, with every "
            f"message that showed it, at {round_time(bot.now())} with the next round of drafts, "
            "so that it disappearing does not tell anyone when you withdrew it."
        )
    else:
        complete = await erase(bot, draft)
        text = "Withdrawn. The draft is deleted (the leaders had not seen it yet)." + (
            "" if complete else " (A few messages will be removed shortly.)"
        )
    log.info("group %s session %s: an anonymous draft was withdrawn", group.id, session.id)
    await interaction.edit_original_response(content=text, view=None)


async def answerable(bot: BalintBot, question_id: int, user: discord.abc.User) -> store.Question:
    """A leader's question to this author that is still unanswered."""
    question = await checks.question(bot, question_id)
    await checks.authored(bot, question.draft_id, user)
    if question.answer is not None:
        raise UserError("You have already answered this question. Thank you!")
    return question


async def answer(bot: BalintBot, interaction: discord.Interaction, held: Pending) -> str:
    question = await checks.question(bot, held.target_id)
    draft, group, _ = await checks.authored(bot, question.draft_id, interaction.user)
    text = held.values.get("answer") or ""
    if not await store.answer_question(bot.db, question.id, text):
        raise UserError("You have already answered this question. Thank you!")
    log.info("group %s session %s: an author answered a question", group.id, draft.session_id)
    return (
        f"Thank you. Your answer reaches the leaders at {round_time(bot.now())}, with the next "
        "round of drafts, without your name."
    )


async def show_mine(bot: BalintBot, interaction: discord.Interaction, group: Group) -> None:
    drafts = await store.drafts_by(
        bot.db, key=bot.key, group_id=group.id, user_id=interaction.user.id
    )
    rejected = await store.rejections_waiting_for(
        bot.db, key=bot.key, group_id=group.id, user_id=interaction.user.id
    )
    if not drafts and not rejected:
        await interaction.response.send_message(
            "You have no open drafts in this group. Write one with /draft new.", ephemeral=True
        )
        return
    single = len(drafts) == 1
    lines = ["**Your anonymous drafts** (only you see this; the leaders never see who wrote them):"]
    for draft in rejected:  # shown once (the DM could not reach you), then deleted
        lines.append(
            f"❌ “{words(draft.theme)}”: the leaders did not accept it, and it has been "
            "deleted. Their reason:\n" + quoted(draft.reject_reason or "(none given)")
        )
    actions: list[tuple[Action, int, str]] = []
    for number, draft in enumerate(drafts[:8], start=1):
        session = await get_session(bot.db, draft.session_id)
        when = discord_timestamp(session.starts_at) if session else "?"
        suffix = "" if single else f" {number}"
        lines.append(f"**{number}.** “{words(draft.theme)}” for {when}: {status_of(draft)}")
        actions += [
            (Action.EDIT, draft.id, f"Edit{suffix}"),
            (Action.WITHDRAW, draft.id, f"Withdraw{suffix}"),
        ]
        for q in await store.questions_of(bot.db, draft.id):
            if q.answer is None:
                lines.append(f"    ❓ A leader asks: “{words(q.question[:300])}”")
                actions.append((Action.ANSWER, q.id, f"Answer{suffix}"))
    await interaction.response.send_message(
        "\n".join(lines)[:2000],
        view=buttons(*actions[:25]),
        ephemeral=True,
        allowed_mentions=NO_MENTIONS,
    )
    for draft in rejected:
        await store.mark_author_told(bot.db, draft.id)
        bot.scheduler.spawn(erase(bot, draft))
