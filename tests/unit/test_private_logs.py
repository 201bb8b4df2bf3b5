"""The id scrubber against discord.py's own log lines: an id at the end of a sentence (followed by
a full stop) is an id like any other (docs/privacy.md → The host, Discord and logs)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot import private_logs

MEMBER = 1544270590968332298


@pytest.fixture
def records() -> Iterator[list[logging.LogRecord]]:
    private_logs.install()
    caught: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            caught.append(record)

    logger = logging.getLogger("discord.state")
    handler, level = Keep(level=logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield caught
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_an_id_before_a_full_stop_is_withheld(records: list[logging.LogRecord]) -> None:
    # discord/state.py's own words, e.g. for a member update the cache has not seen
    logging.getLogger("discord.state").debug(
        "GUILD_MEMBER_UPDATE referencing an unknown member ID: %s. Discarding.", MEMBER
    )
    (record,) = records
    assert str(MEMBER) not in record.getMessage(), record.getMessage()
    assert "member ID: {id}. Discarding." in record.getMessage()


def test_decimals_and_words_are_left_alone() -> None:
    assert private_logs.scrub("took 0.15442705909683322981 s") == "took 0.15442705909683322981 s"
    assert private_logs.scrub("x15442705909683322981") == "x15442705909683322981"


def test_an_id_in_a_traceback_is_withheld(records: list[logging.LogRecord]) -> None:
    """The text a formatter adds for log.exception (the exception's message, e.g. the rota's
    "user <id> volunteered twice") is a log line too."""
    try:
        raise ValueError(f"user {MEMBER} volunteered twice for the same session")
    except ValueError:
        logging.getLogger("discord.state").exception("a post failed")
    (record,) = records
    text = logging.Formatter().format(record)
    assert "volunteered twice" in text and str(MEMBER) not in text, text
