"""The private answering screens: the "Answer (anonymous)" button, pages of selects, comment modals.

Everything a member picks stays in this process's memory (the view) until they press Send; only
then is it counted, in one transaction, with nothing that names them. Discord allows 5 rows per
message and 25 options per select, so a page has up to 4 questions and a row of buttons; the
pulse is one page, the survey four. Free text goes through the de-identification gate, which also
warns on the names of the group's members.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot import gate
from bot.access import people_names, require_member
from bot.app import BalintBot
from bot.buttons import OneIdButton
from bot.domain.calendar import discord_timestamp
from bot.domain.feedback import (
    COMMENT_MAX_CHARS,
    SCALES,
    FreeTextQuestion,
    Item,
    may_answer,
    takes_answers,
    worded_items,
)
from bot.errors import BaseModal, BaseView, UserError
from bot.store import feedback as fb
from bot.store.groups import Group, get_group

PER_PAGE = 4  # 4 selects + 1 row of buttons = Discord's 5 rows
VIEW_TIMEOUT = 14 * 60  # an interaction token lives 15 minutes

ALREADY = (
    "You have already answered this one, thank you. Answers cannot be changed or withdrawn, "
    "because nothing links them to you."
)
THANKS = (
    "Thank you: your answers were counted anonymously. Nothing links them to you: the bot "
    "keeps only running totals, and forgets who answered when the poll closes. The leaders see "
    "the results only after it closes, and only if enough people answer."
)


def closed_message(poll: fb.Poll) -> str:
    return (
        f"The feedback on {poll.label} closed {discord_timestamp(poll.closes_at, 'R')}, so answers "
        "are no longer taken. Thank you all the same."
    )


async def check_can_answer(
    bot: BalintBot, poll: fb.Poll | None, answered: bool, user: discord.abc.User
) -> Group:
    """Refuse (privately, changing nothing) a closed poll, a non-member, a leader, a second answer
    (`answered`: read with the poll, fb.poll_and_answered)."""
    if poll is None:
        raise UserError("This feedback no longer exists.")
    if not takes_answers(is_open=poll.is_open, closes_at=poll.closes_at, now=bot.now()):
        raise UserError(closed_message(poll))
    group = await get_group(bot.db, poll.group_id)
    if group is None:
        raise UserError("This feedback no longer exists.")
    role = await require_member(bot.db, group, user)
    if not may_answer(role):
        raise UserError(
            "This feedback is for the trainees to tell the leaders how the group is going, so "
            "leaders do not answer it. You will see the results when it closes."
        )
    if answered:
        raise UserError(ALREADY)
    return group


def _option_label(number: int, value: int, item: Item) -> str:
    return f"Q{number}: {SCALES[item.scale].label(value)}"[:100]


class ItemSelect(discord.ui.Select["AnswerView"]):
    """One question: pick a point of its scale."""

    def __init__(self, number: int, item: Item, chosen: int | None) -> None:
        scale = SCALES[item.scale]
        super().__init__(
            custom_id=f"feedback:q:{item.key}",
            placeholder=f"Q{number}. {item.short}"[:150],
            min_values=1,
            max_values=1,
            options=[
                discord.SelectOption(
                    label=_option_label(number, v, item), value=str(v), default=v == chosen
                )
                for v in scale.points
            ],
        )
        self.item = item

    async def callback(self, interaction: discord.Interaction) -> None:
        view = self.view
        assert view is not None
        view.answers[self.item.key] = int(self.values[0])
        view.render()
        await interaction.response.edit_message(content=view.content(), view=view)


Pressed = Callable[[discord.Interaction], Awaitable[None]]


class _Button(discord.ui.Button["AnswerView"]):
    """A button of the answer form that calls one of the form's methods."""

    def __init__(self, pressed: Pressed, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pressed = pressed

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.pressed(interaction)


class AnswerView(BaseView):
    """One member's private answering screen (ephemeral; lives in memory until Send)."""

    def __init__(self, bot: BalintBot, poll: fb.Poll, user_id: int, group: Group) -> None:
        super().__init__(timeout=VIEW_TIMEOUT)
        self.bot = bot
        self.poll = poll
        self.user_id = user_id
        self.group = group  # its people's names are looked up when a comment is written
        self.items = worded_items(poll.kind, bot.settings.feedback.pulse_wording)
        self.questions: tuple[FreeTextQuestion, ...] = poll.free_text
        self.pages = [self.items[i : i + PER_PAGE] for i in range(0, len(self.items), PER_PAGE)]
        self.page = 0
        self.answers: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.render()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.user_id

    @property
    def last_page(self) -> bool:
        return self.page == len(self.pages) - 1

    def render(self) -> None:
        self.clear_items()
        first = sum(len(p) for p in self.pages[: self.page]) + 1
        for offset, item in enumerate(self.pages[self.page]):
            select = ItemSelect(first + offset, item, self.answers.get(item.key))
            select.row = offset
            self.add_item(select)
        row = len(self.pages[self.page])
        if self.page > 0:
            self._button("Back", "feedback:back", discord.ButtonStyle.secondary, row, self.back)
        if not self.last_page:
            self._button("Next", "feedback:next", discord.ButtonStyle.primary, row, self.next)
            return
        words = "Edit your comment" if self.texts else "Add a comment"
        if self.poll.kind == "survey":
            words = "Edit your answers in words" if self.texts else "Answer in your own words"
        self._button(words, "feedback:text", discord.ButtonStyle.secondary, row, self.open_text)
        self._button("Send", "feedback:send", discord.ButtonStyle.success, row, self.send)

    def _button(
        self, label: str, custom_id: str, style: discord.ButtonStyle, row: int, cb: Pressed
    ) -> None:
        self.add_item(_Button(cb, label=label, custom_id=custom_id, style=style, row=row))

    def content(self) -> str:
        # a pulse's label is its session ('Thu 3 Sep'); the survey's names itself
        title = (
            f"Feedback on {self.poll.label}" if self.poll.kind == "pulse" else "End-of-year survey"
        )
        lines = [f"**{title}** (anonymous)"]
        if len(self.pages) > 1:
            lines[0] += f", page {self.page + 1} of {len(self.pages)}"
        first = sum(len(p) for p in self.pages[: self.page]) + 1
        for offset, item in enumerate(self.pages[self.page]):
            mark = "✓" if item.key in self.answers else "·"
            lines.append(f"{mark} **Q{first + offset}.** {item.text}")
        if self.poll.kind == "pulse":
            lines.append("Scale: strongly disagree, disagree, neither, agree, strongly agree.")
        if self.last_page:
            answered = len(self.answers)
            lines.append(
                f"\nAnswered {answered} of {len(self.items)} questions (you may leave any out)."
                + (" Your words are added." if self.texts else "")
                + " Nothing is recorded until you press **Send**."
            )
        else:
            lines.append("\nPress **Next** for more questions; nothing is recorded yet.")
        return "\n".join(lines)[:2000]

    async def back(self, interaction: discord.Interaction) -> None:
        self.page = max(0, self.page - 1)
        self.render()
        await interaction.response.edit_message(content=self.content(), view=self)

    async def next(self, interaction: discord.Interaction) -> None:
        self.page = min(len(self.pages) - 1, self.page + 1)
        self.render()
        await interaction.response.edit_message(content=self.content(), view=self)

    async def open_text(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(TextModal(self))

    async def send(self, interaction: discord.Interaction) -> None:
        if not self.answers and not self.texts:
            raise UserError(
                "Choose an answer to at least one question (or add a comment) before sending."
            )
        # Whether the poll is still open is read in count_answer's own transaction (it raises
        # PollClosed): one hop for the Send, not a read first and then the write.
        poll = self.poll
        group = await get_group(self.bot.db, poll.group_id)
        if group is None:
            raise UserError("This feedback no longer exists.")
        await require_member(self.bot.db, group, interaction.user)
        try:
            await fb.count_answer(
                self.bot.db,
                poll.id,
                key=self.bot.key,
                user_id=interaction.user.id,
                answers=self.answers,
                comments=self.texts,
                now=self.bot.now(),
            )
        except fb.PollClosed:
            raise UserError(closed_message(poll)) from None
        except fb.AlreadyAnswered:
            raise UserError(ALREADY) from None
        self.answers.clear()
        self.texts.clear()
        self.stop()
        try:
            await interaction.response.edit_message(content=THANKS, view=None)
        finally:
            # The log is emptied once the member is told (in this handler, milliseconds later):
            # the checkpoint syncs the disk (20-40 ms here) and is shared by the answers that
            # come meanwhile, so waiting for it made each Send wait for one or two of them.
            await self.bot.db.forget()


class TextModal(BaseModal):
    """The optional free text: the pulse's comment, or the survey's two questions."""

    def __init__(self, view: AnswerView) -> None:
        pulse = view.poll.kind == "pulse"
        super().__init__(
            title="Your comment (anonymous)" if pulse else "In your own words (anonymous)"
        )
        self.answer_view = view
        self.inputs: dict[str, discord.ui.TextInput[TextModal]] = {}
        for question in view.questions:
            field: discord.ui.TextInput[TextModal] = discord.ui.TextInput(
                label="Anything else for the leaders?" if pulse else question.text[:45],
                placeholder=(
                    "Optional. No patient details or names, please." if pulse else "Optional."
                ),
                style=discord.TextStyle.paragraph,
                custom_id=question.key,
                required=pulse,
                max_length=COMMENT_MAX_CHARS,
                default=view.texts.get(question.key),
            )
            self.inputs[question.key] = field
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        texts = {key: (field.value or "").strip() for key, field in self.inputs.items()}
        if not any(texts.values()):
            raise UserError(
                "Your comment was empty, so nothing was added. Write something, or press Send to "
                "answer without a comment."
                if self.answer_view.poll.kind == "pulse"
                else "Both answers were empty, so nothing was added. Write something, or press "
                "Send to answer without them."
            )
        view = self.answer_view
        # looked up here, not when the form opened: most members write no comment
        names = await people_names(view.bot.db, view.bot, view.group)
        checked = await gate.check(texts, members=names)
        if checked.blocked:
            raise UserError(
                "Your words were not added. "
                + checked.explain()
                + "\nPress the button again to write them without these details."
            )
        warned = [checked.explain()] if checked.warned else []
        self.answer_view.texts = {k: v for k, v in texts.items() if v}
        self.answer_view.render()
        await interaction.response.edit_message(
            content=self.answer_view.content(), view=self.answer_view
        )
        if warned:
            await interaction.followup.send(
                "\n\n".join(warned)[:1700]
                + "\nYour words are added as they are; press the button again to change them "
                "before you press Send.",
                ephemeral=True,
            )


class AnswerButton(
    OneIdButton,
    prefix="feedback:answer",
    label="Answer (anonymous)",
    style=discord.ButtonStyle.primary,
):
    """The public "Answer (anonymous)" button (also in reminder DMs); survives restarts."""

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        bot = interaction.client
        poll, answered = await fb.poll_and_answered(
            bot.db, self.target_id, bot.key, interaction.user.id
        )
        group = await check_can_answer(bot, poll, answered, interaction.user)
        assert poll is not None
        view = AnswerView(bot, poll, interaction.user.id, group)
        await interaction.response.send_message(view.content(), view=view, ephemeral=True)


class ShareButton(
    OneIdButton,
    prefix="feedback:share",
    label="Share summary with the group",
    style=discord.ButtonStyle.secondary,
):
    """Leaders: post one release's aggregated summary (never comments) in the group channel."""

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        from cogs.feedback._report import share_release

        bot = interaction.client
        assert isinstance(bot, BalintBot)
        await share_release(bot, interaction, self.target_id)


__all__ = [
    "AnswerButton",
    "AnswerView",
    "ShareButton",
    "TextModal",
    "check_can_answer",
]
