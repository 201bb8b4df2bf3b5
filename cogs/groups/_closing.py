"""/group close and /group renew: the end of a training year and the start of the next.

Closing hands the leaders the year's exports, says goodbye in the channel, then keeps only the
attendance ledger (for re-issuing and verifying certificates) and deletes everything else with the
group's row. Renewing starts a new group in the same channel from the closed one's settings only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import discord

from bot import clock, uploads
from bot import records as records_doc
from bot.app import BalintBot
from bot.domain import wording
from bot.domain.calendar import zone
from bot.domain.records import keep_until
from bot.reports.attendance import Line, group_csv
from bot.store import feedback as feedback_store
from bot.store import records as records_store
from bot.store.groups import Group
from bot.store.schedule import all_sessions

log = logging.getLogger(__name__)

# What /group renew carries over: the group's settings, never people or what happened.
CARRIED = (
    "name",
    "weekday",
    "start_time",
    "duration_minutes",
    "timezone",
    "leader_role_id",
    "trainee_role_id",
    "leaders_channel_id",
    "case_slots",
    "publish_draft_text",
    "voice_channel_id",
)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "group"


def local_today(group: Group, now: datetime) -> date:
    return now.astimezone(zone(group.timezone)).date()


async def group_settings(bot: BalintBot, group: Group) -> dict[str, Any]:
    values = {name: getattr(group, name) for name in CARRIED}
    k, comment_k = await feedback_store.thresholds(
        bot.db,
        group.id,
        bot.settings.feedback.min_responses,
        bot.settings.feedback.min_responses_for_comments,
    )
    values["feedback_thresholds"] = [k, comment_k]
    return values


Files = Callable[[], list[discord.File]]


async def exports(
    bot: BalintBot,
    group: Group,
    guild: discord.Guild | None,
    leaders: str,
    grid: records_doc.YearGrid,
) -> tuple[Files, list[str]]:
    """The year's exports, as a maker of fresh discord.File objects (each send consumes them):
    everyone's attendance (CSV), each trainee's certificate (PDFs in a ZIP), the year's report
    (Markdown and the heatmap PNG of /report year). The PDFs, the ZIP and the chart are made in
    the rendering worker (bot/rendering.py): the other groups are answered meanwhile. Files that
    do not fit in a Discord message are left out; their names come second."""
    now = bot.now()
    target = bot.settings.attendance.target_sessions
    csv_rows: list[tuple[str, Line]] = []
    named: list[tuple[str, records_doc.Certificate]] = []
    for user_id in grid.user_ids:
        name = records_doc.name_in(guild, user_id)  # as the server shows them, no " (left)"
        cert, _ = await records_doc.open_certificate(
            bot.db, group, user_id, member_name=name, leaders=leaders, target=target, now=now
        )
        named.append((f"certificate-{slug(name)}-{user_id}.pdf", cert))
        csv_rows += [(name, line) for line in cert.lines]
    csv_data = group_csv(csv_rows, group.timezone)
    zip_data = await records_doc.render_zip(named)
    report, chart, _ = await records_doc.year_report(bot.db, group, grid)
    base = slug(group.name)

    kept, left_out = uploads.fitting(
        [
            (f"attendance-{base}.csv", csv_data),
            (f"certificates-{base}.zip", zip_data),
            (f"year-report-{base}.md", report),
            (f"year-{base}.png", chart),
        ]
    )
    return (lambda: uploads.as_files(kept)), left_out


async def close(bot: BalintBot, group: Group, interaction: discord.Interaction) -> None:
    """Close a group (the caller has checked the leader and the date)."""
    await interaction.response.defer(ephemeral=True, thinking=True)
    now = bot.now()
    guild = interaction.guild
    leaders = await records_doc.leader_names(bot.db, group, guild)
    grid = await records_doc.year_grid(
        bot.db, group, guild, now, bot.settings.sessions.drift_alert_absences
    )
    # what is under way, at once: the documents take a few seconds
    certificates = f"{wording.plural(len(grid.user_ids), 'certificate')}, " if grid.user_ids else ""
    await interaction.edit_original_response(
        content=f"Closing **{group.name}**: building {certificates}the attendance CSV and the "
        "year's report…"
    )
    files, left_out = await exports(bot, group, guild, leaders, grid)
    years = bot.settings.attendance.keep_ledger_years
    until = keep_until(now, years)
    too_large = (
        " "
        + uploads.left_out_note(
            left_out,
            "Each trainee's certificate can still be had with /attendance me in the group's "
            f"channel until {wording.day(until, clock.today())} (and its code verified).",
        )
        if left_out
        else ""
    )
    unreached: list[int] = []
    told = await bot.tell_leaders(
        group.id,
        f"**{group.name} is closed.** Here are the year's exports: everyone's attendance (CSV), "
        "each trainee's certificate (PDFs in a ZIP) and the year's report. Keep them where your "
        f"training programme keeps records: the bot keeps only the attendance ledger, until "
        f"{wording.day(until, clock.today())}.{too_large}",
        files=files,
        unreached=unreached,
    )
    sessions = [s.id for s in await all_sessions(bot.db, group.id)]
    await bot.group_closing(group.id)
    settings = await group_settings(bot, group)
    await records_store.close_group(
        bot.db,
        group,
        leaders=leaders,
        target=bot.settings.attendance.target_sessions,
        settings=settings,
        now=now,
        keep_until=until,
    )
    for session_id in sessions:  # their timed posts: the sessions are gone, so nothing is planned
        await bot.scheduler.reschedule_session(session_id)
    channel = bot.get_channel(group.channel_id)
    if isinstance(channel, discord.abc.Messageable):
        try:
            await channel.send(
                f"**{group.name} has come to the end of its year.** Thank you all for the cases, "
                "the listening and the thinking together. There will be no more posts or events "
                "from this group. Your attendance certificate stays available here with "
                f"/attendance me until {wording.day(until, clock.today())}; everything else the bot "
                "kept about the group (agendas, drafts, feedback, the rota) has been deleted. "
                "If you kept a private reflective log, it is sent to you by private "
                "message; if your direct messages from the bot are closed, /reflect export here "
                f"gives it to you (and only you) until {wording.day(until, clock.today())}."
            )
        except discord.HTTPException:
            log.warning("group %s: the closing message could not be posted", group.id)
    where = "in the leaders' channel" if told.in_channel else "sent to each leader privately"
    if unreached:
        where += (
            " (not to "
            + ", ".join(f"<@{u}>" for u in unreached)
            + ": their direct messages are closed, so please pass these on)"
        )
    await interaction.followup.send(
        f"Closed **{group.name}**. The exports are {where} and attached here. Deleted: sessions, agendas, the rota, drafts, feedback and all "
        f"scheduling. Kept: the attendance ledger, until {wording.day(until, clock.today())} "
        f"(`[attendance] keep_ledger_years` = {years}), so certificates can be re-issued and "
        f"verified. To start next year's group here: /group renew.{too_large}",
        files=files(),
        ephemeral=True,
    )
    await bot.group_closed(group.id)  # then what is private to each member (logs, DMs)
