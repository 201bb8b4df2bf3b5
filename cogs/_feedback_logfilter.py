"""Keep answers and comments out of logs even at DEBUG level.

Two libraries log private input at DEBUG:
- discord.py logs every gateway event, including INTERACTION_CREATE, whose payload holds what a
  member picked in a select and typed in a modal: the payload is replaced by a placeholder (the
  event name stays, so the log still shows that something happened);
- aiosqlite logs every database call with its parameters ("executing functools.partial(...)"),
  which would include a comment's text: these DEBUG records are dropped.
The filters apply to every capability, so drafts and other private input are protected as well.
The audit test in tests/e2e/test_feedback.py runs a whole scenario at DEBUG and checks the logs.
"""

from __future__ import annotations

import logging
from typing import Any

GATEWAY_LOGGER = "discord.gateway"
SQL_LOGGER = "aiosqlite"
WITHHELD = "<INTERACTION_CREATE payload withheld: it can contain anonymous answers>"


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


class DropStatementParameters(logging.Filter):
    """Drops aiosqlite's DEBUG records (each names a call with its parameters)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


def _is_interaction(payload: Any) -> bool:
    if isinstance(payload, dict):
        return payload.get("t") == "INTERACTION_CREATE"
    return "INTERACTION_CREATE" in str(payload)


_FILTERS: tuple[tuple[str, logging.Filter], ...] = (
    (GATEWAY_LOGGER, WithholdInteractions()),
    (SQL_LOGGER, DropStatementParameters()),
)


def install() -> None:
    """Add the filters to the libraries' loggers (idempotent)."""
    for name, flt in _FILTERS:
        logger = logging.getLogger(name)
        if flt not in logger.filters:
            logger.addFilter(flt)


def uninstall() -> None:
    for name, flt in _FILTERS:
        logging.getLogger(name).removeFilter(flt)
