"""Local de-identification gate for case text, comments and feedback.

Case material must never carry patient identifiers (docs/commands.md → Anonymous case drafts). ``scan``
finds clear identifiers (BLOCK: the text is refused) and likely ones (WARN: the author is told
privately and decides). Everything runs locally with regular expressions, check digits and word
lists (census names and UK places shipped in data/): no text is ever sent to an outside
service. It cannot catch quasi-identifiers (an unusual job, a rare illness, a town described
without its name), so callers should still remind authors.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from bot.domain.deidentify import ages as ages
from bot.domain.deidentify import dates as dates
from bot.domain.deidentify import given as given
from bot.domain.deidentify import ids as ids
from bot.domain.deidentify import lexicon as lexicon
from bot.domain.deidentify import names as names
from bot.domain.deidentify import numbers as numbers
from bot.domain.deidentify import once as once
from bot.domain.deidentify import places as places
from bot.domain.deidentify.ids import Hit
from bot.domain.deidentify.known import known_spans
from bot.domain.deidentify.norm import normalise
from bot.domain.deidentify.public import named_after, public_near

__all__ = [
    "BLOCK_KINDS",
    "Checked",
    "KINDS",
    "WARN_KINDS",
    "Finding",
    "Severity",
    "blocking",
    "check",
    "explain",
    "scan",
    "warnings",
]


class Severity(enum.Enum):
    """BLOCK: refuse the text until the identifier is removed. WARN: tell the author privately."""

    BLOCK = "block"
    WARN = "warn"


@dataclass(frozen=True, slots=True)
class Finding:
    """One suspected identifier: where it is, what it looks like, and what to write instead."""

    start: int
    end: int
    kind: str
    severity: Severity
    reason: str
    suggestion: str

    def span_text(self, text: str) -> str:
        """The flagged characters of ``text`` (the text that was scanned)."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class _Kind:
    severity: Severity
    label: str  # "an NHS number"
    suggestion: str
    priority: int  # wins overlaps; every BLOCK outranks every WARN


KINDS: dict[str, _Kind] = {
    "date_of_birth": _Kind(
        Severity.BLOCK, "a date of birth", "give an approximate age instead, e.g. “in her 30s”", 100
    ),
    "nhs_number": _Kind(
        Severity.BLOCK, "an NHS number", "leave it out; the group never needs it", 96
    ),
    "chi_number": _Kind(
        Severity.BLOCK, "a CHI number", "leave it out; the group never needs it", 95
    ),
    "ni_number": _Kind(
        Severity.BLOCK, "a National Insurance number", "leave it out; the group never needs it", 94
    ),
    "hospital_number": _Kind(
        Severity.BLOCK,
        "a hospital or record number",
        "leave it out; “an inpatient” or “on the ward” is enough",
        93,
    ),
    "hc_number": _Kind(
        Severity.BLOCK, "a Health and Care number", "leave it out; the group never needs it", 95
    ),
    "passport": _Kind(
        Severity.BLOCK,
        "a passport, visa or immigration number",
        "leave it out; “his immigration papers” is enough",
        92,
    ),
    "email": _Kind(Severity.BLOCK, "an e-mail address", "remove it", 90),
    "plate": _Kind(
        Severity.BLOCK, "a number plate", "leave it out; “his car” or “a van” is enough", 89
    ),
    "handle": _Kind(
        Severity.BLOCK,
        "a social-media handle",
        "leave it out; “she posts online” is enough",
        87,
    ),
    "phone": _Kind(Severity.BLOCK, "a phone number", "remove it", 88),
    "url": _Kind(
        Severity.BLOCK, "a web address", "remove the link; describe what it shows instead", 86
    ),
    "full_date": _Kind(
        Severity.BLOCK,
        "a full date",
        "use a rough time instead, e.g. “last spring” or “a few weeks ago”",
        84,
    ),
    "postcode": _Kind(
        Severity.BLOCK, "a postcode", "leave it out, or say “a nearby town”", 82
    ),
    "address": _Kind(
        Severity.BLOCK, "a street address", "leave it out, or say “a flat in town”", 81
    ),
    "long_number": _Kind(
        Severity.BLOCK,
        "a long number (a record, account or reference number)",
        "leave it out; the group never needs it",
        80,
    ),
    "place": _Kind(
        Severity.WARN,
        "the name of a hospital, ward, practice, town or village",
        "say “a local hospital”, “the ward”, “her GP practice” or “a small town”",
        50,
    ),
    "titled_name": _Kind(
        Severity.WARN,
        "a name",
        "use a role (“a colleague”, “her consultant”) or an invented first name",
        48,
    ),
    "member_name": _Kind(
        Severity.WARN,
        "a group member's name",
        "say “a group member” or leave the name out",
        47,
    ),
    "full_name": _Kind(
        Severity.WARN,
        "a full name",
        "use an invented first name, or a role such as “her brother”",
        45,
    ),
    "first_name": _Kind(
        Severity.WARN,
        "a name",
        "use a pseudonym or “my patient”",
        44,
    ),
    "age_over_89": _Kind(
        Severity.WARN, "an exact age over 89", "say “in her 90s” instead", 40
    ),
    "dated_event": _Kind(
        Severity.WARN,
        "a specific date",
        "use a rough time instead, e.g. “last spring” or “a few weeks ago”",
        35,
    ),
}  # fmt: skip

BLOCK_KINDS = frozenset(k for k, v in KINDS.items() if v.severity is Severity.BLOCK)
WARN_KINDS = frozenset(k for k, v in KINDS.items() if v.severity is Severity.WARN)

_DETECTORS: tuple[Callable[[str], Iterator[Hit]], ...] = (
    ids.find_health_numbers,
    ids.find_ni_numbers,
    ids.find_hospital_numbers,
    ids.find_postcodes,
    ids.find_phones,
    ids.find_contacts,
    ids.find_dates,
    ids.find_addresses,
    ids.find_streets,
    ids.find_passports,
    ids.find_plates,
    ids.find_handles,
    ids.find_spelt_contacts,
    numbers.find_long_numbers,
    numbers.find_number_words,
    numbers.find_coded_records,
    dates.find_other_dates,
    names.find_titled_names,
    names.find_full_names,
    names.find_old_ages,
    ages.find_bare_old_ages,
    names.find_places,
    names.find_dated_events,
    lexicon.find_names,
    lexicon.find_towns,
    lexicon.find_word_towns,
    lexicon.find_described_places,
    lexicon.find_named_places,
    places.find_short_places,
    places.find_cued_places,
    places.find_unknown_places,
    places.find_named_institutions,
    places.find_town_forms,
    places.find_workplace_towns,
    places.find_town_natives,
    places.find_hospital_initials,
    places.find_homes_and_journeys,
    places.find_service_places,
)


def scan(
    text: str, extra_names: Iterable[str] = (), pseudonyms: Iterable[str] = ()
) -> list[Finding]:
    """Every suspected identifier in ``text``, sorted by start; overlaps keep the strongest kind.

    ``extra_names`` (e.g. the group's members) are also warned on, whole words, any case.
    ``pseudonyms`` (e.g. the draft's invented first name) are names the author made up: a given
    name among them is not flagged.
    The whole text is always examined (time grows linearly; callers cap input length, as
    Discord does at 4,000 characters).
    """
    if not text:
        return []
    # The detectors read a copy with Unicode disguises undone (bot/domain/deidentify/norm.py); each
    # hit is mapped back to the author's own characters.
    once.forget()  # readings of the last text are not kept for this one (once.py)
    norm = normalise(text)
    plain = norm.text
    hits: list[Hit] = []
    for detect in _DETECTORS:
        hits.extend(detect(plain))
    invented = {lexicon.key(p) for p in pseudonyms if p} | given.declared_pseudonyms(plain)
    hits.extend(given.find_given_names(plain, invented))
    extra = list(extra_names)
    if extra:
        hits.extend(names.find_extra_names(plain, extra))
    hits.extend(numbers.repeats(plain, [h for h in hits if h.kind in BLOCK_KINDS]))
    warned = [(h.start, h.end) for h in hits if h.kind in WARN_KINDS]
    public = public_near(plain, warned) if warned else []
    mapped = [
        Hit(*norm.span(h.start, h.end), h.kind, h.reason)
        for h in hits
        if 0 <= h.start < h.end <= len(plain)
        and not _known(plain, h, public)
        and not (h.kind in _NAME_KINDS and _name_key(plain[h.start : h.end]) in invented)
    ]
    return _resolve(text, mapped)


_NAME_KINDS = frozenset({"first_name", "full_name"})


def _name_key(span: str) -> str:
    """The look-up key of a one-word name span ("Rosa's" -> "rosa"); "" for longer spans."""
    words = span.split()
    if len(words) != 1:
        return ""
    w = words[0]
    return lexicon.key(w[:-2] if w.lower().endswith(("'s", "\u2019s")) else w)


_TITLE_WORDS = frozenset(
    str.split("mr mrs ms miss mx dr prof sister nurse father rev sir dame lord lady")
)


def _known(text: str, hit: Hit, public: list[tuple[int, int]]) -> bool:
    """A warning that only names a known eponym, figure, brand or service (known) or a
    public person, club, show, song, brand or storm (``public``, from public): the parts
    of it outside the phrase hold no title and no name ("Classic Capgras" is known; "Mrs Klein"
    is not). Blocks are never dropped, nor a group member's name (the caller named them).
    Only the words around the warning are read."""
    if KINDS[hit.kind].severity is Severity.BLOCK or hit.kind == "member_name":
        return False
    lo = max(0, hit.start - 48)
    window = text[lo : hit.end + 48]
    near = [(s, e) for s, e in public if s < hit.end and hit.start < e]
    for ks, ke in [(lo + a, lo + b) for a, b in known_spans(window)] + near:
        if named_after(text, ke):
            continue  # "Churchill Hospital", "Mandela Ward": a place named after someone
        if hit.start < ke and ks < hit.end:
            outside = (text[hit.start : ks] + " " + text[ke : hit.end]).split()
            if not any(
                w.strip(".,").lower() in _TITLE_WORDS or given.is_given_name(w) for w in outside
            ):
                return True
    return False


def _resolve(text: str, hits: list[Hit]) -> list[Finding]:
    """Keep the highest-priority (then longest) hit wherever hits overlap."""
    ordered = sorted(
        (h for h in hits if 0 <= h.start < h.end <= len(text)),
        key=lambda h: (-KINDS[h.kind].priority, -(h.end - h.start), h.start),
    )
    taken: list[Hit] = []  # disjoint, by start: only the neighbours of a new hit can overlap it
    starts: list[int] = []
    for h in ordered:
        i = bisect.bisect_right(starts, h.start)
        if (i and taken[i - 1].end > h.start) or (i < len(taken) and taken[i].start < h.end):
            continue
        taken.insert(i, h)
        starts.insert(i, h.start)
    out = []
    for h in taken:
        meta = KINDS[h.kind]
        reason = h.reason or f"looks like {meta.label}"
        out.append(Finding(h.start, h.end, h.kind, meta.severity, reason, meta.suggestion))
    return out


@dataclass(frozen=True, slots=True)
class Checked:
    """What the gate found in each field of one submission (field name -> findings)."""

    texts: dict[str, str]
    findings: dict[str, list[Finding]]

    @property
    def blocked(self) -> bool:
        return any(blocking(f) for f in self.findings.values())

    @property
    def warned(self) -> bool:
        return any(warnings(f) for f in self.findings.values())

    def calendar(self) -> Checked:
        """The same, a full date aside: in a leader's reason for a change to the group's own
        calendar ("moved to 14 March 2025 for the strike") the date is the session's and
        identifies nobody. A date of birth, and every other identifier, still counts."""
        return Checked(
            self.texts,
            {k: [f for f in v if f.kind != "full_date"] for k, v in self.findings.items()},
        )

    def explain(self, *, only_blocking: bool = False) -> str:
        """The private note for the author: each field's findings (only the blocking ones if
        asked), field after field."""
        notes = []
        for key, found in self.findings.items():
            shown = blocking(found) if only_blocking else found
            if shown:
                notes.append(explain(self.texts[key], shown))
        return "\n\n".join(notes)


# Finding kinds that are names: on a certificate, the author's own name is the point.
_NAME_FINDINGS = frozenset({"first_name", "full_name", "titled_name", "member_name"})


def check(
    fields: Mapping[str, str | None],
    *,
    members: Iterable[str] = (),
    pseudonyms: Iterable[str] = (),
    own_name: bool = False,
) -> Checked:
    """The one gate every free text the bot stores or publishes goes through (drafts, leaders'
    questions and authors' answers, feedback comments, reflections, agendas, leaders' debrief
    notes and log notes, a cancelled session's reason, the name printed on a certificate). Each field is scanned on its own, so
    a span never runs across fields; ``members`` are warned on, ``pseudonyms`` are not;
    ``own_name`` is for a person's own name (a certificate): names, and the doctor's own GMC
    number after its label, are not flagged there; every other identifier that blocks still is."""
    members, invented = list(members), list(pseudonyms)
    texts = {k: v for k, v in fields.items() if v}
    found = {k: scan(v, members, invented) for k, v in texts.items()}
    if own_name:
        found = {
            k: [f for f in v if f.kind not in _NAME_FINDINGS and not _registration(texts[k], f)]
            for k, v in found.items()
        }
    return Checked(texts, found)


# A doctor's registration number after its label ("Dr A Khan (GMC 7123456)"): public (the
# medical register is published), and on a certificate it is the trainee's own.
_REGISTRATION = re.compile(r"(?i)\b(?:GMC|IMC)(?:[ \u00a0]*(?:no\.?|number|ref))?[ \u00a0:#.]*$")


def _registration(text: str, f: Finding) -> bool:
    digits = "".join(c for c in text[f.start : f.end] if c.isdigit())
    return (
        len(digits) == 7 and _REGISTRATION.search(text[max(0, f.start - 16) : f.start]) is not None
    )


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """Findings that must be removed before the text is accepted."""
    return [f for f in findings if f.severity is Severity.BLOCK]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings the author should look at but may keep."""
    return [f for f in findings if f.severity is Severity.WARN]


_MAX_QUOTE = 40
_MAX_MESSAGE = 1800


def _quote(s: str) -> str:
    s = " ".join(s.split())
    if len(s) > _MAX_QUOTE:
        s = s[: _MAX_QUOTE - 1] + "…"
    return f'"{s}"'


def explain(text: str, findings: list[Finding], limit: int = 10) -> str:
    """A short, kind, private message listing each flagged span, why, and what to write instead.

    Meant for an ephemeral reply to the author only: it quotes their own text back to them.
    """
    if not findings:
        return "Nothing here looks like a patient identifier. Thank you for checking."
    block = blocking(findings)
    if block:
        head = (
            "Before this can be shared, please take out the details below. "
            "The group only needs the relationship and how it felt, not who the patient is."
        )
    else:
        head = (
            "This can be shared, but a few details might identify someone. "
            "Please check them; you can keep them if you are sure they are safe."
        )
    lines = [head]
    ordered = sorted(findings, key=lambda f: (f.severity is not Severity.BLOCK, f.start))
    shown = 0
    for f in ordered[: max(0, limit)]:
        meta = KINDS.get(f.kind)
        label = meta.label if meta else f.kind
        mark = "•" if f.severity is Severity.BLOCK else "◦"
        line = f"{mark} {_quote(f.span_text(text))} looks like {label} — {f.suggestion}."
        if sum(len(x) + 1 for x in lines) + len(line) > _MAX_MESSAGE - 60:
            break
        lines.append(line)
        shown += 1
    rest = len(findings) - shown
    if rest > 0:
        lines.append(f"…and {rest} more like these.")
    msg = "\n".join(lines)
    return msg[:_MAX_MESSAGE]
