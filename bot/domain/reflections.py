"""Private reflections as rules: the questions (about the trainee's own reactions, never the
patient), who is prompted after a session, and the reflective log's order.

Trainees writing about their Balint year found it changed how they thought about patients only over
months; UK portfolios ask for reflective entries. The prompt is opt-in and private.
"""

from __future__ import annotations

SESSION, PRESENTED, FREE = "session", "presented", "free"
HINT = "About your own reactions, not the patient"
# (key, label): labels fit a Discord form (45 characters)
QUESTIONS: dict[str, list[tuple[str, str]]] = {
    SESSION: [
        ("noticed", "What did you notice in yourself today?"),
        ("stayed", "Which feelings have stayed with you?"),
        ("practice", "Anything for your own work with patients?"),
    ],
    PRESENTED: [
        ("presenting", "What was it like to present your case?"),
        ("listening", "What did you feel as the group talked?"),
        ("practice", "What will you take back to your work?"),
    ],
    FREE: [
        ("noticed", "What have you noticed in yourself?"),
        ("stayed", "What feelings are you left with?"),
        ("practice", "Anything for your own work with patients?"),
    ],
}
TITLES = {SESSION: "After a session", PRESENTED: "After presenting", FREE: "A reflection"}
MAX_ANSWER = 1000


def prompt_kind(status: str | None, presented: bool) -> str | None:
    """Which prompt a trainee gets after a session: presenting first; attending (on time or late)
    next; nothing for an absence."""
    if presented:
        return PRESENTED
    if status in ("attended", "late"):
        return SESSION
    return None


def label(kind: str, key: str) -> str:
    return dict(QUESTIONS.get(kind, QUESTIONS[FREE])).get(key, key)


def answered(answers: dict[str, str]) -> dict[str, str]:
    """The answers worth keeping: non-empty, trimmed."""
    return {k: v.strip() for k, v in answers.items() if v and v.strip()}
