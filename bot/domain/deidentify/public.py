"""Public things a trainee names in a case without identifying anyone: singers and footballers,
clubs, TV shows and films, songs, brands, shops and products, charities, storms ("she quotes
Taylor Swift", "sang Sweet Caroline", "a big Man United fan", "Earl Grey, two sugars", "Storm
Darragh took the roof off"). A warning on a name or place inside one of these is dropped
(``bot.domain.deidentify``; the name detectors may ask ``public_spans`` too).

The list is the gate's own (data/public.txt, about a thousand phrases; see SOURCES.md). A
phrase of two words or more is public wherever it stands, unless a word just before makes it a
person ("her son Tom Jones", "a lad called Harry Kane", "Mr ..."). A one-word phrase that is also
a given name, a surname, an English word or a UK place ("Adele", "Rooney", "Everton", "Marvel")
is public only
where a word of its kind is near ("sang Delilah", "an Everton fan", "asked Alexa") and, for a
place, not right after "in", "at", "from"...; other one-word phrases ("Messi", "Heartstopper",
"Tyskie") are public anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources

# Words near a one-word phrase that say which kind of public thing it is, by section.
_MUSIC = (
    r"sang|sing|sings|singing|songs?|tunes?|radio|albums?|lyrics?|concerts?|gigs?|tour|tickets?"
    r"|karaoke|playlist|music|listen\w*|came[ \u00a0]+on|plays?|played|playing|hum\w*|band|tracks?"
    r"|spotify|youtube|fans?|posters?|dance[ds]?|dancing"
)
_SCREEN = (
    r"watch\w*|telly|tv|episodes?|series|films?|movies?|box[ \u00a0]+set|netflix|iplayer|characters?"
    r"|quot\w*|impression|cartoons?|games?|plays?|played|playing|console|xbox|playstation|cinema"
    r"|fans?|posters?|costume|dressed[ \u00a0]+(?:up[ \u00a0]+)?as|(?:was|is)[ \u00a0]+on|on[ \u00a0]+loop"
    r"|on[ \u00a0]+repeat|background|day[ \u00a0]?room|lounge|tablet|headphones|boxset|binge\w*"
)
_SPORT = (
    r"fans?|support\w*|match|matches|game|games|won|win|wins|lost|lose|loses|beat|beaten|scor\w*"
    r"|goals?|shirts?|kit|season|league|cup|stadium|football|footy|rugby|boxing|fight|manager"
    r"|vs\.?|v\.?|derby|tickets?|posters?|team|races?|racing|horses?|bets?|betting|festival"
    r"|leaving|left|sacked|signed|signing|transfer|club|pundit|knighted"
)
_NEWS = (
    r"news|government|prime[ \u00a0]+minister|pm|president|elections?|vot\w*|tory|tories|labour"
    r"|brexit|minister|mayor|king|queen|royal|speech|blames?|protests?|politics|politicians?"
)
_BOOKS = (
    r"books?|novels?|poems?|poetry|quot\w*|read|reading|wrote|writer|author|paintings?|says"
    r"|recommends?|suggests?|advises?|guidance|guidelines?|pages?|chapters?|edition|according"
    r"|re-?read\w*|verses?|bible|library|reading[ \u00a0]+group|book[ \u00a0]+club"
)
_FAITH = r"pray\w*|church|mass|saint|god|holy|statue|medal|shrine|pilgrimage|prophet|temple"
_SHOP = (
    r"bottles?|cans?|pints?|drinks?|drinking|drank|vodka|lager|cider|beer|wine|whisky|buy\w*"
    r"|bought|shop\w*|brand|box|packet|pack|bags?|jacket|hoodie|trainers|coat|tea|coffee|cups?"
    r"|mugs?|ate|eat\w*|app|phone|order\w*|deliver\w*|smok\w*|vap\w*|sells?|sold"
    r"|store|works?[ \u00a0]+(?:at|for)|voucher|charity|worker|volunteer\w*|helpline"
)
_CUES = {
    "people": "|".join((_MUSIC, _SCREEN, _SPORT, _NEWS, _BOOKS, _FAITH)),
    "clubs": _SPORT,
    "tv": _SCREEN,
    "songs": _MUSIC,
    "brands": _SHOP,
    "books": _BOOKS,
    "places": r"visit\w*|trip|holiday|walk\w*|climb\w*|view|tourist\w*",
    "assistants": r"play\w*|999|timer|alarm|speaker|device|spying|listening|smart|google|amazon"
    r"|apple|iphone|asked|ask|hey|ok|set|turn\w*|switch\w*|radio|music",
}
_CUE_RX = {k: re.compile(rf"(?<![\w])(?:{v})(?![\w])", re.IGNORECASE) for k, v in _CUES.items()}

# A word just before that makes the phrase a person or a place of the story.
_PERSON_BEFORE = re.compile(
    r"(?<![\w])(?:son|daughter|husband|wife|mum|mam|mother|dad|father|brother|sister|partner"
    r"|boyfriend|girlfriend|fianc[eé]e?|nan|nana|gran|granny|grandma|grandad|grandson"
    r"|granddaughter|uncle|auntie|aunt|cousin|nephew|niece|baby|child|patient|pt|client"
    r"|called|named|mr|mrs|ms|miss|mx|dr|prof|nurse|sister|colleague|friend|neighbour|lad|boy"
    r"|girl|man|woman|bloke)\.?,?[ \u00a0]+$",
    re.IGNORECASE,
)
_LOCATIVE_BEFORE = re.compile(
    r"(?<![\w])(?:in|at|from|near|to|outside|around|round|via|into|towards|nr|off|on)"
    r"[ \u00a0]+(?:the[ \u00a0]+)?$",
    re.IGNORECASE,
)
# After it, what makes it a person of the story ("Marvel, 15,", "Kylie (19)") or a place named
# after someone ("Churchill Hospital", "Darwin Ward", "Lowry Centre").
_AFTER = re.compile(
    r"(?:[ \u00a0]*(?:,[ \u00a0]*\d{1,3}[ \u00a0]*(?:,|\)|yo\b|y/o|years?\b|yrs?\b)"
    r"|\([ \u00a0]*\d{1,3}[ \u00a0]*\))|['\u2019]?s?[ \u00a0]+(?:Hospital|Infirmary|Ward|Unit"
    r"|Clinic|Centre|Center|House|Lodge|Court|School|Academy|College|Primary|High|Church|Chapel"
    r"|Mosque|Gurdwara|Temple|Surgery|Practice|Road|Street|Avenue|Lane|Drive|Close|Estate|Park"
    r"|Hall|Building|Wing|Suite|Prison)\b"
    r"|['\u2019]s[ \u00a0]+(?:mum|mam|mom|mother|dad|father|brother|sister|nan|gran|grandma"
    r"|grandad|son|daughter|husband|wife|partner|boyfriend|girlfriend|teacher|carer|social"
    r"[ \u00a0]+worker|foster|keyworker|school|class|room|bed|key[ \u00a0]?worker)\b)"
)
# Named storms and hurricanes ("Storm Arwen", "Hurricane Katrina").
_STORM = re.compile(
    r"(?<![\w])(?:Storm|Hurricane|Typhoon|Cyclone|Tropical[ \u00a0]Storm)[ \u00a0]+[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]+"
)
_TOKEN = re.compile(r"[^\W_]+")
_JOIN = re.compile(r"[ \u00a0]*[&+/.,!'\u2019\-]?[ \u00a0]*")


def _fold(token: str) -> str:
    """Look-up key of one token: lower case, accents dropped ("Lân" -> "lan", "Ż" -> "z")."""
    low = token.lower()
    if not low.isascii():
        low = unicodedata.normalize("NFKD", low.replace("\u0142", "l"))
        low = "".join(c for c in low if c.isascii())
    return low


_Phrases = tuple[tuple[tuple[str, ...], str], ...]


@cache
def _table() -> tuple[dict[str, str], dict[tuple[str, str], _Phrases]]:
    """One-word phrases (key -> section), and longer ones by their first two keys ((keys,
    section), longest first)."""
    text = (
        resources.files("bot.domain.deidentify").joinpath("data", "public.txt").read_text("utf-8")
    )
    section = ""
    singles: dict[str, str] = {}
    longer: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        for phrase in line.split(";"):
            keys = tuple(_fold(t) for t in _TOKEN.findall(phrase))
            if len(keys) == 1:
                singles.setdefault(keys[0], section)
            elif keys:
                longer.setdefault((keys[0], keys[1]), []).append((keys, section))
    return singles, {k: tuple(sorted(set(v), key=lambda p: -len(p[0]))) for k, v in longer.items()}


@cache
def _clashes() -> tuple[frozenset[str], frozenset[str]]:
    """The one-word phrases that are also given names, surnames or English words (a name may be
    one: "Hope", "Ash"), and those that are UK places."""
    from bot.domain.deidentify.given import _big_places, english_words, given_names  # noqa: PLC0415
    from bot.domain.deidentify.lexicon import places, surnames  # noqa: PLC0415
    from bot.domain.deidentify.places import DISTRICTS, _cue_only  # noqa: PLC0415

    singles = set(_table()[0])
    given, family, big, towns = given_names(), surnames(), _big_places(), places()
    listed = _cue_only()
    english = english_words()
    people = frozenset(w for w in singles if w in given or w in family or w in english)
    where = frozenset(
        w for w in singles if w in big or w in DISTRICTS or w in listed or (w,) in towns.get(w, ())
    )
    return people, where


def _spans(text: str) -> Iterator[tuple[int, int, int, str]]:
    """(start, end, number of words, section) of every listed phrase in ``text``."""
    singles, longer = _table()
    toks = list(_TOKEN.finditer(text))
    keys = [t.group().lower() if t.group().isascii() else _fold(t.group()) for t in toks]
    count = len(toks)
    i = 0
    while i < count:
        found = None
        for phrase, section in longer.get((keys[i], keys[i + 1]), ()) if i + 1 < count else ():
            n = len(phrase)
            if tuple(keys[i : i + n]) == phrase and all(
                _JOIN.fullmatch(text, toks[j].end(), toks[j + 1].start())
                for j in range(i, i + n - 1)
            ):
                found = (n, section)
                break
        if found is None and keys[i] in singles:
            found = (1, singles[keys[i]])
        if found is None:
            i += 1
            continue
        n, section = found
        end = toks[i + n - 1].end()
        if (
            i + n < count
            and keys[i + n] == "s"
            and text[end : toks[i + n].start()] in ("'", "\u2019")
        ):
            end = toks[i + n].end()  # "Sainsbury's", "Jack Daniel's"
        yield toks[i].start(), end, n, section
        i += n


def public_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a public person, club, show, song, brand, shop, charity or storm
    that identifies nobody: (start, end) pairs, in order. A public person named in full names
    the same person again by either name ("Van Morrison ... thinks Van is writing to him")."""
    out = [(m.start(), m.end()) for m in _STORM.finditer(text)]
    short: set[str] = set()  # first and last words of the public people named in full
    for start, end, n, section in _spans(text):
        before = text[max(0, start - 24) : start]
        if _PERSON_BEFORE.search(before) or named_after(text, end):
            continue
        if n > 1 and section == "people":
            words = _TOKEN.findall(text[start:end].split("'")[0].split("\u2019")[0])
            short.update(_fold(w) for w in (words[0], words[-1]) if w[:1].isupper())
        if n == 1:
            people, where = _clashes()
            word = _fold(text[start:end].split("'")[0].split("\u2019")[0])
            if word in people or word in where:
                if word in where and _LOCATIVE_BEFORE.search(before):
                    continue
                window = text[max(0, start - 60) : end + 60]
                if not _CUE_RX[section].search(window.replace(text[start:end], " ")):
                    continue
        out.append((start, end))
    if short:
        for m in _TOKEN.finditer(text):
            if (
                m.group()[:1].isupper()
                and _fold(m.group()) in short
                and not _PERSON_BEFORE.search(text[max(0, m.start() - 24) : m.start()])
            ):
                out.append((m.start(), m.end()))
    return sorted(out)


def public_near(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``public_spans`` read only around ``spans`` (the warnings of a scan): 100 characters
    either side, joined where they meet, so a long text with few warnings costs little."""
    windows: list[list[int]] = []
    for s, e in sorted(spans):
        lo, hi = max(0, s - 100), min(len(text), e + 100)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    out = []
    for lo, hi in windows:
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1  # start and end on a word's edge
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        out += [(lo + a, lo + b) for a, b in public_spans(text[lo:hi])]
    return out


def named_after(text: str, end: int) -> bool:
    """Whether what follows ``text[:end]`` makes it a person of the story ("Marvel, 15,") or a
    place named after someone ("Churchill Hospital", "Seacole Ward"): then it is not public."""
    return bool(_AFTER.match(text, end))


def is_public(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside a public phrase of ``text``."""
    return any(s <= start and end <= e for s, e in public_spans(text))
