"""The drafts' use of the de-identification gate, and unsaved text held in memory only."""

from datetime import UTC, datetime, timedelta

from bot.clock import FixedClock
from cogs.drafts._button_actions import Action
from cogs.drafts._gate import Pending, PendingTexts, check_text

LABELS = {"theme": "Your theme", "body": "Your paragraph"}


async def test_each_field_is_explained_on_its_own_and_a_block_wins() -> None:
    v = await check_text(
        {"theme": "Mr Jones makes me angry", "body": "Call her on 07700 900123 after clinic."},
        LABELS,
    )
    assert v.blocked and v.warned and not v.clean
    assert v.message.startswith("Before this can be shared")
    theme, body = v.message.index("**Your theme**"), v.message.index("**Your paragraph**")
    assert theme < v.message.index('"Mr Jones"') < body < v.message.index('"07700 900123"')
    assert "Nothing has been saved" in v.message and "Submit anyway" not in v.message


async def test_warnings_only_offer_to_submit_anyway_and_clean_text_passes() -> None:
    v = await check_text({"theme": "Mr Jones makes me angry", "body": "I feel stuck."}, LABELS)
    assert v.warned and not v.blocked and "Submit anyway" in v.message
    assert (
        await check_text({"theme": "Feeling useless", "body": "I dread Thursdays."}, LABELS)
    ).clean
    named = await check_text({"body": "Alice would know what to do."}, LABELS, ["alice"])
    assert named.warned and "group member" in named.message


async def test_a_long_explanation_fits_a_discord_message() -> None:
    body = " ".join(f"Call 07700 900{n:03d}." for n in range(200))
    v = await check_text({"body": body}, LABELS)
    assert len(v.message) <= 2000 and v.message.endswith("for a few minutes.")


def test_held_text_belongs_to_its_author_and_is_forgotten() -> None:
    clock = FixedClock(datetime(2026, 9, 17, 10, tzinfo=UTC))
    held = PendingTexts(clock, keep=timedelta(minutes=15))
    token = held.put(Pending(Action.NEW, 1, 5, {"theme": "x"}))
    assert held.get(token, 2) is None  # another person cannot use the token
    mine = held.get(token, 1)
    assert mine is not None and mine.values == {"theme": "x"}
    assert held.pop(token, 1) is not None and held.get(token, 1) is None
    token = held.put(Pending(Action.NEW, 1, 5, {"theme": "y"}))
    clock.advance(timedelta(minutes=14))
    assert held.get(token, 1) is not None
    clock.advance(timedelta(minutes=1))  # the bot's clock, not the wall clock
    assert held.get(token, 1) is None and len(held) == 0
