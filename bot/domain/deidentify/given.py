"""A given name on its own: the commonest way a trainee names a patient ("I lost my temper with
Rhys", "spoke to dave again", "Oluwaseun said...", "her son Callum").

Names are looked up in data/given_names.txt (Faker's first names for the languages of UK
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
from functools import cache, lru_cache

from bot.domain.deidentify.ids import Hit
from bot.domain.deidentify.lexicon import (
    _COUNTY_RX,
    _EPONYM_AFTER,
    first_names,
    key,
    load_lines,
    load_words,
    place_used,
    places,
    proper_terms,
    surnames,
    verb_forms,
    word_places,
)
from bot.domain.deidentify.names import PET_BEFORE, PET_FIRST, pet_names
from bot.domain.deidentify.once import first_words, may_hold_word, words_straight
from bot.domain.deidentify.words import (
    KIN_ABROAD,
    NOT_NAMES,
    NOT_PATIENT_NAMES,
    THING_AFTER,
    _words,
)
from bot.domain.deidentify.wordset import WordSet

_LETTER = "A-Za-z\u00c0-\u024f"
_TOKEN = re.compile(rf"[{_LETTER}](?:[{_LETTER}]|['\-](?=[{_LETTER}]))*")


# Word names of the virtue, nature, sky, gem and story kind that UK parents now give ("Serenity",
# "Wren", "Clover", "Ember", "Journey", "Story"): the lists lack them. Each is also an English word,
# so the sentence decides, as strictly as for "Hope" (they join _ABSTRACT below).
_WORD_NAMES = _words(
    """serenity wren temperance primrose bluebell story journey rain promise clover ember lark
    unity marigold hero bliss lyric cadence haven honesty legacy royalty reign valour valor
    kindred freedom ocean snow meadow juniper saffron acacia sapphire rainbow dove sparrow birch
    cedar cypress blaze flame maverick rebel bear"""
)
# Old and familiar nicknames the lists lack ("Biddy", "Spud").
_MORE_NICKNAMES = _words("biddy spud nobby chalky dusty lofty win winnie")


@cache
def given_names() -> WordSet:
    """Given names as keys: the main list and nam_dict's British and Irish names (GNU FDL), and
    the word names and nicknames above."""
    return WordSet(
        load_lines("given_names.txt")
        + load_lines("given_names_gfdl.txt")
        + sorted(_WORD_NAMES | _MORE_NICKNAMES)
    )


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
    esp approx ref misc info admin uni tho ppl bday mins hrs wks yrs ish tho vs via re per venla
    nicu foster"""
)
# Roles and kin before a name: "her son Callum", "my patient Oluwaseun", "the ward sister, Bernie".
_KIN = (
    r"(?:(?:step|great|half|great-great)-(?:grandad|grandma|granny|gran|nan|nana|dad|mum|mother"
    r"|father|brother|sister|son|daughter|grandfather|grandmother|aunt|uncle)|son|daughter|brother|sister|husband|wife|partner|boyfriend|girlfriend|fianc[eé]e?|mum"
    r"|mam|mom|mother|dad|father|friend|mate|cousin|uncle|aunt|auntie|nephew|niece|grandson"
    r"|granddaughter|grandma|grandad|gran|nan|stepson|stepdaughter|stepdad|stepmum|ex|baby|girl"
    r"|boy|lad|lass|kid|child|carer|neighbour|flatmate|housemate|patient|client|man|woman"
    r"|gentleman|lady|guy|bloke|colleague|sister|nurse|keyworker|key worker|support worker"
    r"|social worker|care coordinator|twin|sibling|eldest|youngest|little one|grandmother"
    r"|grandfather|granny|grandpa|parents?|carers?|foster (?:mum|dad|parents?|carer)|stepmother"
    r"|stepfather|fiancee|wifey|hubby|bf|gf|hca|clerk|manager|receptionist|porter|locum|registrar"
    r"|consultant|physio|pharmacist|student|chaplain|interpreter|advocate|cpn|officer|teacher"
    r"|landlord|landlady|lodger|boss|grandchild|grandchildren|grandkids|godson|goddaughter"
    r"|nurse in charge|ward manager|ward clerk|team leader|healthcare assistant|gp|sw|ot|doctor"
    r"|midwife|paramedic|psychologist|therapist|counsellor|solicitor|pastor|imam|priest|vicar"
    r"|translator|pt|(?:son|daughter|mother|father|brother|sister)-in-law)"
)
# Besides kin and naming (_KIN_BEFORE): "big Tony", "wee Jimmy", "calling me Gerald".
_BEFORE_STRONG = re.compile(
    r"(?<![\w\-])(?:big|little|old|young|wee|poor|call(?:s|ed|ing)?\s+me|nicknamed|nickname\s+is)"
    r"[ \u00a0]+$",
    re.IGNORECASE,
)
# Verbs that take a person: "told Will", "saw jack in clinic", "spoke to dave", "with Rhys".
_BEFORE_VERB = re.compile(
    r"\b(?:saw|see|seen|seeing|met|meet|meeting|told|tell|telling|asked|ask|asking|rang|ring"
    r"|ringing|phoned|phone|phoning|called|visited|visiting|reviewed|reviewing|assessed|assessing"
    r"|admitted|discharged|sectioned|restrained|secluded|clerked|interviewed|texted|emailed"
    r"|thanked|hugged|reassured|warned|reminded|promised|helped|helping|like|liked|love|loved"
    r"|messaged|messaging|whatsapped|dm'?d|chased|followed\s+up|updated|contacted|contacting"
    r"|presented|presenting|discussed|discussing|mentioned|rescue|rescued|rescuing|protect"
    r"|hi|hiya|hello|dear|thanks|thank\s+you|cheers|bye|re:|(?:bumped|ran)[ \u00a0]+into"
    r"|(?:review|session|appt|appointment|1:1|1-1|consultation)"
    r"[ \u00a0]+(?:with|w/?)"
    r"|(?:rang|ring|call|called|phone|phoned|text|texted|get)[ \u00a0]+back"
    r"|protecting|trust|trusted|believe|believed|recognised|recognized|blamed|nursed|sectioning"
    r"|miss|missed|hate|hated|(?:spoke|speak|speaking|talked|talk|talking|went|go|going|came|"
    r"listened|listen|listening|wrote|write|writing|lied|apologised|apologized|shouted|shout"
    r"|explained|explain|said|say|introduced|referred|sent|send|gave|give|handed|hand)[ \u00a0]+"
    r"(?:back[ \u00a0]+)?(?:to|2|with|about|for|w/?|abt|re)|with|w/|abt|for|and|by|from|against|behind"
    r"|beside|sat[ \u00a0]+with)"
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
    rf"(?:\b(?:his|her|their|my|our|the|a|an|whose|older|younger|little|big|eldest|youngest"
    rf"|\w+['\u2019]s)"
    rf"[ \u00a0]+(?:\w+[ \u00a0]+)?{_KIN},?[ \u00a0]+"
    r"|\b(?:called|named|name\s+is|name\s+was|name's|known\s+as|calls\s+(?:him|her|them)(?:self)?"
    r"|call(?:s|ed)?\s+(?:him|her|them)|goes\s+by|aka"
    r"|(?<![\w'])(?:auntie|aunty|aunt|uncle|nana|nanna|nan|gran|granny|grandma|grandad|grandpa"
    r"|cousin)"
    r"|(?-i:(?<![\w'])(?:HCA|CPN|SW|OT|GP|RMN|RGN|SHO|FY1|FY2|PC|DC|PCSO|AMHP)))[ \u00a0]+"
    rf"|(?<![\w'])(?:{_KIN})[ \u00a0]*\()$",
    re.IGNORECASE,
)
# The words _KIN_BEFORE can end on: it is tried only when one of the last three is one of them.
_KIN_TRIGGERS = frozenset(re.findall(r"[a-z0-9]+", _KIN.lower())) | _words(
    """called named name names known as calls call goes by aka auntie aunty aunt uncle nana
    nanna grandma grandad cousin hca cpn sw ot gp rmn rgn sho fy1 fy2 pc dc pcso amhp ("""
)


def _kin_hint(before: str) -> bool:
    """Cheap test before _KIN_BEFORE: one of the last three words could end a kin phrase."""
    words = before[-40:].lower().replace("(", " ( ").replace(",", " ").split()[-3:]
    return any(w.rstrip("'\u2019s") in _KIN_TRIGGERS or w in _KIN_TRIGGERS for w in words)


# Verbs whose object is a person: a lower-case name that is also a word after them ("saw jack").
_DIRECT_VERB = re.compile(
    r"\b(?:saw|seen|met|told|asked|rang|phoned|visited|reviewed|assessed|admitted|discharged"
    r"|sectioned|texted|thanked|hugged|clerked|messaged|contacted|(?:bumped|ran)[ \u00a0]+into"
    r"|(?:review|reviewed|session|appt|appointment|chat|call|catch[ \u00a0-]?up|1:1|1-1|visit"
    r"|meeting|consultation)[ \u00a0]+(?:with|w/?)"
    r"|(?:spoke|speak|speaking|talked|talk|talking)[ \u00a0]+(?:to|2|with|w/?))[ \u00a0]+$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"(?:['\u2019]s[ \u00a0]+(?:\w+)|,[ \u00a0]+(?:who|whose|aged|age|\d)|[ \u00a0]+\(?\d{1,2}\)?"
    r"(?:[ \u00a0]*(?:yo|y/o|year|years|[FMfm]\b)|[,)])"
    rf"|[ \u00a0]*[(,][ \u00a0]*(?:his|her|their|my|the)[ \u00a0]+(?:\w+[ \u00a0]+)?{_KIN}\b"
    r"|[ \u00a0]+from[ \u00a0]+(?:the|her|his|their|our)[ \u00a0]+"
    r"|[ \u00a0]*\((?:dob[ \u00a0:]*)?\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\)"
    r"|[ \u00a0]*[,(\-\u2013\u2014][ \u00a0]*(?:she|he)(?:['\u2019]s|[ \u00a0]+(?:is|was))[ \u00a0]+"
    r"(?:\d|only\b|now\b|aged\b|an?[ \u00a0]|the[ \u00a0]|my[ \u00a0]|our[ \u00a0])"
    r"|[ \u00a0]+(?:but|so|because|cos|until|till|while)[ \u00a0]+(?:she|he)[ \u00a0]+(?!is\b|was\b)[a-z]+)",
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
# Words that end like a drug (the stems of the WHO's International Nonproprietary Names) or a
# diagnosis are not names ("Clozapine was restarted", "started Apixaban").
_JARGON = re.compile(
    r"(?:pine|zine|done|zole|pam|lam|xetine|pramine|tyline|azine|idone|apine|mab|phrenia|mania"
    r"|osis|itis|pathy|emia|aemia|algia|ectomy|otomy|ology|ism|ist|ics|ian|ean|esque"
    r"|amine|amide|olol|pril|sartan|statin|prazole|tidine|oxacin|cycline|mycin|cillin|vir|afil"
    r"|tinib|xaban|parin|gliptin|gliflozin|profen|fenac|codone|morphine|peridol|zepam|zolam"
    r"|barbital|caine|dronate|lukast|terol|sone|olone|semide|thiazide|dipine|setron|tropium"
    r"|sulfiram|prosate|mefene|icline|tonin|formin|cetamol|adol|oxone|ulose|ezepine|azepine"
    r"|pentixol|thixol|apride|clidine|oxide|iazepoxide|clone|amol|fen|tamine|barb|ridone|idine"
    r"|oxin|illin|azole|conazole|quine|arone|ipine|lamide|pentin|proxen|farin|istat|enicline)$"
)
_ABSTRACT = (
    _words(
        """hope joy faith grace patience charity chance summer autumn winter spring honey love peace
    destiny harmony liberty justice mercy trinity heaven star storm sky rain dawn sunny
    sunshine blessing precious goodness bramble fern rowan willow clover blossom river memory
    favour gift beauty honour honor wisdom knowledge praise testimony miracle success comfort
    treasure lovely shiny bright marvellous gracious endurance prosper innocent mason paris"""
    )
    | _WORD_NAMES
)
# Plants that are common names: a name before any verb but "is"/"has" ("Ivy has got into the
# window frames" is the plant; "Ivy has been on the ward" the person).
_PLANTS = _words("""ivy holly heather hazel rose lily daisy poppy violet jasmine iris willow""")
_WEAK = _words("is was has had can will does did may might could would")
# After "is"/"was": what makes the subject a person ("Hope is 19", "Joy is the one I...").
_PERSON_STATE = re.compile(
    r"[ \u00a0]+(?:\d{1,3}(?![\d/%.:])|the[ \u00a0]+one\b|back\b|still\b|now\b|always\b|never\b"
    r"|(?:not[ \u00a0]+)?(?!(?:wearing|growing)[ \u00a0]+thin|running[ \u00a0]+(?:out|low|short|thin|dry)"
    r"|fading|waning|dwindling|mounting|building|spreading|lasting)\w+ing\b"
    r"|(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b|(?:re)?admitted|discharged|sectioned"
    r"|detained|referred|seen|assessed|reviewed|transferred|diagnosed|arrested|adopted|married"
    r"|born|brought|taken|fostered|bullied|abused|assaulted|excluded|expelled|pregnant|furious"
    r"|quick|adamant|convinced|sure|certain|been[ \u00a0]+(?:on|in|with|here|under|known)\b"
    r"|(?:his|her|their)[ \u00a0]+(?:nick)?name\b"
    r"|(?:very[ \u00a0]+|so[ \u00a0]+|quite[ \u00a0]+|really[ \u00a0]+)?(?:deaf|blind|frail|pregnant"
    r"|poorly|unwell|tearful|frightened|suicidal|psychotic|manic|delusional|withdrawn|mute"
    r"|breastfeeding|bedbound|housebound|illiterate)\b"
    r"|the[ \u00a0]+(?:\w+[ \u00a0]+)?(?:\w+-year-old|eldest|youngest|oldest|middle[ \u00a0]+one"
    r"|new[ \u00a0]+one|baby|twin)\b"
    rf"|(?:an?|the|our|my|his|her|their)[ \u00a0]+(?:\w+[ \u00a0]+){{0,2}}?(?:{_KIN}|woman|man|girl|boy|lady|gentleman|lad|lass"
    r"|mother|father|widow|widower|grandmother|grandfather|student|nurse|teacher|builder|cleaner"
    r"|driver|refugee|veteran|regular|frequent[ \u00a0]+attender)\b"
    r"|on[ \u00a0]+(?:the[ \u00a0]+)?(?:list|ward|waiting[ \u00a0]+list|leave|section|a[ \u00a0]+section"
    r"|nights|days|bloods|clozapine|a[ \u00a0]+depot)\b"
    r"|in[ \u00a0]+(?:bed|hospital|clinic|crisis|seclusion|custody|prison|care|a[ \u00a0]+state|tears"
    r"|floods[ \u00a0]+of[ \u00a0]+tears|bits|pieces|a[ \u00a0]+mess|denial|labour|labor)\b)",
    re.IGNORECASE,
)
# After a name, what only a name has: "Angel - yes, that's her real name", "Chance (yes,
# really)", "Sunny (real name Sunil)", "Seonaidh (prefers Shona)".
_REAL_NAME_AFTER = re.compile(
    r"[ \u00a0]*[-\u2013\u2014,(][ \u00a0]*(?:yes\b|yep\b|really\b|honestly\b|seriously\b"
    r"|no[ \u00a0]+joke|i[ \u00a0]+know\b|(?:(?:her|his|their)[ \u00a0]+)?real[ \u00a0]+name\b"
    r"|actual[ \u00a0]+name\b"
    r"|(?:that['\u2019]?s|thats)[ \u00a0]+what[ \u00a0]+(?:he|she|they|everyone|we)[ \u00a0]+call"
    r"|(?:that['\u2019]?s|thats|it['\u2019]?s|its)[ \u00a0]+(?:her|his|their)[ \u00a0]+(?:real|actual)"
    r"|short[ \u00a0]+for\b|full[ \u00a0]+name\b|prefers\b|known[ \u00a0]+as\b)",
    re.IGNORECASE,
)
# A kin word straight after a name is its possessive without the apostrophe ("spoke to miles
# mum", "Agnieszkas husband"); a role in brackets says who the person is ("holly (CPN)").
_KIN_AFTER = re.compile(
    r"(?:[ \u00a0]*[-\u2013\u2014][ \u00a0]*\d{1,2}[ \u00a0]*(?:[-\u2013\u2014,]|yo\b|y/o|[FMfm]\b)"
    r"|s?[ \u00a0]+(?:mum|mam|mom|dad|nan|nana|gran|wife|husband|partner|bf|gf|boyfriend"
    r"|girlfriend|brother|sister|son|daughter|kids|carer)\b"
    r"|[ \u00a0]*\((?:cpn|gp|sw|hca|ot|rmn|rgn|sho|reg|pt|patient|client|care[ \u00a0]+co\w*"
    r"|key[ \u00a0]?worker|social[ \u00a0]+worker|parents?|carers?|twins?|kids?|sisters?"
    r"|brothers?|mum|dad|nurse|\d{1,2}s?|male|female|m|f|she/her|he/him|they/them|she|he|they"
    r"|(?:yr|year|y|p|s)[ \u00a0]?\d{1,2}"
    r"|sp\?|old[ \u00a0]+(?:boy|girl|man|woman|lady|lad|fella)|that['\u2019]?s[ \u00a0]+what"
    r"|(?-i:[A-Z][a-z]+(?:an|ese|ish|i))(?=[,)]))(?![\w/])"
    rf"|['\"\u2019\u201d]?[ \u00a0]*[(,\-\u2013\u2014][ \u00a0]*(?:the|our|my|his|her|their|one[ \u00a0]+of[ \u00a0]+"
    rf"(?:the|our|my))[ \u00a0]+(?:[\w\-]+[ \u00a0]+){{0,2}}?{_KIN}s?\b"
    rf"|[ \u00a0]*\([ \u00a0]*(?:[\w\-]+[ \u00a0]+)?(?:{_KIN}s?|staff)\b"
    rf"|[ \u00a0]+[-\u2013\u2014][ \u00a0]+{_KIN}[ \u00a0]+[-\u2013\u2014,])",
    re.IGNORECASE,
)
# Names side by side: "Jack and Ruby are the kids", "Achol and her son", "Tharshan, Thilaga and".
_AND_NEXT = re.compile(
    rf"(?:[ \u00a0]*,|[ \u00a0]+(?:and|&|or|n))[ \u00a0]+(?:(?P<kin>(?:his|her|their)[ \u00a0]+"
    rf"(?:\w+[ \u00a0]+)?{_KIN}\b)|(?P<y>[{_LETTER}]+(?:['\u2019\-][{_LETTER}]+)?))",
    re.IGNORECASE,
)
_AND_BEFORE = re.compile(
    rf"(?P<x>[{_LETTER}]+)(?:[ \u00a0]*,|[ \u00a0]+(?:and|&|or|n))[ \u00a0]+$", re.IGNORECASE
)
# What two people do together: "Mercy and Goodness came together", "Destiny and Harmony are".
_PAIR_VERB = re.compile(
    r"[ \u00a0]+(?:are|were|came|come|both|have|had|arrived|turned|sat|left|argued|live|lived"
    r"|(?:\([^)]{1,30}\)))\b",
    re.IGNORECASE,
)
# Verbs only a person does, for names that are also abstract or calendar words ("Hope said",
# not "Hope springs"; "Dawn rang", not "Dawn came up").
_HUMAN_VERBS = _words(
    """said says told tells asked asks rang rings phoned phones texted texts emailed cried cries
    shouted shouts screamed screams laughed laughs smiled smiles refused refuses denied denies
    admitted admits agreed agrees insisted insists explained explains complained complains
    apologised apologises apologized threatened threatens punched kicked spat wants wanted
    thinks believes knows reckons wept sobbed begged pleaded demanded demands accused blamed
    thanked thanks hugged whispered mumbled muttered sighed nodded shrugged winked prefers
    preferred spent attended attends dnad cancelled overdosed disclosed discloses absconded
    speaks spoke talks talked listens listened understands wonders wondered drinks smokes
    didnt doesnt wont cant isnt wasnt hasnt hadnt hes shes didn't doesn't won't can't isn't
    wasn't hasn't hadn't he's she's decided decides presented presents arrived self-harmed
    turned-up sat stood walked lost sang sings rapped raps danced dances prayed prays paid pays
    bit bites slapped scratched swore swears cuddled kissed breastfed adores adored painted drew
    hummed giggled yelled sulked flirted flirts"""
)
# Verbs that things and times do too ("Dawn came up", "Hope keeps me going").
_NOT_HUMAN_VERBS = _words(
    """came comes went goes turned turns kept keeps gets got took takes made makes left leaves
    stopped stops started starts seemed seems looked looks broke hit hits died dies lives lived
    ran runs works worked brought brings sent returned returns arrives arrived followed follows
    shows showed needs needed gives gave is was has had does did will would could should might
    must can feels felt"""
)
# Text-speak verbs after a subject ("Frank wont", "Hope didnt", "Sandy hes 70").
_TEXTSPEAK_VERBS = _words(
    "didnt doesnt dont wont cant isnt wasnt hasnt hadnt wouldnt couldnt shouldnt aint hes shes"
)
# What follows "'s" when it is "is" or "has", not a possessive ("Summer's always worse").
_CONTRACTED = _words(
    """always never been got not a an the just still here there over coming going gone back
    really very so too on off in out up down all only no now done had taken been being quite
    almost nearly also probably definitely fine ok okay good bad better worse worst hard
    different another my your our his her their when where what how why like"""
)
# After a calendar name's "'s", what makes it a person's ("June's husband", not "April's rota").
_PERSONAL = _words(
    """mum mam mom dad mother father husband wife partner boyfriend girlfriend son daughter kids
    children baby brother sister nan gran grandmother grandad family carer carers gp notes meds
    medication depot mood voices behaviour case referral discharge admission appointment review
    care key keyworker cpn social friend friends ex sectioning section room bed face foster
    support tribunal hearing weight feeds feeding nappy nappies cot jabs birthday nursery
    teacher class bedroom clothes hair health development diagnosis tablets bloods results
    school worker
    grandfather grandson granddaughter uncle aunt auntie cousin nephew niece solicitor"""
)
# Figures that are given names too, used as comparisons ("something of Ophelia about her", "like
# Job", "she called me Cassandra"; other figures are known's), and Scots or Irish words
# the lists hold as names ("Och", "yer man").
_FIGURES = _words(
    """ophelia cassandra lear desdemona gatsby quixote electra pandora job mowgli mnaghten
    mcnaughton yer ye youse
    yous och aye wean bairn eejit yin yins duw iesu"""
)
# Feasts and seasons some name lists hold ("Hogmanay is always the worst night").
_FEASTS = _words(
    """hogmanay samhain vaisakhi baisakhi navratri holi purim nowruz kwanzaa beltane whitsun
    ramadan eid diwali hanukkah chanukah passover pesach lent advent shavuot sukkot
    candlemas michaelmas lammas yule wigilia lohri pongal onam vesak chuseok songkran mawlid
    ashura andrzejki"""
)
# Seasons: "Summer is always the worst" is the season; "Summer is 19" the person.
_SEASONS = _words("summer autumn winter spring")
# Kin words that are names too, kin before "ji" ("Bibi ji and Bapu ji came over in 1972").
_JI_KIN = _words("bibi bebe mata pita mama mami chacha chachi masi bua taya tayi didi bhai")
# Street names of drugs that name lists or the unknown-word rule take for names.
_SLANG = _words("benzo benzos pregab pregabs gabbies vallies xans xannies roxies percs oxys")
# "Hope is always the last to go": said of the word in general, not of a person today.
_GENERAL_AFTER = re.compile(r"[ \u00a0]+(?:always|never)\b", re.IGNORECASE)
# Oaths that look like names: "Goodness knows what", "Heaven forbid", "Lord knows how".
_OATHS = _words("goodness heaven heavens lord god christ gawd")
_OATH_AFTER = re.compile(
    r"[ \u00a0]+(?:knows[ \u00a0]+(?:what|how|why|where|when|who|whether|if)\b|forbid|help|me\b"
    r"|gracious|sake|willing)",
    re.IGNORECASE,
)
# Before a day or month that is a person: "Tell June I'm sorry", "I don't know who April is".
_TELL_BEFORE = re.compile(
    r"\b(?:tell|told|ask|asked|thank|thanked|hug|hugged|remind|reminded|phoned|texted|emailed)"
    r"[ \u00a0]+$",
    re.IGNORECASE,
)
_WHO_BEFORE = re.compile(r"\bwho[ \u00a0]+$", re.IGNORECASE)
# Before a day that is a day: "on Sunday", "last Sunday", "by March".
_DAY_BEFORE = re.compile(
    r"\b(?:on|by|until|till|til|from|since|last|next|this|every|each|of|a|the|before|after"
    r"|in|early|late|mid)[ \u00a0]+$",
    re.IGNORECASE,
)
# Words after "told" or "spoke to" that are never a person there ("told will", "asked may").
_NOT_AFTER_VERB = _words("will may can must might shall march mark sue bill rob pat don art")
_LOWER_PLACE_BEFORE = re.compile(
    r"\b(?:from|to|in|near|at|via|outside|around|of)[ \u00a0]+$", re.IGNORECASE
)
# What a person sends or gives: "a message from jess", "a call from kyle".
_SENT_FROM = re.compile(
    r"\b(?:message|msg|text|txt|call|letter|email|visit|note|card|present|gift|complaint|referral"
    r"|update|news|help|support|hug|voicemail|dm|snap)s?[ \u00a0]+from[ \u00a0]+$",
    re.IGNORECASE,
)
_GROUP_WORDS = (
    r"(?:siblings|cousins|brothers|sisters|twins|triplets|kids|children|sons|daughters|boys|girls)"
)
_GROUP_HINT = re.compile(rf"\b{_GROUP_WORDS}\b", re.IGNORECASE)
_GROUP_FIRST = first_words(_GROUP_WORDS)  # _GROUP_HINT runs only where one stands
_NAMED_GROUP = re.compile(
    r"(?<![\w'\u2019])(?P<names>[A-Z][a-z'\u2019\-]+(?:,[ \u00a0]+[A-Z][a-z'\u2019\-]+)*"
    r",?[ \u00a0]+(?:and|&)[ \u00a0]+[A-Z][a-z'\u2019\-]+)"
    r"[ \u00a0]*(?::|,|[ \u00a0]-|[ \u00a0](?:are|were))[ \u00a0]*(?:all[ \u00a0]+|both[ \u00a0]+)?"
    r"(?:(?:my|her|his|their|the|three|two|four|five|\d)[ \u00a0]+)?(?:[a-z]+[ \u00a0]+)?"
    rf"{_GROUP_WORDS}\b"
)
_KIN_NEXT = re.compile(
    r"[ \u00a0]+(?:mum|mam|mom|dad|nan|gran|wife|husband|partner|boyfriend|girlfriend|brother"
    r"|sister|son|daughter|kids|baby|carer|social[ \u00a0]+worker)\b",
    re.IGNORECASE,
)
_PREPOSITIONS = _words("with w w/ abt for and by from against behind beside re")
_NUMBER_WORDS = (
    r"(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
)
_SENT_END = re.compile(r"(?:^|[.!?:;\n\u2022*\-\u2013\u2014\"(]\s*|\.\s*['\"]?\s*)$")


def is_given_name(word: str) -> bool:
    """A given name of the lists (in any case), possessive or not."""
    w, _ = _strip_possessive(word.strip(".,;:!?\"'()"))
    return bool(w) and key(w) in given_names()


_PSEUDONYM_HINTS = ("call", "pseudonym", "real", "name changed", "invented")
# One of these is in every match of _PSEUDONYM (its verbs, and the words of its second branch).
_PSEUDONYM_WORDS = ("call", "name", "refer", "pseudonym")


# Substrings that let a draft name a pet (PET_BEFORE is read only when one is there).
_PET_HINTS = (
    "dog", "cat", "puppy", "pup ", "kitten", "pet", "budgie", "parrot", "horse", "pony",
    "rabbit", "bunny", "hamster", "gerbil", "guinea pig", "tortoise", "snake", "lizard",
    "ferret", "goldfish", "staffie", "staffy", "lab ", "labrador", "spaniel", "terrier", "collie",
    "whippet", "greyhound", "lurcher", "husky", "poodle", "pug", "bulldog", "alsatian",
    "chihuahua", "moggy", "moggie", "cockatiel", "canary", "hen ", "hens", "chicken", "cob ",
    "mare", "stallion", "gelding", "foal", "donkey", "goat", "sheep", "lamb ", "pig ", "cow ",
    "calf", "russell", "retriever", "rottweiler", "beagle", "dachshund", "sausage dog", "shih",
    "bichon", "springer", "cocker", "pointer", "setter", "doberman", "mastiff", "akita",
    "shepherd", "cavapoo", "cockapoo", "schnauzer", "corgi", "bull", "bully", "dalmatian",
    "weimaraner", "vizsla", "rat ", "mouse", "gecko", "python", "tarantula", "parakeet",
    "lovebird", "cockerel", "duck", "goose", "tomcat", "kitty",
)  # fmt: skip


@lru_cache(maxsize=4)  # scan() and find_given_names() ask for the same draft in turn
def declared_pseudonyms(text: str) -> frozenset[str]:
    """Keys of the invented names the author says they use ("I'll call her Rosa")."""
    low = text.lower()
    if not any(h in low for h in _PSEUDONYM_HINTS) or not (
        any(w in low for w in _PSEUDONYM_WORDS) or not low.isascii()
    ):
        return frozenset()
    return frozenset(
        key(m.group("a") or m.group("b"))
        for m in _PSEUDONYM.finditer(text)
        if not (m.group("b") and _NICKNAME_AFTER.match(text, m.end(), m.end() + 80))
    )


# "Rocky - not his real name, it's what the lads call him": a nickname others use, not the
# author's pseudonym.
_NICKNAME_AFTER = re.compile(
    r"[^.;!?\n]*?\b(?:nick-?name|(?:everyone|everybody|they|we|staff|people|the[ \u00a0]+\w+)"
    r"[ \u00a0]+call(?:s|ed)?[ \u00a0]+(?:him|her|them))\b",
    re.IGNORECASE,
)


def _at_start(text: str, pos: int) -> bool:
    return pos == 0 or bool(_SENT_END.search(text[max(0, pos - 4) : pos])) or not text[:pos].strip()


def _strip_possessive(w: str) -> tuple[str, bool]:
    if len(w) > 3 and w[-2:].lower() in ("'s", "\u2019s"):
        return w[:-2], True
    return w, False


# Kin and roles used as names ("Nan brought him up", "Mum said"): they name nobody.
_KIN_WORDS = (
    _words(
        """nan nana nanna nanny gran granny grandma grandmam grandad grandpa grampa mum mam mom mummy
    mammy dad daddy papa pops auntie aunty uncle sis bro hubby wifey bestie boss doc sarge
    pastor imam vicar rabbi priest chaplain reverend sheikh bishop padre physio physios
    pharmacist pharmacy matron porter warden"""
    )
    | KIN_ABROAD
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
    """Given names on their own, decided by the lists and the sentence (module docstring),
    less those that are items of a list of things ("Charlie, molly, spice and mamba")."""
    for hit in _given_names(text, pseudonyms):
        if not _listed_with_things(text, hit.start, hit.end):
            yield hit


# Where a list's items end: a clause's edge, a comma or "and".
_CLAUSE = re.compile(r"[.;:!?\n()\u2013\u2014\"]|[ \u00a0]-[ \u00a0]")
_ITEM_SEP = re.compile(
    r"[ \u00a0]*,[ \u00a0]*(?:(?:and|or|&)[ \u00a0]+)?|[ \u00a0]+(?:and|or|&|n)[ \u00a0]+"
)


# After a word, what only a person does or is ("threw his shoe", "is the youngest").
_PERSON_PREDICATE = re.compile(
    r"[ \u00a0]*,[ \u00a0]*\d{1,2}[ \u00a0]*(?:,|yo\b|y/o|years?\b|[FMfm]\b)"  # "Ace, 15, self-harming"
    r"|[ \u00a0]+(?:(?:threw|grabbed|pushed|kicked|punched|slapped|bit|packed"
    r"|washed|brushed|wore|dropped|smashed|tore|ripped|dyed|shaved|hugged"
    r"|kissed|fed|bathed|called|rang|texted|phoned|told|asked)[ \u00a0]+(?:his|her|their)[ \u00a0]+"
    r"(?!(?:at|in|on|to|for|with|from|off|out|up|down|back|again|hard|badly|so|too|that)\b)[a-z]+"
    r"|(?:sent|wrote|posted|emailed|texted|made|lodged|filed|put[ \u00a0]+in)[ \u00a0]+(?:me[ \u00a0]+)?"
    r"(?:a|an|another)[ \u00a0]+(?:\w+[ \u00a0]+)?(?:complaint|letter|card|message|text|email|e-mail"
    r"|note|poem|drawing|picture|request|appeal)\b"
    r"|(?:kept|keeps|keep|started|starts|stopped|stops)[ \u00a0]+(?:drawing|singing|dancing|writing"
    r"|painting|knitting|pacing|swearing|spitting|biting|kicking|crying|shouting|screaming|asking"
    r"|calling|ringing|texting|praying|laughing|smiling|apologising|apologizing|talking|begging)\b"
    r"|set[ \u00a0]+(?:fire|light)[ \u00a0]+to\b"
    r"|(?:punched|kicked|smashed|headbutted|head-butted)[ \u00a0]+(?:a|the|another)[ \u00a0]+"
    r"(?:wall|door|window|mirror|nurse|hca|doctor|member|table|tv|telly)\b"
    r"|(?:has|had|have)[ \u00a0]+(?:decided|refused|agreed|asked|told|apologised|apologized|promised"
    r"|threatened|insisted|admitted|denied|disclosed|paid|written|phoned|rung|texted|complained"
    r"|self-harmed|absconded|overdosed)\b"
    r"|(?:is|was|['\u2019]s)[ \u00a0]+(?:the[ \u00a0]+)?(?:eldest|youngest|oldest|middle[ \u00a0]+one"
    r"|new[ \u00a0]+baby|\w+-year-old)(?=[ \u00a0]*(?:[,.;!?]|and\b|but\b|$)))",
    re.IGNORECASE,
)


_PHRASE_END = re.compile(r"[\"'\u201d\u2019,.;:!?)]|$")
# A person's calls and words, after a lower-case word-name at the start ("precious rang").
_CALLS = _words("rang rings phoned phones texted texts emailed messaged said says called")
# "couldn't get Liberty to stay": a person made or let to do something.
_GET_TO = re.compile(
    r"\b(?:get|got|getting|persuade[ds]?|persuading|convince[ds]?|convincing|encourage[ds]?"
    r"|encouraging|help(?:ed|ing)?|ask(?:ed|ing)?|tell|told|want(?:s|ed)?|let)[ \u00a0]+$",
    re.IGNORECASE,
)
_TO_VERB = re.compile(r"[ \u00a0]+to[ \u00a0]+[a-z]+", re.IGNORECASE)
_KIN_STATE = re.compile(
    rf"[ \u00a0]+(?:is|was|['\u2019]s)[ \u00a0]+(?:his|her|their|my|our|the)[ \u00a0]+"
    rf"(?:\w+[ \u00a0]+)?(?:{_KIN})\b",
    re.IGNORECASE,
)


def _where_person(text: str, e: int, k: str) -> bool:
    """_WHERE_AFTER ("cliff from bay 6", "mercy in cubicle 4"); for an abstract word, not "in
    the team" ("faith in the team has gone"; "dawn on the ward" is still a person)."""
    m = _WHERE_AFTER.match(text, e)
    return m is not None and not (k in _ABSTRACT and m.group().lower().split()[:2] == ["in", "the"])


def _verb_next(toks: list[tuple[int, int, str]], j: int) -> bool:
    """The word after token j is a verb a person does ("hero hasnt eaten")."""
    if j + 1 >= len(toks):
        return False
    nxt = toks[j + 1][2].lower()
    return nxt in _AFTER_VERBS or nxt in _TEXTSPEAK_VERBS


def _kin_state(text: str, e: int) -> bool:
    """ "Paris is his eldest", "Tyrone was her key worker": a person by their place in a family
    or a team."""
    return _KIN_STATE.match(text, e) is not None


def _person_predicate(text: str, e: int) -> bool:
    return _PERSON_PREDICATE.match(text, e) is not None


# A family by its surname in the plural: "The Kowalskis have stopped visiting", "Her people
# were Boswells", "the Okonkwos were all there". Not a people or a party ("the Tories").
_FAMILY_BEFORE = re.compile(r"\b(?:the|were|are)[ \u00a0]+$", re.IGNORECASE)
_FAMILY_NEXT = re.compile(
    r"(?:[ \u00a0]+(?:have|had|are|were|came|come|take|took|all|both|visit\w*|live\w*|say|said"
    r"|never|always|don['\u2019]?t|didn['\u2019]?t|won['\u2019]?t|want\w*|keep|kept|turned|sat"
    r"|argued|rang|phoned|refused|family|lot|and|again|here|there)\b|[ \u00a0]*[,.;:!?)]|$)",
    re.IGNORECASE,
)


def _family_plural(text: str, s: int, e: int, k: str) -> bool:
    if len(k) < 5 or k[:-1] not in surnames() or k in english_words() or k in proper_terms():
        return False
    return bool(_FAMILY_BEFORE.search(text, max(0, s - 6), s) and _FAMILY_NEXT.match(text, e))


# Kin and role nouns ("brother", "mum", "nurse"), not the naming words around them.
_KIN_NOUNS = _KIN_TRIGGERS - _words(
    """( aka as by e in one key of called named name names known calls call goes auntie aunty
    nana nanna cousin"""
)
_APPOSED = _words(
    """the a an his her their my our your its this that who which sorry not mr mrs ms miss dr
    both same all each one two three four five both neither either only"""
)


def _listed_with_things(text: str, s: int, e: int) -> bool:
    """The name is one short item of a list of three or more whose other items are things, not
    people: lower-case words that are no names ("spice, mamba, blues"), drugs and brands
    ("Gaviscon", "Pabrinex"), places ("Mogadishu, Istanbul"), and no given name in capitals
    among them ("Bonzo, Spud and Tiny" are people)."""
    if "," not in text[max(0, s - 60) : e + 60]:
        return False
    lo, hi = max(0, s - 200), min(len(text), e + 200)
    left = [m.end() for m in _CLAUSE.finditer(text, lo, s)]
    a = left[-1] if left else lo
    right = _CLAUSE.search(text, e, hi)
    b = right.start() if right else hi
    items = [x.strip() for x in _ITEM_SEP.split(text[a:b])]
    items = [x for x in items if x]
    if len(items) < 3 or any(len(x.split()) > 3 for x in items[:-1]):
        return False  # a sentence with commas, not a list
    if any(
        x.split()[0].lower() in _APPOSED or any(w.lower() in _KIN_NOUNS for w in x.split())
        for x in items
    ):
        return False  # "the brother, Robin, has LPA": a name beside its description
    name = text[s:e]
    own = [x for x in items if name in x.split()]
    if not own or len(own[0].split()) > 2:
        return False
    head = own[0].split()[: own[0].split().index(name)]
    if any(key(w) in verb_forms() or w.lower() in _PREPOSITIONS for w in head):
        return False  # "Reviewed Bernadette, bloods, obs and ECG": a person seen
    from bot.domain.deidentify.known import known_spans  # noqa: PLC0415
    from bot.domain.deidentify.public import is_public  # noqa: PLC0415

    things = strong = people = 0
    for n, item in enumerate(items):
        if item is own[0]:
            continue
        words = item.split()
        if len(words) > 3:
            continue
        first = words[0]
        k = key(first)
        if first[:1].isupper() and k in given_names():
            people += n > 0 or not _at_start(text, a + text[a:b].find(first))
        elif known_spans(item) or is_public(item, 0, len(first)):
            strong += 1
        elif first.islower() and k not in given_names() and k in english_words():
            things += 1
        elif first[:1].isupper() and k in proper_terms() and k not in given_names():
            strong += 1
        elif first.islower() and k not in given_names():
            things += 1
    return people == 0 and (strong >= 1 or things >= 2)


def _given_names(text: str, pseudonyms: Iterable[str] = ()) -> Iterator[Hit]:
    """find_given_names before the lists of things are taken out."""
    toks = list(words_straight(text))  # _TOKEN's words, read once per scan (once.py)
    if not toks:
        return
    yield from find_labelled_names(text)
    given, english, proper = given_names(), english_words(), proper_terms()
    verb_forms()  # loaded with the others: the first draft pays for all the lists at once
    skip = {key(p) for p in pseudonyms if p} | declared_pseudonyms(text)
    titled_text = _title_case_text(toks)
    low = text.lower()
    pets: bool | None = None  # read on the first candidate
    found: dict[int, int] = {}  # token index -> end of the name found there
    for i, (s, e, raw) in enumerate(toks):
        w, poss = _strip_possessive(raw)
        k = key(w)
        if len(k) < 2 or k in skip or k in _FIGURES:
            continue
        if i and w[:1].isupper() and key(toks[i - 1][2]) == "st" and toks[i - 1][2][:1] == "S":
            continue  # "Saint Francis", "St Jude": a saint (a church or school is the places')
        if k[-1:] == "s" and w[:1].isupper() and _family_plural(text, s, e, k):
            yield Hit(s, e, "first_name", "looks like a family's surname")  # "the Kowalskis"
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
                and (
                    key(nxt[2]) not in english
                    # "Nanna Win", "Grandad Frank,": a given name, then the phrase ends
                    or (key(nxt[2]) in given and _PHRASE_END.match(text, nxt[1]) is not None)
                )
            ):
                yield Hit(s, nxt[1], "first_name", "looks like a name")
            continue
        if ("'" in w or "\u2019" in w) and _CONTRACTION.search(w):
            continue  # "I've", "won't"
        if k in _OATHS and _OATH_AFTER.match(text, e):
            continue  # "Goodness knows what", "Heaven forbid"
        if k in _SLANG or (k in _JI_KIN and re.match(r"[ \u00a0]+ji\b", text[e : e + 4])):
            continue  # "Benzos bought online", "Bibi ji" (grandmother)
        if (
            k[-1:] == "s"
            and len(k) > 4
            and k not in given_names()
            and k[:-1] in given_names()
            and k not in english_words()
            and _KIN_NEXT.match(text, e)
        ):
            w, poss, k = w[:-1], True, k[:-1]  # "dafydds mum": the possessive without its "'"
        lower = w.islower()
        month = k in _CALENDAR or k in _FEASTS or (k[-1:] == "s" and k[:-1] in _CALENDAR)
        calendar = month or k in NOT_NAMES
        if (
            lower
            and (calendar or len(k) < 3)
            and not (k in given_names() and _LOWER_KIN_NEXT.match(text, e))
            and not (  # "spoke to jan at the care home"
                len(k) >= 3
                and k in given_names()
                and k not in _NOT_AFTER_VERB
                and k not in verb_forms()
                and _DIRECT_VERB.search(text, max(0, s - 24), s)
            )
        ):
            continue  # "in", "an", "will", "may": the commonest words end here; not "will and his mum"
        if not lower and (_ACRONYMISH.match(w) and not w.isupper() or k in _TITLES):
            continue
        title = w[0].isupper() and not w.isupper()
        upper = w.isupper() and len(w) > 1
        wordlike = calendar or k in english
        in_list = (
            k in given
            or bool(title and _NICKNAME.fullmatch(w) and k not in english)
            or ("-" in w and all(key(part) in given for part in w.split("-") if part))
        )
        before = ""
        naming = False
        # Cheap tests first: most words are no candidate at all, and the sentence is read
        # (regular expressions on the text before and after) only for those that are.
        if not in_list:
            if title and wordlike and not calendar and i and _NAMING_HINT.search(toks[i - 1][2]):
                before = text[max(0, s - 48) : s]
                naming = bool(_NAMING_BEFORE.search(before))  # "they call him Mouse"
            elif title and calendar and i and toks[i - 1][2].lower() in ("is", "named"):
                # "the baby's name is Tuesday", "a girl named April" (not "called Monday")
                naming = bool(_NAME_IS_BEFORE.search(text, max(0, s - 24), s))
            if (
                title
                and wordlike
                and (k not in NOT_NAMES or k in _CALENDAR)  # not "The", "When"
                and _named_after(text, s + len(w), k)
            ):
                naming = True  # "Rusty is a nickname", "Wren uses they/them"
            if title and wordlike and not calendar and text.startswith(" (", e):
                # "Sparrow (he/him)", "Sparrow (son, 19)": described as a person
                naming = naming or bool(
                    _KIN_AFTER.match(text, e) or _REAL_NAME_AFTER.match(text, e)
                )
            if (
                not naming
                and title
                and wordlike
                and not calendar
                and k not in _NOT_PERSON_SUBJECT
                and k not in NOT_PATIENT_NAMES
                and _at_start(text, s)
            ):
                # "Zephyr threw his shoe", "Sorrel is the youngest": a word at the head of its
                # sentence that only a person's verb or a person's place in a family follows
                naming = _person_predicate(text, e)
            if not naming and (
                wordlike or len(k) < 3 or "-" in w or not (title or lower) or not _could_be_name(k)
            ):
                continue
        elif wordlike and lower and (k in NOT_NAMES or len(k) < 3) and not calendar:
            continue
        if not before:
            before = text[max(0, s - 48) : s]
        if pets is None:
            pets = any(p in low for p in _PET_HINTS)
        if (
            pets and may_hold_word(before, PET_FIRST, keep=False) and PET_BEFORE.search(before)
        ) or _O_PARTICLE.match(text, e):
            continue  # "her dog, Rocky"; "Tam o' Shanter"
        if not lower and not poss and text[e : e + 1] in (" ", "\u00a0"):
            m = _NEXT_WORD.match(text, e)
            if m and m.group(1).lower() in THING_AFTER:
                continue  # "the Victoria line", "Geordie accent"
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        gap = text[e : nxt[0]] if nxt else ""
        after_word = nxt[2].lower() if nxt and gap in (" ", "\u00a0") else ""
        next_cap = bool(
            nxt and gap in (" ", "\u00a0") and nxt[2][0].isupper() and not _I_WORD.match(nxt[2])
        )
        start = _at_start(text, s)
        # Right after a full stop (or at the start) no word before can make it a name: the
        # patterns on the words before, the costliest part of the scan, are skipped.
        fresh = not before.strip() or before.rstrip()[-1] in ".!?;\n"
        kin_before = naming or (
            not fresh and _kin_hint(before) and bool(_KIN_BEFORE.search(before[-40:]))
        )
        strong_before = kin_before or (not fresh and _strong_before(before))
        said = (
            w[:1].isupper()
            and bool(_SAID_AFTER.match(text, e))
            and (
                not wordlike or _quoted(text, s, e)
            )  # '"Lucky," he said'; not 'Honour, he said, was'
        )
        if (
            (k in NOT_PATIENT_NAMES or k in _big_places() or _COUNTY_RX.fullmatch(w))
            and not kin_before
            and not (k in given and not w.isupper() and (after_word in _HUMAN_VERBS or said))
            and not (title and _named_after(text, s + len(w), k))
            and not (k in given and title and _kin_state(text, e))
        ):
            continue  # "Winnicott", "PARIS" (the record system), "Devon"; not "Tyrone said"
        if _EPONYM_AFTER.match(text, e) or _EPONYM_AFTER.match(text, s + len(w)):
            continue  # "Crohn's disease", "Anton syndrome"
        if title and not kin_before and _WHERE_IS.match(text, e):
            # "Dubai is where her brother works": a place, not a person; one in no list of famous
            # places or big towns may be a small one ("Jaywick is where she ended up")
            if k not in proper and k not in _big_places() and not wordlike:
                yield Hit(s, s + len(w), "place", "looks like the name of a place")
            continue
        if not kin_before and _generic(text, s, e, before, wordlike and not poss, start):
            continue  # "a Jonah", "500 Miles", "Paeds are worried", "sang Delilah"
        epithet = False
        if wordlike and not poss and (start or lower):
            use = _before_determiner(text, e)
            if use == "verb":
                continue  # "Chase the letter", "chase the school"
            epithet = use == "epithet" and title
        if nxt and len(k) <= 3 and re.match(r"[ \u00a0]*[\d.]", text[e:]) and not kin_before:
            continue  # "Na 128", "Li 0.8": a laboratory value
        last = after_word.rsplit("-", 1)[-1]
        weak = after_word in _WEAK and not poss
        verb_after = after_word in _AFTER_VERBS or (
            last.endswith("ed") and key(last) in english and len(last) > 3
        )
        any_verb = (
            verb_after
            or after_word in _TEXTSPEAK_VERBS
            or (bool(after_word) and last in verb_forms())
        )
        contracted = poss and (after_word in _CONTRACTED or after_word.endswith(("ing", "ly")))
        poss_person = poss and not contracted
        vb = None if fresh else _BEFORE_VERB.search(before[-32:])
        verb_before = vb is not None and vb.group().split()[0].lower() not in _PREPOSITIONS
        marks = said or bool(_REAL_NAME_AFTER.match(text, e) or _KIN_AFTER.match(text, e))
        pair = _AND_NEXT.match(text, e)
        kin_pair = bool(pair and pair.group("kin"))
        person_after = (
            verb_after or poss_person or marks or kin_pair or bool(_PERSON_AFTER.match(text, e))
        )
        state = weak and bool(_PERSON_STATE.match(text, e + len(gap) + len(after_word)))
        if not strong_before and k not in first_names() and place_used(text, s, e, k, cue=False):
            continue  # "a Dublin family", "the Manila branch"
        place_cue = None if fresh else _PLACE_BEFORE.search(before[-32:])
        if (
            place_cue
            and not poss
            and not strong_before
            and (
                not in_list
                or wordlike
                or k in _towns()
                or k in _big_places()
                or (
                    k in proper
                    and (k not in first_names() or "visit" not in place_cue.group().lower())
                )
            )
        ):
            continue  # "in Paris", "moved to Chester": the town (places are the towns' detector's)
        ok = False
        if naming:
            ok = True
        elif in_list and not wordlike:
            if title:
                ok = (
                    not next_cap
                    or poss
                    or bool(nxt and nxt[2].isupper())  # "Kenneth's H&C", "Ali NHS no"
                    or k in _words("big little old young")
                )
            elif lower:
                # "i feel like i failed kayden"; not "moved up from devon", "family from india"
                place = (
                    k in proper
                    and not kin_before
                    and not verb_before
                    and bool(_LOWER_PLACE_BEFORE.search(before[-12:]))
                    and not _SENT_FROM.search(before[-32:])
                )
                ok = (
                    len(k) >= 3
                    and k not in _NOT_LOWER
                    and _lower_ok(text, s)
                    and not place
                    and (
                        person_after
                        or kin_before
                        or strong_before
                        or bool(vb)
                        or (len(k) >= 4 and (k not in proper or k in first_names()))
                        or state
                    )
                )
            elif upper:
                ok = len(k) >= 3 and (person_after or kin_before) and not _mostly_caps(toks)
        elif in_list:
            # A name that is also a word: only where the sentence makes it a person.
            human = after_word in _HUMAN_VERBS
            if kin_before or (strong_before and not lower):
                # "her neighbour dusty in the lane"; not "her husband hung crooked"
                if not lower:
                    ok = True
                elif k in verb_forms():
                    ok = poss_person or kin_pair or said or _lower_marks(text, e, before)
                else:
                    ok = person_after or (kin_before and not any_verb)
            elif title and start and (month or k in _ABSTRACT):
                # "June said", "Hope is 19", "June's husband"; not "Hope springs", "April's rota"
                ok = not next_cap and (
                    human
                    or (not month and verb_after and after_word not in _NOT_HUMAN_VERBS)
                    or (bool(_PERSON_AFTER.match(text, e)) and not _FROM_ROLE.match(text, e))
                    or (
                        state
                        and (k not in _SEASONS or _firm_state(text, e + len(gap) + len(after_word)))
                        and not _GENERAL_AFTER.match(text, e + len(gap) + len(after_word))
                    )
                    or (contracted and _firm_state(text, e + len(gap) - 1))
                    or marks
                    or (
                        kin_pair
                        and (
                            not month
                            or (pair is not None and bool(_KIN_NAME_AFTER.match(text, pair.end())))
                        )
                    )
                    or (poss_person and key(after_word) in _PERSONAL)
                    or (any_verb and bool(_DOING.match(text, e + len(gap) + len(after_word))))
                    or _pair_of_names(text, pair)
                    or _person_predicate(text, e)  # "Wren sent a complaint", "Summer kept drawing"
                )
            elif title and calendar:
                rest = text[e + len(gap) + len(after_word) :]
                ok = (
                    (
                        after_word in _AFTER_VERBS
                        and after_word not in _WEAK
                        and not _DESCRIBED.search(before[-24:])  # "The old Bill came"
                    )
                    or (poss_person and key(after_word) in _PERSONAL)
                    or (weak and bool(re.match(r"[ \u00a0]+(?:\d|the[ \u00a0]+one\b)", rest)))
                    or marks
                    or (not fresh and bool(_TELL_BEFORE.search(before[-12:])))
                    or (weak and bool(_WHO_BEFORE.search(before[-6:])))
                    or (start and not month and _person_predicate(text, e))  # "Bill has paid"
                    or (
                        not month
                        and not fresh
                        and bool(_GET_TO.search(before[-24:]))
                        and bool(_TO_VERB.match(text, e))
                    )  # "couldn't get Liberty to stay"
                )
            elif title and not start and not titled_text:
                ok = (
                    not next_cap
                    and not _DETERMINER.search(before[-10:])
                    and (
                        person_after
                        or bool(vb)
                        or not _is_common(k)
                        or (bool(_GET_TO.search(before[-24:])) and bool(_TO_VERB.match(text, e)))
                    )
                )
            elif title and start:
                ok = not next_cap and (
                    (person_after and not weak)
                    or (any_verb and not weak)
                    or (weak and ((k not in _ABSTRACT and k not in _PLANTS) or state))
                    or (contracted and _firm_state(text, e + len(gap) - 1))
                    or bool(_WHERE_AFTER.match(text, e))
                    or bool(_SPEAKER_AFTER.match(text, e))
                    or _pair_of_names(text, pair)
                    or _person_predicate(text, e)
                )
            elif lower and k in NOT_NAMES:
                ok = (
                    (kin_pair and bool(vb))
                    or (  # "spoke to will and his mum"
                        k not in _NOT_AFTER_VERB  # "spoke to jan at the care home"
                        and k not in verb_forms()
                        and bool(_DIRECT_VERB.search(before[-24:]))
                    )
                )
            elif lower and len(k) >= 3:
                lmarks = said or _lower_marks(text, e, before)
                ok = (
                    (
                        verb_before
                        and (
                            person_after
                            or (not _is_common(k) and bool(_DIRECT_VERB.search(before[-24:])))
                        )
                    )
                    or (bool(vb) and (poss_person or lmarks or kin_pair))
                    or lmarks
                    or (start and human and k not in _ABSTRACT)
                    or (start and after_word in _CALLS and k not in verb_forms())  # "precious rang"
                    or (start and poss_person and key(after_word) in _PERSONAL)
                    or ((start or bool(vb)) and _where_person(text, e, k))
                    or (  # "seen big tony on the ward round"
                        not fresh
                        and bool(_BEFORE_STRONG.search(before[-20:]))
                        and k not in verb_forms()
                        and k in first_names()
                        and k not in _ABSTRACT
                        and k not in _KIN_TRIGGERS
                        and not _DETERMINER.search(before[-16:].rsplit(" ", 2)[0] + " ")
                        and not _adjective_before(before)
                    )
                )
        elif (title or lower) and not wordlike and not next_cap and len(k) >= 3 and "-" not in w:
            # In no list at all: a person where the sentence uses it as one, or a capitalised word
            # in mid-sentence that is no English word, no known place, term or brand.
            if lower:
                ok = (
                    start and after_word in _STRONG_AFTER and k not in _NOT_LOWER
                ) and _could_be_name(k)
            elif _could_be_name(k):
                if start and k in proper:
                    # SCOWL's famous people and places ("Kierkegaard, he says, understood",
                    # "Nietzsche is all he reads"): a person of the story only by kin or a mark
                    ok = (
                        kin_before
                        or bool(_REAL_NAME_AFTER.match(text, e) or _KIN_AFTER.match(text, e))
                        or _person_predicate(text, e)
                        or (
                            poss_person and key(after_word) in _PERSONAL
                        )  # "Rooney's social worker"
                    )
                elif start:
                    ok = (
                        person_after
                        or any_verb
                        or state
                        or kin_before
                        or _pair_of_names(text, pair)
                    )
                else:
                    # A people, language or brand ("her Gaelic is better") needs a person's verb.
                    ok = (
                        (
                            person_after
                            and (
                                k not in proper
                                or marks
                                or (verb_after and not weak and after_word not in _NOT_HUMAN_VERBS)
                            )
                        )
                        or kin_before
                        or (k not in proper and bool(_FAMILY_AFTER.match(text, e)))
                        or (
                            k not in proper
                            and not titled_text
                            and not _cap_before(text, toks, i)
                            and not _DETERMINER.search(before[-10:])
                            and not (_FROM_BEFORE.search(before[-8:]) and not verb_before)
                            and not _compound(k)
                            and not _O_PARTICLE.search(text, max(0, s - 4), s)
                        )
                    )
        if (
            not ok
            and title
            and wordlike
            and not next_cap
            and (
                _named_after(text, s + len(w), k)
                or (in_list and after_word in _DOES_FIRST and _DOES_AFTER.match(text, e))
            )
            and not _DETERMINER.search(before[-10:])
        ):
            ok = True  # "Sunday did not attend", "Rose had her hair done"
        if not ok and epithet and in_list and not calendar:
            ok = True  # "Terry the taxi brought her in"
        if ok and pets and k in pet_names(text):
            ok = False  # "the cat's called Frank ... she talks to Frank"
        if ok:
            found[i] = e if poss else s + len(w)
            yield Hit(s, found[i], "first_name", "looks like a name")
    # A list of capitalised words that the sentence calls siblings or children ("Bonnie, Ace and
    # Blaze: three siblings", "Storm and Sky are twins"): every one of them is a name.
    if may_hold_word(text, _GROUP_FIRST) and _GROUP_HINT.search(text):
        tok_at = {t[0]: n for n, t in enumerate(toks)}
        for m in _NAMED_GROUP.finditer(text):
            for w_m in re.finditer(r"[A-Z][\w'\u2019\-]*", m.group("names")):
                n = tok_at.get(m.start("names") + w_m.start())
                if n is None or n in found or key(w_m.group()) in NOT_NAMES:
                    continue
                found[n] = toks[n][1]
                yield Hit(toks[n][0], toks[n][1], "first_name", "looks like a name")
    # Names side by side: a word next to a name, joined by "and" or a comma, and itself a name of
    # the lists or no English word, is a name too ("Jack and Ruby", "rose and frank").
    for i in list(found):
        for j in (i - 2, i - 1, i + 1, i + 2):
            if j in found or not 0 <= j < len(toks) or not _joined(text, toks, i, j):
                continue
            s, e, raw = toks[j]
            w, poss = _strip_possessive(raw)
            k = key(w)
            if len(k) < 3 or k in skip or k in _FIGURES or k in _CALENDAR:
                continue
            if k in NOT_NAMES and not (k in given and w[:1].isupper()):
                continue
            if k in _FEASTS or k in _KIN_WORDS or k in _NOT_LOWER:
                continue
            other = toks[i][2]
            if w.islower() != other.islower() or w.isupper():
                continue
            if k in given or (
                w[0].isupper()
                and k not in english
                and k not in proper
                and _could_be_name(k)
                and not _compound(k)
            ):
                found[j] = e if poss else s + len(w)
                yield Hit(s, found[j], "first_name", "looks like a name")
    # The same name again ("cliff from bay 6 again - cliff is the one with the stoma"): once the
    # draft has used a word as a name, it is that person wherever it comes back, in the case the
    # author gave it (a capitalised "Robin" also names "robin is the boyfriend").
    if found:
        named = {key(_strip_possessive(toks[i][2])[0]): toks[i][2].islower() for i in found}
        for j, (s, e, raw) in enumerate(toks):
            if j in found:
                continue
            w, poss = _strip_possessive(raw)
            k = key(w)
            if k not in named or k in _NOT_LOWER or len(k) < 3:
                continue
            if k in NOT_NAMES and not (
                k in _CALENDAR
                and w[:1].isupper()
                and not _DAY_BEFORE.search(text[max(0, s - 12) : s])
                and not named[k]
            ):
                continue  # "Sunday did not attend ... Sunday never comes"; not "on Sunday"
            if (
                w.islower()
                and k in english
                and (k in verb_forms() or k in _ABSTRACT)
                and not (named[k] and k not in verb_forms() and _verb_next(toks, j))
            ):
                continue  # "Hope said ... I hope", "Will ... will"; not "hero's mum ... hero hasnt"
            if _DETERMINER.search(text[max(0, s - 10) : s]):
                continue  # "the robin on the feeder"
            found[j] = e if poss else s + len(w)
            yield Hit(s, found[j], "first_name", "looks like a name")


# A name pasted from a record: "Surname: MCLAUGHLIN", "Name: ADEYEMI, Folasade", "Forename Elowen",
# "Client name - Jory Pascoe". What follows the label is a name, in any case but lower.
_FIELD = re.compile(
    r"\b(?:(?:sur|fore|first[ \u00a0]?|last[ \u00a0]?|family[ \u00a0]?|given[ \u00a0]?|middle[ \u00a0]?"
    r"|maiden[ \u00a0]?|preferred[ \u00a0]?)names?[ \u00a0]*[:=\-\u2013|]?"
    r"|(?:(?:patient|client|pt|service[ \u00a0]user|full)[ \u00a0])?name[ \u00a0]*[:=|])[ \u00a0]*"
    r"(?P<n>[A-Z][A-Za-z\u00c0-\u024f'\u2019\-]+(?:,?[ \u00a0][A-Z][A-Za-z\u00c0-\u024f'\u2019\-]+){0,2})",
    re.IGNORECASE,
)
_FIELD_STOP = _words("dob nhs gp status address team id hcn chi mrn ref no number ward is was")


def find_labelled_names(text: str) -> Iterator[Hit]:
    """Names after a record's label ("Surname: MCLAUGHLIN", "Name: ADEYEMI, Folasade")."""
    if "name" not in text.lower():
        return
    for m in _FIELD.finditer(text):
        words = re.split(r",?[ \u00a0]", m.group("n"))
        kept = []
        for w in words:
            if key(w) in _FIELD_STOP or key(w) in NOT_NAMES or not w[:1].isupper():
                break
            kept.append(w)
        if kept:
            start = m.start("n")
            end = text.index(kept[-1], start) + len(kept[-1])
            yield Hit(start, end, "full_name", "a name pasted from a record")


# Lower-case words that are names only with kin beside them: "spoke to will and his mum".
_LOWER_KIN_NEXT = re.compile(
    rf"[ \u00a0]+(?:and|&|n)[ \u00a0]+(?:his|her|their)[ \u00a0]+(?:\w+[ \u00a0]+)?{_KIN}\b",
    re.IGNORECASE,
)
# "a favour from the ward manager": a thing someone gave, not "Dawn from the day centre".
_FROM_ROLE = re.compile(
    rf"[ \u00a0]+from[ \u00a0]+(?:the|her|his|their|our|my)[ \u00a0]+(?:\w+[ \u00a0]+)?{_KIN}\b",
    re.IGNORECASE,
)
# "June and her husband Frank": the kin word is followed by the other person's name.
_KIN_NAME_AFTER = re.compile(r",?[ \u00a0]+[A-Z][a-z]+")
# Where a person is on the ward: "cliff from bay 6", "mercy in cubicle 4", "Penny on reception".
_WHERE_AFTER = re.compile(
    r"[ \u00a0]+(?:from|in|on|at)[ \u00a0]+(?:bay|bed|cubicle|side[ \u00a0]?room|room|reception"
    r"|nights|days|ss|the[ \u00a0]+(?:ward|unit|desk|front[ \u00a0]+desk|agency|team|office))\b"
    r"(?![ \u00a0]+(?:door|doors|round|rounds|kitchen|office|phone|floor|entrance|garden|wall"
    r"|window|computer|manager|clerk|board|list)\b)",
    re.IGNORECASE,
)


_S = r"[ \u00a0]+"
_AGE_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:-\w+)?)"
)
# What makes any capitalised word a name, even one that is also a word and in no list ("Wren
# uses they/them", "Tank - his school nickname", "Bliss is the name her mother chose", "Fern -
# DNA x3", "Blaze is six", "Unity's grandad"): only a person has pronouns, a nickname, an age,
# appointments missed or kin.
_NAMED_AFTER = re.compile(
    rf"(?:{_S}(?:uses|prefers|goes{_S}by|is|are){_S}|[ \u00a0]*\()"
    r"(?:they/them|she/her|he/him|she/they|he/they|they/she|they/he)\b"
    r"|['\"\u2019\u201d]?[ \u00a0]*(?:[-\u2013\u2014]{1,2}|,|\(|:)[^.;!?\n]{0,60}?\b(?:nick-?name"
    rf"|(?:real|actual|proper|birth|given|full){_S}name|not{_S}(?:his|her|their){_S}(?:real{_S})?name"
    rf"|(?:everyone|everybody|they|we|staff|people|the{_S}\w+){_S}call(?:s|ed)?{_S}(?:him|her|them)"
    rf"|call(?:s|ed)?{_S}(?:him|her|them){_S}that|short{_S}for|named{_S}after|answers?{_S}to"
    rf"|call{_S}me|known{_S}as|calls?{_S}(?:him|her|them)sel(?:f|ves))\b"
    rf"|{_S}(?:is|was){_S}(?:(?:his|her|their|my|our){_S})?(?:\w+['\u2019]s|my|our){_S}"
    r"(?:nick|first[ \u00a0]|middle[ \u00a0]|maiden[ \u00a0])?name\b"
    rf"|{_S}(?:is|was|['\u2019]s){_S}(?:a|his|her|their|just|the|only{_S}a){_S}(?:(?:real|actual|proper|legal|birth|given|first|middle){_S})?(?:nick)?name\b(?!{_S}(?:of|for)\b)"
    rf"|{_S}(?:is|was){_S}named{_S}(?:after|for|by)\b"
    rf"|{_S}(?:is|was|['\u2019]s){_S}what{_S}[^.;!?\n]{{0,30}}?call(?:s|ed)?{_S}(?:him|her|them)\b"
    rf"|{_S}(?:is|was|has{_S}been|had{_S}been){_S}(?:(?:re)?admitted|discharged|sectioned|detained"
    r"|restrained|secluded|arrested|remanded|cautioned|excluded|expelled|fostered|adopted"
    r"|refusing|self-?harming|absconding)\b"
    rf"|[ \u00a0]*[-\u2013\u2014:][ \u00a0]*DNA\b|{_S}DNA(?:['\u2019]?d\b|[ \u00a0]*x[ \u00a0]*\d)"
    rf"|{_S}(?:did{_S}not|didn['\u2019]?t|never|has{_S}not|hasn['\u2019]?t){_S}(?:attend(?:s|ed)?"
    rf"|(?:turn|show)(?:s|ed)?{_S}up)"
    rf"|{_S}(?:is|was){_S}(?:now{_S}|only{_S}|just{_S})?(?:an?{_S})?\d{{1,2}}[ \u00a0\-]?(?:yo\b|y/o|years?[ \u00a0\-]old|yrs?[ \u00a0\-]old)"
    rf"|{_S}(?:is|was){_S}(?:now{_S}|only{_S}|just{_S})?(?:\d{{1,2}}|{_AGE_WORD})(?=[ \u00a0]*(?:[,.;]|and\b|now\b|$))"
    r"|['\u2019]s[ \u00a0]+(?:mum|mam|mom|dad|mother|father|step-?\w+|grandad|grandma|gran|nan|nana"
    r"|brother|sister|son|daughter|husband|wife|boyfriend|girlfriend|partner|kids|children|baby"
    rf"|carers?|foster{_S}\w+|social{_S}worker|care{_S}co-?ordinator|key[ \u00a0]?worker|cpn)\b",
    re.IGNORECASE,
)
# What a person in the name lists does that a word does not ("Rose had her hair done", "Hope
# came in again", "Peace came to clinic").
_DOES_AFTER = re.compile(
    rf"{_S}(?:was|is|came|comes|turned{_S}up|rang|phoned){_S}(?:back{_S})?in{_S}again\b"
    rf"|{_S}came{_S}(?:in|back){_S}(?:again|today|tonight|yesterday|this{_S}(?:morning|afternoon|evening))\b"
    rf"|{_S}came{_S}to{_S}(?:clinic|group|see{_S}(?:me|us)|the{_S}(?:clinic|appointment|session|group|surgery))\b"
    rf"|{_S}(?:has|had|did|does|got|wore|wears|packed|brought){_S}(?:her|his|their){_S}(?:own{_S})?[a-z]+"
    rf"|{_S}(?:is|was){_S}(?:late|tearful|withdrawn|agitated|polite|rude|guarded|hostile|distressed"
    r"|upset|drunk|intoxicated|asleep|dishevelled|unkempt|irritable|suspicious|paranoid|elated"
    r"|chatty|pleasant|frozen|mute|pregnant|adamant)\b"
    rf"|{_S}(?:has|had|['\u2019]s){_S}(?:got{_S})?(?:\w+{_S}){{0,2}}?(?:dementia|depression|diabetes"
    r"|cancer|epilepsy|autism|adhd|asthma|copd|psychosis|schizophrenia|bipolar|anorexia|bulimia"
    r"|degeneration|arthritis|parkinson['\u2019]?s|alzheimer['\u2019]?s|hiv|capacity|kids|children"
    r"|twins|a[ \u00a0]+(?:baby|boyfriend|girlfriend|husband|wife|partner|son|daughter))\b"
    rf"|{_S}(?:has|had|['\u2019]s){_S}(?:stopped|started|kept|refused|tried|begun){_S}[a-z]+ing\b",
    re.IGNORECASE,
)
# Pronoun-like words and roles that do what people do ("Nobody has her number", "Security
# brought him back"): never names however they are used.
_NOT_PERSON_SUBJECT = _words(
    """nobody somebody someone everyone everybody anyone anybody each both all none neither either
    one another who which that this these those he she they we it staff security police reception
    management housing triage mum dad family everything nothing something anything"""
)


# The first word or mark _NAMED_AFTER and _DOES_AFTER can start with: most words are followed
# by none of them, and the patterns are not tried.
_NEXT_WORD = re.compile(r"[ \u00a0]+([\w'\u2019/\-]+)")
_NAMED_FIRST = _words(
    """uses prefers goes is are was did didn't didnt didn’t never has hasn't hasnt hasn’t had
    dna dna'd dnad dna’d"""
) | frozenset({"-", "\u2013", "\u2014", "--"})
_NAMED_MARKS = frozenset("(-\u2013\u2014,:'\"\u2019\u201d")
_DOES_FIRST = _words(
    "was is came comes turned rang phoned has had did does got wore wears packed brought"
)


def _named_after(text: str, e: int, k: str) -> bool:
    """_NAMED_AFTER, but not after a day or month that heads a list ("Monday - DNA")."""
    if k in _NOT_PERSON_SUBJECT:
        return False
    rest = text[e : e + 24].lstrip(" \u00a0")
    if not rest or (
        rest[0] not in _NAMED_MARKS and (rest.split(None, 1) or [""])[0].lower() not in _NAMED_FIRST
    ):
        return False
    m = _NAMED_AFTER.match(text, e)
    return m is not None and not (
        k in _CALENDAR and m.group().lstrip(" \u00a0")[:1] in ("-", "\u2013", "\u2014", ":", ",")
    )


_I_WORD = re.compile(r"I(?:['\u2019](?:d|m|ll|ve))?$")  # "I told Sunny I'd be back"
# Speech about someone: '"Tyrone," she said', 'Bernie, he says, is'.
_SAID_AFTER = re.compile(
    r"[,\"'\u201d\u2019]*[ \u00a0]*,?[\"'\u201d\u2019]?[ \u00a0]+(?:she|he|they|i|mum|dad)[ \u00a0]+"
    r"(?:said|says|asked|told|whispered|shouted)\b",
    re.IGNORECASE,
)
# A speaker's label in a transcript: 'Pat: "I'm not mad"'.
_SPEAKER_AFTER = re.compile(r":[ \u00a0]*[\"'\u201c\u2018]")
# "the Ogunbanjo family": a surname, with or without "the".
_FAMILY_AFTER = re.compile(
    r"[ \u00a0]+(?:family|families|household|twins|brothers|sisters|kids|children|clan)\b"
)
_NAMING_HINT = re.compile(
    r"(?i)^(?:him|her|them|me|called|named|as|by|aka|nicknamed|is|calls|call|likes|prefers)$"
)
_NAME_IS_BEFORE = re.compile(
    r"\b(?:name[ \u00a0]+is|name[ \u00a0]+was|(?:girl|boy|baby|daughter|son)[ \u00a0]+named)[ \u00a0]+$",
    re.IGNORECASE,
)
_NAMING_BEFORE = re.compile(
    r"\b(?:called|named|known\s+as|calls?\s+(?:him|her|them|me)(?:self)?|call(?:ed|ing)\s+"
    r"(?:him|her|them|me)|goes\s+by|aka|nicknamed|nickname\s+is"
    r"|(?:who|whom)\s+(?:everyone|everybody|they|we|staff|people|the\s+\w+)\s+calls?"
    r"|(?:likes|prefers)(?:\s+to\s+be\s+called)?\s*[\"'\u201c\u2018])[ \u00a0]*$",
    re.IGNORECASE,
)
# What a person keeps doing ("Faith keeps praying over me"; not "Hope keeps me going").
_DOING = re.compile(
    r"[ \u00a0]+(?:asking|calling|ringing|saying|crying|praying|talking|telling|texting|phoning"
    r"|apologising|apologizing|shouting|screaming|laughing|smiling|refusing|begging)\b",
    re.IGNORECASE,
)
# "Tam o' Shanter", "Jack o' lantern": a title, not a person.
_O_PARTICLE = re.compile(r"[ \u00a0]o['\u2019][ \u00a0]", re.IGNORECASE)


# Before a name used as a kind or a title, not a person: "called him a Jonah", "does a brilliant
# Jack", "sang Delilah", "quoted Dylan Thomas at me", "500 Miles".
_MEDIA_VERBS = _words(
    """sang sing sings singing hummed humming whistled whistling play plays played playing quoted
    quoting quotes binge-watched bingewatched reread rereading rereads"""
)
# Before "with" or "about": a figure or a work, not a person of the story.
_ALLUDING = _words("identifies identified identify identifying everything obsessed")


def _generic_before(before: str) -> bool:
    """Words before that make a name a kind or a title: "a Jonah", "a brilliant Jack (and
    Victor)", "sang Delilah", "listening to Adele", "put on Frozen"."""
    words = before[-40:].split()
    if not words or before[-1:] not in (" ", "\u00a0"):
        return False
    if words[-1] in ("and", "&") and len(words) >= 3 and words[-2][:1].isupper():
        words = words[:-2]  # "a brilliant Jack and [Victor]"
    if not words:
        return False
    last = words[-1]
    if last in ("a", "an") or last in _MEDIA_VERBS:
        return True
    if len(words) >= 2:
        pair = (words[-2], last)
        if words[-2] in ("a", "an") and last.isalpha() and last.islower():
            return True
        if pair[1] == "to" and pair[0] in ("listen", "listened", "listening"):
            return True
        if pair == ("put", "on"):
            return True
        if last == "after" and any(x in ("named", "called", "name") for x in words[-4:-1]):
            return True  # "named her son after Ronaldo": the namesake
        if pair[1] in ("with", "about") and pair[0] in _ALLUDING:
            return True  # "identifies with Lennie", "read everything about Karen"
    return False


# After it, what makes a word a place: "Paris, he says, is where he wants to go", "Dubai was where".
_WHERE_IS = re.compile(
    r"(?:,[ \u00a0]+(?:he|she|they)[ \u00a0]+(?:says|said),)?[ \u00a0]+(?:is|was|['\u2019]s)"
    r"[ \u00a0]+(?:where|somewhere|the[ \u00a0]+(?:city|town|country|village|place))\b",
    re.IGNORECASE,
)
# After one: a song on the radio ("Myfanwy came on the radio"); a body that acts in the plural
# ("Paeds are worried", "Barnardo's have a worker").
_GENERIC_AFTER = re.compile(
    r"[ \u00a0]+(?:came[ \u00a0]+on[ \u00a0]+(?:the[ \u00a0]+)?(?:radio|telly|tv|jukebox|in[ \u00a0]+the[ \u00a0]+car)"
    r"|(?:have|are|were|haven['\u2019]?t|aren['\u2019]?t|weren['\u2019]?t)\b)",
    re.IGNORECASE,
)
_DETERMINERS = r"(?:the|a|an|my|your|our|their)"
# A word-name at the start before a determiner is a verb ("Chase the school", "Mark the chart"),
# unless a verb follows the noun ("Terry the taxi brought her in").
_IMPERATIVE = re.compile(rf"[ \u00a0]+{_DETERMINERS}[ \u00a0]+(?P<rest>[\w\- \u00a0,]{{0,40}})")


def _generic(text: str, s: int, e: int, before: str, wordlike: bool, start: bool) -> bool:
    """The word is used as a kind, a title, a song or a body, not as one person."""
    if _generic_before(before):
        return True
    if _GENERIC_AFTER.match(text, e):
        # "Mo, Abdullahi and Hodan are cousins": people in a list act in the plural too
        x = _AND_BEFORE.search(before[-30:])
        y = _AND_NEXT.match(text, e)
        return not (x and x.group("x")[0].isupper()) and not (
            y and (y.group("kin") or (y.group("y") or " ")[0].isupper())
        )
    # "500 Miles", "3 Rose"
    return wordlike and bool(re.search(r"(?<!\w)(?:\d{2,}|[13-9])[ \u00a0]*$", before))


def _before_determiner(text: str, e: int) -> str:
    """'verb' when a determiner follows the word ("Chase the letter", "ring the ward"),
    'epithet' when a verb follows that ("Terry the taxi brought her in"), else ''."""
    m = _IMPERATIVE.match(text, e)
    if m is None:
        return ""
    words = re.findall(r"[a-z]+", m.group("rest").split(",")[0])[:2]
    past = any(v in _AFTER_VERBS or (v.endswith("ed") and v in verb_forms()) for v in words)
    return "epithet" if past else "verb"


def _quoted(text: str, s: int, e: int) -> bool:
    """A quotation mark just before or after the word ('"Tyrone," she said')."""
    return any(
        q in text[max(0, s - 2) : s] + text[e : e + 3] for q in "\"'\u201c\u201d\u2018\u2019"
    )


# A determiner and one word before a word-name: a description ("the old Bill", "a new Will").
_DESCRIBED = re.compile(r"\b(?:the|a|an|this|that)[ \u00a0]+[a-z]+[ \u00a0]+$", re.IGNORECASE)


def _strong_before(before: str) -> bool:
    """_BEFORE_STRONG ("big Tony", "wee Jimmy", "calls me Gerald"), but not after a determiner:
    "the old Bill", "a big Frank" describe, they do not name."""
    m = _BEFORE_STRONG.search(before[-20:])
    if m is None:
        return False
    head = before[: len(before) - len(before[-20:]) + m.start()]
    return not (m.group()[:1].isalpha() and _DETERMINER.search(head[-10:]))


_WEAK_ASIDE = re.compile(
    r"(?:yes|yep|really|honestly|seriously|no[ \u00a0]+joke|i[ \u00a0]+know)$", re.IGNORECASE
)


def _lower_marks(text: str, e: int, before: str) -> bool:
    """After a lower-case word that is also a word, what still makes it a name: "miles mum",
    "june (81, delirious)"; not an aside after a comma ("was calm, the GP was", "the CAMHS lot,
    the kids") nor a noun after a determiner ("the foster carer")."""
    r = _REAL_NAME_AFTER.match(text, e)
    if r is not None:
        # "june - yes, really" marks a name; "childbearing age, I know," is a word and an aside
        return not _WEAK_ASIDE.search(r.group())
    m = _KIN_AFTER.match(text, e)
    return (
        m is not None
        and not m.group().lstrip(" \u00a0'\"\u2019\u201d").startswith(",")
        and not _DETERMINER.search(before[-10:])
    )


_PLAIN_BEFORE = _words(
    """with to and for from at by about of on in or but so then than that this when like re
    is was are were be been me him her us them it saw"""
)


def _adjective_before(before: str) -> bool:
    """An adjective before "old", "big" ("some wise old sage"): a description, not "big tony"."""
    m = re.search(r"([A-Za-z]+)[ \u00a0]+[A-Za-z]+[ \u00a0]+$", before)
    if m is None:
        return False
    k = m.group(1).lower()
    return len(k) > 2 and k in english_words() and k not in verb_forms() and k not in _PLAIN_BEFORE


def _compound(k: str) -> bool:
    """Two English words run together ("Radiohead"): a brand or a title, not a name."""
    words = english_words()
    return any(k[:n] in words and k[n:] in words for n in range(4, len(k) - 3))


_FROM_BEFORE = re.compile(r"\b(?:from|to|of|at)[ \u00a0]+$", re.IGNORECASE)
_JOIN = re.compile(r"[ \u00a0]*,[ \u00a0]*|[ \u00a0]+(?:and|&|or|n)[ \u00a0]+", re.IGNORECASE)


def _joined(text: str, toks: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """Tokens i and j are joined by "and" or a comma ("Jack and Ruby", "Tharshan, Thilaga")."""
    a, b = (i, j) if i < j else (j, i)
    if b - a == 1:
        return bool(re.fullmatch(r"[ \u00a0]*,[ \u00a0]*", text[toks[a][1] : toks[b][0]]))
    mid = toks[a + 1]
    return mid[2].lower() in ("and", "or", "n") and bool(
        _JOIN.fullmatch(text[toks[a][1] : toks[b][0]])
    )


def _firm_state(text: str, pos: int) -> bool:
    """What follows "is" that only a person is ("'s on the list", "'s 19"), not "'s always"."""
    m = _PERSON_STATE.match(text, pos)
    return m is not None and not re.fullmatch(
        r"[ \u00a0]+(?:back|still|now|always|never|(?:not[ \u00a0]+)?\w+ing)",
        m.group(),
        re.IGNORECASE,
    )


def _pair_of_names(text: str, pair: re.Match[str] | None) -> bool:
    """Two capitalised words doing one thing: "Mercy and Goodness came together"."""
    if pair is None:
        return False
    y = pair.group("y")
    return bool(y) and y[0].isupper() and bool(_PAIR_VERB.match(text, pair.end()))


def _cap_before(text: str, toks: list[tuple[int, int, str]], i: int) -> bool:
    """The word before is capitalised and adjacent: part of a longer proper noun ("Risperdal
    Consta", "Adi Quala")."""
    if not i:
        return False
    p = toks[i - 1]
    return (
        text[p[1] : toks[i][0]] in (" ", "\u00a0")
        and p[2][0].isupper()
        and not _at_start(text, p[0])
        or (
            text[p[1] : toks[i][0]] in (" ", "\u00a0")
            and p[2][0].isupper()
            and key(p[2]) not in NOT_NAMES
            and key(p[2]) not in english_words()
        )
    )


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


# Chinese given names end in syllables English words end in too ("Xiaoling", "Meiqing").
_PINYIN_ING = ("ling", "jing", "ming", "ning", "ping", "qing", "xing", "ying", "bing", "fing")


@cache
def drug_names() -> WordSet:
    """One-word names of medicines and their brands (data/drugs.txt: "Vyvanse", "Chantix")."""
    return load_words("drugs.txt")


def _could_be_name(k: str) -> bool:
    """A capitalised word in no list: not a town, not jargon, not a medicine, not a known
    non-name, not a word made of words ("Exactly-once") or with an ending names rarely have
    ("Sharding")."""
    return (
        k not in _towns()
        and k not in drug_names()
        and not _JARGON.search(k)
        and k not in NOT_NAMES
        and (not k.endswith("ing") or k.endswith(_PINYIN_ING))
        and not k.endswith(("ly", "ed", "tion", "ment", "ness", "able"))
    )
