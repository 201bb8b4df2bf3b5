"""The copy of a text that the de-identification detectors read, and the way back to the author's
offsets.

Discord shows "943\u200b476\u200b5919", "９４３ ４７６ ５９１９", "٩٤٣ ٤٧٦ ٥٩١٩" or a postcode with a
Cyrillic "А" exactly as the plain identifier, yet a detector reading the raw text sees nothing.
``normalise`` makes one copy in which such disguises are undone: NFKC (fullwidth and mathematical
forms, ligatures), format characters dropped (zero-width spaces, soft hyphens, word joiners, BOMs,
bidi marks) with combining marks, every kind of space made a plain space, Cyrillic and Greek
letters that look Latin folded to Latin, digits of any script made ASCII, dashes and curly quotes
made plain, separators inside a number or a code unified ("943/476/5919", "07700_900_822",
"SW1A·1AA" read as spaced), and letters spaced out to hide a label ("M R N", "N.H.S.") or a code
("S W 1 A 1 A A") closed up. Each character of the copy remembers which characters of the
author's text it came from, so findings are reported (and quoted back) in the author's own text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

__all__ = ["Normalised", "normalise"]

# Letters from other scripts drawn like Latin ones (Unicode's confusables, the ones that matter
# in identifiers: postcodes, NI numbers, plates, labels such as "NHS").
_CONFUSABLE = dict(
    zip(
        "АВСЕНІЈКМОРЅТХУҮаеорсухіјѕһԁԛԝӏҺ"  # Cyrillic
        "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινκρυχ"  # Greek
        "ıօսɑ",  # Latin and Armenian look-alikes
        "ABCEHIJKMOPSTXYYaeopcyxijshdqwlHABEZHIKMNOPTYXoivkpuxioua",
        strict=True,
    )
)
_DROP = {"Cf", "Mn", "Me"}  # format characters (U+200B, U+00AD, U+2060, U+FEFF...), combining marks
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"'}
_STOPS = {"\u3002": ".", "\uff61": ".", "\u2024": ".", "\ufe52": "."}  # ideographic, halfwidth...
_SLASHES = "\u2215\u2044\u29f8"  # division slash, fraction slash, big solidus
# Dots and bullets used between groups of digits; made "·" here and spaces below.
_MIDDOTS = "\u00b7\u2027\u2219\u22c5\u30fb\uff65\u2022\u2043"


@lru_cache(maxsize=4096)
def _fold(c: str) -> str:
    """What one non-ASCII character becomes in the copy ("" when it is dropped)."""
    if c in _CONFUSABLE:
        return _CONFUSABLE[c]
    if c in _QUOTES:
        return _QUOTES[c]
    if c in _STOPS:
        return _STOPS[c]
    if c in _DASHES:
        return "-"
    if c in _SLASHES:
        return "/"
    if c in _MIDDOTS:
        return "\u00b7"
    cat = unicodedata.category(c)
    if cat in _DROP:
        return ""
    if cat == "Zs":
        return " "
    if cat in ("Zl", "Zp"):
        return "\n"
    digit = unicodedata.decimal(c, None)
    if digit is not None:
        return str(digit)
    nf = unicodedata.normalize("NFKC", c)
    if nf == c:
        return c
    return "".join(_fold(x) if not x.isascii() else x for x in nf)


# Underscores that Discord's markdown glues to an identifier (_italic_, __underline__): those
# touching a non-alphanumeric. Underscores inside words (jo_bloggs@example.com, sam_j) stay.
_EDGE_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
# A long number between underscores in a file name: "clinic_letter_9434765919_final.pdf".
_UNDERSCORED_NUMBER = re.compile(r"(?<=_)\d{6,13}(?!\d)|(?<!\d)\d{6,13}(?=_)")
# Groups of digits joined by single separators: "943/476/5919", "07700_900_822", "786+163+6305";
# and codes of letters and digits: "SW1A·1AA", "AB_12_34_56_C", "KM19/XTR".
_NUM_RUN = re.compile(r"(?<![^\W_]|[.,/])\d+(?:(?: ?[/_,+\u00b7.\-] ?| )\d+)+")
_CODE_RUN = re.compile(r"(?<![\w.])[0-9A-Za-z]+(?:[/_,+\u00b7.\-][0-9A-Za-z]+)+")
_SEP_CHARS = "/_,+\u00b7."
_DECIMAL = re.compile(r"\d{1,2}\.\d+")
_DATE_IN_RUN = re.compile(r"(?<!\d)\d{1,2}([/.\-])\d{1,2}\1(?:\d{4}|\d{2})(?!\d)")
# A date with odd separators ("12_03_1987", "12+03+1987", "12·03·1987", "12,03,1987").
_ODD_DATE = re.compile(
    r"(?<![^\W_]|[,.])\d{1,2}([_+\u00b7,/.\-])\d{1,2}([_+\u00b7,/.\-])(\d{4}|\d{2})(?![^\W_]|[,.]\d)"
)
# A label glued to a number, as label printers and copied forms run them together:
# "NHS:9434765919DOB:14/03/1967Sex:F", "DOB12/07/1958NHS9434765919". A space goes between.
_GLUED_LABELS = (
    r"(?:DOB|DoB|NHS|MRN|CHI|NINO|Sex|Gender|Tel|Mob|Name|Addr|Address|Ward|Postcode|Hosp)"
)
_GLUED = re.compile(rf"(?<=\d){_GLUED_LABELS}(?![a-z])|(?<![A-Za-z]){_GLUED_LABELS}(?=\d)")
# The hint for _GLUED, as two patterns: each starts with a digit or a letter of a label, which
# the regular-expression engine skips to (one pattern of both tried every character).
_GLUED_AFTER_DIGIT = re.compile(rf"\d{_GLUED_LABELS}")
_GLUED_BEFORE_DIGIT = re.compile(rf"{_GLUED_LABELS}\d")
# Single characters spaced out: "M R N", "N.H.S.", "S W 1 A 1 A A".
_SPACED = re.compile(r"(?<![\w.'])[A-Za-z0-9](?!\w)(?:(?:[ .]|\. )[A-Za-z0-9](?!\w))+\.?")
# A label joined to its noun by an underscore, as copied from a form: "nhs_no", "DOB_", "mrn_id".
_LABEL_JOIN = re.compile(
    r"(?i)(?<![^\W_])(?:nhs|chi|mrn|dob|rio|pas|ni|hosp|hospital|patient|unit|passport|brp|visa|reg"
    r"|h&c|hc)(_)(?:no|num|number|id|ref|dob)?(?![^\W_])"
)
# Labels that are spelt out letter by letter to get past a filter.
_LABELS = frozenset(
    str.split(
        "MRN NHS DOB CHI NI NINO RIO PAS EMIS BRP HCN URN CRN MPI EPR REG HC ID NO UAN PARIS VISA"
        " PASSPORT RTD CTD"
    )
)


@dataclass(frozen=True, slots=True)
class Normalised:
    """The copy the detectors read; ``span`` maps a span of it back to the author's text."""

    text: str
    _starts: tuple[int, ...] | None = None  # author's offset of each character of ``text``
    _ends: tuple[int, ...] | None = None  # author's offset just after it

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The author's span for ``text[start:end]`` (``end > start``)."""
        if self._starts is None or self._ends is None:
            return start, end
        return self._starts[start], self._ends[end - 1]


def normalise(text: str) -> Normalised:
    """The copy of ``text`` the detectors read (the text itself when nothing needs undoing)."""
    if text.isascii():
        if not _ascii_work(text):
            return Normalised(text)
        chars = list(text)
        starts = list(range(len(text)))
        ends = list(range(1, len(text) + 1))
    else:
        chars, starts, ends = [], [], []
        for i, c in enumerate(text):
            out = c if c.isascii() else _fold(c)
            for o in out:
                chars.append(o)
                starts.append(i)
                ends.append(i + 1)
    folded = "".join(chars)
    keep = [True] * len(chars)
    changed = folded != text
    if _LETTER_DIGIT.search(folded):
        folded, fixed = _digits_for_letters(folded, chars)
        changed |= fixed
    if "_" in folded:
        for m in _EDGE_UNDERSCORES.finditer(folded):
            for i in range(m.start(), m.end()):
                chars[i] = " "
            changed = True
        for m in _LABEL_JOIN.finditer(folded):
            chars[m.start(1)] = " "
            changed = True
        for m in _UNDERSCORED_NUMBER.finditer(folded):
            for i in (m.start() - 1, m.end()):  # "letter_9434765919_final.pdf"
                if 0 <= i < len(folded) and folded[i] == "_":
                    chars[i] = " "
                    changed = True
    for m in _ODD_DATE.finditer(folded):
        seps = {m.group(1), m.group(2)}
        edges = [i for i in (m.start() - 1, m.end()) if 0 <= i < len(folded) and folded[i] == "_"]
        if seps <= set("/.-") and len(seps) == 1 and not edges:
            continue  # the date detectors read these as they are
        if "," in seps and len(m.group(3)) != 4 or "." in seps and len(m.group(3)) != 4:
            continue  # "5,10,15" is a list, "1.2.34" a version; "5,10,2015" is a date
        for i in (m.start(1), m.start(2)):
            chars[i] = "/"
        for i in edges:  # "summary_12_03_1961.docx": the date stands alone
            chars[i] = " "
        changed = True
    for m in _NUM_RUN.finditer(folded):
        changed |= _unify_number(folded, m, chars, keep)
    for m in _CODE_RUN.finditer(folded):
        changed |= _unify_code(folded, m, chars)
    for m in _SPACED.finditer(folded):
        changed |= _close_up(m, keep)
    if _GLUED_AFTER_DIGIT.search(folded) or _GLUED_BEFORE_DIGIT.search(folded):
        at = {
            i
            for m in _GLUED.finditer(folded)
            for i in (m.start(), m.end())
            if 0 < i < len(folded) and folded[i - 1].isalnum() and folded[i].isalnum()
        }
        for j in sorted(at, reverse=True):  # a space that stands for nothing the author wrote
            chars.insert(j, " ")
            keep.insert(j, True)
            starts.insert(j, starts[j])
            ends.insert(j, starts[j])
        changed |= bool(at)
    if not changed:
        return Normalised(text)
    if not len(chars) == len(keep) == len(starts) == len(ends):
        raise ValueError("normalise: the characters and their offsets disagree")
    return Normalised(  # compress: the kept ones, in C (a loop per character cost 0.2 ms)
        "".join(compress(chars, keep)), tuple(compress(starts, keep)), tuple(compress(ends, keep))
    )


# In plain ASCII text only these can need undoing: underscores, odd separators between digits
# or in a code, single characters spaced out, a label glued to a number (by the last letter of
# each label of _GLUED_LABELS before a digit: cheaper than the labels themselves).
_ASCII_WORK = re.compile(
    r"_|\d[/_,+.\- ]+\d|[0-9A-Za-z][/_,+][0-9A-Za-z]|(?<![\w.'])[A-Za-z0-9](?:[ .]|\. )[A-Za-z0-9](?!\w)"
    r"|\d[OolI]|[OolI]\d|\d[A-Z][A-Za-z]|[BSNIOxrlbesdp]\d"
)
# Letters typed for digits inside a number: "077OO 9OO 123", "943 476 59l9" (O for 0, l or I for 1).
_LETTER_DIGIT = re.compile(r"\d[OolI]|[OolI]\d")
_DIGIT_GROUP = r"(?<![A-Za-z0-9])[0-9OolI]*\d[0-9OolI]*(?![A-Za-z0-9])"
_DIGITISH = re.compile(rf"{_DIGIT_GROUP}(?:(?: ?[\-./_,+\u00b7] ?| ){_DIGIT_GROUP})*")
_AS_DIGIT = {"O": "0", "o": "0", "l": "1", "I": "1"}


def _digits_for_letters(folded: str, chars: list[str]) -> tuple[str, bool]:
    """Read O, o, l and I as digits inside a number of six digits or more once read, two of them
    digits already ("1O0OO0O"), whose every group holds a digit and no other letter: a number
    typed to look like one ("077OO 9OO l23"). Words, codes and postcodes keep their letters."""
    out = list(folded)
    changed = False
    for m in _DIGITISH.finditer(folded):
        run = m.group()
        digits = sum(c.isdigit() for c in run)
        letters = sum(c.isalpha() for c in run)
        if digits + letters < 6 or digits < 2 or run.isdigit():
            continue  # six characters once read, each group holding a digit already
        for i in range(m.start(), m.end()):
            if folded[i] in _AS_DIGIT:
                out[i] = chars[i] = _AS_DIGIT[folded[i]]
                changed = True
    return "".join(out), changed


def _ascii_work(text: str) -> bool:
    return bool(_ASCII_WORK.search(text))


def _unify_number(folded: str, m: re.Match[str], chars: list[str], keep: list[bool]) -> bool:
    """Separators inside a long number (9 to 13 digits: NHS, CHI, phone, passport) become spaces;
    a run holding a date ("on 12/03/2024 10 patients") keeps them."""
    run = m.group()
    if not 9 <= sum(c.isdigit() for c in run) <= 13 or _DATE_IN_RUN.search(run):
        return False
    if _DECIMAL.fullmatch(run):
        return False  # "3.14159265" is a decimal
    changed = False
    for i in (m.start() - 1, m.end()):  # "636_836_2863_letter.docx": the number stands alone
        if 0 <= i < len(folded) and folded[i] == "_":
            chars[i] = " "
            changed = True
    for i in range(m.start(), m.end()):
        if folded[i] in _SEP_CHARS:
            chars[i] = " "
            for j in (i - 1, i + 1):  # "999 / 000 0018": one space, not three
                if folded[j] == " ":
                    keep[j] = False
            changed = True
    return changed


def _unify_code(folded: str, m: re.Match[str], chars: list[str]) -> bool:
    """Separators inside a short code of letters and digits (a postcode, NI number or plate)
    become spaces; words ("kerry_1983", "and/or"), codes ("F20.0") and dates are left alone."""
    run = m.group()
    groups = re.split(r"[^0-9A-Za-z]", run)
    if (
        "." in run  # "bit.ly/3xKq9Zt"
        or len(run) > 14
        or not any(c.isdigit() for c in run)
        or not any(c.isalpha() for c in run)
        or not all(any(c.isdigit() for c in g) or len(g) <= 3 for g in groups)
    ):
        return False
    changed = False
    for i in range(m.start(), m.end()):
        if folded[i] in "/_,+\u00b7" and (
            folded[i - 1].isdigit() or folded[i + 1].isdigit() or len(groups) > 2
        ):
            chars[i] = " "
            changed = True
    return changed


def _close_up(m: re.Match[str], keep: list[bool]) -> bool:
    """Close up single characters spaced out to hide a label ("M R N", "d.o.b.") or a code
    mixing letters and digits ("S W 1 A 1 A A"). A label is closed up on its own: "M R N 4 0 8 1
    7 7 3" reads "MRN 4081773" (the number detectors read spaced digits as they are)."""
    s = m.group()
    head = re.match(r"(?:[A-Za-z](?:\. ?| ))+", s)
    parts = [(m.start(), s)]
    if head:
        letters = re.sub(r"[^A-Za-z]", "", head.group())
        rest = s[head.end() :]
        if letters.upper() in _LABELS and any(c.isdigit() for c in rest):
            parts = [(m.start(), head.group().rstrip()), (m.start() + head.end(), rest)]
    changed = False
    for n, (start, part) in enumerate(parts):
        word = "".join(c for c in part if c.isalnum())
        digits = sum(c.isdigit() for c in word)
        is_label = not digits and word.upper() in _LABELS and len(word) >= 2
        is_code = 0 < digits < len(word) and len(word) >= 5
        after_label = n == 1 and digits == len(word) >= 5  # "M R N 4 0 8 1 7 7 3"
        long_number = digits == len(word) >= 10  # "0 7 7 0 0 9 0 0 1 2 3"
        if not (is_label or is_code or after_label or long_number):
            continue
        for i, c in enumerate(part, start=start):
            if not c.isalnum():
                keep[i] = False
        changed = True
    return changed
