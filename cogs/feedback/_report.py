"""What leaders see: a released aggregate as words, a PNG chart and a CSV of counts; comments
(leaders only); and the one "Share summary with the group" post (aggregates only, no comments).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

from bot import rendering
from bot.access import require_leader
from bot.domain.feedback import (
    PULSE_COMMENT,
    SURVEY_FREE_TEXT,
    Item,
    Release,
    banded_responses,
    csv_rows,
    period_words,
    pulse_trend,
    summary_text,
    worded_items,
)
from bot.domain.quoting import quoted
from bot.errors import UserError
from bot.reports.charts import release_chart
from bot.reports.csv_file import csv_bytes
from bot.store import feedback as fb
from bot.store.groups import Group, get_group

if TYPE_CHECKING:
    from bot.app import BalintBot
from bot.domain.wording import plural, verb

log = logging.getLogger("cogs.feedback")

QUESTIONS = {q.key: q.text for q in SURVEY_FREE_TEXT}
MESSAGE_LIMIT = 2000


@dataclass(frozen=True)
class Results:
    """One `/feedback results` answer: text, files and any comment messages."""

    text: str
    chart: bytes
    csv: bytes
    comments: list[str]
    release_id: int
    shared: bool
    kind: str


def title(group: Group, stored: fb.StoredRelease) -> str:
    release = stored.release
    what = "Post-session feedback" if stored.kind == "pulse" else "End-of-year survey"
    return (
        f"{group.name}: {what}, {period_words(release)} ({plural(release.responses, 'response')})"
    )


def comment_messages(release: Release) -> list[str]:
    """Released comments grouped by question, alphabetical within each, split to fit messages."""
    if not release.comments:
        return []
    grouped: dict[str, list[str]] = {}
    for comment in release.comments:
        question, text = fb.split_comment(comment)
        grouped.setdefault(question, []).append(text)
    lines = [
        f"**Comments** ({len(release.comments)}; for the leaders only; alphabetical, so the order "
        "says nothing about who wrote them)"
    ]
    for question, texts in grouped.items():
        if question != PULSE_COMMENT.key:  # the pulse's one question: the heading says it
            lines.append(f"__{QUESTIONS.get(question, question)}__")
        lines.extend(quoted(" ".join(t.split())[:1800]) for t in sorted(texts, key=str.casefold))
    messages, current = [], ""
    for line in lines:
        if current and len(current) + 1 + len(line) > MESSAGE_LIMIT:
            messages.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        messages.append(current)
    return messages


def counts_csv(releases: list[fb.StoredRelease], items: Sequence[Item]) -> bytes:
    return csv_bytes(csv_rows([s.release for s in releases], items))


async def build_results(bot: BalintBot, group: Group, kind: str | None) -> Results | None:
    """The latest release (of a kind, or of either), its chart, all releases' counts as CSV."""
    everything = await fb.releases(bot.db, group.id, kind)
    if not everything:
        return None
    latest = everything[-1]
    series = [s for s in everything if s.kind == latest.kind]
    items = worded_items(latest.kind, bot.settings.feedback.pulse_wording)
    trend = pulse_trend([s.release for s in series], items) if latest.kind == "pulse" else []
    chart = await rendering.render(  # in the rendering worker, off the event loop
        release_chart, latest.release, items, title=title(group, latest), trend=trend
    )
    text = summary_text(latest.release, items, include_comments=False)
    if latest.release.comments:
        text += "\nThe comments follow, visible to you only."
    if len(series) > 1:
        text += f"\nThe CSV has the counts of all {len(series)} releases this year; the chart shows the trend."
    return Results(
        text=text[:MESSAGE_LIMIT],
        chart=chart,
        csv=counts_csv(series, items),
        comments=comment_messages(latest.release),
        release_id=latest.id,
        shared=latest.shared_at is not None,
        kind=latest.kind,
    )


async def nothing_yet(bot: BalintBot, group: Group, k: int) -> str:
    """Why there are no results to show, in plain words, without any live count."""
    open_now = await fb.open_polls(bot.db, group.id)
    pending = await fb.pending_batches(bot.db, group.id, "pulse")
    pending += await fb.pending_batches(bot.db, group.id, "survey")
    waiting = sum(b.responses for b in pending if not b.counts_released)
    lines = ["No feedback results to show yet."]
    if open_now:
        lines.append(
            f"{plural(len(open_now), 'poll')} {verb(len(open_now), 'is', 'are')} open; "
            "results are shown only after a poll closes, never "
            "while people are answering."
        )
    if waiting:
        lines.append(
            f"Closed polls with {banded_responses(waiting, k=k)} in all are "
            f"waiting: results are shown from {k} responses, so they will be pooled with the next."
        )
    return " ".join(lines)


def shareable_text(stored: fb.StoredRelease, pulse_wording: Sequence[str]) -> str:
    """The aggregated summary for the whole group: no comments, no notes about comments."""
    release = stored.release
    notes = tuple(n for n in release.notes if "comment" not in n)
    public = dataclasses.replace(release, comments=(), notes=notes)
    what = "post-session feedback" if stored.kind == "pulse" else "end-of-year survey"
    return (
        f"📊 The leaders are sharing a summary of the anonymous {what}:\n"
        + summary_text(public, worded_items(stored.kind, pulse_wording), include_comments=False)
    )[:MESSAGE_LIMIT]


async def share_release(bot: BalintBot, interaction: discord.Interaction, release_id: int) -> None:
    """Leaders: post a release's summary in the group channel, once."""
    stored = await fb.get_release(bot.db, release_id)
    group = await get_group(bot.db, stored.group_id) if stored else None
    if stored is None or group is None:
        raise UserError("These results no longer exist.")
    await require_leader(bot.db, group, interaction.user)
    channel = bot.get_channel(group.channel_id)
    if not isinstance(channel, discord.abc.Messageable):
        raise UserError("I cannot find the group's channel; check that I can still see it.")
    if not await fb.mark_shared(bot.db, release_id, bot.now()):
        raise UserError("This summary has already been shared with the group.")
    try:
        message = await channel.send(
            shareable_text(stored, bot.settings.feedback.pulse_wording),
            allowed_mentions=discord.AllowedMentions.none(),
        )
    except discord.HTTPException:
        await fb.unmark_shared(bot.db, release_id)
        raise UserError(
            f"I could not post in <#{group.channel_id}>; check my Send Messages permission there "
            "and try again."
        ) from None
    await fb.set_shared_message(bot.db, release_id, message.id)
    log.info("feedback release %s of group %s shared with the group", release_id, group.id)
    await interaction.response.send_message(
        f"Shared the summary (no comments) in <#{group.channel_id}>.", ephemeral=True
    )
