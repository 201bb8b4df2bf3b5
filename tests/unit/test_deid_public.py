"""Public people, clubs, shows, songs, brands and storms named in a case identify nobody: the gate
does not warn on them (bot/domain/deidentify/public.py), and still warns where the same words name
someone of the story or a place. Examples invented for these tests, not taken from any set."""

from __future__ import annotations

import pytest

from bot.domain.deidentify import scan
from bot.domain.deidentify.public import is_public, public_spans


def flagged(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text)]


@pytest.mark.parametrize(
    "text",
    [
        "She plays Ed Sheeran on a loop and says it is the only thing that helps.",
        "He was humming Bohemian Rhapsody through the whole capacity assessment.",
        "They put Mr Brightside on in the day room and the ward joined in.",
        "Her dad is a Spurs fan and a Liverpool FC fan depending on the week.",
        "A Leeds United scarf on the bed and a Kevin De Bruyne poster on the wall.",
        "He ordered Deliveroo to the ward and charged it to his Monzo card.",
        "Half a bottle of Jameson and a can of Tennent's before noon.",
        "She watched Line of Duty back to back and now thinks I am bent.",
        "He does a decent Alan Partridge, which the nurses love.",
        "A Fortnite skin was the reward for going back to school.",
        "Storm Arwen took the power out for four days and nobody checked on him.",
        "A Yorkshire Tea, one sugar, in the chipped mug he likes.",
        "He keeps a Barbour jacket on in clinic whatever the weather.",
        "She cried at Call the Midwife and then told me about her own births.",
        "He put a tenner on at Ladbrokes with his benefit money.",
        "He reads Seamus Heaney to his wife at the bedside.",
    ],
)
def test_public_things_do_not_warn(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Her son Ed Sheeran came with her, and yes, that is his name.", "Ed Sheeran"),
        ("Adele told me she stopped her tablets a month ago.", "Adele"),
        ("Rooney came in again overnight with chest pain.", "Rooney"),
        ("Delilah, 16, walked out of the family meeting.", "Delilah"),
        ("My patient Harry Kane, not that one, asked for a transfer.", "Harry Kane"),
        ("Adele's mum is exhausted and the school have stopped ringing her.", "Adele"),
        ("Rooney's social worker missed the review again.", "Rooney"),
        ("Jordan's mum is exhausted.", "Jordan"),
        ("Sterling asked me if I was new, then if I was real.", "Sterling"),
    ],
)
def test_the_same_words_still_warn_as_a_person_of_the_story(text: str, name: str) -> None:
    assert name in " ".join(flagged(text))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("She has lived in Wimbledon all her life.", "Wimbledon"),
        ("He was admitted to Churchill Hospital after the fall.", "Churchill Hospital"),
        ("They moved to Everton when the flat came up.", "Everton"),
    ],
)
def test_the_same_words_still_warn_as_a_place(text: str, place: str) -> None:
    assert place in " ".join(flagged(text))


@pytest.mark.parametrize(
    ("text", "word", "cued"),
    [
        ("She sang Delilah at the karaoke night.", "Delilah", True),
        ("Delilah rang the ward twice.", "Delilah", False),
        ("Tickets for Adele were her reason to keep going.", "Adele", True),
        ("An Everton fan, he blames the manager for everything.", "Everton", True),
        ("She grew up in Everton, near the park.", "Everton", False),
    ],
)
def test_a_one_word_name_is_public_only_near_its_kind(text: str, word: str, cued: bool) -> None:
    at = text.index(word)
    assert is_public(text, at, at + len(word)) is cued


def test_spans_cover_possessives_and_several_words() -> None:
    text = "Two cans of Jack Daniel's and a Greggs sausage roll."
    spans = [text[s:e] for s, e in public_spans(text)]
    assert "Jack Daniel's" in spans


@pytest.mark.parametrize(
    ("text", "warns"),
    [
        ("The Maudsley recommends a lower starting dose for her.", False),
        ("Chapter 3 of the Maudsley on lithium, again.", False),
        ("She spent a year as an inpatient at the Maudsley.", True),
        ("Semple says the opposite, page 212.", False),
    ],
)
def test_a_hospital_named_as_its_book_is_no_place(text: str, warns: bool) -> None:
    assert bool(flagged(text)) is warns


# Round four: the class of public things widened (people quoted, shows on in the day room,
# songs sung, books reread, brands bought), and a public person named in full is that person
# again by either name. Examples invented for these tests.
@pytest.mark.parametrize(
    "text",
    [
        "Andy Burnham, he says, is personally blocking his transfer.",
        "Piers Morgan was on in the lounge and he shouted at the screen.",
        "She reread Wuthering Heights on the ward and says she is Heathcliff now.",
        "He loves Christy Moore and thinks Christy is singing to him.",
        "Lucy Letby came up in the teaching and nobody said much after that.",
        "Two Pot Noodles and an Irn-Bru, that is her whole diet.",
        "Byker Grove was on in the day room all afternoon.",
        "He sang Danny Boy at the talent show and the whole ward cried.",
        "A Cadbury's selection box under every bed at Christmas.",
        "Joe Public doesn't know what a CTO is, he says.",
        "Stacey Dooley documentaries are how she learned about cults.",
    ],
)
def test_round_four_more_public_things_do_not_warn(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("He loves Christy Moore; his son Christy is 12.", "Christy"),
        ("Andy rang the ward about his leave.", "Andy"),
    ],
)
def test_round_four_a_short_name_of_the_story_still_warns(text: str, name: str) -> None:
    assert name in " ".join(flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "Bradley Wiggins on the cover of the magazine in the waiting room.",
        "Louis Theroux documentaries are how he learned about the ward.",
        "Dot Cotton, she says, is who she wants to be when she's old.",
        "Mikel Arteta, he says, is the only man he trusts.",
    ],
)
def test_round_four_famous_people_of_sport_screen_and_soaps(text: str) -> None:
    assert flagged(text) == []
