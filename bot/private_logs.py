"""Keep private input out of the logs, even at DEBUG level (DESIGN.md principle 4).

Three library loggers would otherwise write what members typed or chose, or link it to them:
- discord.gateway logs every gateway event; INTERACTION_CREATE payloads hold select picks and modal
  text (anonymous answers, draft text): the payload is replaced by a placeholder, the event name stays;
- discord.http logs every REST request and response body: a draft card's text, a question relayed to
  an anonymous author next to "open a DM with user N": those records are dropped (rate-limit and
  retry records stay);
- aiosqlite logs every database call with its parameters (a comment's text): its DEBUG records are
  dropped.
The bot installs these at start-up; audit tests in tests/e2e run whole scenarios at DEBUG and check.
"""

from __future__ import annotations

import logging
from typing import Any

WITHHELD = "<INTERACTION_CREATE payload withheld: it can contain anonymous answers>"
_HTTP_BODY_MESSAGES = ("%s %s with %s has returned %s", "%s %s has received %s")


class WithholdInteractions(logging.Filter):
    """Rewrites DEBUG records of interaction events; lets every other record through unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if (
            isinstance(record.msg, str)
            and "WebSocket Event" in record.msg
            and isinstance(args, tuple)
            and len(args) == 2
            and _is_interaction(args[1])
        ):
            record.args = (args[0], WITHHELD)
        return True


class DropRestBodies(logging.Filter):
    """Drops discord.http's request/response DEBUG records (they hold message bodies)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno <= logging.DEBUG and record.msg in _HTTP_BODY_MESSAGES)


class DropStatementParameters(logging.Filter):
    """Drops aiosqlite's DEBUG records (each names a call with its parameters)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


def _is_interaction(payload: Any) -> bool:
    if isinstance(payload, dict):
        return payload.get("t") == "INTERACTION_CREATE"
    return "INTERACTION_CREATE" in str(payload)


_FILTERS: tuple[tuple[str, logging.Filter], ...] = (
    ("discord.gateway", WithholdInteractions()),
    ("discord.http", DropRestBodies()),
    ("aiosqlite", DropStatementParameters()),
)


def install() -> None:
    """Add the filters to the libraries' loggers (idempotent)."""
    for name, flt in _FILTERS:
        logger = logging.getLogger(name)
        if flt not in logger.filters:
            logger.addFilter(flt)
