"""Approved drafts in the T-24h agenda, and taking them out of it again.

Themes are published all at once, in random order, in the one agenda post, so that the order and
time of approval say nothing about who wrote what. The full text is added only when the host turns
on the group's `publish_draft_text` choice. The lines given to the agenda are remembered, so a draft withdrawn
afterwards, and every draft at expiry, can be removed from that post by editing it.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Collection
from typing import Any

import discord

from bot.app import BalintBot
from bot.domain.drafts import DraftStatus
from bot.domain.quoting import quoted, words
from bot.store import drafts as store
from bot.store.deliveries import delivered_message
from bot.store.groups import get_group
from bot.store.sessions import Session

log = logging.getLogger("cogs.draft")

HEADING = 0  # draft_id recorded for the heading line
HEADING_TEXT = (
    "**Anonymous case drafts** (approved by the leaders; all shown together, in random order):"
)
_shuffle = random.SystemRandom().shuffle
# The agenda is one Discord message (2,000 characters) shared with the leaders' text and other
# lines: with more full text than this, every draft is shown by its theme instead (never some
# drafts in full and others dropped, which would make the random order decide).
FULL_TEXT_ROOM = 1200
TOO_LONG_TEXT = "*(The drafts' full texts do not fit in one message; the leaders have them.)*"


def agenda_line(draft: store.Draft, full_text: bool) -> str:
    """One draft as a line of the agenda: its theme (and invented name), and the text if enabled."""
    line = f"• {words(draft.theme)}"
    if draft.first_name:
        line += f" (“{words(draft.first_name)}”)"
    if full_text:
        line += "\n" + quoted(draft.body)
    return line


async def agenda_part(bot: BalintBot, session: Session) -> list[str]:
    """The bot.hooks.agenda_parts contribution: approved drafts of the session, shuffled."""
    approved = await store.drafts_of_session(bot.db, session.id, (DraftStatus.APPROVED,))
    if not approved:
        return []
    _shuffle(approved)
    lines: list[tuple[int, str]] = [(HEADING, HEADING_TEXT)]
    full = [(d.id, agenda_line(d, True)) for d in approved]
    group = await get_group(bot.db, session.group_id)
    with_text = group is not None and group.publish_draft_text
    if with_text and sum(len(x) + 1 for _, x in full) <= FULL_TEXT_ROOM:
        lines += full
    else:
        lines += [(d.id, agenda_line(d, False)) for d in approved]
        if with_text:
            lines.append((HEADING, TOO_LONG_TEXT))
    await store.record_agenda_lines(bot.db, session.id, lines)
    log.info(
        "group %s session %s: %d approved drafts given to the agenda",
        session.group_id,
        session.id,
        len(approved),
    )
    return [line for _, line in lines]


def _without(text: str, lines: Collection[str]) -> str:
    for line in lines:
        for variant in (line + "\n", "\n" + line, line):
            if variant in text:
                text = text.replace(variant, "", 1)
                break
    return text


def _embed_without(embed: discord.Embed, lines: Collection[str]) -> discord.Embed:
    data = embed.to_dict()
    if data.get("description"):
        data["description"] = _without(data["description"], lines).strip()
        if not data["description"]:
            del data["description"]
    fields: list[Any] = []
    for f in data.get("fields", []):
        value = _without(f.get("value", ""), lines).strip()
        if value:
            fields.append({**f, "value": value})
    data["fields"] = fields
    return discord.Embed.from_dict(data)


async def scrub_agenda(bot: BalintBot, session_id: int, draft_ids: Collection[int] | None) -> None:
    """Take drafts (all when draft_ids is None) out of the session's agenda post, by editing it.

    Raises discord.HTTPException when Discord refuses for a reason worth retrying.
    """
    recorded = await store.agenda_lines(bot.db, session_id)
    remove = [
        line for did, line in recorded if did != HEADING and (draft_ids is None or did in draft_ids)
    ]
    if not remove:
        return
    if not [line for did, line in recorded if did != HEADING and line not in remove]:
        remove += [line for did, line in recorded if did == HEADING]
    where = await delivered_message(bot.db, session_id, "agenda")
    if where is not None:
        await _edit_out(bot, where, remove)
        log.info("session %s: drafts taken out of the agenda post", session_id)
    await store.forget_agenda_lines(bot.db, session_id, remove)


async def _edit_out(bot: BalintBot, where: tuple[int, int], lines: list[str]) -> None:
    channel_id, message_id = where
    channel = bot.get_partial_messageable(channel_id)
    try:
        message = await channel.fetch_message(message_id)
    except discord.NotFound:
        return
    content = _without(message.content or "", lines)
    embeds = [_embed_without(e, lines) for e in message.embeds]
    if content == message.content and [e.to_dict() for e in embeds] == [
        e.to_dict() for e in message.embeds
    ]:
        return
    if not content.strip() and not embeds:
        content = "_(The anonymous case drafts shown here were removed after the session.)_"
    await message.edit(content=content, embeds=embeds)
