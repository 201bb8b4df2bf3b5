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

from bot.domain.deidentify.ids import Hit
from bot.domain.deidentify.lexicon import _COUNTY_RX, key
from bot.domain.deidentify.words import NOT_NAMES, PLACE_GENERIC, SENTENCE_STARTERS, _words

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
Addenbrooke's; Hope Hospital; Salford Royal; Wexham Park; Frimley Park; Papworth; Harefield;
the Retreat; Bootham Park; Craiglockhart; Hairmyres; Ninewells; Raigmore; Craigavon; Daisy Hill;
Altnagelvin; Antrim Area; Purdysburn; Glan Clwyd; Ysbyty Gwynedd; Morriston; Glangwili; Withybush;
Northern General; Royal Hallamshire; Hallamshire; Queen Elizabeth; Queen's Medical Centre;
Royal Victoria; Manchester Royal; Leeds General; Jimmy's; St James's;
Hull Royal; Castle Hill; Derby Royal; Royal Derby; Walsgrave; Good Hope; Heartlands;
Selly Oak; Fairfield; Royal Oldham; North Manchester General; Royal Bolton; Royal Preston;
Royal Blackburn; Victoria Infirmary; Southern General; Western General; Western Infirmary;
Queen Elizabeth University; Ninewells; Aberdeen Royal; Forth Valley;
Bronglais; Prince Charles; Ty Harris; Treliske; the Pilgrim; Pilgrim Hospital; Derriford;
Freedom Fields; Musgrove; Yeovil District; Dorset County; Poole General; Salisbury District;
North Devon District; Torbay; Royal Cornwall; Bodmin; Longreach; Chy Govenek; Bowhill; Chy an Mor; Llandough; Whitchurch; Pinderfields; Stanley Royd; Storthes Hall;
High Royds; Severalls; Claybury; Friern; Napsbury; Netherne; Cane Hill; Tooting Bec; Colney Hatch;
Rainhill; Winwick; Whittingham; Calderstones; Lancaster Moor; Garlands; Mapperley; Saxondale; Rauceby;
St Crispin; Barrow Hospital; Glenside; Tone Vale; Exminster; Bodmin; St Lawrence's; Knowle;
Graylingwell; Hellingly; St Audry's; St Clement's; Goodmayes; Mile End; Homerton; Newham Centre;
Lambeth Hospital; Bethnal Green; Kingsley Green; Chiltern Wing; Hill End; Shenley; Napsbury;
Kingsway; Pastures; Towers; Woodlands; Coleshill; Hollymoor; Rubery; All Saints; Highcroft;
Uffculme; Ardenleigh; Glenfield; Carlton Hayes; Towers Hospital; Arnold Lodge; Rampton
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
Inverness; Grampian; Dumfries; Edinburgh Prison; Greenock; Bar-L; the Bar-L; the Ville;
the Scrubs; the Verne; Wakefield Prison; Manchester Prison; Liverpool Prison
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
South Uist; Uist; Lewis; Harris; Jura; Coll; Rum; Muck; Yell; Hoy; Scillies; the Scillies;
Isles of Scilly; Papa Stour; Fetlar; Stroma; Seil; Luing; Lismore; Great Cumbrae; Holy Isle;
Caldey; Bardsey; Ramsey Island; Skomer; Brownsea; Hilbre; Piel; Foulney; Osea; Tory Island
"""

# Schools by the nicknames their pupils use.
SCHOOLS = """
Methody; Rainey; Sullivan Upper; Campbell College; Fettes; Gordonstoun; Hutchesons'; Hutchie
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
    york heaven hell manila cebu bangkok jakarta singapore seoul tokyo taipei hanoi saigon
    kathmandu colombo chennai kolkata bangalore hyderabad ahmedabad amritsar jalandhar ludhiana
    chandigarh sialkot rawalpindi peshawar faisalabad multan gujranwala kandahar herat erbil
    sulaymaniyah mosul basra homs beirut amman riyadh jeddah mecca medina doha muscat sanaa aden
    djibouti kinshasa luanda lusaka lilongwe maputo johannesburg durban pretoria windhoek gaborone
    mombasa kigali juba freetown monrovia conakry dakar banjul bamako niamey yaounde douala ibadan
    kano enugu onitsha abeokuta tamale lome cotonou algiers tunis rabat casablanca marrakech
    alexandria athens sofia belgrade zagreb sarajevo tirana pristina skopje budapest vienna prague
    bratislava ljubljana chisinau minsk tallinn helsinki stockholm oslo copenhagen brussels geneva
    zurich munich hamburg frankfurt cologne milan naples turin florence venice porto seville
    valencia malaga lyon marseille gdansk wroclaw poznan lodz katowice lublin kaunas klaipeda cluj
    iasi timisoara constanta brasov lima bogota caracas havana toronto montreal vancouver sydney
    melbourne auckland chicago boston"""
)


def _entries(block: str) -> list[str]:
    return [" ".join(p.split()) for p in block.replace("\n", " ").split(";") if p.strip()]


@cache
def _named() -> dict[str, tuple[str, ...]]:
    """Every listed hospital, prison, island and school (their own capitals), by first word,
    longest first; those made only of English words, given names or cities ("Mount", "Send",
    "Ford", "Durham", "Jimmy's") are left to the cued look-up below and to the name detector."""
    from bot.domain.deidentify.given import _big_places, english_words, given_names  # noqa: PLC0415

    english, given, big = english_words(), given_names(), _big_places()

    def distinctive(n: str) -> bool:
        words = [key(w[:-2] if w.endswith("'s") else w) for w in n.split() if w.lower() != "the"]
        return key(n) not in _CUE_ONLY and any(
            w not in english and w not in given and w not in big and w not in NOT_NAMES
            for w in words
        )

    every = _entries(HOSPITALS + ";" + PRISONS + ";" + ISLANDS + ";" + SCHOOLS)
    out: dict[str, list[str]] = {}
    for n in every:
        if distinctive(n):
            out.setdefault(n.split()[0], []).append(n)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


# Where a listed name may start: a word with a capital, or "the".
_NAME_START = re.compile(r"(?<![\w'\u2019])(?:the|[A-Z][\w'\u2019\-]*)")


def _listed(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the listed names of ``_named`` (spaces between words may be no-break)."""
    table = _named()
    plain = text.replace("\u00a0", " ")
    for m in _NAME_START.finditer(plain):
        for name in table.get(m.group(), ()):
            end = m.start() + len(name)
            if plain.startswith(name, m.start()) and not (
                end < len(plain) and _is_word(plain[end])
            ):
                yield m.start(), end
                break


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


@cache
def _cue_only() -> frozenset[str]:
    """The listed places whose names are also words, names or cities ("Mull", "Murray Royal",
    "the Barberry", "Holy Island") and the urban districts GeoNames counts as cities
    (``DISTRICTS``), as keys of their words: a place after "on", "in", "from", "to", "at",
    "near"... Big cities are left out (a city of 100,000 people identifies nobody)."""
    from bot.domain.deidentify.given import _big_places  # noqa: PLC0415

    big = _big_places()
    every = _entries(HOSPITALS + ";" + PRISONS + ";" + ISLANDS)
    names = {n[4:] if n.startswith("the ") else n for n in every}
    keys = {" ".join(key(w) for w in n.split()) for n in names}
    listed = frozenset(k for k in keys if k.replace(" ", "") not in big)
    return listed | _CUE_ONLY | DISTRICTS | SHORT_TOWNS


# Towns by the short name locals use, which is also a word: "from Barrow" (-in-Furness).
SHORT_TOWNS = _words("barrow berwick ashby burton kirkby stow wells ross hay bude settle")


# A cue, then up to three capitalised words: looked up in ``_cue_only``, longest first.
_CUED_WORDS = re.compile(
    r"\b(?:[Oo]n|[Ii]n|[Ff]rom|[Tt]o|[Aa]t|[Oo]ff|[Ii]nto|[Nn]ear|[Oo]utside|[Rr]ound|[Aa]round"
    r"|[Vv]ia)[ \u00a0]+(?:the[ \u00a0]+)?(?P<n>[A-Z][\w'\u2019\-]*(?:[ \u00a0]+[A-Z][\w'\u2019\-]*){0,2})"
)


def _cued_listed(text: str) -> Iterator[tuple[int, int]]:
    listed = _cue_only()
    for m in _CUED_WORDS.finditer(text):
        words = list(re.finditer(r"\S+", m.group("n")))
        for n in range(len(words), 0, -1):
            if " ".join(key(w.group()) for w in words[:n]) in listed:
                end = m.start("n") + words[n - 1].end()
                if not re.match(_CLUB, text[end:]):
                    yield m.start("n"), end
                break


_CLUB = r"[ \u00a0]+(?:Villa|Hotspur|United|City|Rovers|Athletic|Albion|Wanderers|FC|Town)\b"


# London and other urban districts that GeoNames counts among cities of 100,000 people: places
# where someone lives or works ("grew up in Tottenham", "the depot in Dagenham"), not cities.
DISTRICTS = _words(
    """tottenham dagenham walthamstow ilford islington croydon becontree bexley brent harrow
    barking archway enfield sutton edmonton hackney peckham brixton lewisham deptford stratford
    leyton tooting streatham wembley southall hounslow acton ealing hammersmith fulham camden
    kilburn willesden finchley hendon barnet romford woolwich catford norwood penge sydenham
    handsworth moseley sparkbrook aston erdington kingstanding moss side longsight rusholme
    levenshulme gorton harpurhey wythenshawe toxteth anfield everton kirkby huyton bootle
    chapeltown harehills seacroft gipton armley beeston pilrig leith niddrie muirhouse pilton
    wester hailes drumchapel easterhouse castlemilk possil govan partick springburn"""
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
    r"|Comprehensive|Infants|Juniors|Nursery|High[ \u00a0]School|School|Sixth[ \u00a0]Form|College)\b"
    r"|(?<![\w'\u2019\-])((?:St\.?[ \u00a0]+[A-Z][a-z]+|Our[ \u00a0]+Lady|[A-Z][a-z]+)['\u2019]s[ \u00a0]+)"
    r"High\b(?![ \u00a0]+(?:Street|Road|Court|Risk|Dependency|Secure))"
)
# What every _SCHOOL match holds: a space, then the school's kind (found fast from the spaces).
_SCHOOL_HINT = re.compile(
    r"[ \u00a0](?:Primary|Academy|Grammar|Comprehensive|Infants|Juniors|Nursery|High|School"
    r"|Sixth|College)"
)
# Church schools by their dedication ("Holy Family Primary", "Sacred Heart High").
_DEDICATION = re.compile(
    r"(?:Holy|Sacred|Blessed|Corpus|Our[ \u00a0]Lady|Most[ \u00a0]Holy|Immaculate|Precious|Christ)\b"
)
# Pubs whose names say so even without "the pub": "in the beer garden of the Wheatsheaf".
_PUB_NAMES = re.compile(
    r"\bthe[ \u00a0]+(?P<n>Wheatsheaf|Red[ \u00a0]Lion|White[ \u00a0]Hart|Royal[ \u00a0]Oak|Rose"
    r"[ \u00a0]and[ \u00a0]Crown|Fox[ \u00a0]and[ \u00a0]Hounds|Black[ \u00a0]Bull|Coach[ \u00a0]and"
    r"[ \u00a0]Horses|Green[ \u00a0]Man|Golden[ \u00a0]Lion|Three[ \u00a0]Horseshoes|Cross[ \u00a0]Keys"
    r"|Rising[ \u00a0]Sun|Dog[ \u00a0]and[ \u00a0]Duck|Fleece|Plough|Black[ \u00a0]Swan|White[ \u00a0]Swan"
    r"|Blue[ \u00a0]?[Bb]ell|Crown[ \u00a0]and[ \u00a0]Anchor|Horse[ \u00a0]and[ \u00a0]Groom|Hare[ \u00a0]and"
    r"[ \u00a0]Hounds|Jolly[ \u00a0]\w+|Pack[ \u00a0]Horse|Bay[ \u00a0]Horse|White[ \u00a0]Lion|Red[ \u00a0]Cow"
    r"|Woolpack|Malt[ \u00a0]Shovel|Spread[ \u00a0]Eagle|Six[ \u00a0]Bells|Eight[ \u00a0]Bells|Navigation"
    r"|Black[ \u00a0]Horse|White[ \u00a0]Horse|Nag['\u2019]s[ \u00a0]Head|Queen['\u2019]s[ \u00a0]Head"
    r"|King['\u2019]s[ \u00a0]Head|Railway|Station[ \u00a0]Hotel|Miners['\u2019]?[ \u00a0]Arms)\b"
)


def find_short_places(text: str) -> Iterator[Hit]:
    """Listed hospitals, prisons and islands; towns' nicknames after "in" or "from"; schools."""
    for start, end in _listed(text):
        yield Hit(start, end, "place", "names a hospital, prison, island or school")
    for start, end in _cued_listed(text):
        yield Hit(start, end, "place", "names an island or a place")
    for m in _nicknames().finditer(text):
        yield Hit(m.start("n"), m.end("n"), "place", "names a town")
    for m in _SCHOOL.finditer(text) if _SCHOOL_HINT.search(text) else ():
        words = (m.group(1) or m.group(2)).split()
        if not _DEDICATION.match(m.group()) and all(
            key(w) in PLACE_GENERIC or key(w) in NOT_NAMES for w in words
        ):
            continue  # "the Primary School", "Medical School"
        yield Hit(m.start(), m.end(), "place", "names a school")
    if "the" in text:
        for m in _PUB_NAMES.finditer(text):
            if m.group("n") in ("Railway", "Navigation", "Plough") and not _PUB_HINT.search(text):
                continue  # "the Railway" may be the railway
            yield Hit(m.start("n"), m.end("n"), "place", "names a pub")


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
    from bot.domain.deidentify.given import _big_places, english_words, given_names  # noqa: PLC0415

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
                or words[0][:2] in ("I'", "I\u2019")  # "every home visit I've done"
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


# After "in", "near", "out of" and the like, a capitalised word that no list knows (no English
# word, no given name, no city, country, language, brand or service) is a place: "the Bell in
# Sedgley", "a fisherman out of Newlyn", "the farm near Kishorn", "back in Marijampolė".
_UNKNOWN_CUE = re.compile(
    r"(?:\b(?:in|near|nr|outside|out[ \u00a0]+of|towards|around|round|via|at|from"
    r"|(?:across|over|up|down|home|back|out|flew|fly|went|goes|go|moved|move|sent|sends|send)"
    r"[ \u00a0]+to|(?:GP|surgery|practice)[ \u00a0]+(?:is|was|at)|registered[ \u00a0]+(?:with|at)),?[ \u00a0]+)$"
    r"|\bthe[ \u00a0]+$",
    re.IGNORECASE,
)
# "in the Ardoyne", "from the Bogside", "round the Gorbals": a district by "the" and its name.
_IN_THE = re.compile(
    r"\b(?:in|from|round|around|near|up|over|across|lives?|living|grew[ \u00a0]+up)[ \u00a0]+the[ \u00a0]+$",
    re.IGNORECASE,
)
# After "the", only a part of town: "not the Lozells side", "the Broadwater end".
_PART_OF_TOWN = re.compile(r"[ \u00a0]+(?:side|end|estate|area|flats|way)\b")
_UNKNOWN_WORD = re.compile(
    r"(?<=[ \u00a0])(?P<n>[A-ZÀ-ÞĀ-ŽȘȚ][^\W\d_A-Z]{3,}(?:-[a-z]{1,3}-[A-Z][a-z]+)?)"
    r"(?![\w'\u2019&]|-[A-Za-z]|[ \u00a0]+[A-Z][a-z])"
)
# Shops, apps and services people are "in" or "near" that are no place of their own.
_NOT_PLACE_WORDS = _words(
    """asda lidl aldi costa primark greggs wetherspoons mcdonalds morrisons sainsbury sainsburys
    tesco boots argos poundland kfc nandos starbucks ikea currys deliveroo systmone rio emis
    covid lockdown whatsapp zoom teams balint carenotes lorenzo cerner paris epic datix
    hogmanay diwali eid ramadan christmas easter halloween hanukkah vaisakhi passover uni
    airbnb hogwarts ofsted parkrun tinder bumble grindr alanon weightwatchers ikea netflix
    geordie scouse scouser brummie mancunian cockney glaswegian weegie yorkshire lancashire"""
)


# An adjective of an era or a people before a lower-case noun is no place.
_ADJ_ENDS = ("ian", "ean", "ese", "ish", "ic", "esque", "ine")
_LOWER_NEXT = re.compile(r"[ \u00a0]+[a-z]")


# A word the sentence says is a place: "Jaywick is where she ended up", "Akropong, she says, was
# where it started", "Tenby is the town where".
_WHERE_PLACE = re.compile(
    r"(?<![\w'\u2019])(?P<n>[A-ZÀ-ÞĀ-ŽȘȚ][^\W\d_A-Z]{3,}(?:[ \u00a0\-][A-Z][a-z]+)?)"
    r"(?:,[ \u00a0]+(?:he|she|they|mum|dad)[ \u00a0]+(?:says|said|thinks|reckons),)?"
    r"(?:[ \u00a0]+(?:is|was)|['\u2019]s)[ \u00a0]+(?:where|the[ \u00a0]+(?:town|village|city|island|place|estate)"
    r"[ \u00a0]+(?:where|that|he|she|they))\b"
)


def find_unknown_places(text: str) -> Iterator[Hit]:
    """A capitalised word that no list knows, right after "in", "near", "out of", "outside"...,
    or before "is where" ("Jaywick is where she ended up")."""
    from bot.domain.deidentify.given import _big_places, english_words, given_names  # noqa: PLC0415

    english, given, big = english_words(), given_names(), _big_places()
    where = (
        [(m, None) for m in _WHERE_PLACE.finditer(text)]
        if " where" in text or "s the " in text
        else []
    )
    cued = [
        (m, _UNKNOWN_CUE.search(text, max(0, m.start() - 16), m.start()))
        for m in _UNKNOWN_WORD.finditer(text)
    ]
    for m, cue in cued + where:
        if m.re is _UNKNOWN_WORD and (
            not cue
            or (
                cue.group().lower().startswith("the")
                and not _PART_OF_TOWN.match(text, m.end())
                and not (
                    _IN_THE.search(text, max(0, m.start() - 24), m.start())
                    and not _no_place([m.group("n")])
                )
            )
        ):
            continue
        w = key(m.group("n").split()[0])
        if w.endswith(_ADJ_ENDS) and _LOWER_NEXT.match(text, m.end("n")):
            continue  # "in Victorian dress", "in Edwardian clothes": an era or a people
        if (
            _COUNTY_RX.fullmatch(m.group("n"))
            or w in english
            or w in given
            or w in big
            or w in NOT_NAMES
            or w in PLACE_GENERIC
            or w in _NOT_PLACE
            or w in _NOT_PLACE_WORDS
            or w in WORLD
        ):
            continue
        yield Hit(m.start("n"), m.end("n"), "place", "names a town or village")


# Pubs: "drinks at the Bell", "the landlord of the Crown", "the Red Lion", "the King's Arms".
_PUB = re.compile(
    r"\b(?i:drinks?|drinking|drank|pints?|landlord|landlady|barman|barmaid|barred|regular|pub|local)"
    r"[ \u00a0]+(?:\w+[ \u00a0]+)?(?:at|in|of|from|is)[ \u00a0]+(?P<p>the[ \u00a0]+[A-Z][a-z]+"
    r"(?:[ \u00a0]+(?:and[ \u00a0]+)?[A-Z][a-z]+)?)\b"
)
_PUB_NAME = re.compile(
    r"(?P<q>\bthe[ \u00a0]+(?:[A-Z][a-z]+['\u2019]?s?[ \u00a0]+){1,2}(?:Arms|Inn|Tavern|Head))\b"
)
# Places of worship by name: "the East London Mosque", "St Anne's Church", "Hope Chapel".
_WORSHIP = re.compile(
    r"(?<![\w'\u2019\-])((?:(?:St\.?|[A-Z][A-Za-z'\u2019\-]+)[ \u00a0]){1,3})(?:Mosque|Church|Chapel"
    r"|Gurdwara|Synagogue|Temple|Mandir|Cathedral|Kingdom[ \u00a0]Hall|Masjid|Abbey|Priory)\b"
)
_FAITH_GENERIC = _words(
    """the a catholic roman methodist baptist anglican pentecostal evangelical free orthodox
    reformed united presbyterian elim apostolic islamic sikh hindu jewish greek coptic local
    central parish village christian of england scotland wales church her his their my
    our your black african caribbean polish romanian nigerian ghanaian mormon latter day saints
    seventh adventist spiritualist quaker quakers salvation army big new old little this that
    every any some no at in on to from by went goes going go attends attended"""
)
# A school or surgery named with a lower-case head: "Holy Cross secondary", "St Anne's primary",
# "the Mill Lane surgery", "Beech Road practice", "the Elms health centre".
_LOWER_HEAD = re.compile(
    r"(?<![\w'\u2019\-])((?:(?:St\.?|[A-Z][A-Za-z'\u2019\-]+)[ \u00a0]){1,3})(?:primary|secondary|juniors"
    r"|infants|grammar|comp|academy|high[ \u00a0]school|sixth[ \u00a0]form|surgery|practice"
    r"|health[ \u00a0]cent(?:re|er)|medical[ \u00a0]cent(?:re|er)|GP[ \u00a0]practice"
    r"|(?:care|nursing|residential|rest)[ \u00a0]home)\b"
)
# "Willowmead (care home)": the name, then what it is in brackets.
_HOME_BRACKET = re.compile(
    r"(?<![\w'\u2019\-])(?P<n>[A-Z][a-z]+(?:[ \u00a0]+[A-Z][a-z]+)?)[ \u00a0]+\((?:a[ \u00a0]+)?"
    r"(?:care|nursing|residential|rest)[ \u00a0]home\)"
)
# Houses and care homes named after trees and fields, capitalised after "the": "at the Beeches",
# "moved to the Laurels".
_HOUSE_PLURAL = re.compile(
    r"\bthe[ \u00a0](?P<n>Beeches|Elms|Laurels|Hollies|Gables|Pines|Willows|Firs|Limes|Maples"
    r"|Cedars|Larches|Oaks|Poplars|Rowans|Orchards|Paddocks|Sycamores|Hawthorns|Chestnuts|Birches"
    r"|Acorns|Conifers|Cherries|Heathers|Lindens|Yews|Hazels|Alders|Aspens|Junipers|Magnolias"
    r"|Lilacs|Briars|Brambles|Uplands|Lawns)\b"
)
# "the care home, Heatherbank", "a nursing home called Rowanlea".
_HOME_NAMED = re.compile(
    r"\b(?:care|nursing|residential|rest)[ \u00a0]home,?[ \u00a0]+(?:called[ \u00a0]+|named[ \u00a0]+)?"
    r"(?P<n>(?:the[ \u00a0]+)?[A-Z][a-z]+(?:[ \u00a0]+[A-Z][a-z]+)?)"
)
# Towns named with their rivers or neighbours ("Hay-on-Wye", "Barrow-in-Furness",
# "Weston-super-Mare", "Betws-y-Coed", "Chapel-en-le-Frith"): the form alone says place.
_HYPHEN_TOWN = re.compile(
    r"(?<![\w\-])[A-Z][a-z]+(?:-(?!and-)[a-z]{1,5})+-(?!(?:Law|Laws|Chief|Box|Wisp|Arms|Hand|Charge|Waiting"
    r"|Wonderland)\b)[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w\-])"
)
# A town just before its postcode: "9 Harbour Street, Wick KW1 4HT".
_POSTCODE_END = re.compile(r"\d[A-Z]{2}\b")
_TOWN_POSTCODE = re.compile(
    r"(?<=,[ \u00a0])(?P<n>[A-Z][a-z]+(?:[ \u00a0][A-Z][a-z]+)?),?[ \u00a0]+[A-Z]{1,2}\d[A-Z\d]?[ \u00a0]?\d[A-Z]{2}\b"
)


_PUB_HINT = re.compile(
    r"\b(?i:drink|drank|pint|landl|barm|barred|regular|pub\b|local\b)[^.;!?]{0,30}\bthe[ \u00a0]+[A-Z]"
)
_PUB_NAME_HINT = re.compile(r"\b(?:Arms|Inn|Tavern|Head)\b")
_HEAD_HINT = re.compile(
    r"Mosque|Church|Chapel|Gurdwara|Synagogue|Temple|Mandir|Cathedral|Kingdom|Masjid|Abbey|Priory"
    r"|primary|secondary|juniors|infants|grammar|comp|academy|school|sixth|surgery|practice"
    r"|cent(?:re|er)|home"
)


_PUB_WORDS = ("drink", "drank", "pint", "landl", "barm", "barred", "pub", "local", "regular")


def find_named_institutions(text: str) -> Iterator[Hit]:
    """Pubs, places of worship, schools and surgeries named as such."""
    low = text.lower()
    cued = any(w in low for w in _PUB_WORDS) and bool(_PUB_HINT.search(text))
    named = any(w in text for w in ("Arms", "Inn", "Tavern", "Head")) and bool(
        _PUB_NAME_HINT.search(text)
    )
    if cued or named:
        yield from _pubs(text, cued, named)
    yield from _institutions(text)


def _pubs(text: str, cued: bool, named: bool) -> Iterator[Hit]:
    found = [*_PUB.finditer(text)] if cued else []
    found += [*_PUB_NAME.finditer(text)] if named else []
    for m in found:
        g = "p" if "p" in m.groupdict() else "q"
        name = m.group(g).split()[1:]
        if all(key(w) in NOT_NAMES or key(w) in PLACE_GENERIC for w in name):
            continue
        yield Hit(m.start(g), m.end(g), "place", "names a pub")


def find_town_forms(text: str) -> Iterator[Hit]:
    """Towns by their form: hyphenated with a river or neighbour, or just before a postcode; a
    care home named after "care home"."""
    if "-" in text:
        for m in _HYPHEN_TOWN.finditer(text):
            yield Hit(m.start(), m.end(), "place", "names a town")
    if _POSTCODE_END.search(text):
        for m in _TOWN_POSTCODE.finditer(text):
            yield Hit(m.start("n"), m.end("n"), "place", "names a town")
    if "home" in text:
        for rx in (_HOME_NAMED, _HOME_BRACKET) if "home" in text else ():
            for m in rx.finditer(text):
                yield Hit(m.start("n"), m.end("n"), "place", "names a care home")
    for m in _HOUSE_PLURAL.finditer(text):
        yield Hit(m.start("n"), m.end("n"), "place", "names a house or care home")


# The heads of _WORSHIP and _LOWER_HEAD; the name before a head is read only where one is.
_HEADS = re.compile(
    r"\b(?:Mosque|Church|Chapel|Gurdwara|Synagogue|Temple|Mandir|Cathedral|Kingdom[ \u00a0]Hall"
    r"|Masjid|Abbey|Priory|primary|secondary|juniors|infants|grammar|comp|academy|high[ \u00a0]school"
    r"|sixth[ \u00a0]form|surgery|practice|health[ \u00a0]cent(?:re|er)|medical[ \u00a0]cent(?:re|er)"
    r"|GP[ \u00a0]practice|(?:care|nursing|residential|rest)[ \u00a0]home)\b"
)


def _institutions(text: str) -> Iterator[Hit]:
    for head in _HEADS.finditer(text):
        lo = max(0, head.start() - 80)
        for rx in (_WORSHIP, _LOWER_HEAD):
            m = rx.search(text, lo, head.end())
            while m and m.end() < head.end():
                m = rx.search(text, m.end(), head.end())
            if not m or m.end() != head.end():
                continue
            words = [key(w) for w in m.group(1).split()]
            if all(w in _FAITH_GENERIC or w in _WEEKDAYS for w in words) or (
                rx is _LOWER_HEAD and all(w in PLACE_GENERIC or w in NOT_NAMES for w in words)
            ):
                continue
            start = m.start(1)
            first = m.group(1).split()[0]
            if key(first) in {"the", "a", "at", "in", "to", "from", "on"}:
                start += len(first) + 1
            yield Hit(start, m.end(), "place", "names a school, surgery or place of worship")
            break


_WEEKDAYS = _words(
    """monday tuesday wednesday thursday friday saturday sunday weekend morning afternoon evening
    gp nhs private local village town city duty"""
)


# An employer's site and its town: "the Morrisons depot in Wakefield", "the Nissan plant in
# Sunderland". The pair narrows a person down even when the town is a city.
_WORKPLACE_TOWN = re.compile(
    r"\b(?:depot|warehouse|plant|factory|works|site|branch|store|call[ \u00a0]cent(?:re|er)"
    r"|distribution[ \u00a0]cent(?:re|er)|office|yard|mill|mine|pit|colliery|shipyard|docks|hub"
    r"|garage|salon|hotel|care[ \u00a0]home|restaurant|kitchen|farm|abattoir|station)[ \u00a0]+"
    r"(?:in|at|near|outside|on[ \u00a0]+the[ \u00a0]+edge[ \u00a0]+of)[ \u00a0]+(?P<n>[A-Z][a-z]+(?:[ \u00a0\-][A-Z][a-z]+)?)"
)


_SITE_WORDS = (
    "depot", "warehouse", "plant", "factory", "works", "site", "branch", "store", "cent", "office",
    "yard", "mill", "mine", "pit", "colliery", "docks", "hub", "garage", "salon", "hotel", "home",
    "restaurant", "kitchen", "farm", "abattoir", "station",
)  # fmt: skip


def find_workplace_towns(text: str) -> Iterator[Hit]:
    """The town of an employer's named site, even a city."""
    low = text.lower()
    if not any(w in low for w in _SITE_WORDS):
        return
    for m in _WORKPLACE_TOWN.finditer(text):
        if key(m.group("n")) in WORLD or key(m.group("n")) in NOT_NAMES:
            continue
        yield Hit(m.start("n"), m.end("n"), "place", "names where someone works")


# "a Barrow lad", "Sedgley born and bred": a town, then what it made of someone.
_TOWN_LAD = re.compile(
    r"(?<![\w'\u2019])(?P<n>[A-Z][a-z]{3,})[ \u00a0]+(?:lad|lass|boy|girl|born[ \u00a0]+and[ \u00a0]+bred)\b"
)


def find_town_natives(text: str) -> Iterator[Hit]:
    """A town before "lad", "lass" or "born and bred": listed, or a word no list knows."""
    from bot.domain.deidentify.given import _big_places, english_words, given_names  # noqa: PLC0415
    from bot.domain.deidentify.lexicon import places as town_table  # noqa: PLC0415

    for m in _TOWN_LAD.finditer(text):
        w = key(m.group("n"))
        listed = w in SHORT_TOWNS or w in DISTRICTS or (w,) in town_table().get(w, ())
        unknown = not (
            w in english_words()
            or w in given_names()
            or w in _big_places()
            or w in WORLD
            or w in NOT_NAMES
            or w in _NOT_PLACE_WORDS
        )
        if listed or unknown:
            yield Hit(m.start("n"), m.end("n"), "place", "names where someone is from")


# Hospitals by their initials: "at the RVI", "JCUH unit no.", "PRH ED", "(QEQM)". An initialism of
# three to five capitals ending in H (hospital) or I (infirmary), or one of the hand-made list
# below, next to a word that puts it on a map (at, from, to, the; ED, A&E, ward, unit no.; in
# brackets). Clinical and service initialisms (TSH, BMI, UTI, MRI, CAMHS) are never places.
HOSPITAL_INITIALS = _words(
    """qeqm qmc rhc uhcw uhw rde qeuh gri ari lri bri lgi rvi qeh ngh wgh rie uclh kch gstt sgh
    qah rbh rsh rfh uhl uhb uhs uhd uhnm jcuh pruh prh raei nmgh rsch nnuh ruh rlh rlbuh jrh
    qehb wmuh rgh rah rvh cah uhnd rch rmh nmh bch ahch gosh rbch whh lnwh uch qeqmh"""
)
_CLINICAL_INITIALS = _words(
    """chi bmi uti iii tsh fii mri maoi cgi dsh adh sah ich pph lvh bph fsh pth iih nph sdh edh
    ivh acth siadh aki urti lrti stemi nstemi pci tbi abi ssri snri ami cvi tci mci bdi smi cbi
    dti rpi psni hmi ohi ehi gci ddi pni phi ppi epi tdi sti hci lsci dhi nhi mhi ahi api pdi
    shh ohh ahh hmm which with each much such both month death high nigh rich inch bach nihi
    bhi mhrh"""
)
_INITIALISM = re.compile(r"(?<![\w&/\-])(?P<n>[A-Z]{2,5})(?![\w&/\-]|\.[A-Z])")
_INITIAL_BEFORE = re.compile(
    r"(?:\b(?:at|from|to|into|in|via|the|nr|near|outside)[ \u00a0]+|\([ \u00a0]*)$", re.IGNORECASE
)
_INITIAL_AFTER = re.compile(
    r"(?:[ \u00a0]*\)|[ \u00a0]+(?:ED|A&E|AE|AMU|MAU|EAU|SAU|CDU|ITU|ICU|HDU|CCU|SCBU|NICU|PICU|paeds"
    r"|maternity|site|switchboard|liaison|psych|wards?|unit|records|hospital|labour|main|outpatients"
    r"|OPD|clinic|theatres?|canteen|car[ \u00a0]park)\b)"
)


def find_hospital_initials(text: str) -> Iterator[Hit]:
    """Hospitals by their initials, where a word around puts them on a map."""
    from bot.domain.deidentify.given import english_words  # noqa: PLC0415

    english = english_words()
    for m in _INITIALISM.finditer(text):
        n = m.group("n")
        low = n.lower()
        if low in _CLINICAL_INITIALS or (low in english and low not in HOSPITAL_INITIALS):
            continue
        if low not in HOSPITAL_INITIALS and not (len(n) >= 3 and n[-1] in "HI"):
            continue
        before = text[max(0, m.start() - 24) : m.start()]
        if _INITIAL_BEFORE.search(before) or _INITIAL_AFTER.match(text, m.end()):
            yield Hit(m.start(), m.end(), "place", "names a hospital by its initials")


_CALENDAR = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december christmas easter xmas new year eid
    diwali ramadan hanukkah halloween weekend weekends bail licence night nights days supported
    sheltered temporary emergency residential secure private council social assisted care nursing
    independent"""
)
_CAP_RUN = r"[A-Z][a-z][\w'\u2019\-]*(?:[ \u00a0]+[A-Z][a-z][\w'\u2019\-]*)?"
# Where someone lives, out in the country: "lives out in Tongue", "home visit to Pity Me",
# "croft is out at Back", "moved out to Forth". Such a cue makes even an English word a place.
_HOME_CUE = re.compile(
    r"(?i:\b(?:(?:lives?|lived|living|grew[ \u00a0]+up|born|raised|settled|based|stays|stayed|housed)"
    r"(?:[ \u00a0]+(?:out|up|down|over|back))?[ \u00a0]+(?:in|at|on)"
    r"|(?:moved|moving|moves|flitted)[ \u00a0]+(?:out|up|down|over|back|away|house)[ \u00a0]+to"
    r"|(?:home|domiciliary)[ \u00a0]+visits?[ \u00a0]+(?:to|in|at)"
    r"|(?:croft|farm|caravan|cottage|house|flat|bungalow|family)[ \u00a0]+(?:is|are|was|were)?"
    r"[ \u00a0]*(?:out|up|down|over)[ \u00a0]+(?:at|on|in)"
    r"|\bfae))"
    rf"[ \u00a0]+(?P<n>{_CAP_RUN})"
)
# Where a home cue may end: a preposition before a capital (most texts have few).
_HOME_ANCHOR = re.compile(r"\b(?:in|at|on|to|fae)[ \u00a0]+(?=[A-Z][a-z])")
# A journey between two places, one of them a known town: "Amble to Ashington on the bus",
# "moved from Sedgley to Coseley", "Crook to Bishop Auckland and back".
_JOURNEY_WORD = re.compile(  # from a run's first space only (else tried from each of a long run's)
    r"(?<![ \u00a0])[ \u00a0]+(?:to|then|and[ \u00a0]+back[ \u00a0]+to)[ \u00a0]+(?=[A-Z])"
)
_RUN_BEFORE = re.compile(rf"(?<![\w'\u2019])(?:{_CAP_RUN})$")
_RUN_AFTER = re.compile(_CAP_RUN)


def _no_place(words: list[str]) -> bool:
    """Words that name no town: generic, calendar, countries, languages, shops, public things."""
    from bot.domain.deidentify.public import _table  # noqa: PLC0415

    first = key(words[0])
    return (
        first in PLACE_GENERIC
        or first in NOT_NAMES
        or first in _CALENDAR
        or first in WORLD
        or first in _NOT_PLACE
        or first in _NOT_PLACE_WORDS
        or (len(words) == 1 and first in _table()[0])
        or words[0].isupper()
    )


def _big_town(name: str) -> bool:
    from bot.domain.deidentify.given import _big_places  # noqa: PLC0415

    return "".join(key(w) for w in name.split()) in _big_places()


def _known_town(name: str) -> bool:
    from bot.domain.deidentify.given import _big_places  # noqa: PLC0415
    from bot.domain.deidentify.lexicon import places as town_table  # noqa: PLC0415
    from bot.domain.deidentify.lexicon import word_places  # noqa: PLC0415

    keys = tuple(key(w) for w in name.split())
    if not keys or not keys[0]:
        return False
    joined = "".join(keys)
    return (
        keys in town_table().get(keys[0], ())
        or (len(keys) == 1 and (joined in word_places() or joined in _big_places()))
        or " ".join(keys) in _cue_only()
    )


def find_homes_and_journeys(text: str) -> Iterator[Hit]:
    """Where someone lives, after a cue that says so, even a word ("out in Tongue"); the other
    end of a journey from or to a known town ("Amble to Ashington")."""
    for a in _HOME_ANCHOR.finditer(text):
        m = _HOME_CUE.search(text, max(0, a.start() - 40), min(len(text), a.end() + 60))
        while m and m.start("n") < a.end():
            m = _HOME_CUE.search(text, m.start() + 1, min(len(text), a.end() + 60))
        if not m or m.start("n") != a.end():
            continue
        words = m.group("n").split()
        if not _no_place(words) and not _big_town(m.group("n")):
            yield Hit(m.start("n"), m.end("n"), "place", "names where someone lives")
    for j in _JOURNEY_WORD.finditer(text):
        ma = _RUN_BEFORE.search(text, max(0, j.start() - 40), j.start())
        mb = _RUN_AFTER.match(text, j.end())
        if not ma or not mb:
            continue
        one, two = ma.group(), mb.group()
        if _no_place(one.split()) or _no_place(two.split()):
            continue
        if not (_known_town(one) or _known_town(two)):
            continue
        for m in (ma, mb):
            if not _big_town(m.group()):
                yield Hit(m.start(), m.end(), "place", "names a town on a journey")


# A hospital by its own name after a service or clinician that works there: "the clinic at the
# Freeman", "works as a nurse at the Southern", "ITU at New Cross", "the crisis team at the
# Manor". Even English words are a place there.
_SERVICE_AT = re.compile(
    r"(?i:\b(?:clinic|clinics|team|ward|unit|ITU|ICU|HDU|A&E|ED|AMU|MAU|theatres?|beds?|nurse"
    r"|midwife|doctor|consultant|registrar|SHO|psychiatrist|therapist|physio|receptionist|porter"
    r"|list|appointments?|admission|admitted|transferred|scan|surgery|operation|outpatients"
    r"|liaison|maternity|paeds|known[ \u00a0]+to[ \u00a0]+the[ \u00a0]+team))[ \u00a0]+at[ \u00a0]+"
    rf"(?:the[ \u00a0]+)?(?P<n>{_CAP_RUN})"
)
# Where a service cue may end: "at" before a capital (most texts have few).
_AT_CAPITAL = re.compile(r"[ \u00a0]at[ \u00a0]+(?:the[ \u00a0]+)?(?=[A-Z][a-z])")
# "the Redwoods had no beds": a hospital by what it had.
_HAD_BEDS = re.compile(
    rf"\bthe[ \u00a0]+(?P<n>{_CAP_RUN})[ \u00a0]+(?:had|has|have)[ \u00a0]+no[ \u00a0]+beds\b"
)
# A place before what it has there: "the Gorbals clinic", "the Uist CPN", "the Maryhill base".
_PLACE_SERVICE = re.compile(
    r"(?<![\w'\u2019\-])(?P<n>[A-Z][a-z][\w'\u2019\-]*)[ \u00a0]+(?:clinic|base|CPN|CMHT|team|GP"
    r"|surgery|practice|health[ \u00a0]cent(?:re|er)|hub|office|hostel|depot|job[ \u00a0]?centre"
    r"|food[ \u00a0]bank|library|police[ \u00a0]station|fire[ \u00a0]station)\b"
)
# A hospital by its place before a lower-case department: "Letterkenny hospital", "North Tees
# A&E", "Darent Valley ED", "Furness maternity".
_PLACE_HOSPITAL = re.compile(
    r"(?<![\w'\u2019\-])(?P<n>(?:[A-Z][a-z]+[ \u00a0]){0,2}[A-Z][a-z][\w'\u2019\-]*)[ \u00a0]+"
    r"(?:hospital|infirmary|A&E|ED|ICU|ITU|HDU|AMU|MAU|CDU|maternity|resus|psych[ \u00a0]+unit)"
    r"(?![\w&])"
)
_HOSPITAL_HINT = re.compile(
    r" (?:hospital|infirmary|A&E|ED|ICU|ITU|HDU|AMU|MAU|CDU|maternity|resus|psych)"
)
# A church by its dedication: "Mass at Our Lady of Czestochowa", "married at Our Lady of Lourdes".
_OUR_LADY = re.compile(
    r"\b(?:at|to|from|in)[ \u00a0]+(?P<n>Our[ \u00a0]+Lady(?:['\u2019]s)?(?:[ \u00a0]+(?:Star|Queen))?"
    r"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?[A-Z][\w\u0100-\u017f]+)"
)


# Parts of a building or site, not its name: "the nurse at the Front desk", "the team at the Hub".
_SPOTS = _words(
    """hub front back main top bottom end door doors desk reception gate entrance exit car bus
    station hospital site building office base unit ward wing floor corridor lift canteen
    cafe shop kiosk pharmacy lab labs library bay bed side"""
)


def find_service_places(text: str) -> Iterator[Hit]:
    """Hospitals named after a service or clinician that works there, a place before its
    clinic or base, a church by its dedication."""
    from bot.domain.deidentify.given import english_words, given_names  # noqa: PLC0415

    if " at " in text:
        for a in _AT_CAPITAL.finditer(text):
            m = _SERVICE_AT.search(text, max(0, a.start() - 48), min(len(text), a.end() + 60))
            while m and m.start("n") < a.end():
                m = _SERVICE_AT.search(text, m.start() + 1, min(len(text), a.end() + 60))
            if not m or m.start("n") != a.end():
                continue
            words = m.group("n").split()
            if len(words) > 1 and not any(key(w) in _SPOTS for w in words):
                words = words[1:]  # "New Cross", "North Tyneside": the second word decides
            if not (_no_place(words) or key(words[0]) in _SPOTS or _big_town(m.group("n"))):
                yield Hit(m.start("n"), m.end("n"), "place", "names a hospital")
        if "Our Lady" in text:
            for m in _OUR_LADY.finditer(text):
                yield Hit(m.start("n"), m.end("n"), "place", "names a church")
    if "beds" in text:
        for m in _HAD_BEDS.finditer(text):
            if not _no_place(m.group("n").split()):
                yield Hit(m.start("n"), m.end("n"), "place", "names a hospital")
    english, given = english_words(), given_names()
    for m in _PLACE_HOSPITAL.finditer(text) if _HOSPITAL_HINT.search(text) else ():
        words = m.group("n").split()
        while words and (key(words[0]) in SENTENCE_STARTERS or key(words[0]) in PLACE_GENERIC):
            words.pop(0)
        keys = [key(w) for w in words]
        if (
            not words
            or _no_place(words)
            or _big_town(" ".join(words))
            or all(k in english or k in given for k in keys)
            or words[-1].endswith(("'s", "\u2019s"))
        ):
            continue  # "the Major Trauma ICU", "a Leeds hospital", "Monday's A&E"
        start = m.end("n") - len(" ".join(words))
        yield Hit(start, m.end("n"), "place", "names a hospital")
    for m in _PLACE_SERVICE.finditer(text):
        if m.group("n").endswith(("'s", "\u2019s")):
            continue  # "Monday's clinic", "Sam's team": whose, not where
        w = key(m.group("n"))
        listed = " ".join([w]) in _cue_only()
        if listed or not (
            w in english or w in given or _no_place([m.group("n")]) or _big_town(m.group("n"))
        ):
            yield Hit(m.start("n"), m.end("n"), "place", "names where a service is")
