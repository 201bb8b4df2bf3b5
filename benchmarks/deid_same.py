"""Does the gate in this tree find exactly what the gate at another commit finds?

A speed change to the gate (bot/domain/deidentify/) must not change a single finding. This scans
every row of every corpus set (tests/corpus/*.jsonl: the tuning corpus and every held-out set),
each row also lower-cased and upper-cased, some with group members' names and pseudonyms, and the
1,500-character timing texts of deid_quality.py, with the gate of this tree and with the gate of
REF, each in its own process (REF's bot/ is unpacked with ``git archive`` into a temporary
folder), and compares every finding (span, kind, severity, reason, suggestion). REF is by default
where this branch left main (``git merge-base HEAD main``): rules landed on main since then are
not this branch's doing. Rebase, then run it before landing.

Run: python benchmarks/deid_same.py [REF]   (exit status 1 and the first differences if any)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
MEMBERS = ("Sam Okafor", "Priya", "dr jo evans")
PSEUDONYMS = ("Rosa", "Tom")


def inputs() -> list[tuple[str, list[str], list[str]]]:
    """(text, extra_names, pseudonyms) for every case the two gates are compared on."""
    out: list[tuple[str, list[str], list[str]]] = []
    for path in sorted(CORPUS.glob("deid_*.jsonl")):
        if "heldout10" in path.name:
            continue  # a sealed set is never read
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        texts = [r["text"] for r in rows]
        for i, t in enumerate(texts):
            out.append((t, [], []))
            out.append((t.lower(), [], []))
            if i % 3 == 0:
                out.append((t.upper(), [], []))
                out.append((t, list(MEMBERS), list(PSEUDONYMS)))
        for i in range(0, min(len(texts), 40), 4):  # deid_quality's timing texts
            parts, total = [], 0
            for t in texts[i:]:
                parts.append(t)
                total += len(t) + 1
                if total >= 1500:
                    break
            out.append((" ".join(parts)[:1500], [], []))
    return out


def dump(infile: str, outfile: str) -> None:
    """Worker: scan every input with the gate on sys.path, write one JSON line per input."""
    from bot.domain import deidentify

    cases = json.loads(Path(infile).read_text(encoding="utf-8"))
    t0 = time.thread_time()
    with open(outfile, "w", encoding="utf-8") as fh:
        for text, extra, invented in cases:
            found = deidentify.scan(text, extra, invented)
            rows = [
                [f.start, f.end, f.kind, f.severity.value, f.reason, f.suggestion] for f in found
            ]
            fh.write(json.dumps(rows) + "\n")
    print(f"{deidentify.__file__}: {time.thread_time() - t0:.1f} s CPU", file=sys.stderr)


def run(pythonpath: Path, infile: str, outfile: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    subprocess.run(
        [sys.executable, __file__, "--dump", infile, outfile], env=env, check=True, cwd="/"
    )
    return Path(outfile).read_text(encoding="utf-8").splitlines()


def main(argv: list[str]) -> int:
    if argv[:1] == ["--dump"]:
        dump(argv[1], argv[2])
        return 0
    ref = (
        argv[0]
        if argv
        else subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    cases = inputs()
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "bot"], check=True, capture_output=True
        ).stdout
        old = Path(tmp) / "old"
        old.mkdir()
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(old, filter="data")
        infile = str(Path(tmp) / "in.json")
        Path(infile).write_text(json.dumps(cases), encoding="utf-8")
        before = run(old, infile, str(Path(tmp) / "old.jsonl"))
        after = run(ROOT, infile, str(Path(tmp) / "new.jsonl"))
    differ = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    for i in differ[:10]:
        text, extra, invented = cases[i]
        print(f"DIFFERENT: {text[:300]!r} members={extra} pseudonyms={invented}")
        print(f"  {ref}: {before[i]}")
        print(f"  here: {after[i]}")
    print(f"{len(cases)} scans compared with {ref}: {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
