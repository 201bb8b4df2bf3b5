"""Keep private input out of the logs, even at DEBUG level (DESIGN.md principle 4).

Three library loggers would otherwise write what members typed or chose, or link it to them:
- discord.gateway logs every gateway event; INTERACTION_CREATE payloads hold select picks and modal
  text (anonymous answers, draft text): the payload is replaced by a placeholder, the event name stays;
- discord.http logs every REST request and response body: a draft card's text, a question relayed to
  an anonymous author next to "open a DM with user N": those records are dropped (rate-limit and
  retry records stay);
- aiosqlite logs every database call with its parameters (a comment's text): its DEBUG records are
  dropped;
- discord.webhook logs every reply to an interaction with its URL, and the URL holds the
  interaction's token: for 15 minutes it lets whoever reads the log fetch the reply (an anonymous
  author's confirmation) and the interaction's metadata, which name the member. The token is
  replaced by a placeholder; the method, route and status stay.
The bot installs these at start-up; audit tests in tests/e2e run whole scenarios at DEBUG and check.
"""

from __future__ import annotations

import logging
import re
from typing import Any

WITHHELD = "<INTERACTION_CREATE payload withheld: it can contain anonymous answers>"
_HTTP_BODY_MESSAGES = ("%s %s with %s has returned %s", "%s %s has received %s")
TOKEN_WITHHELD = "<token withheld>"
# /interactions/{id}/{token}/callback and /webhooks/{application id}/{token}[/messages/...]
_TOKEN_IN_URL = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/\s?]+")


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


class WithholdTokens(logging.Filter):
    """Rewrites webhook records so that no interaction token reaches a log (any level)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_without_token(a) for a in record.args)
        record.msg = _without_token(record.msg)
        return True


def _without_token(value: Any) -> Any:
    text = str(value)
    if "/interactions/" not in text and "/webhooks/" not in text:
        return value
    return _TOKEN_IN_URL.sub(lambda m: m.group(1) + TOKEN_WITHHELD, text)


def _is_interaction(payload: Any) -> bool:
    if isinstance(payload, dict):
        return payload.get("t") == "INTERACTION_CREATE"
    return "INTERACTION_CREATE" in str(payload)


_FILTERS: tuple[tuple[str, logging.Filter], ...] = (
    ("discord.gateway", WithholdInteractions()),
    ("discord.http", DropRestBodies()),
    ("aiosqlite", DropStatementParameters()),
    ("discord.webhook.async_", WithholdTokens()),
    ("discord.webhook.sync", WithholdTokens()),
)


def install() -> None:
    """Add the filters to the libraries' loggers (idempotent)."""
    for name, flt in _FILTERS:
        logger = logging.getLogger(name)
        if flt not in logger.filters:
            logger.addFilter(flt)
