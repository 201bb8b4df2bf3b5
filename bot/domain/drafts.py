"""Rules for anonymous case drafts as pure functions: what a typed draft must look like, and when
what an author does reaches the leaders.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta

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
