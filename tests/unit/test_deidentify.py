"""Tests for the local de-identification gate (bot.domain.deidentify).

Fixtures are fictional: NHS numbers in the 999 range, Ofcom drama phone numbers, ZZ99
pseudo-postcodes, example.com/.org domains and invented names.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.domain.deidentify import (
    BLOCK_KINDS,
    KINDS,
    WARN_KINDS,
    Finding,
    Severity,
    blocking,
    explain,
    scan,
    warnings,
)

ROOT = Path(__file__).resolve().parents[2]


def kinds(
    text: str, extra_names: Iterable[str] = (), pseudonyms: Iterable[str] = ()
) -> list[tuple[str, str]]:
    return [(f.kind, f.span_text(text)) for f in scan(text, extra_names, pseudonyms)]


def blocked_spans(text: str) -> list[str]:
    return [f.span_text(text) for f in blocking(scan(text))]


def mod11(nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    c = 11 - total % 11
    return 0 if c == 11 else (None if c == 10 else c)


# ----------------------------------------------------------------------------- NHS


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919", "999 000 0018"])
def test_valid_nhs_number_is_blocked_in_any_common_spacing(number: str) -> None:
    text = f"I copied {number} from the referral."
    assert kinds(text) == [("nhs_number", number)]
    assert blocking(scan(text))[0].severity is Severity.BLOCK


def test_bare_ten_digits_failing_mod11_without_context_are_no_nhs_number_but_a_long_number() -> (
    None
):
    """Round three: any run of seven digits or more that is no amount, count or list is refused
    (a reference identifies whoever it belongs to); failing the check, it is not called NHS."""
    assert kinds("The reference 9434765918 was on the parcel.") == [("long_number", "9434765918")]


@pytest.mark.parametrize(
    "text", ["NHS number 943 476 5918.", "Her NHS no: 1234567890", "NHS: 999 123 4567"]
)
def test_failing_check_with_nhs_context_is_still_blocked(text: str) -> None:
    assert [f.kind for f in scan(text)] == ["nhs_number"]


def test_nhs_label_with_wrong_digit_count_is_blocked() -> None:
    assert kinds("NHS number: 943 476 591") == [("nhs_number", "943 476 591")]


# ----------------------------------------------------------------------------- CHI


def test_chi_number_with_valid_date_and_check_digit() -> None:
    nine = "010180123"
    chi = nine + str(mod11(nine))
    assert kinds(f"Referred from Dundee, {chi}.") == [("chi_number", chi)]
    assert kinds(f"CHI {chi[:6]} {chi[6:]}") == [("chi_number", f"{chi[:6]} {chi[6:]}")]


def test_chi_context_blocks_even_with_bad_check_digit() -> None:
    assert [f.kind for f in scan("CHI number 3112991235 on the fax")] == ["chi_number"]


def test_tai_chi_is_not_chi_context() -> None:
    assert scan("She does tai chi every morning for 20 minutes.") == []


# ----------------------------------------------------------------------------- NI


@pytest.mark.parametrize("ni", ["AB 12 34 56 C", "AB123456C", "ab123456c", "JK 45 67 89 A"])
def test_ni_number_shapes(ni: str) -> None:
    assert kinds(f"He wrote {ni} on the card.") == [("ni_number", ni)]


@pytest.mark.parametrize("ni", ["DA123456C", "BG123456C", "GB123456A", "AO123456B"])
def test_ni_excluded_prefixes_without_context_are_not_flagged(ni: str) -> None:
    assert scan(f"He wrote {ni} on the card.") == []


def test_ni_example_prefix_with_context_is_blocked() -> None:
    assert [f.kind for f in scan("National Insurance: QQ 12 34 56 C")] == ["ni_number"]


# ----------------------------------------------------------------------------- hospital numbers


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("MRN: RJ12345678", "RJ12345678"),
        ("hospital number 1234567", "1234567"),
        ("RiO 99887766 for reference", "99887766"),
        ("PAS no. 445566", "445566"),
        ("unit no 12345", "12345"),
        ("Patient ID: AB12345", "AB12345"),
        ("hosp no K7822039", "K7822039"),
        ("I found him on RiO (ID K7822039)", "K7822039"),
        ("hospital no. 22 33 44 55", "22 33 44 55"),
    ],
)
def test_hospital_numbers_by_label(text: str, ident: str) -> None:
    assert kinds(text) == [("hospital_number", ident)]


def test_rio_the_system_is_not_a_number() -> None:
    assert scan("I read the RiO notes and the PAS record before clinic.") == []
    assert scan("We talked about Rio 2016 and an urn 1920 at the auction.") == []


# ----------------------------------------------------------------------------- postcodes


@pytest.mark.parametrize(
    "pc", ["ZZ99 3VZ", "ZZ993VZ", "zz99 3cz", "SW1A 1AA", "M1 1AE", "EC1A 1BB"]
)
def test_postcodes(pc: str) -> None:
    assert kinds(f"Address on file: {pc}.") == [("postcode", pc)]


@pytest.mark.parametrize(
    "text",
    [
        "She is an ST4 2nd year trainee.",
        "B12 deficiency was treated.",
        "QQ1 2AB is not a postcode area.",
        "The CT1 and the FY2 were both on call.",
    ],
)
def test_postcode_decoys(text: str) -> None:
    assert scan(text) == []


# ----------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+44 (0)7700 900 123",
        "01632 960123",
        "(01632) 960123",
        "020 7946 0123",
        "0113 496 0123",
        "+1 202 555 0143",
        "+61 491 570 156",
    ],
)
def test_phone_numbers_including_ofcom_drama_ranges(phone: str) -> None:
    text = f"Call {phone} after six."
    assert [f.kind for f in scan(text)] == ["phone"]
    assert blocked_spans(text)[0].replace(" ", "").strip("()") in phone.replace(" ", "")


def test_drama_numbers_are_not_valid_for_libphonenumber_but_still_caught() -> None:
    import phonenumbers

    assert not phonenumbers.is_valid_number(phonenumbers.parse("07700 900123", "GB"))
    assert blocking(scan("mobile 07700 900123"))


# ----------------------------------------------------------------------------- email, url


def test_email_and_urls() -> None:
    text = (
        "Mail jo.bloggs@example.com, see https://example.org/x, www.example.com and example.co.uk."
    )
    assert kinds(text) == [
        ("email", "jo.bloggs@example.com"),
        ("url", "https://example.org/x"),
        ("url", "www.example.com"),
        ("url", "example.co.uk"),
    ]


@pytest.mark.parametrize(
    "text", ["e.g. last week, i.e. the usual.", "notes.docx was saved", "2.5mg"]
)
def test_url_decoys(text: str) -> None:
    assert scan(text) == []


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "date",
    [
        "03/04/1987",
        "3/4/1987",
        "12-03-87",
        "1987-03-12",
        "3rd March 1987",
        "March 3, 1987",
        "3 Mar 1987",
        "the 3rd of March 1987",
        "Tuesday 4th June 2024",
        "02.11.2021",
    ],
)
def test_full_dates_are_blocked(date: str) -> None:
    text = f"It happened on {date}, she said."
    assert [f.kind for f in scan(text)] == ["full_date"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 03/04/1987", "03/04/1987"),
        ("d.o.b. 3.4.87", "3.4.87"),
        ("D.O.B.: 12th March 1986", "12th March 1986"),
        ("date of birth: 1986-03-12", "1986-03-12"),
        ("She was born on 3 March, she tells me.", "3 March"),
        ("He was born in March 1987.", "March 1987"),
    ],
)
def test_dates_of_birth(text: str, date: str) -> None:
    assert kinds(text) == [("date_of_birth", date)]


def test_invalid_dates_are_not_dates() -> None:
    assert scan("Scores went 31/02/2020 in the spreadsheet") == []
    assert scan("MMSE 24/30 and BP 120/80") == []


# ----------------------------------------------------------------------------- WARN classes


@pytest.mark.parametrize(
    "name",
    [
        "Mrs Thistlewood",
        "Dr Jane Okafor",
        "Mr. O'Dorran",
        "Prof Astley",
        "Mx Quill",
        "Mr.Haverstock",
    ],
)
def test_titled_names_warn(name: str) -> None:
    text = f"I saw {name} in clinic."
    assert kinds(text) == [("titled_name", name)]
    assert warnings(scan(text))


@pytest.mark.parametrize("text", ["Mr A is in his 50s.", "Ms B. was late again.", "the Dr on call"])
def test_initials_and_roles_are_not_titled_names(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "When I met Tamsin Quillfeather I felt uneasy.",
        "Tobias Wren came in shouting.",
        "Her son, Jaxon Merriweather, rang.",
        "Priya Shah said I was useless.",
        "I'll call her Kwame Lindqvist for now.",
        "Her brother Anthony Lawrence rang.",
    ],
)
def test_full_names_warn(text: str) -> None:
    assert [f.kind for f in scan(text)] == ["full_name"]


@pytest.mark.parametrize(
    "text",
    [
        "The Home Treatment Team visit on Monday.",
        "He was detained under the Mental Health Act.",
        "I went to A&E with her on Thursday.",
        "She watches Coronation Street and plays Call of Duty.",
        "The Data Protection Act and the Lasting Power of Attorney came up.",
        "Christmas Day was hard for him.",
        "Looking Back is the name of the leaflet.",
        "My Educational Supervisor agrees; Auntie visits.",
        "She gets a Freedom Pass and goes to the Notting Hill Carnival.",
    ],
)
def test_capitalised_non_names_do_not_warn(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    "age", ["92-year-old", "92 year old", "aged 95", "96 years old", "94 y/o", "aged 101", "93yo"]
)
def test_ages_over_89_warn(age: str) -> None:
    assert kinds(f"A {age} woman.") == [("age_over_89", age)]


@pytest.mark.parametrize(
    "text", ["A man in his 40s.", "aged 34", "She is 89 years old.", "in his 90s", "pulse 96"]
)
def test_ages_under_90_and_decades_are_fine(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    "place",
    [
        "Rose Ward",
        "St Mary's Hospital",
        "Oxleas NHS Foundation Trust",
        "Riverside Surgery",
        "Maple Medical Centre",
        "Ward 7B",
        "Larkspur Unit",
        "Broadmoor",
        "HMP Woodhill",
    ],
)
def test_named_places_warn(place: str) -> None:
    assert kinds(f"She was at {place} for weeks.") == [("place", place)]


@pytest.mark.parametrize(
    "text",
    [
        "She was on the ward for weeks.",
        "He went to the Mother and Baby Unit.",
        "Transferred to a Psychiatric Intensive Care Unit.",
        "Our Community Mental Health Team and the Trust agreed.",
        "She saw her GP at the local surgery.",
        "General Surgery reviewed him.",
    ],
)
def test_generic_places_are_fine(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("On 3 March she was admitted.", "3 March"),
        ("Seen on the 2nd of May.", "the 2nd of May"),
        ("After Easter 2023 things fell apart.", "Easter 2023"),
    ],
)
def test_dated_events_warn(text: str, span: str) -> None:
    assert kinds(text) == [("dated_event", span)]


@pytest.mark.parametrize(
    "text",
    [
        "In March she left.",
        "Since 2019 he has refused.",
        "She may 3 times",
        "In March 2024 she left.",
        "seen in Sept 2019, then nothing until October 2021",
        "Widowed in November 2020, she has not been out since.",
        "first admission was june 2018 and the last in Dec. 2023",
    ],
)
def test_months_or_years_alone_are_fine(text: str) -> None:
    assert scan(text) == []


def test_extra_names_warn_whole_words_any_case() -> None:
    text = "I agree with alex and Sam Jones; Alexander said less."
    found = kinds(text, extra_names=["Alex", "sam jones", "", " "])
    assert found == [
        ("member_name", "alex"), ("member_name", "Sam Jones"), ("first_name", "Alexander")
    ]  # fmt: skip
    assert all(f.severity is Severity.WARN for f in scan(text, extra_names=["Alex"]))


# ----------------------------------------------------------------------------- decoys


@pytest.mark.parametrize(
    "text",
    [
        "Olanzapine 10 mg at night, 2.5mg PRN, and B12 500 micrograms daily.",
        "I'm CT1, my co-trainee is ST4 and our FY2 is on nights.",
        "Diagnoses F20.0 and F32.1.",
        "Symptoms for 2 years, worse over six months.",
        "Reviewed on Thursday at 09:00 in bed 4.",
        "Admitted under Section 2, then Section 3, after a Section 136.",
        "PHQ-9 of 18, GAD-7 of 12, MMSE 24/30.",
        "Unwell since 2019.",
        "Follow-up in 6/12, reviewed 2/7 ago, admitted for 4/52.",
        "He owes £1,250 and walks 3,000 steps a day; QTc 452 ms.",
    ],
)
def test_clinical_decoys_are_not_flagged(text: str) -> None:
    assert scan(text) == []


# ----------------------------------------------------------------------------- Discord formatting


@pytest.mark.parametrize(
    "wrap", ["_{}_", "__{}__", "*{}*", "**{}**", "`{}`", "||{}||", "~~{}~~", "> {}"]
)
@pytest.mark.parametrize(
    "ident", ["999 000 0018", "ZZ99 3VZ", "AB123456C", "07700 900123", "12/03/1987", "MRN 1234567"]
)
def test_identifiers_inside_discord_markdown_are_blocked(wrap: str, ident: str) -> None:
    text = "Before. " + wrap.format(ident) + " After."
    start = text.index(ident)
    assert any(f.start < start + len(ident) and start < f.end for f in blocking(scan(text)))


@pytest.mark.parametrize("text", ["NHS:9990000018", "DOB:12/03/1987", "tel:07700900123"])
def test_identifiers_glued_to_a_colon_are_blocked(text: str) -> None:
    assert blocking(scan(text))


def test_underscores_inside_words_are_kept() -> None:
    assert kinds("mail jo_bloggs@example.com") == [("email", "jo_bloggs@example.com")]
    assert kinds("thanks sam_j", extra_names=["sam_j"]) == [("member_name", "sam_j")]


# ----------------------------------------------------------------------------- API shape


def test_findings_are_frozen_sorted_and_classified() -> None:
    text = "Mrs Thistlewood, NHS 943 476 5919, rang from 07700 900123 on 3 March."
    fs = scan(text)
    assert [f.start for f in fs] == sorted(f.start for f in fs)
    assert {f.kind for f in blocking(fs)} == {"nhs_number", "phone"}
    assert {f.kind for f in warnings(fs)} == {"titled_name", "dated_event"}
    with pytest.raises(AttributeError):
        fs[0].start = 3  # type: ignore[misc]
    assert all(f.reason and f.suggestion for f in fs)


def test_every_kind_has_one_severity() -> None:
    assert set(KINDS) == BLOCK_KINDS | WARN_KINDS
    assert not BLOCK_KINDS & WARN_KINDS


def test_empty_text() -> None:
    assert scan("") == []


# ----------------------------------------------------------------------------- explain


def test_explain_lists_each_span_with_reason_and_suggestion() -> None:
    text = "NHS 943 476 5919, Mrs Thistlewood, a 92-year-old."
    msg = explain(text, scan(text))
    assert (
        '"943 476 5919" looks like an NHS number — leave it out; the group never needs it.' in msg
    )
    assert '"Mrs Thistlewood"' in msg and "in her 90s" in msg
    assert msg.index("943 476 5919") < msg.index("Thistlewood")  # blocking first


def test_explain_warn_only_is_gentler() -> None:
    text = "She was on Rose Ward."
    msg = explain(text, scan(text))
    assert "can be shared" in msg and "a local hospital" in msg


def test_explain_is_short_truncates_and_limits() -> None:
    text = " ".join(f"Call 07700 900{n:03d} or mail x{n}@example.com." for n in range(60))
    fs = scan(text)
    assert len(fs) == 120
    msg = explain(text, fs)
    assert len(msg) <= 1800
    assert msg.count("\n•") == 10 and "more like these" in msg
    assert explain(text, fs, limit=3).count("\n•") == 3
    long = "x" * 100
    f = Finding(0, 100, "full_name", Severity.WARN, "looks like a full name", "use a role")
    assert '"' + "x" * 39 + '…"' in explain(long, [f])


def test_explain_nothing_found() -> None:
    assert "Nothing here" in explain("All fine.", [])


# ----------------------------------------------------------------------------- properties

SEPARATORS = st.sampled_from(["", " ", "-", " - ", "\u00a0"])


@st.composite
def nhs_numbers(draw: st.DrawFn) -> str:
    first = draw(st.sampled_from(["999", "4", "6", "7", "3"]))
    rest = draw(st.text("0123456789", min_size=9 - len(first), max_size=9 - len(first)))
    nine = first + rest
    while mod11(nine) is None:  # check digit would be 10: nudge the last digit
        nine = nine[:-1] + str((int(nine[-1]) + 1) % 10)
    return nine + str(mod11(nine))


@st.composite
def spaced_digits(draw: st.DrawFn, digits: str) -> str:
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=4)))
    parts = [digits[i:j] for i, j in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    out = parts[0]
    for p in parts[1:]:
        out += draw(SEPARATORS) + p
    return out


@given(data=st.data())
@settings(max_examples=300)
def test_any_valid_nhs_number_in_any_spacing_is_blocked(data: st.DataObject) -> None:
    number = data.draw(nhs_numbers())
    shown = data.draw(spaced_digits(number))
    text = data.draw(st.sampled_from(["{} ", "Number {} on file.", "(ref {})", "x\n{}\n"])).format(
        shown
    )
    start = text.index(shown)
    assert any(f.start <= start and start + len(shown) <= f.end for f in blocking(scan(text)))


@given(n=st.integers(0, 999), fmt=st.sampled_from(["07700 900{:03d}", "+44 7700 900{:03d}",
                                                   "01632 960{:03d}", "01632960{:03d}"]))  # fmt: skip
def test_all_drama_numbers_are_blocked(n: int, fmt: str) -> None:
    assert [f.kind for f in scan(f"ring {fmt.format(n)} later")] == ["phone"]


@given(
    d=st.integers(1, 9),
    a=st.sampled_from("ABCDEFGHJLNPQRSTUVWXYZ"),
    space=st.booleans(),
    lower=st.booleans(),
)
def test_zz99_pseudo_postcodes_are_blocked(d: int, a: str, space: bool, lower: bool) -> None:
    pc = f"ZZ99{' ' if space else ''}{d}{a}Z"
    pc = pc.lower() if lower else pc
    assert [f.kind for f in scan(f"Address: {pc}.")] == ["postcode"]


@given(age=st.integers(90, 120), form=st.sampled_from(["aged {}", "{}-year-old", "{} years old"]))
def test_exact_ages_over_89_warn(age: int, form: str) -> None:
    assert [f.kind for f in scan(f"A {form.format(age)} man.")] == ["age_over_89"]


@given(age=st.integers(1, 89), form=st.sampled_from(["aged {}", "{}-year-old", "{} years old"]))
def test_ages_under_90_are_fine(age: int, form: str) -> None:
    assert scan(f"A {form.format(age)} man.") == []


@given(
    dose=st.one_of(st.integers(1, 2000).map(str), st.decimals("0.1", "99.9", places=1).map(str)),
    unit=st.sampled_from(["mg", " mg", " micrograms", "mcg", " ml", " units"]),
)
def test_doses_are_never_flagged(dose: str, unit: str) -> None:
    assert scan(f"Started on {dose}{unit} daily.") == []


@given(name=st.from_regex(r"[A-Za-z]{2,12}", fullmatch=True))
def test_extra_name_is_found_in_any_case(name: str) -> None:
    # A member called "To" is rightly found in "Thanks to" too: only names the sentence lacks.
    assume(name.lower() not in {"thanks", "to", "the", "session", "went", "well"})
    text = f"Thanks to {name.swapcase()}, the session went well."
    start, end = len("Thanks to "), len("Thanks to ") + len(name)
    over = [f for f in scan(text, extra_names=[name]) if f.start < end and start < f.end]
    assert over, "the member's name is warned on"
    # A word another detector already warns on ("QE", a hospital; "Rhys", a name) may be
    # reported as that instead: the author is warned either way.
    if not scan(text):
        assert [f.span_text(text).lower() for f in over if f.kind == "member_name"] == [
            name.lower()
        ]


@given(text=st.text(max_size=600))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_scan_never_raises_and_spans_are_sane(text: str) -> None:
    fs = scan(text, extra_names=["Alex"])
    prev_end = 0
    for f in fs:
        assert isinstance(f, Finding)
        assert 0 <= f.start < f.end <= len(text)
        assert f.start >= prev_end  # sorted, no overlaps
        prev_end = f.end
        assert f.kind in KINDS and f.severity is KINDS[f.kind].severity
    assert len(explain(text, fs)) <= 1800


@given(
    text=st.lists(
        st.sampled_from(list("0123456789 -+()./:AaBbZz@") + ["NHS ", "Mr ", "Ward ", "CHI "]),
        max_size=120,
    ).map("".join)
)
@settings(max_examples=300)
def test_scan_never_raises_on_identifier_like_noise(text: str) -> None:
    for f in scan(text):
        assert 0 <= f.start < f.end <= len(text)


# ----------------------------------------------------------------------------- corpus goals


# What benchmarks/deid_quality.py's evaluate and evaluate_heldout return (its Report and
# HeldoutReport): the script is loaded by path, so the checker cannot see their classes.
Report = Any
HeldoutReport = Any


def _load_benchmark() -> ModuleType:
    """benchmarks/ is not a package; load the script by path (registered for dataclasses)."""
    if "deid_quality" in sys.modules:
        return sys.modules["deid_quality"]
    spec = importlib.util.spec_from_file_location(
        "deid_quality", ROOT / "benchmarks" / "deid_quality.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["deid_quality"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def report() -> Report:
    bench = _load_benchmark()
    rows = bench.load()
    assert len(rows) >= 250
    assert sum(1 for r in rows if not r["labels"]) >= 80
    return bench.evaluate(rows)


def test_corpus_blocked_classes_recall_at_least_99_percent(report: Report) -> None:
    # addresses, and long numbers of no named kind: measured on the held-out sets
    for kind in BLOCK_KINDS - {"address", "long_number"}:
        st_ = report.classes[kind]
        assert st_.labels >= 10, kind
        assert st_.recall >= 0.99, (kind, st_.recall)


def test_corpus_block_false_alarms_on_clean_prose_at_most_5_percent(report: Report) -> None:
    assert report.clean >= 80
    assert report.clean_block / report.clean <= 0.05


def test_corpus_warn_false_alarms_and_recall_stay_low_and_high(report: Report) -> None:
    assert report.clean_warn / report.clean <= 0.10
    for kind in WARN_KINDS - {"member_name"}:
        st_ = report.classes[kind]
        assert st_.labels >= 10, kind
        assert st_.recall >= 0.90, (kind, st_.recall)
        assert st_.precision >= 0.85, (kind, st_.precision)


# ----------------------------------------------------------------------------- held-out goals


@pytest.fixture(scope="module")
def heldout() -> HeldoutReport:
    bench = _load_benchmark()
    rows = bench.load(bench.HELDOUT)
    assert len(rows) >= 300
    assert sum(1 for r in rows if not r["labels"]) * 2 >= len(rows)  # half of it clean prose
    return bench.evaluate_heldout(rows)


@pytest.mark.parametrize("cls", ["direct", "name", "place", "age"])
def test_heldout_recall_meets_the_goal_for_each_class(heldout: HeldoutReport, cls: str) -> None:
    """The goals (deid_quality.py's) on text the detectors were not written against (see deid_quality.py)."""
    bench = _load_benchmark()
    assert heldout.labels[cls] >= 15
    assert heldout.recall(cls) >= bench.HELDOUT_GOALS[cls], (cls, heldout.recall(cls))


def test_heldout_every_kind_of_direct_identifier_is_blocked(heldout: HeldoutReport) -> None:
    for kind in ("nhs_number", "hospital_number", "date_of_birth", "full_date", "postcode",
                 "address", "phone", "email", "url"):  # fmt: skip
        assert heldout.labels[kind] >= 15, kind
        assert heldout.recall(kind) >= 0.99, (kind, heldout.recall(kind))


def test_heldout_clean_prose_is_never_blocked_and_rarely_warned(
    heldout: HeldoutReport,
) -> None:
    bench = _load_benchmark()
    assert heldout.clean >= 150
    assert heldout.clean_block == 0, [f.span_text(t) for t, f in heldout.false_alarms]
    assert heldout.clean_warn / heldout.clean <= bench.HELDOUT_CLEAN_WARN_GOAL


# ----------------------------------------------------------- shapes the first review found missed


@pytest.mark.parametrize(
    "text, span",
    [
        ("She lives at 14 Rosebery Avenue now.", "14 Rosebery Avenue"),
        ("Found in the doorway of 3b Canal Street.", "3b Canal Street"),
        ("Address: Flat 2, 61 Harrow Road.", "Flat 2, 61 Harrow Road"),
        ("a neighbour at 17 beech road rang", "17 beech road"),
        ("He stays at Apartment 12, Kingfisher Court.", "Apartment 12, Kingfisher Court"),
    ],
)
def test_street_addresses_are_blocked(text: str, span: str) -> None:
    assert kinds(text) == [("address", span)]
    assert blocking(scan(text))


@pytest.mark.parametrize(
    "text",
    [
        "It is a 20 minute drive from the unit.",
        "We walked 2 miles down the road together.",
        "She has been on Ward 3 for a week.",
        "Every 2 weeks, close to the end of the month.",
    ],
)
def test_distances_and_counts_are_not_addresses(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "address"]


@pytest.mark.parametrize(
    "text, span",
    [
        ("When I got there mr patel was on the floor.", "mr patel"),
        ("we were looking after jane whitfield again", "jane whitfield"),
        ("THE NOTE SAID MARGARET HOLLOWAY RE-ADMITTED.", "MARGARET HOLLOWAY"),
        ("MR GALLAGHER IS KNOWN TO THE TEAM.", "MR GALLAGHER"),
        ("Prendergast kept missing his appointments.", "Prendergast"),
        ("I'm presenting Tom H., who is 22.", "Tom H."),
        ("Father Donnelly came to visit.", "Father Donnelly"),
    ],
)
def test_names_in_any_case_and_alone_warn(text: str, span: str) -> None:
    found = scan(text)
    assert [f.span_text(text) for f in found] == [span]
    assert not blocking(found)


@pytest.mark.parametrize(
    "text",
    [
        "I'll call him Dev. He is an accountant in his twenties.",
        "It reminded me of Winnicott's good-enough mother.",
        "A woman with Huntington's disease and her carer.",
        "He turned up with a Greggs bag for the nurses.",
        "I found it on RiO after clinic.",
        "Will you bring a case? I hope so, the registrar said.",
        "she has ms and depression",
    ],
)
def test_pseudonyms_eponyms_and_brands_are_not_names(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    "text, span",
    [
        ("The only man in Tobermory with Huntington's.", "Tobermory"),
        ("She grew up in Hebden Bridge.", "Hebden Bridge"),
        ("the guy from todmorden with the tattoo", "todmorden"),
        ("Transferred from Fairfield General at 2am.", "Fairfield General"),
        ("I was at the Royal Hallamshire then.", "the Royal Hallamshire"),
        ("She has been on Larch ward for a year.", "Larch ward"),
    ],
)
def test_towns_and_hospitals_outside_any_short_list_warn(text: str, span: str) -> None:
    assert kinds(text) == [("place", span)]


@pytest.mark.parametrize(
    "text", ["I trained in Manchester.", "The Attorney General spoke.", "a Royal College exam"]
)
def test_big_cities_and_non_hospitals_are_not_places(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    "text, span",
    [
        ("She is 93 and lives alone.", "93"),
        ("My patient is ninety-two and tired.", "ninety-two"),
        ("95F, admitted from a care home.", "95F"),
        ("She is one hundred and one.", "one hundred and one"),
    ],
)
def test_old_ages_in_words_and_shorthand_warn(text: str, span: str) -> None:
    assert kinds(text) == [("age_over_89", span)]


@pytest.mark.parametrize(
    "text", ["Her HbA1c was 92 and rising.", "We needed the full ninety minutes.", "sats 94%"]
)
def test_numbers_that_are_not_ages_are_fine(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    "text, kind, span",
    [
        ("His NHS number (993.518.1901) came up twice.", "nhs_number", "993.518.1901"),
        ("Discharged 5.9.23 and readmitted.", "full_date", "5.9.23"),
        ("mob: 07 700 900 321", "phone", "07 700 900 321"),
        ("She shared bit.ly/3xYzQ9r with me.", "url", "bit.ly/3xYzQ9r"),
        ("hosp no. RX1 448210 - a man", "hospital_number", "RX1 448210"),
    ],
)
def test_direct_identifiers_in_less_usual_shapes_are_blocked(
    text: str, kind: str, span: str
) -> None:
    assert kinds(text) == [(kind, span)]


def test_version_numbers_are_not_dates() -> None:
    assert scan("We use version 1.2.23 of the form.") == []


def test_second_heldout_set_does_not_fall_below_its_first_contact() -> None:
    """The set written after the tuning: reported, not tuned on; it must not get worse."""
    bench = _load_benchmark()
    rep = bench.evaluate_heldout(bench.load(bench.HELDOUT2))
    assert rep.recall("direct") >= 0.99 and rep.clean_block == 0
    for cls in ("name", "place", "age"):
        caught, labels = bench.HELDOUT2_FIRST_CONTACT[cls]
        assert rep.labels[cls] == labels and rep.caught[cls] >= caught, cls
    assert rep.clean_warn <= bench.HELDOUT2_FIRST_CONTACT["clean_warn"][0] + 3


def test_third_heldout_set_does_not_fall_below_its_first_contact() -> None:
    """Written before the detectors were changed for it and never tuned on: reported, and it
    must not get worse than its first contact."""
    bench = _load_benchmark()
    rep = bench.evaluate_heldout(bench.load(bench.HELDOUT3))
    assert rep.clean >= 40 and rep.clean_block == 0
    for cls in ("direct", "name", "place", "age"):
        caught, labels = bench.HELDOUT3_FIRST_CONTACT[cls]
        assert rep.labels[cls] == labels and rep.caught[cls] >= caught, cls
    assert rep.clean_warn <= bench.HELDOUT3_FIRST_CONTACT["clean_warn"][0]


# ----------------------------------------------------------------------------- word-towns, ages, names


@pytest.mark.parametrize(
    "text, span",
    [
        ("He was born and raised in Leek, and everybody there knows him.", "Leek"),
        ("She goes back to Settle every weekend to see her father.", "Settle"),
        ("The family moved to March when she was twelve.", "March"),
        ("a farm just outside Mold", "Mold"),
        ("He lives in Amble, a small fishing town.", "Amble"),
        ("She was brought up in the village of Wool.", "Wool"),
    ],
)
def test_towns_that_are_words_warn_where_the_sentence_names_a_place(text: str, span: str) -> None:
    assert kinds(text) == [("place", span)]


@pytest.mark.parametrize(
    "text",
    [
        "In March she relapsed, and again in May.",
        "He was admitted from March to June.",
        "Reading the notes, I felt I already knew her.",
        "I talked to Stanley about it before the group.",
        "A letter from Barry, her brother, arrived.",
        "He fought in the Battle of Britain, he says.",
        "She is a fan of Rugby League.",
        "We had to settle for a side room in the end.",
        "She took a bath and felt better.",
    ],
)
def test_word_towns_as_words_months_and_people_are_fine(text: str) -> None:
    assert [f for f in scan(text) if f.kind == "place"] == []


@pytest.mark.parametrize(
    "text, span",
    [
        ("She celebrated her 95th birthday on the ward.", "95th"),
        ("Her family threw a party for his ninety-third birthday.", "ninety-third"),
        ("He is in his 101st year and still sharp.", "101st"),
        ("At 101 she still does the crossword every morning.", "101"),
        ("The hundred-year-old man on the ward had outlived everyone.", "hundred-year-old"),
    ],
)
def test_ordinal_birthdays_and_other_ways_of_giving_a_great_age_warn(text: str, span: str) -> None:
    assert kinds(text) == [("age_over_89", span)]


@pytest.mark.parametrize(
    "text",
    [
        "her 40th birthday was spent on the ward",
        "On the 100th day of the admission she went home.",
        "At 95 mph he was lucky to survive.",
        "his 21st birthday party",
    ],
)
def test_younger_birthdays_and_other_numbers_are_fine(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    "text, span",
    [
        ("Blenkinsop came back to clinic a year later.", "Blenkinsop"),
        ("ANDREW MACKINTOSH - DNA x3, DISCHARGED.", "ANDREW MACKINTOSH"),
        ("the patient (kerry-ann mcbride) shouted at the receptionist", "kerry-ann mcbride"),
        ("Wiśniewski wanted the interpreter to leave.", "Wiśniewski"),
        ("Trelawney had been on the ward for a month.", "Trelawney"),
        ("We talked about Bronwen T and the way she split the team.", "Bronwen T"),
        ("the note said eilidh campbell was back on the ward", "eilidh campbell"),
    ],
)
def test_british_irish_and_other_names_the_us_lists_miss_warn(text: str, span: str) -> None:
    found = scan(text)
    assert [f.span_text(text) for f in found] == [span]
    assert not blocking(found)


@pytest.mark.parametrize(
    "text",
    [
        "ANDREW SAID HE WAS FINE.",
        "emma felt the ward was unsafe",
        "JOHN WILL COME BACK.",
        "WE SENT JOHN HOME.",
        "i took john home after the group",
    ],
)
def test_a_first_name_before_a_verb_is_not_a_full_name(text: str) -> None:
    """The verb is no surname; the first name on its own is a lone name at most."""
    assert [f.kind for f in scan(text) if f.kind != "first_name"] == []


@pytest.mark.parametrize(
    "text, span",
    [
        ("She lives in a hamlet called Nether Booth with her sheep.", "Nether Booth"),
        ("He grew up in the village of Blaenplwyf.", "Blaenplwyf"),
        ("They retired to Heddon, Devon, and know everybody.", "Heddon"),
        ("He had lived all his life in Street, in Somerset.", "Street"),
    ],
)
def test_places_too_small_for_the_lists_warn_when_the_sentence_says_what_they_are(
    text: str, span: str
) -> None:
    assert kinds(text) == [("place", span)]


@pytest.mark.parametrize(
    "text",
    [
        "We went to Cornwall, Devon and Somerset that summer.",
        "Yesterday, Devon was lovely.",
        "The Isle of Wight, Hampshire, has one acute ward.",
    ],
)
def test_counties_are_neither_places_to_hide_nor_surnames(text: str) -> None:
    assert scan(text) == []


# ----------------------------------------------------------------------------- Unicode disguise

# What Discord shows as the plain identifier: a format character between any two
# characters, another kind of space, digits of another script, look-alike letters, odd separators
# between the groups of a number or code, a fullwidth dot in an address, a label spelt out.
_FORMAT_CHARS = "\u200b\u200c\u200d\u00ad\u2060\ufeff\u200e"
_SPACES = "\u00a0\u202f\u2009\u2007\u3000\u2002"
_DIGIT_ZEROS = (0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x1D7CE, 0x1D7EC)  # each script's "0"
_LOOKALIKE = {
    "A": "АΑＡ", "B": "ВΒ", "C": "СＣ", "E": "ЕΕ", "H": "НΗ", "K": "КΚ", "M": "МΜ", "N": "ΝＮ",
    "O": "ОΟ", "P": "РΡ", "S": "ЅＳ", "T": "ТΤ", "X": "ХΧ", "Y": "УΥ", "Z": "ΖＺ", "a": "а",
    "e": "е", "o": "оο", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і", "j": "ј", "s": "ѕ",
}  # fmt: skip
_GROUP_SEPARATORS = ["/", "_", ",", "+", "\u00b7", " / ", "\u00a0"]


@st.composite
def blocked_identifiers(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """(text before, label, identifier, text after): an identifier the gate blocks today."""
    kind = draw(st.sampled_from(["nhs", "phone", "postcode", "ni", "dob", "date", "email",
                                 "url", "mrn", "passport", "record", "compact", "reddit",
                                 "street", "roman"]))  # fmt: skip
    if kind == "reddit":
        return "Posted by ", "", f"u/ward_{draw(st.integers(10, 99))}_throwaway", " last night."
    if kind == "street":
        return "She lives at ", "", f"{draw(st.integers(1, 99))} Heol y Nant", " now."
    if kind == "roman":
        return "", "DOB ", f"{draw(st.integers(1, 28))}.viii.{draw(st.integers(1920, 1935))}", "."
    if kind == "passport":
        return "Her ", "passport no ", f"GH {draw(st.integers(1000000, 9999999))}", " was kept."
    if kind == "record":
        return "He is on ", "PARIS as ", f"P{draw(st.integers(100000, 999999))}", " still."
    if kind == "compact":
        return "Admitted ", "", f"{draw(st.integers(10, 28))}MAR2021", " per the sheet."
    if kind == "nhs":
        n = draw(nhs_numbers())
        return "Her ", "NHS number is ", f"{n[:3]} {n[3:6]} {n[6:]}", " on the letter."
    if kind == "phone":
        return "Ring ", "", f"07700 900{draw(st.integers(0, 999)):03d}", " after five."
    if kind == "postcode":
        pc = draw(st.sampled_from(["SW1A 1AA", "M14 5RB", "LS6 2QT", "ZZ99 3VZ", "EH6 8RT"]))
        return "She lives at ", "", pc, " now."
    if kind == "ni":
        return "His ", "NI number is ", "AB 12 34 56 C", " apparently."
    if kind == "dob":
        d, m = draw(st.integers(1, 28)), draw(st.integers(1, 12))
        return "", "DOB ", f"{d:02d}/{m:02d}/{draw(st.integers(1930, 2005))}", ", lives alone."
    if kind == "date":
        return "Seen on ", "", f"{draw(st.integers(1, 28))}/03/2024", " in clinic."
    if kind == "email":
        return "Write to ", "", "jo.bloggs84@example.com", " please."
    if kind == "url":
        return "See ", "", "www.example.co.uk/jo", " for it."
    return "Found him: ", "MRN ", f"{draw(st.integers(1000000, 9999999))}", " on the list."


@st.composite
def disguised(draw: st.DrawFn, s: str, is_label: bool = False) -> str:
    """``s`` with some of its characters disguised as Discord would still show them."""
    out = []
    for i, c in enumerate(s):
        how = draw(st.sampled_from(["keep", "keep", "zw", "look", "sep"]))
        if c in "01" and how == "look" and s.replace(" ", "").isdigit() and draw(st.booleans()):
            c = draw(st.sampled_from("Oo" if c == "0" else "lI"))  # typed to look like the digit
        elif c.isdigit() and how == "look":
            c = chr(draw(st.sampled_from(_DIGIT_ZEROS)) + int(c))
        elif c in _LOOKALIKE and how == "look":
            c = draw(st.sampled_from(_LOOKALIKE[c]))
        elif c == " " and how == "sep" and not is_label:
            between_digits = 0 < i < len(s) - 1 and s[i - 1].isdigit() and s[i + 1].isdigit()
            code = any(x.isalpha() for x in s) and any(x.isdigit() for x in s)
            if code and any(w.isalpha() and len(w) > 3 for w in s.split()):
                code = between_digits = False  # "3 Heol y Nant": words take other spaces only
            seps = [x for x in _GROUP_SEPARATORS if not code or len(x) == 1]  # "AB 12 34 / 56 C"?
            c = draw(st.sampled_from(seps if between_digits or code else _SPACES))
        elif c == " " and how == "look":
            c = draw(st.sampled_from(_SPACES))
        elif c == "/" and how == "sep" and s[i - 1 : i].isdigit():  # "12/03", not "u/name"
            c = draw(st.sampled_from(["_", "+", "\u00b7", "\u2215"]))
        elif c == "." and how == "look" and "@" in s or c == "." and how == "look" and "www" in s:
            c = draw(st.sampled_from(["\uff0e", "\u3002", "\u2024"]))
        out.append(c)
        if how == "zw" and i < len(s) - 1:
            out.append(draw(st.sampled_from(_FORMAT_CHARS)))
    word = "".join(out)
    if is_label and draw(st.booleans()):  # "M R N", "N H S number"
        head, _, tail = s.partition(" ")
        if head.isupper() and len(head) > 1:
            word = " ".join(head) + " " + tail
    return word


@given(data=st.data())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_blocked_identifier_is_still_blocked_in_any_unicode_disguise(
    data: st.DataObject,
) -> None:
    before, label, ident, after = data.draw(blocked_identifiers())
    plain = before + label + ident + after
    start = len(before + label)
    assert any(f.start < start + len(ident) and start < f.end for f in blocking(scan(plain)))
    label_d = data.draw(disguised(label, is_label=True)) if label else ""
    ident_d = data.draw(disguised(ident))
    text = before + label_d + ident_d + after
    start = len(before + label_d)
    found = blocking(scan(text))
    assert any(f.start < start + len(ident_d) and start < f.end for f in found), (text, found)
    for f in found:  # reported in the author's own characters
        assert 0 <= f.start < f.end <= len(text)
        assert f.span_text(text).strip() == f.span_text(text)


def test_disguised_findings_quote_the_authors_own_characters() -> None:
    text = "nhs no. 460\u200b432\u200b3534 - she brought her dog"
    (f,) = blocking(scan(text))
    assert f.span_text(text) == "460\u200b432\u200b3534"
    assert '"460' in explain(text, [f])


@pytest.mark.parametrize(
    "text",
    [
        "Follow-up in 6/12, reviewed 2/7 ago, MMSE 24/30, F20.0, and/or v1.2.",
        "Doses 5,10,15 mg; £1,250; 3,000 steps; bit.ly is a link shortener.",
        "Café, naïve, Zoë, “quoted” and ‘single’ — with an em dash – and an en dash.",
        "I A M not sure; options a b c; plan B.",
    ],
)
def test_what_normalisation_changes_raises_no_alarm_on_ordinary_text(text: str) -> None:
    assert blocking(scan(text)) == []


# ----------------------------------------------------------------- more direct kinds


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("Her H&C number is 320 000 0010 from Belfast.", "hc_number", "320 000 0010"),
        ("He came from Derry, 3991234564 on every page.", "hc_number", "3991234564"),
        ("passport no. 509873412 - he carries it everywhere", "passport", "509873412"),
        ("his BRP number is RK4418052, the solicitor", "passport", "RK4418052"),
        ("visa ref GWF071234567 - she keeps asking", "passport", "GWF071234567"),
        ("the Nigerian passport A07719364 was in his bag", "passport", "A07719364"),
        ("he sleeps in a silver Astra, KM19 XTR, in the retail park", "plate", "KM19 XTR"),
        ("reg ya14 kpf - the police asked us to look out", "plate", "ya14 kpf"),
        ("old red van, P482 HDT, parked outside", "plate", "P482 HDT"),
        ("her ex drives KXI 4327 and she wants it noted", "plate", "KXI 4327"),
        ("she goes live on tiktok as @kezza_xo most nights", "handle", "@kezza_xo"),
        ("her insta is lily.rose99 and she posts from the unit", "handle", "lily.rose99"),
        ("snap is danboi_07 - he asked if I'd add him", "handle", "danboi_07"),
        ("his gamertag is xXReaperMXx and", "handle", "xXReaperMXx"),
        ("rio no. 4471902 - 22F, EUPD", "hospital_number", "4471902"),
        ("Carenotes ID 0092871 - the one who", "hospital_number", "0092871"),
        ("TrakCare 55208710 was on the label", "hospital_number", "55208710"),
        ("she's M R N 4 0 8 1 7 7 3 on the list", "hospital_number", "4 0 8 1 7 7 3"),
        ("his date of birth as the ninth of January 1972 and", "date_of_birth",
         "the ninth of January 1972"),
        ("on the twenty-first of November 2022 he set fire", "full_date",
         "the twenty-first of November 2022"),
        ("born on March the third, nineteen seventy-two", "date_of_birth",
         "March the third, nineteen seventy-two"),
        ("b. 12.12.58, retired teacher", "date_of_birth", "12.12.58"),
        ("lives on Moss Lane in the flat where", "address", "Moss Lane"),
        ("she's been moved to Wellington Terrace, next door", "address", "Wellington Terrace"),
        ("bedsit on Station Road above the bookies", "address", "Station Road"),
        ("lives at 2 Mill Cottages which is a farm track", "address", "2 Mill Cottages"),
        ("he lives on moss lane with his mum", "address", "moss lane"),
        ("she spelled it out, kerrybxo at gmail dot com, so", "email",
         "kerrybxo at gmail dot com"),
    ],
)  # fmt: skip
def test_issue_19_direct_identifiers_in_the_forms_trainees_use_are_blocked(
    text: str, kind: str, span: str
) -> None:
    found = [(f.kind, f.span_text(text)) for f in blocking(scan(text))]
    assert (kind, span) in found, found


@pytest.mark.parametrize(
    "text",
    [
        "She sees a private psychiatrist on Harley Street and quotes him at me.",
        "He watches Coronation Street every night on the ward and it calms him.",
        "We took a trip down Memory Lane in the session, looking at old photos.",
        "I'll see you @ 3pm, meet @ the ward; she was @home all week.",
        "Her insta is private and she says she has stopped posting.",
        "He was sentenced at Crown Court and then moved to a secure unit.",
        "Page 12 of the Maudsley guidelines, BP 120/80, PHQ 9 and GAD 7.",
        "She drives a small car and parks at the back; ST4 on call, CT2 on nights.",
        "The ninth of the month is when her money comes in.",
        "The twenty-first of November is the anniversary, she told me.",
    ],
)
def test_issue_19_ordinary_text_near_the_new_kinds_is_not_blocked(text: str) -> None:
    assert blocking(scan(text)) == [], [f.span_text(text) for f in blocking(scan(text))]


# ----------------------------------------------------------------- lone and foreign names


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("I lost my temper with Rhys on Tuesday.", "Rhys"),
        ("spoke to dave again today, same story", "dave"),
        ("Oluwaseun said he didn't want a foreign doctor.", "Oluwaseun"),
        ("her son Callum rang the ward fourteen times", "Callum"),
        ("Agnieszka's mum sat in on the whole assessment.", "Agnieszka's"),
        ("Then Sarah said nothing at all.", "Sarah"),
        ("Will you bring a case? I hope so, Mark said.", "Mark"),
        ("Auntie Pat visits every Sunday.", "Pat"),
        ("Hope is 19 and has been in and out of our unit.", "Hope"),
        ("Rose told me I was far too young to understand grief.", "Rose"),
        ("Will keeps asking to be discharged.", "Will"),
        ("June is 78 and still drives herself to every appointment.", "June"),
        ("her little girl Paris was in the waiting room colouring", "Paris"),
        ("Faith's social worker rang to ask if we could do something.", "Faith's"),
        ("saw jack in clinic, he's stopped the depot again", "jack"),
        ("Kezza turned up at A&E again at 3am.", "Kezza"),
        ("Faadumo said the jinn had come back.", "Faadumo"),
        ("kasia said she would rather die than be sectioned again", "kasia"),
        ("Wojciech only wanted to speak to the Polish nurse.", "Wojciech"),
        ("Xiaoming is a PhD student and his parents think he is working too hard.", "Xiaoming"),
    ],
)
def test_a_given_name_on_its_own_warns_with_what_to_write_instead(text: str, span: str) -> None:
    found = [f for f in scan(text) if f.span_text(text) == span]
    assert found and all(f.severity is Severity.WARN for f in found), scan(text)
    assert "pseudonym" in explain(text, found) and "my patient" in explain(text, found)


@pytest.mark.parametrize(
    "text",
    [
        "She rose from her chair and walked out of the room.",
        "I was reading the notes again and felt the same dread.",
        "Hope is a strange thing to hold for someone who has none.",
        "In June she relapsed, and by August she was back on the ward.",
        "I will call her Rosa. Rosa said she did not want to be here.",
        "Rosa (not her real name) is in her 40s.",
        "She does tai chi and grows roses; the summer was hard.",
        "May I bring a case next week? I will if there is time.",
        "Na 128 and Li 0.8 on the bloods; the QTc was 478.",
        "Nan brought him up and Mum still visits on Sundays.",
        "He moved to Paris after the divorce and came back in spring.",
        "Referral from Aberdeen, and a letter from the GP in Dundee.",
        "she reminded me of Lady Macbeth, washing her hands until they bled",
        "she's our Cassandra, always predicting the worst",
        "Charles Bonnet syndrome, not psychosis, and I nearly started an antipsychotic.",
        "I presented it as De Clérambault's in the case conference.",
        "switched from Risperdal Consta to Abilify Maintena last month",
        "the Assertive Outreach team have been with her for ten years",
        "brought this to the Schwartz round and it felt different",
        "I checked the Maudsley Prescribing Guidelines three times.",
        "she's taking St John's wort with her sertraline",
        "He was like King Lear, raging about his ungrateful daughters.",
        "my consultant called her a Miss Havisham and it stuck",
    ],
)
def test_words_that_are_names_eponyms_figures_brands_and_services_do_not_warn(text: str) -> None:
    assert scan(text) == [], [(f.kind, f.span_text(text)) for f in scan(text)]


def test_the_drafts_invented_name_is_not_flagged_as_a_name() -> None:
    assert scan("Amara said she was fine.", pseudonyms=["Amara"]) == []
    assert [f.severity for f in scan("Amara said she was fine.")] == [Severity.WARN]


# ----------------------------------------------------------------- places, great ages


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("did eight years in Barlinnie and says the ward is worse", "Barlinnie"),
        ("her daughter is in Styal and she visits every fortnight", "Styal"),
        ("grew up on Anglesey and never felt at home since", "Anglesey"),
        ("she was a nurse at Gartnavel for 25 years", "Gartnavel"),
        ("referred from Leverndale after the bed there closed", "Leverndale"),
        ("she was at Highcroft in the 90s and still flinches", "Highcroft"),
        ("his wife works at Sellafield and is away a lot", "Sellafield"),
        ("she teaches at Thornfield Primary and is terrified", "Thornfield Primary"),
        ("pt from skeggy, moved there for the caravans", "skeggy"),
        ("pt lives in jaywick and says everyone there is on meds", "jaywick"),
        ("transferred to Fieldhead on a section 3", "Fieldhead"),
        ("back at the Bethlem for the third time", "Bethlem"),
    ],
)
def test_hospitals_prisons_islands_schools_and_employers_warn(text: str, span: str) -> None:
    assert ("place", span) in kinds(text), kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "She argued with her mother in Twi and then asked what I thought.",
        "He spent time in Spain as a child and came back in his teens.",
        "She was in Manchester for the weekend and came back worse.",
        "He was at Christmas dinner with his family and it went badly.",
        "She is in Year 9 and the school have been supportive.",
        "He works at a warehouse and says he can't take a sick note.",
    ],
)
def test_languages_countries_cities_and_ordinary_words_after_place_cues_do_not_warn(
    text: str,
) -> None:
    assert [f for f in scan(text) if f.kind == "place"] == [], kinds(text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Mrs B is in her late nineties and has outlived both her children", "late nineties"),
        ("he's in his mid-nineties and thinks it's still the war", "mid-nineties"),
        ("he's well into his nineties and says he'll bury me", "well into his nineties"),
        ("a nonagenarian former headmistress", "nonagenarian"),
        ("She is ninety this month and has had enough birthdays.", "ninety"),
        ("Mr D, 98, widowed for forty years", "98"),
        ("her husband is 92 and looks after her", "92"),
        ("the oldest patient I've ever had, 104, and she told me off", "104"),
        ("grandad's 96 so the family think it's just his age", "96"),
        ("ninety-odd isn't old any more, says the consultant", "ninety-odd"),
        ("he'll be 100 in March and wants to go home first", "100"),
        ("she turned 100 on the ward", "turned 100"),
        ("Mr D (97) still does the crossword", "97"),
    ],
)
def test_great_ages_in_the_forms_trainees_use_warn(text: str, span: str) -> None:
    assert ("age_over_89", span) in kinds(text), kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "He is in his 90s and lives alone.",
        "Her scores were 91, 95, 98 and 99 on the audit.",
        "Her score is 95 and the MCV was 101.",
        "We have over 100 patients on the caseload.",
        "Heart rate (100) and sats 96% on air.",
        "It will be 100 days since the admission on Friday.",
    ],
)
def test_plain_decades_scores_and_counts_are_not_great_ages(text: str) -> None:
    assert [f for f in scan(text) if f.kind == "age_over_89"] == [], kinds(text)


# ----------------------------------------------------------------------------- one gate


def test_every_cog_goes_through_the_one_gate_function() -> None:
    """Drafts, questions and answers, feedback comments, reflections, agendas, reasons and
    certificate names: every free text a cog takes goes through ``deidentify.check``."""
    from bot.domain.deidentify import check  # noqa: F401 (the one path)

    for path in (ROOT / "cogs").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "scan(" not in source, f"{path} calls scan() directly: use deidentify.check"
    users = {p.parent.name for p in (ROOT / "cogs").rglob("*.py") if "check(" in p.read_text()}
    assert {"drafts", "feedback", "reflections", "sessions", "leaders"} <= users


@pytest.mark.parametrize(
    "name",
    ["Dr Priya Patel (GMC 7123456)", "Dr P. Patel, GMC no. 7123456", "Priya Patel GMC#7123456"],
)
def test_a_certificates_name_may_carry_the_doctors_own_gmc_number(name: str) -> None:
    """The medical register is public, and on a certificate the number is the trainee's own."""
    from bot.domain.deidentify import check

    assert not check({"name": name}, own_name=True).blocked
    assert check({"name": "Dr Priya Patel 7123456"}, own_name=True).blocked  # unlabelled: no
    assert check({"body": "her GMC 7123456 complaint"}).blocked  # in a case: someone else's


def test_check_scans_each_field_alone_and_knows_a_persons_own_name() -> None:
    from bot.domain.deidentify import check

    checked = check({"a": "ring 07700 900", "b": "123 later", "c": None})
    assert not checked.blocked  # a span never runs across fields
    checked = check({"name": "Dr Robert Oyelaran"}, own_name=True)
    assert not checked.blocked and not checked.warned
    checked = check({"name": "Dr Robert 07700 900123"}, own_name=True)
    assert checked.blocked and "phone number" in checked.explain(only_blocking=True)
    assert check({"body": "Amara said no."}, pseudonyms=["Amara"]).findings == {"body": []}
    assert check({"body": "Amara said no."}).warned


def test_fourth_heldout_set_meets_the_goals() -> None:
    """The fourth held-out set, a tuning set (written blind, first contact recorded in deid_quality.py): the
    goals hold on it and keep holding. The sealed set 5 is never read here."""
    bench = _load_benchmark()
    rep = bench.evaluate_heldout(bench.load(bench.HELDOUT4))
    assert rep.labels["direct"] == bench.HELDOUT4_FIRST_CONTACT["direct"][1]
    for cls, goal in bench.HELDOUT_GOALS.items():
        assert rep.recall(cls) >= goal, (cls, rep.recall(cls))
    for kind in ("hc_number", "handle", "plate", "passport"):
        assert rep.recall(kind) == 1.0, kind
    assert rep.clean_block == 0
    assert rep.clean_warn / rep.clean <= bench.HELDOUT_CLEAN_WARN_GOAL
