"""Shared by the scale tests: a trap for ERROR records of the bot and discord.py."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


class Trap(logging.Handler):
    """ERROR records from the bot and discord.py (the tests fail on any)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".")[0] in {"bot", "cogs", "discord"}:
            self.records.append(f"{record.name}: {record.getMessage()}")


@pytest.fixture
def errors() -> Iterator[list[str]]:
    trap = Trap()
    logging.getLogger().addHandler(trap)
    yield trap.records
    logging.getLogger().removeHandler(trap)
