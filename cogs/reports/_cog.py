"""/report year: the leaders' picture of the year so far, privately, as a PNG and a Markdown file."""

from __future__ import annotations

import io
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot import clock
from bot import records as records_doc
from bot.access import group_here, require_leader
from bot.app import BalintBot
from bot.domain import wording

MESSAGE_LIMIT = 1900


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "group"


class ReportCog(commands.GroupCog, group_name="report", group_description="Leaders' reports"):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="year", description="Leaders: the year at a glance (only you see it)"
    )
    async def year(self, interaction: discord.Interaction) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_leader(self.bot.db, group, interaction.user)
        await interaction.response.defer(ephemeral=True, thinking=True)
        grid = await records_doc.year_grid(
            self.bot.db,
            group,
            self.bot.get_guild(group.guild_id),
            self.bot.now(),
            self.bot.settings.sessions.drift_alert_absences,
        )
        # what is under way, at once: the chart takes a few seconds
        size = (
            f": {wording.plural(len(grid.user_ids), 'trainee')} over "
            f"{wording.plural(len(grid.sessions), 'session')} that met"
            if grid.user_ids and grid.sessions
            else ""
        )
        await interaction.edit_original_response(
            content=f"Drawing **{group.name}**'s year at a glance{size}…"
        )
        report, chart, feedback = await records_doc.year_report(self.bot.db, group, grid)
        lines = [
            f"**{group.name}: the year so far** ({wording.plural(len(grid.sessions), 'session')} "
            "met; only you see "
            "this). The heatmap shows each trainee's attendance by session, a dot where they "
            "presented.",
            "",
            "**Presentations and drift-away runs**",
        ]
        for y in grid.years:
            runs = ", ".join(
                f"{n} from {wording.day(grid.sessions[i], clock.today())}"
                for i, n in y.runs
                if i < len(grid.sessions)
            )
            lines.append(
                f"• {y.name}: {y.attended + y.late} attended, "
                f"{wording.plural(y.presentations, 'presentation')}"
                + (f"; missed in a row: {runs}" if runs else "")
            )
        if not grid.years:
            lines.append("Nobody on the roster yet.")
        lines += ["", "**Feedback** (released results only)", feedback]
        text = "\n".join(lines)
        if len(text) > MESSAGE_LIMIT:
            text = text[: MESSAGE_LIMIT - 50].rsplit("\n", 1)[0] + "\n… (the rest is in the file)"
        base = _slug(group.name)
        await interaction.followup.send(
            text,
            files=[
                discord.File(io.BytesIO(chart), filename=f"year-{base}.png"),
                discord.File(io.BytesIO(report), filename=f"year-report-{base}.md"),
            ],
            ephemeral=True,
        )


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(ReportCog(bot))
