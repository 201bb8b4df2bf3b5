"""Broad rules for numbers that identify someone whatever they are called (BLOCK).

Round two fitted one rule to each record system ("Carenotes ID", "Lorenzo no.") and unseen text
kept finding forms nobody listed. These rules look at the number itself instead:

- any run of seven digits or more, with any separators and up to three letters in front
  ("0 0 7 4 1 9 2", "4471_0093", "CN0086612"), unless it reads as an amount, a count, a list, a
  range of years or times, a decimal or a public helpline;
- digits read out in words, seven or more ("six one two zero zero four ..."), unless counting;
- a code of letters and five digits or more after a word that introduces one ("ref", "ID",
  "number", "says", "reads": "datix ref says DX44190").

Pure functions over the normalised text (``norm``): no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.domain.deidentify.ids import Hit, public_line, value_series

_REASON = "is a long number: record, account and reference numbers identify a person"

# A run of digit groups joined by one space, underscore, hyphen, dot or slash, perhaps with up to
# three letters glued in front or one behind. Commas are lists or thousands; a colon is a time.
_RUN = re.compile(
    r"(?<![\w.,/£$€+#:\-])(?P<pre>[A-Za-z]{1,3}[\-/]?)?(?P<num>\d+(?:(?:[ _\-./]|[ ]-[ ])\d+)*)"
    r"(?P<suf>[A-Za-z])?(?![\w£$€%]|[.,:/\-]?\d|[.,]\w)"
)
_SEVEN = re.compile(r"\d(?:\D{0,3}\d){6}")
# Words after a number that make it an amount or a count.
_UNIT_AFTER = re.compile(
    r"[ ]?(?:mg|mcg|micrograms?|g|kg|ml|l|mmol|units?|iu|mph|kph|km|miles?|metres?|meters?|m|ft"
    r"|feet|steps|people|patients|persons|views|followers|likes|subscribers|calories|kcal|hours?"
    r"|hrs?|mins?|minutes?|seconds?|secs?|days?|weeks?|months?|years?|yrs?|times|beds|staff|words"
    r"|pounds?|quid|p|k|m|bn|million|billion|dollars?|euros?|pence|referrals|admissions|cases"
    r"|deaths|visits|calls|users|members|downloads|streams|plays|tablets|pills|doses|cigarettes"
    r"|fags|cans|pints|units)\b",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"(?:[£$€]|\b(?:gbp|usd|eur))[ ]?$", re.IGNORECASE)
# Words after which a dotted number is a version, a section or a build, not a record.
_NOT_ID_BEFORE = re.compile(
    r"\b(?:version|ver|v|build|release|update|section|s|para|paragraph|chapter|page|pp?|pi"
    r"|ios|android|windows|firmware|patch)\.?[ ]*:?[ ]*$",
    re.IGNORECASE,
)


_DATE_SHAPE = re.compile(
    r"\d{1,2}([/.\-])\d{1,2}\1(?:\d{4}|\d{2})|(?:19|20)\d{2}([/.\-])\d{1,2}\2\d{1,2}"
)
_NO_DIGITS = str.maketrans("", "", "0123456789")
# Words before values listed with spaces: observations, scores, results.
_READINGS_BEFORE = re.compile(
    r"\b(?:sats|spo2|bp|hr|rr|pulse|temp|gcs|news2?|obs|scores?|scored|levels?|readings?|results?"
    r"|mmse|moca|ace(?:-?iii)?|bmi|epds|honos|phq(?:-?9)?|gad(?:-?7)?|audit(?:-c)?"
    r"|marks?|ages?|aged|bloods|values|numbers|rates?|weights?|heights?)\b"
    r"(?:[ ]+(?:went|were|was|rose|fell|dropped|ran|read|came[ ]+back|trended|have[ ]+been|of))?"
    r"[ :]*$",
    re.IGNORECASE,
)
# A blood test or an observation before its values over days ("CRP 5 48 120 245 180", "her Na
# went 128 126 124 131", "temps 37 38 39 38 37").
_LAB_BEFORE = re.compile(
    r"\b(?:wcc|wbc|crp|esr|na|k|sodium|potassium|urea|creat|creatinine|egfr|ck|hba1c|hb|plt"
    r"|platelets|neuts|neutrophils|alt|ast|ggt|alp|bili|bilirubin|tsh|prolactin|lithium|glucose"
    r"|bms?|cbgs?|trops?|troponin|inr|lactate|ferritin|temps?|temperatures?|qtc)\b"
    r"(?:[ ]+(?:went|was|were|rose|fell|dropped|trend(?:ed)?|readings?|levels?|values?))?[ :]*$"
    r"|\btrend(?:ed)?[ :]*$",
    re.IGNORECASE,
)
# A rating scale, or a word for rating, a few words before its items' scores.
_SCALE_NEAR = re.compile(
    r"\b(?:phq|gad|honos|audit|epds|panss|bprs|madrs|ham-?d|ymrs|core|k10|items?|answers?|ticked"
    r"|rated|rating|ratings|mood|diary|likert|scale|questionnaire)\b",
    re.IGNORECASE,
)
# Words before digits said for a digit-span test ("digit span forwards was 5 8 2 9 4 7 1").
_SPAN_BEFORE = re.compile(
    r"\b(?:span|digits|forwards?|backwards?|repeat(?:ed|s)?)\b(?:[ ]+(?:was|were|is|back))*[ :]*$",
    re.IGNORECASE,
)

# Words before a year and a serial that number an audit or a project ("audit ref 2024/031", "QI-2024-017"),
# and before a SNOMED CT concept (a diagnosis, not a person: "SNOMED code 35489007").
_AUDIT_BEFORE = re.compile(r"\b(?:audit|qi|project|evaluation)\b[^.;]*$", re.IGNORECASE)
_SNOMED_BEFORE = re.compile(r"\bsnomed\b(?:[ -]?ct)?(?:[ ]+(?:code|concept))?[ :]*$", re.IGNORECASE)

# Words before the number of a paper or a book a trainee cites in a reflection.
_PUBLICATION_BEFORE = re.compile(r"\b(?:pmid|pmcid|isbn(?:-1[03])?|issn)[ :]*$", re.IGNORECASE)


def _progression(values: list[int], small: bool = False) -> bool:
    """Counting, a list of steps or a run of years: three values or more with one difference;
    with ``small``, also four or more values of one or two digits that only go up or only go
    down (lottery numbers, scores). Groups of an identifier often go up too ("0412 4471 9932")."""
    if len(values) < 3:
        return False
    steps = {b - a for a, b in zip(values, values[1:], strict=False)}
    if len(steps) == 1 and 0 not in steps:
        return True
    if not small or len(values) < 4 or max(values) > 99:
        return False
    return all(b > a for a, b in zip(values, values[1:], strict=False)) or all(
        b < a for a, b in zip(values, values[1:], strict=False)
    )


def _year(g: str) -> bool:
    return len(g) == 4 and g[:2] in ("19", "20")


def _year_groups(groups: list[str]) -> bool:
    """Years: "2019-2020", "1990 2000 2010", "2023/24 2024/25"."""
    return len(groups) > 1 and all(
        _year(g) or (len(g) == 2 and i and _year(groups[i - 1])) for i, g in enumerate(groups)
    )


def _hhmm(g: str) -> bool:
    return len(g) == 4 and int(g[:2]) < 24 and int(g[2:]) < 60


def _not_an_identifier(text: str, m: re.Match[str], groups: list[str]) -> bool:
    """An amount, a count, a list, years, times, a decimal, a version or a public line."""
    digits = "".join(groups)
    num = m.group("num")
    before = text[max(0, m.start() - 24) : m.start()]
    if _MONEY_BEFORE.search(before) or _UNIT_AFTER.match(text, m.end()):
        return True
    if _DATE_SHAPE.fullmatch(num):
        return True  # the date detectors decide ("31/02/2020" is a score)
    seps = set(re.sub(r"[ ]-[ ]", "-", num).translate(_NO_DIGITS))
    if len(seps) > 1 and not seps <= {" ", "-"}:
        return True  # readings: "130/85 88 97 36.8"; a disguise keeps to one separator
    if (
        # spaced, or closed up by norm when ten or more ("3 2 3 3 2 1 2 3 3 1")
        (seps == {" "} and all(len(g) == 1 for g in groups) or not seps and len(digits) >= 10)
        and max(digits) <= "6"
        and _SCALE_NEAR.search(text, max(0, m.start() - 40), m.start())
        and not _STRONG_CUE.search(before)
    ):
        return True  # the items of a rating scale: "her PHQ-9 items were 3 3 2 3 1 2 3 2 1"
    if (
        (len(seps) == 1 or seps <= {" ", "-"})
        and value_series(groups)
        and not _STRONG_CUE.search(before)
        and not _WEAK_CUE.search(before)
    ):
        return True  # readings or scores in a row: "169, 121, 60, 119, 45", "65-95-57-84-100"
    if " " in seps and any(r.search(before) for r in (_READINGS_BEFORE, _LAB_BEFORE, _SPAN_BEFORE)):
        return True  # "sats 98 97 99 96", "digit span forwards was 5 8 2 9 4 7 1"
    if digits.endswith("000") or (
        len(groups) > 1 and all(len(g) >= 2 and g.endswith("00") for g in groups)
    ):
        return True  # a round amount ("20000000 steps", "1500-2500 ml")
    if (
        _AUDIT_BEFORE.search(before)
        and len(groups) == 2
        and _year(groups[0])
        and len(groups[1]) <= 3
    ):
        return True  # an audit's or a project's number: "audit ref 2024/031"
    if _SNOMED_BEFORE.search(before) and len(groups) == 1 and not m.group("pre"):
        return True  # "SNOMED code 35489007"
    if _PUBLICATION_BEFORE.search(before) and not m.group("pre"):
        return True  # a paper or a book: "PMID: 31234567", "ISBN 978-0-443-06440-2"
    if _year_groups(groups):
        return True  # years: "2019-2020", "1990 2000 2010", "2023/24 2024/25"
    head, _, rest = num.partition(" ")
    if len(head) <= 2 and rest and " " not in rest and _year_groups(groups[1:]):
        return (
            True  # a grade, year or group before a range of years: "ST5 2022-23", "year 3 2019-20"
        )
    if (
        len(groups) == 2
        and all(_hhmm(g) for g in groups)
        and num[4] in "-/"
        and not _STRONG_CUE.search(before)
    ):
        return True  # "0900-1730"; not "case ref 2024/0315", "crime number 2023-0412"
    if _progression([int(g) for g in groups], small=True):
        return True  # "1 2 3 4 5 6 7", "10 15 20 25 30", "4 17 23 31 38 44"
    if "." in num and not m.group("pre"):
        parts = num.split(".")
        if len(parts) == 2 and len(parts[0]) <= 2 and (parts[0] == "0" or parts[0][0] != "0"):
            return True  # a decimal: "3.14159265"
        if _NOT_ID_BEFORE.search(before):
            return True  # "version 10.0.19045"
    return public_line(digits, before) or public_line("0" + digits, before)


def find_long_numbers(text: str) -> Iterator[Hit]:
    """Seven digits or more in one run, any separators (see the module's docstring)."""
    if not _SEVEN.search(text):
        return
    for m in _RUN.finditer(text):
        groups = re.findall(r"\d+", m.group("num"))
        if sum(len(g) for g in groups) < 7:
            continue
        pre = m.group("pre") or ""
        if pre and pre[-1] not in "-/" and not (pre.isupper() or pre.islower()):
            continue
        if _not_an_identifier(text, m, groups):
            continue
        yield Hit(m.start(), m.end(), "long_number", _REASON)


# --------------------------------------------------------------------------------------
# Digits read out in words
# --------------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "oh": 0, "o": 0, "nought": 0, "nil": 0, "one": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_REPEAT = {"double": 2, "treble": 3, "triple": 3}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TEENS, *_TENS, *_REPEAT], key=len, reverse=True))
# Number words, perhaps mixed with groups of digits ("943 four seven six 5919").
_WORD_RUN = re.compile(
    rf"(?<![\w.,])(?:(?:{_NUMBER_WORD})\b|\d{{1,4}}(?![\w.,:/]\w))"
    rf"(?:[ ,\-]+(?:(?:{_NUMBER_WORD})\b|\d{{1,4}}(?![\w.,:/]\w)))+",
    re.IGNORECASE,
)
_SPOKEN = frozenset([*_UNITS, *_TEENS, *_TENS, *_REPEAT]) - {"o"}


def _two_digit_words(low: str) -> bool:
    """Two number words in a row somewhere ("four four", "oh seven", "forty-four seventy"):
    what every run has."""
    prev = False
    for w in low.replace(",", " ").replace("-", " ").split():
        here = w in _SPOKEN
        if here and prev:
            return True
        prev = here
    return False


_NHS_NEAR = re.compile(r"\bNHS\b", re.IGNORECASE)


def _read_out(words: list[str]) -> tuple[str, list[int], bool]:
    """The digits a run of number words spells, the value of each spoken item, and whether any
    digit was said on its own (a run of only tens and teens is years or amounts)."""
    out: list[str] = []
    values: list[int] = []
    times = 1
    single = False
    i = 0
    while i < len(words):
        w = words[i]
        if w.isdigit():
            out.append(w)
            values.append(int(w))
            single = True
        elif w in _REPEAT:
            times = _REPEAT[w]
        elif w in _UNITS:
            out.append(str(_UNITS[w]) * times)
            values.append(_UNITS[w])
            single = True
            times = 1
        elif w in _TEENS:
            out.append(str(_TEENS[w]))
            values.append(_TEENS[w])
        else:
            v = _TENS[w]
            if i + 1 < len(words) and words[i + 1] in _UNITS and _UNITS[words[i + 1]]:
                v += _UNITS[words[i + 1]]
                i += 1
            out.append(str(v))
            values.append(v)
        i += 1
    return "".join(out), values, single


def _spoken_years(values: list[int]) -> bool:
    """Only years: said in pairs ("nineteen eighty-four", "twenty twenty-two") or written
    ("twenty nineteen, 2019")."""
    i = 0
    while i < len(values):
        if 1900 <= values[i] <= 2099:
            i += 1
        elif values[i] in (19, 20) and i + 1 < len(values):
            i += 2
        else:
            return False
    return True


def _listed(span: str, values: list[int]) -> bool:
    """Each number of a run said apart, by commas ("twenty-one, twenty-four, nineteen"): a list
    of values; a number read out runs its groups together ("forty-four seventy-one, ...")."""
    return len([c for c in re.split(r",", span) if c.strip()]) == len(values)


def find_number_words(text: str) -> Iterator[Hit]:
    """Seven digits or more read out in words ("four four seven one nine two three", "nine
    four three, four seven six, ..."), unless counting ("one, two, three, ...") or years."""
    low = text.lower()
    if len(low) != len(text):
        low = text  # a letter whose lower case is longer: read the text itself (IGNORECASE)
    if not _two_digit_words(low):
        return
    for m in _WORD_RUN.finditer(low):
        words = re.findall(r"[a-z]+|\d+", m.group().lower())
        while words and words[0] in ("o", "oh") and len(words) > 1 and words[1] not in _UNITS:
            words = words[1:]
        if all(w.isdigit() for w in words):
            continue  # digits alone: find_long_numbers reads them
        digits, values, single = _read_out(words)
        if len(digits) < 7 or _spoken_years(values) or not (single or len(values) >= 4):
            continue
        if _progression(values, small=True):
            continue
        if (
            not single
            and _listed(m.group(), values)
            and not _STRONG_CUE.search(text, max(0, m.start() - 40), m.start())
        ):
            continue  # "twenty-one, twenty-four, twenty-seven, nineteen": scores, not a number
        if _NHS_NEAR.search(text, max(0, m.start() - 45), m.start()) and len(digits) == 10:
            yield Hit(m.start(), m.end(), "nhs_number", "is an NHS number in words")
        elif digits.startswith("0") and 10 <= len(digits) <= 11:
            yield Hit(m.start(), m.end(), "phone", "is a phone number in words")
        else:
            yield Hit(m.start(), m.end(), "long_number", "is a long number in words")


# --------------------------------------------------------------------------------------
# A code of letters and digits after a word that introduces one
# --------------------------------------------------------------------------------------

_CODE = re.compile(
    r"(?<![\w/.\-])(?P<c>[A-Za-z]{1,6}[\-/]?\d{4,}[A-Za-z]{0,2}|\d{4,}[A-Za-z]{1,2}|\d{5,}"
    r"|[A-Z]\d{4}[A-Z]{2}|(?P<spaced>[A-Z]{1,3}[ ]\d{5,7}))(?![\w/]|[.,]\d)"
)
# Words that name an identifier (a number, a reference, a record system, a person on a list):
# after them, four digits with letters or five digits alone are one ("MARAC ref is 44123",
# "trial ID SAFE-0412", "Datix is 123456", "patient 44719").
_STRONG_CUE = re.compile(
    r"\b(?:number|no\.?|num|id|ref|reference|#|datix|mosaic|marac|mash|liquid\s?logic|eclipse"
    r"|rio|emis|systm\s?one|lorenzo|care\s?notes|paris|epr|trak\s?care|medway|cerner|mrn|crn"
    r"|patient|client|participant|prisoner|inmate|claimant|pupil|student|member)\b\.?[ :#=\-]*"
    r"(?:(?:is|was|as|on|it|the|a|says|reads|shows)[ ]+){0,2}"
    r"[\"'\u2018\u201c(\[]?$",
    re.IGNORECASE,
)
# Words after which only letters and five digits are a code ("the band shows K09812").
_WEAK_CUE = re.compile(
    r"\b(?:record|file|band|wristband|sticker|label|system|notes|says|said|reads|read|shows"
    r"|showed|lists|listed|under|code)\b\.?[ :#=\-]*"
    r"(?:(?:is|was|as|on|it|the|a|says|reads|shows)[ ]+){0,2}"
    r"[\"'\u2018\u201c(\[]?$",
    re.IGNORECASE,
)
# An audit's letters and year, before its serial ("QI-2024" of "QI-2024-017").
_AUDIT_SERIAL = re.compile(r"[A-Za-z]{1,3}-?(?:19|20)\d\d")
_AUDIT_TAIL = re.compile(r"[\-/]\d{1,3}(?!\w|[.,\-/]\d)")
_FOUR_DIGITS = re.compile(r"\d{4,}")
# A prisoner's number (HM Prison Service): a letter, four digits, two letters ("A1234BC").
_PRISONER = re.compile(r"[A-Z]\d{4}[A-Z]{2}")
# A GB driving licence number: five letters of the surname (9s pad a short one), six digits of
# the birth date, two initials (9 pads), a digit, two check letters, perhaps two more digits:
# "MORGA753116SM9IJ 35". Its shape is its own; no cue is needed.
_LICENCE = re.compile(
    r"(?<![\w])[A-Z][A-Z9]{4}\d{6}[A-Z][A-Z9]\d[A-Z]{2}(?:[ ]?\d{2})?(?![\w])", re.IGNORECASE
)


_LICENCE_HINT = re.compile(r"\d{6}[A-Za-z]")  # its six digits and a letter: found fast


def find_coded_records(text: str) -> Iterator[Hit]:
    """A code after a word that names an identifier (``_STRONG_CUE``: four digits with letters,
    or five digits; capitals, a space and five digits: "prison number is HW 20417"), or letters
    and five digits after a word of showing (``_WEAK_CUE``); a prisoner's number anywhere. Years, amounts and counts are not codes."""
    for lic in _LICENCE.finditer(text) if _LICENCE_HINT.search(text) else ():
        if lic.group().isupper() or lic.group().islower():
            yield Hit(lic.start(), lic.end(), "long_number", "looks like a driving licence number")
    seen = -1
    for d in _FOUR_DIGITS.finditer(text):  # every code holds four digits in a row
        m = _CODE.search(text, max(0, d.start() - 8), d.end() + 5)
        if not m or m.start() <= seen or not m.start() <= d.start() < m.end():
            continue
        seen = m.start()
        c = m.group("c")
        digits = sum(ch.isdigit() for ch in c)
        letters = digits < len(c) - (c.count("-") + c.count("/"))
        lo = max(0, m.start() - 40)
        if _PRISONER.fullmatch(c):
            pass
        elif m.group("spaced") and not _STRONG_CUE.search(text, lo, m.start()):
            continue  # "HW 20417" is a code only after "number is" and the like
        elif _AUDIT_SERIAL.fullmatch(c) and _AUDIT_TAIL.match(text, m.end()):
            if _AUDIT_BEFORE.search(text[lo : m.start()]):
                continue  # "project ref QI-2024-017": a year and a serial (_not_an_identifier)
        elif not letters and (c.endswith("000") or _UNIT_AFTER.match(text, m.end())):
            continue  # "number 100000 times"
        elif not _STRONG_CUE.search(text, lo, m.start()) and not (
            letters and digits >= 5 and _WEAK_CUE.search(text, lo, m.start())
        ):
            continue
        yield Hit(m.start(), m.end(), "long_number", "is a record code")


# --------------------------------------------------------------------------------------
# Every repeat of an identifier found once
# --------------------------------------------------------------------------------------


def repeats(text: str, found: list[Hit]) -> Iterator[Hit]:
    """Each other place the text of a blocked identifier appears ("Carenotes ID 218834 ... 'the
    218834 lady'"): the second mention needs no label to identify the same person. Only spans of
    five characters or more holding a digit or an @ are looked for, as whole words."""
    spans = {text[h.start : h.end]: h for h in found}
    for s, h in spans.items():
        if len(s) < 5 or not any(c.isdigit() or c == "@" for c in s):
            continue
        for at in _whole_words(text, s):
            if at != h.start:
                yield Hit(at, at + len(s), h.kind, "repeats an identifier found above")


def _whole_words(text: str, s: str) -> Iterator[int]:
    """Where ``s`` stands as a whole word in ``text`` (no word character either side): the
    matches of ``(?<!\\w)s(?!\\w)``, found by ``str.find`` (a pattern compiled per identifier
    evicted the gate's other patterns from ``re``'s cache, draft after draft)."""
    at = text.find(s)
    while at >= 0:
        end = at + len(s)
        if (at == 0 or not _is_word_char(text[at - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        ):
            yield at
            at = text.find(s, end)
        else:
            at = text.find(s, at + 1)


def _is_word_char(c: str) -> bool:
    """``re``'s ``\\w`` on one character of a str pattern."""
    return c.isalnum() or c == "_"
