"""A compact, read-only set of words for the gate's big lists (surnames, given names, English
words): about a tenth of the memory of a frozenset of the same strings.

A frozenset of 160,000 short strings costs some 20 MB (an object per string, a slot per entry);
here each bucket of words sharing their first three letters is one string, "\\nword\\nword\\n", and
a look-up is a substring search in one bucket (a few hundred bytes).
"""

from __future__ import annotations

from collections.abc import Iterable

_MEMO = 4096  # answers kept per set (a few hundred KB at most)


class WordSet(dict[str, bool]):
    """Membership of lower-case keys; built once from the lines of a word list.

    The dict itself holds the recent answers (the same words come back draft after draft), and
    ``word in words`` is the dict's own look-up, in C, with no Python frame (the gate asks some
    thousand times per 1,500 characters): only a word not asked about lately reaches
    ``__missing__``, which reads the buckets."""

    __slots__ = ("_buckets", "_size")

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__()
        grouped: dict[str, list[str]] = {}
        for w in words:
            if w:
                grouped.setdefault(w[:3], []).append(w)
        self._buckets = {k: "\n" + "\n".join(sorted(set(v))) + "\n" for k, v in grouped.items()}
        self._size = sum(b.count("\n") - 1 for b in self._buckets.values())

    @classmethod
    def from_text(cls, text: str) -> WordSet:
        """The set of the lines of ``text``, a word list as shipped (one word a line, sorted, no
        repeats): each bucket is cut from the text in one piece, with no string per word made on
        the way (building the 160,000 surnames a word at a time left some 12 MB of freed memory
        the process kept). A text not in that form is read a word at a time."""
        if any(c in text for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            return cls(text.splitlines())  # other line ends: splitlines' reading
        if not text.endswith("\n"):
            text += "\n"
        out = cls(())
        buckets: dict[str, str] = {}
        size = 0
        pos, n = 0, len(text)
        first, prefix, last = 0, "", ""  # the bucket being cut: where, its key, its last word
        while pos <= n:
            end = text.find("\n", pos)
            end = n if end < 0 else end
            word = text[pos:end] if pos < n else ""
            key = word[:3]
            if key != prefix:
                if prefix:
                    buckets[prefix] = "\n" + text[first : pos - 1] + "\n"
                if key in buckets or (word and word <= last):
                    return cls(text.splitlines())  # not sorted, or repeats: word by word
                first, prefix = pos, key
            elif word and word <= last:
                return cls(text.splitlines())
            if word:
                size += 1
                last = word
            pos = end + 1
        out._buckets, out._size = buckets, size
        return out

    def __missing__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        bucket = self._buckets.get(word[:3])
        found = bucket is not None and "\n" not in word and f"\n{word}\n" in bucket
        if dict.__len__(self) >= _MEMO:
            self.clear()
        self[word] = found
        return found

    __contains__ = dict.__getitem__  # type: ignore[assignment]  # True or False, never KeyError

    def __len__(self) -> int:
        """The words in the list (not the answers remembered)."""
        return self._size

    def __bool__(self) -> bool:
        return self._size > 0

    __hash__ = object.__hash__  # type: ignore[assignment]  # one list, one identity

    def __eq__(self, other: object) -> bool:
        return self is other
