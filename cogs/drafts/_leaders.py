"""The leaders' side of a draft: approve, reject with a reason, ask the author, review the list.

The leaders' own actions take effect at once (their timing says nothing about an author); the
author hears of them by DM, through the bot, without anyone learning who they are, and finds them
in /draft mine whatever their DM settings. What a leader is told never depends on the author: the
reply is the same words whether the DM reached them or not (closed DMs would name the author),
and it is sent before the DM is tried, so its timing does not depend on it either.
Logs name groups and sessions only, never people or text.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import discord

from bot.access import require_leader
from bot.app import BalintBot
from bot.domain.calendar import discord_timestamp
from bot.domain.drafts import DraftStatus
from bot.domain.quoting import quoted, words
from bot.errors import UserError
from bot.replies import Reply
from bot.store import drafts as store
from bot.store.groups import Group
from bot.store.sessions import Session, get_session
from cogs.drafts import _checks as checks
from cogs.drafts._author_messages import finish_rejection, tell_author, to_leaders
from cogs.drafts._button_actions import Action
from cogs.drafts._cards import STATUS, card, leader_buttons, refresh_cards, round_time
from cogs.drafts._erase import erase
from cogs.drafts._gate import Pending
from cogs.drafts._views import buttons

log = logging.getLogger("cogs.draft")

MAX_LISTED = 10


async def approve(
    bot: BalintBot, interaction: discord.Interaction, draft_id: int, version: str | None
) -> None:
    draft, group, session = await checks.led(bot, draft_id, interaction.user)
    seen = draft.as_seen()
    if version is not None and version != seen.fingerprint:
        raise UserError(
            "This card shows an earlier version of the draft than the leaders' last round: "
            "approve the newer card."
        )
    await interaction.response.defer(ephemeral=True, thinking=True)
    status = await store.approve_seen(bot.db, draft.id, seen.fingerprint)
    if status is None:
        raise UserError("This draft is not waiting for review any more (already approved?).")
    seen = replace(seen, status=DraftStatus.APPROVED)
    await refresh_cards(bot, seen, session, f"✅ Approved by {interaction.user.mention}")
    published = await store.agenda_decided(bot.db, session.id)
    log.info("group %s session %s: an anonymous draft was approved", group.id, session.id)
    await interaction.followup.send(
        "Approved. The author is told, without anyone learning who they are: by direct message "
        "if they accept DMs, and in /draft mine."
        + (" The agenda is already posted, so it will not be listed there." if published else ""),
        ephemeral=True,
    )
    if (
        status == DraftStatus.APPROVED
    ):  # else the author changed or withdrew it: the next round decides
        draft = await store.get_draft(bot.db, draft.id) or draft
        bot.scheduler.spawn(_tell_approved(bot, draft, session, group, published))


async def _tell_approved(
    bot: BalintBot, draft: store.Draft, session: Session, group: Group, published: bool
) -> None:
    if published:
        where = "The agenda is already out, so it will not be listed there; the leaders have it."
    else:
        what = (
            "theme (and its text, if the agenda has room)" if group.publish_draft_text else "theme"
        )
        where = (
            f"Its {what} will be shown in the agenda the day before, together with the other "
            "approved drafts, in random order and without your name."
        )
    try:
        await tell_author(
            bot,
            draft,
            f"Your anonymous case draft “{words(draft.theme)}” for the session on "
            f"{discord_timestamp(session.starts_at)} was approved by the leaders. {where}",
        )
    except Exception:
        log.exception("group %s: telling an author of an approval failed", group.id)


async def reject(bot: BalintBot, interaction: discord.Interaction, held: Pending) -> Reply:
    draft, group, session = await checks.led(bot, held.target_id, interaction.user)
    reason = held.values.get("reason") or ""
    before = await store.reject_seen(bot.db, draft.id, reason)
    if before is None:
        raise UserError("That draft is no longer open.")
    draft = await store.get_draft(bot.db, draft.id) or draft
    log.info("group %s session %s: an anonymous draft was rejected", group.id, session.id)
    return Reply(
        "Rejected. Its card and every message that showed it are being deleted now. The author "
        "gets your reason by direct message if they accept DMs, else in /draft mine; then the "
        "draft itself is deleted.",
        then=(
            (lambda: erase_quietly(bot, draft))
            if before
            == DraftStatus.WITHDRAWN  # withdrawn since the round: its author is told nothing
            else (lambda: finish_rejection(bot, draft, session))
        ),
    )


async def ask(bot: BalintBot, interaction: discord.Interaction, held: Pending) -> Reply:
    draft, group, session = await checks.led(bot, held.target_id, interaction.user)
    text = held.values.get("question") or ""
    withdrawn = draft.status == DraftStatus.WITHDRAWN  # since the round: it reaches nobody
    theme = draft.as_seen().theme
    question = await store.add_question(bot.db, draft.id, text)
    log.info("group %s session %s: a leader's question was relayed", group.id, session.id)
    asked = (
        f"❓ {interaction.user.mention} asked the author of draft #{draft.id} "
        f"(“{words(theme)}”):\n{quoted(text)}"
    )

    async def relay() -> None:
        """The leaders' post first, whatever the author's DM does: its presence and timing must
        not depend on the author."""
        try:
            await to_leaders(bot, group, draft, asked)
        except Exception:
            log.exception("group %s: posting a leader's question failed", group.id)
        if withdrawn:
            return
        try:
            await tell_author(
                bot,
                draft,
                f"A leader of **{group.name}** has a question about your anonymous case draft "
                f"“{words(draft.theme)}” (session on {discord_timestamp(session.starts_at)}). "
                "They do not know who you are, and your answer goes back through me without "
                f"your name.\n{quoted(text)}",
                view=buttons((Action.ANSWER, question.id)),
            )
        except Exception:
            log.warning(
                "a leader's question could not reach its author yet; it waits in /draft mine"
            )

    return Reply(
        "Your question goes to the author anonymously: by direct message if they accept DMs, "
        "and it waits for them in /draft mine. Their answer reaches you with a round.",
        then=relay,
    )


async def show_review(bot: BalintBot, interaction: discord.Interaction, group: Group) -> None:
    await require_leader(bot.db, group, interaction.user)
    await interaction.response.defer(ephemeral=True, thinking=True)
    drafts = await store.seen_drafts_in_group(bot.db, group.id)
    rounds = (
        "New and changed drafts reach the leaders together at each whole hour (next: "
        f"{round_time(bot.now())}), so the time you see one says nothing about who wrote it. "
        "These are the drafts as of the last round."
    )
    if not drafts:
        await interaction.followup.send(
            f"No anonymous drafts to review in this group. {rounds}", ephemeral=True
        )
        return
    more = len(drafts) - MAX_LISTED
    for draft in drafts[:MAX_LISTED]:
        session = await get_session(bot.db, draft.session_id)
        if session is None:
            continue
        embed = card(
            draft,
            session,
            STATUS[draft.status],
            await store.questions_of(bot.db, draft.id, seen=True),
        )
        await interaction.followup.send(embed=embed, view=leader_buttons(draft), ephemeral=True)
    if more > 0:
        rounds = f"…and {more} more: deal with these first, then use /draft review again. " + rounds
    await interaction.followup.send(rounds, ephemeral=True)


async def erase_quietly(bot: BalintBot, draft: store.Draft) -> None:
    """A rejected draft its author had withdrawn since the round: its messages go now, as for any
    rejection (the row too, or with the next sweep); its author is told nothing."""
    try:
        await erase(bot, draft)
    except Exception:
        log.exception("group %s: deleting a rejected draft failed; the sweep will", draft.group_id)
