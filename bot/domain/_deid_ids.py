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

from bot.domain._deid_words import _words


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


def find_health_numbers(text: str) -> Iterator[Hit]:
    """NHS numbers and Scottish CHI numbers: check digit, date prefix and nearby context."""
    for m in _DOTTED_TEN.finditer(text):
        hit = _classify_ten(text, m.start(), m.end(), m.group().replace(".", ""), False)
        if hit:
            yield hit
    for rx, kind, reason in (
        (_NHS_LABEL, "nhs_number", "is labelled as an NHS number"),
        (_CHI_LABEL, "chi_number", "is labelled as a CHI number"),
    ):
        for m in rx.finditer(text):
            yield Hit(m.start(1), m.end(1), kind, reason)
    for run in _DIGIT_RUN.finditer(text):
        groups = list(_GROUP.finditer(text, run.start(), run.end()))
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


def _classify_ten(text: str, start: int, end: int, digits: str, after_plus: bool) -> Hit | None:
    nhs_ctx = _near(_NHS_CTX, text, start, end, 45, 20)
    chi_ctx = _near(_CHI_CTX, text, start, end, 45, 20)
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
_NI_SEP = r"[ \u00a0\-/_,+\u00b7]?"  # odd separators: see _deid_norm
_NI_UPPER = re.compile(
    rf"(?<![\w])([{_NI_FIRST}][{_NI_SECOND}]){_NI_SEP}(\d{{2}}){_NI_SEP}(\d{{2}}){_NI_SEP}(\d{{2}})"
    rf"(?:{_NI_SEP}([A-D]))?(?![\w])"
)
_NI_LOWER = re.compile(
    rf"(?<![\w])([{_NI_FIRST.lower()}][{_NI_SECOND.lower()}])(\d{{2}})(\d{{2}})(\d{{2}})([a-d])?(?![\w])"
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
            if has_suffix or _near(_NI_CTX, text, m.start(), m.end(), 45, 10):
                seen.add(m.start())
                yield Hit(m.start(), m.end(), "ni_number", "looks like a National Insurance number")
    for m in _NI_ANY.finditer(text):
        if m.start() in seen:
            continue
        if _near(_NI_CTX, text, m.start(), m.end(), 45, 10):
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
    r"|\bhealth\s*(?:and|&)\s*care\s*number|\bH\s*&\s*C\s*(?:number|no\b\.?)"
    r"|(?-i:\bPARIS\b|\bParis\s+(?:ID|id|number|no\b\.?))|\bSystm\s*One\b|(?-i:\bEMIS\b)|\bLorenzo\b"
    r"|\bcase\s*notes?\s*(?:number|no\b\.?)|\bcasenote\s*(?:number|no\b\.?))"
)
_HOSP = re.compile(
    _HOSP_CTX + r"\s*(?:(?:is|was|of|:|=|-|#|\(|,|no\b\.?|number\b|id\b)\s*){0,3}"
    r"(\d{2,4}(?:[ \-]\d{2,4}){1,4}(?![\w-])|[A-Za-z]{1,3}\d?[ ]\d{3,8}(?:[ ]\d{3,4})?(?![\w-])"
    r"|(?=[A-Za-z0-9/\-]*\d)[A-Za-z]{0,4}[/\-]?\d[\dA-Za-z/\-]{2,15})(?![\w])",
    re.IGNORECASE,
)


def find_hospital_numbers(text: str) -> Iterator[Hit]:
    """Hospital / MRN / RiO / PAS numbers, recognised only by the label in front of them."""
    for m in _HOSP.finditer(text):
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
    r"(?<![\w])(?:(ZZ99)[ \u00a0]?(\d[A-Z]{2})|([A-Z]{1,2})(\d[A-Z\d]?)[ \u00a0]?(\d[ABD-HJLNP-UW-Z]{2})"
    r"|(GIR)[ \u00a0]?(0AA))(?![\w])",
    re.IGNORECASE,
)


def find_postcodes(text: str) -> Iterator[Hit]:
    """UK postcodes, all-upper or all-lower case (mixed case like 'ST4 2nd' is prose)."""
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


def find_phones(text: str) -> Iterator[Hit]:
    """UK and international phone numbers, each quoted without a bracket it does not close."""
    for hit in _phones(text):
        start, end = hit.start, hit.end
        if text.startswith("(", start) and ")" not in text[start:end]:
            start += 1
        if text[:end].endswith(")") and "(" not in text[start:end]:
            end -= 1
        yield Hit(start, end, hit.kind, hit.reason)


def _phones(text: str) -> Iterator[Hit]:
    """UK and international phone numbers (libphonenumber), plus Ofcom drama ranges."""
    for found in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID):
        yield Hit(found.start, found.end, "phone", "looks like a phone number")
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


def find_contacts(text: str) -> Iterator[Hit]:
    """E-mail addresses and links (including bare domains such as example.co.uk)."""
    for m in _EMAIL.finditer(text):
        yield Hit(m.start(), m.end(), "email", "looks like an e-mail address")
    for m in (*_URL.finditer(text), *_PATH_URL.finditer(text)):
        s = m.group()
        trimmed = s.rstrip(_TRAIL)
        if not trimmed or "." not in trimmed:
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
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_NUM_DATE = re.compile(
    r"(?<![\w/.])(?<!\d[\-:])(\d{1,2})([/\-.])(\d{1,2})\2(\d{4}|\d{2})(?![\w/]|[.:\-]\d)"
)
_ISO_DATE = re.compile(
    r"(?<![\w/.])(?<!\d[\-:])((?:19|20)\d{2})([/\-.])(\d{1,2})\2(\d{1,2})(?![\w/]|[.:\-]\d)"
)
_DMY_TEXT = re.compile(
    rf"(?<![\w]){_WEEKDAY}(?:the\s+)?(\d{{1,2}}){_ORD}(?:\s+of)?[\s\-]+({_MONTH_ALT})\.?,?[\s\-]+"
    r"(\d{4}|'\d{2})(?!\d)",
    re.IGNORECASE,
)
_MDY_TEXT = re.compile(
    rf"(?<![\w]){_WEEKDAY}({_MONTH_ALT})\.?\s+(?:the\s+)?(\d{{1,2}}){_ORD},?\s+(\d{{4}}|'\d{{2}})(?!\d)",
    re.IGNORECASE,
)
# Partial dates (only blocked after a birth label; otherwise a WARN for dated events).
DAY_MONTH = re.compile(
    rf"(?<![\w]){_WEEKDAY}(?:the\s+)?(\d{{1,2}}){_ORD}(?:\s+of)?\s+({_MONTH_ALT})\b"
    rf"|(?<![\w]){_WEEKDAY}({_MONTH_ALT})\.?\s+(?:the\s+)?(\d{{1,2}}){_ORD}(?![\w:/]|\.\d)"
)
MONTH_YEAR = re.compile(rf"(?<![\w])({_MONTH_ALT})\.?,?\s+((?:19|20)\d{{2}})(?!\d)")
_NUM_MONTH_YEAR = re.compile(r"(?<![\w/.\-])(\d{1,2})/((?:19|20)\d{2})(?![\w/])")
_DOB_CTX = re.compile(
    r"(?:\bDOB\b|\bD\.O\.B\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bbirthday\b|\bborn\b(?:\s+on|\s+in)?)"
    r"\s*(?:(?:is|was|of|on|:|=|-)\s*){0,2}",
    re.IGNORECASE,
)


def _year_ok(y: str) -> int | None:
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


def iter_full_dates(text: str, dotted_short: bool = False) -> Iterator[tuple[int, int]]:
    """Spans of complete dates (day, month and year) in any of the common written forms.

    ``dotted_short`` also accepts 3.4.87 (normally skipped: it reads like a version number).
    """
    for m in _NUM_DATE.finditer(text):
        if (
            len(m.group(4)) == 2
            and m.group(2) == "."
            and not dotted_short
            and not _DATE_CUE.search(text, max(0, m.start() - 24), m.start())
        ):
            continue  # 1.2.34 reads like a version number, unless a date word comes before
        if _numeric_date_ok(m.group(1), m.group(3), m.group(4)):
            yield m.start(), m.end()
    for m in _ISO_DATE.finditer(text):
        if _valid_date(int(m.group(4)), int(m.group(3)), int(m.group(1))):
            yield m.start(), m.end()
    for m in _DMY_TEXT.finditer(text):
        year = _year_ok(m.group(3))
        if year and _valid_date(int(m.group(1)), MONTHS[m.group(2).lower()], year):
            yield m.start(), m.end()
    for m in _MDY_TEXT.finditer(text):
        year = _year_ok(m.group(3))
        if year and _valid_date(int(m.group(2)), MONTHS[m.group(1).lower()], year):
            yield m.start(), m.end()


def _partial_dates(text: str) -> Iterator[tuple[int, int]]:
    for m in DAY_MONTH.finditer(text):
        day = int(m.group(1) or m.group(4))
        month = MONTHS[(m.group(2) or m.group(3)).lower()]
        if _valid_date(day, month, 2000):
            yield m.start(), m.end()
    for m in MONTH_YEAR.finditer(text):
        yield m.start(), m.end()
    for m in _NUM_MONTH_YEAR.finditer(text):
        if 1 <= int(m.group(1)) <= 12:
            yield m.start(), m.end()


def find_dates(text: str) -> Iterator[Hit]:
    """Full dates (BLOCK) and dates of birth (any date, even partial, after a birth label)."""
    full = sorted(set(iter_full_dates(text)))
    loose = sorted(set(iter_full_dates(text, dotted_short=True)))
    partial = sorted(set(_partial_dates(text)))
    dob_spans: list[tuple[int, int]] = []
    for ctx in _DOB_CTX.finditer(text):
        after = ctx.end()
        for s, e in loose + partial:
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
    r"|Promenade|Esplanade|Passage|Approach|Heights|Drove|Hollow)"
)
_BUILDING = r"(?:Court|House|Towers?|Building|Buildings|Mansions|Lodge|Point|Heights|Apartments)"
_ADDR_WORD = r"(?:St\.?|[A-Z][a-z]+(?:['\u2019]s|-[A-Z][a-z]+)?)"
_FLAT = r"(?:Flat|Apartment|Apt\.?|Unit|Room)[ \u00a0]*\d{1,4}[A-Za-z]?,?[ \u00a0]+"
_ADDRESS = re.compile(
    rf"(?<![\w.])(?:{_FLAT})?(?:No\.?[ \u00a0]*)?\d{{1,4}}[A-Za-z]?,?[ \u00a0]+"
    rf"(?:{_ADDR_WORD}[ \u00a0]+){{1,3}}{_STREET}(?:[ \u00a0]+(?:North|South|East|West))?\b"
    rf"|(?<![\w])(?:Flat|Apartment|Apt\.?)[ \u00a0]*\d{{1,4}}[A-Za-z]?,?[ \u00a0]+"
    rf"(?:{_ADDR_WORD}[ \u00a0]+){{1,3}}(?:{_STREET}|{_BUILDING})\b"
)
_ADDRESS_LOWER = re.compile(
    r"(?<![\w.])\d{1,4}[a-z]?[ \u00a0]+((?:[a-z]+(?:['\u2019]s)?[ \u00a0]+){1,2})"
    r"(?:road|street|avenue|lane|close|drive|grove|terrace|crescent|gardens)\b"
)
# Numbers that count something rather than a house ("Ward 3 Acute Lane" is unlikely, "a 10
# minute drive" is not); words that cannot name a street in lower case.
_NOT_HOUSE = re.compile(
    r"(?:\b(?:ward|bay|room|band|year|level|stage|type|grade|section|step|day|week|page|chapter"
    r"|table|figure|session|group|team|bed|cohort|about|over|under|every|around)\s*$)",
    re.IGNORECASE,
)
_NOT_STREET_WORD = _words(
    """minute minutes min mins mile miles hour hours hr hrs second seconds day days week weeks
    month months year years km metre metres meter meters foot feet yard yards bus car train
    taxi the a an and or of on in to at by for from down up along more other long short few
    times nights night steps step doors door blocks block houses streets roads"""
)


def find_addresses(text: str) -> Iterator[Hit]:
    """Street addresses: a house number, a street name and a street word (any case)."""
    for m in _ADDRESS.finditer(text):
        if _NOT_HOUSE.search(text, max(0, m.start() - 12), m.start()):
            continue
        yield Hit(m.start(), m.end(), "address", "looks like a street address")
    for m in _ADDRESS_LOWER.finditer(text):
        words = [_strip_s(w) for w in m.group(1).split()]
        if any(w in _NOT_STREET_WORD for w in words):
            continue
        if _NOT_HOUSE.search(text, max(0, m.start() - 12), m.start()):
            continue
        yield Hit(m.start(), m.end(), "address", "looks like a street address")


def _strip_s(w: str) -> str:
    return w[:-2] if w.endswith(("'s", "\u2019s")) else w
