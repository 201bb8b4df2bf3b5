"""The draft desk: where every button and form on a draft arrives, and the draft's lifecycle.

Flow: a form is submitted -> the de-identification gate (blocked: explained privately, text held
in memory only; warned: the author may confirm) -> stored with an HMAC handle, no user id -> at the
next whole hour, a review card for the leaders (their channel, or /draft review), together with the
hour's other drafts (cogs/drafts/_hourly_rounds.py) -> approve / reject with a reason / ask a question,
relayed to the author by DM; the answer, an edit or a withdrawal reach the leaders with the next
round too, so nothing the leaders see happens at the moment an author acts.

The desk only routes: what authors do is in cogs/drafts/_authors.py, what leaders do in
cogs/drafts/_leaders.py, what the leaders' cards look like in cogs/drafts/_cards.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import assert_never

import discord

from bot import private_logs, roster_notices
from bot.access import people_names
from bot.app import BalintBot
from bot.domain.calendar import discord_timestamp
from bot.domain.drafts import DraftStatus, draft_problems, reply_problems
from bot.errors import UserError
from bot.replies import Reply
from bot.store import drafts as store
from bot.store.groups import Group, members
from bot.store.sessions import Session, get_session
from bot.to_delete import delete_kept
from cogs.drafts import _authors as authors
from cogs.drafts import _checks as checks
from cogs.drafts import _leaders as leaders
from cogs.drafts._author_messages import try_tell_rejected
from cogs.drafts._button_actions import Action
from cogs.drafts._erase import erase_all, sweep_expired
from cogs.drafts._gate import Pending, PendingTexts, check_text
from cogs.drafts._hourly_rounds import run_round
from cogs.drafts._modals import LABELS, form_for
from cogs.drafts._sent import settle_all
from cogs.drafts._views import buttons

log = logging.getLogger("cogs.draft")

EDIT_LABELS = {
    Action.NEW: "Edit my draft",
    Action.EDIT: "Edit my draft",
    Action.ASK: "Edit my question",
    Action.REJECT: "Edit my reason",
    Action.ANSWER: "Edit my answer",
}


class DraftDesk:
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        self.pending = PendingTexts(bot.clock)
        self._sweep_lock = asyncio.Lock()
        self._round_lock = asyncio.Lock()

    # -- buttons ---------------------------------------------------------------------------------

    async def press(self, interaction: discord.Interaction, action: Action, target: str) -> None:
        """A draft button was pressed: `target` is a held text's token, or a draft or question
        id (with the text's fingerprint, for approve). An author's own act is logged only in
        the hour's count (`private_logs.unattributed`): its time is what the rounds hide."""
        with private_logs.unattributed() if action.by_author else contextlib.nullcontext():
            await self._press(interaction, action, target)
        if action.by_author:
            await self.bot.db.forget()  # see `submit`

    async def _press(self, interaction: discord.Interaction, action: Action, target: str) -> None:
        if action is Action.FIX:
            await self._reopen(interaction, target)
            return
        if action is Action.SEND:
            await self._confirm(interaction, target)
            return
        number, _, version = target.partition("-")
        if not number.isdigit():
            raise UserError("That button is no longer valid; use /draft mine or /draft review.")
        target_id = int(number)
        bot = self.bot
        match action:
            case Action.APPROVE:
                await leaders.approve(bot, interaction, target_id, version or None)
            case Action.REJECT | Action.ASK:
                await checks.led(bot, target_id, interaction.user)
                await interaction.response.send_modal(form_for(self, action, target_id))
            case Action.EDIT:
                draft = await authors.editable(bot, target_id, interaction.user)
                values = {"theme": draft.theme, "body": draft.body, "first_name": draft.first_name}
                await interaction.response.send_modal(form_for(self, action, draft.id, values))
            case Action.WITHDRAW:
                await authors.ask_to_withdraw(bot, interaction, target_id)
            case Action.WITHDRAW_CONFIRMED:
                await authors.withdraw(bot, interaction, target_id)
            case Action.ANSWER:
                question = await authors.answerable(bot, target_id, interaction.user)
                await interaction.response.send_modal(
                    form_for(self, action, question.id, question=question.question)
                )
            case Action.NEW:
                raise UserError("That button is no longer valid; use /draft new.")
            case _:
                assert_never(action)

    async def _reopen(self, interaction: discord.Interaction, token: str) -> None:
        held = self.pending.get(token, interaction.user.id)
        if held is None:
            raise UserError(
                "That text is no longer kept: I hold it in memory only, for a few minutes, and "
                "never save it. Please start again (for a draft: /draft new)."
            )
        question = None
        if held.action is Action.ANSWER:
            found = await store.get_question(self.bot.db, held.target_id)
            question = found.question if found else None
        form = form_for(
            self,
            held.action,
            held.target_id,
            held.values,
            held_token=token,
            question=question,
            group_id=held.group_id,
        )
        await interaction.response.send_modal(form)

    async def _confirm(self, interaction: discord.Interaction, token: str) -> None:
        held = self.pending.pop(token, interaction.user.id)
        if held is None:
            raise UserError(
                "That text is no longer kept (only a few minutes, in memory). Please start again."
            )
        await interaction.response.defer()
        with private_logs.unattributed() if held.action.by_author else contextlib.nullcontext():
            reply = await self._apply(interaction, held)
        await interaction.edit_original_response(content=reply.text, view=None)
        if reply.then is not None:
            self.bot.scheduler.spawn(reply.then())
        if held.action.by_author:
            await self.bot.db.forget()  # see `submit`

    # -- forms, through the gate -----------------------------------------------------------------

    async def _group_of(self, held: Pending) -> Group:
        """The group the form's text is for. A new draft's form knows its group (from memory, as
        a rule: no read); its session is read in the draft's write (authors.save_new)."""
        group: Group | None
        if held.action is Action.NEW:
            group = await authors.group_of_new(self.bot, held)
        elif held.action is Action.ANSWER:
            question = await checks.question(self.bot, held.target_id)
            _, group, _ = await checks.open_draft(self.bot, question.draft_id)
        elif held.action in (Action.ASK, Action.REJECT):  # a leader's form: as the leaders saw it
            _, group, _ = await checks.seen_open(self.bot, held.target_id)
        else:
            _, group, _ = await checks.open_draft(self.bot, held.target_id)
        if group is None:
            raise UserError("That session no longer exists.")
        return group

    def _problems(self, held: Pending) -> list[str]:
        if held.action.is_draft_text:
            limits = self.bot.settings.drafts
            return draft_problems(
                held.values, theme_max=limits.theme_max_chars, body_max=limits.body_max_chars
            )
        return reply_problems(held.values)

    async def submit(self, interaction: discord.Interaction, held: Pending) -> None:
        """A form came back: gate it; store and act on it only if it passes (or is confirmed).
        Answered in one request, not deferred first: the gate and the store take milliseconds
        (the first scan after a start, loading the word lists, a few hundred at most), far
        within Discord's 3 s, and a deferral was a second request to Discord for every form.
        An author's is logged only in the hour's count, as at `press`; and once they have their
        answer, the write-ahead log is emptied (`db.forget`, as after a feedback answer): it keeps
        the pages of each write in the order they came, and the draft's next to the author's own
        write just before (her certificate's name, her check-in) named her to whoever reads the
        -wal (a stolen disk, a copy made with `cp`)."""
        with private_logs.unattributed() if held.action.by_author else contextlib.nullcontext():
            await self._submit(interaction, held)
        if held.action.by_author:
            await self.bot.db.forget()

    async def _submit(self, interaction: discord.Interaction, held: Pending) -> None:
        group = await self._group_of(held)
        problems = self._problems(held)
        edit_label = EDIT_LABELS[held.action]
        verdict = await check_text(
            held.values,
            LABELS,
            await people_names(self.bot.db, self.bot, group),
            edit_label=edit_label,
        )
        if problems or not verdict.clean:
            token = self.pending.put(held)
            blocked = bool(problems) or verdict.blocked
            if problems:  # the gate's findings, if any, are shown once these are fixed
                message = "\n".join(
                    [
                        "Nothing has been saved yet:",
                        *problems,
                        "",
                        f"Press **{edit_label}** to fix it.",
                    ]
                )
            else:
                message = verdict.message
            view = buttons(
                (Action.FIX, token, edit_label), *([] if blocked else [(Action.SEND, token)])
            )
            await interaction.response.send_message(message, view=view, ephemeral=True)
            log.info(
                "group %s: a %s text was held at the gate (%s)",
                group.id,
                "draft" if held.action.is_draft_text else held.action,
                "blocked" if blocked else "warned",
            )
            return
        reply = await self._apply(interaction, held, group)
        await interaction.response.send_message(reply.text, ephemeral=True)
        if reply.then is not None:
            self.bot.scheduler.spawn(reply.then())

    async def _apply(
        self, interaction: discord.Interaction, held: Pending, group: Group | None = None
    ) -> Reply:
        """Act on text that passed the gate; returns what to tell the person (and what then).
        `group`: the text's, if just found."""
        match held.action:
            case Action.NEW:
                return Reply(await authors.save_new(self.bot, interaction, held, group))
            case Action.EDIT:
                return Reply(await authors.save_edit(self.bot, interaction, held))
            case Action.ANSWER:
                return Reply(await authors.answer(self.bot, interaction, held))
            case Action.REJECT:
                return await leaders.reject(self.bot, interaction, held)
            case Action.ASK:
                return await leaders.ask(self.bot, interaction, held)
            case _:
                raise ValueError(f"{held.action} is not a form")

    # -- lifecycle -------------------------------------------------------------------------------

    async def review_round(self) -> int:
        """The hourly round: finish deletions, then show the leaders what changed, together."""
        async with self._round_lock:
            await self.sweep(in_round=True)
            return await run_round(self.bot)

    async def sweep(self, *, in_round: bool = False) -> int:
        """Finish interrupted deletions and delete expired drafts (at start, hourly and at each
        expiry). A withdrawn draft goes only `in_round`: the leaders saw it, and its card going
        at another time (a session's expiry, 24 h after it ends) dated the withdrawal within
        the hour."""
        async with self._sweep_lock:
            if await store.seal_author_messages(self.bot.db, self.bot.key):
                await self.bot.db.forget()  # the plain ids out of the write-ahead log too
            await settle_all(self.bot)  # DMs to authors a stop cut off from their records
            count = 0
            closed = [
                d
                for d in await store.closed_drafts(self.bot.db)
                if in_round or d.status != DraftStatus.WITHDRAWN
            ]
            # a rejection keeps its author's DMs (its reason, perhaps sent before a stop, goes
            # at expiry, with the rest): its other messages go now, if any were left
            rejected = [d for d in closed if d.status == DraftStatus.REJECTED]
            withdrawn = [d for d in closed if d not in rejected]
            left = await erase_all(self.bot, withdrawn, keep_rows=True)  # together
            left += await erase_all(self.bot, rejected, keep_rows=True, spare_authors=True)
            for draft in closed:
                if draft in left or draft.author_told:
                    continue  # told: it waits, without text, for its expiry
                if draft.status == DraftStatus.REJECTED:
                    session = await get_session(self.bot.db, draft.session_id)
                    await try_tell_rejected(self.bot, draft, session, look_first=True)
                    continue  # told now, or it waits in /draft mine
                await store.delete_draft(self.bot.db, draft.id)
                count += 1
            # a skipped session's drafts left by a stop before its notice was recorded
            for session, dropped in await self._dropped_with_sessions():
                await self._drop_with_session(session, dropped)
                count += len(dropped)
            count += await sweep_expired(self.bot)
            await delete_kept(self.bot)  # authors' DMs past their drafts (a close, a failure)
            if count:
                log.info("deleted %d drafts left from before (expired or withdrawn)", count)
            return count

    async def on_session_changed(self, session: Session, change: str) -> None:
        """A skipped or cancelled session takes its drafts with it; everyone on the roster is
        told alike, in a random order: a DM to the authors alone stayed in their DMs, where
        the bot's token read who had written one for that session, long after the salts."""
        if change not in ("skipped", "cancelled"):
            return
        async with self._sweep_lock:
            drafts = await store.drafts_of_session(self.bot.db, session.id)
            if drafts:
                await self._drop_with_session(session, drafts)

    async def _dropped_with_sessions(self) -> list[tuple[Session, list[store.Draft]]]:
        """The drafts of skipped or cancelled sessions still here, by session."""
        by_session: dict[int, list[store.Draft]] = {}
        for draft in await store.drafts_of_dropped_sessions(self.bot.db):
            by_session.setdefault(draft.session_id, []).append(draft)
        found = []
        for session_id, drafts in sorted(by_session.items()):
            session = await get_session(self.bot.db, session_id)
            if session is not None:
                found.append((session, drafts))
        return found

    async def _drop_with_session(self, session: Session, drafts: list[store.Draft]) -> None:
        """The notice is recorded for the whole roster first, then the drafts go, then it is
        sent (bot/roster_notices.py): a stop part-way tells the rest at the next start, nobody
        twice; a stop before it was recorded leaves the drafts, which the sweep finds here."""
        text = (
            f"The session on {discord_timestamp(session.starts_at)} was {session.status}, so "
            "any anonymous case drafts written for it have been deleted (everyone in the group "
            "gets this message, whether or not they wrote one). If you did, you can write it "
            "again for another session with /draft new."
        )
        roster = await members(self.bot.db, session.group_id)
        await roster_notices.decide(
            self.bot,
            session.group_id,
            f"drafts-gone:{session.id}:{session.status}",
            {m.user_id: text for m in roster},
        )
        await erase_all(self.bot, drafts)
        await roster_notices.send_pending(self.bot)
        log.info(
            "group %s session %s: %d drafts deleted (session %s)",
            session.group_id,
            session.id,
            len(drafts),
            session.status,
        )
