"""Great ages written without "aged" or "years old", the way tired trainees write them: a bare
number opening a note ("99, and she says...", "106!!!", "90 next month"), a number after "pt" or
a relation ("pt 103", "her nan (96)"), a number set off by commas before what comes next
("grandfather, 92 and still in the village"), a birthday to come ("he's 100 on Sunday"), the
decade in words after a person ("in her nineties"), a year of birth that makes the person 90
or more ("born in 1931"), "a man of 93", "F/93", and ninety in the languages of UK clinics ("Mam
dziewięćdziesiąt siedem lat", "doksan beş").

Each is a WARN (age_over_89); the number must be 90 to 119 and what follows must not make it a
dose, a score, a count or a time ("90 minutes", "100 mg", "95%"). The other age forms live in
``names.find_old_ages``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator

from bot.domain.deidentify.ids import Hit

_NUM = r"(9\d|1[01]\d)"
# What may follow a bare number for it to read as an age.
_AGE_NEXT = (
    r"(?=[ \u00a0]*(?:!|\?|,(?![ \u00a0]*\d)|[ \u00a0]+(?:next|this|last|on[ \u00a0]+(?:Sunday|Monday"
    r"|Tuesday|Wednesday|Thursday|Friday|Saturday|her|his|the[ \u00a0]+\w+th)|tomorrow|today"
    r"|now\b|and[ \u00a0]+(?:still|lives|wants|has|says|sharp|frail|living|never|no|not|full|\w+ing\b)"
    r"|yo\b|y\.o|years?\b|yrs?\b|in[ \u00a0]+(?:a|two|three|four|six)[ \u00a0]+(?:days?|weeks?|months?))))"
)
# A note that opens with the age: at the start of the text or of a sentence.
_OPENING = re.compile(
    rf"(?:^|(?<=[.!?\n]\s)|(?<=[.!?]\s\s)|(?<=^[\"'(]))(?:[Aa]ged[ \u00a0]+)?{_NUM}{_AGE_NEXT}"
)
# "pt 103", "patient 95,", "her nan (96)", "grandad, 92 and".
# Relations as trainees write them, great-grandparents in shorthand ("ggran", "gg-nan", "gt-gran",
# "GGM") and grandparents in the family's language (Nani, Dadi, Babcia, Nain, Taid, Bunica).
_KIN = (
    r"(?:(?:great|gt|g{1,2})[ \u00a0\-]*)*(?:gran(?:ny|nie|dad|ddad|dpa|dma|dmother|dfather|da)?"
    r"|grandad|granddad|grandpa|grandfather|grandma|grandmother|nan(?:a|na|ny)?|gm|gf|ma|pa)"
    r"|nani|dadi|nana[ \u00a0\-]?ji|nani[ \u00a0\-]?ji|dadi[ \u00a0\-]?ji|babcia|babci|dziadek"
    r"|bunica|bunicul|nain|taid|mamgu|tadcu|bibi|bapu|oma|opa|nonna|nonno|abuela|abuelo|avo|avó"
    r"|bubbe|zayde|yiayia|yaya|mamó|daideo|ayeeyo|awoowe|iya[ \u00a0]agba|mama[ \u00a0]+kubwa"
)
_PERSON = (
    r"(?:pt|patient|lady|gent|gentleman|man|woman|widow|widower|mum|mother|dad|father|aunt"
    r"|auntie|uncle|husband|wife|resident|client|neighbour|neighbor|complainant|victim|witness"
    r"|person|tenant|lodger|friend|veteran|inpatient|nun|priest|vicar|sister|brother|cousin"
    rf"|relative|parishioner|chap|fella|fellow|soul|{_KIN})"
)
_AFTER_PERSON = re.compile(
    rf"\b(?i:{_PERSON})(?:['\u2019]s)?(?:[ \u00a0]+|,[ \u00a0]+|[ \u00a0]*:[ \u00a0]*|[ \u00a0]*\()"
    rf"(?:is[ \u00a0]+|was[ \u00a0]+|now[ \u00a0]+)?{_NUM}"
    r"(?:\)|(?:y|yo|yrs?|th)\b|(?![\w%/.:]|[ \u00a0]*(?:mg|mcg|ml|%|units?|bpm|mmHg|kg|cm|minutes?"
    r"|mins?|hours?|days?|weeks?|points?|times|percent|out[ \u00a0]+of)\b))"
)
# "a man of 93", "a lady of 101": "of" and the age after a person.
_PERSON_OF = re.compile(
    r"\b(?i:man|woman|lady|gentleman|gent|widow|widower|person|patient|chap|fellow|soul|nun|priest"
    rf"|veteran)[ \u00a0]+of[ \u00a0]+{_NUM}(?![\w%/.:]|\.\d|[ \u00a0]*(?:mg|kg|%|units?|points?"
    r"|percent|minutes?|mins?|hours?|days?|weeks?|years?[ \u00a0]+(?:service|standing|experience)))"
)
# Age and sex as clinical shorthand with a slash: "F/93", "M/101", "93/F".
# (The copy reads "F/93" as "F 93": a separator inside a code is made a space.)
_SEX_SLASH = re.compile(
    r"(?:(?<=(?<![\w/])[FM][/ ])|(?<![\w/])(?=(?:9\d|1[01]\d)[/ ][FM](?![\w/]|\.\d)))"
    rf"{_NUM}(?![\w/]|\.\d)"
)
# A patient's own words: "I'm 94, she said", "I am 101 and I'll do as I like", "a 90+ year old".
_SELF_AGE = re.compile(
    rf"\b(?:I['\u2019]m|I[ \u00a0]am|I[ \u00a0]was)[ \u00a0]+(?:nearly[ \u00a0]+|almost[ \u00a0]+)?{_NUM}"
    r"(?=[ \u00a0]*(?:[,.;!?\"'\u201d)]|$|and\b|now\b|next\b|years?\b|y/?o\b))"
)
_PLUS_AGE = re.compile(rf"(?<![\w.]){_NUM}\+[ \u00a0\-]*(?:years?|yrs?)[ \u00a0\-]*old\b")
# "(retired GP, 93)": a description set off in brackets, the age last.
_BRACKETED = re.compile(rf"(?<=[A-Za-z]),[ \u00a0]{_NUM}\)")
# "died at 102", "the oldest patient I've assessed, at 102,": an age after a death or a record.
_DIED_AT = re.compile(
    r"\b(?i:died|passed(?:[ \u00a0]+away)?|death|oldest|eldest)\b[^.;!?\d]{0,60}?\b(?i:at|aged)"
    rf"[ \u00a0]+(?:(?i:the[ \u00a0]+age[ \u00a0]+of)[ \u00a0]+)?{_NUM}(?![\w%/.:]|\.\d)"
)
# "the great-gran's hundredth", "gg-nan's 90th": a relation's birthday by its number.
_KIN_ORDINAL = re.compile(
    rf"\b(?i:{_KIN})['\u2019]s[ \u00a0]+((?:9\d|1[01]\d)(?:st|nd|rd|th)|(?i:hundredth|ninetieth"
    r"|ninety[ \u00a0\-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)))\b"
)
# What every _KIN_ORDINAL match holds (found fast: the pattern starts with a character class).
_KIN_ORDINAL_HINT = re.compile(r"['\u2019]s[ \u00a0]+(?:9\d|1[01]\d|(?i:hundredth|ninet))")
# "Gift's grandfather, 92 and still...", "old boy in bed 5, 99 next month".
_APPOSED = re.compile(rf"(?<=[A-Za-z0-9]),[ \u00a0]{_NUM}{_AGE_NEXT}")
_WORDS = (
    r"(?:ninety(?:[\s\-](?:one|two|three|four|five|six|seven|eight|nine))?|a[ \u00a0]hundred"
    r"(?:[ \u00a0]and[ \u00a0](?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
)
# "He's 100 on Sunday", "she'll be 95 next week", "He was ninety on Tuesday".
_BIRTHDAY_TO_COME = re.compile(
    r"\b(?i:he|she|they|who|mum|dad|nan|gran|grandad)(?:['\u2019]s|['\u2019]ll[ \u00a0]+be"
    rf"|[ \u00a0]+(?:is|was|will[ \u00a0]+be|turned|turns))[ \u00a0]+({_NUM[1:-1]}|{_WORDS})"
    r"(?=[ \u00a0]+(?:on|next|this|last|tomorrow|today|yesterday)\b)",
    re.IGNORECASE,
)
# "Mrs Pike is 93", "Mr O'Neill was 101": a titled name, then the age.
_TITLED_AGE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \u00a0]+[A-Z][\w'\u2019\-]*(?:[ \u00a0]+[A-Z][\w'\u2019\-]*)?"
    rf"(?:['\u2019]s|[ \u00a0]+(?:is|was|turned|turns))[ \u00a0]+(?:now[ \u00a0]+|nearly[ \u00a0]+)?{_NUM}"
    r"(?![\w%/]|\.\d|[ \u00a0]*(?:%|mg|kg|units?|points?|percent|on[ \u00a0]+the))"
)
# "in her nineties" (the decade in words, after a person; "late nineties" is found elsewhere).
_DECADE_WORDS = re.compile(r"\b[Ii]n[ \u00a0]+(?:her|his|their)[ \u00a0]+(nineties|hundreds)\b")
# A year of birth that makes someone 90 or more: "born in 1931", "b. 1929", "(b.1934)".
_BORN_YEAR = re.compile(
    r"\b(?:born(?:[ \u00a0]+(?:in|back[ \u00a0]+in))?|b\.|DOB|D\.O\.B\.?|YOB|date[ \u00a0]+of[ \u00a0]+birth"
    r"|year[ \u00a0]+of[ \u00a0]+birth)[ \u00a0]*:?[ \u00a0]*((?:18|19)\d{2})(?![\d/.\-])",
    re.IGNORECASE,
)
# A relation a few words before "is 106": "her grandmother in Ibadan is 106 and...".
_RELATION_IS = re.compile(
    rf"\b(?i:{_PERSON[3:-1]})\b[^.;:!?\d]{{0,30}}?\b(?:is|was)[ \u00a0]+(?:now[ \u00a0]+)?{_NUM}"
    r"(?=[ \u00a0]*(?:[,;.!)]|$|and\b|now\b|today\b|next\b|this\b|years?\b))"
)
_MEASURE = re.compile(
    r"\b(?:pressure|rate|sats|saturation|score|temp|temperature|bp|pulse|weight|level|glucose|sugar"
    r"|count|mcv|hb|result|reading|bill|rent|debt|iq|mark|number|room|flat|house|bus)",
    re.IGNORECASE,
)
# "lived to 101", "lives to be a hundred".
_LIVED_TO = re.compile(
    r"\bli(?:ved?|ving)[ \u00a0]+to[ \u00a0]+(?:be[ \u00a0]+)?(9\d|1[01]\d|a[ \u00a0]hundred(?:[ \u00a0]and[ \u00a0]\w+)?)\b",
    re.IGNORECASE,
)
# Ninety (and the nineties) in the languages of patients and families in UK clinics: Polish,
# Romanian, Turkish, Portuguese, Spanish, Italian, French, German, Lithuanian, Somali, Urdu,
# Punjabi and Hindi, Bengali, Arabic, Welsh, Irish and Russian, as typed with or without accents.
# In an English case text these are a quoted age (a price would carry its currency).
_FOREIGN_NINETY = re.compile(
    r"(?<![\w])(?i:dziewi[eę][cć]dziesi[aą]t(?:[ \u00a0]+[a-zęóąśłżźćń]+)?"
    r"|nou[aă]zeci(?:[ \u00a0]+[sșş]i[ \u00a0]+[a-zăâîșşțţ]+)?|doksan(?:[ \u00a0]+[a-zçğıöşü]+)?"
    r"|noventa(?:[ \u00a0]+[ey][ \u00a0]+[a-zçãéêíóú]+)?|novanta[a-z]*"
    r"|quatre[ \-]vingt[ \-](?:dix|onze|douze|treize|quatorze|quinze|seize)(?:[ \-][a-z]+)?"
    r"|[a-z]*undneunzig|neunzig|devyniasde[sš]imt[a-zė]*|sagaashan|nabb[ea]y?|nobboi"
    r"|tis['\u2019]?[ae]e?n|naw[ ]?deg|nócha|дeвянocтo)(?![\w])"
)
# What each word of _FOREIGN_NINETY holds (lower case): the pattern runs only where one is.
_FOREIGN_HINTS = (
    "dziewi", "zeci", "doksan", "novent", "novant", "vingt", "neunzig", "devynias", "sagaashan",
    "nabb", "nobboi", "tis", "naw", "nócha", "вян",
)  # fmt: skip
_FOREIGN_CURRENCY = re.compile(
    r"[ \u00a0]*(?i:euros?|eur\b|€|z[lł]|zloty|lei\b|lira|lire|pesos?|dollars?|pounds?|\$|£)"
)
_NUMBER = re.compile(r"(?<!\d)(?:9\d|1[01]\d)(?!\d)")
_WORD_HINT = re.compile(r"ninet|hundred", re.IGNORECASE)
_BORN_HINT = re.compile(
    r"born|(?<![\w.])b\.[ \u00a0]*\d|dob|d\.o\.b|yob|birth[ \u00a0]*:?[ \u00a0]*(?:18|19)",
    re.IGNORECASE,
)


def _last_word(text: str, start: int, end: int) -> str:
    """The word before "is" or "was" in ``text[start:end]`` ("rate" in "her dad's heart rate
    was"): a measure named there makes the number no age; one named earlier ("the lady on the
    ward next door is 91") does not."""
    words = text[start:end].split()
    return words[-2] if len(words) >= 2 else ""


def find_bare_old_ages(text: str) -> Iterator[Hit]:
    """Ages of 90 to 119 given as a bare number, a decade in words or a year of birth. Each
    pattern is tried only around a number from 90 to 119 (or after its own word)."""
    for n in _NUMBER.finditer(text):
        lo, hi = max(0, n.start() - 80), min(len(text), n.end() + 40)
        for rx in (
            _OPENING,
            _AFTER_PERSON,
            _APPOSED,
            _BIRTHDAY_TO_COME,
            _TITLED_AGE,
            _LIVED_TO,
            _RELATION_IS,
            _DIED_AT,
            _PERSON_OF,
            _SELF_AGE,
            _PLUS_AGE,
            _SEX_SLASH,
            _BRACKETED,
        ):
            m = rx.search(text, lo, hi)
            while m and m.start(1) < n.start():
                m = rx.search(text, m.start(1) + 1, hi)
            if m and m.start(1) == n.start():
                if rx is _RELATION_IS and _MEASURE.search(_last_word(text, m.start(), m.start(1))):
                    continue  # "her dad's heart rate was 104."
                yield Hit(m.start(1), m.end(1), "age_over_89", "gives an exact age over 89")
                break
    if _KIN_ORDINAL_HINT.search(text):
        for m in _KIN_ORDINAL.finditer(text):
            yield Hit(m.start(1), m.end(1), "age_over_89", "a relation's birthday over 89")
    if _WORD_HINT.search(text):
        for m in _BIRTHDAY_TO_COME.finditer(text):
            if not m.group(1)[0].isdigit():
                yield Hit(m.start(1), m.end(1), "age_over_89", "gives an exact age over 89")
        for m in _LIVED_TO.finditer(text):
            if not m.group(1)[0].isdigit():
                yield Hit(m.start(1), m.end(1), "age_over_89", "gives an exact age over 89")
        for m in _DECADE_WORDS.finditer(text):
            yield Hit(m.start(), m.end(), "age_over_89", "narrows an age over 89")
    low = text.lower()
    for m in _FOREIGN_NINETY.finditer(text) if any(w in low for w in _FOREIGN_HINTS) else ():
        if not _FOREIGN_CURRENCY.match(text, m.end()):
            yield Hit(m.start(), m.end(), "age_over_89", "an age over 89 in another language")
    if any(w in low for w in ("born", "b.", "dob", "d.o.b", "yob", "birth")) and _BORN_HINT.search(
        text
    ):
        this_year = _dt.date.today().year
        for m in _BORN_YEAR.finditer(text):
            if 1880 <= int(m.group(1)) <= this_year - 90:
                yield Hit(m.start(1), m.end(1), "age_over_89", "a year of birth over 89 years ago")
