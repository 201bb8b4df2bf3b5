"""Build deid_heldout*.jsonl from the hand-written deid_heldout*.src (marks -> character offsets).

Each row: {"text", "labels": [{"start", "end", "kind", "class", "expect"}], "class", "expect"}.
class is direct / name / place / age / clean; expect is the gate's goal for the row
(block if it holds a direct identifier, else warn if it holds any label, else clean).

Run: python tests/corpus/make_heldout.py [deid_heldoutN.src ...]   (no names: every set present)

deid_heldout7a to 7d were the sealed final set of the gate's second round, deid_heldout9a to 9d
the third round's, deid_heldout10a to 10d the fourth's: never tuned on, each scored once at its round's end (benchmarks/deid_quality.py keeps that score). Absent sets are skipped.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCES = (
    "deid_heldout.src", "deid_heldout2.src", "deid_heldout3.src", "deid_heldout4.src",
    "deid_heldout5.src", "deid_heldout6a.src", "deid_heldout6b.src", "deid_heldout6c.src",
    "deid_heldout6d.src", "deid_heldout7a.src", "deid_heldout7b.src", "deid_heldout7c.src",
    "deid_heldout7d.src", "deid_heldout8a.src", "deid_heldout8b.src", "deid_heldout9a.src",
    "deid_heldout9b.src", "deid_heldout9c.src", "deid_heldout9d.src", "deid_heldout10a.src",
    "deid_heldout10b.src", "deid_heldout10c.src", "deid_heldout10d.src",
)  # fmt: skip

DIRECT = (
    "nhs_number", "chi_number", "ni_number", "hospital_number", "date_of_birth", "full_date",
    "postcode", "address", "phone", "email", "url", "hc_number", "handle", "plate", "passport",
)  # fmt: skip
CLASS_OF = {k: "direct" for k in DIRECT} | {"name": "name", "place": "place", "age_over_89": "age"}
EXPECT_OF = {"direct": "block", "name": "warn", "place": "warn", "age": "warn"}
_MARK = re.compile(r"\[\[(\w+):(.+?)\]\]")


def parse(line: str) -> dict[str, Any]:
    """One marked-up line as a labelled row."""
    text, labels, pos = [], [], 0
    for m in _MARK.finditer(line):
        text.append(line[pos : m.start()])
        start = sum(map(len, text))
        kind, span = m.group(1), m.group(2)
        cls = CLASS_OF[kind]
        text.append(span)
        labels.append(
            {"start": start, "end": start + len(span), "kind": kind, "class": cls,
             "expect": EXPECT_OF[cls]}
        )  # fmt: skip
        pos = m.end()
    text.append(line[pos:])
    classes = {lab["class"] for lab in labels}
    cls = next((c for c in ("direct", "name", "place", "age") if c in classes), "clean")
    expect = "block" if "direct" in classes else "warn" if labels else "clean"
    return {"text": "".join(text), "labels": labels, "class": cls, "expect": expect}


def build(src: Path) -> list[dict[str, Any]]:
    rows = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(parse(line.strip()))
    return rows


def main(argv: list[str] | None = None) -> None:
    for name in argv or SOURCES:
        src = HERE / Path(name).name
        if not src.exists():
            print(f"{src.name}: absent, skipped")
            continue
        rows = build(src)
        with src.with_suffix(".jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts: dict[str, int] = {}
        for row in rows:
            for lab in row["labels"]:
                counts[lab["kind"]] = counts.get(lab["kind"], 0) + 1
        clean = sum(not r["labels"] for r in rows)
        print(f"{name}: {len(rows)} rows, {clean} clean; labels per kind: {counts}")


if __name__ == "__main__":
    main(sys.argv[1:])
