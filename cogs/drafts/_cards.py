"""What the leaders see of a draft: its review card and buttons, kept up to date.

A card shows the text, the invented first name, the status and the leaders' questions with the
author's answers, never who wrote it. Approve carries the text's fingerprint, so a card showing an
earlier version approves only that version, never one the leaders have not seen.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

import discord

from bot.app import BalintBot
from bot.domain.calendar import discord_timestamp
from bot.domain.drafts import DraftStatus, next_round
from bot.domain.quoting import quoted, words
from bot.store import drafts as store
from bot.store.sessions import Session
from cogs.drafts._button_actions import Action
from cogs.drafts._views import buttons

log = logging.getLogger("cogs.draft")

STATUS = {DraftStatus.PENDING: "⏳ Waiting for review", DraftStatus.APPROVED: "✅ Approved"}
NO_MENTIONS = discord.AllowedMentions.none()


def status_of(draft: store.Draft) -> str:
    return STATUS.get(draft.status, draft.status)


def round_time(now: datetime) -> str:
    """When what an author does now reaches the leaders (the next round), as Discord shows it."""
    return discord_timestamp(next_round(now), "t")


def card(
    draft: store.Draft,
    session: Session,
    status: str,
    questions: Sequence[store.Question] = (),
    *,
    updated: bool = False,
) -> discord.Embed:
    again = " (updated)" if updated else ""
    embed = discord.Embed(
        title=f"Anonymous case draft #{draft.id}{again}: {words(draft.theme)}"[:256],
        description=quoted(draft.body)[:4096],
        colour=discord.Colour.blurple(),
    )
    embed.add_field(name="Session", value=discord_timestamp(session.starts_at), inline=True)
    if draft.first_name:
        embed.add_field(name="Invented first name", value=words(draft.first_name), inline=True)
    embed.add_field(name="Status", value=status, inline=False)
    for number, q in enumerate(questions[:5], start=1):
        answer = quoted(q.answer) if q.answer else "(no answer yet)"
        embed.add_field(
            name=f"Question {number}", value=f"{quoted(q.question)}\n**Answer:**\n{answer}"[:1024]
        )
    embed.set_footer(
        text="Nobody, the leaders included, is shown who wrote this. Questions reach the "
        "author through the bot, anonymously."
    )
    return embed


def leader_buttons(draft: store.Draft) -> discord.ui.View:
    """Approve carries the text's fingerprint: a card for an earlier version cannot approve."""
    actions: list[tuple[Action, int | str]] = [(Action.REJECT, draft.id), (Action.ASK, draft.id)]
    if draft.status == DraftStatus.PENDING:
        actions.insert(0, (Action.APPROVE, f"{draft.id}-{draft.fingerprint}"))
    return buttons(*actions)


async def refresh_cards(bot: BalintBot, draft: store.Draft, session: Session, status: str) -> None:
    """Edit every card already posted for the draft (after a leader acted on it), as the leaders
    saw it at the last round (`draft` is that version)."""
    questions = await store.questions_of(bot.db, draft.id, seen=True)
    for shown in await store.messages_of(bot.db, draft.id, ("card",)):
        if shown.message_id == store.NO_MESSAGE or not shown.channel_id or shown.on_its_way:
            continue  # no card, or one on its way (the round posting it shows it as it is)
        channel = bot.get_partial_messageable(shown.channel_id)
        try:
            await channel.get_partial_message(shown.message_id).edit(
                embed=card(draft, session, status, questions),
                view=leader_buttons(draft),
            )
        except discord.HTTPException:
            log.warning("session %s: a draft card could not be updated", session.id)
