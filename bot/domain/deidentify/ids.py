"""Detectors for hard identifiers (the BLOCK classes) used by ``bot.domain.deidentify``.

Each detector takes the text and returns ``Hit`` tuples; ``deidentify`` turns them into
``Finding`` objects and resolves overlaps. Pure functions: no I/O, nothing leaves the process.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from typing import NamedTuple

import phonenumbers
from stdnum.gb import nhs as _nhs

from bot.domain.deidentify.once import first_words, may_hold_word, once
from bot.domain.deidentify.words import _words


class Hit(NamedTuple):
    """A raw detection before severity, reason and suggestion are attached."""

    start: int
    end: int
    kind: str
    reason: str | None = None


# --------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------


def _valid_date(day: int, month: int, year: int) -> bool:
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _year4(two: int) -> int:
    """Any century will do for validity; 2000 is a leap year so 29/02 is accepted."""
    return 2000 + two


def _near(
    pattern: re.Pattern[str], text: str, start: int, end: int, before: int, after: int
) -> bool:
    lo = max(0, start - before)
    hi = min(len(text), end + after)
    return bool(pattern.search(text, lo, start)) or bool(pattern.search(text, end, hi))


def mod11_ok(digits: str) -> bool:
    """NHS/CHI Modulus 11 (weights 10..2; 11 -> 0; 10 invalid), via python-stdnum's NHS check."""
    return len(digits) == 10 and _nhs.is_valid(digits)


def _ddmmyy_ok(digits: str) -> bool:
    day, month, yy = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    return _valid_date(day, month, _year4(yy))


# --------------------------------------------------------------------------------------
# NHS and CHI numbers (ten digits, any grouping by spaces or hyphens)
# --------------------------------------------------------------------------------------

_SEP = r"(?:[ \u00a0\u2009]?[-\u2010\u2011\u2013][ \u00a0\u2009]?|[ \u00a0\u2009]{1,2})"
_DIGIT_RUN = re.compile(rf"(?<![\w.,/+])(?<!\d:)\d+(?:{_SEP}\d+)*(?![\w/])(?![.,:]\d)")
_GROUP = re.compile(r"\d+")
_NHS_CTX = re.compile(r"\bNHS\b", re.IGNORECASE)
_CHI_CTX = re.compile(r"\bCHI\b|\bC\.H\.I\b|[Cc]ommunity [Hh]ealth [Ii]ndex")
# An explicit "NHS number:" label: any run of six or more digits after it is blocked.
_NHS_LABEL = re.compile(
    r"\bNHS\s*(?:number|no\b\.?|num\b\.?|#|id\b)\s*(?:is|was|of|:|=|-|#)?\s*"
    rf"(\d(?:{_SEP}?\d){{5,12}})(?!\d)",
    re.IGNORECASE,
)
_HC_LABEL = re.compile(
    r"(?:\bH\s*(?:&|and)\s*C|\bHCN|\bhealth\s*(?:and|&)\s*care)\s*(?:number|no\b\.?|num\b\.?|#)?\s*"
    rf"(?:is|was|of|:|=|-|#)?\s*(\d(?:{_SEP}?\d){{5,12}})(?!\d)",
    re.IGNORECASE,
)
_CHI_LABEL = re.compile(
    r"(?:\bCHI\b|[Cc]ommunity [Hh]ealth [Ii]ndex)\s*(?:number|no\b\.?|num\b\.?|#)?\s*"
    rf"(?:is|was|of|:|=|-|#)?\s*(\d(?:{_SEP}?\d){{5,12}})(?!\d)",
)


_INTL_PREFIX = re.compile(r"(?:\+|\b00)\d{0,3}[\s\-]*(?:\(0\)[\s\-]*)?$")


def _uk_phone_valid(digits: str) -> bool:
    try:
        num = phonenumbers.parse(digits, "GB")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(num)


# Dotted 3.3.4 ("943.476.5919"): the grouping NHS numbers are printed in, with dots for spaces.
_DOTTED_TEN = re.compile(r"(?<![\w.,/+])\d{3}\.\d{3}\.\d{4}(?![\w/]|[.,:]\d)")
# Its digits alone (found fast: a pattern that starts with a digit skips to the digits).
_DOTTED_TEN_HINT = re.compile(r"\d{3}\.\d{3}\.\d{4}")


def value_series(groups: list[str]) -> bool:
    """Four or more groups of one to three digits, not all the same length ("WCC 11 12 14 18 22
    24 21", "Hb 98 102 110 97", "scores 169, 121, 60, 119"): readings or scores in a row. No
    identifier is printed so: NHS, CHI, phone and NI numbers keep their own groupings (3 3 4, 6 4,
    5 6, 2 2 2) or are spaced digit by digit. Groups of three, and pairs that do not make ten
    digits, are a series too; one digit and then groups of three are ten digits in thousands."""
    if len(groups) < 4 or any(len(g) > 3 for g in groups):
        return False
    if len(groups[0]) == 1 and all(len(g) == 3 for g in groups[1:]):
        return False  # ten digits in thousands: "8,376,081,756" (norm makes the commas spaces)
    sizes = {len(g) for g in groups}
    if len(sizes) > 1:
        return True
    return sizes == {3} or sizes == {2} and 2 * len(groups) != 10


def _readings_before(text: str, start: int) -> bool:
    """A blood test, an observation or a score just before: "CRP 5 48 120 245", "sats went"."""
    from bot.domain.deidentify.numbers import _LAB_BEFORE, _READINGS_BEFORE  # noqa: PLC0415

    before = text[max(0, start - 32) : start]
    return bool(_READINGS_BEFORE.search(before) or _LAB_BEFORE.search(before))


def _labelled(text: str, start: int, end: int) -> bool:
    return (
        _near(_NHS_CTX, text, start, end, 45, 20)
        or _near(_CHI_CTX, text, start, end, 45, 20)
        or _near(_HC_CTX, text, start, end, 45, 20)
    )


def find_health_numbers(text: str) -> Iterator[Hit]:
    """NHS numbers and Scottish CHI numbers: check digit, date prefix and nearby context. A run
    of readings longer than ten digits (``value_series``) holds none unless a label is near."""
    for m in _DOTTED_TEN.finditer(text) if _DOTTED_TEN_HINT.search(text) else ():
        hit = _classify_ten(text, m.start(), m.end(), m.group().replace(".", ""), False)
        if hit:
            yield hit
    for rx, kind, reason in (
        (_NHS_LABEL, "nhs_number", "is labelled as an NHS number"),
        (_CHI_LABEL, "chi_number", "is labelled as a CHI number"),
        (_HC_LABEL, "hc_number", "is labelled as a Health and Care number"),
    ):
        for m in rx.finditer(text):
            yield Hit(m.start(1), m.end(1), kind, reason)
    for run in _DIGIT_RUN.finditer(text):
        groups = list(_GROUP.finditer(text, run.start(), run.end()))
        values = [g.group() for g in groups]
        short = len(values) >= 4 and all(len(v) <= 3 for v in values)
        if (
            short
            and (
                value_series(values)
                and sum(map(len, values)) != 10
                or _readings_before(text, run.start())
            )
            and not _labelled(text, *run.span())
        ):
            continue  # ten digits alone, in any spacing, are still read, unless "sats" says
        preceded_by_plus = bool(_INTL_PREFIX.search(text, max(0, run.start() - 12), run.start()))
        for i in range(len(groups)):
            total = 0
            for j in range(i, len(groups)):
                total += groups[j].end() - groups[j].start()
                if total > 10:
                    break
                if total == 10:
                    start, end = groups[i].start(), groups[j].end()
                    digits = "".join(g.group() for g in groups[i : j + 1])
                    hit = _classify_ten(text, start, end, digits, preceded_by_plus and i == 0)
                    if hit:
                        yield hit
                    break


# Northern Ireland's Health and Care number: the NHS number's shape and check digit, issued from
# the range 320 000 0010 to 399 999 9999.
_HC_CTX = re.compile(
    r"\bH\s*(?:&|and)\s*C\b|\bHCN\b|\bhealth\s*(?:and|&)\s*care\s*(?:number|no\b)", re.IGNORECASE
)


def _classify_ten(text: str, start: int, end: int, digits: str, after_plus: bool) -> Hit | None:
    nhs_ctx = _near(_NHS_CTX, text, start, end, 45, 20)
    chi_ctx = _near(_CHI_CTX, text, start, end, 45, 20)
    if _near(_HC_CTX, text, start, end, 45, 20) or (
        "320" <= digits[:3] <= "399" and mod11_ok(digits) and not chi_ctx
    ):
        return Hit(start, end, "hc_number", "looks like a Health and Care number")
    if chi_ctx and not nhs_ctx:
        return Hit(start, end, "chi_number", "is a ten-digit number next to 'CHI'")
    if nhs_ctx:
        return Hit(start, end, "nhs_number", "is a ten-digit number next to 'NHS'")
    if after_plus:
        return None  # an international phone number; the phone detector decides
    if mod11_ok(digits):
        if digits[0] == "0" and _uk_phone_valid(digits):
            return None
        if _ddmmyy_ok(digits):
            return Hit(start, end, "chi_number", "looks like a Scottish CHI number")
        return Hit(start, end, "nhs_number", "looks like an NHS number")
    if _ddmmyy_ok(digits) and not (digits[0] == "0" and _uk_phone_valid(digits)):
        # CHI numbers issued from November 2025 may carry a Modulus 10 check digit instead.
        return Hit(start, end, "chi_number", "looks like a Scottish CHI number (date + 4 digits)")
    return None


# --------------------------------------------------------------------------------------
# National Insurance numbers
# --------------------------------------------------------------------------------------

_NI_FIRST = "A-CEGHJ-PR-TW-Z"  # not D F I Q U V
_NI_SECOND = "A-CEGHJ-NPR-TW-Z"  # not D F I O Q U V
_NI_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
_NI_SEP = r"[ \u00a0\-/_,+\u00b7]?"  # odd separators: see norm
_NI_UPPER = re.compile(
    rf"(?<![\w])([{_NI_FIRST}][{_NI_SECOND}]){_NI_SEP}(\d{{2}}){_NI_SEP}(\d{{2}}){_NI_SEP}(\d{{2}})"
    rf"(?:{_NI_SEP}([A-D]))?(?![\w])"
)
# Lower case, perhaps with separators ("wk 26 04 71 d", "ce-29-61-03-b"): with its suffix
# letter, the shape is an NI number's without a label.
_NI_LOWER = re.compile(
    rf"(?<![\w])([{_NI_FIRST.lower()}][{_NI_SECOND.lower()}]){_NI_SEP}(\d{{2}}){_NI_SEP}(\d{{2}})"
    rf"{_NI_SEP}(\d{{2}})(?:{_NI_SEP}([a-d]))?(?![\w])"
)
_NI_ANY = re.compile(
    rf"(?<![\w])([A-Za-z]{{2}}){_NI_SEP}(\d{{2}}){_NI_SEP}(\d{{2}}){_NI_SEP}(\d{{2}})"
    rf"(?:{_NI_SEP}([A-Da-d]))?(?![\w])"
)
_NI_CTX = re.compile(r"\bNI\b|\bNINO\b|\bN\.I\.|national\s+insurance", re.IGNORECASE)


def find_ni_numbers(text: str) -> Iterator[Hit]:
    """National Insurance numbers: HMRC prefix rules, or any NI shape next to an NI label."""
    seen: set[int] = set()
    for rx in (_NI_UPPER, _NI_LOWER):
        for m in rx.finditer(text):
            if m.group(1).upper() in _NI_BAD_PREFIX:
                continue
            has_suffix = m.group(5) is not None
            if has_suffix or _near(_NI_CTX, text, m.start(), m.end(), 100, 10):
                seen.add(m.start())
                yield Hit(m.start(), m.end(), "ni_number", "looks like a National Insurance number")
    for m in _NI_ANY.finditer(text):
        if m.start() in seen:
            continue
        if _near(_NI_CTX, text, m.start(), m.end(), 100, 10):
            yield Hit(m.start(), m.end(), "ni_number", "is next to 'National Insurance'")


# --------------------------------------------------------------------------------------
# Hospital / MRN numbers (no national format: context words, then an id with digits)
# --------------------------------------------------------------------------------------

# Labels that are also ordinary words ("Rio 2016", "an urn") only count in their own case.
_HOSP_CTX = (
    r"(?:\bMRN\b|\bM\.R\.N\b\.?|\bhospital\s*(?:number|no\b\.?|num\b\.?|#|id\b|ref\b\.?)"
    r"|\bhosp\b\.?\s*(?:no|num|number)\b\.?|\bunit\s*(?:number|no\b\.?)"
    r"|(?-i:\bRiO\b|\bRIO\b)(?:\s*(?:number|no\b\.?|id\b))?|(?-i:\bPAS\b)(?:\s*(?:number|no\b\.?|id\b))?"
    r"|\bpatient\s*(?:id|identifier|number|no\b\.?|ref(?:erence)?)"
    r"|\bcase\s*(?:number|no\b\.?)|\brecord\s*(?:number|no\b\.?)|(?-i:\bK\s*number\b)"
    r"|(?-i:\bEPR\b)\s*(?:number|no\b\.?|id\b)?|(?-i:\bCRN\b|\bMPI\b|\bURN\b)"
    r"|(?-i:\bPARIS\b|\bParis\s+(?:ID|id|number|no\b\.?))|\bSystm\s*One\b|(?-i:\bEMIS\b)|\bLorenzo\b"
    r"|\b(?:rio|emis|paris|pas|epr|s1|trak|ipm|medway|cerner|epic|mosaic|eclipse|jac|vision)"
    r"\s*(?:number|no\b\.?|num\b\.?|id\b|#|ref\b\.?)"
    r"|\bCare\s*[Nn]otes\b|\bTrak\s*Care\b|\bTrakCare\b|\bLiquid\s*[Ll]ogic\b|\bCare\s*[Ff]irst\b"
    r"|\b(?:client|service\s*user|su|resident|person|subject|referral|incident|datix|ward)\s*"
    r"(?:id|identifier|number|no\b\.?|ref(?:erence)?)"
    r"|\bcase\s*notes?\s*(?:number|no\b\.?)|\bcasenote\s*(?:number|no\b\.?)"
    r"|\bTrust\s*(?:number|no\b\.?|id\b)|(?-i:\bID\b)\s*(?:number|no\b\.?|:|#)"
    r"|\bwrist\s*band\s*(?:number|no\b\.?)?)"
)
# What stands between a label and its number: "is", "as" ("on PARIS as P445129"), "under", "on
# the system is", a colon or a bracket.
_HOSP_JOIN = (
    r"\s*(?:(?:is|was|of|as|under|reads|:|=|-|#|\(|,|no\b\.?|number\b|id\b"
    r"|(?:has|had|have|lists?|listed|shows?|showed)\s+(?:him|her|them|it|the\s+\w+)"
    r"|on\s+(?:the\s+|her\s+|his\s+)?(?:system|screen|file|notes|records?|front\s+sheet|band))\s*){0,4}"
)
_HOSP = re.compile(
    _HOSP_CTX
    + _HOSP_JOIN
    + r"(\d{2,4}(?:[ \-]\d{2,4}){1,4}(?![\w-])|[A-Za-z]{1,3}\d{0,3}[ ]\d{3,8}(?:[ ]\d{3,4})?(?![\w-])"
    r"|(?=[A-Za-z0-9/\-]*\d)[A-Za-z]{0,4}[/\-]?\d[\dA-Za-z/\-]{2,15})(?![\w])",
    re.IGNORECASE,
)


# Three digits close together: what a labelled number needs before its label is looked for.
THREE_DIGITS = re.compile(r"\d\D?\d\D?\d")
_WORD_START = re.compile(r"\b[A-Za-z]")


def _label_matches(rx: re.Pattern[str], text: str, reach: int = 60) -> Iterator[re.Match[str]]:
    """Matches of ``rx`` (a label, then a number) tried only at the words within ``reach``
    characters before a group of three digits: the same matches as ``rx.finditer``, without
    trying the long list of labels at every character of the text."""
    tried: set[int] = set()
    end = -1
    for d in THREE_DIGITS.finditer(text):
        for w in _WORD_START.finditer(text, max(0, d.start() - reach), d.start()):
            pos = w.start()
            if pos in tried or pos < end:
                continue
            tried.add(pos)
            m = rx.match(text, pos)
            if m:
                end = m.end()
                yield m


_SYSTEM_NAMES = (
    "RiO", "RIO", "EMIS", "SystmOne", "S1", "PARIS", "Paris", "Care", "Lorenzo", "PAS", "TrakCare",
    "Medway", "MRN", "EPR",
)  # fmt: skip
# A number with the record system's name after it: "4412983 (RiO)", "P445129 on PARIS".
_HOSP_AFTER = re.compile(
    r"(?<![\w/.\-])([A-Za-z]{0,3}\d{5,10})(?![\w/])[ \u00a0]*(?:\(|on[ \u00a0]+|in[ \u00a0]+)?"
    r"(?-i:RiO|RIO|EMIS|SystmOne|S1|PARIS|Paris[ \u00a0]+number|Care[Nn]otes|Care[ \u00a0]Notes"
    r"|Lorenzo|PAS|TrakCare|Medway|MRN|EPR)\b"
)


_SYSTEM_LOWER_WORDS = (
    "rio ", "rio:", "emis", "paris", "pas ", "pas:", "s1", "systmone", "lorenzo", "carenotes",
    "trakcare", "epr",
)  # fmt: skip
# A record system in lower case right before a long number: "rio 4412983", "emis: 5521907".
_SYSTEM_LOWER = re.compile(
    r"\b(?i:rio|emis|paris|pas|s1|systmone|lorenzo|carenotes|trakcare|epr)[ \u00a0]*"
    r"(?:(?:is|was|as|under|number|no\.?|id|ref)[ \u00a0]+)*[:#\-]?[ \u00a0]*"
    r"(\d{6,10})(?![\w/]|[.,]\d)"
)


def find_hospital_numbers(text: str) -> Iterator[Hit]:
    """Hospital / MRN / RiO / PAS numbers, recognised by the label in front of them or the
    system's name after them."""
    low = text.lower()
    if any(w in low for w in _SYSTEM_LOWER_WORDS) and _FIVE_DIGITS.search(text):
        for m in _SYSTEM_LOWER.finditer(text):
            yield Hit(m.start(1), m.end(1), "hospital_number", "follows a record system's name")
    if any(w in text for w in _SYSTEM_NAMES) and _FIVE_DIGITS.search(text):
        for m in _HOSP_AFTER.finditer(text):
            yield Hit(m.start(1), m.end(1), "hospital_number", "is a number on a record system")
    for m in _label_matches(_HOSP, text):
        ident = m.group(1).rstrip("-/")
        if sum(c.isdigit() for c in ident) < 3:
            continue
        yield Hit(
            m.start(1),
            m.start(1) + len(ident),
            "hospital_number",
            "follows a hospital-number label",
        )


# --------------------------------------------------------------------------------------
# Postcodes (BS 7666 shapes on real postcode areas, plus ZZ99 pseudo-postcodes)
# --------------------------------------------------------------------------------------

_AREAS = frozenset(
    str.split(
        """AB AL B BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN
    LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP
    SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"""
    )
)
_POSTCODE = re.compile(
    r"(?<![\w\-])(?:(ZZ99)[ \u00a0\-]?(\d[A-Z]{2})"
    r"|([A-Z]{1,2})(\d[A-Z\d]?)(?:[ \u00a0]?|[ \u00a0]?[\-.][ \u00a0]?)(\d[ABD-HJLNP-UW-Z]{2})"
    r"|(GIR)[ \u00a0\-]?(0AA))(?![\w]|-\w)",
    re.IGNORECASE,
)


# The first half of a postcode (a district) named as one: "postcode M14", "the BS5 area",
# "lives in LS6". Alone, "M6", "B12" or "ST4" are a motorway, a vitamin or a grade.
_DISTRICT = r"(?P<d>[A-Z]{1,2}\d[A-Z\d]?)(?![\w/])"
_OUTWARD = (
    re.compile(rf"\b(?i:post[ \u00a0]?code|p/?c)[ \u00a0]*(?:is|was|:|-)?[ \u00a0]*{_DISTRICT}"),
    re.compile(rf"\bthe[ \u00a0]+{_DISTRICT}[ \u00a0]+(?:area|postcode|side|end)\b"),
    re.compile(
        r"\b(?:lives?|living|lived|moved|moving|housed|flat|based)[ \u00a0]+(?:\w+[ \u00a0]+)?"
        rf"(?:in|to)[ \u00a0]+{_DISTRICT}(?![ \u00a0]*(?:\d|[A-Z]{{2}}\b))"
    ),
)


_DISTRICT_HINT = re.compile(r"\b[A-Z]{1,2}\d")
# What each pattern of _OUTWARD needs in the text (lower case) before it is tried.
_OUTWARD_WORDS = (
    ("post", "p/c", "pc"),
    (" area", " postcode", " side", " end"),
    ("live", "living", "moved", "moving", "housed", "flat", "based"),
)


def _outward_codes(text: str) -> Iterator[Hit]:
    if not _DISTRICT_HINT.search(text):
        return
    low = text.lower()
    for rx, words in zip(_OUTWARD, _OUTWARD_WORDS, strict=True):
        if not any(w in low for w in words):
            continue
        for m in rx.finditer(text):
            d = m.group("d")
            if "".join(c for c in d[:2] if c.isalpha()) in _AREAS:
                yield Hit(m.start("d"), m.end("d"), "postcode", "names a postcode district")


_UNIT_WORDS = r"(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine)"
_SPELT_DISTRICT = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\- ]" + _UNIT_WORDS + r")?"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    rf"|{_UNIT_WORDS}(?:[\- ]{_UNIT_WORDS})?|\d{{1,2}})"
)
# A postcode read out as it is said: "T R two seven, six B Q", "E sixteen 3PL", "M fourteen, five
# T Q": the area's letters (spaced or not), the district as a number in words or digits, the
# inward code a digit (or its word) and two letters. At least one number is in words (the plain
# forms are _POSTCODE's).
_SPELT_POSTCODE = re.compile(
    r"(?<![\w])(?P<a>[A-Z](?:[ ]?[A-Z])?)[ ]+(?P<d>" + _SPELT_DISTRICT + r"(?:[ ]?[A-Z](?![a-z]))?)"
    r",?[ ]+(?P<i>(?:" + _UNIT_WORDS + r"|\d)[ ]?[A-Z][ ]?[A-Z])(?![\w])"
)


def _spelt_postcodes(text: str) -> Iterator[Hit]:
    for m in _SPELT_POSTCODE.finditer(text):
        if m.group("a").replace(" ", "") not in _AREAS:
            continue
        if not any(c.islower() for c in m.group("d") + m.group("i")):
            continue  # all in digits and letters: _POSTCODE's
        yield Hit(m.start(), m.end(), "postcode", "is a postcode read out")


def find_postcodes(text: str) -> Iterator[Hit]:
    """UK postcodes, all-upper or all-lower case (mixed case like 'ST4 2nd' is prose), and
    postcodes read out in words."""
    yield from _outward_codes(text)
    yield from _spelt_postcodes(text)
    for m in _POSTCODE.finditer(text):
        s = m.group()
        if not (s == s.upper() or s == s.lower()):
            continue
        if m.group(3):
            area = m.group(3).upper()
            district = m.group(4).upper()
            if area not in _AREAS:
                continue
            if area == "BF" and district[0] != "1":
                continue
            if (
                len(district) == 2
                and district[1].isalpha()
                and len(area) == 2
                and area not in {"EC", "SW", "WC", "NW", "SE"}
            ):
                continue
        yield Hit(m.start(), m.end(), "postcode", "looks like a postcode")


# --------------------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------------------

_PSEP = r"[\s\-.]?"
_DRAMA = re.compile(
    rf"(?<![\d+])(?:\+44{_PSEP}(?:\(0\){_PSEP})?|\(?0)(?:7700\)?{_PSEP}900{_PSEP}\d{{3}}"
    rf"|1632\)?{_PSEP}960{_PSEP}\d{{3}})(?!\d)"
)
_UK_SHAPE = re.compile(
    r"(?<![\w+])(?:\+44[\s\-]?(?:\(0\)[\s\-]?)?\(?|\(?0)\d{1,5}\)?(?:[\s\-]?\d){5,9}(?!\d)"
)
_INTL_SHAPE = re.compile(r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s\-.]?\(?\d+\)?){1,6}(?![\d])")


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


_DIGIT_WORDS = {"zero": "0", "oh": "0", "o": "0", "nought": "0", "one": "1", "two": "2",
                "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
                "nine": "9"}  # fmt: skip
_DIGIT_WORD = r"(?:zero|oh|o|nought|one|two|three|four|five|six|seven|eight|nine)"
# A phone number read out in words: "oh seven seven double oh nine hundred one two three".
_SPELT_NUMBER = re.compile(
    r"\b(?:plus[ \u00a0]+four[ \u00a0,\-]+four|zero|oh|nought|double[ \u00a0,\-]+(?:oh|zero|nought))"
    rf"(?:[ \u00a0,\-]+(?:(?:double|treble|triple)[ \u00a0,\-]+)?(?:{_DIGIT_WORD}|hundred|thousand)\b){{6,}}",
    re.IGNORECASE,
)


_SPELT_HINT = re.compile(
    r"\b(?:zero|oh|nought|four)[ ,\-]+(?:zero|oh|o|nought|one|two|three|four|five|six|seven|eight"
    r"|nine|double|treble|triple)\b"
)


def _spelt_digits(words: str) -> str:
    out = ""
    times = 1
    for w in re.findall(r"[a-z]+", words.lower()):
        if w in ("double", "treble", "triple"):
            times = 2 if w == "double" else 3
        elif w == "hundred":
            out += "00"
        elif w == "thousand":
            out += "000"
        elif w in _DIGIT_WORDS:
            out += _DIGIT_WORDS[w] * times
            times = 1
    return out


def find_spelt_phones(text: str) -> Iterator[Hit]:
    """Phone numbers in words: ten or eleven digits starting with nought, or "plus four four"
    (the pattern starts only at those words)."""
    low = text.lower()
    if not ("zero" in low or "oh " in low or "nought" in low or "plus four" in low):
        return
    if not _SPELT_HINT.search(low):
        return
    for m in _SPELT_NUMBER.finditer(text):
        d = _spelt_digits(m.group())
        plus = m.group().lower().startswith("plus")
        if (d.startswith("0") and 10 <= len(d) <= 11) or (plus and 11 <= len(d) <= 13):
            yield Hit(m.start(), m.end(), "phone", "is a phone number in words")


def find_phones(text: str) -> Iterator[Hit]:
    """UK and international phone numbers, each quoted without a bracket it does not close."""
    yield from find_spelt_phones(text)
    for hit in _phones(text):
        start, end = hit.start, hit.end
        if text.startswith("(", start) and ")" not in text[start:end]:
            start += 1
        if text[:end].endswith(")") and "(" not in text[start:end]:
            end -= 1
        yield Hit(start, end, hit.kind, hit.reason)


# Seven digits with at most a few separators between them: what any phone number has. Text
# without such a run skips libphonenumber's matcher, the slowest part of a scan.
_SEVEN_DIGITS = re.compile(r"\d(?:[\s\-.()/+]{0,3}\d){6}")


# Public helplines and services a trainee names when they signposted someone: they identify
# nobody, and refusing a draft for "Childline on 0800 1111" teaches authors to ignore the gate.
# Only organisations' published numbers; a person's number is never on such a list.
PUBLIC_LINES = frozenset(
    {
        "08001111",  # Childline
        "08088005000",  # NSPCC helpline
        "08000684141",  # Papyrus HOPELINEUK
        "0800585858",  # CALM
        "03001233393",  # Mind infoline
        "03003047000",  # SANEline
        "08082000247",  # National Domestic Abuse Helpline
        "08088010327",  # Men's Advice Line
        "08088010677",  # Beat (eating disorders)
        "08088025544",  # YoungMinds parents' helpline
        "08000119100",  # Switchboard LGBT+
        "08006781602",  # Age UK advice line
        "08004708090",  # The Silver Line
        "03001236600",  # FRANK
        "08005551111",  # Crimestoppers
        "08001448848",  # Citizens Advice (England)
        "0800838587",  # Breathing Space (Scotland)
        "08088088000",  # Lifeline (Northern Ireland)
        "0800132737",  # C.A.L.L. (Wales)
        "03000303300",  # Practitioner Health (the NHS service for doctors)
        "03001231110",  # Drinkline
        "08088081677",  # Cruse Bereavement Support
        "08085002222",  # Rape Crisis (England and Wales)
        "08081689111",  # Victim Support
        "08088020133",  # GamCare
        "03007729844",  # No Panic
        "03301231245",  # BMA wellbeing support
        "03444775774",  # Anxiety UK
    }
)


# Whole ranges that organisations hold (Ofcom's numbering plan): freephone 0800 and 0808, and 03
# (030 for public bodies and not-for-profits only; 033, 034 and 037 charged as a landline). A
# person's own phone is a landline (01, 02) or a mobile (07), so a helpline missing from
# PUBLIC_LINES (Shelter, Cruse, AA...) is not refused when the words before it say it is one ("the
# housing charity's line, 0808 ...", "Drinkline is 0300 ...") or, for 0800, 0808 and 030, name
# an organisation ("Rape Crisis is 0808 ...", "GamCare: 0808 ..."); without them it still is. The 116 xxx numbers
# (services of social value: Samaritans' 116 123) are helplines by law.
_ORGANISATIONS_ONLY = ("0800", "0808", "03")
_SIGNPOSTED = re.compile(
    r"(?i)\b(?:\w*lines?|free ?phone|charit(?:y|y's|ies)|signpost\w*|samaritans|advice|"
    r"support|crisis|bereavement|wellbeing)\b"
)
# An organisation's name just before the number: capitalised words, then "is (on)", "on" or ":".
_NAMED_BEFORE = re.compile(
    r"(?<![\w'\u2019])[A-Z][\w&'\u2019\-]*(?:[ \u00a0]+(?:of|for|the|and|&|[A-Z][\w&'\u2019\-]*))*"
    r"(?:(?:'s|\u2019s)?[ \u00a0]+(?:(?:phone[ \u00a0]+)?number|no\.?))?"
    r"[ \u00a0]*(?:(?:is|are)[ \u00a0]+(?:on[ \u00a0]+)?|on[ \u00a0]+|[:\-\u2013][ \u00a0]*|\([ \u00a0]*)?$"
)
_NAMED_RANGES = ("0800", "0808", "030")  # 033, 034 and 037 numbers anyone may hold: words only


def public_line(number: str, before: str = "") -> bool:
    """Whether a found number is a public helpline's (written with any separators or +44);
    before is the text in front of it, which may name it as a helpline."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    if digits in PUBLIC_LINES or (len(digits) == 6 and digits.startswith("116")):
        return True
    return (
        len(digits) in (10, 11)
        and digits.startswith(_ORGANISATIONS_ONLY)
        and (
            _SIGNPOSTED.search(before[-40:]) is not None
            or (digits.startswith(_NAMED_RANGES) and _NAMED_BEFORE.search(before[-60:]) is not None)
        )
    )


def _phones(text: str) -> Iterator[Hit]:
    """Phone numbers of every shape but public helplines' (PUBLIC_LINES)."""
    for hit in _phone_shapes(text):
        if not public_line(text[hit.start : hit.end], text[max(0, hit.start - 40) : hit.start]):
            yield hit


def _phone_shapes(text: str) -> Iterator[Hit]:
    """UK and international phone numbers (libphonenumber), plus Ofcom drama ranges."""
    runs = [(m.start(), m.end()) for m in _SEVEN_DIGITS.finditer(text)]
    if not runs:
        return
    # libphonenumber reads only the text around each run of digits (the rest cannot hold a
    # number), in windows wide enough for a prefix, brackets and the words beside it.
    windows: list[list[int]] = []
    for start, end in runs:
        lo, hi = max(0, start - 24), min(len(text), end + 24)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        part = text[lo:hi]
        for found in phonenumbers.PhoneNumberMatcher(
            part, "GB", leniency=phonenumbers.Leniency.VALID
        ):
            yield Hit(lo + found.start, lo + found.end, "phone", "looks like a phone number")
    for m in _DRAMA.finditer(text):
        yield Hit(m.start(), m.end(), "phone", "looks like a phone number")
    for m in _UK_SHAPE.finditer(text):
        raw = m.group()
        d = _digits(raw)
        national = d[2:] if raw.startswith("+44") else d[1:]
        if raw.startswith("+44") and national.startswith("0"):
            national = national[1:]
        if not 9 <= len(national) <= 10:
            continue
        try:
            num = phonenumbers.parse("+44" + national)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(num):
            yield Hit(m.start(), m.end(), "phone", "looks like a phone number")
    for m in _INTL_SHAPE.finditer(text):
        raw = m.group().rstrip(".-) ")
        d = _digits(raw)
        if not (10 if raw.startswith("00") else 8) <= len(d) <= 15:
            continue
        try:
            num = phonenumbers.parse("+" + (d[2:] if raw.startswith("00") else d))
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(num):
            yield Hit(m.start(), m.start() + len(raw), "phone", "looks like a phone number")


# --------------------------------------------------------------------------------------
# E-mail and URLs
# --------------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
# Bare domains only for endings that are not English words: "left.it was" is a typo, not a link.
_TLDS = (
    r"(?:co\.uk|org\.uk|ac\.uk|nhs\.uk|gov\.uk|net\.uk|me\.uk|ltd\.uk|plc\.uk|sch\.uk|scot"
    r"|com|org|net|edu|gov|uk|ie|eu|biz)"
)
_URL = re.compile(
    r"(?:\bhttps?://|\bwww\.)[^\s<>\"'()\[\]{}]+"
    r"|(?<![\w@.])(?<!\w-)(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+"
    + _TLDS
    + r"(?![\w]|-\w)(?:/[^\s<>\"'()\[\]{}]*)?",
    re.IGNORECASE,
)
_PATH_URL = re.compile(
    r"(?<![\w@./])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,12}/[A-Za-z0-9_\-]"
    r"[^\s<>\"'()\[\]{}]*",
    re.IGNORECASE,
)
_TRAIL = ".,;:!?'\")]}-*~|`"
# What every match of _URL holds ("://", "www." or a dot and an ending) and of _PATH_URL (a dot,
# an ending and a slash), as patterns that start with a literal the engine skips to: each is run
# only where its hint is found.
_WWW = re.compile(r"[wW][wW][wW]\.")
_TLD_AFTER_DOT = re.compile(r"\." + _TLDS + r"(?![\w]|-\w)", re.IGNORECASE)
_PATH_HINT = re.compile(r"\.[a-z]{2,12}/[a-z0-9_\-]", re.IGNORECASE)


def _url_hint(text: str) -> bool:
    return "://" in text or bool(_WWW.search(text) or _TLD_AFTER_DOT.search(text))


# Public bodies' own sites hold no page about a patient: a trainee citing the NHS's page on
# psychosis or "gov.uk said she was not eligible" identifies nobody. Their hosts exactly (a
# subdomain may be a register of people or companies), and not a page of a service (nhs.uk's
# /services/ names a GP practice or a hospital: a place).
_PUBLIC_SECTOR = (
    "nhs.uk", "gov.uk", "nhs.scot", "gov.scot", "gov.wales", "llyw.cymru", "hscni.net",
    "nhs.wales", "nice.org.uk", "who.int", "parliament.uk",
)  # fmt: skip
# Big public sites named bare ("plays on chess.com", "a leaflet on mind.org.uk") name nobody; a
# path on them can (a profile, a video, a fundraiser), and every other domain may be someone's.
_PUBLIC_SITES = frozenset(
    {
        "facebook.com", "instagram.com", "tiktok.com", "youtube.com", "twitter.com", "x.com",
        "snapchat.com", "reddit.com", "discord.com", "twitch.tv", "roblox.com", "chess.com",
        "amazon.co.uk", "amazon.com", "ebay.co.uk", "google.com", "bbc.co.uk", "netflix.com",
        "spotify.com", "wikipedia.org", "onlyfans.com", "gofundme.com", "justgiving.com",
        "mind.org.uk", "samaritans.org", "rethink.org", "youngminds.org.uk", "shelter.org.uk",
        "rcpsych.ac.uk", "bma.org.uk", "gmc-uk.org",
    }
)  # fmt: skip


def _public_link(link: str) -> bool:
    """Whether a found link is a public body's page or a big public site named bare."""
    rest = re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", link)
    host, _, path = rest.partition("/")
    host = host.lower()
    if host in _PUBLIC_SECTOR and not path.lower().startswith("services"):
        return True
    return host in _PUBLIC_SITES and not path.strip("/")


def find_contacts(text: str) -> Iterator[Hit]:
    """E-mail addresses and links (including bare domains such as example.co.uk), but public
    bodies' pages and big public sites named bare (``_public_link``)."""
    for m in _EMAIL.finditer(text):
        yield Hit(m.start(), m.end(), "email", "looks like an e-mail address")
    links = _URL.finditer(text) if _url_hint(text) else ()
    paths = _PATH_URL.finditer(text) if _PATH_HINT.search(text) else ()
    for m in (*links, *paths):
        s = m.group()
        trimmed = s.rstrip(_TRAIL)
        if not trimmed or "." not in trimmed or _public_link(trimmed):
            continue
        yield Hit(m.start(), m.start() + len(trimmed), "url", "looks like a web address")


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_ALT = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_ORD = r"(?:st|nd|rd|th)?"
_ORD_UNITS = str.split("first second third fourth fifth sixth seventh eighth ninth")
_ORD_TEENS = str.split(
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth"
    " nineteenth"
)
# "ninth", "twenty-first", "thirty first": the day of a date written in words.
ORDINAL_DAYS: dict[str, int] = {w: i for i, w in enumerate(_ORD_UNITS, 1)}
ORDINAL_DAYS |= {w: i for i, w in enumerate(_ORD_TEENS, 10)}
ORDINAL_DAYS |= {"twentieth": 20, "thirtieth": 30}
for _i, _u in enumerate(_ORD_UNITS, 1):
    for _sep in ("-", " ", ""):
        ORDINAL_DAYS[f"twenty{_sep}{_u}"] = 20 + _i
ORDINAL_DAYS |= {"thirty-first": 31, "thirty first": 31, "thirtyfirst": 31}
_DAY_WORD = "|".join(sorted((re.escape(k) for k in ORDINAL_DAYS), key=len, reverse=True))
_DAY = rf"(\d{{1,2}}{_ORD}|{_DAY_WORD})"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_YEAR_WORDS = (
    rf"(?:nineteen[- ](?:{_TENS}(?:[- ]{_UNIT})?|hundred|ten|eleven|twelve|thirteen|fourteen"
    rf"|fifteen|sixteen|seventeen|eighteen|nineteen|oh[- ]{_UNIT})"
    rf"|two[- ]thousand(?:[- ]and)?(?:[- ](?:{_UNIT}|ten|eleven|twelve|thirteen|fourteen|fifteen"
    rf"|sixteen|seventeen|eighteen|nineteen|{_TENS}(?:[- ]{_UNIT})?))?"
    rf"|twenty[- ](?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    rf"|nineteen|{_TENS}(?:[- ]{_UNIT})?))"
)
# What may not follow two digits (or two-digit words) read as a year: a unit or a count.
_NOT_YEAR_AFTER = (
    r"(?![\w:%]|[.,]\d|\s*(?:hours?|hrs?|h\b|mins?|minutes?|days?|weeks?|months?|years?|yrs?|mg"
    r"|mcg|ml|units?|patients?|people|times|percent|pts|beds?|miles|of\b|more\b|or\b|to\b))"
)
# A year said as its last two digits ("eighty-two", "fifty six", "oh-nine"), as people give dates
# of birth aloud; read as a year only right after a day and a month.
_SHORT_YEAR_WORDS = rf"(?:{_TENS}[- ]{_UNIT}|oh[- ]{_UNIT}){_NOT_YEAR_AFTER}"
_YEAR = rf"(\d{{4}}|'\d{{2}}|{_YEAR_WORDS}|{_SHORT_YEAR_WORDS})"
# After a month's name, two digits are a year too ("9 Jan 72", "09-JAN-24"), unless a unit or a
# count follows ("9 Jan 72 hours later").
_YEAR_TEXT = rf"(\d{{4}}|'\d{{2}}|\d{{2}}{_NOT_YEAR_AFTER}|{_YEAR_WORDS}|{_SHORT_YEAR_WORDS})"


def day_value(s: str) -> int:
    """The day of "9", "9th", "ninth" or "twenty-first"."""
    s = s.lower()
    digits = "".join(c for c in s if c.isdigit())
    return int(digits) if digits else ORDINAL_DAYS.get(" ".join(s.split()), 0)


_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_NUM_DATE = re.compile(
    r"(?<![\w/.])(?<!\d[\-:])(\d{1,2})([/\-.])(\d{1,2})\2(\d{4}|\d{2})(?![\w/]|[.:\-]\d)"
)
_ISO_DATE = re.compile(
    r"(?<![\w/.])(?<!\d[\-:])((?:19|20)\d{2})([/\-.])(\d{1,2})\2(\d{1,2})"
    r"(?:T\d{2}:\d{2}(?::\d{2})?(?![\d:])|(?![\w/]|[.:\-]\d))"  # "2022-01-03T22:00" too
)
_DMY_TEXT = re.compile(
    rf"(?<![\w]){_WEEKDAY}(?:the\s+)?{_DAY}(?:\s+of)?[\s\-]+({_MONTH_ALT})\.?,?[\s\-]+"
    rf"(?:in\s+)?{_YEAR_TEXT}(?![\w])",
    re.IGNORECASE,
)
_MDY_TEXT = re.compile(
    rf"(?<![\w]){_WEEKDAY}({_MONTH_ALT})\.?\s+(?:the\s+)?{_DAY},?\s+{_YEAR}(?![\w])",
    re.IGNORECASE,
)
# As clinical systems print them: "09JAN1972", "9Jan24".
_COMPACT_DATE = re.compile(
    rf"(?<![\w])(\d{{1,2}})({_MONTH_ALT})(\d{{4}}|\d{{2}})(?![\w])", re.IGNORECASE
)
# Partial dates (only blocked after a birth label; otherwise a WARN for dated events).
DAY_MONTH = re.compile(
    rf"(?<![\w]){_WEEKDAY}(?:the\s+)?(\d{{1,2}}{_ORD}|(?i:{_DAY_WORD}))(?:\s+of)?\s+({_MONTH_ALT})\b"
    rf"|(?<![\w]){_WEEKDAY}({_MONTH_ALT})\.?\s+(?:the\s+)?(\d{{1,2}}{_ORD}|(?i:{_DAY_WORD}))"
    r"(?![\w:/]|\.\d)"
)
MONTH_YEAR = re.compile(rf"(?<![\w])({_MONTH_ALT})\.?,?\s+((?:19|20)\d{{2}})(?!\d)")
_NUM_MONTH_YEAR = re.compile(r"(?<![\w/.\-])(\d{1,2})/((?:19|20)\d{2})(?![\w/])")
_DOB_CTX = re.compile(
    r"(?:\bDOB\b|\bD\.O\.B\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bbirthday\b|\bborn\b(?:\s+on|\s+in)?"
    r"|(?<![\w.])b\.(?=\s*\d))"
    r"\s*(?:(?:is|was|of|on|:|=|-)\s*){0,2}",
    re.IGNORECASE,
)


def _year_ok(y: str) -> int | None:
    if y[:1].isalpha():
        return 1950  # a year in words ("nineteen seventy-two"): any valid year will do
    y = y.lstrip("'")
    if len(y) == 2:
        return _year4(int(y))
    year = int(y)
    return year if 1880 <= year <= 2099 else None


def _numeric_date_ok(a: str, b: str, y: str) -> bool:
    year = _year_ok(y)
    if year is None:
        return False
    x, z = int(a), int(b)
    return _valid_date(x, z, year) or _valid_date(z, x, year)  # day-first, or US order


# Words after which 5.9.23 is a date, not a version number.
_DATE_CUE = re.compile(
    r"\b(?:on|seen|admitted|discharged|dated?|from|until|till|since|by|reviewed|attended|"
    r"died|d/c|dc|adm|w/e|w/c)\s*:?\s*$",
    re.IGNORECASE,
)


# Words after which 4.3.12 is a section, a version or a guideline, not a date.
_NOT_DATE_CUE = re.compile(
    r"\b(?:section|sections|s|para|paragraph|paras|chapter|ch|version|ver|v|rule|clause|step|item"
    r"|standard|guideline|guidance|nice|regulation|reg|article|art|appendix|table|figure|fig|page"
    r"|pp?|code|ICD|DSM|score|scores|scored|ratio|build|release|update|grade)\.?\s*:?\s*$",
    re.IGNORECASE,
)


# A month's name anywhere (dates written with one are looked for only then).
HAS_MONTH = re.compile(rf"\b{_MONTH_ALT}\b", re.IGNORECASE)


def month_names(text: str) -> list[re.Match[str]]:
    """Every month's name in ``text`` (found once per scan: three detectors ask)."""
    return list(once(text, _month_names))


def _month_names(text: str) -> tuple[re.Match[str], ...]:
    return tuple(HAS_MONTH.finditer(text))


_BIRTH_HINT = re.compile(r"dob|d\.o\.b|birth|born|(?<![\w.])b\.", re.IGNORECASE)


# Months in Roman numerals, as old registers and some clinicians write them: "7.viii.1925".
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12}  # fmt: skip
_ROMAN_DATE = re.compile(
    r"(?<![\w.])(\d{1,2})([./ \-])(i{1,3}|iv|vi{0,3}|ix|xi{0,2})\2(\d{4}|\d{2})(?![\w]|[.:]\d)",
    re.IGNORECASE,
)
# Days that fall on one date every year: with a year, a full date ("Christmas Eve 1932").
_FIXED_DAY = re.compile(
    r"(?<![\w])(?:Christmas[ \u00a0](?:Day|Eve)|Boxing[ \u00a0]Day|New[ \u00a0]Year['\u2019]?s[ \u00a0](?:Day|Eve)"
    r"|Hogmanay|Hallowe['\u2019]?en|Bonfire[ \u00a0]Night|Guy[ \u00a0]Fawkes[ \u00a0]Night|Burns[ \u00a0]Night"
    r"|Valentine['\u2019]?s[ \u00a0]Day|Armistice[ \u00a0]Day|St\.?[ \u00a0][A-Z][a-z]+['\u2019]?s[ \u00a0]Day"
    r"|Twelfth[ \u00a0]Night|Midsummer['\u2019]?s?[ \u00a0](?:Day|Eve))[ \u00a0]*,?[ \u00a0]+(?:(?:in|of)[ \u00a0]+)?"
    r"(?:19|20)\d{2}(?!\d)"
)
# The same in lower case, as typed in a hurry ("christmas eve 2019", "boxing day 2022").
_FIXED_DAY_LOWER = re.compile(
    r"(?<![\w])(?:christmas[ \u00a0](?:day|eve)|boxing[ \u00a0]day|new[ \u00a0]year['\u2019]?s[ \u00a0](?:day|eve)"
    r"|hogmanay|hallowe['\u2019]?en|bonfire[ \u00a0]night|valentine['\u2019]?s[ \u00a0]day)"
    r"[ \u00a0]*,?[ \u00a0]+(?:(?:in|of)[ \u00a0]+)?(?:19|20)\d{2}(?!\d)"
)
_FIXED_HINT = re.compile(
    r"(?i:day|eve|night|hogmanay|hallowe['\u2019]?en)[ \u00a0,]+(?:in |of )?(?:19|20)\d\d"
)
_ROMAN_HINT = re.compile(r"\d[./ \-][ivxIVX]")


def iter_full_dates(text: str, dotted_short: bool = False) -> Iterator[tuple[int, int]]:
    """Spans of complete dates (day, month and year) in any of the common written forms.

    ``dotted_short`` also accepts 3.4.87 (normally skipped: it reads like a version number).
    """
    for m in _ROMAN_DATE.finditer(text) if _ROMAN_HINT.search(text) else ():
        if len(m.group(4)) == 2 and not dotted_short:
            continue  # "3.iv.12" reads like a section, unless a birth label comes before
        year = _year_ok(m.group(4))
        if year and _valid_date(int(m.group(1)), _ROMAN[m.group(3).lower()], year):
            yield m.start(), m.end()
    if _FIXED_HINT.search(text):
        for m in _FIXED_DAY.finditer(text):
            yield m.start(), m.end()
        for m in _FIXED_DAY_LOWER.finditer(text):
            yield m.start(), m.end()
    for m in _NUM_DATE.finditer(text):
        if (
            len(m.group(4)) == 2
            and m.group(2) == "."
            and not dotted_short
            and not _DATE_CUE.search(text, max(0, m.start() - 24), m.start())
            and not (
                len(m.group(1)) == len(m.group(3)) == 2
                and not _NOT_DATE_CUE.search(text, max(0, m.start() - 24), m.start())
            )
        ):
            continue  # 1.2.34 reads like a version number, unless a date word comes before;
            # 11.12.24 (two digits each) is a date unless a section or version is meant
        if _numeric_date_ok(m.group(1), m.group(3), m.group(4)):
            yield m.start(), m.end()
    for m in _ISO_DATE.finditer(text):
        if _valid_date(int(m.group(4)), int(m.group(3)), int(m.group(1))):
            yield m.start(), m.end()
    if _COMPACT_HINT.search(text):
        yield from _compact_dates(text)
    months = month_names(text)
    if not months:
        return
    for m in near_months(_DMY_TEXT, text, months):
        year = _year_ok(m.group(3))
        if year and _valid_date(day_value(m.group(1)), MONTHS[m.group(2).lower()], year):
            yield m.start(), m.end()
    for m in near_months(_MDY_TEXT, text, months):
        year = _year_ok(m.group(3))
        if year and _valid_date(day_value(m.group(2)), MONTHS[m.group(1).lower()], year):
            yield m.start(), m.end()


_COMPACT_HINT = re.compile(r"\d(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


def _compact_dates(text: str) -> Iterator[tuple[int, int]]:
    for m in _COMPACT_DATE.finditer(text):
        year = _year_ok(m.group(3))
        if year and _valid_date(int(m.group(1)), MONTHS[m.group(2).lower()], year):
            yield m.start(), m.end()


def near_months(
    rx: re.Pattern[str], text: str, months: list[re.Match[str]] | None = None
) -> Iterator[re.Match[str]]:
    """The matches of ``rx`` (a date written with a month's name) that hold one of the month
    names in ``text``: ``rx`` is tried only in a window around each month name, not at every
    character (the patterns start with long alternatives of weekdays and ordinal words)."""
    seen: set[tuple[int, int]] = set()
    for mo in months if months is not None else HAS_MONTH.finditer(text):
        lo, hi = max(0, mo.start() - 50), min(len(text), mo.end() + 60)
        for m in rx.finditer(text, lo, hi):
            if m.start() <= mo.start() and mo.end() <= m.end() and m.span() not in seen:
                seen.add(m.span())
                yield m


def _partial_dates(text: str) -> Iterator[tuple[int, int]]:
    months = month_names(text)
    if not months:
        yield from _numeric_month_years(text)
        return
    for m in near_months(DAY_MONTH, text, months):
        day = day_value(m.group(1) or m.group(4))
        month = MONTHS[(m.group(2) or m.group(3)).lower()]
        if _valid_date(day, month, 2000):
            yield m.start(), m.end()
    for m in near_months(MONTH_YEAR, text, months):
        yield m.start(), m.end()
    yield from _numeric_month_years(text)


def _numeric_month_years(text: str) -> Iterator[tuple[int, int]]:
    for m in _NUM_MONTH_YEAR.finditer(text):
        if 1 <= int(m.group(1)) <= 12:
            yield m.start(), m.end()


_DIGITS_DATE = re.compile(
    r"(\d{2})(\d{2})(\d{4}|\d{2})(?!\d)|(\d{1,2})[ ](\d{1,2})[ ](\d{4}|\d{2})(?![\d:.])"
)


def _compact_births(text: str, at: int) -> list[tuple[int, int]]:
    """A date of birth written as bare digits right after its label: "DOB 03041987", "030487",
    or with spaces for separators: "d o b 25 04 08"."""
    m = _DIGITS_DATE.match(text, at)
    if not m or (at and text[at - 1].isdigit()):
        return []
    d, mo, y = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
    year = _year_ok(y)
    if year and _valid_date(int(d), int(mo), year):
        return [(m.start(), m.end())]
    return []


def find_dates(text: str) -> Iterator[Hit]:
    """Full dates (BLOCK) and dates of birth (any date, even partial, after a birth label)."""
    full = sorted(set(iter_full_dates(text)))
    dob_spans: list[tuple[int, int]] = []
    births = list(_DOB_CTX.finditer(text)) if _BIRTH_HINT.search(text) else []
    loose = sorted(set(iter_full_dates(text, dotted_short=True))) if births else []
    partial = sorted(set(_partial_dates(text))) if births else []
    for ctx in births:
        after = ctx.end()
        for s, e in loose + partial + _compact_births(text, after):
            if after <= s <= after + 4:
                dob_spans.append((s, e))
                break
    for s, e in dob_spans:
        yield Hit(s, e, "date_of_birth", "looks like a date of birth")
    for s, e in full:
        if not any(s < de and ds < e for ds, de in dob_spans):
            yield Hit(s, e, "full_date", "is a full date")


# --------------------------------------------------------------------------------------
# Street addresses ("14 Rosebery Avenue", "3b Canal Street", "Flat 2, 61 Harrow Road")
# --------------------------------------------------------------------------------------

_STREET = (
    r"(?:Road|Rd|Street|Avenue|Ave|Lane|Close|Drive|Grove|Terrace|Crescent|Way|Gardens|Court"
    r"|Hill|Place|Square|Walk|Row|Mews|Park|Rise|View|Parade|Green|Vale|Mount|Gate|Wharf|Quay"
    r"|Yard|Fold|Brow|Chase|Croft|Grange|Meadows?|Boulevard|Circus|Embankment|Wynd|Broadway"
    r"|Promenade|Esplanade|Passage|Approach|Heights|Drove|Hollow|Cottages|Villas|Buildings|Brae"
    r"|Loan|Gait|Wynd|St\.?(?![ \u00a0]+[A-Z])|Rd\.?|Ln|Cres|Tce|Gdns|Sq|Ct|Cl|Ave\.?|Dr\.?(?![ \u00a0]+[A-Z]))"
)
# Welsh streets put the street word first ("3 Stryd Fawr", "on Heol y Nant", "14 Ffordd Penrhos").
_WELSH_STREET = (
    r"(?:Heol|Stryd|Ffordd|L[oô]n|Rhodfa|Cilgant|Teras|Clos|Maes|Llwyn|Cae|Parc|Bryn|Penrhiw|Ffos)"
    r"(?:[ \u00a0]+(?:y|yr|'r))?[ \u00a0]+[A-ZÀ-Þ][a-zß-ÿŵŷ]+(?:[ \u00a0]+[A-ZÀ-Þ][a-zß-ÿŵŷ]+)?"
)
_BUILDING = r"(?:Court|House|Towers?|Building|Buildings|Mansions|Lodge|Point|Heights|Apartments)"
_ADDR_WORD = r"(?:St\.?|[A-ZÀ-Þ][a-zß-ÿŵŷ]+(?:['\u2019]s|(?:-(?:[a-z]{1,3}-)?[A-Z][a-zß-ÿŵŷ]+)+)?)"
_FLAT = (
    r"(?:Flat|Apartment|Apt\.?|Unit|Room)[ \u00a0]*\d{1,4}[A-Za-z]?,?[ \u00a0]+"
    r"(?:(?:Block|Blk|Floor|Stair|Tower)[ \u00a0]+[A-Z0-9]{1,2},?[ \u00a0]+)?"  # "Flat 12, Block D,"
)
_ADDRESS = re.compile(
    rf"(?<![\w.])(?:{_FLAT})?(?:No\.?[ \u00a0]*)?\d{{1,4}}[A-Za-z]?,?[ \u00a0]+"
    rf"(?:{_ADDR_WORD}[ \u00a0]+){{1,3}}{_STREET}(?:[ \u00a0]+(?:North|South|East|West))?\b"
    rf"|(?<![\w])(?:Flat|Apartment|Apt\.?)[ \u00a0]*\d{{1,4}}[A-Za-z]?,?[ \u00a0]+"
    r"(?:(?:Block|Blk|Floor|Stair|Tower)[ \u00a0]+[A-Z0-9]{1,2},?[ \u00a0]+)?"
    rf"(?:{_ADDR_WORD}[ \u00a0]+){{1,3}}(?:{_STREET}|{_BUILDING})\b"
    rf"|(?<![\w.])(?:{_FLAT})?\d{{1,4}}[A-Za-z]?,?[ \u00a0]+{_WELSH_STREET}\b"
)
_ADDRESS_LOWER = re.compile(
    r"(?<![\w.])(?:no\.?[ \u00a0]?)?\d{1,4}[a-z]?[ \u00a0]+((?:[a-z]+(?:['\u2019]s)?[ \u00a0]+){1,2})"
    r"(?:road|street|avenue|lane|close|drive|grove|terrace|crescent|gardens|st|rd|ave)\b"
)
# Numbers that count something rather than a house ("Ward 3 Acute Lane" is unlikely, "a 10
# minute drive" is not); words that cannot name a street in lower case.
_NOT_HOUSE = re.compile(
    r"(?:\b(?:ward|bay|room|band|year|level|stage|type|grade|section|step|day|week|page|chapter"
    r"|table|figure|session|group|team|bed|cohort|about|over|under|every|around|aged?|than|only"
    r"|just|all|those|these)\s*$)",
    re.IGNORECASE,
)
_NOT_STREET_WORD = _words(
    """minute minutes min mins mile miles hour hours hr hrs second seconds day days week weeks
    month months year years km metre metres meter meters foot feet yard yards bus car train
    taxi the a an and or of on in to at by for from down up along more other long short few
    times nights night steps step doors door blocks block houses streets roads who which that
    still also just then she he they it we i you is was are were has have had will would can
    could not never ever only even now people patients men women kids children of them us staff
    nurses doctors friends pals lads girls boys who'd really usually often sometimes always
    rarely each both all many most some"""
)


# A house by its name, then its street: "Low Garth, Swindale Lane", "Ty Newydd, Heol y Capel",
# "The Old Manse, Kirk Brae". Counted when an address word comes before the house, or a town or
# a postcode after the street.
_HOUSE_STREET = re.compile(
    r"(?<![\w'\u2019])(?P<house>(?:The[ \u00a0]+)?(?:[A-ZÀ-Þ][a-zß-ÿŵŷ]+[ \u00a0]+){0,2}[A-ZÀ-Þ][a-zß-ÿŵŷ]+)"
    rf",[ \u00a0]+(?P<street>(?:{_ADDR_WORD}[ \u00a0]+){{1,3}}{_STREET}|{_WELSH_STREET})\b"
)
_ADDRESS_CUE = re.compile(
    r"\b(?:address|addr|lives?|living|lived|moved|moving|from|at|to|warrant|stays?|staying|home"
    r"|house|farm|cottage)\b[^.;:!?]{0,12}$",
    re.IGNORECASE,
)
_TOWN_AFTER = re.compile(r",?[ \u00a0]+(?:[A-Z][a-z]+|[A-Z]{1,2}\d)")
# A Welsh street (its street word first) followed by its town: "Heol y Capel, Knighton".
_WELSH_TOWN = re.compile(rf"(?<![\w'\u2019])(?P<street>{_WELSH_STREET}),[ \u00a0]+[A-Z]")


# A house number before a word: what every numbered address has.
_NUMBER_WORD = re.compile(r"\d[A-Za-z]?,?[ \u00a0]+[A-Za-zÀ-ÿ]")


# After a word that gives an address ("address:", "home address,", "lives at"), a house number
# and capitalised words are an address whatever the street is called ("22 Hill Top", "7 Lower
# Bayble", "Flat 11, Castle Foregate"), and a house's name ending in a house word is one too
# ("Address: Plas Newydd Farm, ...").
_CUED_ADDRESS = re.compile(
    r"\b(?i:(?:home[ \u00a0]+)?address(?:[ \u00a0]+(?:is|was))?|(?:lives?|living|lived|stays?"
    r"|staying|house|home|flat|bungalow|cottage|caravan|bedsit|back|squat(?:ting)?)[ \u00a0]+at)"
    r"[ \u00a0]*[:,\-]?[ \u00a0]*"
    r"(?P<a>(?:(?:Flat|Apartment|Apt\.?|Unit)[ \u00a0]*\d{1,4}[A-Za-z]?,?[ \u00a0]+)?"
    r"(?:(?i:no\.?|number)[ \u00a0]*)?(?:\d{1,4}[A-Za-z]?,?[ \u00a0]+)?"
    r"(?:[A-Z][a-z]+[ \u00a0]+){0,2}[A-Z][a-z]+)"
)
_HOUSE_WORD = _words(
    """farm farmhouse cottage cottages house lodge barn hall villa manor mill croft bungalow grange
    steading bothy manse rectory vicarage chambers court mansions"""
)


def _cues(low: str, word: str) -> Iterator[int]:
    at = low.find(word)
    while at >= 0:
        yield at
        at = low.find(word, at + 1)


def _cued_addresses(text: str) -> Iterator[Hit]:
    """_CUED_ADDRESS, tried only around "address" and " at " (not at every character)."""
    low = text.lower()
    seen: set[int] = set()
    for at in sorted({*_cues(low, "address"), *_cues(low, " at ")}):
        for m in _CUED_ADDRESS.finditer(text, max(0, at - 10), at + 100):
            if m.start("a") not in seen:
                seen.add(m.start("a"))
                yield from _cued_address(m)


def _cued_address(m: re.Match[str]) -> Iterator[Hit]:
    a = m.group("a")
    words = a.replace(",", " ").split()
    numbered = any(w[0].isdigit() for w in words)
    if numbered and any(w.lower() in _NOT_AFTER_HOUSE_NUMBER for w in words):
        return  # "home at 9 Monday night", "back at 3 Ward 4"
    named = len(words) >= 2 and (words[-1].lower() in _HOUSE_WORD or _STREET_END.match(words[-1]))
    if not (numbered or named) or " ".join(a.lower().split()) in _FAMOUS_ADDRESSES:
        return
    if numbered and not words[-1][0].isupper():
        return
    yield Hit(m.start("a"), m.end("a"), "address", "follows an address")


_NOT_AFTER_HOUSE_NUMBER = _words(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
    sat sun january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec ward bed bay am pm"""
)
# A house number with no street after a word that puts someone in a home: "lives at 14b", "she's
# back at no.6", "staying at number 27", "lives at flat 4". The number must read as a house's (a
# letter after it, "no." or "number" or "flat" before it, or a verb of living before "at").
_HOUSE_NUMBER_ONLY = re.compile(
    r"\b(?i:(?P<v>lives?|living|lived|stays?|staying|moved|housed)|back|home|s|now|still)[ \u00a0]+"
    r"(?i:(?:back|now|still|round|over|up|down|in)[ \u00a0]+)?(?i:at)[ \u00a0]+"
    r"(?P<a>(?P<p>(?i:no\.?|number|num|flat|apt\.?|apartment)[ \u00a0]*)?\d{1,4}(?P<l>[A-Za-z])?)"
    r"(?![\w:.,]\d|[\w'\u2019%]|[ \u00a0,]*[A-Z]|[ \u00a0]*(?i:am|pm|o['\u2019]?clock|hours?|hrs?|mins?|minutes?|weeks?"
    r"|days?|months?|years?|yrs?|%|percent|on[ \u00a0]+(?:the|a)[ \u00a0]+(?:waiting[ \u00a0]+)?list"
    r"|in[ \u00a0]+(?:the[ \u00a0]+)?(?:queue|list|charts?|line|league|table|rankings?)|for|mg|kg"
    r"|miles?|mph|sharp|tonight|this|last|next|or)\b)"
)
# A farm or cottage by its name and then its place: "Trewint Farm, Lelant Downs", "Hill Top
# Farm, Kirkby", "Rose Cottage, Ashby": a home's name with its village is its address.
_NAMED_HOME = re.compile(
    r"(?<![\w'\u2019])(?P<a>(?:[A-Z][a-z]+[ \u00a0]+){1,3}(?:Farm|Farmhouse|Cottage|Cottages|Barn"
    r"|Bungalow|Croft|Steading|Bothy|Smallholding)),[ \u00a0]+(?:[A-Z][a-z]+[ \u00a0]+)?[A-Z][a-z]+\b"
)


_NAMED_HOME_HINT = re.compile(
    r"(?:Farm|Farmhouse|Cottages?|Barn|Bungalow|Croft|Steading|Bothy|Smallholding), "
)


def _house_numbers(text: str) -> Iterator[Hit]:
    low = text.lower()
    if " at " not in low:
        return
    for m in _HOUSE_NUMBER_ONLY.finditer(text):
        if m.group("p") or m.group("l") or m.group("v"):
            yield Hit(m.start("a"), m.end("a"), "address", "gives a house number")


def find_addresses(text: str) -> Iterator[Hit]:
    """Street addresses: a house number, a street name and a street word (any case)."""
    yield from _house_streets(text)
    yield from _cued_addresses(text)
    yield from _house_numbers(text)
    if "Farm, " in text or "Cottage, " in text or ", " in text and _NAMED_HOME_HINT.search(text):
        for m in _NAMED_HOME.finditer(text):
            if m.group("a").split()[0].lower() not in _NOT_STREET_FIRST:
                yield Hit(m.start(), m.end(), "address", "names a home and its place")
    if _NUMBER_WORD.search(text):
        yield from _numbered_addresses(text)


def _house_streets(text: str) -> Iterator[Hit]:
    if "," in text:
        for m in _HOUSE_STREET.finditer(text):
            if _famous(m.group("street")) or key_first(m.group("street")) in _NOT_STREET_FIRST:
                continue
            cue = _ADDRESS_CUE.search(text, max(0, m.start() - 40), m.start())
            if cue or _TOWN_AFTER.match(text, m.end()) and text[m.end()] == ",":
                yield Hit(m.start(), m.end(), "address", "names a house and its street")
        if _WELSH_HINT.search(text):
            for m in _WELSH_TOWN.finditer(text):
                yield Hit(m.start("street"), m.end("street"), "address", "names a street")


# A house number before a capital: the addresses of _ADDRESS are looked for only around these.
_NUMBER_CAP = re.compile(r"(?<![\w.])\d{1,4}[A-Za-z]?,?[ \u00a0]+[A-ZÀ-Þ]")


def _numbered_addresses(text: str) -> Iterator[Hit]:
    seen = -1
    for n in _NUMBER_CAP.finditer(text):
        if n.start() < seen:
            continue
        lo = max(0, n.start() - 24)
        m = _ADDRESS.search(text, lo, min(len(text), n.end() + 120))
        while m and m.end() <= n.start():
            m = _ADDRESS.search(text, m.end(), min(len(text), n.end() + 120))
        if not m or m.start() > n.start():
            continue
        seen = m.end()
        if _NOT_HOUSE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if " ".join(m.group().lower().split()) in _FAMOUS_ADDRESSES:
            continue  # "10 Downing Street", "221B Baker Street"
        yield Hit(m.start(), m.end(), "address", "looks like a street address")
    for m in _ADDRESS_LOWER.finditer(text):
        words = [_strip_s(w) for w in m.group(1).split()]
        if any(w in _NOT_STREET_WORD for w in words):
            continue
        if _NOT_HOUSE.search(text, max(0, m.start() - 12), m.start()):
            continue
        yield Hit(m.start(), m.end(), "address", "looks like a street address")


# A street named without a house number ("lives on Moss Lane", "moved to Wellington Terrace", "a
# bedsit on Station Road"): a capitalised name and a street word that is rarely anything else,
# after a word that puts someone there. Streets known for something else are left alone.
_STREET_ONLY = (
    r"(?:Road|Rd|Street|Lane|Avenue|Ave|Close|Crescent|Drive|Terrace|Grove|Gardens|Mews|Parade"
    r"|Boulevard|Cottages|Villas|Way|Walk|Row|Place|Square|Rise|Court|Wynd|Brae"
    r"|St\.?(?=[ \u00a0]*(?:[,;:)!?\n]|$)|[ \u00a0]+[a-z]|\.[ \u00a0]))"
)
_STREET_END = re.compile(rf"{_STREET_ONLY}$")
_WELSH_HINT = re.compile(r"Heol|Stryd|Ffordd|L[oô]n|Rhodfa|Cilgant|Teras|Clos")
_WELSH_NAMED = re.compile(
    r"(?<![\w'])(?:[Oo]n|[Oo]ff|[Ii]n|[Aa]t|[Aa]long|[Dd]own|[Uu]p|[Nn]ear|[Tt]o|[Ff]rom|[Ii]nto|[Bb]y)"
    r"[ \u00a0]+(?P<street>(?:Heol|Stryd|Ffordd|L[oô]n|Rhodfa|Cilgant|Teras|Clos)"
    r"(?:[ \u00a0]+(?:y|yr|'r))?[ \u00a0]+[A-ZÀ-Þ][a-zß-ÿŵŷ]+(?:[ \u00a0]+[A-ZÀ-Þ][a-zß-ÿŵŷ]+)?)"
)
_STREET_NAMED = re.compile(
    r"(?<![\w'])(?P<cue>(?:[Oo]n|[Oo]ff|[Ii]n|[Aa]t|[Aa]long|[Dd]own|[Uu]p|[Nn]ear|[Tt]o|[Ff]rom|[Oo]nto"
    r"|[Ii]nto|[Rr]ound|[Pp]ast|[Oo]pposite|[Bb]ehind|[Bb]y|(?:end|top|bottom|corner|side|middle)"
    r"[ \u00a0]+of|(?:[Hh]er|[Hh]is|[Tt]heir|[Mm]y|[Oo]ur)[ \u00a0]+(?:road|street),)"
    r"[ \u00a0]+(?:the[ \u00a0]+)?)"
    rf"(?P<street>(?:{_ADDR_WORD}[ \u00a0]+){{1,3}}{_STREET_ONLY})\b(?![ \u00a0]+(?:{_STREET_ONLY}|"
    r"Hospital|Surgery|Practice|Clinic|Centre|Center|Medical|Health|Station|School|Academy|College"
    r"|Unit|Ward|House|Prison|Police|Stadium|Baptist|Methodist|Mosque|Church|Masjid|Gurdwara"
    r"|Synagogue|Temple|Chapel|Library|Pool|Leisure|Community|Day|Family|Resource|Mental)\b"
    r"|[ \u00a0]+(?:surgery|practice|clinic|health[ \u00a0]cent(?:re|er)|medical|primary|school"
    r"|library|pool|mosque|church|depot|office|centre|garage|site|yard|estate)\b)"
)
_STREET_ENDS = r"(?:road|street|lane|avenue|close|crescent|drive|terrace|grove|gardens|mews)"
_STREET_LIVES = re.compile(
    r"\b(?:lives?|living|lived|moved|moving|flat|house|home|bedsit|digs|address|stays|staying"
    r"|grew[ \u00a0]+up)[ \u00a0]+(?:\w+[ \u00a0]+)?(?:on|off|in|at|to)[ \u00a0]+"
    rf"(?P<street>(?:[a-z]+[ \u00a0]+){{1,2}}{_STREET_ENDS})\b"
)
# The words _STREET_LIVES ends on (it is run only where one stands: once.may_hold_word).
_STREET_LIVES_WORDS = first_words(_STREET_ENDS)
# Streets known for something other than where a patient lives (a TV soap, a seat of government,
# a song, a private-practice street, a hospital's name).
_FAMOUS_STREETS = frozenset(
    s.lower()
    for s in (
        "Harley Street",
        "Downing Street",
        "Wall Street",
        "Coronation Street",
        "Sesame Street",
        "Abbey Road",
        "Penny Lane",
        "Memory Lane",
        "Baker Street",
        "Fleet Street",
        "Oxford Street",
        "Regent Street",
        "Bond Street",
        "Carnaby Street",
        "Park Lane",
        "Drury Lane",
        "Kings Road",
        "King's Road",
        "Portobello Road",
        "Savile Row",
        "Electric Avenue",
        "Acacia Avenue",
        "Sunset Boulevard",
        "Elm Street",
        "Easy Street",
        "Civvy Street",
        "Queer Street",
        "Great Ormond Street",
        "Ormond Street",
        "Shaftesbury Avenue",
        "Threadneedle Street",
        "Grub Street",
        "Skid Row",
        "Albert Square",
        "Ramsay Street",
        "Brookside Close",
        "Trafalgar Square",
        "Leicester Square",
        "Parliament Square",
        "Sloane Square",
        "Russell Square",
        "Tavistock Square",
        "Denmark Hill",
        "Milky Way",
        "Death Row",
        "Lovers Lane",
        "Lovers' Lane",
        "Sauchiehall Street",
        "Princes Street",
        "Royal Mile",
        "Lime Street",
        "Mathew Street",
        "Deansgate",
        "Canal Street",
        "Brick Lane",
        "Tobacco Road",
        "Bourbon Street",
        "Madison Avenue",
        "Fifth Avenue",
        "Hollywood Boulevard",
        "Scotland Yard",
        "Tin Pan Alley",
        "Crown Court",
        "Old Street",
        "Holloway Road",
    )
)


# Addresses known from the news and from fiction, with their house numbers: on any other number
# a famous street is a real address ("3b Canal Street").
_FAMOUS_ADDRESSES = frozenset(
    {
        "10 downing street",
        "11 downing street",
        "221b baker street",
        "221 baker street",
        "742 evergreen terrace",
        "4 privet drive",
        "12 grimmauld place",
        "1600 pennsylvania avenue",
        "62 west wallaby street",
        "23 railway cuttings",
        "165 eaton place",
        "10 rillington place",
    }
)


def _famous(street: str) -> bool:
    s = " ".join(street.replace("\u00a0", " ").split()).lower()
    return s in _FAMOUS_STREETS or any(s.endswith(" " + f) for f in _FAMOUS_STREETS)


def find_streets(text: str) -> Iterator[Hit]:
    """A street named without a house number, where the sentence puts someone on it."""
    if _WELSH_HINT.search(text):
        for m in _WELSH_NAMED.finditer(text):
            yield Hit(m.start("street"), m.end("street"), "address", "names a street")
    for m in _STREET_NAMED.finditer(text):
        street = m.group("street")
        words = street.split()
        first = words[0].lower()
        if _famous(street) or (
            first in _NOT_STREET_FIRST
            and (first not in _NOT_COURT_FIRST or words[-1].lower() in ("court", "row", "walk"))
        ):
            continue  # "County Court", "Death Row"; "County Rd" is a street
        yield Hit(m.start("street"), m.end("street"), "address", "names a street")
    if " on " in text or " off " in text or " up " in text:
        for m in _HOME_ON_STREET.finditer(text):
            if m.group("street").split()[0].lower() not in _NOT_STREET_FIRST:
                yield Hit(m.start("street"), m.end("street"), "address", "names a street")
    for m in _STREET_LIVES.finditer(text) if may_hold_word(text, _STREET_LIVES_WORDS) else ():
        words = [_strip_s(w) for w in m.group("street").split()[:-1]]
        if any(w in _NOT_STREET_WORD for w in words) or _famous(m.group("street")):
            continue
        yield Hit(m.start("street"), m.end("street"), "address", "names a street")


# Words before "Court", "Row" or "Walk" that name no street ("County Court", "Death Row") but
# do before another street word ("County Rd", "Crown Street").
_NOT_COURT_FIRST = _words(
    "crown magistrates county family supreme youth coroners coroner's appeal royal tennis squash"
    " food basketball death"
)
# A home on a street named with a word that is also a landscape's ("the end cottage on Quay
# Hill", "a flat off Mill Brow", "lives on Castle Bank"): after a word for a home, it is a street.
_HOME_ON_STREET = re.compile(
    r"\b(?i:cottage|house|flat|bungalow|bedsit|caravan|maisonette|terrace|semi|home|lives|living"
    r"|lived|staying|stays)[ \u00a0]+(?:on|off|up)[ \u00a0]+(?:the[ \u00a0]+)?"
    rf"(?P<street>(?:{_ADDR_WORD}[ \u00a0]+){{1,2}}(?:Hill|Brow|Bank|Side|Quay|Wharf|Green|Row|Gate"
    r"|Wynd|Vale|View|Rise|Mount|Parade|Hollow|Fold|Croft|Chase|Approach|Broadway))\b"
)
# Capitalised words that start a phrase ending in a street word without naming a street: "in
# Crown Court", "at Magistrates Court", "on Death Row", "in Year Court".
_NOT_STREET_FIRST = _words(
    """crown magistrates county family high supreme youth coroners coroner's appeal royal tennis
    squash food basketball the a an this that my his her our their your its every each no one
    some any death primary secondary top"""
)


# E-mail addresses and domains spelt out: "kerrybxo at gmail dot com", "jo [at] example [dot] org".
# Every run is bounded as an address's parts are (64, 63): unbounded, a long run of dashes or
# percent signs was tried from each of its characters to its end (4,000 took most of a second).
_SPELT_EMAIL = re.compile(
    r"(?<![\w.])[A-Za-z0-9._%+\-]{1,64}[ \u00a0]*(?:\(at\)|\[at\]|\{at\}|[ \u00a0]at[ \u00a0])[ \u00a0]*"
    r"[A-Za-z0-9\-]{1,63}(?:[ \u00a0]*(?:\.|\(dot\)|\[dot\]|[ \u00a0]dot[ \u00a0])[ \u00a0]*[A-Za-z0-9\-]{1,63}){0,6}"
    r"[ \u00a0]*(?:\.|\(dot\)|\[dot\]|[ \u00a0]dot[ \u00a0])[ \u00a0]*"
    r"(?:com|co(?:[ \u00a0]*(?:\.|dot)[ \u00a0]*uk)|org|net|uk|ie|me|io|pl|ro|lt|lv|de|fr|es|it|nl"
    r"|pt|ng|gh|pk|in|bd|za|au|ca|us|eu|info|biz|tr|gr|hu|cz|sk|bg|al|ua|ru|ke|zw|so|er|et)\b",
    re.IGNORECASE,
)
_SPELT_DOMAIN = re.compile(
    r"(?<![\w.])[A-Za-z0-9\-]{2,63}[ \u00a0]+dot[ \u00a0]+(?:com|co[ \u00a0]+dot[ \u00a0]+uk|org|net)\b",
    re.IGNORECASE,
)


# "jobloggs at hotmail": a user name, "at" and a mail provider, the ending left out.
_AT_PROVIDER = re.compile(
    r"(?<![\w.@])(?P<u>[A-Za-z0-9][A-Za-z0-9._\-]{2,40})[ \u00a0]+(?:at|@)[ \u00a0]+(?i:gmail|hotmail"
    r"|yahoo|outlook|icloud|btinternet|aol|protonmail|proton|ymail|googlemail|live\.co|sky\.com"
    r"|virginmedia|talktalk|nhs\.net|me\.com|mail\.com)\b"
)


_PROVIDER_WORDS = (
    "mail", "yahoo", "outlook", "icloud", "aol", "proton", "sky.com", "virginmedia", "talktalk",
    "nhs.net", "me.com", "live.co", "btinternet",
)  # fmt: skip


def _provider_emails(text: str) -> Iterator[Hit]:
    from bot.domain.deidentify.given import english_words  # noqa: PLC0415

    for m in _AT_PROVIDER.finditer(text):
        u = m.group("u")
        if u.isalpha() and u.lower() in english_words():
            continue  # "she was at hotmail for years", "logged in at gmail"
        yield Hit(m.start(), m.end(), "email", "looks like an e-mail address spelt out")


def find_spelt_contacts(text: str) -> Iterator[Hit]:
    """E-mail addresses and web addresses spelt out to get past a filter."""
    low = text.lower()
    if any(p in low for p in _PROVIDER_WORDS):
        yield from _provider_emails(text)
    for m in _SPELT_EMAIL.finditer(text):
        if not re.search(r"\d|\(at\)|\[at\]|\{at\}|dot", m.group(), re.IGNORECASE):
            continue  # "looked at him. com" is not an address
        yield Hit(m.start(), m.end(), "email", "looks like an e-mail address spelt out")
    for m in _SPELT_DOMAIN.finditer(text):
        yield Hit(m.start(), m.end(), "url", "looks like a web address spelt out")


def key_first(street: str) -> str:
    """The first word of a street's name, lower case."""
    return street.split()[0].lower()


def _strip_s(w: str) -> str:
    return w[:-2] if w.endswith(("'s", "\u2019s")) else w


# --------------------------------------------------------------------------------------
# Passport, visa and immigration numbers (by the label in front of them)
# --------------------------------------------------------------------------------------

# Passports and identity cards in the languages of patients' own papers (Polish "paszport",
# Romanian "pașaport", Spanish "pasaporte", French "passeport", German "Reisepass", Lithuanian
# "pasas", Romanian "buletin", Polish "dowód osobisty", Turkish "kimlik").
_FOREIGN_ID = (
    r"pa(?:s|ss|sz)e?a?port[eo]?|reisepass|paspoort|pasas|buletin|dow[oó]d(?:\s+osobisty)?"
    r"|kimlik(?:\s+kart[iı])?|c[eé]dula"
)
_PASSPORT = re.compile(
    rf"\b(?:passport|{_FOREIGN_ID}|visa|BRP|biometric\s+residence\s+(?:permit|card)"
    r"|residence\s+(?:permit|card)"
    r"|Home\s+Office\s+(?:ref(?:erence)?|number|no\b\.?)|HO\s+ref(?:erence)?|UAN|ARC(?:\s+card)?"
    r"|share\s+code|travel\s+document|asylum\s+(?:number|ref(?:erence)?|claim\s+number)|GWF"
    r"|port\s+ref(?:erence)?|immigration\s+(?:number|ref(?:erence)?)|travel\s+doc(?:ument)?s?\b\.?"
    r"|(?-i:RTD|CTD|IS96|ARC|NASS)|Convention\s+travel|ID\s+card|identity\s+card|national\s+ID)"
    r"(?:\s+(?:card|permit|ref(?:erence)?|number|no\b\.?|nr\b\.?|num\b\.?|id\b|is|was|of|reads"
    r"|:|#))*\s*[:=#,\-(]?\s*"
    r"([A-Za-z]{0,4}[ ]?\d[\dA-Za-z]*(?:[ /\-][\dA-Za-z]+){0,4})(?![\w])",
    re.IGNORECASE,
)
# A passport or visa named earlier in the sentence, then a code: up to three letters and six to
# nine digits, or eight to ten digits ("showed me her passport on the phone, number 801447362").
_PASSPORT_CUE = re.compile(
    rf"\b(?:passports?|{_FOREIGN_ID}|visas?|BRP|travel\s+doc(?:ument)?s?|residence\s+permit"
    r"|Home\s+Office"
    r"|asylum|immigration|ID\s+card|identity\s+card)\b",
    re.IGNORECASE,
)
_PASSPORT_CODE = re.compile(
    r"(?<![\w/.\-£$€])(?:[A-Z]{1,3}[ ]?\d{6,9}|\d{8,10})(?![\w/]|[.,]\d|[ ]?(?:pounds|quid|euros))"
)
_GWF = re.compile(r"(?<![\w])GWF\d{9}(?![\w])", re.IGNORECASE)


# Five digits, perhaps split by a space, slash, hyphen or a letter ("1234B5678"): what every
# passport number here has.
_FIVE_DIGITS = re.compile(r"\d(?:[ /\-A-Za-z]?\d){4}")


# Every passport label holds one of these (lower case): the labels are looked for only then.
_PASSPORT_WORDS = (
    "passport", "visa", "brp", "biometric", "residen", "office", "ho ref", "uan", "arc", "share",
    "travel", "asylum", "gwf", "port ref", "immigra", "rtd", "ctd", "is96", "nass", "convention",
    "id card", "identity", "national", "paszport", "pasaport", "pașaport", "passeport",
    "passaport", "pasport", "paspoort", "pasas", "reisepass", "buletin", "dowód", "dowod", "kimlik",
    "dula",
)  # fmt: skip


def find_passports(text: str) -> Iterator[Hit]:
    """Passport, visa, BRP and Home Office numbers: a label, then a code with five digits or more
    (spaces allowed: "5432 19876"), or a GWF visa reference on its own."""
    low = text.lower()
    if not _FIVE_DIGITS.search(text) or not any(w in low for w in _PASSPORT_WORDS):
        return
    for m in _PASSPORT.finditer(text):
        groups = re.split(r"([ /\-])", m.group(1))
        while len(groups) > 1 and not any(c.isdigit() for c in groups[-1]):
            del groups[-2:]  # "A07719364 was", "509873412 - he"
        ident = "".join(groups)
        if sum(c.isdigit() for c in ident) < 5:
            continue
        yield Hit(
            m.start(1), m.start(1) + len(ident), "passport", "follows a passport or visa label"
        )
    for m in _GWF.finditer(text):
        yield Hit(m.start(), m.end(), "passport", "looks like a visa reference")
    if _PASSPORT_CUE.search(text):
        for m in _PASSPORT_CODE.finditer(text):
            before = text[max(0, m.start() - 70) : m.start()]
            before = re.split(r"[.!?;\n]\s", before)[-1]  # the same sentence only
            if _PASSPORT_CUE.search(before):
                yield Hit(m.start(), m.end(), "passport", "is a number after a passport or visa")


# --------------------------------------------------------------------------------------
# Number plates
# --------------------------------------------------------------------------------------

# Since 2001: two letters (the area; no I, J, Q, T, U, X, Z first), two digits (the age), three
# letters (no I or Q). Shape and rules make it rare in prose, so capitals need no context.
_PLATE_NOW = re.compile(
    r"(?<![\w.\-])([ABCDEFGHKLMNOPRSVWY][A-HJ-PR-Y][ .\-]?(?:0[2-9]|1\d|2[0-6]|5[1-9]|6\d|7[0-6]))"
    r"[ .\-]?([A-HJ-PR-Z]{3})(?![\w]|[.\-]\w)",
    re.IGNORECASE,
)
# Older and Northern Irish plates ("P482 HDT", "ABC 123D", "KXI 4327"): only near a vehicle word.
_PLATE_OLD = re.compile(
    r"(?<![\w])(?:[A-Z]\d{1,3}[ ]?[A-Z]{3}|[A-Z]{3}[ ]?\d{1,3}[ ]?[A-Z]|[A-Z]{2,3}[ ]?\d{1,4}"
    r"|\d{1,4}[ ]?[A-Z]{2,3})(?![\w])"
)
_VEHICLE = re.compile(
    r"\b(?:car|cars|van|vans|reg|registration|plates?|number\s*plate|vehicle|drives|drove|driving"
    r"|motorbike|moped|scooter|lorry|truck|taxi|cab|parked|park|vrm|vrn|dvla|astra|corsa|fiesta"
    r"|focus|golf|polo|clio|micra|transit|bmw|audi|ford|vauxhall|toyota|nissan|honda|kia|mercedes"
    r"|volvo|peugeot|renault|skoda|hyundai|mini|range\s*rover)\b",
    re.IGNORECASE,
)
_NOT_PLATE = re.compile(
    r"(?i:^(?:ST|CT|FY|PHQ|GAD|MMSE|HADS|ICD|DSM|SSRI|SNRI|ADHD|PTSD|EUPD|BPAD|CPA|CTO|MHA|DOLS"
    r"|AWOL|UK|NHS|GP|CPN|CMHT|HTT|NI|CHI|F|B|HB|BP|HR|RR|QT|QTC|ECG|PRN|BMI|LFT|TFT|FBC|CRP)"
    r"(?:\d|\b))"
)


# Older plates in lower case ("r624 hjb", "hvt 412k"): only the shapes that start or end with a
# letter group, near a vehicle word, whose three letters are no word ("a4 way", "car 120 mph").
_PLATE_OLD_LOWER = re.compile(
    r"(?<![\w])(?:[a-z]\d{1,3}[ ]?(?P<a>[a-z]{3})|(?P<b>[a-z]{3})[ ]?\d{1,3}[ ]?[a-z])(?![\w])"
)
# A personalised plate after a word that says it is one: "private plate T0NY 1", "private reg
# S4MMY", "number plate K1LLA", "personalised plate 1 JMB".
_PLATE_CUE = re.compile(
    r"\b(?i:(?:private|personali[sz]ed|cherished|vanity|custom|personal)[ \u00a0]+(?:number[ \u00a0]+)?"
    r"(?:plates?|reg|registration)|number[ \u00a0]*plates?|reg(?:istration)?[ \u00a0]+(?:plates?|number"
    r"|no\b\.?|mark)|plates?[ \u00a0]+(?:says?|said|reads?|is|was))"
    r"(?:[ \u00a0]+(?i:is|was|says|said|reads|of))?[ \u00a0]*[:\-]?[ \u00a0]*"
    r"(?P<p>[A-Za-z0-9]{1,5}(?:[ ][A-Za-z0-9]{1,4})?)"
    r"(?![\w])"
)
_REG_HINT = re.compile(r"reg\b")  # a literal first: searched fast
# Letter groups that read as words or abbreviations, not a plate's letters.
_PLATE_NOT_LETTERS = _words("lmp bmi ecg mri gcs hrs mgs yrs wks mph kph dob nfa")


def _plate_letters_ok(letters: str) -> bool:
    from bot.domain.deidentify.given import english_words  # noqa: PLC0415

    k = letters.lower()
    return k not in english_words() and k not in _PLATE_NOT_LETTERS


def find_plates(text: str) -> Iterator[Hit]:
    """UK number plates: today's format in capitals anywhere (and in lower case when its letters
    are no word), any format or case near a vehicle word ("reg ya14 kpf", "old red van, P482
    HDT", "the car r624 hjb"), and personalised plates after "private plate" and the like."""
    for m in _PLATE_NOW.finditer(text):
        s = m.group()
        if not (s.isupper() or s.islower()) or not s.isupper() and ("." in s or "-" in s):
            continue  # "KM19.XTR", "LD-68-WXY" in capitals; "ab12.com" is a web address
        if " " in m.group(1) and not _near(_VEHICLE, text, m.start(), m.end(), 40, 25):
            continue  # "LX 19 ABC" is spaced like a plate only near a vehicle
        if (
            s.isupper()
            or _near(_VEHICLE, text, m.start(), m.end(), 40, 25)
            or _plate_letters_ok(m.group(2))
        ):
            yield Hit(m.start(), m.end(), "plate", "looks like a number plate")
    for m in _PLATE_OLD.finditer(text):
        s = m.group()
        alnum = [c for c in s if c.isalnum()]
        if _NOT_PLATE.match(s) or len(alnum) < 5 or sum(c.isalpha() for c in alnum) < 2:
            continue  # "ST4", "GAD 7", "F20": grades, scores and codes
        if _near(_VEHICLE, text, m.start(), m.end(), 40, 25):
            yield Hit(m.start(), m.end(), "plate", "looks like a number plate near a vehicle")
    for m in _PLATE_OLD_LOWER.finditer(text):
        if _plate_letters_ok(m.group("a") or m.group("b")) and _near(
            _VEHICLE, text, m.start(), m.end(), 40, 25
        ):
            yield Hit(m.start(), m.end(), "plate", "looks like a number plate near a vehicle")
    low = text.lower()
    cued = "plate" in low or "registration" in low or _REG_HINT.search(low)
    for m in _PLATE_CUE.finditer(text) if cued else ():
        p = m.group("p")
        mixed = any(c.isdigit() for c in p) and any(c.isalpha() for c in p)
        if mixed and (p.isupper() or p.islower()) and not _NOT_PLATE.match(p):
            yield Hit(m.start("p"), m.end("p"), "plate", "follows 'private plate' or the like")


# --------------------------------------------------------------------------------------
# Social-media handles
# --------------------------------------------------------------------------------------

_AT_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
# A Reddit user ("u/throwaway_wardsix") and an old Discord tag ("kezza#4471").
_USER_HANDLE = re.compile(
    r"(?<![\w/])/?u/[A-Za-z0-9_\-]{3,20}(?![\w/])|(?<![\w#])[A-Za-z][\w.]{2,31}#\d{4}(?![\w])"
)
# Where people have a user name: social media, games, dating and selling apps, payment apps, and
# the words for a user name itself. Words that are also ordinary English ("switch", "signal",
# "kick", "threads") count only with a capital or after the platform's family name.
_PLATFORM = (
    r"(?:(?i:insta(?:gram)?|ig|snap(?:chat)?|tik[\s\-]?tok|twitter|facebook|fb|youtube|yt|twitch"
    r"|discord|telegram|bluesky|reddit|only\s?fans|fansly|kik|tumblr|pinterest|linkedin|x\.com"
    r"|gamer\s?tag|psn|ps[345]|play\s?station|xbox(?:\s+live)?|steam|roblox|fortnite|minecraft"
    r"|nintendo(?:\s+switch)?|epic(?:\s+games)?|valorant|warzone|battle\.?net|whats\s?app|wechat"
    r"|weibo|viber|skype|tinder|bumble|hinge|grindr|plenty\s+of\s+fish|pof|badoo|vinted|depop"
    r"|ebay|etsy|patreon|soundcloud|spotify|github|deviant\s?art|wattpad|mumsnet|be\s?real|yubo"
    r"|vsco|likee|omegle|clubhouse|mastodon|cash\s?app|venmo|paypal|revolut|monzo|username"
    r"|user\s?name|handle|screen\s?name|display\s?name|ign|in[\s\-]game\s+name|online\s+name"
    r"|friend\s+code)"
    r"|Threads|Signal|Kick|Switch|League|Origin|Call\s+of\s+Duty)"
)
# The first word of every platform above (lower case): the pattern is tried only at these words.
_PLATFORM_FIRST = _words(
    """insta instagram ig snap snapchat tik tiktok tik-tok twitter facebook fb youtube yt twitch
    discord telegram bluesky reddit only onlyfans fansly kik tumblr pinterest linkedin x.com gamer
    gamertag psn ps3 ps4 ps5 play playstation xbox steam roblox fortnite minecraft nintendo epic
    valorant warzone battle battle.net battlenet whats whatsapp wechat weibo viber skype tinder
    bumble hinge grindr plenty pof badoo vinted depop ebay etsy patreon soundcloud spotify github
    deviant deviantart wattpad mumsnet be bereal yubo vsco likee omegle clubhouse mastodon cash
    cashapp venmo paypal revolut monzo username user screen screenname display ign in in-game
    online friend threads signal kick switch league origin call"""
)
_WORD_AT = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z0-9.\-]*")
# Words between a platform and the user name: "Xbox gamertag", "Discord username", "her
# PlayStation tag is", "on Steam he is", "Hinge as", "Vinted shop".
_HANDLE_JOIN = (
    r"(?:[ \u00a0]+(?:name|handle|username|user\s?name|account|id|tag|gamertag|gamer\s?tag|page"
    r"|profile|shop|store|channel|server|friend\s+name|ign|is|was|as|called|under|it's|its"
    r"|(?:he|she|they)(?:'s|'re|\s+is|\s+are|\s+was|\s+were|\s+goes\s+by)|goes\s+by|:|-|=)"
    r"|[ \u00a0]*[:=,])*"
)
_PLATFORM_HANDLE = re.compile(
    rf"\b{_PLATFORM}\b{_HANDLE_JOIN}[ \u00a0]*[:=\-]?[ \u00a0]*['\"]?"
    r"(?P<h>[A-Za-z0-9_][A-Za-z0-9_.]{1,30}[A-Za-z0-9_])(?![\w@])",
)
# Words right before a user name that say it is one (a made-up word after them is a user name).
_HANDLE_WORD = re.compile(
    r"(?i:name|handle|username|tag|gamertag|id|ign|shop|store|channel|account|code)[ \u00a0]*[:=]?"
    r"[ \u00a0]*$"
)
# A Cash App "$cashtag": a dollar sign, then a user name with a lower-case letter.
_CASHTAG = re.compile(r"(?<![\w$])\$(?=[A-Za-z0-9_]*[a-z])[A-Za-z][A-Za-z0-9_]{2,19}(?![\w])")


# Where "@" means "at": "@ home", "@3pm", "@work".
_AT_WORDS = _words(
    """home work school night the my his her our your ward clinic uni college gym church mum mums
    dads gran nans"""
)
_TIME = re.compile(r"\d{1,2}(?:[:.]\d{2})?(?:am|pm)?|\d+(?:st|nd|rd|th)?", re.IGNORECASE)


# "She posts as jaz.mine.x", "he streams as big_tone_77".
_POSTS_AS = re.compile(
    r"\b(?:posts?|posting|posted|goes|went|known|streams?|streaming|games?|gaming|plays?)"
    r"(?:[ \u00a0]+online)?[ \u00a0]+as[ \u00a0]+(?P<h>[A-Za-z0-9_][A-Za-z0-9_.]{1,30}[A-Za-z0-9_])(?![\w@])",
    re.IGNORECASE,
)


_NAMING = re.compile(r"(?:\bis|\bwas|\bas|\bcalled|:|=)[ \u00a0]*$", re.IGNORECASE)


def _made_up(h: str, before: str) -> bool:
    """A lower-case user name that is no word and no name ("her snap is kezzabxo"), named as
    such ("is", "called", a colon) after the platform."""
    from bot.domain.deidentify.given import english_words, given_names  # noqa: PLC0415

    k = h.lower()
    return (
        len(h) >= 5
        and h.isalpha()
        and bool(_NAMING.search(before) or _HANDLE_WORD.search(before))
        and k not in english_words()
        and k not in given_names()
        and k not in _AT_WORDS
    )


def _handle_like(h: str) -> bool:
    """A user name rather than a word: two letters or more and a digit, an underscore or a dot
    inside, or a capital inside a word that is not all capitals ("LunarKnightUK", not "ASMR")."""
    if sum(c.isalpha() for c in h) < 2 or max(map(len, re.split(r"[_.]", h))) < 2:
        return False  # "PS5", "360", "e.g"
    return any(c.isdigit() or c in "_." for c in h) or (
        len(h) >= 4 and any(c.isupper() for c in h[1:]) and any(c.islower() for c in h)
    )


def _platform_handles(text: str) -> Iterator[re.Match[str]]:
    """Matches of _PLATFORM_HANDLE tried at every platform word (and only there: trying its long
    alternation at every character is slow), so that "Xbox gamertag X" is read from "gamertag"
    too when "Xbox" takes "gamertag" for the user name."""
    for w in _WORD_AT.finditer(text):
        if w.group().lower().rstrip(".-") in _PLATFORM_FIRST:
            m = _PLATFORM_HANDLE.match(text, w.start())
            if m:
                yield m


# A word shaped like a user name: words joined by "_" or "." ("kezza_b", "darkwolf_99",
# "kezzab.x"), or four letters or more with two to four digits after them ("kezzab87").
_HANDLE_SHAPE = re.compile(
    r"(?<![\w@./\-])(?P<h>[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+|[A-Za-z]{4,}\d{2,4})"
    r"(?![\w@/\-]|\.\w)"
)
# Where a user name is at home: a platform (above) or a word for being online.
_ONLINE = re.compile(
    rf"\b(?:{_PLATFORM}|online|forum|internet|posts?|posted|posting|followers?|dms?|messaged"
    r"|messages|streams?|streaming|account|channel|profile)\b|@[ \u00a0]",
    re.IGNORECASE,
)
# Shapes that are codes, versions, games and abbreviations, not user names.
_NOT_HANDLE = re.compile(
    r"(?i:^(?:covid|sars|fifa|windows|win|xbox|ps|iphone|galaxy|pixel|office|phq|gad|core|news"
    r"|audit|year|y|type|ww|mp|gen|web|covid-)\d+$|^[a-z]\.[a-z](?:\.[a-z])*$|^[a-z]\d\d\.\d+$"
    r"|^s\.\d+$"
    r"|\.(?:com|org|net|uk|co|io|me|docx?|pdf|xlsx?|jpe?g|png|mp[34]|txt|html?)$)"
)


def _near_online(text: str, start: int, end: int) -> bool:
    lo = max(0, start - 80)
    before = re.split(r"[.!?;\n]\s", text[lo:start])[-1]
    after = re.split(r"[.!?;\n](?:\s|$)", text[end : end + 60])[0]
    return bool(_ONLINE.search(before) or _ONLINE.search(after))


def find_handles(text: str) -> Iterator[Hit]:
    """Social-media handles: "@kezza_xo" anywhere; "her insta is lily.rose99", "snap is
    danboi_07", "his gamertag is xXReaperMXx" after the platform's name."""
    if "u/" in text or "#" in text:
        for m in _USER_HANDLE.finditer(text):
            yield Hit(m.start(), m.end(), "handle", "looks like a user name")
    for m in _AT_HANDLE.finditer(text):
        h = m.group(1)
        if h.lower() in _AT_WORDS or _TIME.fullmatch(h):
            continue
        yield Hit(m.start(), m.end(), "handle", "looks like a social-media handle")
    for m in _HANDLE_SHAPE.finditer(text):
        h = m.group("h")
        parts = re.split(r"[_.]", h)
        if _NOT_HANDLE.search(h) or h.lower() in _AT_WORDS or max(map(len, parts)) < 2:
            continue  # "e.g", "F20.0"
        if _near_online(text, m.start(), m.end()):
            yield Hit(m.start(), m.end(), "handle", "looks like a user name beside a platform")
    if "$" in text:
        for m in _CASHTAG.finditer(text):
            yield Hit(m.start(), m.end(), "handle", "looks like a payment app's user name")
    for m in (*_platform_handles(text), *_POSTS_AS.finditer(text)):
        h = m.group("h").rstrip(".")
        nickname = m.group().lower().startswith(("known", "goes", "went"))
        if not _handle_like(h) and (nickname or not _made_up(h, text[m.start() : m.start("h")])):
            continue  # "known as Broonie" is a nickname (the name tier's), "plays as kezzbxo" not
        if h.lower() in _AT_WORDS or _TIME.fullmatch(h):
            continue
        yield Hit(m.start("h"), m.start("h") + len(h), "handle", "follows a social-media name")
