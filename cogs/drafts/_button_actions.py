"""What a draft button or form can do, as one enum.

The value is what a button's custom_id carries (`draft:<action>:<id>`), so buttons posted before a
restart keep working; the desk routes each member to the author side or the leader side.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    # forms: the typed text goes through the de-identification gate first
    NEW = "new"  # an author writes a draft (target: the session)
    EDIT = "edit"  # an author changes their draft (target: the draft)
    ANSWER = "answer"  # an author answers a leader's question (target: the question)
    ASK = "ask"  # a leader asks the author something (target: the draft)
    REJECT = "reject"  # a leader rejects a draft, with a reason (target: the draft)
    # buttons only
    APPROVE = "approve"  # target: the draft and its text's fingerprint
    WITHDRAW = "withdraw"  # asks the author to confirm
    WITHDRAW_CONFIRMED = "withdraw-yes"
    FIX = "fix"  # re-open the form with text the gate held back (target: a token)
    SEND = "send"  # submit text the gate only warned about (target: a token)

    @property
    def by_author(self) -> bool:
        """The anonymous author's own act (its time is what the rounds hide from the leaders)."""
        return self in (
            Action.NEW,
            Action.EDIT,
            Action.ANSWER,
            Action.WITHDRAW,
            Action.WITHDRAW_CONFIRMED,
        )

    @property
    def is_draft_text(self) -> bool:
        """A draft's own text (theme, paragraph, name), rather than a question, reason or answer."""
        return self in (Action.NEW, Action.EDIT)
