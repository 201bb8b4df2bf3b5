"""What a scan computes once and its detectors share: the words of the text, the month names in
it, and any other reading of the whole text that several detectors make.

``scan`` hands the same normalised text to every detector; a reading of it made by one detector
(a pass of a pattern over 1,500 characters costs 30 to 300 microseconds) is kept here and given
to the next, instead of each detector making it again. A value is kept for the very string object
it was computed from (compared by identity, and held, so its id cannot be reused) until the next
scan begins (``forget``): a draft scanned again is read again, as a new draft would be (and the
benchmark's repeated texts are not served from memory). Values are tuples, never changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_KEPT = 64  # readings kept at most (a scan makes a handful per text)
_MEMO: dict[tuple[object, int], tuple[str, object]] = {}


def once(text: str, reading: Callable[[str], T]) -> T:
    """``reading(text)``, computed once per text string (``reading`` must be pure)."""
    slot = (reading, id(text))
    kept = _MEMO.get(slot)
    if kept is not None and kept[0] is text:
        return kept[1]  # type: ignore[return-value]
    value = reading(text)
    if len(_MEMO) >= _KEPT:
        _MEMO.clear()
    _MEMO[slot] = (text, value)
    return value


def forget() -> None:
    """Drop every reading kept (``scan`` calls this first)."""
    _MEMO.clear()


_LETTERS = re.compile(r"[a-z]+")


def _ascii_words(text: str) -> frozenset[str] | None:
    return frozenset(_LETTERS.findall(text.lower())) if text.isascii() else None


def may_hold_word(text: str, words: frozenset[str] | None, *, keep: bool = True) -> bool:
    """False only when none of ``words`` (lower case) stands in ``text`` as a whole run of
    letters, in any case: then a pattern that starts with ``\\b(?i:one|of|these)`` followed by
    anything but a letter cannot match, and need not be run (a pass of such a pattern costs
    some 100 microseconds; this test, once the text's words are read, one). Always True for
    text that is not plain ASCII (case-insensitive matching is wider than ``str.lower`` there)
    and when ``words`` is None. ``keep=False`` for a short window of the text (not kept)."""
    if words is None:
        return True
    runs = once(text, _ascii_words) if keep else _ascii_words(text)
    return runs is None or not runs.isdisjoint(words)


def first_words(alternation: str) -> frozenset[str] | None:
    """The first word of every branch of a pattern ``(?:dog|guinea[ \\u00a0]pig|pit[ \\u00a0]?bull)``
    ({"dog", "guinea", "pit", "pitbull"}), for ``may_hold_word``; None (no test) as soon as a
    branch is more than words and spaces, so a pattern edited later is never skipped wrongly."""
    out: set[str] = set()
    for branch in alternation.removeprefix("(?:").removesuffix(")").split("|"):
        joined = branch.replace("[ \\u00a0]?", "")
        for variant in {branch, joined}:
            first = variant.split("[ \\u00a0]")[0]
            if not (first.isascii() and first.isalpha() and first.islower()):
                return None
            out.add(first)
    return frozenset(out)


Token = tuple[int, int, str]  # start, end, the word

_LETTER = "A-Za-z\u00c0-\u024f"
# A word: letters, joined by an apostrophe (straight or curly) or a hyphen before a letter.
_WORD = re.compile(rf"[{_LETTER}](?:[{_LETTER}]|['\u2019\-](?=[{_LETTER}]))*")
# The same without the curly apostrophe (given names: "Rhys\u2019" ends at the s).
_WORD_STRAIGHT = re.compile(rf"[{_LETTER}](?:[{_LETTER}]|['\-](?=[{_LETTER}]))*")


def _words(text: str) -> tuple[Token, ...]:
    return tuple((m.start(), m.end(), m.group()) for m in _WORD.finditer(text))


def _words_straight(text: str) -> tuple[Token, ...]:
    if "\u2019" not in text:
        return once(text, _words)  # the two patterns read the same words then
    return tuple((m.start(), m.end(), m.group()) for m in _WORD_STRAIGHT.finditer(text))


def words(text: str) -> tuple[Token, ...]:
    """The words of ``text`` with their spans (apostrophes straight or curly join a word)."""
    return once(text, _words)


def words_straight(text: str) -> tuple[Token, ...]:
    """The words of ``text``, joined only by a straight apostrophe or a hyphen."""
    return once(text, _words_straight)
