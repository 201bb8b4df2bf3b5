"""The gate's time on a hostile text: long runs of one character, or of two, must not be tried
from each of their characters to their end (a pattern's unbounded run before a fixed part).

Four thousand dashes once took most of a second in one pattern: the gate's worker gives up on a
scan after two seconds and scans again on the event loop, so such a text, pasted into an agenda
or a comment, held every group. Process time, with a bound twenty times the worst seen, so a busy
machine does not fail it; a pattern gone quadratic again takes seconds.
"""

from __future__ import annotations

import string
import time

import pytest

from bot.domain.deidentify import scan

CHARS = string.punctuation + " a1A\u00a0\u00e9"
LONG = 4000


def _texts(c: str) -> list[str]:
    return [
        c * LONG,
        ("a" + c) * (LONG // 2),
        ("1" + c) * (LONG // 2),
        ("A" + c) * (LONG // 2),
        "x at " + c * LONG,
        c * LONG + " at gmail dot com",
        ("ab" + c + " ") * (LONG // 4),
    ]


@pytest.mark.parametrize("c", list(CHARS))
def test_a_long_run_of_one_character_is_scanned_in_linear_time(c: str) -> None:
    scan("warm the lists up: Rhys at 9434765919")
    for text in _texts(c):
        began = time.process_time()
        scan(text, [], [])
        took = time.process_time() - began
        assert took < 1.5, f"{took:.2f} s of CPU for {text[:12]!r}... ({len(text)} characters)"
