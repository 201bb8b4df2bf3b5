"""/mydata and /forgetme: a member's copy of what is stored about them, and its erasure.

Both work anywhere (a server channel or a private message) and for someone who has left their
group: they are about the person, not the group they are in now.
"""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import clock, private_logs
from bot.app import BalintBot
from bot.confirm import ConfirmView
from bot.domain import wording
from bot.store import drafts as drafts_store
from bot.store import groups as groups_store
from bot.store import mydata as store

NOT_LINKED = (
    "Not included, because nothing links them to you: your anonymous feedback (only running "
    "totals and comments under a random number are stored; the code that stopped a second answer "
    "is destroyed when the poll closes), case drafts that have been deleted, and presses of "
    "\u201cI have a case in mind\u201d for sessions that have closed (deleted with them). They "
    "cannot be returned to you or erased one by one, because the bot cannot tell which are yours. "
    "Your presses for sessions not yet closed are included: the bot can match those to you (that "
    "is how a second press takes yours back); /forgetme leaves them until their session closes, "
    "because taking yours off the count in the hour you leave would tell the group it was yours."
)
WHY_KEPT = (
    "Why: it is your evidence of attendance for your training (certificates are re-issued and "
    "their codes verified from it), and the group's leaders need it while the group runs."
)


def _kept_lines(kept: list[store.Kept], keep_years: int) -> list[str]:
    lines = []
    for k in kept:
        if k.open:
            lines.append(
                f"• **{k.group}**: your attendance ledger ({k.lines} dated sessions, with any "
                "presentations and endorsements) while the group runs (until "
                f"{wording.day(date.fromisoformat(k.until), clock.today())}, its end date) and then {keep_years} "
                "years after it closes; then it is deleted automatically."
            )
        else:
            lines.append(
                f"• **{k.group}** (closed): your attendance ledger ({k.lines} dated sessions), "
                f"until {wording.day(date.fromisoformat(k.until[:10]), clock.today())}, when it is deleted "
                "automatically."
            )
    return lines


class RightsCog(commands.Cog):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot

    @app_commands.command(name="mydata", description="A copy of everything stored about you")
    async def mydata(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        user_id = interaction.user.id
        data: dict[str, Any] = {
            "about": f"Everything this Balint group bot stores under Discord id {user_id}.",
            "exported_at": self.bot.now().isoformat(),
            **await store.collect(self.bot.db, user_id),
        }
        drafts = []
        for group_id in await store.groups_of(self.bot.db, user_id):
            for d in await drafts_store.drafts_by(
                self.bot.db, key=self.bot.key, group_id=group_id, user_id=user_id
            ):
                drafts.append(
                    {
                        "theme": d.theme,
                        "text": d.body,
                        "first_name": d.first_name,
                        "status": d.status,
                    }
                )
        data["your_open_anonymous_drafts"] = drafts
        data["your_rejected_drafts_waiting_in_draft_mine"] = [
            {"theme": d.theme, "text": d.body, "leaders_reason": d.reject_reason}
            for group_id in await store.groups_of(self.bot.db, user_id)
            for d in await drafts_store.rejections_waiting_for(
                self.bot.db, key=self.bot.key, group_id=group_id, user_id=user_id
            )
        ]
        for part in self.bot.hooks.member_data:
            data.update(await part(user_id))
        data["not_included"] = NOT_LINKED
        counted = sum(len(v) for v in data.values() if isinstance(v, list))
        await interaction.followup.send(
            f"Here is everything stored about you ({wording.plural(counted, 'record')}), as a file only "
            "you can "
            "see. " + NOT_LINKED + " /forgetme erases what can be erased.",
            file=discord.File(
                io.BytesIO(json.dumps(data, indent=2, default=str).encode("utf-8")),
                filename="my-data.json",
            ),
            ephemeral=True,
        )

    @app_commands.command(
        name="forgetme", description="Erase what is stored about you (asks you to confirm)"
    )
    async def forgetme(self, interaction: discord.Interaction) -> None:
        user_id = interaction.user.id
        kept = await store.kept_ledger(self.bot.db, user_id)
        years = self.bot.settings.attendance.keep_ledger_years
        rosters = await groups_store.groups_of_user(self.bot.db, user_id)
        text = [
            "**Erase what is stored about you?** This deletes your places on group rosters"
            + (
                " (you leave " + ", ".join(f"**{g.name}**" for g in rosters) + ")"
                if rosters
                else ""
            )
            + ", your offers to present, nudge settings, follow-up answers, drift-away alerts, "
            "the name you chose for your certificates (they then print your server name), "
            "your anonymous drafts the leaders have not seen yet (and any rejected one waiting "
            "for you) and your private reflections, and takes your id off what you did as a "
            "leader. Drafts the leaders have already seen are unlinked from you instead (nobody, "
            "this bot included, can tell they were yours) and expire with their session as "
            "usual, so their going does not name you. It cannot be undone.",
        ]
        if kept:
            text += [
                "",
                "**Kept**, because the group needs it:",
                *_kept_lines(kept, years),
                WHY_KEPT,
            ]
        text += [
            "",
            "Presses of \u201cI have a case in mind\u201d stay until their session closes: taking "
            "yours off the count in the hour you leave would tell the group it was yours.",
            "",
            "Press the button within 10 minutes to erase.",
        ]

        async def confirmed(press: discord.Interaction) -> None:
            await self._erase(press)

        await interaction.response.send_message(
            "\n".join(text),
            view=ConfirmView(user_id, "Erase my data", confirmed),
            ephemeral=True,
        )

    async def _erase(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        user_id = interaction.user.id
        now = self.bot.now()
        for group in await groups_store.groups_of_user(self.bot.db, user_id):
            if await groups_store.remove_member(self.bot.db, group.id, user_id, "trainee", now):
                for listener in list(self.bot.hooks.member_left):
                    await listener(group.id, user_id)  # their offers are released
        with private_logs.unattributed():  # a line here would say what she had to delete
            for forget in list(self.bot.hooks.forget_member):
                await forget(user_id)
        await store.erase(self.bot.db, user_id, now)
        kept = await store.kept_ledger(self.bot.db, user_id)
        text = ["Erased: everything stored about you that the groups do not need."]
        if kept:
            text += [
                "",
                "**Kept:**",
                *_kept_lines(kept, self.bot.settings.attendance.keep_ledger_years),
                WHY_KEPT,
            ]
        else:
            text.append("Nothing about you is kept.")
        await interaction.followup.send("\n".join(text), ephemeral=True)


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(RightsCog(bot))
