"""tests/conftest.py's LONGEST_FIRST names tests that exist: a renamed or moved long test would
otherwise silently fall back to its place in the collection, perhaps the last one run."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import LONGEST_FIRST

ROOT = Path(__file__).resolve().parents[1]


def test_each_longest_first_entry_names_a_file_and_a_test_in_it() -> None:
    for entry in LONGEST_FIRST:
        path, _, name = entry.partition("::")
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^(?:async )?def {re.escape(name or 'test_')}", source, re.M), entry
