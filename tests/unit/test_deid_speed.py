"""The gate's shortcuts change no finding: a pattern skipped by a cheap test is skipped only where
it could not have matched, the word lists read fast hold the same words, and the words read once
per scan are the words each detector read for itself (bot/domain/deidentify/once.py, wordset.py).
benchmarks/deid_same.py checks whole scans against main; these check each shortcut on its own,
so a rule edited later (a new word in a pattern) fails here instead of going unseen."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.domain.deidentify import ages, given, ids, lexicon, names, norm, places
from bot.domain.deidentify.once import first_words, may_hold_word, words, words_straight
from bot.domain.deidentify.wordset import WordSet

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DATA = Path(lexicon.__file__).resolve().parent / "data"


def _texts() -> list[str]:
    out: list[str] = []
    for path in sorted(CORPUS.glob("deid_*.jsonl")):
        if "heldout10" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                t = json.loads(line)["text"]
                out += [t, t.lower(), t.upper()]
    # Invented texts that hold what each pattern looks for.
    out += [
        "Her dog, Rocky, sleeps on the bed; the cat's called Mr Whiskers.",
        "He was moved to HMP Pentonville, then HMP/YOI Doncaster, then Broadmoor.",
        "She lives on moss lane, then moved to upper mill road.",
        "NHS 943.476.5919 on the form; DOB14/03/1967NHS9434765919.",
        "See HTTPS://Example.org/x, WWW.foo.CO.UK and bit.ly/3xKq9Zt or tinyurl.com/abc.",
        "Fairfield General, then Larch ward and Cedar unit at the Royal.",
        "She grew up in Tewkesbury, Gloucestershire and went to St Mary's High and Oak Academy.",
        "Gemma, Liam and Josh are her siblings; the twins came too.",
        "I'll call her Rosa; Dev (not his real name) and Kit - a pseudonym - came too.",
        "her great-gran's 100th, and gg-nan's ninety-first",
        "we talked about her dog, ",  # windows before a name, as given.py reads them
        "and the cat is called ",
        "then his old horse named Mr. ",
    ]
    return out


TEXTS = _texts()

# (pattern, the cheap test that lets it run): the test must pass wherever the pattern matches.
GATES: list[tuple[str, re.Pattern[str], Callable[[str], bool]]] = [
    ("pet named", names._PET_NAMED, lambda t: may_hold_word(t, names.PET_FIRST)),
    ("pet before", names.PET_BEFORE, lambda t: may_hold_word(t, names.PET_FIRST, keep=False)),
    (
        "known places",
        names._KNOWN_PLACES,
        lambda t: may_hold_word(t, names._KNOWN_PLACE_WORDS),
    ),
    ("streets lived on", ids._STREET_LIVES, lambda t: may_hold_word(t, ids._STREET_LIVES_WORDS)),
    ("links", ids._URL, ids._url_hint),
    ("paths", ids._PATH_URL, lambda t: bool(ids._PATH_HINT.search(t))),
    ("dotted ten", ids._DOTTED_TEN, lambda t: bool(ids._DOTTED_TEN_HINT.search(t))),
    ("schools", places._SCHOOL, lambda t: bool(places._SCHOOL_HINT.search(t))),
    ("General", lexicon._GENERAL, lambda t: "General" in t),
    ("wards", lexicon._LOWER_WARD, lambda t: bool(lexicon._WARD_AFTER.search(t))),
    ("counties", lexicon._BEFORE_COUNTY, lambda t: bool(lexicon._COUNTY_AFTER.search(t))),
    (
        "pseudonyms",
        given._PSEUDONYM,
        lambda t: any(w in t.lower() for w in given._PSEUDONYM_WORDS) or not t.isascii(),
    ),
    ("groups", given._GROUP_HINT, lambda t: may_hold_word(t, given._GROUP_FIRST)),
    ("kin ordinal", ages._KIN_ORDINAL, lambda t: bool(ages._KIN_ORDINAL_HINT.search(t))),
    (
        "glued labels",
        re.compile(rf"\d{norm._GLUED_LABELS}|{norm._GLUED_LABELS}\d"),
        lambda t: bool(norm._GLUED_AFTER_DIGIT.search(t) or norm._GLUED_BEFORE_DIGIT.search(t)),
    ),
]


@pytest.mark.parametrize(("name", "pattern", "gate"), GATES, ids=[g[0] for g in GATES])
def test_a_pattern_is_skipped_only_where_it_cannot_match(
    name: str, pattern: re.Pattern[str], gate: Callable[[str], bool]
) -> None:
    matched = 0
    for text in TEXTS:
        if pattern.search(text):
            matched += 1
            assert gate(text), f"{name}: skipped, but matches {text[:120]!r}"
    assert matched, f"{name}: no text here matches, so the test proves nothing"


def test_a_gate_skips_text_without_the_words() -> None:
    assert not may_hold_word("she took the tablets with water", names.PET_FIRST)
    assert may_hold_word("she took the dog out", names.PET_FIRST)
    assert not may_hold_word("hotdog stand", names.PET_FIRST)  # a word, not part of one
    assert may_hold_word("ſhe took the dog out".replace("dog", "d\u00f6g"), names.PET_FIRST)


def test_first_words_of_a_pattern_or_none() -> None:
    assert first_words(r"(?:dog|guinea[ \u00a0]pig|pit[ \u00a0]?bull)") == frozenset(
        {"dog", "guinea", "pit", "pitbull"}
    )
    assert first_words(r"(?:dogs?|cat)") is None  # more than words: never a gate
    assert first_words(r"(?:Dog|cat)") is None


@pytest.mark.parametrize(
    "text",
    ["", "\n", "ab", "ab\nac", "ab\n\nac\n", "b\na\n", "ab\nab\n", "abc\nabd\nb\n", "x\r\ny\n"],
)
def test_a_word_list_read_fast_holds_what_it_held(text: str) -> None:
    fast, slow = WordSet.from_text(text), WordSet(text.splitlines())
    assert fast._buckets == slow._buckets
    assert len(fast) == len(slow)


def test_every_shipped_list_reads_the_same_fast() -> None:
    for path in sorted(DATA.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        fast, slow = WordSet.from_text(text), WordSet(text.splitlines())
        assert fast._buckets == slow._buckets, path.name
        assert len(fast) == len(slow), path.name


def test_a_word_list_answers_membership() -> None:
    ws = WordSet(["john", "mary"])
    assert "john" in ws and "mary" in ws and "john" in ws  # asked twice: remembered
    assert "bob" not in ws and "jo" not in ws and "john\nmary" not in ws
    assert len(ws) == 2 and ws and not WordSet([])


def test_the_words_read_once_are_the_words_each_detector_read() -> None:
    for text in TEXTS[:3000:7] + ["Rhys\u2019 mum and O\u2019Brien-Smith's"]:
        assert list(words(text)) == [
            (m.start(), m.end(), m.group()) for m in lexicon._WORD.finditer(text)
        ]
        assert list(words_straight(text)) == [
            (m.start(), m.end(), m.group()) for m in given._TOKEN.finditer(text)
        ]


def test_members_names_found_without_a_pattern_are_the_patterns_matches() -> None:
    rng = random.Random(19)
    alphabet = "ab _-'.Xy1"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        members = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5)))
            for _ in range(rng.randint(1, 4))
        ]
        cleaned = sorted({n.strip() for n in members if len(n.strip()) >= 2}, key=len, reverse=True)
        fast = [(h.start, h.end) for h in names.find_extra_names(text, members)]
        slow = (
            [(m.start(), m.end()) for m in names._names_pattern(tuple(cleaned)).finditer(text)]
            if cleaned
            else []
        )
        assert fast == slow, (text, members)
