"""Rules for anonymous case drafts as pure functions: what a typed draft must look like, when
what an author does reaches the leaders, and what a leader's Approve or Reject does to a draft.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

FIRST_NAME = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)?")


def next_round(now: datetime) -> datetime:
    """The next whole hour after `now`: what an author does now reaches the leaders then, together
    with everything else done that hour, so the time says nothing about who acted."""
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def draft_problems(values: Mapping[str, str | None], *, theme_max: int, body_max: int) -> list[str]:
    """What is wrong with a typed draft (theme, body, first_name), as lines for the author."""
    problems = []
    theme, body, name = (
        values.get("theme") or "",
        values.get("body") or "",
        values.get("first_name"),
    )
    if not theme or not body:
        problems.append("• A theme and a paragraph are both needed.")
    if len(theme) > theme_max:
        problems.append(f"• The theme can be at most {theme_max} characters.")
    if len(body) > body_max:
        problems.append(f"• The paragraph can be at most {body_max} characters.")
    if name and not FIRST_NAME.fullmatch(name):
        problems.append(
            "• The invented first name should be one made-up first name, letters only "
            "(e.g. Sam), or left empty."
        )
    return problems


def reply_problems(values: Mapping[str, str | None]) -> list[str]:
    """What is wrong with a question, reason or answer: only that it may not be empty."""
    return [] if any(values.values()) else ["• Please write something."]


class DraftStatus(StrEnum):
    """Where a draft is in its review (stored as these words). Open: waiting or approved."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


OPEN = (DraftStatus.PENDING, DraftStatus.APPROVED)
CLOSED = (DraftStatus.REJECTED, DraftStatus.WITHDRAWN)


def seen_open(status: str, seen_status: str | None) -> bool:
    """Open as the leaders last saw it: a withdrawal shows to them only with the next round, a
    rejection (theirs) at once."""
    return seen_status in OPEN and status != DraftStatus.REJECTED


@dataclass(frozen=True)
class Review:
    """What a leader's press does: the status of the version the leaders saw, and the draft's own."""

    seen_status: DraftStatus
    status: DraftStatus


def approve(
    *, status: str, seen_status: str | None, fingerprint: str, seen_fingerprint: str, pressed: str
) -> Review | None:
    """Approve only the version the leaders saw (``pressed``, the fingerprint on the card). If the
    author has not changed it since, the draft is approved; if they have (or withdrew it), only the
    leaders' version is marked approved and the newer one comes up with the next round: text no
    leader saw is never approved. None if the leaders' version was not waiting for review."""
    if (
        not seen_open(status, seen_status)
        or seen_status != DraftStatus.PENDING
        or seen_fingerprint != pressed
    ):
        return None
    current = status == DraftStatus.PENDING and fingerprint == pressed
    return Review(DraftStatus.APPROVED, DraftStatus.APPROVED if current else DraftStatus(status))


def reject(*, status: str, seen_status: str | None) -> Review | None:
    """Reject the version the leaders saw; the author's newer version, if any, goes with it, but a
    withdrawal stays withdrawn (nobody is told, the draft is deleted). None if the leaders'
    version was not open."""
    if not seen_open(status, seen_status):
        return None
    withdrawn = status == DraftStatus.WITHDRAWN
    return Review(
        DraftStatus.REJECTED, DraftStatus.WITHDRAWN if withdrawn else DraftStatus.REJECTED
    )
