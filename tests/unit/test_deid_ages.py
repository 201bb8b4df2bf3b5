"""Great ages written without "aged" (the gate warns: an age over 89 narrows a person down to
few): a bare number opening a note, after "pt" or a relation, set off by commas, a birthday to
come, the decade in words after a person, a year of birth 90 or more years ago. Doses, scores,
counts, times and the decade of the 1990s must stay quiet. All examples are invented.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.deidentify import Severity, scan


def ages(text: str) -> list[str]:
    return [f.span_text(text) for f in scan(text) if f.kind == "age_over_89"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("94 next week and still drives to the shop", "94"),
        ("101, and he wants to know why we bother him", "101"),
        ("Home visit today. 97! and she made me a cup of tea", "97"),
        ("pt 104 on the frailty ward, daughter at the bedside", "104"),
        ("resident 93, no capacity for this decision", "93"),
        ("my nan (98) says the same thing", "98"),
        ("her great-aunt, 96 and still sharp, is the one who rang", "96"),
        ("bed 12, 91 next month, asks for her husband", "91"),
        ("she's 100 tomorrow and the ward is baking", "100"),
        ("he'll be 95 on Saturday and wants to be home", "95"),
        ("A man in his nineties who still chops wood", "in his nineties"),
        ("Mr Okoro is 97 and furious about the food", "97"),
        ("She was ninety-one on Friday and nobody came", "ninety-one"),
        ("age: 101. deaf, sharp, wants to go home", "age: 101"),
        ("her aunt lived to 103 and she means to beat it", "103"),
        ("his grandmother back in Kumasi is 104 and still sends letters", "104"),
        ("she is in her early nineties and lives alone", "early nineties"),
    ],
)
def test_bare_great_ages_warn(text: str, span: str) -> None:
    assert span in ages(text), scan(text)


def test_a_year_of_birth_ninety_years_ago_warns() -> None:
    year = dt.date.today().year - 93
    text = f"born in {year} in a mining village, the youngest of nine"
    assert ages(text) == [str(year)]
    assert ages(f"born in {dt.date.today().year - 40}, the eldest") == []
    assert ages(f"DOB {year} per the old card") == [str(year)]


@pytest.mark.parametrize(
    "text",
    [
        "90 minutes later she was calm again.",
        "100 mg twice a day, then review.",
        "95% of referrals come from GPs.",
        "Back in the early nineties he was a miner.",
        "In the late nineties the unit closed.",
        "Scores: 92, 94, 97 on the three audits.",
        "pt 95 mmHg systolic, repeat in an hour",
        "the patient list, 120 long, takes an hour",
        "It will be 100 days on Friday since he drank.",
        "He's eighty-eight, not ninety, and says so to everyone.",
        "Forty minutes on hold again. NINETY, last week.",
        "Mr Shah is 95 on the waiting list, which is a scandal.",
        "Her dad's heart rate was 104.",
    ],
)
def test_doses_scores_times_and_the_decade_of_the_nineties_do_not_warn(text: str) -> None:
    assert ages(text) == [], scan(text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("three generations at home: GGF 93, grandad 70, dad 45", "93"),
        ("gg-grandad is 99 and still does the garden", "99"),
        ("her ggma's 94 now and can't manage the stairs", "94"),
        ("great-grandma 97y, moved in with them in the spring", "97"),
        ("my Dadi is 92 and asks after me every call", "92"),
        ("His Babcia, 96, still cooks for the whole street", "96"),
        ("Taid is 101 and the family won't let him drive", "101"),
        ("he's going to his great-nan's 100th on Sunday", "100th"),
        ("missing group for the gt-grandad's ninetieth", "ninetieth"),
        ("Her father died in the spring at 104, and she has not slept since", "104"),
        ("the eldest on the unit, still walking at 99", "99"),
        ("106 and arguing with the physio about her frame", "106"),
    ],
)
def test_relatives_in_shorthand_and_deaths_at_a_great_age_warn(text: str, span: str) -> None:
    assert ages(text) == [span]


@pytest.mark.parametrize(
    "text",
    [
        "Her nan died at 88 after a long illness.",
        "Grandad gave him 100 quid for his birthday.",
        "He died at 10 past three, the nurses said.",
        "the oldest sats reading was 94 on air",
        "gran's 90 minutes late again",
    ],
)
def test_relatives_with_other_numbers_do_not_warn(text: str) -> None:
    assert ages(text) == []


def test_ninety_odd_things_are_no_age() -> None:
    assert ages("she had swallowed ninety-odd paracetamol over a week") == []
    assert ages("he's ninety-odd and still on his allotment") == ["ninety-odd"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # a person of any role, then "is", "was", "of" or brackets
        ("a lady of 97 on a section, and I was the one to explain it", "97"),
        ("a gentleman of 102 who walks to the shop daily", "102"),
        ("the tenant upstairs is 93 and hears everything", "93"),
        ("the witness was 96 and came to court in a wheelchair", "96"),
        ("the victim (92) has not been told about the hearing", "92"),
        ("the person in the next bed was 99 and sang all night", "99"),
        ("the old man on the ward opposite is 94 and shouts for his wife", "94"),
        ("Mr Bakare (retired bus driver, 95) let me in", "95"),
        ("Referral: M/97, low mood since the funeral", "97"),
        ("On the list as 91/F, query delirium", "91"),
        # words for an age
        ("her uncle is hundred and two and still on the allotment", "hundred and two"),
        ("she thinks she's past the hundred now, nobody is sure", "past the hundred"),
        ("his big nine-oh is on Saturday and he wants to go home", "big nine-oh"),
        ("she has lived nine decades and most of them in the same house", "nine decades"),
        ("we marked his 101st on the ward with a card", "101st"),
        ("it was her 96th. and nobody came", "96th"),
        # ninety in the languages of UK clinics
        ("\"Mam dziewięćdziesiąt dwa lata,\" she said through the interpreter", "dziewięćdziesiąt dwa"),
        ("her son said \"nouăzeci și trei\" and held up his fingers", "nouăzeci și trei"),
        ("\"doksan yedi\" said the granddaughter, ninety-seven", "doksan yedi"),
        ("the daughter said noventa e um, in Portuguese", "noventa e um"),
        ("he told me he was novantadue, in Italian, and laughed", "novantadue"),
        ("she is einundneunzig, the German carer wrote", "einundneunzig"),
    ],
)  # fmt: skip
def test_ages_after_any_person_in_words_and_in_other_languages_warn(text: str, span: str) -> None:
    at = text.index(span)
    found = [f for f in scan(text) if f.start < at + len(span) and at < f.end]
    assert found and all(f.severity is Severity.WARN for f in found), found


@pytest.mark.parametrize(
    "text",
    [
        "her dad's heart rate was 104 in the ambulance",
        "a man of 95 kg on clozapine, weight gain discussed",
        "two hundred and one calls to the crisis line last year",
        "a hundred and one reasons to stay in bed, she said",
        "ring nine-oh-one on the internal phone",
        "nine decades of research on schizophrenia, the lecture said",
        "his weight is on the 99th centile since the olanzapine",
        "on his 100th admission the team threw out the care plan",
        "it cost noventa euros in the end",
        "ICD F93.0 is the code the letter used",
        "scores (88, 95) in the audit were both fine",
    ],
)
def test_weights_counts_centiles_codes_and_prices_are_no_great_age(text: str) -> None:
    assert ages(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("\"I'm 94, and I'll do as I like,\" she said", "94"),
        ('"I am 102 and I want to go home"', "102"),
        ("he told the nurse, I'm nearly 100!", "100"),
        ("a 90+ year old man with delirium on the ward", "90"),
    ],
)
def test_an_age_in_the_patients_own_words_and_ninety_plus_warn(text: str, span: str) -> None:
    assert span in ages(text)


@pytest.mark.parametrize(
    "text",
    ["I'm 95% sure it was her", "I am 100 percent behind the plan", "I'm 90 minutes late again"],
)
def test_percentages_and_minutes_after_i_am_are_no_age(text: str) -> None:
    assert ages(text) == []
