"""Shared fixtures: a real SQLite file in a temporary folder for store tests. And the order the
suite runs in: its longest tests first."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store.db import Database

# The longest tests (10-80 s each on a busy 2-core machine, `--durations`), longest first, as
# files or as test names' beginnings (a module-scoped fixture's users together). They run first:
# the README's command splits the suite between the workers in this order (pyproject.toml's
# `--dist worksteal`: an idle worker takes the later half of another's queue), so a long test is
# never the last one left while the other worker has nothing to do.
LONGEST_FIRST = (
    "tests/faults/test_kill.py",
    "tests/faults/test_process.py::test_the_emulator_prints_a_line",
    "tests/e2e/test_running_for_real.py::test_the_readme_install_builds_a_wheel",
    "tests/e2e/test_sandbox.py",
    "tests/e2e/test_pictures.py",
    "tests/e2e/test_year.py",
    "tests/scale/test_shards.py",
    "tests/unit/test_deidentify.py::test_second_heldout_set",
    "tests/unit/test_deidentify.py::test_third_heldout_set",
    "tests/unit/test_deidentify.py::test_fourth_heldout_set",
    "tests/e2e/test_walkthrough_wording.py",
    "tests/unit/test_deidentify.py::test_heldout_",
    "tests/unit/test_deidentify.py::test_corpus_",
    "tests/scale/test_fanout_limits.py",
    "tests/e2e/test_events_limit.py",
    "tests/e2e/test_records.py",
    "tests/unit/test_deidentify.py::test_every_blocked_identifier_is_still_blocked",
    "tests/faults/test_process.py::test_every_readme_command_runs",
    "tests/faults/test_damaged_storage.py",
    "tests/scale/test_route_buckets.py",
)


def _rank(nodeid: str) -> int:
    for i, start in enumerate(LONGEST_FIRST):
        if nodeid.startswith(start):
            return i
    return len(LONGEST_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first; the rest, and each file's own tests, keep their order."""
    items.sort(key=lambda item: _rank(item.nodeid))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "balint.sqlite3")
    yield database
    await database.close()
