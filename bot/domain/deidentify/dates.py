"""Full dates the English patterns of ``ids`` do not read (BLOCK as full dates).

- A day and a month with the year said relative to now: "the 14th of March this year", "3rd May
  last year". The year is as certain as a written one.
- A day and the month by its number, then a year: "12th of the 3rd 1987", "the nineteenth of
  the fourth, ninety-six" (how some people say a date of birth aloud).
- A day, a month in one of the languages patients and interpreters in UK clinics write (Welsh,
  Polish, Romanian, Portuguese, Spanish, French, Italian, German, Lithuanian, Turkish), and a
  year: "3 marca 2023", "y pedwerydd ar hugain o Fai 1938", "5 de noviembre de 2020". A month
  and year without a day is no identifier (GATE3.md), here as in English.

Pure functions over the normalised text: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.domain.deidentify.ids import (
    _DAY_WORD,
    _MONTH_ALT,
    _NOT_YEAR_AFTER,
    _SHORT_YEAR_WORDS,
    _YEAR_WORDS,
    Hit,
    _valid_date,
    _year_ok,
    day_value,
)
from bot.domain.deidentify.words import _words

_REL_YEAR = r"(?:(?:this|last|next)[ ]+year|just[ ]+(?:gone|passed|past)\b)"
_DAY_EN = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_DAY_WORD})"
_RELATIVE = re.compile(
    rf"(?<![\w])(?:(?:the[ ]+)?{_DAY_EN}(?:[ ]+of)?[ ]+{_MONTH_ALT}\.?"
    rf"|{_MONTH_ALT}\.?[ ]+(?:the[ ]+)?{_DAY_EN}),?[ ]+{_REL_YEAR}\b",
    re.IGNORECASE,
)

# Month names, with the case forms a date takes (Polish "marca", Lithuanian "kovo") and Welsh
# mutations ("o Fai", "o Fehefin"), with and without their accents.
_FOREIGN_MONTHS = _words(
    # Welsh
    "ionawr chwefror mawrth ebrill mai fai mehefin fehefin gorffennaf orffennaf awst medi fedi"
    " hydref tachwedd dachwedd rhagfyr"
    # Polish (genitive, as in dates, and nominative)
    " stycznia lutego marca kwietnia maja czerwca lipca sierpnia wrzesnia września pazdziernika"
    " października listopada grudnia styczen styczeń luty marzec kwiecien kwiecień maj czerwiec"
    " lipiec sierpien sierpień wrzesien wrzesień pazdziernik październik listopad grudzien grudzień"
    # Romanian
    " ianuarie februarie martie aprilie iunie iulie septembrie octombrie noiembrie decembrie"
    # Portuguese
    " janeiro fevereiro marco março maio junho julho agosto setembro outubro novembro dezembro"
    # Spanish
    " enero febrero marzo mayo junio julio septiembre setiembre octubre noviembre diciembre"
    # French
    " janvier fevrier février mars avril juin juillet aout août octobre decembre décembre"
    # Italian
    " gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre"
    # German
    " januar februar märz marz maerz juni juli oktober dezember"
    # Lithuanian (genitive)
    " sausio vasario kovo balandzio balandžio geguzes gegužės birzelio birželio liepos rugpjucio"
    " rugpjūčio rugsejo rugsėjo spalio lapkricio lapkričio gruodzio gruodžio"
    # Turkish
    " ocak subat şubat mart nisan mayis mayıs haziran temmuz agustos ağustos eylul eylül ekim"
    " kasim kasım aralik aralık"
)
_FOREIGN = "|".join(sorted({re.escape(m) for m in _FOREIGN_MONTHS}, key=len, reverse=True))
# Welsh ordinals for the day: "y degfed", "y pedwerydd ar hugain", "yr unfed ar ddeg".
_WELSH_DAY = (
    r"(?:yr?[ ]+)?(?:cyntaf|ail|trydydd|pedwerydd|pumed|chweched|seithfed|wythfed|nawfed|degfed"
    r"|unfed|deuddegfed|pymthegfed|deunawfed|ugeinfed)(?:[ ]+ar[ ]+(?:ddeg|bymtheg|hugain))?"
)
_DAY_ANY = rf"(?:\d{{1,2}}(?:\.|st|nd|rd|th|er|º|°)?|{_WELSH_DAY})"
_FOREIGN_DATE = re.compile(
    rf"(?<![\w])(?:{_DAY_ANY}[ ]+(?:(?:de|of|o|ar)[ ]+)?(?:{_FOREIGN})\.?,?[ ]+(?:(?:de|del)[ ]+)?"
    rf"(?:19|20)\d\d|(?:19|20)\d\d[ ]*(?:m\.|r\.|\.)?[ ]+(?:{_FOREIGN})[ ]+\d{{1,2}}(?:[ ]*d\.)?)"
    r"(?![\w])",
    re.IGNORECASE,
)
# A number that counts weeks, terms or pages, not a day ("week 2 of March last year", "weeks 2
# and 3 of June last year").
_COUNTED = re.compile(
    r"\b(?:weeks?|wks?|terms?|pages?|parts?|blocks?|cycles?|chapters?|phases?|stages?)[ ]+"
    r"(?:\d{1,2}[ ]*(?:and|or|&|to|-)[ ]*)?$",
    re.IGNORECASE,
)
_FOREIGN_HINT = re.compile(r"(?:19|20)\d\d")

_MONTH_ORDINALS = str.split(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
)
# "12th of the 3rd 1987", "the second of the sixth, seventy-four": the month by its number.
_ORDINAL_MONTH = re.compile(
    rf"(?<![\w])(?:the[ ]+)?(?P<d>{_DAY_EN})[ ]+of[ ]+the[ ]+"
    rf"(?P<m>\d{{1,2}}(?:st|nd|rd|th)|{'|'.join(_MONTH_ORDINALS)}),?[ ]+"
    rf"(?P<y>\d{{4}}|'?\d{{2}}{_NOT_YEAR_AFTER}|{_YEAR_WORDS}|{_SHORT_YEAR_WORDS})(?![\w])",
    re.IGNORECASE,
)


def _ordinal_month_dates(text: str, low: str) -> Iterator[tuple[int, int]]:
    at = low.find(" of the ")
    while at >= 0:  # tried only around each " of the "
        for m in _ORDINAL_MONTH.finditer(text, max(0, at - 30), at + 60):
            mo = m.group("m").lower()
            month = int(mo[:-2]) if mo[0].isdigit() else _MONTH_ORDINALS.index(mo) + 1
            year = _year_ok(m.group("y"))
            if year and 1 <= month <= 12 and _valid_date(day_value(m.group("d")), month, year):
                yield m.span()
        at = low.find(" of the ", at + 1)


def find_other_dates(text: str) -> Iterator[Hit]:
    """Full dates with a relative year or a month in another language (module docstring)."""
    seen: set[tuple[int, int]] = set()
    low = text.lower()
    for word in (" year", " just "):
        at = low.find(word)
        while at >= 0:  # the patterns are tried only around each "year" and each year
            for m in _RELATIVE.finditer(text, max(0, at - 50), at + 12):
                if not _COUNTED.search(text, max(0, m.start() - 24), m.start()):
                    seen.add(m.span())
            at = low.find(word, at + 1)
    seen.update(_ordinal_month_dates(text, low))
    for y in _FOREIGN_HINT.finditer(text):
        for m in _FOREIGN_DATE.finditer(text, max(0, y.start() - 60), y.end() + 30):
            if m.start() <= y.start() and y.end() <= m.end():
                seen.add(m.span())
    for start, end in sorted(seen):
        yield Hit(start, end, "full_date", "is a full date")
