"""Places the town lists and the "X Hospital" pattern miss: hospitals and units by their short
names ("the Bethlem", "Gartnavel", "Highcroft", "Jimmy's"), prisons ("Styal", "Barlinnie"),
islands ("on Anglesey"), schools and employers ("Thornfield Primary", "works at Sellafield"), and
any place the sentence says is one ("referred from Leverndale", "did eight years in X", "pt from
skeggy").

Two ways in, both WARN: short hand-made lists of the places trainees name most (UK psychiatric
hospitals, prisons, islands, towns' nicknames; public knowledge, compiled for this gate), and a
class rule: after words that put a person in a place (admitted to, transferred from, an inpatient
at, works at, teaches at, grew up on, served time in, is from...) a capitalised word that is no
English word, no name and no known service is a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from bot.domain._deid_ids import Hit
from bot.domain._deid_lexicon import key
from bot.domain._deid_words import NOT_NAMES, PLACE_GENERIC, _words

# UK psychiatric hospitals and units, and general hospitals, by the short names staff use.
HOSPITALS = """
Bethlem; Maudsley; Springfield; Tolworth; Barnet; Chase Farm; Highgate; Homerton; Goodmayes;
Runwell; Warley; Basildon; Linden Centre; Fulbourn; Cavell Centre; Hellesdon; Northgate; Woodlands;
Wedgwood; Bootham; Foss Park; Roseberry Park; St Nicholas; St George's Park; Cherry Knowle; Hopewood Park;
Ferndene; Walkergate; Monkwearmouth; Lanchester Road; West Park; Fieldhead; Becklin; Newsam Centre;
Mount; Lynfield Mount; Airedale; Priestley; Hollins Park; Whiston; Clock View; Broadoak; Mossley Hill;
Ashworth; Scott Clinic; Guild Lodge; Parklands; Edale House; Prestwich; Wythenshawe; Park House;
Laureate House; Moorside; Meadowbrook; Stepping Hill; Millbrook; Bassetlaw; Highbury; Wathwood;
Arnold Lodge; Rampton; Radbourne; Kingsway; Bradgate; Herschel Prins; St Andrew's; Berrywood;
Edgware; Lakeside; Gordon Hospital; St Charles; Riverside Centre; Hillingdon; Northwick Park;
Park Royal; Coombe Wood; Ladywell; River House; Ivy Wood; Littlemore; Warneford; Whiteleaf;
Prospect Park; Elmleigh; Antelope House; Melbury Lodge; Forston Clinic; Glenbourne; Langdon;
Cedar House; Wonford House; Longreach House; Callington Road; Southmead; Fromeside; Wotton Lawn;
Charlton Lane; Hollybank; Elgar Unit; Stonebow; Caludon Centre; Brooklands; Reaside; Ardenleigh;
Barberry; Mary Seacole; Juniper Centre; Zinnia Centre; Oleaster; Dorothy Pattison; Penn Hospital;
Bushey Fields; Harplands; Redwoods; Shelton; Springview; Bowmere; Arrowe Park; Royal Cornhill;
Stratheden; Whyteman's Brae; Rosslynlee; St John's Livingston; New Craigs; Royal Dundee Liff;
Murray Royal; Carseview; Midpark; Ailsa; Woodland View; Hartwoodhill; Leverndale; Gartnavel;
Gartnavel Royal; Parkhead; Stobhill; Dykebar; Royal Edinburgh; Orchard Clinic; State Hospital;
Carstairs; Sunnyside; Crichton; Knockbracken; Holywell; Gransha; Muckamore; Shannon Clinic;
Whitchurch; Hafan y Coed; Cefn Coed; Heddfan; Ablett; Bryn y Neuadd; Llanfrechfa; St Cadoc's;
Caswell Clinic; Highcroft; Barberry Centre; Hallam; Longley Centre; Michael Carlisle Centre;
Forest Close; Priory; Cygnet; Broadmoor; Jimmy's; Tommy's; Barts; Guy's; Mary's; George's;
the LGI; the RVI; the QE; the QMC; the BRI; the JR; the John Radcliffe; the Royal Free;
Addenbrooke's; Hope Hospital; Salford Royal; Wexham Park; Frimley Park; Papworth; Harefield
"""

# UK prisons and young offender institutions by name.
PRISONS = """
Styal; Barlinnie; Belmarsh; Pentonville; Wandsworth; Brixton; Holloway; Wormwood Scrubs; Scrubs;
Strangeways; Bronzefield; Low Newton; Askham Grange; New Hall; Eastwood Park; Foston Hall;
Drake Hall; Downview; Peterborough; Frankland; Full Sutton; Long Lartin; Whitemoor; Woodhill;
Altcourse; Parc; Berwyn; Maghaberry; Hydebank; Hydebank Wood; Magilligan; Shotts; Saughton;
Polmont; Cornton Vale; Addiewell; Low Moss; Glenochil; Castle Huntly; Feltham; Aylesbury;
Cookham Wood; Werrington; Wetherby; Hindley; Swinfen Hall; Isis; Thameside; Oakwood; Rye Hill;
Forest Bank; Hewell; Winson Green; Risley; Haverigg; Walton; Armley; Durham; Doncaster;
Dovegate; Garth; Wymott; Kirkham; Lancaster Farms; Buckley Hall; Deerbolt; Holme House;
Durham; Northumberland; Acklington; Lindholme; Moorland; Hatfield; Ranby; Lowdham Grange;
Whatton; Nottingham; Onley; Gartree; Stocken; Glen Parva; Highpoint; Wayland; Norwich;
Littlehey; Bure; Chelmsford; Warren Hill; Hollesley Bay; Coldingley; High Down; Highdown;
Send; Elmley; Swaleside; Standford Hill; Rochester; Maidstone; Lewes; Ford; Winchester;
Isle of Wight Prison; Parkhurst; Albany; Camp Hill; Erlestoke; Guys Marsh; Portland; Verne;
Dartmoor; Channings Wood; Exeter; Bristol; Leyhill; Gloucester; Usk; Prescoed; Swansea; Cardiff;
Grendon; Springhill; Bullingdon; Huntercombe; Woodhill; Bedford; Long Lartin; Stafford; Featherstone;
Brinsford; Oakwood; Birmingham; Stoke Heath; Drake Hall; Ashfield; Leyhill; Kilmarnock; Perth;
Inverness; Grampian; Dumfries; Edinburgh Prison; Greenock
"""

# Islands, by name; those that are also words or names only after "on", "in", "from" or "to".
ISLANDS = """
Anglesey; Arran; Skye; Mull; Islay; Bute; Barra; Tiree; Iona; Eigg; Raasay; Eriskay; Benbecula;
Colonsay; Gigha; Kerrera; Ulva; Staffa; Fair Isle; Foula; Whalsay; Bressay; Westray; Sanday;
Stronsay; Rousay; Shapinsay; Papa Westray; Flotta; South Ronaldsay; Burray; Orkney; Shetland;
Unst; Alderney; Sark; Guernsey; Jersey; Lundy; Lindisfarne; Holy Island; Sheppey; Canvey;
Canvey Island; Hayling; Hayling Island; Mersea; Walney; Foulness; Rathlin; Cumbrae; Millport;
Lismore; Scilly; Isles of Scilly; Tresco; Bryher; St Agnes; St Martin's; Isle of Man; Isle of
Wight; Isle of Mull; Isle of Skye; Isle of Lewis; Isle of Harris; Isle of Arran; Isle of Bute;
Isle of Sheppey; Isle of Dogs; Outer Hebrides; Inner Hebrides; Western Isles; North Uist;
South Uist; Uist; Lewis; Harris; Jura; Coll; Rum; Muck; Yell; Hoy
"""
_CUE_ONLY = _words("lewis harris jura coll rum muck yell hoy uist jersey guernsey mount hallam")

# Towns' nicknames and short forms.
NICKNAMES = """
skeggy; donny; pompey; brizzle; scunny; brum; boro; cov; notts; the smoke; the toon; brighton
and hove; weston; bradders; scarbs; chessie; the potteries; the valleys; the wirral;
merthyr; blackpool; bournemouth; grimsby; hartlepool
"""

# Countries, regions and cities abroad: where someone went on holiday or came from identifies
# nobody (a UK town does); left out of the class rule below.
WORLD = _words(
    """spain france italy germany poland romania lithuania latvia estonia portugal ireland
    scotland wales england britain nigeria ghana somalia somaliland eritrea ethiopia sudan kenya
    uganda zimbabwe zambia malawi congo cameroon senegal gambia sierra leone liberia jamaica
    trinidad tobago barbados grenada guyana india pakistan bangladesh sri lanka nepal china
    hong kong vietnam philippines thailand malaysia indonesia iran iraq syria afghanistan turkey
    kurdistan albania kosovo serbia croatia bosnia bulgaria hungary slovakia czechia ukraine
    russia greece cyprus malta egypt morocco algeria tunisia libya yemen saudi arabia dubai qatar
    kuwait israel palestine gaza lebanon jordan america usa us uk canada australia zealand brazil
    mexico colombia venezuela peru chile argentina europe africa asia caribbean states japan
    korea tenerife ibiza majorca mallorca magaluf benidorm lanzarote crete corfu amsterdam paris
    berlin rome madrid barcelona dublin lagos abuja accra kumasi mogadishu hargeisa kabul baghdad
    damascus aleppo tehran karachi lahore islamabad mirpur dhaka sylhet delhi mumbai punjab
    kashmir beijing shanghai warsaw krakow bucharest vilnius riga kyiv kiev moscow istanbul
    ankara kingston nairobi harare kampala addis ababa asmara khartoum tripoli cairo lisbon
    york heaven hell"""
)


def _entries(block: str) -> list[str]:
    return [" ".join(p.split()) for p in block.replace("\n", " ").split(";") if p.strip()]


@cache
def _named() -> re.Pattern[str]:
    """Every listed hospital, prison and island (their own capitals), as whole words; those
    made only of English words, given names or cities ("Mount", "Send", "Ford", "Durham",
    "Jimmy's") are left to the class rule below and to the name detector."""
    from bot.domain._deid_given import _big_places, english_words, given_names  # noqa: PLC0415

    english, given, big = english_words(), given_names(), _big_places()

    def distinctive(n: str) -> bool:
        words = [key(w[:-2] if w.endswith("'s") else w) for w in n.split() if w.lower() != "the"]
        return key(n) not in _CUE_ONLY and any(
            w not in english and w not in given and w not in big and w not in NOT_NAMES
            for w in words
        )

    names = [n for n in _entries(HOSPITALS + ";" + PRISONS + ";" + ISLANDS) if distinctive(n)]
    alts = sorted((re.escape(n).replace(r"\ ", r"[ \u00a0]+") for n in names), key=len)
    return re.compile(r"(?<![\w'\u2019])(?:" + "|".join(reversed(alts)) + r")(?![\w])")


@cache
def _cue_only() -> re.Pattern[str]:
    alts = "|".join(sorted((n.capitalize() for n in _CUE_ONLY), key=len, reverse=True))
    return re.compile(
        rf"\b(?:[Oo]n|[Ii]n|[Ff]rom|[Tt]o|[Aa]t|[Oo]ff)[ \u00a0]+(?:the[ \u00a0]+)?(?P<n>{alts})(?![\w])"
    )


@cache
def _nicknames() -> re.Pattern[str]:
    alts = "|".join(re.escape(n) for n in sorted(_entries(NICKNAMES), key=len, reverse=True))
    return re.compile(
        rf"\b(?:in|from|near|to|outside|round|around)[ \u00a0]+(?P<n>{alts})(?![\w])", re.IGNORECASE
    )


# Words that put a person in a place: then a capitalised word is the place.
_PLACE_CUE = re.compile(
    r"\b(?:admitted|transferred|moved|sent|sectioned|taken|brought|referred|discharged|released"
    r"|escaped|absconded|returned|back|detained|placed|remanded|bailed|recalled|shipped|came"
    r"|comes|coming)[ \u00a0]+(?:back[ \u00a0]+)?(?:to|from|into|out[ \u00a0]+of)"
    r"|\b(?:inpatient|patient|bed|nurse|nursing|doctor|sister|psychiatrist|consultant|cleaner"
    r"|porter|manager|worker|teacher|student|pupil|prisoner|inmate|resident|volunteer|job|shift"
    r"|shifts|placement|was|were|been|is|are|stay|stayed|staying|spell|years|months|time|stint"
    r"|admission)[ \u00a0]+(?:at|in|on)"
    r"|\b(?:works?|worked|working|teaches|taught|teaching|employed|trained|studies|studied"
    r"|studying|volunteers?|volunteered|cleans|lectures)[ \u00a0]+(?:\w+[ \u00a0]+)?(?:at|for|in)"
    r"|\b(?:grew[ \u00a0]+up|lives?|lived|living|raised|born|brought[ \u00a0]+up|settled|based"
    r"|stays|housed)[ \u00a0]+(?:on|in)"
    r"|\b(?:did|served|doing|done)[ \u00a0]+(?:\w+[ \u00a0]+){0,2}(?:in|at)"
    r"|\b(?:remand|licence|parole)[ \u00a0]+(?:in|at|from)"
    r"|\b(?:(?:is|was|she's|he's|they're|originally|comes|came|pt|lad|girl|man|woman|family"
    r"|bloke|guy|lady|couple)[ \u00a0]+from)"
    r"|\b(?:inside|visits?|visiting|visited)",
    re.IGNORECASE,
)
# Languages, faiths and such after "in" that are no place ("argue in Twi", "prays in Arabic").
_NOT_PLACE = _words(
    """twi sylheti pashto dari tigrinya amharic farsi persian cantonese mandarin kurdish somali
    yoruba igbo hausa swahili shona lingala punjabi urdu bengali hindi tamil gujarati arabic
    polish romanian lithuanian latvian portuguese spanish italian french german russian
    ukrainian turkish greek albanian welsh gaelic english scots islam judaism christianity
    hinduism sikhism buddhism ramadan lent advent english maths science history nursing
    medicine psychiatry psychology law engineering business accounts finance hr it admin"""
)
_SCHOOL = re.compile(
    r"(?<![\w'\u2019\-])((?:[A-Z][A-Za-z'\u2019\-]+[ \u00a0]){1,3})(?:Primary|Academy|Grammar"
    r"|Comprehensive|Infants|Juniors|Nursery|High[ \u00a0]School|School|Sixth[ \u00a0]Form)\b"
)


def find_short_places(text: str) -> Iterator[Hit]:
    """Listed hospitals, prisons and islands; towns' nicknames after "in" or "from"; schools."""
    for m in _named().finditer(text):
        yield Hit(m.start(), m.end(), "place", "names a hospital, prison or island")
    for m in _cue_only().finditer(text):
        yield Hit(m.start("n"), m.end("n"), "place", "names an island or a place")
    for m in _nicknames().finditer(text):
        yield Hit(m.start("n"), m.end("n"), "place", "names a town")
    for m in _SCHOOL.finditer(text):
        words = m.group(1).split()
        if all(key(w) in PLACE_GENERIC or key(w) in NOT_NAMES for w in words):
            continue  # "the Primary School", "Medical School"
        yield Hit(m.start(), m.end(), "place", "names a school")


# A capitalised word (or run of them) that might be a place; a lower-case word after "from",
# "in" or "on" that might be a town.
_CANDIDATE = re.compile(
    r"(?<=[ \u00a0])(?:(?P<n>[A-Z][A-Za-z'\u2019\-]+(?:[ \u00a0]+(?:(?:y|of|on|upon|le)[ \u00a0]+)?"
    r"[A-Z][A-Za-z'\u2019\-]+)*)|(?P<low>[a-z][a-z\-]{3,})(?![\w']))"
)
_CUE_AT_END = re.compile(rf"(?:{_PLACE_CUE.pattern})[ \u00a0]+(?:the[ \u00a0]+)?$", re.IGNORECASE)
_LOW_ENDS = re.compile(r"\b(?:from|in|on)[ \u00a0]+$", re.IGNORECASE)


def find_cued_places(text: str) -> Iterator[Hit]:
    """After words that put someone in a place, the place: "referred from Leverndale", "works at
    Sellafield", "did eight years in Barlinnie", "pt from skeggy". A capitalised word is a place
    there only if it is no English word, name, city, country or language. The few words that
    could be places are found first; only their sentence is read for a cue."""
    from bot.domain._deid_given import _big_places, english_words, given_names  # noqa: PLC0415

    english, given, big = english_words(), given_names(), _big_places()
    for m in _CANDIDATE.finditer(text):
        if m.group("n"):
            words = m.group("n").split()
            first = key(words[0])
            if (
                first in NOT_NAMES
                or first in PLACE_GENERIC
                or first in _NOT_PLACE
                or first in WORLD
                or first in big
                or (len(words) == 1 and (first in english or first in given))
                or words[0].isupper()
            ):
                continue
            if _CUE_AT_END.search(text, max(0, m.start() - 48), m.start()):
                yield Hit(m.start(), m.end(), "place", "names where someone is, was or works")
        else:
            w = key(m.group("low"))
            if w in english or w in given or w in NOT_NAMES or w in _NOT_PLACE or w in WORLD:
                continue
            lo = max(0, m.start() - 48)
            if _LOW_ENDS.search(text, lo, m.start()) and _CUE_AT_END.search(text, lo, m.start()):
                yield Hit(m.start(), m.end(), "place", "names a town")
