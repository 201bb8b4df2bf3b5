"""Everything the sandbox's walk-through makes the bot write, read for the slips a leader notices:
a count that disagrees with its noun ("1 sessions", "1 entries"), a zero count ("0 sessions",
"only 0 sessions are left"), a heading said twice in a row ("Comments" over "Comments"), Markdown
printed literally in a PDF, and the transcript showing one time twice ("09:00 BST (3 Sep 09:00)").

Messages (content, embeds, buttons and menus), private answers, DMs, and the text of every file
attached (PDFs, the ZIP of certificates, CSV, Markdown, the calendar) are all scanned.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from pypdf import PdfReader

from bot.emulator._model import iter_components
from bot.emulator.emulator import Emulator, Message
from bot.sandbox.demo import run_sandbox
from bot.settings import load_settings

NOT_PLURAL = {"was", "has", "does", "yes", "plus", "always", "as", "its", "perhaps", "minus"}
COUNT = r"(?<![\w.,:/-])"  # a number standing alone, not part of a time, date or code
ONE_PLURAL = re.compile(COUNT + r"1 ([a-z]+(?:ies|s))\b")
ZERO_NOUN = re.compile(COUNT + r"0 ([a-z]+s)\b")
HEADING = re.compile(r"^\s*(\*\*|__)(.+?)\1")
TIME_TWICE = re.compile(r"\d{2}:\d{2} [A-Z]{3,4}\*?\*? \(\d{1,2} [A-Z][a-z]{2} \d{2}:\d{2}\)")


def slips(text: str) -> list[str]:
    """'1 <plural>' and '0 <plural noun>' in a text (whitespace folded: lines wrap)."""
    flat = " ".join(text.split())
    found = []
    for m in ONE_PLURAL.finditer(flat):
        word = m[1]
        if word not in NOT_PLURAL and not word.endswith(("ss", "us", "is")):
            found.append(flat[max(0, m.start() - 40) : m.end() + 20])
    found += [flat[max(0, m.start() - 40) : m.end() + 20] for m in ZERO_NOUN.finditer(flat)]
    return found


def doubled_headings(text: str) -> list[str]:
    """Two headings in a row that say the same thing (e.g. '**Comments** (1; ...)' then
    '__Comments__')."""
    heads = [
        (i, " ".join(m[2].lower().split()))
        for i, line in enumerate(text.splitlines())
        if (m := HEADING.match(line))
    ]
    return [
        f"{a!r} then {b!r}"
        for (i, a), (j, b) in zip(heads, heads[1:], strict=False)
        if j == i + 1 and (a == b or a.startswith(b) or b.startswith(a))
    ]


def words_of(message: Message) -> str:
    """A message as read: its text (content and embeds), its buttons and menus' options."""
    parts = [message.text]
    for comp in iter_components(message.components):
        parts.append(comp.get("label") or "")
        parts.append(comp.get("placeholder") or "")
        parts += [
            o.get("label", "") + " " + o.get("description", "") for o in comp.get("options") or []
        ]
    return "\n".join(p for p in parts if p)


def file_texts(name: str, data: bytes) -> list[tuple[str, str]]:
    """The readable text of an attached file (a ZIP's members one by one)."""
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [t for inner in z.namelist() for t in file_texts(inner, z.read(inner))]
    if name.endswith(".pdf"):
        reader = PdfReader(io.BytesIO(data))
        return [(name, "\n".join(page.extract_text() for page in reader.pages))]
    if name.endswith((".csv", ".md", ".ics", ".txt")):
        return [(name, data.decode("utf-8-sig"))]
    return []  # images


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One run of the scripted walk-through: its transcript and everything the bot wrote."""
    import asyncio
    import contextlib

    out = tmp_path_factory.mktemp("walkthrough")
    seen: dict[str, Any] = {}

    def finished(emulator: Emulator) -> None:
        seen["messages"] = list(emulator.all_messages())

    transcript = io.StringIO()
    with contextlib.redirect_stdout(transcript):
        code = asyncio.run(
            run_sandbox(load_settings(environ={}), output=out / "files", finished=finished)
        )
    assert code == 0, transcript.getvalue()[-3000:]
    seen["transcript"] = transcript.getvalue()
    return seen


def test_every_count_agrees_with_its_noun_and_no_zero_reads_as_a_number(
    walkthrough: dict[str, Any],
) -> None:
    found = []
    for message in walkthrough["messages"]:
        found += [f"message: {s}" for s in slips(words_of(message))]
        for name, data in message.files:
            for inner, text in file_texts(name, data):
                found += [f"{inner}: {s}" for s in slips(text)]
    found += [f"transcript: {s}" for s in slips(walkthrough["transcript"])]
    assert not found, "\n".join(sorted(set(found)))


def test_no_heading_is_said_twice_and_no_pdf_prints_markdown(walkthrough: dict[str, Any]) -> None:
    doubled, marked = [], []
    for message in walkthrough["messages"]:
        doubled += doubled_headings(message.text)
        for name, data in message.files:
            for inner, text in file_texts(name, data):
                if inner.endswith(".pdf") and re.search(r"`|\*\*|__", text):
                    marked.append(inner)
    assert not doubled, doubled
    assert not marked, f"Markdown printed literally in {sorted(set(marked))}"


def test_the_transcript_shows_a_relative_time_as_discord_does(walkthrough: dict[str, Any]) -> None:
    """'Thu 3 Sep 2026 09:00 BST (in 2 days)', never the same time twice."""
    transcript = " ".join(walkthrough["transcript"].split())
    assert not TIME_TWICE.search(transcript), TIME_TWICE.search(transcript)
    assert re.search(r"09:00 BST\*?\*? \(in \d+ (?:day|hour)s?\)", transcript), transcript[:3000]


def test_the_scan_itself_catches_each_slip() -> None:
    """The checks above can fail: each slip the walk-through once made is found."""
    for slip in (
        "Thursday group: the year so far (1 sessions met)",
        "Your reflective log (1 entries; only you see this)",
        "The 1 files the bot attached",
        "Target: 25, so 23 to go, but only 0 sessions are left this year",
        "alice: 2 attended, 0 presentations",
    ):
        assert slips(slip), slip
    for fine in ("1 session met", "at 10:15 sessions", "code K7Q2-1 bus", "0 excused, 1 absent"):
        assert not slips(fine), fine
    assert doubled_headings("**Comments** (1; for the leaders only)\n__Comments__\n> fine")
    assert not doubled_headings("**Comments** (2)\n__What was most valuable?__\n> a")
    assert TIME_TWICE.search("**No case yet for Thu 3 Sep 2026 09:00 BST** (3 Sep 09:00).")
