"""The forms for drafts: the draft itself, a leader's question or reason, the author's answer.

A form can be opened pre-filled (editing a stored draft, or "Edit my draft" after the gate held
the text back), so that nothing a person typed is lost. Submitting hands the typed values to the
desk, which runs the de-identification gate before anything is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot.errors import BaseModal
from cogs.drafts._button_actions import Action
from cogs.drafts._gate import Pending

if TYPE_CHECKING:
    from cogs.drafts._dispatch import DraftDesk

QUESTION_MAX = 500
REASON_MAX = 500
ANSWER_MAX = 1000
FIRST_NAME_MAX = 30


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # at most 45 characters (Discord)
    paragraph: bool
    max_length: int
    required: bool = True
    placeholder: str | None = None


def draft_fields(theme_max: int, body_max: int) -> list[FieldSpec]:
    return [
        FieldSpec(
            "theme",
            "Theme, in one line",
            False,
            theme_max,
            placeholder="e.g. a patient who makes me feel useless",
        ),
        FieldSpec(
            "body",
            "The relationship and your feelings",
            True,
            body_max,
            placeholder="What happens between you and the patient, and how it feels. "
            "No names, dates, places or numbers.",
        ),
        FieldSpec(
            "first_name",
            "An invented first name (optional)",
            False,
            FIRST_NAME_MAX,
            required=False,
            placeholder="e.g. Sam - never the patient's real name",
        ),
    ]


FORMS: dict[Action, tuple[str, list[FieldSpec]]] = {
    Action.ASK: (
        "Ask the author (anonymously)",
        [
            FieldSpec(
                "question",
                "Your question to the author",
                True,
                QUESTION_MAX,
                placeholder="It reaches the author by DM if they accept DMs, and waits in their "
                "/draft mine",
            )
        ],
    ),
    Action.REJECT: (
        "Reject this draft",
        [
            FieldSpec(
                "reason",
                "Why? The author will see this",
                True,
                REASON_MAX,
                placeholder="They get it by DM, or in /draft mine if they do not accept DMs",
            )
        ],
    ),
    Action.ANSWER: (
        "Answer the leaders",
        [FieldSpec("answer", "Your answer (they won't see who you are)", True, ANSWER_MAX)],
    ),
}

LABELS = {
    "theme": "Your theme",
    "body": "Your paragraph",
    "first_name": "The invented first name",
    "question": "Your question",
    "reason": "Your reason",
    "answer": "Your answer",
}


class TextForm(BaseModal):
    """A form whose submission goes to the desk as held (not yet stored) text."""

    def __init__(
        self,
        desk: DraftDesk,
        *,
        action: Action,
        target_id: int,
        title: str,
        specs: list[FieldSpec],
        values: dict[str, str | None] | None = None,
        held_token: str | None = None,
        question: str | None = None,
        group_id: int | None = None,
    ) -> None:
        super().__init__(title=title[:45], custom_id=f"draft:form:{action}:{target_id}")
        self.desk = desk
        self.action = action
        self.target_id = target_id
        self.group_id = group_id  # a new draft's group (Pending.group_id)
        self.held_token = held_token
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        values = values or {}
        for spec in specs:
            default = values.get(spec.key) or None
            field: discord.ui.TextInput[TextForm] = discord.ui.TextInput(
                label=spec.label,
                style=discord.TextStyle.paragraph if spec.paragraph else discord.TextStyle.short,
                custom_id=spec.key,
                required=spec.required,
                max_length=spec.max_length,
                placeholder=(question or spec.placeholder or "")[:100] or None,
                default=default[: spec.max_length] if default else None,
            )
            self.inputs[spec.key] = field
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        values = {k: (field.value or "").strip() or None for k, field in self.inputs.items()}
        if self.held_token:
            self.desk.pending.pop(self.held_token, interaction.user.id)
        held = Pending(
            self.action, interaction.user.id, self.target_id, values, group_id=self.group_id
        )
        await self.desk.submit(interaction, held)


def form_for(
    desk: DraftDesk,
    action: Action,
    target_id: int,
    values: dict[str, str | None] | None = None,
    *,
    held_token: str | None = None,
    question: str | None = None,
    group_id: int | None = None,
) -> TextForm:
    """The form for an action (new, edit, ask, reject, answer), optionally pre-filled;
    `group_id`: a new draft's group, if known (its submission then reads no session first)."""
    if action.is_draft_text:
        settings = desk.bot.settings.drafts
        title = "Anonymous case draft" if action is Action.NEW else "Edit your anonymous draft"
        specs = draft_fields(settings.theme_max_chars, settings.body_max_chars)
    else:
        title, specs = FORMS[action]
    return TextForm(
        desk,
        action=action,
        target_id=target_id,
        title=title,
        specs=specs,
        values=values,
        held_token=held_token,
        question=question if action is Action.ANSWER else None,
        group_id=group_id if action is Action.NEW else None,
    )
