"""The draft desk: everything that happens to an anonymous draft between the form and expiry.

Flow: a form is submitted -> the de-identification gate (blocked: explained privately, text held
in memory only; warned: the author may confirm) -> stored with an HMAC handle, no user id -> at the
next whole hour, a review card for the leaders (their channel, or /draft review), together with the
hour's other drafts (cogs/drafts/_round.py) -> approve / reject with a reason / ask a question,
relayed to the author by DM; the answer, an edit or a withdrawal reach the leaders with the next
round too, so nothing the leaders see happens at the moment an author acts.
Logs name groups and sessions only, never people or text.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from typing import Any

import discord

from bot.access import require_leader, require_member
from bot.app import BalintBot
from bot.domain.calendar import discord_timestamp
from bot.errors import UserError
from bot.store import drafts as store
from bot.store.groups import Group, get_group, members
from bot.store.sessions import Session, get_session
from cogs.drafts._erase import erase, erase_author_copies, sweep_expired
from cogs.drafts._gate import Pending, PendingTexts, check
from cogs.drafts._modals import LABELS, form_for
from cogs.drafts._people import find_author, leaders_only_channel, member_names
from cogs.drafts._round import next_round, run_round
from cogs.drafts._views import buttons

log = logging.getLogger("cogs.draft")

FIRST_NAME = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)?")
EDIT_LABELS = {
    "new": "Edit my draft",
    "edit": "Edit my draft",
    "ask": "Edit my question",
    "reject": "Edit my reason",
    "answer": "Edit my answer",
}
STATUS = {"pending": "⏳ Waiting for review", "approved": "✅ Approved"}
MAX_LISTED = 10
NO_MENTIONS = discord.AllowedMentions.none()


def _quote(text: str) -> str:
    return discord.utils.escape_mentions(text)


class DraftDesk:
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        self.pending = PendingTexts()
        self._sweep_lock = asyncio.Lock()
        self._round_lock = asyncio.Lock()

    @property
    def db(self) -> Any:
        return self.bot.db

    # -- looking things up, with the checks every press repeats --------------------------------

    async def _context(self, draft_id: int) -> tuple[store.Draft, Group, Session]:
        draft = await store.get_draft(self.db, draft_id)
        if draft is None or not draft.is_open:
            raise UserError(
                "That draft no longer exists: it was withdrawn, rejected, or deleted after its "
                "session."
            )
        group = await get_group(self.db, draft.group_id)
        session = await get_session(self.db, draft.session_id)
        if group is None or session is None:
            raise UserError("That draft's group or session no longer exists.")
        return draft, group, session

    async def _authored(
        self, draft_id: int, user: discord.abc.User
    ) -> tuple[store.Draft, Group, Session]:
        draft, group, session = await self._context(draft_id)
        if not draft.is_by(self.bot.key, user.id):
            raise UserError(
                "Only the author of a draft can do this (and only they know who it is)."
            )
        return draft, group, session

    async def _led(
        self, draft_id: int, user: discord.abc.User
    ) -> tuple[store.Draft, Group, Session]:
        draft, group, session = await self._context(draft_id)
        await require_leader(self.db, group, user)
        return draft, group, session

    def accepting(self, session: Session) -> None:
        """Refuse sessions a draft can no longer be written or changed for."""
        when = discord_timestamp(session.starts_at)
        if not session.is_active:
            raise UserError(f"The session on {when} is {session.status}; pick another session.")
        if session.starts_at <= self.bot.now():
            raise UserError(
                f"The session on {when} has already started; drafts are for sessions still to come."
            )

    async def _group_of(self, held: Pending) -> Group:
        if held.action == "new":
            session = await get_session(self.db, held.target_id)
            group = await get_group(self.db, session.group_id) if session else None
        elif held.action == "answer":
            question = await store.get_question(self.db, held.target_id)
            if question is None:
                raise UserError("That question no longer exists (its draft was deleted).")
            _, group, _ = await self._context(question.draft_id)
        else:
            _, group, _ = await self._context(held.target_id)
        if group is None:
            raise UserError("That session no longer exists.")
        return group

    # -- buttons ---------------------------------------------------------------------------------

    async def on_button(self, itx: discord.Interaction, action: str, target: str) -> None:
        if action in ("fix", "send"):
            await (self._reopen if action == "fix" else self._confirm)(itx, target)
            return
        number, _, version = target.partition("-")
        if not number.isdigit():
            raise UserError("That button is no longer valid; use /draft mine or /draft review.")
        target_id = int(number)
        if action == "approve":
            await self._approve(itx, target_id, version or None)
        elif action in ("reject", "ask"):
            await self._led(target_id, itx.user)
            await itx.response.send_modal(form_for(self, action, target_id))
        elif action == "edit":
            draft, _, session = await self._authored(target_id, itx.user)
            self.accepting(session)
            values = {"theme": draft.theme, "body": draft.body, "first_name": draft.first_name}
            await itx.response.send_modal(form_for(self, "edit", draft.id, values))
        elif action == "withdraw":
            draft, _, _ = await self._authored(target_id, itx.user)
            await itx.response.send_message(
                f"Withdraw your draft “{_quote(draft.theme)}”? It is deleted at once, with every "
                "message that showed it (the leaders' copy too). This cannot be undone.",
                view=buttons(("withdraw-yes", draft.id)),
                ephemeral=True,
            )
        elif action == "withdraw-yes":
            await self._withdraw(itx, target_id)
        elif action == "answer":
            question = await store.get_question(self.db, target_id)
            if question is None:
                raise UserError("That question no longer exists (its draft was deleted).")
            await self._authored(question.draft_id, itx.user)
            if question.answer is not None:
                raise UserError("You have already answered this question. Thank you!")
            await itx.response.send_modal(
                form_for(self, "answer", question.id, question=question.question)
            )

    async def _reopen(self, itx: discord.Interaction, token: str) -> None:
        held = self.pending.get(token, itx.user.id)
        if held is None:
            raise UserError(
                "That text is no longer kept: I hold it in memory only, for a few minutes, and "
                "never save it. Please start again (for a draft: /draft new)."
            )
        question = None
        if held.action == "answer":
            found = await store.get_question(self.db, held.target_id)
            question = found.question if found else None
        form = form_for(
            self, held.action, held.target_id, held.values, held_token=token, question=question
        )
        await itx.response.send_modal(form)

    async def _confirm(self, itx: discord.Interaction, token: str) -> None:
        held = self.pending.pop(token, itx.user.id)
        if held is None:
            raise UserError(
                "That text is no longer kept (only a few minutes, in memory). Please start again."
            )
        await itx.response.defer()
        text = await self._apply(itx, held)
        await itx.edit_original_response(content=text, view=None)

    # -- the gate --------------------------------------------------------------------------------

    def _problems(self, held: Pending) -> list[str]:
        limits = self.bot.settings.drafts
        v = held.values
        problems = []
        if held.action in ("new", "edit"):
            if not v.get("theme") or not v.get("body"):
                problems.append("• A theme and a paragraph are both needed.")
            if len(v.get("theme") or "") > limits.theme_max_chars:
                problems.append(f"• The theme can be at most {limits.theme_max_chars} characters.")
            if len(v.get("body") or "") > limits.body_max_chars:
                problems.append(
                    f"• The paragraph can be at most {limits.body_max_chars} characters."
                )
            name = v.get("first_name")
            if name and not FIRST_NAME.fullmatch(name):
                problems.append(
                    "• The invented first name should be one made-up first name, letters only "
                    "(e.g. Sam), or left empty."
                )
        elif not any(v.values()):
            problems.append("• Please write something.")
        return problems

    async def submit(self, itx: discord.Interaction, held: Pending) -> None:
        """A form came back: gate it; store and act on it only if it passes (or is confirmed)."""
        await itx.response.defer(ephemeral=True, thinking=True)
        group = await self._group_of(held)
        problems = self._problems(held)
        edit_label = EDIT_LABELS[held.action]
        verdict = check(
            held.values, LABELS, await member_names(self.bot, group), edit_label=edit_label
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
            view = buttons(("fix", token, edit_label), *([] if blocked else [("send", token)]))
            await itx.followup.send(message, view=view, ephemeral=True)
            log.info(
                "group %s: a %s text was held at the gate (%s)",
                group.id,
                "draft" if held.action in ("new", "edit") else held.action,
                "blocked" if blocked else "warned",
            )
            return
        text = await self._apply(itx, held)
        await itx.followup.send(text, ephemeral=True)

    async def _apply(self, itx: discord.Interaction, held: Pending) -> str:
        action = {
            "new": self._save_new,
            "edit": self._save_edit,
            "reject": self._reject,
            "ask": self._ask,
            "answer": self._answer,
        }[held.action]
        return await action(itx, held)

    # -- authors ---------------------------------------------------------------------------------

    async def _save_new(self, itx: discord.Interaction, held: Pending) -> str:
        session = await get_session(self.db, held.target_id)
        group = await get_group(self.db, session.group_id) if session else None
        if session is None or group is None:
            raise UserError("That session no longer exists.")
        await require_member(self.db, group, itx.user)
        self.accepting(session)
        v = held.values
        try:
            await store.create_draft(
                self.db,
                key=self.bot.key,
                session_id=session.id,
                group_id=group.id,
                user_id=itx.user.id,
                theme=v["theme"] or "",
                body=v["body"] or "",
                first_name=v.get("first_name"),
                max_open=self.bot.settings.drafts.max_open_per_author_per_session,
            )
        except store.TooManyDrafts as too_many:
            raise UserError(
                f"You already have {too_many.limit} open drafts for that session. Edit or withdraw "
                "one with /draft mine first."
            ) from None
        log.info("group %s session %s: an anonymous draft was submitted", group.id, session.id)
        return (
            f"Saved. Your anonymous draft for the session on {discord_timestamp(session.starts_at)} "
            f"goes to the leaders for review at {self._round_time()}, together with any other "
            "drafts written this hour, so the time they see it says nothing about who wrote it. "
            "They see the text, never your name. I will tell you by direct message when it is "
            "approved or if they have a question. See, edit or withdraw it with /draft mine."
        )

    async def _save_edit(self, itx: discord.Interaction, held: Pending) -> str:
        draft, group, session = await self._authored(held.target_id, itx.user)
        self.accepting(session)
        v = held.values
        updated = await store.update_text(
            self.db,
            draft.id,
            theme=v["theme"] or "",
            body=v["body"] or "",
            first_name=v.get("first_name"),
        )
        if updated is None:
            raise UserError("That draft is no longer open (withdrawn or rejected).")
        await store.set_aside_cards(self.db, draft.id)
        log.info("group %s session %s: an anonymous draft was edited", group.id, session.id)
        return (
            "Saved your changes. The draft goes back to the leaders for review at "
            f"{self._round_time()}, with the next round of drafts (until then they see the "
            "earlier version, and cannot approve it)."
        )

    async def _withdraw(self, itx: discord.Interaction, draft_id: int) -> None:
        draft, group, session = await self._authored(draft_id, itx.user)
        await itx.response.defer()
        if not await store.set_status(self.db, draft.id, "withdrawn"):
            raise UserError("That draft is no longer open.")
        if await store.was_shown(self.db, draft.id):
            # the leaders' copies go with the next round: their vanishing now would date the act
            await erase_author_copies(self.bot, draft, itx.user.id)
            text = (
                "Withdrawn. The leaders can no longer act on it. It is deleted, with every "
                f"message that showed it, at {self._round_time()} with the next round of drafts, "
                "so that it disappearing does not tell anyone when you withdrew it."
            )
        else:
            complete = await erase(self.bot, draft)
            text = "Withdrawn. The draft is deleted (the leaders had not seen it yet)." + (
                "" if complete else " (A few messages will be removed shortly.)"
            )
        log.info("group %s session %s: an anonymous draft was withdrawn", group.id, session.id)
        await itx.edit_original_response(content=text, view=None)

    async def _answer(self, itx: discord.Interaction, held: Pending) -> str:
        question = await store.get_question(self.db, held.target_id)
        if question is None:
            raise UserError("That question no longer exists (its draft was deleted).")
        draft, group, _ = await self._authored(question.draft_id, itx.user)
        answer = held.values.get("answer") or ""
        if not await store.answer_question(self.db, question.id, answer):
            raise UserError("You have already answered this question. Thank you!")
        await store.set_aside_cards(self.db, draft.id)  # a fresh card with the answer, next round
        log.info("group %s session %s: an author answered a question", group.id, draft.session_id)
        return (
            f"Thank you. Your answer reaches the leaders at {self._round_time()}, with the next "
            "round of drafts, without your name."
        )

    # -- leaders ---------------------------------------------------------------------------------

    async def _approve(self, itx: discord.Interaction, draft_id: int, version: str | None) -> None:
        draft, group, session = await self._led(draft_id, itx.user)
        if version is not None and version != draft.fingerprint:
            raise UserError(
                "This card shows an earlier version of the draft: its author has changed it "
                f"since. You will get the new version at {self._round_time()}, with the next "
                "round of drafts; approve that one."
            )
        await itx.response.defer(ephemeral=True, thinking=True)
        if not await store.set_status(self.db, draft.id, "approved", allowed_from=("pending",)):
            raise UserError("This draft is not waiting for review any more (already approved?).")
        draft = await store.get_draft(self.db, draft.id) or draft
        await self._refresh_cards(draft, session, f"✅ Approved by {itx.user.mention}")
        published = await store.agenda_decided(self.db, session.id)
        if published:
            where = (
                "The agenda is already out, so it will not be listed there; the leaders have it."
            )
        else:
            what = (
                "theme (and its text, if the agenda has room)"
                if group.publish_draft_text
                else "theme"
            )
            where = (
                f"Its {what} will be shown in the agenda the day before, together with the other "
                "approved drafts, in random order and without your name."
            )
        await self._tell_author(
            draft,
            f"Your anonymous case draft “{_quote(draft.theme)}” for the session on "
            f"{discord_timestamp(session.starts_at)} was approved by the leaders. {where}",
        )
        log.info("group %s session %s: an anonymous draft was approved", group.id, session.id)
        await itx.followup.send(
            "Approved. The author has been told (without anyone learning who they are)."
            + (
                " The agenda is already posted, so it will not be listed there."
                if published
                else ""
            ),
            ephemeral=True,
        )

    async def _reject(self, itx: discord.Interaction, held: Pending) -> str:
        draft, group, session = await self._led(held.target_id, itx.user)
        reason = held.values.get("reason") or ""
        if not await store.set_status(self.db, draft.id, "rejected", reason=reason):
            raise UserError("That draft is no longer open.")
        draft = await store.get_draft(self.db, draft.id) or draft
        told = await self.tell_rejected(draft, session)
        complete = await erase(self.bot, draft)
        log.info("group %s session %s: an anonymous draft was rejected", group.id, session.id)
        return (
            "Rejected. "
            + (
                "The author was sent your reason by direct message. "
                if told
                else "I could not reach the author by direct message (their DMs are closed). "
            )
            + "The draft is deleted, with every message that showed it."
            + ("" if complete else " (A few messages will be removed shortly.)")
        )

    async def tell_rejected(self, draft: store.Draft, session: Session | None) -> bool:
        """The author learns the leaders' reason (a DM they keep); then the draft can go."""
        when = discord_timestamp(session.starts_at) if session else "an earlier session"
        author = await find_author(self.bot, draft)
        sent = author is not None and (
            await self.bot.send_dm(
                author,
                f"The leaders did not accept your anonymous case draft “{_quote(draft.theme)}” for "
                f"the session on {when}. It has been deleted, with every message that showed it; "
                "you can write a new one with /draft new. Their reason:\n>>> "
                + _quote(draft.reject_reason or "(none given)"),
                allowed_mentions=NO_MENTIONS,
            )
            is not None
        )
        await store.mark_author_told(self.db, draft.id)
        return sent

    async def _ask(self, itx: discord.Interaction, held: Pending) -> str:
        draft, group, session = await self._led(held.target_id, itx.user)
        text = held.values.get("question") or ""
        question = await store.add_question(self.db, draft.id, text)
        reached = await self._tell_author(
            draft,
            f"A leader of **{group.name}** has a question about your anonymous case draft "
            f"“{_quote(draft.theme)}” (session on {discord_timestamp(session.starts_at)}). They "
            "do not know who you are, and your answer goes back through me without your name."
            f"\n>>> {_quote(text)}",
            view=buttons(("answer", question.id)),
        )
        await self._to_leaders(
            group,
            draft,
            f"❓ {itx.user.mention} asked the author of draft #{draft.id} "
            f"(“{_quote(draft.theme)}”):\n>>> {_quote(text)}",
        )
        log.info("group %s session %s: a leader's question was relayed", group.id, session.id)
        if reached:
            return "Your question was sent to the author by direct message, anonymously."
        return (
            "I could not reach the author by direct message (their DMs may be closed); they will "
            "see your question in /draft mine."
        )

    # -- what leaders and authors see ------------------------------------------------------------

    def card(
        self,
        draft: store.Draft,
        session: Session,
        status: str,
        questions: Sequence[store.Question] = (),
        *,
        updated: bool = False,
    ) -> discord.Embed:
        again = " (updated)" if updated else ""
        embed = discord.Embed(
            title=f"Anonymous case draft #{draft.id}{again}: {draft.theme}"[:256],
            description=draft.body,
            colour=discord.Colour.blurple(),
        )
        embed.add_field(name="Session", value=discord_timestamp(session.starts_at), inline=True)
        if draft.first_name:
            embed.add_field(name="Invented first name", value=draft.first_name, inline=True)
        embed.add_field(name="Status", value=status, inline=False)
        for number, q in enumerate(questions[:5], start=1):
            answer = q.answer or "(no answer yet)"
            embed.add_field(
                name=f"Question {number}", value=f"{q.question}\n**Answer:** {answer}"[:1024]
            )
        embed.set_footer(
            text="Nobody, the leaders included, is shown who wrote this. Questions reach the "
            "author through the bot, anonymously."
        )
        return embed

    @staticmethod
    def leader_buttons(draft: store.Draft) -> discord.ui.View:
        """Approve carries the text's fingerprint: a card for an earlier version cannot approve."""
        actions: list[tuple[str, int | str]] = [("reject", draft.id), ("ask", draft.id)]
        if draft.status == "pending":
            actions.insert(0, ("approve", f"{draft.id}-{draft.fingerprint}"))
        return buttons(*actions)

    @staticmethod
    def status_of(draft: store.Draft) -> str:
        return STATUS.get(draft.status, draft.status)

    def _round_time(self) -> str:
        return discord_timestamp(next_round(self.bot.now()), "t")

    async def _leader_ids(self, group: Group) -> list[int]:
        return [m.user_id for m in await members(self.db, group.id, role="leader")]

    async def _refresh_cards(self, draft: store.Draft, session: Session, status: str) -> None:
        questions = await store.questions_of(self.db, draft.id)
        for shown in await store.messages_of(self.db, draft.id, ("card",)):
            if shown.message_id == store.NO_MESSAGE or not shown.channel_id:
                continue
            channel = self.bot.get_partial_messageable(shown.channel_id)
            try:
                await channel.get_partial_message(shown.message_id).edit(
                    embed=self.card(draft, session, status, questions),
                    view=self.leader_buttons(draft),
                )
            except discord.HTTPException:
                log.warning("session %s: a draft card could not be updated", session.id)

    async def _to_leaders(
        self, group: Group, draft: store.Draft, content: str, notice: str | None = None
    ) -> None:
        """Post to the leaders' channel if only leaders can read it (recorded, deleted with the
        draft); else DM a notice."""
        channel = await leaders_only_channel(self.bot, group)
        if channel is not None:
            try:
                message = await channel.send(content[:2000], allowed_mentions=NO_MENTIONS)
            except discord.HTTPException:
                log.warning("group %s: cannot post in the leaders' channel", group.id)
            else:
                await store.add_message(
                    self.db, draft.id, "leaders", message.channel.id, message.id
                )
                return
        if notice:
            for leader in await self._leader_ids(group):
                await self.bot.send_dm(leader, notice)

    async def _tell_author(
        self, draft: store.Draft, content: str, view: discord.ui.View | None = None
    ) -> bool:
        """A DM to the anonymous author, recorded (without its channel) so it is deleted later."""
        author = await find_author(self.bot, draft)
        if author is None:
            return False
        kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
        if view is not None:
            kwargs["view"] = view
        message = await self.bot.send_dm(author, content[:2000], **kwargs)
        if message is None:
            return False
        await store.add_message(self.db, draft.id, "author", None, message.id)
        return True

    # -- lists -----------------------------------------------------------------------------------

    async def show_mine(self, itx: discord.Interaction, group: Group) -> None:
        drafts = await store.drafts_by(
            self.db, key=self.bot.key, group_id=group.id, user_id=itx.user.id
        )
        if not drafts:
            await itx.response.send_message(
                "You have no open drafts in this group. Write one with /draft new.", ephemeral=True
            )
            return
        single = len(drafts) == 1
        lines = [
            "**Your anonymous drafts** (only you see this; the leaders never see who wrote them):"
        ]
        actions: list[tuple[str, int, str]] = []
        for number, draft in enumerate(drafts[:8], start=1):
            session = await get_session(self.db, draft.session_id)
            when = discord_timestamp(session.starts_at) if session else "?"
            suffix = "" if single else f" {number}"
            lines.append(
                f"**{number}.** “{_quote(draft.theme)}” for {when}: {STATUS.get(draft.status, draft.status)}"
            )
            actions += [
                ("edit", draft.id, f"Edit{suffix}"),
                ("withdraw", draft.id, f"Withdraw{suffix}"),
            ]
            for q in await store.questions_of(self.db, draft.id):
                if q.answer is None:
                    lines.append(f"    ❓ A leader asks: “{_quote(q.question[:300])}”")
                    actions.append(("answer", q.id, f"Answer{suffix}"))
        await itx.response.send_message(
            "\n".join(lines)[:2000],
            view=buttons(*actions[:25]),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    async def show_review(self, itx: discord.Interaction, group: Group) -> None:
        await require_leader(self.db, group, itx.user)
        await itx.response.defer(ephemeral=True, thinking=True)
        drafts = await store.released_drafts_in_group(self.db, group.id)
        changed = await store.changed_since_shown(self.db, group.id)
        rounds = (
            "New and changed drafts reach the leaders together at each whole hour (next: "
            f"{self._round_time()}), so the time you see one says nothing about who wrote it."
        )
        if changed:
            rounds = (
                f"{changed} draft(s) changed by their authors since you saw them: you get the new "
                f"version at {self._round_time()}, with the next round. " + rounds
            )
        if not drafts:
            await itx.followup.send(
                f"No anonymous drafts to review in this group. {rounds}", ephemeral=True
            )
            return
        more = len(drafts) - MAX_LISTED
        for draft in drafts[:MAX_LISTED]:
            session = await get_session(self.db, draft.session_id)
            if session is None:
                continue
            embed = self.card(
                draft, session, STATUS[draft.status], await store.questions_of(self.db, draft.id)
            )
            await itx.followup.send(embed=embed, view=self.leader_buttons(draft), ephemeral=True)
        if more > 0:
            rounds = (
                f"…and {more} more: deal with these first, then use /draft review again. " + rounds
            )
        await itx.followup.send(rounds, ephemeral=True)

    async def review_round(self) -> int:
        """The hourly round: finish deletions, then show the leaders what changed, together."""
        async with self._round_lock:
            await self.sweep()
            return await run_round(self.bot, self)

    # -- lifecycle -------------------------------------------------------------------------------

    async def sweep(self) -> int:
        """Finish interrupted deletions and delete expired drafts (at start and at each expiry)."""
        async with self._sweep_lock:
            count = 0
            for draft in await store.closed_drafts(self.db):
                if draft.status == "rejected" and not draft.author_told:
                    await self.tell_rejected(draft, await get_session(self.db, draft.session_id))
                count += await erase(self.bot, draft)
            count += await sweep_expired(self.bot)
            if count:
                log.info("deleted %d drafts left from before (expired or withdrawn)", count)
            return count

    async def on_session_changed(self, session: Session, change: str) -> None:
        """A skipped or cancelled session takes its drafts with it; their authors are told."""
        if change not in ("skipped", "cancelled"):
            return
        drafts = await store.drafts_of_session(self.db, session.id)
        authors = {await find_author(self.bot, draft) for draft in drafts}
        for draft in drafts:
            await erase(self.bot, draft)
        for author in authors - {None}:
            await self.bot.send_dm(
                author,  # type: ignore[arg-type]
                f"The session on {discord_timestamp(session.starts_at)} was {change}, so your "
                "anonymous case drafts for it have been deleted. You can write them again for "
                "another session with /draft new.",
            )
        if drafts:
            log.info(
                "group %s session %s: %d drafts deleted (session %s)",
                session.group_id,
                session.id,
                len(drafts),
                change,
            )
