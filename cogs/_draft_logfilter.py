"""Keep REST bodies out of DEBUG logs: they would carry draft text and link an author.

At DEBUG, discord.py's HTTP client logs every request with its body and every response with its
data. For drafts that means the leaders' card (the draft's text), a question sent to the author,
and the body of "open a DM with user N" next to that question: text and identity together. Those
two kinds of record are dropped; everything else discord.http logs (rate limits, retries) stays.
The gateway's interaction payloads are handled by cogs/_feedback_logfilter.py.
"""

from __future__ import annotations

import logging

HTTP_LOGGER = "discord.http"
_BODY_MESSAGES = ("%s %s with %s has returned %s", "%s %s has received %s")


class DropRestBodies(logging.Filter):
    """Drops discord.http's request/response DEBUG records (they hold message bodies)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno <= logging.DEBUG and record.msg in _BODY_MESSAGES)


_FILTER = DropRestBodies()


def install() -> None:
    """Add the filter to discord.http's logger (idempotent)."""
    logger = logging.getLogger(HTTP_LOGGER)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)


def uninstall() -> None:
    logging.getLogger(HTTP_LOGGER).removeFilter(_FILTER)
