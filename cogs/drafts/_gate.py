"""The de-identification gate as the draft commands use it, and the author's unsaved text in memory.

Every field a person types for a draft (theme, paragraph, invented name, a leader's question or
reason, the author's answer) is scanned locally before anything is stored. Blocked text is never
stored or logged: it is held here, in memory only and for a few minutes, so that "Edit my draft"
can re-open the form with what the person typed.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot import gate
from bot.clock import Clock
from bot.domain.deidentify import Checked, blocking, explain
from cogs.drafts._button_actions import Action

KEEP = timedelta(minutes=15)  # how long unsaved text waits in memory for "Edit my draft"
MAX_MESSAGE = 1900  # Discord allows 2,000 characters in a message


@dataclass(frozen=True)
class Verdict:
    """What the gate found across all fields: blocked, warned, and the private explanation."""

    blocked: bool
    warned: bool
    message: str

    @property
    def clean(self) -> bool:
        return not self.blocked and not self.warned


def verdict(
    values: Mapping[str, str | None],
    labels: Mapping[str, str],
    checked: Checked,
    *,
    edit_label: str = "Edit my draft",
) -> Verdict:
    """The gate's findings in each field (`checked`, of `values`), explained field by field."""
    found = checked.findings
    blocked, warned = checked.blocked, checked.warned
    if not (blocked or warned):
        return Verdict(False, False, "")
    heads: dict[bool, str] = {}
    parts: list[str] = []
    for key, findings in found.items():
        if findings:
            first, _, rest = explain(values[key] or "", findings).partition("\n")
            heads.setdefault(bool(blocking(findings)), first)
            parts.append(f"**{labels.get(key, key)}**\n{rest}")
    if blocked:
        tail = (
            f"Nothing has been saved. Press **{edit_label}** to change it: what you typed is kept "
            "(in memory only) for a few minutes."
        )
    else:
        tail = f"If you are sure these are safe, press **Submit anyway**; or **{edit_label}**."
    message = "\n".join([heads[blocked], *parts, "", tail])
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - len(tail) - 3] + "…\n\n" + tail
    return Verdict(blocked, warned, message)


async def check_text(
    values: Mapping[str, str | None],
    labels: Mapping[str, str],
    extra_names: Iterable[str] = (),
    *,
    edit_label: str = "Edit my draft",
) -> Verdict:
    """Scan each field on its own (so spans never run across fields) and explain per field.
    The invented first name is the pseudonym the form asks for: it is no name to warn about.
    The scan is made by the gate's worker process (bot/gate.py), off the event loop."""
    checked = await gate.check(
        values, members=extra_names, pseudonyms=[values.get("first_name") or ""]
    )
    return verdict(values, labels, checked, edit_label=edit_label)


@dataclass
class Pending:
    """Text a person typed that is not (yet) stored: what to do with it and who may use it."""

    action: Action  # one of the forms: new, edit, answer, reject, ask
    user_id: int
    target_id: int  # the session (new), draft (edit, reject, ask) or question (answer)
    values: dict[str, str | None]
    extra: dict[str, Any] = field(default_factory=dict)
    expires: datetime | None = None
    # a new draft's group, known when its form was opened: the submission reads no session
    # before the gate (the session is read, and checked, in the draft's write)
    group_id: int | None = None


class PendingTexts:
    """Unsaved text by random token, in memory only, forgotten after `keep` or when used.

    Time is the bot's injected clock, so a test (or the sandbox's time travel) moves it too."""

    def __init__(self, clock: Clock, keep: timedelta = KEEP) -> None:
        self.clock = clock
        self.keep = keep
        self._items: dict[str, Pending] = {}

    def put(self, pending: Pending) -> str:
        self._prune()
        token = secrets.token_urlsafe(12)
        pending.expires = self.clock.now() + self.keep
        self._items[token] = pending
        return token

    def get(self, token: str, user_id: int) -> Pending | None:
        """The pending text for this token if it is this user's and still kept."""
        self._prune()
        item = self._items.get(token)
        return item if item is not None and item.user_id == user_id else None

    def pop(self, token: str, user_id: int) -> Pending | None:
        item = self.get(token, user_id)
        if item is not None:
            del self._items[token]
        return item

    def _prune(self) -> None:
        now = self.clock.now()
        for token in [t for t, p in self._items.items() if p.expires is None or p.expires <= now]:
            del self._items[token]

    def __len__(self) -> int:
        self._prune()
        return len(self._items)
