"""Places the gate warns on by cue and by form: listed hospitals, prisons and islands whose
names are also words ("on Coll", "transferred from the Retreat"), urban districts GeoNames counts
as cities ("grew up in Walthamstow"), villages too small for any list after "near" or "out of",
pubs, places of worship, schools and surgeries named with a lower-case head. Big cities,
languages, shops, counties and denominations stay quiet. All examples are invented.
"""

from __future__ import annotations

import pytest

from bot.domain.deidentify import scan


def places(text: str) -> list[str]:
    return [f.span_text(text) for f in scan(text) if f.kind == "place"]


def flagged(text: str, span: str) -> bool:
    """Some finding (a place, or a stronger kind) covers part of ``span``."""
    start = text.index(span)
    return any(f.start < start + len(span) and start < f.end for f in scan(text))


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("She has lived on Coll all her life and knows every sheep", "Coll"),
        ("he went over to Holy Island at low tide and stayed", "Holy Island"),
        ("transferred from the Retreat after a long admission", "Retreat"),
        ("Five years in the Ville and he still wakes at six", "the Ville"),
        ("she grew up in Walthamstow and hates the new flats", "Walthamstow"),
        ("a warehouse job in Croydon, nights", "Croydon"),
        ("his caravan is near Drumbeg, at the end of the road", "Drumbeg"),
        ("a trawlerman out of Mevagissey for thirty years", "Mevagissey"),
        ("he drinks at the Feathers most nights", "the Feathers"),
        ("barred from the Plough and the Anchor now", "the Plough"),
        ("his dad runs the Black Horse Inn on the square", "the Black Horse Inn"),
        ("they pray at the Green Lane Masjid on Fridays", "Green Lane Masjid"),
        ("she cleans at St Bride's Church on Sundays", "St Bride's Church"),
        ("he went to Our Lady's secondary before it closed", "Our Lady's secondary"),
        ("the Larch Road surgery lost the letter again", "Larch Road surgery"),
        ("was at Methody with my cousin", "Methody"),
        ("she sends money home to Kalapara every month", "Kalapara"),
        ("back in Târgu Jiu her mother thinks she is a nurse", "Târgu"),
        ("found asleep in the barn at Polgooth, soaked", "Polgooth"),
        ("she has lived at the Laurels since her fall", "Laurels"),
        ("moved to Ashdene (care home) in the spring", "Ashdene"),
        ("the nursing home, Larchfield, rang twice", "Larchfield"),
        ("a weekend in Stow-on-the-Wold with her sister", "Stow-on-the-Wold"),
        ("Flat 3, 12 Quay Street, Brora KW9 6QT", "Brora"),
        ("treated at Derriford, then sent to us", "Derriford"),
        ("drinking at the Smugglers most nights", "the Smugglers"),
        ("he drives for the Tesco depot in Doncaster", "Doncaster"),
        ("she was blue-lighted to the Northern General", "Northern General"),
        ("a Pontycymer lad through and through", "Pontycymer"),
        ("her GP is Limeside, not the one in town", "Limeside"),
    ],
)
def test_places_by_cue_and_by_form_warn(text: str, span: str) -> None:
    assert flagged(text, span), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "She moved from Leeds to Bristol for the job.",
        "They argued in Bengali and then in Urdu.",
        "I bumped into her in Tesco and we both pretended not to see.",
        "We talked it through in Balint last week.",
        "We went to Somerset for a while, then to Devon.",
        "She goes to the Catholic church and the Methodist Church both.",
        "The Friday surgery was packed and the GP practice was shut.",
        "He supports Aston Villa and it explains a lot.",
        "I saw her at Christmas, at Easter and at Diwali.",
        "She works at Primark and eats at Greggs.",
        "Her family calls every week from Manila.",
        "My Mother-in-Law thinks the Editor-in-Chief is wrong.",
        "It was the smell of every home visit I've done.",
        "a good boy, a proper lad, a Scouse lad",
        "Back in the early days she was a nurse herself.",
    ],
)
def test_cities_languages_shops_counties_and_denominations_do_not_warn(text: str) -> None:
    assert places(text) == [], scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "St Andrew's Day and nobody on the ward wore tartan.",
        "Cardiff, Newport, Swansea: he has been sent between all three.",
    ],
)
def test_saints_days_and_cities_that_share_a_small_towns_name_do_not_warn(text: str) -> None:
    assert places(text) == [], scan(text)


def test_a_town_by_its_short_name_and_a_part_of_town_warn() -> None:
    assert flagged("nobody from Barrow ever complains", "Barrow")
    assert flagged("the Ardwick side, not the Gorbals side", "Ardwick")


def _places(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text) if f.kind == "place"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("bloods taken at NGH before transfer", "NGH"),
        ("UHCW unit no. ZZ12 on the sticker", "UHCW"),
        ("seen in the QEH A&E twice last week", "QEH"),
        ("old notes (WGH) say the same", "WGH"),
        ("she works nights at the LRI", "LRI"),
        ("transferred from RSCH ITU overnight", "RSCH"),
    ],
)
def test_hospitals_by_their_initials_warn(text: str, place: str) -> None:
    assert place in _places(text)


@pytest.mark.parametrize(
    "text",
    [
        "TSH and BMI were normal, MRI next week.",
        "recovering from SAH, slow on the ward",
        "treated for a UTI at home",
        "discussed at the MDT and with CAMHS",
        "the PSNI came to the door",
    ],
)
def test_clinical_initialisms_are_no_places(text: str) -> None:
    assert _places(text) == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("she lives out in Mumbles with her sister", "Mumbles"),
        ("home visit to Cockfield on the way back", "Cockfield"),
        ("the caravan is out at Sandhead all year", "Sandhead"),
        ("they moved back to Hope after the divorce", "Hope"),
        ("he's fae Castlemilk and proud of it", "Castlemilk"),
        ("Willington to Durham on two buses every day", "Willington"),
        ("the Fox and Hounds is where he drinks", "Fox and Hounds"),
        ("they found him asleep in the garden of the Royal Oak", "Royal Oak"),
        ("she starts at Houghall College in September", "Houghall College"),
        ("St Aidan's High rang about the fights", "St Aidan's High"),
    ],
)
def test_homes_journeys_pubs_and_colleges_warn(text: str, place: str) -> None:
    assert place in " ".join(_places(text))


@pytest.mark.parametrize(
    "text",
    [
        "tiny figures in Georgian dress at the end of the bed",
        "she lives in fear of the phone ringing",
        "went from Monday to Friday without a drink",
        "switched from Sertraline to Mirtazapine",
        "From Leeds to Manchester by train, no ticket",
    ],
)
def test_eras_fears_days_and_drugs_are_no_places(text: str) -> None:
    assert _places(text) == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("waiting for the memory clinic at the Grange since spring", "Grange"),
        ("she was a porter at the Whittington for years", "Whittington"),
        ("HDU at Kings Mill overnight then back to us", "Kings Mill"),
        ("the Lakeside had no beds again", "Lakeside"),
        ("ask the Brixham CPN to ring her", "Brixham"),
        ("seen at the Govanhill hub last week", "Govanhill"),
        ("they married at Our Lady of Walsingham", "Our Lady of Walsingham"),
        ("he was at Sacred Heart Primary with my brother", "Sacred Heart Primary"),
    ],
)
def test_hospitals_after_their_services_and_church_schools_warn(text: str, place: str) -> None:
    assert place in " ".join(_places(text))


@pytest.mark.parametrize(
    "text",
    [
        "the nurse at the Front desk was kind",
        "the Monday clinic was cancelled again",
        "Romeo-and-Juliet energy on the ward all week",
        "Their Border terrier sleeps on her bed.",
    ],
)
def test_parts_of_a_site_weekdays_and_breeds_are_no_places(text: str) -> None:
    assert _places(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Pendeen is where she wants her ashes scattered", "Pendeen"),
        ("Kilbirnie, she says, is where it all went wrong", "Kilbirnie"),
        ("Tregaron was where the family farmed for generations", "Tregaron"),
        ("Ballymena's where her dad still lives, alone", "Ballymena"),
        ("Nkawkaw is where her mother is buried and she wants to go home", "Nkawkaw"),
        ("Tenby is the town where she grew up and got out of", "Tenby"),
    ],
)
def test_a_word_the_sentence_says_is_where_something_happened_is_a_place(
    text: str, span: str
) -> None:
    assert any(f.kind == "place" and f.span_text(text) == span for f in scan(text)), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "Home is where the heart is, she said, and cried",
        "This is where it gets hard for me as a trainee",
        "Supervision is where I bring the cases that stick",
        "Balint is where I can say what I really felt",
        "Therapy was where she first talked about it",
        "Lunchtime is where the ward round goes to die",
    ],
)
def test_ordinary_words_before_is_where_are_no_place(text: str) -> None:
    assert [f for f in scan(text) if f.kind == "place"] == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("she walked off the ward at Sunderland Royal in her gown", "Sunderland Royal"),
        ("he was at Bolton Royal for the cardiac side of things", "Bolton Royal"),
        ("transferred from the Royal London ED after two days", "the Royal London"),
        ("the Royal Liverpool have his old notes", "the Royal Liverpool"),
        ("Letterkenny hospital have the older notes", "Letterkenny"),
        ("transfer from Darent Valley ED, no escort booked", "Darent Valley"),
        ("she was in Tameside ICU for a week after the overdose", "Tameside ICU"),
        ("Admitted via Whitehaven A&E with her BP through the roof", "Whitehaven"),
    ],
)
def test_a_hospital_by_its_town_and_royal_or_before_a_lower_case_department_warns(
    text: str, span: str
) -> None:
    assert any(f.kind == "place" and span in f.span_text(text) for f in scan(text)), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "the ED was heaving and the A&E consultant was kind",
        "the Royal College exam is next month and I'm dreading it",
        "the Royal Family were on the telly in the day room",
        "I rang the ICU registrar at 3am and she was lovely",
        "Monday's A&E was worse than Sunday's",
        "a Leeds hospital would have sent her home",
        "the Royal Borough wrote to her again about the rent",
    ],
)
def test_departments_royal_bodies_and_big_cities_before_hospital_are_no_place(text: str) -> None:
    assert [f for f in scan(text) if f.kind == "place"] == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("everybody in the Creggan knows him by his nickname", "Creggan"),
        ("she grew up in the Gorbals and still talks like it", "Gorbals"),
        ("last settled address was up the Shankill somewhere", "Shankill"),
        ("he's from the Meadowell, his mum still lives there", "Meadowell"),
    ],
)
def test_a_district_named_with_the_after_in_or_from_warns(text: str, span: str) -> None:
    assert any(f.kind == "place" and f.span_text(text) == span for f in scan(text)), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "she read about it in the Guardian on the train",
        "he served in the Navy for twelve years",
        "in the Highlands with her dad every summer",
        "it says so in the Quran, she told me",
        "she rang from the Samaritans' number on the leaflet",
    ],
)
def test_papers_services_and_regions_after_in_the_are_no_place(text: str) -> None:
    assert [f for f in scan(text) if f.kind == "place"] == []


def test_a_place_before_and_is_not_taken_for_a_pair_of_tv_detectives() -> None:
    text = "Her whole family are on Harris and she hasn't been back since the funeral"
    assert any(f.kind == "place" for f in scan(text))
    text = "Her whole family are on Lewis and she hasn't been back since the funeral"
    assert any(f.kind == "place" and f.span_text(text) == "Lewis" for f in scan(text))
