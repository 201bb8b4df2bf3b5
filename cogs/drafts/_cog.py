"""/draft: prepare a case anonymously; leaders review it; it expires after the session.

Thin: parse the command, check who may use it, hand over to the author side
(cogs/drafts/_authors.py), the leader side (cogs/drafts/_leaders.py) or the desk that routes
buttons and forms (cogs/drafts/_dispatch.py). What is stored, and why nobody can link a draft to its
author, is in docs/privacy.md.
"""

from __future__ import annotations

from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.access import group_here, require_member
from bot.app import BalintBot
from bot.domain.drafts import DraftStatus
from bot.errors import UserError
from bot.scheduling import Delivery, PostKind, each_utc
from bot.store import drafts as store
from bot.store.mydata import groups_of
from bot.store.sessions import Session
from bot.to_delete import delete_kept
from bot.which_session import find_session, session_choices
from cogs.drafts import _authors as authors
from cogs.drafts import _leaders as leaders
from cogs.drafts._agenda import agenda_part
from cogs.drafts._button_actions import Action
from cogs.drafts._dispatch import DraftDesk
from cogs.drafts._erase import (
    erase,
    erase_all,
    erase_author_copies,
    expire_session,
)
from cogs.drafts._hourly_rounds import ROUND_JOB
from cogs.drafts._modals import form_for
from cogs.drafts._views import DraftButton, answer_through

EXPIRY_KIND = "drafts_expiry"


class DraftsCog(
    commands.GroupCog,
    group_name="draft",
    group_description="Prepare a case anonymously, for the leaders to review",
):
    def __init__(self, bot: BalintBot, desk: DraftDesk) -> None:
        self.bot = bot
        self.desk = desk
        super().__init__()

    async def cog_load(self) -> None:
        answer_through(self.bot, self.desk)
        self.bot.add_dynamic_items(DraftButton)
        self.bot.hooks.agenda_parts.append(self.agenda_part)
        self.bot.hooks.cases_prepared.append(self.approved)
        self.bot.hooks.session_changed.append(self.desk.on_session_changed)
        self.bot.hooks.group_closing.append(self.close_group)
        self.bot.hooks.group_closed.append(self.group_closed)
        self.bot.hooks.forget_member.append(self.forget_member)
        self.bot.scheduler.register(
            PostKind(
                name=EXPIRY_KIND,
                anchor="end",
                offset=timedelta(hours=self.bot.settings.drafts.expiry_hours),
                useful_for=timedelta(days=365),  # deleting is never too late
                handler=self.expire,
            )
        )
        # Leaders see what authors did in rounds, at each whole hour (cogs/drafts/_hourly_rounds.py).
        self.bot.scheduler.aps.add_job(
            self._round_tick,
            each_utc(minute=0),
            id=ROUND_JOB,
            replace_existing=True,
        )

    async def cog_unload(self) -> None:
        if self.bot.scheduler.aps.get_job(ROUND_JOB) is not None:
            self.bot.scheduler.aps.remove_job(ROUND_JOB)
        self.bot.remove_dynamic_items(DraftButton)
        answer_through(self.bot, None)
        self.bot.hooks.agenda_parts.remove(self.agenda_part)
        self.bot.hooks.cases_prepared.remove(self.approved)
        self.bot.hooks.session_changed.remove(self.desk.on_session_changed)
        self.bot.hooks.group_closing.remove(self.close_group)
        self.bot.hooks.group_closed.remove(self.group_closed)
        self.bot.hooks.forget_member.remove(self.forget_member)

    async def agenda_part(self, session: Session) -> list[str]:
        return await agenda_part(self.bot, session)

    async def approved(self, session: Session) -> int:
        """The session's approved drafts: cases coming, named on no rota (cases_prepared)."""
        return len(await store.drafts_of_session(self.bot.db, session.id, (DraftStatus.APPROVED,)))

    async def close_group(self, group_id: int) -> None:
        """The group closes: every draft goes now, with every message that showed it but its
        authors' DMs, kept (sealed, in the file: a stop in between loses none) for after."""
        drafts = await store.drafts_of_group(self.bot.db, group_id)
        await erase_all(self.bot, drafts, scrub=False, closing=True)

    async def group_closed(self, group_id: int) -> None:
        """The close is over: the authors' DMs about its drafts go now, out of the leaders'
        sight (deleted during the close, their number showed in its gaps); whatever Discord
        refuses now, the next sweep (at start, hourly) deletes."""
        await delete_kept(self.bot)

    async def forget_member(self, user_id: int) -> None:
        """/forgetme: a draft the leaders have not seen is erased (nobody sees it go); one they
        have seen is unlinked instead and expires with its session as usual: withdrawn in the hour
        its author left the roster, its card's going would name her."""
        for group_id in await groups_of(self.bot.db, user_id):
            for draft in await store.drafts_by(
                self.bot.db, key=self.bot.key, group_id=group_id, user_id=user_id
            ):
                if await store.was_shown(self.bot.db, draft.id):
                    await erase_author_copies(self.bot, draft, user_id)
                    await store.unlink_draft(self.bot.db, draft.id)
                elif await store.set_status(self.bot.db, draft.id, DraftStatus.WITHDRAWN):
                    await erase(self.bot, draft)
            # a rejection waiting for them in /draft mine, or told by a DM that waits for the
            # draft's expiry: its cards are gone, so the row goes now, with any DM
            for told in (False, True):
                for draft in await store.rejections_waiting_for(
                    self.bot.db, key=self.bot.key, group_id=group_id, user_id=user_id, told=told
                ):
                    await erase(self.bot, draft)
        await delete_kept(self.bot)  # a failed deletion of theirs: once more, now

    async def expire(self, delivery: Delivery) -> None:
        await expire_session(self.bot, delivery)
        await self.desk.sweep()

    async def _round_tick(self) -> None:
        # a tracked task, so shutdown waits for it and tests can drain it
        self.bot.scheduler.spawn(self.desk.review_round())

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # after downtime: finish deletions and show what waited for a round that was missed (a
        # tracked task, as the hourly round: shutdown waits for it, tests and benchmarks see it)
        self.bot.scheduler.spawn(self.desk.review_round())

    # -- commands --------------------------------------------------------------------------------

    @app_commands.command(name="new", description="Write an anonymous case draft for a session")
    @app_commands.describe(
        session="Which session: leave empty for the next one, or pick a date from the list"
    )
    async def new(self, interaction: discord.Interaction, session: str | None = None) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_member(self.bot.db, group, interaction.user)
        chosen = await find_session(
            self.bot.db, group, session, self.bot.now(), to_come="draft new"
        )
        limit = self.bot.settings.drafts.max_open_per_author_per_session
        mine = await store.open_count(
            self.bot.db, key=self.bot.key, session_id=chosen.id, user_id=interaction.user.id
        )
        if mine >= limit:
            raise UserError(
                f"You already have {mine} open drafts for that session (the most is {limit}). "
                "Edit or withdraw one with /draft mine first."
            )
        await interaction.response.send_modal(
            form_for(self.desk, Action.NEW, chosen.id, group_id=group.id)
        )

    @new.autocomplete("session")
    async def session_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await session_choices(
            self.bot.db, interaction, current, self.bot.now(), to_come=True
        )

    @app_commands.command(name="mine", description="Your own anonymous drafts: edit or withdraw")
    async def mine(self, interaction: discord.Interaction) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_member(self.bot.db, group, interaction.user)
        await authors.show_mine(self.bot, interaction, group)

    @app_commands.command(name="review", description="Leaders: review the group's anonymous drafts")
    async def review(self, interaction: discord.Interaction) -> None:
        group = await group_here(self.bot.db, interaction)
        await leaders.show_review(self.bot, interaction, group)


async def setup(bot: BalintBot, desk: DraftDesk) -> None:
    await bot.add_cog(DraftsCog(bot, desk))
