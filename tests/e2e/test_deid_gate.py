"""The de-identification gate from an author's side, for the identifiers it learnt to see from
held-out sets 1 and 2: a town that is also a word, a great age given as a birthday, a surname the
US census lists miss, a surname that is also a word. Each draft is held back with a private note
quoting the words and saying what to write instead; ordinary clinical prose passes."""

from __future__ import annotations

from bot.app import BalintBot
from bot.sandbox.world import World
from bot.store.groups import Group

THEME = "A patient who makes me feel useless"

# (body, the words quoted back, what they look like, what to write instead)
HELD_BACK = [
    (
        "She goes back to Settle every weekend and I feel I am keeping her from home.",
        "Settle",
        "town or village",
        "a small town",
    ),
    (
        "She celebrated her 95th birthday on the ward and I was the only one who came.",
        "95th",
        "an exact age over 89",
        "in her 90s",
    ),
    (
        "Blenkinsop came back to clinic a year later and thanked me, and I felt a fraud.",
        "Blenkinsop",
        "a full name",
        "invented first name",
    ),
    (
        "ANDREW MACKINTOSH - DNA x3, and I was relieved every time.",
        "ANDREW MACKINTOSH",
        "a full name",
        "invented first name",
    ),
]

CLEAN = (
    "In March she relapsed. Reading her notes, I felt I had failed her; she said a bath was the "
    "only place she felt safe, and that she had to settle for less. At 3am I was bleeped again."
)


async def drafts(bot: BalintBot) -> int:
    found: int = await bot.db.fetchval("SELECT count(*) FROM drafts")
    return found


async def test_likely_identifiers_are_held_back_with_a_private_note_and_clean_prose_passes(
    bot: BalintBot, world: World, group: Group
) -> None:
    alice = world.trainee("alice")
    for body, span, looks_like, instead in HELD_BACK:
        await alice.slash("draft new", in_channel=world.channel)
        r = await alice.submit_modal({"theme": THEME, "body": body})
        assert r.ephemeral, r.text
        assert f'"{span}" looks like' in r.text and looks_like in r.text, r.text
        assert instead in r.text, r.text
        assert "Submit anyway" in r.buttons and "Edit my draft" in r.buttons, r.buttons
        assert await drafts(bot) == 0, body  # held back: nothing stored until she decides
    assert not world.leaders_channel.messages

    await alice.slash("draft new", in_channel=world.channel)
    r = await alice.submit_modal({"theme": THEME, "body": CLEAN})
    assert r.ephemeral and "Saved" in r.text, r.text
    assert "Submit anyway" not in r.buttons
    assert await drafts(bot) == 1


async def test_the_name_on_a_certificate_passes_the_same_gate_names_allowed(
    bot: BalintBot, world: World, group: Group
) -> None:
    """A certificate goes to supervisors and portfolios: the name typed for it is the trainee's
    own (no warning about names), but a patient identifier smuggled in with it is refused."""
    bob = world.trainee("bob")
    r = await bob.slash("attendance name", name="Dr Robert Oyelaran", in_channel=world.channel)
    assert r.ephemeral and "**Dr Robert Oyelaran**" in r.text, r.text
    assert "pseudonym" not in r.text and "looks like" not in r.text, r.text
    for bad, what in (
        ("Dr Bob 07700 900123", "phone number"),
        ("Dr Bob NHS 943 476 5919", "NHS number"),
    ):
        r = await bob.slash("attendance name", name=bad, in_channel=world.channel)
        assert r.ephemeral and "Nothing was changed" in r.text, r.text
        assert what in r.text, r.text
    r = await bob.slash("attendance name", name="Dr Robert Oyelaran", in_channel=world.channel)
    assert "**Dr Robert Oyelaran**" in r.text


async def test_a_lone_first_name_in_a_draft_is_held_back_but_the_invented_name_is_not(
    bot: BalintBot, world: World, group: Group
) -> None:
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel)
    r = await alice.submit_modal({"theme": THEME, "body": "I lost my temper with Rhys again."})
    assert r.ephemeral and '"Rhys" looks like a name' in r.text, r.text
    assert "pseudonym" in r.text and "Submit anyway" in r.buttons, r.text
    assert await drafts(bot) == 0

    await alice.slash("draft new", in_channel=world.channel)
    r = await alice.submit_modal(
        {"theme": THEME, "body": "I lost my temper with Amara again.", "first_name": "Amara"}
    )
    assert r.ephemeral and "Saved" in r.text, r.text
    assert await drafts(bot) == 1


async def test_text_with_a_broken_character_is_refused_with_a_clear_message(
    bot: BalintBot, world: World, group: Group
) -> None:
    """Half of a UTF-16 pair (a lone surrogate, which JSON can carry) cannot be stored: the
    draft and the certificate's name met "Something went wrong" and an error in the log.
    They are refused with what to do, and nothing is stored."""
    alice = world.trainee("alice")
    await alice.slash("draft new", in_channel=world.channel)
    r = await alice.submit_modal({"theme": THEME, "body": "I felt useless \ud83d and tired."})
    assert r.ephemeral and "broken character" in r.text, r.text
    assert "Something went wrong" not in r.text
    assert await drafts(bot) == 0
    r = await alice.slash("attendance name", name="Dr Alice \udfff Smith", in_channel=world.channel)
    assert r.ephemeral and "broken character" in r.text, r.text
