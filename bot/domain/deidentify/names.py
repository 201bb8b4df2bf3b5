"""Heuristic detectors for likely identifiers (the WARN classes) used by ``bot.domain.deidentify``.

Names, places, very old ages and dated events cannot be recognised with certainty, so these only
warn the author privately. Tuned against tests/corpus/deid_corpus.jsonl to keep false alarms low.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from bot.domain.deidentify.ids import (
    DAY_MONTH,
    MONTHS,
    Hit,
    _valid_date,
    day_value,
    month_names,
    near_months,
)
from bot.domain.deidentify.once import first_words, may_hold_word
from bot.domain.deidentify.words import (
    FIRST_NAMES,
    NOT_NAMES,
    PLACE_GENERIC,
    SENTENCE_STARTERS,
    THING_AFTER,
    _words,
)

_UP = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x180) if chr(c).isupper())
_LO = "a-z" + "".join(chr(c) for c in range(0xC0, 0x180) if chr(c).islower())
_APOS = "'\u2019"
# One capitalised name word: Smith, O'Neill, McDonald, Ahmed-Khan, Zoë, Łukasz.
_TOKEN = rf"(?:O[{_APOS}]|Mc|Mac)?[{_UP}][{_LO}]+(?:[-{_APOS}][{_UP}]?[{_LO}]+)*"
_PARTICLE = r"(?:van der|van den|van|von|de la|de|da|del|della|di|du|le|la|bin|binti|ibn|al|el|ap)"
_NAME_SEQ = re.compile(
    rf"(?<![\w{_APOS}\-])({_TOKEN})((?:[ \u00a0](?:{_PARTICLE}[ \u00a0])?{_TOKEN})+)"
)
_TOKEN_RX = re.compile(_TOKEN)

# --------------------------------------------------------------------------------------
# Titled names
# --------------------------------------------------------------------------------------

_TITLED = re.compile(
    rf"(?<![\w])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Doctor|Sister|Nurse|Matron|Father|Fr|Rev|Revd|Reverend"
    r"|Canon|Pastor|Imam|Rabbi|Sgt|Sergeant|DC|DS|DI|PC|Cllr|Sir|Dame|Lord|Lady)(?:\.[ \u00a0]*|[ \u00a0]+)"
    rf"((?:[{_UP}]\.?[ \u00a0]+)?{_TOKEN}(?:[ \u00a0]{_TOKEN}){{0,2}})"
)


def _strip_possessive(s: str) -> str:
    for suf in ("'s", "\u2019s"):
        if s.endswith(suf):
            return s[: -len(suf)]
    return s


# A title and an initial ("Mr K", "Dr O.", "Mrs R-J") or dotted initials ("T.A.", "J.P."): what is
# left of a name is still a name. "Mr A", "Ms B", "Mr X" are the placeholders people write
# instead (the first letters in turn, or X, Y, Z), so those pass.
_TITLED_INITIAL = re.compile(
    r"(?<![\w])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?[ \u00a0]+([E-W](?:-[A-Z])?)(?:\.|(?![\w'\u2019\-]))"
)
_INITIALS = re.compile(r"(?<![\w.])([A-Z]\.[ \u00a0]?[A-Z]\.(?:[ \u00a0]?[A-Z]\.)?)(?![\w])")
# Dotted capitals that are abbreviations, not someone's initials.
_ABBREVIATIONS = (
    "UK US USA NB PS AM PM EG IE RIP AKA ETA CV DOB MD BA MA BSC MSC QC KC AD BC OK UN EU GP AE"
    " NHS DC PC BBC ITV VIP IOU OBE MBE CBE DJ TV RSVP"
)
_NOT_INITIALS = frozenset(_ABBREVIATIONS.split())
# Pets are named too, and are not patients ("the cat is called Mr Whiskers", "her dog, Rocky").
_PET_WORDS = (
    r"(?:dog|dogs|cat|cats|puppy|pup|kitten|pet|budgie|parrot|horse|pony|rabbit|bunny|hamster"
    r"|gerbil|guinea[ \u00a0]pig|tortoise|snake|lizard|ferret|goldfish|staffie|staffy|lab"
    r"|labrador|spaniel|terrier|collie|whippet|greyhound|lurcher|husky|poodle|pug|bulldog"
    r"|alsatian|chihuahua|cockapoo|moggy|moggie|cockatiel|canary|hen|chicken|cob|mare|stallion"
    r"|gelding|foal|donkey|goat|sheep|lamb|pig|piglet|cow|calf|jack[ \u00a0]russell"
    r"|retriever|rottweiler|beagle|dachshund|sausage[ \u00a0]dog|shih[ \u00a0]tzu|bichon|springer"
    r"|pointer|setter|doberman|mastiff|akita|german[ \u00a0]shepherd|cavapoo|schnauzer|corgi|pit[ \u00a0]?bull"
    r"|xl[ \u00a0]bully|dalmatian|weimaraner|vizsla|rat|mouse|gecko|python|tarantula|parakeet"
    r"|lovebird|cockerel|duck|goose|tomcat|kitty)"
)
_PET_TITLES = (
    r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lady|Lord|Captain|Sergeant|Major|Professor)\.?[ \u00a0]+)"
)
# The words a pet phrase starts with: the patterns below are run only where one is.
PET_FIRST = first_words(_PET_WORDS)
PET_BEFORE = re.compile(
    rf"\b{_PET_WORDS}(?:['\u2019]s)?(?:[ \u00a0]*,|[ \u00a0]+(?:is|was|'s)?[ \u00a0]*"
    rf"(?:called|named)?)[ \u00a0]*{_PET_TITLES}?$",
    re.IGNORECASE,
)
_PET_NAMED = re.compile(
    rf"\b{_PET_WORDS}(?:['\u2019]s)?(?:[ \u00a0]*,|[ \u00a0]+(?:is[ \u00a0]+|was[ \u00a0]+)?"
    rf"(?:called|named))[ \u00a0]*{_PET_TITLES}?((?-i:[A-Z])[\w'\u2019\-]*)",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4)  # asked for the same draft by each name detector in turn
def pet_names(text: str) -> frozenset[str]:
    """Lower-case names the text gives its pets ("the cat's called Frank"): every later "Frank"
    is the cat too. Read only once a detector has found a name."""
    if not may_hold_word(text, PET_FIRST):
        return frozenset()
    return frozenset(m.group(1).lower() for m in _PET_NAMED.finditer(text))


# A lone initial with its full stop before a lower-case word ("Handover: K. restless", "I saw J.
# yesterday"); not after a capitalised word ("Plan B. then", "Vitamin D. she": those are things),
# nor I, V or X (numerals, and the placeholder X).
_LONE_INITIAL = re.compile(
    r"(?<![\w.'\u2019])([A-HJ-UWYZ]\.)(?=[ \u00a0]+[a-z(]|[\"\u201d\u2019)]|[ \u00a0]*\()"
)
_CAP_WORD_BEFORE = re.compile(
    r"(?:[A-Z][\w'\u2019]*|(?i:vitamin|hep|hepatitis|plan|grade|type|class|option|section|ward"
    r"|bay|bed|group|part|appendix|stage|level|category|schedule|line|side|room|block|wing|step"
    r"|question|point|item|unit|team|floor|zone|route|form|box))[ \u00a0]+$"
)
# Titles in the plural before one or two surnames: "Officers Young and Moody", "Drs Patel and Lee".
_TITLED_PLURAL = re.compile(
    r"(?<![\w])(?:Officers|PCs|DCs|Drs|Doctors|Nurses|Sisters|Messrs)[ \u00a0]+([A-Z][a-z]+)"
    r"(?:[ \u00a0]+(?:and|&)[ \u00a0]+([A-Z][a-z]+))?"
)


_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_PLAIN_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx"})


def find_titled_names(text: str) -> Iterator[Hit]:
    """'Mrs Okafor', 'Dr Jane Smith': a title then a capitalised surname; 'Mr K', 'T.A.'."""
    for m in _TITLED_INITIAL.finditer(text):
        yield Hit(m.start(), m.end(), "titled_name", "a title and an initial")
    for m in _LONE_INITIAL.finditer(text):
        if not _CAP_WORD_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            yield Hit(m.start(), m.end(), "titled_name", "looks like someone's initial")
    for m in _TITLED_PLURAL.finditer(text):
        yield Hit(m.start(), m.end(), "titled_name", "looks like people's names with a title")
    for m in _INITIALS.finditer(text):
        if m.group(1).replace(".", "").replace(" ", "") not in _NOT_INITIALS:
            yield Hit(m.start(1), m.end(1), "titled_name", "looks like someone's initials")
    for m in _TITLED.finditer(text):
        if may_hold_word(text, PET_FIRST) and PET_BEFORE.search(
            text, max(0, m.start() - 40), m.start()
        ):
            continue  # "the cat is called Mr Whiskers"
        if m.group(1).split()[0].lower() in pet_names(text):
            continue  # "... and Mr Whiskers is the only one": the cat again
        words = m.group(1).split()
        # Keep the title and the name words that are not ordinary words ("Dr Smith Thursday").
        kept: list[str] = []
        for w in words:
            if w.rstrip(".").lower() in NOT_NAMES and kept:
                break
            kept.append(w)
        last = _strip_possessive(kept[-1])
        title_word = text[m.start() : m.start(1)].strip().rstrip(".")
        month = len(kept) == 1 and last.lower() in _MONTHS and title_word in _PLAIN_TITLES
        if len(last.rstrip(".")) < 2 or (last.lower() in NOT_NAMES and not month):
            continue  # "Mr June" and "Mrs May" are surnames; "Dr Monday" is when
        if (
            title_word in {"Doctor", "Sister", "Nurse"}
            and len(kept) == 1
            and last.lower() in FIRST_NAMES
        ):
            continue  # "Nurse Sarah" is a first name only
        end = m.start(1) + len(" ".join(kept))
        end = m.start(1) + len(_strip_possessive(text[m.start(1) : end]))
        yield Hit(m.start(), end, "titled_name", "looks like a person's name with a title")


# --------------------------------------------------------------------------------------
# Full names
# --------------------------------------------------------------------------------------

_SENT_END = re.compile(r"(?:^|[.!?:;\n\u2022*\-\u2013\u2014\"\u201c(]\s*)$")


def _at_sentence_start(text: str, pos: int) -> bool:
    head = text[max(0, pos - 4) : pos]
    if pos == 0:
        return True
    return bool(_SENT_END.search(head)) or text[:pos].strip() == ""


# Endings of ordinary English nouns and adjectives that surnames almost never have
# ("Educational Supervisor", "Holistic Assessment"). Left out because surnames use them:
# -ing (Fleming), -ence (Lawrence), -ment (Clement), -ure (McClure), -ist (Lindqvist).
_WORD_ENDINGS = (
    "ness", "ments", "ity", "ities", "ism", "isms", "ship", "hood", "ful", "ous", "ive", "ives",
    "able", "ible", "ical", "ology", "isor", "isors", "tion", "tions", "sion", "sions", "ics",
)  # fmt: skip


def _looks_like_word(w: str) -> bool:
    return w not in FIRST_NAMES and len(w) > 5 and w.endswith(_WORD_ENDINGS)


_CONTRACTED = re.compile(r"['\u2019](?:re|ve|ll|d|m|t)$")  # "They're", "Didn't": no name
_OF_THING = re.compile(rf"[ \u00a0]+(?:of|for|and|&|the)[ \u00a0]+(?:the[ \u00a0]+)?[{_UP}]")
_NEXT = re.compile(r"[ \u00a0]+([\w'\u2019\-]+)")
# Words of place names: a run holding one is left to the place detectors ("Canary Wharf").
_PLACE_PARTS = _words(
    """end mill mills row strand wharf quay quays memorial park green hill hills bridge cross
    gate gardens garden court place square street road lane way field fields common heath wood
    woods vale valley bay beach pier dock docks point head market moor marsh brook well wells
    castle tower ford water side town village island isle estate close crescent avenue terrace
    rise grove mount hall abbey church chapel college school house farm"""
)


# Before a full name: a work or a figure quoted, sung or read, not a person of the story.
_WORK_BEFORE = re.compile(
    r"\b(?:quotes|quoted|quoting|sang|sings|singing|hummed|humming|reads|reread|rereading"
    r"|identifies[ \u00a0]+with|identified[ \u00a0]+with|everything[ \u00a0]+about"
    r"|listening[ \u00a0]+to|listens[ \u00a0]+to|a[ \u00a0]+proper|a[ \u00a0]+real|a[ \u00a0]+bit)"
    r"[ \u00a0]+$",
    re.IGNORECASE,
)


# Before a saint's name, words that make it a place ("buried at St Keverne", "went to St Ives";
# not "prays to St Jude").
_AT_PLACE = re.compile(
    r"(?:\b(?:at|in|from|near|of|outside|around|via)|(?<!pray)(?<!prays)(?<!prayed)(?<!praying)"
    r"[ \u00a0]to)[ \u00a0]+$",
    re.IGNORECASE,
)


def _a_thing(text: str, run: list[tuple[int, int, str]]) -> bool:
    """A capitalised pair that names a thing, not a person: a word after it that only things
    take ("Andrew Tate videos", "Marcus Garvey posters"), or a word in it that is English and
    no name of any list: a plural noun ("Parole Commissioners") or an English word before words
    that are no names either ("Top Boy", "Three Little Birds")."""
    from bot.domain.deidentify.given import english_words, given_names  # noqa: PLC0415
    from bot.domain.deidentify.lexicon import key, surnames, word_surnames  # noqa: PLC0415

    if _WORK_BEFORE.search(text, max(0, run[0][0] - 30), run[0][0]):
        return True  # "quotes Marcus Aurelius", "a proper Ross Poldark"
    last = run[-1]
    m = _NEXT.match(text, last[1])
    if m and not last[2].endswith(("'s", "\u2019s")) and m.group(1).lower() in THING_AFTER:
        return True
    english, given, family, word_family = (
        english_words(),
        given_names(),
        surnames(),
        word_surnames(),
    )
    keys = [key(_strip_possessive(w)) for _s, _e, w in run]
    if any(k in _PLACE_PARTS for k in keys):
        return False  # "Canary Wharf", "Knott End": a place (the place detectors' concern)
    plain = [k not in given and k not in family and k not in word_family for k in keys]
    for n, k in enumerate(keys):
        if not plain[n]:
            continue
        if len(k) > 4 and k[-1] == "s" and k[:-1] in english:
            return True  # "Parole Commissioners", "Werther's Originals": a plural noun
        if n == 0 and k in english and all(plain[1:]):
            return True  # "Top Boy", "Three Little Birds"; not "Then Jones"
    return False


def find_full_names(text: str) -> Iterator[Hit]:
    """Two or more capitalised words that look like a person's full name."""
    for m in _NAME_SEQ.finditer(text):
        # Split the capitalised run into tokens with their offsets; particles stay attached.
        toks = [
            (t.start(), t.end(), t.group()) for t in _TOKEN_RX.finditer(text, m.start(), m.end())
        ]
        # Break the run at words that are not names. A run directly followed by such a word
        # ("Data Protection Act", "Premier League Club") or by "of X" ("Lasting Power of
        # Attorney") is the name of a thing, not a person.
        runs: list[list[tuple[int, int, str]]] = [[]]
        thing: set[int] = set()
        for i, tok in enumerate(toks):
            w = _strip_possessive(tok[2]).lower()
            first_ok = i == 0 or not runs[-1]
            is_first_name = w in FIRST_NAMES and first_ok
            if (w in NOT_NAMES and not (is_first_name and i + 1 < len(toks))) or _CONTRACTED.search(
                w
            ):
                if runs[-1]:
                    thing.add(len(runs) - 1)
                runs.append([])
                continue
            runs[-1].append(tok)
        if _OF_THING.match(text, m.end()):
            thing.add(len(runs) - 1)
        if (
            toks[0][2] in ("St", "Saint")
            and runs[0]
            and re.match(r"['\u2019]s[ \u00a0]+(?:Day|Eve|Night)\b", text[runs[0][-1][1] :])
        ):
            thing.add(0)  # "St Patrick's Day": a saint's day
        if (
            toks[0][2] in ("St", "Saint")
            and len(runs[0]) == 2
            and not runs[0][1][2].endswith(("'s", "\u2019s"))
            and not text.startswith(("'", "\u2019"), runs[0][1][1])
            and not _AT_PLACE.search(text, max(0, runs[0][0][0] - 24), runs[0][0][0])
        ):
            thing.add(0)  # "prays to St Jude": the saint ("St Jude's" is a church, the places')
        for idx, run in enumerate(runs):
            if len(run) < 2 or idx in thing:
                continue
            first = _strip_possessive(run[0][2]).lower()
            if (
                _at_sentence_start(text, run[0][0])
                and first not in FIRST_NAMES
                and (first in SENTENCE_STARTERS or first.endswith(("ing", "ly", "ed")))
            ):
                run = run[1:]
                if len(run) < 2:
                    continue
            second = _strip_possessive(run[1][2]).lower()
            if second in NOT_NAMES:
                continue
            if any(_looks_like_word(_strip_possessive(t[2]).lower()) for t in run[1:]):
                continue
            if _a_thing(text, run):
                continue
            start, end = run[0][0], run[-1][1]
            end = start + len(_strip_possessive(text[start:end]))
            yield Hit(start, end, "full_name", "looks like a person's full name")


# --------------------------------------------------------------------------------------
# Member names (extra_names)
# --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern per set of names, kept: a group's names change rarely, and re's own cache (512
    patterns) is too small for a bot carrying a thousand groups."""
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w])(?:{alt})(?![\w])", re.IGNORECASE)


def find_extra_names(text: str, names: Iterable[str]) -> Iterator[Hit]:
    """Whole-word, case-insensitive matches of the given names (e.g. group members)."""
    cleaned = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
    if not cleaned:
        return
    if text.isascii() and all(n.isascii() for n in cleaned):
        # Plain ASCII (nearly every draft): the same matches found with str.find, with no
        # pattern to compile (0.3 ms at each group's first draft, and again once more groups
        # are active than the patterns kept).
        for start, end in _whole_names(text.lower(), [n.lower() for n in cleaned]):
            yield Hit(start, end, "member_name", "matches the name of a group member")
        return
    for m in _names_pattern(tuple(cleaned)).finditer(text):
        yield Hit(m.start(), m.end(), "member_name", "matches the name of a group member")


def _whole_names(low: str, names: list[str]) -> Iterator[tuple[int, int]]:
    """The matches of ``(?<![\\w])(?:name|name...)(?![\\w])`` in ``low`` (lower-case ASCII, as are
    ``names``, longest first): at the leftmost place a name may start, the first name in that
    order that stands whole there, then on after its end, as ``re.finditer`` would."""
    starts: set[int] = set()
    for n in names:
        at = low.find(n)
        while at >= 0:
            starts.add(at)
            at = low.find(n, at + 1)
    after = 0
    for at in sorted(starts):
        if at < after or (at and _word_char(low[at - 1])):
            continue
        for n in names:
            end = at + len(n)
            if low.startswith(n, at) and (end == len(low) or not _word_char(low[end])):
                yield at, end
                after = end
                break


def _word_char(c: str) -> bool:
    """``re``'s ``\\w`` on one character."""
    return c.isalnum() or c == "_"


# --------------------------------------------------------------------------------------
# Ages over 89
# --------------------------------------------------------------------------------------

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_NINETY = rf"(?:a\s+hundred(?:\s+and\s+\w+)?+|one\s+hundred(?:\s+and\s+\w+)?+|hundred\s+and\s+(?:{'|'.join(_UNITS)}|ten)\b|ninety(?:[-\s](?:{'|'.join(_UNITS)}))?)"
_AGE_NUM = rf"(\d{{2,3}}|{_NINETY})"
_AGE = re.compile(
    rf"(?<![\w.]){_AGE_NUM}[\s\-]*(?:years?|yrs?|yr)[\s\-]*old\b"
    rf"|(?<![\w.]){_AGE_NUM}[\s\-]*(?:y/?o|yo|yrs?)(?![\w/])"
    rf"|(?<![\w.]){_AGE_NUM}\s+years?\s+of\s+age\b"
    rf"|\b(?:aged?|age\s+of|turned|turns|turning)\s*:?\s*{_AGE_NUM}(?!\w|\.\d|s\b)",
    re.IGNORECASE,
)


def _age_value(s: str) -> int:
    s = s.lower()
    if s.isdigit():
        return int(s)
    if "hundred" in s:
        return 100
    value = 90
    for i, u in enumerate(_UNITS, start=1):
        if re.search(rf"\b{u}\b", s):
            value = 90 + i
    return value


# What follows a number that is not an age: "ninety minutes", "is 92%", "was 102 mg".
_NOT_AGE_AFTER = (
    r"(?![\w%/\-]|\.\d|\s*(?:%|percent|per\b|mg|mcg|kg|g\b|ml|mmol|mm|cm|bpm|units?\b|"
    r"(?!this\b|his\b|is\b|was\b|has\b|as\b)[a-z]+s\b(?<!\byears\b)|on\b|out\b|/|points?\b"
    r"|times?\b))"
)
# "She is 93", "He's ninety-six", "the patient was 101": a person, a verb, a bare number.
_AGE_IS = re.compile(
    r"\b(?:she|he|they|patient|pt|who|mum|mother|father|dad|gran|grandmother|grandfather)"
    rf"\s*(?:is|was|['\u2019]s|['\u2019]re|are|were)\s+(?:now\s+|only\s+|nearly\s+|almost\s+|just\s+)?"
    rf"{_AGE_NUM}{_NOT_AGE_AFTER}",
    re.IGNORECASE,
)
# Ages spelt out are rarely anything else: "ninety-two and has outlived", "At ninety-eight he".
_AGE_WORDS = re.compile(rf"\b({_NINETY})\b(?!-){_NOT_AGE_AFTER}", re.IGNORECASE)
# Clinical shorthand for age and sex: "95F", "102 M".
_AGE_SEX = re.compile(r"(?<![\w.])(\d{2,3})[ \u00a0]?(?-i:[FM])(?![\w'\u2019])")


_ORD_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
# "her 95th birthday", "his ninety-third birthday", "in her 101st year", "the hundredth
# birthday": an ordinal birthday or year of life gives the age as surely as "aged 95".
_AGE_ORDINAL = re.compile(
    rf"(?<![\w.])(\d{{2,3}}(?:st|nd|rd|th)|ninetieth|ninety[-\s](?:{'|'.join(_ORD_UNITS)})"
    rf"|(?:one[-\s])?hundredth|(?:a|one)[-\s]hundred[-\s](?:and[-\s])?(?:{'|'.join(_ORD_UNITS)}))"
    r"(?=\s+(?:birthday|year\b|bday|b-day))"
    # "her 99th on the ward", "Nan's 100th.": a person's ordinal is a birthday without the word.
    r"|(?<=\b(?:her|his) )(?<!\bon (?:her|his) )(9\d|1[01]\d)(?:st|nd|rd|th)"
    r"(?=\s*(?:[,.;:!?)]|$|\s(?:on|in|at|was|is|with|and|party|celebration|do|bash|next|last|this)\b))",
    re.IGNORECASE,
)
# "At 101 she still does the crossword": "at" and a bare number, then the person.
_AGE_AT = re.compile(
    r"\b[Aa]t\s+(\d{2,3})(?=\s*,?\s+(?:she|he|they|her|his|the\s+patient|this\s+man"
    r"|this\s+woman)\b)"
)
# "The hundred-year-old man": "hundred" without "a" or "one".
_AGE_HUNDRED = re.compile(r"(?<![\w\-])(hundred)[\s\-]+years?[\s\-]+old\b", re.IGNORECASE)


def _ordinal_value(s: str) -> int:
    s = s.lower()
    if s[:1].isdigit():
        return int(s[:-2])
    if "hundred" in s:
        return 100 + next((i for i, u in enumerate(_ORD_UNITS, 1) if u in s), 0)
    return 90 + next((i for i, u in enumerate(_ORD_UNITS, 1) if u in s), 0)


# Ages near or past 90 given without "aged": a narrowed decade ("in her late
# nineties", "well into his nineties"), a word for it ("nonagenarian"), "ninety-odd", and a number
# after a word of reaching or nearing ("he'll be 100", "turned 100", "nearly a hundred").
_DECADE = r"(?:nineties|90s|90['\u2019]s|hundreds)"
_AGE_NARROWED = re.compile(
    rf"\b(?:(?<!\bthe )(?<!\bthe\u00a0)(?:late|mid|early)[\s\-]+{_DECADE}|well[\s\-]+into[\s\-]+(?:(?:her|his|their)\s+)?{_DECADE}"
    r"|(?:super)?centenarians?|nonagenarians?|(?:ninety|90)[\s\-]+(?:odd|something|plus)\b"
    r"(?!\s+(?:tablets|pills|paracetamol|capsules|times|quid|pounds|people|patients|miles|calls"
    r"|texts|messages|letters|cans|units|minutes|mins|days|beds|referrals|pages)\b)"
    rf"|(?:over|nearly|almost|approaching|pushing|past)\s+(?:a|one|the)\s+hundred\b"
    r"|(?:big\s+)?nine[\s\-]oh\b(?![\s\-](?:oh|one|two|three|four|five|six|seven|eight|nine|\d))"
    r"|nine\s+decades\b(?!\s+(?:of|ago|later|on|since)\b))",
    re.IGNORECASE,
)
_AGE_REACHING = re.compile(
    r"\b(?:be|turning|turns|turned|reached|reaching|reaches|hit|hits|celebrated|celebrating"
    r"|made\s+it\s+to|make\s+it\s+to|nearly|almost|approaching|pushing|past)\s+"
    rf"(?:a\s+)?{_AGE_NUM}{_NOT_AGE_AFTER}",
    re.IGNORECASE,
)
# A bare number set off like an age: "Mr D, 98, widowed", "the oldest patient I've had, 104, and".
_AGE_APPOSITION = re.compile(
    r"(?<=[A-Za-z.]),[ \u00a0](\d{2,3}),(?=[ \u00a0])"
    r"|(?<![\w])(?:Mrs?|Ms|Miss|Mx|[A-Z][a-z]+|[A-Z]\.?)[ \u00a0]\((\d{2,3})\)"
)
# A name (or a relation) and "is" or "'s" and a number: "Ethel is 94", "grandad's 96".
_NAMED_AGE = re.compile(
    r"\b([A-Z][a-z]+|husband|wife|partner|brother|sister|son|daughter|aunt|auntie|uncle|grandad"
    r"|granddad|grandma|nan|nana|gran|granny|grandpa|grandfather|grandmother|father|mother|dad"
    r"|mum|man|woman|lady|gentleman)(?:['\u2019]s|\s+(?:is|was|turns|turned))\s+"
    rf"(?:now\s+|only\s+|nearly\s+|almost\s+|just\s+)?{_AGE_NUM}{_NOT_AGE_AFTER}"
)


_NOT_BEFORE = re.compile(r"\bnot[ \u00a0]+$", re.IGNORECASE)
_COUNT_BEFORE = re.compile(
    r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|few|several|the)[ \u00a0]+$",
    re.IGNORECASE,
)


# Text with no number from 90 to 139 and no word for one holds no great age.
_GREAT_AGE_HINT = re.compile(
    r"(?<!\d)(?:9\d|1[0-3]\d)(?!\d)|ninet|hundred|centenar|nonagen|nine[\s\-](?:oh|decades)",
    re.IGNORECASE,
)


def find_old_ages(text: str) -> Iterator[Hit]:
    """Exact ages of 90 or more ('92-year-old', 'aged 95', 'her 95th birthday', 'At 101 she'),
    narrowed decades ('in her late nineties') and the words for them ('nonagenarian'); a plain
    decade ('in his 90s') is fine."""
    if not _GREAT_AGE_HINT.search(text):
        return
    for m in _AGE_NARROWED.finditer(text):
        yield Hit(m.start(), m.end(), "age_over_89", "narrows an age over 89")
    for rx in (_AGE_REACHING, _AGE_APPOSITION, _NAMED_AGE):
        for m in rx.finditer(text):
            raw = next((g for g in m.groups()[::-1] if g), "")
            if rx is _NAMED_AGE and m.group(1)[0].isupper() and not _is_person_word(m.group(1)):
                continue
            if raw and 90 <= _age_value(raw) <= 119:
                g = next(i for i in range(len(m.groups()), 0, -1) if m.group(i))
                yield Hit(m.start(g), m.end(g), "age_over_89", "gives an exact age over 89")
    for rx in (_AGE, _AGE_IS, _AGE_WORDS, _AGE_SEX, _AGE_AT, _AGE_HUNDRED):
        for m in rx.finditer(text):
            raw = next(g for g in m.groups() if g)
            if rx is _AGE_WORDS and (raw.isupper() or _NOT_BEFORE.search(text, 0, m.start())):
                continue  # "NINETY." (shouted, a count), "eighty-nine, not ninety"
            if (
                rx is _AGE_WORDS
                and raw[:1] in "hH"
                and _COUNT_BEFORE.search(text, max(0, m.start() - 12), m.start())
            ):
                continue  # "two hundred and one", "a hundred and one"
            if 90 <= _age_value(raw) <= 130:
                start = m.start() if rx not in (_AGE_IS, _AGE_AT) else m.start(1)
                yield Hit(start, m.end(), "age_over_89", "gives an exact age over 89")
    for m in _AGE_ORDINAL.finditer(text):
        if 90 <= _ordinal_value(m.group(1) or m.group(2) + "th") <= 130:
            yield Hit(m.start(), m.end(), "age_over_89", "gives an exact age over 89")


# --------------------------------------------------------------------------------------
# Places: named wards, hospitals, Trusts, GP practices, clinics, units
# --------------------------------------------------------------------------------------

_HEAD = (
    r"(?:Wards?|Hospital|Infirmary|Hospice|(?:University\s+)?(?:NHS\s+)?(?:Foundation\s+)?Trust"
    r"|Health\s+Board|Surgery|(?:Group\s+)?Practice|Medical\s+(?:Centre|Center|Practice|Group)"
    r"|Health\s+(?:Centre|Center)|Clinic|Unit|House|Lodge|Centre|Center|Court|Suite)"
)
_PRE_TOKEN = rf"(?:St\.?|Saint|NHS|{_TOKEN}(?:[{_APOS}]s)?|[A-Z]{{2,5}})"
_PLACE = re.compile(
    rf"(?<![\w{_APOS}\-])((?:{_PRE_TOKEN}[ \u00a0]+(?:(?:and|of|&|upon|on|in|the|de|la)[ \u00a0]+)?){{1,5}})({_HEAD})\b"
)
_WARD_NUM = re.compile(
    r"(?<![\w])(?:Ward[ \u00a0]+\d{1,2}[A-Za-z]?|ward[ \u00a0]+\d{1,2}[A-Z])(?![\w])"
)
_ABBREV_OK = {"NHS", "UCL", "UCLH", "KCH", "QE", "QEH"}


# Well-known single-word hospitals (the high-secure ones hold few enough people to identify
# someone) and prisons ("HMP Woodhill").
_KNOWN_HOSPITALS = r"(?:Broadmoor|Rampton|Ashworth|Carstairs|Maudsley|Bethlem|Priory)"
_KNOWN_PLACES = re.compile(
    rf"(?<![\w]){_KNOWN_HOSPITALS}(?![\w])"
    rf"|(?<![\w])HM(?:P|YOI|P/YOI|P\s*&\s*YOI)[ \u00a0]+{_TOKEN}(?:[ \u00a0]{_TOKEN})?"
)
# The words _KNOWN_PLACES starts with (it is run only where one stands: once.may_hold_word).
_HOSPITAL_WORDS = first_words(_KNOWN_HOSPITALS.lower())  # None (no test) if it is more than words
_KNOWN_PLACE_WORDS = None if _HOSPITAL_WORDS is None else _HOSPITAL_WORDS | {"hmp", "hmyoi"}


def find_places(text: str) -> Iterator[Hit]:
    """Named wards, hospitals, Trusts, practices and clinics ('Rose Ward', 'Maple Medical Centre')."""
    for m in _WARD_NUM.finditer(text):
        yield Hit(m.start(), m.end(), "place", "names a specific ward")
    for m in _KNOWN_PLACES.finditer(text) if may_hold_word(text, _KNOWN_PLACE_WORDS) else ():
        yield Hit(m.start(), m.end(), "place", "names a specific hospital or prison")
    for m in _PLACE.finditer(text):
        pre_start = m.start(1)
        words = list(re.finditer(r"\S+", m.group(1)))
        # Drop leading words that are generic or ordinary ("At", "The", "Acute", "NHS").
        idx = 0
        while idx < len(words):
            w = words[idx].group().rstrip(".").lower()
            w = _strip_possessive(w)
            if w in PLACE_GENERIC or (w in SENTENCE_STARTERS and w not in {"st", "saint"}):
                idx += 1
                continue
            break
        rest = words[idx:]
        specific = [
            w
            for w in rest
            if _strip_possessive(w.group().rstrip(".").lower()) not in PLACE_GENERIC
            and w.group() not in {"and", "of", "&", "upon", "on", "in", "the", "de", "la"}
        ]
        if not specific:
            continue
        if all(w.group().isupper() and w.group() not in _ABBREV_OK for w in specific):
            continue  # "CMHT Clinic", "A&E Unit": acronyms of services, not names
        if all(w.group().lower() in {"st", "st.", "saint"} for w in specific):
            continue
        start = pre_start + rest[0].start()
        yield Hit(start, m.end(), "place", "names a specific hospital, ward or practice")


# --------------------------------------------------------------------------------------
# Dated events: a specific day and month, or a holiday and year
# --------------------------------------------------------------------------------------


_HOLIDAY_YEAR = re.compile(
    r"(?<![\w])(?:Easter|Christmas(?:[ \u00a0](?:Day|Eve))?|New[ \u00a0]Year(?:['\u2019]s)?(?:[ \u00a0](?:Day|Eve))?"
    r"|Boxing[ \u00a0]Day|Halloween|Bonfire[ \u00a0]Night|Eid(?:[ \u00a0]al-\w+)?|Diwali|Ramadan|Hanukkah|Passover"
    r"|Valentine['\u2019]s[ \u00a0]Day|Mother['\u2019]s[ \u00a0]Day|Father['\u2019]s[ \u00a0]Day)[ \u00a0]+(?:19|20)\d{2}(?!\d)"
)


def find_dated_events(text: str) -> Iterator[Hit]:
    """'on 3 March', 'Christmas Day 2023': specific days that can identify an event. A month
    and year without a day ("since March 2023") identifies nobody and is not flagged (DOMAIN.md
    lists full dates; a month and year of birth is still found by the date-of-birth rules)."""
    months = month_names(text)
    for m in near_months(DAY_MONTH, text, months) if months else ():
        day = day_value(m.group(1) or m.group(4))
        month = MONTHS[(m.group(2) or m.group(3)).lower()]
        if _valid_date(day, month, 2000):
            yield Hit(m.start(), m.end(), "dated_event", "gives a specific date")
    for m in _HOLIDAY_YEAR.finditer(text):
        yield Hit(m.start(), m.end(), "dated_event", "gives a specific holiday and year")


def _is_person_word(word: str) -> bool:
    """A capitalised word before "is 94" that names a person (a given name), not a score."""
    from bot.domain.deidentify.given import is_given_name  # noqa: PLC0415 (given imports this module)

    return is_given_name(word)
