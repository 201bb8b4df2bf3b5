"""Name and place detectors that look words up in maintained lists (bot/domain/deidentify/data).

The capitalised-pair heuristics in ``names`` miss what trainees actually type: a surname
alone ("Prendergast"), a name in lower case or capitals ("jane whitfield", "MR GALLAGHER"), a first
name and an initial ("Tom H."), a small town ("Tobermory"). These detectors catch them with
census name lists and GeoNames' UK places (see data/SOURCES.md); the lists leave out
ordinary English words, so "Brown", "Hope" or "Reading" are never looked up. Everything warns.
The lists are package data read once, on the first scan; nothing leaves the process.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources

from bot.domain.deidentify.ids import Hit
from bot.domain.deidentify.names import PET_BEFORE, PET_FIRST, pet_names
from bot.domain.deidentify.once import Token, may_hold_word, words
from bot.domain.deidentify.words import (
    KIN_ABROAD,
    NOT_NAMES,
    NOT_PATIENT_NAMES,
    PLACE_GENERIC,
    SENTENCE_STARTERS,
    THING_AFTER,
    _words,
)
from bot.domain.deidentify.wordset import WordSet

_LETTER = "A-Za-z\u00c0-\u024f"
_WORD = re.compile(rf"[{_LETTER}](?:[{_LETTER}]|['\u2019\-](?=[{_LETTER}]))*")


@lru_cache(maxsize=16384)  # the same words come back in every draft
def key(word: str) -> str:
    """Lookup key: lower case, letters only, accents dropped ("O'Connor" -> "oconnor",
    "Wiśniewski" -> "wisniewski", "St." -> "st"), as the lists were built."""
    if word.isascii() and word.isalpha():
        low = word.lower()
        return "st" if low == "saint" else low
    low = word.lower()
    if not low.isascii():
        low = unicodedata.normalize("NFKD", low.replace("\u0142", "l"))
    k = re.sub(r"[^a-z]", "", low)
    return "st" if k == "saint" else k


@cache
def _lines(name: str) -> tuple[str, ...]:
    text = (
        resources.files("bot.domain.deidentify").joinpath("data", name).read_text(encoding="utf-8")
    )
    return tuple(line for line in text.splitlines() if line)


def load_lines(name: str) -> list[str]:
    """The lines of a word list of data/ (read once, on first use, by its caller)."""
    text = (
        resources.files("bot.domain.deidentify").joinpath("data", name).read_text(encoding="utf-8")
    )
    return text.splitlines()


def load_words(name: str) -> WordSet:
    """A word list of data/ as a compact set (read once, on first use, by its caller)."""
    text = (
        resources.files("bot.domain.deidentify").joinpath("data", name).read_text(encoding="utf-8")
    )
    return WordSet.from_text(text)


@cache
def verb_forms() -> WordSet:
    """Past and -s forms of English verbs (WordNet): what follows a person ("Paris refuses")."""
    return load_words("english_verbs.txt")


@cache
def first_names() -> WordSet:
    return load_words("first_names.txt")


@cache
def word_first_names() -> WordSet:
    """First names that are also ordinary words (Will, Mark, Said, Hope)."""
    return load_words("first_names_words.txt")


@cache
def surnames() -> WordSet:
    """Surnames that are not ordinary English words."""
    return load_words("surnames.txt")


@cache
def word_surnames() -> WordSet:
    """Surnames that are also words (Mackintosh, Baker): a name only right after a first name."""
    return load_words("surnames_words.txt")


def is_first_name(w: str) -> bool:
    """A first name, also a hyphenated one ("kerry-ann", "Mary-Jane")."""
    k = key(w)
    if k in first_names():
        return True
    parts = [key(p) for p in re.split(r"[-\u2010]", w) if p]
    return len(parts) > 1 and all(p in first_names() for p in parts)


_NOT_LONE = NOT_NAMES | NOT_PATIENT_NAMES | SENTENCE_STARTERS | KIN_ABROAD


def is_lone_surname(k: str) -> bool:
    """A surname that identifies on its own: not a first name (a pseudonym like "Rosa" is the
    advice we give), not a word of this trade, not a theorist or eponym ("Winnicott")."""
    return k in surnames() and k not in first_names() and k not in _NOT_LONE


@cache
def places() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word's key -> every place name starting with it, as keys, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for name in _lines("places_gb.txt"):
        keys = tuple(key(w) for w in _WORD.findall(name))
        if keys and all(keys):
            out.setdefault(keys[0], []).append(keys)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _tokens(text: str) -> tuple[Token, ...]:
    return words(text)  # read once per scan, shared with the other detectors (once.py)


def _is_title(w: str) -> bool:
    return w[:1].isupper() and not w.isupper()


def _adjacent(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return text[a[1] : b[0]] in (" ", "\u00a0")


def _possessive_end(text: str, end: int) -> int:
    return end - 2 if text[end - 2 : end].lower() in ("'s", "\u2019s") else end


# An eponym, not a person: "Huntington's disease", "Capgras syndrome", "Beck inventory".
_EPONYM_AFTER = re.compile(
    r"(?:['\u2019]s)?[ \u00a0]+(?:disease|syndrome|disorder|chorea|palsy|sign|test|scale|"
    r"criteria|classification|inventory|questionnaire|model|theory|method|technique|"
    r"procedure|delusion|phenomenon|complex|law|effect|principle|encephalopathy|psychosis|"
    r"dementia|aphasia|area|ian|ean)\b",
    re.IGNORECASE,
)

_LOWER_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof"})
_CAPS_TITLES = _LOWER_TITLES | {"miss", "sister", "nurse", "father", "rev", "revd", "sgt"}


def find_names(text: str) -> Iterator[Hit]:
    """Names the capitalised-pair heuristic cannot see (each case is a rule below)."""
    toks = _tokens(text)
    sur, firsts = surnames(), first_names()
    n = len(toks)
    for i, (s, e, w) in enumerate(toks):
        k = key(w)
        nxt = toks[i + 1] if i + 1 < n and _adjacent_or_dot(text, toks[i], toks[i + 1]) else None
        # "mr patel", "dr harrington", "MR GALLAGHER", "DR OYELARAN": a title in lower case or
        # capitals, then a surname (any unknown word after a capitalised title).
        if nxt and k in _CAPS_TITLES and not _is_title(w):
            nk, nw = key(nxt[2]), nxt[2]
            caps = w.isupper() and nw.isupper()
            lower_word = (
                nw.islower()
                and nk in word_surnames()
                and nk not in NOT_NAMES
                and nk not in verb_forms()
            )
            if (w.islower() and k in _LOWER_TITLES and (nk in sur or lower_word)) or (
                caps and len(nk) >= 2 and nk not in NOT_NAMES
            ):
                yield Hit(s, _possessive_end(text, nxt[1]), "titled_name", "a title and a name")
                continue
        # "jane whitfield", "MARGARET HOLLOWAY": a first name then a surname, not in title case.
        if (
            nxt
            and not _is_title(w)
            and (k in firsts or ("-" in w and is_first_name(w)))
            and k not in NOT_NAMES
            and _adjacent(text, toks[i], nxt)
        ):
            nw = nxt[2]
            same_case = (w.islower() and nw.islower()) or (w.isupper() and nw.isupper())
            # "will fitzgerald" is a name, "SAID MARGARET" is not: after a first name that is
            # also a word, only a surname that is no first name counts. In capitals, after any
            # other first name, a surname that is also a word counts too ("ANDREW MACKINTOSH";
            # in lower case "took john home" is too likely).
            nk = key(nw)
            caps_word_surname = w.isupper() and nk in word_surnames() and nk not in NOT_NAMES
            if (
                same_case
                and "'" not in nw
                and "\u2019" not in nw
                and (
                    (is_lone_surname(nk) and (len(nk) > 4 or not w.islower()))
                    if k in word_first_names()
                    else nk in sur or caps_word_surname
                )
            ):
                yield Hit(s, _possessive_end(text, nxt[1]), "full_name", "a first name and surname")
                continue
        if not _is_title(w):
            continue
        # "Tom H.", "Aisha K": a first name (or surname) then an initial.
        m = _INITIAL.match(text, e)
        if m and (k in firsts or k in sur) and k not in NOT_NAMES:
            yield Hit(s, m.end(1), "full_name", "a name and an initial")
            continue
        # "St Anne's Church", "St Aidan's": a saint's church, school or hospital (not "St
        # Patrick's Day", a feast).
        saint = _SAINTS_PLACE.match(text, e) if k in ("st", "saint") else None
        if saint:
            yield Hit(s, saint.end(), "place", "names a church, school or hospital")
            continue
        # "Prendergast": a surname on its own that is neither a word nor a first name. The
        # possessive is looked up without its "'s" ("St Patrick's" is no surname "Patricks").
        if _possessive_end(text, e) < e:
            k = key(w[:-2])
        elif _CONTRACTED.search(w):
            continue  # "He'd", "She'll": no surname "Hed"
        if (
            is_lone_surname(k)
            and (k not in proper_terms() or _person_near(text, toks, i))
            and not _EPONYM_AFTER.match(text, e)
            and not place_used(text, s, e, k)
            and not _NOT_PERSON_BEFORE.search(text, max(0, s - 40), s)
            and not (
                may_hold_word(text, PET_FIRST) and PET_BEFORE.search(text, max(0, s - 48), s)
            )  # "the cat, Mr Tibbles"
            and k not in pet_names(text)  # "her cat, Simba ... asks about Simba"
            and not _thing_next(text, e)  # "Marcus Garvey posters"
            and not _ACRONYMISH.match(w)
            and not _COUNTY_RX.fullmatch(w)  # "a week in Cornwall": the county
        ):
            yield Hit(s, _possessive_end(text, e), "full_name", "looks like a surname")


_NEXT_WORD = re.compile(r"[ \u00a0]+([\w'\u2019\-]+)")


def _thing_next(text: str, e: int) -> bool:
    """A word after a name that only things take ("Garvey posters", "Tate videos")."""
    m = _NEXT_WORD.match(text, e)
    return m is not None and m.group(1).lower() in THING_AFTER


@cache
def proper_terms() -> WordSet:
    """SCOWL's capitalised words (places, peoples, languages, brands, feasts), as keys: a
    capitalised word in no name list is no name when it is one of these ("Prozac", "Lagos")."""
    return load_words("english_proper.txt")


_SAINTS_PLACE = re.compile(
    r"\.?[ \u00a0]+[A-Z][a-z]+['\u2019]s(?![ \u00a0]+(?:Day|Eve|Night|[Ww]ort)\b)"
    r"(?:[ \u00a0]+[A-Z][a-z]+)?"
)
# A known place used as one: "came over from Lagos", "a Dublin family", "the Manila branch".
_PLACE_CUE_BEFORE = re.compile(r"\b(?:from|to|in|of|via|near|outside)[ \u00a0]+$", re.IGNORECASE)
_PLACE_CUE_AFTER = re.compile(
    r"[ \u00a0]+(?:family|families|accent|lad|lads|lass|girl|boy|man|woman|born|based|side|folk"
    r"|people|airport|city|branch|office|crowd|way|style)\b",
    re.IGNORECASE,
)


def place_used(text: str, s: int, e: int, k: str, *, cue: bool = True) -> bool:
    """A word of SCOWL's proper nouns (most are places) where the sentence uses it as a place:
    after "from", "to", "in" (if ``cue``) or before "family", "accent", "airport"."""
    if k not in proper_terms():
        return False
    return bool(
        (cue and _PLACE_CUE_BEFORE.search(text, max(0, s - 12), s))
        or _PLACE_CUE_AFTER.match(text, e)
    )


# Before a lone capitalised word, what makes it a thing, a place or a pseudonym, not a surname:
# "a Greggs bag", "trained in Lagos", "I'll call him Dev" (the invented name we advise).
_NOT_PERSON_BEFORE = re.compile(
    r"(?:\b(?:a|an|in|near|via|across|around)|\b(?:i['\u2019]ll|i\s+will|we['\u2019]ll|we\s+will|"
    r"let['\u2019]s|let\s+us|shall)\s+call(?:\s+(?:him|her|them|the\s+patient|this\s+patient|"
    r"my\s+patient))?|\bcall\s+(?:him|her|them))[ \u00a0]+$",
    re.IGNORECASE,
)
# "RiO", "EMIS": capitals inside a word are a product or acronym; McAllister, O'Brien, DeSouza,
# MacLeod and FitzGerald are names.
_ACRONYMISH = re.compile(
    r"(?!(?:Mc|Mac|O['\u2019]|D['\u2019]|De|Di|Da|La|Le|Van|Von|Fitz)[A-Z])\w+[A-Z]"
)


# A surname that is also a place or a thing ("Warsaw", "Amman", "Plato") is a person only with one
# beside it: a capitalised word before ("Elfed Jones"), kin before ("Dad, Marley, has"), a verb of a
# person after.
_PERSON_VERB_AFTER = re.compile(
    r"['\u2019]?s?,?[ \u00a0]+(?:has|had|is|was|said|says|told|tells|rang|rings|asked|asks|wants"
    r"|wanted|came|comes|went|lives|lived|cancels|cancelled|thinks|feels|felt|refused|refuses"
    r"|agreed|denied|admitted)\b"
)
_KIN_COMMA_BEFORE = re.compile(
    r"\b(?:dad|mum|mam|father|mother|brother|sister|son|daughter|husband|wife|partner|boyfriend"
    r"|girlfriend|uncle|aunt|auntie|cousin|nan|gran|grandad|grandma)['\u2019]?s?,?[ \u00a0]+$",
    re.IGNORECASE,
)


def _person_near(text: str, toks: tuple[Token, ...], i: int) -> bool:
    s, e, _ = toks[i]
    if i and _is_title(toks[i - 1][2]) and _adjacent(text, toks[i - 1], toks[i]):
        return True
    return bool(
        _PERSON_VERB_AFTER.match(text, e) or _KIN_COMMA_BEFORE.search(text, max(0, s - 24), s)
    )


_CONTRACTED = re.compile(r"['\u2019](?:d|ll|ve|re|m|t)$", re.IGNORECASE)


def _adjacent_or_dot(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return text[a[1] : b[0]] in (" ", "\u00a0", ". ", ".\u00a0", ".")


# An initial: one capital, with a full stop or followed by a space, comma or end, and not
# the start of another word ("Tom H. was", "Aisha K, who"). "A" and "I" need their full stop.
_INITIAL = re.compile(r"[ \u00a0]((?:[B-HJ-Z]|[AI](?=\.))\.?)(?![\w'\u2019\-])")


def find_towns(text: str) -> Iterator[Hit]:
    """UK towns and villages (GeoNames, 500+ people, big cities left out): "Tobermory",
    "Hebden Bridge", "Bishop's Castle", also in lower case when the name is no English word."""
    table = places()
    from bot.domain.deidentify.given import _big_places  # noqa: PLC0415 (given imports this module)

    big = _big_places()
    toks = _tokens(text)
    keys = [key(t[2]) for t in toks]
    i = 0
    while i < len(toks):
        cands = table.get(keys[i])
        hit = None
        if cands:
            for cand in cands:
                j = i + len(cand)
                if tuple(keys[i:j]) != cand:
                    continue
                words = [t[2] for t in toks[i:j]]
                if len(cand) > 1 and not all(
                    _gap_ok(text, toks[x], toks[x + 1]) for x in range(i, j - 1)
                ):
                    continue
                if len(cand) > 1 and not _is_title(words[0]) and not words[0].isupper():
                    continue  # "long eaton" may be words; "Long Eaton" is the town
                if len(cand) == 1 and words[0].isupper() and len(words[0]) <= 4:
                    continue  # acronyms
                if len(cand) == 1 and cand[0] in big:
                    continue  # "Newport", "Swindon": also a city of 100,000 people
                if i and _person_before(text, toks[i - 1], toks[i]):
                    continue  # "Kwame Abernethy", "Prof Astley": a surname that is also a town
                if _EVENT_AFTER.match(text, toks[j - 1][1]):
                    continue  # "the Notting Hill Carnival" is an event, not where someone lives
                hit = (toks[i][0], toks[j - 1][1])
                i = j - 1
                break
        if hit:
            yield Hit(hit[0], hit[1], "place", "names a town or village")
        i += 1


_EVENT_AFTER = re.compile(
    r"[ \u00a0]+(?:Carnival|Festival|Fair|Show|Parade|Marathon|Games|Cup|Races|Regatta|Pride"
    r"|Football|Rugby|Cricket|Town|United|City|Rovers|Wanderers|Athletic|Albion|FC|Villa|Hotspur"
    r"|Day)\b"
)
_TITLES = _CAPS_TITLES | {"professor", "doctor", "lady", "lord", "sir", "dame", "canon", "fr"}


def _person_before(text: str, prev: tuple[int, int, str], tok: tuple[int, int, str]) -> bool:
    gap = text[prev[1] : tok[0]]
    if gap not in (" ", "\u00a0", ". ", ".\u00a0"):
        return False
    k, p, w = key(prev[2]), prev[2], tok[2]
    styled = _is_title(p) or (p.isupper() and w.isupper()) or (p.islower() and w.islower())
    return styled and (k in _TITLES or (k in first_names() and k not in NOT_NAMES))


def _gap_ok(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return text[a[1] : b[0]] in (" ", "\u00a0", ". ", "-", "'s ", "\u2019s ")


@cache
def word_places() -> frozenset[str]:
    """Towns whose names are also words or first names (Leek, Settle, March, Stanley), as keys."""
    return frozenset(key(n) for n in _lines("places_gb_words.txt"))


# A capitalised word where the sentence says a place follows: "grew up in Leek", "a farm near
# Mold", "just outside Ash", "moved back to Settle", "the town of Street". "to" needs a verb of
# going ("talked to Stanley" is a person); "at" is left out ("at Battle" is rarely the town).
_TOWN_CUE = re.compile(
    r"(?<![\w'\u2019])(?P<cue>[Ii]n|[Nn]ear|[Oo]utside|[Ff]rom|[Aa]round|to|(?:town|village)"
    r"[ \u00a0]+of)[ \u00a0]+(?P<town>[A-Z][a-z]+)(?![\w'\u2019\-])"
)
_GOING_TO = re.compile(
    r"\b(?:mov\w*|back|went|go|goes|going|gone|travel\w*|commut\w*|dr[io]ve|drives|driving"
    r"|return\w*|relocat\w*|transferr?\w*|came|come|comes|coming|way|trip|trips|visits?"
    r"|holidays?|emigrated|retired)[ \u00a0]+to[ \u00a0]*$",
    re.IGNORECASE,
)
# "in March" is the month: March the town needs a verb of living or moving before it.
_LIVING_IN = re.compile(
    r"\b(?:lives?|living|lived|grew[ \u00a0]+up|raised|settled|based|moved|moving|move|back"
    r"|relocated|house|home|farm|shop|school|flat|works?|worked|working)[ \u00a0]+"
    r"(?:\w+[ \u00a0]+)?(?:in|to|near|outside)[ \u00a0]*$",
    re.IGNORECASE,
)
_MONTH_TOWNS = frozenset({"march"})
# After the town: "Battle of Hastings", "Rugby League", "Stanley Road" are not the town.
_NOT_TOWN_AFTER = re.compile(
    r"[ \u00a0]+(?:of|League|Union|Club|Road|Street|Lane|Avenue|Park|Drive|Close|Way|Place"
    r"|Square|Terrace|Crescent|Gardens|House|Hall)\b"
)


def find_word_towns(text: str) -> Iterator[Hit]:
    """Towns named by an ordinary word or first name, only where the sentence says a place
    follows: "She goes back to Settle", "born and raised in Leek", "moved to March"."""
    table = word_places()
    for m in _TOWN_CUE.finditer(text):
        town = m.group("town")
        k = key(town)
        if k not in table:
            continue
        cue = m.group("cue").lower()
        before = text[max(0, m.start() - 40) : m.start("town")]
        if cue == "to" and not _GOING_TO.search(before):
            continue
        if k in _MONTH_TOWNS and not _LIVING_IN.search(before):
            continue
        first = k in first_names()
        if first and cue in ("from", "around"):
            continue  # "a letter from Barry"
        rest = text[m.end() : m.end() + 30]
        if _NOT_TOWN_AFTER.match(rest) or _EVENT_AFTER.match(rest):
            continue
        if first and re.match(r"[ \u00a0]+[A-Z][a-z]", rest):
            continue  # "in Stanley Matthews' day": a person
        yield Hit(m.start("town"), m.end("town"), "place", "names a town or village")


# --------------------------------------------------------------------------------------
# Named hospitals and wards the head-word pattern misses
# --------------------------------------------------------------------------------------

_CAP = rf"[A-Z][{_LETTER}]+(?:['\u2019][{_LETTER}]+)?"
# "Fairfield General", "Tameside General": hospitals are called by place + General.
_GENERAL = re.compile(rf"(?<![\w'\u2019\-])((?:{_CAP}[ \u00a0]){{0,2}}{_CAP})[ \u00a0]General\b")
_NOT_GENERAL = _words(
    """attorney secretary surgeon director solicitor inspector governor consul postmaster
    paymaster auditor registrar adjutant major brigadier lieutenant accountant comptroller
    vicar procurator advocate receiver chaplain"""
)
# "the Royal Hallamshire", "the Royal Free": a hospital's short name.
_ROYAL = re.compile(rf"(?<![\w])(?:[Tt]he[ \u00a0]+)?Royal[ \u00a0]+({_CAP})")
_NOT_ROYAL = _words(
    """mail navy air marines family society college colleges academy opera ballet court
    household institution legion british highness majesty mint shakespeare albert
    borough parks warrant charter commission variety veterinary agricultural horticultural
    geographical astronomical statistical philharmonic exchange artillery engineers signals
    logistic military guard guards yacht"""
)
# "Sunderland Royal", "Bolton Royal": a town and "Royal" is its hospital (not "Windsor Royal
# Borough": a capitalised word after it).
_TOWN_ROYAL = re.compile(rf"(?<![\w'\u2019\-])({_CAP})[ \u00a0]Royal\b")
_CAP_NEXT = re.compile(r"[ \u00a0]+[A-Z]")
# "Larch ward", "Elmfield unit": a capitalised name before a lower-case ward or unit.
_LOWER_WARD = re.compile(rf"(?<![\w'\u2019\-])({_CAP})[ \u00a0](?:ward|unit)\b")
_WARD_AFTER = re.compile(r"[ \u00a0](?:ward|unit)\b")  # its end: _LOWER_WARD runs only where it is


def find_named_places(text: str) -> Iterator[Hit]:
    """Hospitals called "X General" or "the Royal X", and wards written "Larch ward"."""
    for m in _GENERAL.finditer(text) if "General" in text else ():
        words = m.group(1).split()
        while words and key(words[0]) in (PLACE_GENERIC | SENTENCE_STARTERS | {"st"}):
            words.pop(0)
        if not words or key(words[-1]) in _NOT_GENERAL or key(words[-1]) in NOT_NAMES:
            continue
        start = m.end(1) - len(" ".join(words))
        yield Hit(start, m.end(), "place", "names a hospital")
    from bot.domain.deidentify.given import _big_places  # noqa: PLC0415 (given imports this module)

    big = _big_places()
    for m in _ROYAL.finditer(text) if "Royal" in text else ():
        k = key(m.group(1))
        if k in _NOT_ROYAL or (k in NOT_NAMES and k not in big) or k in PLACE_GENERIC:
            continue  # "the Royal Mail"; "the Royal London" is a hospital
        yield Hit(m.start(), m.end(), "place", "names a hospital")
    for m in _TOWN_ROYAL.finditer(text) if "Royal" in text else ():
        k = key(m.group(1))
        if (k in big or any(c == (k,) for c in places().get(k, ()))) and not _CAP_NEXT.match(
            text, m.end()
        ):
            yield Hit(m.start(), m.end(), "place", "names a hospital")
    for m in _LOWER_WARD.finditer(text) if _WARD_AFTER.search(text) else ():
        k = key(m.group(1))
        if k in NOT_NAMES or k in PLACE_GENERIC or k in SENTENCE_STARTERS or m.group(1).isupper():
            continue
        yield Hit(m.start(), m.end(), "place", "names a specific ward")


# Places too small for any list (GeoNames stops at 500 people), named where the sentence says
# what they are: "a hamlet called Nether Booth", "the village of Blaenplwyf", or a county after
# the name: "Heddon, Devon", "in Street, in Somerset".
_PLACE_NAME = (
    rf"{_CAP}(?:(?:[ \u00a0]|-)(?:(?:on|upon|by|in|le|under|the)(?:[ \u00a0]|-))?{_CAP}){{0,3}}"
)
_CALLED = re.compile(
    r"\b(?:village|hamlet|town|parish|island)[ \u00a0]+(?:of|called|named)[ \u00a0]+"
    rf"(?P<name>{_PLACE_NAME})"
)
_COUNTIES = (
    "Bedfordshire|Berkshire|Buckinghamshire|Cambridgeshire|Cheshire|Cornwall|Cumbria|Derbyshire"
    "|Devon|Dorset|Durham|Essex|Gloucestershire|Hampshire|Herefordshire|Hertfordshire|Kent"
    "|Lancashire|Leicestershire|Lincolnshire|Norfolk|Northamptonshire|Northumberland"
    "|Nottinghamshire|Oxfordshire|Rutland|Shropshire|Somerset|Staffordshire|Suffolk|Surrey"
    "|(?:East |West )?Sussex|Warwickshire|Wiltshire|Worcestershire|(?:North |East |West )?Yorkshire"
    "|Anglesey|Ceredigion|Gwynedd|Pembrokeshire|Powys|Carmarthenshire|Monmouthshire|Aberdeenshire"
    "|Argyll|Ayrshire|Fife|Perthshire|Sutherland|Caithness|Orkney|Shetland|Antrim|Armagh|Down"
    "|Fermanagh|Londonderry|Tyrone|Cumberland|Westmorland"
)
_COUNTY_RX = re.compile(_COUNTIES)
_BEFORE_COUNTY = re.compile(
    rf"(?<![\w'\u2019\-])(?P<name>{_PLACE_NAME}),[ \u00a0]+(?:in[ \u00a0]+)?(?:{_COUNTIES})\b"
)
# Its end alone, found fast from the commas: _BEFORE_COUNTY is run only where it is.
_COUNTY_AFTER = re.compile(rf",[ \u00a0]+(?:in[ \u00a0]+)?(?:{_COUNTIES})\b")


def find_described_places(text: str) -> Iterator[Hit]:
    """Any place the sentence calls a village, hamlet or town, or puts a county after."""
    for m in _CALLED.finditer(text):
        yield Hit(m.start("name"), m.end("name"), "place", "names a town or village")
    for m in _BEFORE_COUNTY.finditer(text) if _COUNTY_AFTER.search(text) else ():
        first = key(m.group("name").split()[0])
        if first in SENTENCE_STARTERS or _COUNTY_RX.fullmatch(m.group("name")):
            continue  # "Yesterday, Devon..."; "Cornwall, Devon and Somerset"
        if re.search(r"\bof[ \u00a0]+$", text[max(0, m.start() - 4) : m.start()]):
            continue  # "the Isle of Wight, Hampshire"
        yield Hit(m.start("name"), m.end("name"), "place", "names a town or village")
