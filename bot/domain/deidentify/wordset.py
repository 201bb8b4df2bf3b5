"""A compact, read-only set of words for the gate's big lists (surnames, given names, English
words): about a tenth of the memory of a frozenset of the same strings.

A frozenset of 160,000 short strings costs some 20 MB (an object per string, a slot per entry);
here each bucket of words sharing their first three letters is one string, "\\nword\\nword\\n", and
a look-up is a substring search in one bucket (a few hundred bytes).
"""

from __future__ import annotations

from collections.abc import Iterable

_MEMO = 4096  # answers kept per set (a few hundred KB at most)


class WordSet:
    """Membership of lower-case keys; built once from the lines of a word list."""

    __slots__ = ("_buckets", "_memo", "_size")

    def __init__(self, words: Iterable[str]) -> None:
        grouped: dict[str, list[str]] = {}
        for w in words:
            if w:
                grouped.setdefault(w[:3], []).append(w)
        self._buckets = {k: "\n" + "\n".join(sorted(set(v))) + "\n" for k, v in grouped.items()}
        self._size = sum(b.count("\n") - 1 for b in self._buckets.values())
        self._memo: dict[
            str, bool
        ] = {}  # recent answers: the same words come back draft after draft

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        found = self._memo.get(word)
        if found is None:
            bucket = self._buckets.get(word[:3])
            found = bucket is not None and "\n" not in word and f"\n{word}\n" in bucket
            if len(self._memo) >= _MEMO:
                self._memo.clear()
            self._memo[word] = found
        return found

    def __len__(self) -> int:
        return self._size
