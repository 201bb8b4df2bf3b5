"""A given name on its own: the commonest way a trainee names a patient ("I lost my temper with
Rhys", "spoke to dave again", "Oluwaseun said...", "her son Callum").

Names are looked up in deid_data/given_names.txt (Faker's first names for the languages of UK
clinics, US and UK census names, hand-made lists for communities Faker lacks, and nicknames; see
SOURCES.md). A name that is no English word is a name wherever it stands, in any case. A name that
is also a word (Hope, Grace, Will, Mark, June, Paris, Frank) is decided by its sentence: capitalised
in the middle of a sentence, after "her son" or "called", before "said" or "told me", in the
possessive, or with a verb after it. A capitalised word in no list at all is a name when the
sentence uses it as a person ("Faadumo said"). A pseudonym the author declares ("I'll call her
Rosa", the form's invented name) is left alone. Everything here only warns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from bot.domain._deid_ids import Hit
from bot.domain._deid_lexicon import _COUNTY_RX, key, load_words, places, word_places
from bot.domain._deid_words import NOT_NAMES, NOT_PATIENT_NAMES, _words
from bot.domain._deid_wordset import WordSet

_LETTER = "A-Za-z\u00c0-\u024f"
_TOKEN = re.compile(rf"[{_LETTER}](?:[{_LETTER}]|['\-](?=[{_LETTER}]))*")


@cache
def given_names() -> WordSet:
    return load_words("given_names.txt")


@cache
def english_words() -> WordSet:
    """Lower-case English words (SCOWL), as keys."""
    return load_words("english_words.txt")


# Calendar words and others that are names only where the sentence says so ("June said").
_CALENDAR = _words(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday christmas easter"""
)
# Lower-case words of text-speak and clinical shorthand that name lists happen to hold.
_NOT_LOWER = _words(
    """lol tbh omg idk imo ngl smh ffs obvs defo tho thru cos coz pls plz ur ya yeah yep nah meh
    dunno gonna wanna innit bruv hun babe pt pts hx dx sx tx rx mse cpa cto ect gp gps cpn rmn sho
    reg fy ct st ot hca icu itu ae dna mdt bpd eupd adhd asd ocd ptsd lsd mdma thc cbd ket fam
    bro sis mum mam nan gran dad mom bae aka asap btw fyi irl tmi nvm wtf rip dm dms pm am etc
    esp approx ref misc info admin uni tho ppl bday mins hrs wks yrs ish tho vs via re per"""
)
# Roles and kin before a name: "her son Callum", "my patient Oluwaseun", "the ward sister, Bernie".
_KIN = (
    r"(?:son|daughter|brother|sister|husband|wife|partner|boyfriend|girlfriend|fianc[eé]e?|mum"
    r"|mam|mom|mother|dad|father|friend|mate|cousin|uncle|aunt|auntie|nephew|niece|grandson"
    r"|granddaughter|grandma|grandad|gran|nan|stepson|stepdaughter|stepdad|stepmum|ex|baby|girl"
    r"|boy|lad|lass|kid|child|carer|neighbour|flatmate|housemate|patient|client|man|woman"
    r"|gentleman|lady|guy|bloke|colleague|sister|nurse|keyworker|key worker|support worker"
    r"|social worker|care coordinator|twin|sibling|eldest|youngest|little one)"
)
_BEFORE_STRONG = re.compile(
    rf"(?:\b(?:his|her|their|my|our|the|a|an|whose|older|younger|little|big|eldest|youngest)"
    rf"[ \u00a0]+(?:\w+[ \u00a0]+)?{_KIN},?[ \u00a0]+"
    r"|\b(?:called|named|name\s+is|name\s+was|name's|known\s+as|calls\s+(?:him|her|them)(?:self)?"
    r"|call(?:s|ed)?\s+(?:him|her|them)|goes\s+by|aka)[ \u00a0]+"
    r"|\b(?:big|little|old|young|wee|poor)[ \u00a0]+)$",
    re.IGNORECASE,
)
# Verbs that take a person: "told Will", "saw jack in clinic", "spoke to dave", "with Rhys".
_BEFORE_VERB = re.compile(
    r"\b(?:saw|see|seen|seeing|met|meet|meeting|told|tell|telling|asked|ask|asking|rang|ring"
    r"|ringing|phoned|phone|phoning|called|visited|visiting|reviewed|reviewing|assessed|assessing"
    r"|admitted|discharged|sectioned|restrained|secluded|clerked|interviewed|texted|emailed"
    r"|thanked|hugged|reassured|warned|reminded|promised|helped|helping|like|liked|love|loved"
    r"|miss|missed|hate|hated|(?:spoke|speak|speaking|talked|talk|talking|went|go|going|came|"
    r"listened|listen|listening|wrote|write|writing|lied|apologised|apologized|shouted|shout"
    r"|explained|explain|said|say|introduced|referred|sent|send|gave|give|handed|hand)[ \u00a0]+"
    r"(?:back[ \u00a0]+)?(?:to|with|about|for)|with|for|and|by|from|against|behind|beside|sat[ \u00a0]+with)"
    r"[ \u00a0]+$",
    re.IGNORECASE,
)
# Verbs after a person: "Rose told me", "Will keeps asking", "April has had", "Frank was a
# miner", "Summer self-harmed". Checked on the word after the name (and "'s" forms).
_AFTER_VERBS = _words(
    """said says told tells asked asks rang rings phoned phones called calls texted texts emailed
    wrote writes cried cries shouted shouts screamed screams laughed laughs smiled smiles came
    comes went goes turned turns kept keeps wants wanted wouldn't won't doesn't didn't isn't
    wasn't can't couldn't hasn't hadn't is was has had does did will would could should might
    must can gets got getting gave gives took takes made makes brought brings left leaves
    stopped stops started starts refused refuses denied denies admitted admits agreed agrees
    looked looks seemed seems sat sits stood stands walked walks ran runs lives lived works worked
    died dies thinks thought believes believed feels felt knows knew says reckons reckoned
    insisted insists explained explains complained complains apologised apologises apologized
    threatened threatens hit hits punched kicked spat threw throws smashed broke broke tried tries
    needs needed likes liked loves loved hates hated misses missed remembers remembered
    forgot forgets reminds reminded brought sent sends arrived arrives returned returns absconded
    absconds disclosed discloses drinks drank uses used smokes smoked self harmed overdosed
    attempted attends attended missed dnad cancelled cancels rings replied replies answered
    answers whispered whispers mumbled muttered sighed nodded shrugged winked stared glared
    wept sobbed begged pleaded demanded demands accused accuses blamed blames thanked thanks
    hugged hugs grabbed grabs followed follows waited waits sleeps slept eats ate hears heard
    sees saw speaks spoke talks talked listens listened understands understood wonders wondered
    asked showed shows brought wears wore drives drove plays played has"""
)
_STRONG_AFTER = _AFTER_VERBS - _words(
    "is was has had does did will would could should might must can gets got"
)
_KIN_BEFORE = re.compile(
    rf"(?:\b(?:his|her|their|my|our|the|a|an|whose|older|younger|little|big|eldest|youngest)"
    rf"[ \u00a0]+(?:\w+[ \u00a0]+)?{_KIN},?[ \u00a0]+"
    r"|\b(?:called|named|name\s+is|name\s+was|name's|known\s+as|calls\s+(?:him|her|them)(?:self)?"
    r"|call(?:s|ed)?\s+(?:him|her|them)|goes\s+by|aka"
    r"|(?<![\w'])(?:auntie|aunty|aunt|uncle|nana|nanna|grandma|grandad|cousin))[ \u00a0]+)$",
    re.IGNORECASE,
)
# Verbs whose object is a person: a lower-case name that is also a word after them ("saw jack").
_DIRECT_VERB = re.compile(
    r"\b(?:saw|seen|met|told|asked|rang|phoned|visited|reviewed|assessed|admitted|discharged"
    r"|sectioned|texted|thanked|hugged|clerked)[ \u00a0]+$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"(?:['\u2019]s[ \u00a0]+(?:\w+)|,[ \u00a0]+(?:who|whose|aged|age|\d)|[ \u00a0]+\(?\d{1,2}\)?"
    r"(?:[ \u00a0]*(?:yo|y/o|year|years|[FMfm]\b)|[,)])"
    rf"|[ \u00a0]*[(,][ \u00a0]*(?:his|her|their|my|the)[ \u00a0]+(?:\w+[ \u00a0]+)?{_KIN}\b"
    r"|[ \u00a0]+from[ \u00a0]+(?:the|her|his|their|our)[ \u00a0]+)",
    re.IGNORECASE,
)
# Where a capitalised word is a place, not a person: "in Paris", "moved to Chester".
_PLACE_BEFORE = re.compile(
    r"\b(?:in|near|outside|around|across|visit(?:ed|ing|s)?|(?:mov\w*|went|go|goes|going|gone"
    r"|travel\w*|back|holiday\w*|trip|flew|fly|drove|emigrated|relocated|return\w*)[ \u00a0]+to)"
    r"[ \u00a0]+(?:the[ \u00a0]+)?$",
    re.IGNORECASE,
)
# A determiner makes a capitalised word a thing: "the Grace period", "a Summer fair", "my Will".
_DETERMINER = re.compile(
    r"\b(?:the|a|an|this|that|these|those|every|each|no|some|any)[ \u00a0]+$", re.IGNORECASE
)
# Pseudonyms the author declares: "I'll call her Rosa", "Rosa (not her real name)".
_PSEUDONYM = re.compile(
    rf"\b(?:i['\u2019]ll|i\s+will|we['\u2019]ll|we\s+will|let['\u2019]s|let\s+us|i['\u2019]ve"
    rf"|i\s+have|i['\u2019]m\s+going\s+to|shall|whom\s+i['\u2019]ll|who\s+i['\u2019]ll|i)\s+"
    rf"(?:call|calling|called|name|named|refer\s+to)\s+(?:him|her|them|the\s+patient|this\s+patient"
    rf"|my\s+patient|this\s+(?:man|woman|lad|girl|boy|person))?\s*(?:as\s+)?['\"\u2018\u201c]?"
    rf"(?P<a>[{_LETTER}]+)"
    rf"|(?P<b>[{_LETTER}]+)['\"\u2019\u201d]?\s*[(,\-\u2013]\s*(?:not\s+(?:his|her|their)\s+real\s+name"
    rf"|a\s+pseudonym|pseudonym|name\s+changed|not\s+real\s+name|invented\s+name"
    rf"|as\s+(?:i['\u2019]ll|i\s+will|we['\u2019]ll|we\s+will|i['\u2019]m\s+going\s+to|i['\u2019]ve)"
    rf"\s+call(?:ed)?\s+(?:him|her|them))",
    re.IGNORECASE,
)
# Nicknames British English makes of names: "Kezza", "Dazza", "Shazza", "Robbo", "Jonno".
_NICKNAME = re.compile(r"[A-Z][a-z]{1,5}(?:zza|zzer|zzie|bbo|nno|cca|zz)")
# Words that end like a drug or a diagnosis are not names ("Clozapine was restarted").
_JARGON = re.compile(
    r"(?:pine|zine|done|zole|pam|lam|xetine|pramine|tyline|azine|idone|apine|mab|phrenia|mania"
    r"|osis|itis|pathy|emia|aemia|algia|ectomy|otomy|ology|ism|ist|ics)$"
)
_ABSTRACT = _words(
    """hope joy faith grace patience charity chance summer autumn winter spring honey love peace
    destiny harmony liberty justice mercy trinity heaven star storm sky rain"""
)
_WEAK = _words("is was has had can will does did may might could would")
# After "is"/"was": what makes the subject a person ("Hope is 19", "Joy is the one I...").
_PERSON_STATE = re.compile(
    r"[ \u00a0]+(?:\d|the[ \u00a0]+one\b|back\b|still\b|now\b|always\b|never\b|\w+ing\b)",
    re.IGNORECASE,
)
_SENT_END = re.compile(r"(?:^|[.!?:;\n\u2022*\-\u2013\u2014\"(]\s*|\.\s*['\"]?\s*)$")


def is_given_name(word: str) -> bool:
    """A given name of the lists (in any case), possessive or not."""
    w, _ = _strip_possessive(word.strip(".,;:!?\"'()"))
    return bool(w) and key(w) in given_names()


_PSEUDONYM_HINT = re.compile(r"call|pseudonym|real\s+name|name\s+changed|invented", re.IGNORECASE)


def declared_pseudonyms(text: str) -> set[str]:
    """Keys of the invented names the author says they use ("I'll call her Rosa")."""
    if not _PSEUDONYM_HINT.search(text):
        return set()
    return {key(m.group("a") or m.group("b")) for m in _PSEUDONYM.finditer(text)}


def _at_start(text: str, pos: int) -> bool:
    return pos == 0 or bool(_SENT_END.search(text[max(0, pos - 4) : pos])) or not text[:pos].strip()


def _strip_possessive(w: str) -> tuple[str, bool]:
    if len(w) > 3 and w[-2:].lower() in ("'s", "\u2019s"):
        return w[:-2], True
    return w, False


# Kin and roles used as names ("Nan brought him up", "Mum said"): they name nobody.
_KIN_WORDS = _words(
    """nan nana nanna nanny gran granny grandma grandmam grandad grandpa grampa mum mam mom mummy
    mammy dad daddy papa pops auntie aunty uncle sis bro hubby wifey bestie boss doc sarge"""
)
_TITLES = _words("mr mrs ms miss mx dr prof sir dame lord lady master madam")
_CONTRACTION = re.compile(r"['\u2019](?:ve|re|ll|d|m|t)$", re.IGNORECASE)
# Capitals inside a word make it an acronym or a product ("QTc", "HbA1c", "iPhone"); McAllister,
# O'Brien, MacLeod, DeShawn, LaToya are names.
_ACRONYMISH = re.compile(r"(?!(?:Mc|Mac|O'|D'|De|Di|Da|La|Le|Van|Von|Fitz)[A-Z])[A-Za-z]+[A-Z]")


def _title_case_text(tokens: list[tuple[int, int, str]]) -> bool:
    """A heading or theme written In Title Case: capitals say nothing about names there."""
    words = [t for t in tokens if len(t[2]) > 3]
    return len(words) >= 3 and sum(t[2][0].isupper() for t in words) / len(words) > 0.7


def find_given_names(text: str, pseudonyms: Iterable[str] = ()) -> Iterator[Hit]:
    """Given names on their own, decided by the lists and the sentence (module docstring)."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    if not toks:
        return
    given, english = given_names(), english_words()
    skip = {key(p) for p in pseudonyms if p} | declared_pseudonyms(text)
    titled_text = _title_case_text(toks)
    for i, (s, e, raw) in enumerate(toks):
        w, poss = _strip_possessive(raw)
        k = key(w)
        if len(k) < 2 or k in skip:
            continue
        if k in _KIN_WORDS:
            # "Nan brought him up" names nobody; "Nana Adjei-Mensah" is a name (Nana is a
            # Ghanaian given name too).
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if (
                nxt
                and w[0].isupper()
                and text[e : nxt[0]] == " "
                and nxt[2][0].isupper()
                and key(nxt[2]) not in NOT_NAMES
                and key(nxt[2]) not in english
            ):
                yield Hit(s, nxt[1], "first_name", "looks like a name")
            continue
        if ("'" in w or "\u2019" in w) and _CONTRACTION.search(w):
            continue  # "I've", "won't"
        lower = w.islower()
        calendar = k in _CALENDAR or k in NOT_NAMES
        if lower and (calendar or len(k) < 3):
            continue  # "in", "an", "will", "may": the commonest words end here
        if not lower and (_ACRONYMISH.match(w) and not w.isupper() or k in _TITLES):
            continue
        title = w[0].isupper() and not w.isupper()
        upper = w.isupper() and len(w) > 1
        wordlike = calendar or k in english
        in_list = k in given or bool(title and _NICKNAME.fullmatch(w))
        # Cheap tests first: most words are no candidate at all, and the sentence is read
        # (regular expressions on the text before and after) only for those that are.
        if not in_list:
            if wordlike or len(k) < 3 or "-" in w or not (title or lower) or not _could_be_name(k):
                continue
        elif wordlike and lower and (k in NOT_NAMES or len(k) < 3):
            continue
        before = text[max(0, s - 60) : s]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        gap = text[e : nxt[0]] if nxt else ""
        after_word = nxt[2].lower() if nxt and gap in (" ", "\u00a0") else ""
        next_cap = bool(nxt and gap in (" ", "\u00a0") and nxt[2][0].isupper())
        start = _at_start(text, s)
        strong_before = bool(_BEFORE_STRONG.search(before))
        kin_before = bool(_KIN_BEFORE.search(before))
        if (
            k in NOT_PATIENT_NAMES or k in _big_places() or _COUNTY_RX.fullmatch(w)
        ) and not kin_before:
            continue  # "Winnicott", "PARIS" (the record system), "Devon"; not "her girl Paris"
        if nxt and len(k) <= 3 and re.match(r"[ \u00a0]*[\d.]", text[e:]) and not kin_before:
            continue  # "Na 128", "Li 0.8": a laboratory value
        last = after_word.rsplit("-", 1)[-1]
        verb_after = after_word in _AFTER_VERBS or (
            last.endswith("ed") and key(last) in english and len(last) > 3
        )
        person_after = verb_after or poss or bool(_PERSON_AFTER.match(text, e))
        if _PLACE_BEFORE.search(before) and not poss and not strong_before:
            continue  # "in Paris", "moved to Chester": the town (places are the towns' detector's)
        found = False
        if in_list and not wordlike:
            if title:
                found = not next_cap or k in _words("big little old young")
            elif lower:
                found = (
                    len(k) >= 3
                    and k not in _NOT_LOWER
                    and _lower_ok(text, s)
                    and (person_after or kin_before or bool(_BEFORE_VERB.search(before)))
                )
            elif upper:
                found = len(k) >= 3 and (person_after or kin_before) and not _mostly_caps(toks)
        elif in_list:
            # A name that is also a word: only where the sentence makes it a person.
            if kin_before or (strong_before and not lower):
                found = not lower or person_after
            elif title and calendar:
                found = (
                    (after_word in _AFTER_VERBS and after_word not in _WEAK)
                    or poss
                    or (
                        after_word in _WEAK
                        and bool(
                            re.match(
                                r"[ \u00a0]+(?:\d|the[ \u00a0]+one\b)",
                                text[e + len(gap) + len(after_word) :],
                            )
                        )
                    )
                )
            elif title and not start and not titled_text:
                found = (
                    not next_cap
                    and not _DETERMINER.search(before)
                    and (person_after or bool(_BEFORE_VERB.search(before)) or not _is_common(k))
                )
            elif title and start:
                weak = after_word in _WEAK and not poss
                found = not next_cap and (
                    person_after
                    and not weak
                    or weak
                    and (
                        k not in _ABSTRACT
                        or bool(_PERSON_STATE.match(text, e + len(gap) + len(after_word)))
                    )
                )
            elif lower and k not in NOT_NAMES and len(k) >= 3:
                found = bool(_BEFORE_VERB.search(before)) and (
                    person_after or (not _is_common(k) and bool(_DIRECT_VERB.search(before)))
                )
        elif (title or lower) and not wordlike and not next_cap and len(k) >= 3 and "-" not in w:
            # In no list at all: a person only where the sentence uses it as one.
            if lower:
                found = (
                    start and after_word in _STRONG_AFTER and k not in _NOT_LOWER
                ) and _could_be_name(k)
            else:
                found = (person_after or kin_before) and _could_be_name(k)
        if found:
            end = e if poss else s + len(w)
            yield Hit(s, end, "first_name", "looks like a name")


def _is_common(k: str) -> bool:
    """Words too ordinary to be names whenever they are capitalised mid-sentence."""
    return k in _words("will may can mark bill sue rob pat don art job hope joy grace faith")


def _lower_ok(text: str, pos: int) -> bool:
    """A lower-case name counts unless the text is written as code or a list of terms."""
    return text[max(0, pos - 1) : pos] not in ("/", "#", "@", "_", ".")


def _mostly_caps(toks: list[tuple[int, int, str]]) -> bool:
    words = [t for t in toks if len(t[2]) > 2]
    return bool(words) and sum(t[2].isupper() for t in words) / len(words) > 0.5


@cache
def _big_places() -> WordSet:
    """UK cities of 100,000 people or more ("from Aberdeen"): places, not names."""
    return load_words("places_gb_big.txt")


@cache
def _towns() -> frozenset[str]:
    return frozenset(places()) | word_places()


def _could_be_name(k: str) -> bool:
    """A capitalised word in no list: not a town, not jargon, not a known non-name, not a word
    made of words ("Exactly-once") or with an ending names rarely have ("Sharding")."""
    return (
        k not in _towns()
        and not _JARGON.search(k)
        and k not in NOT_NAMES
        and not k.endswith(("ing", "ly", "ed", "tion", "ment", "ness", "able"))
    )
