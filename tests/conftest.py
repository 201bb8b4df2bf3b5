"""Shared fixtures: a real SQLite file in a temporary folder for store tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store.db import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "balint.sqlite3")
    yield database
    await database.close()
