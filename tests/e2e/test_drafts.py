"""Anonymous case drafts through the emulator: the gate, leader review, the anonymous question
relay, publication in the agenda, expiry, and an audit that nothing links a draft to its author.

What an author does reaches the leaders in rounds, at each whole hour (cogs/drafts/_hourly_rounds.py), so
these tests move the clock to the next round where the leaders are to see something."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest

from bot.app import BalintBot
from bot.emulator.emulator import Emulator, InteractionResult, Message, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.deliveries import delivered_message
from bot.store.groups import Group
from bot.store.sessions import current_or_next_session, get_session
from cogs.drafts._cog import DraftsCog
from tests.e2e.conftest import StartBot

THEME = "A patient who makes me feel useless"
BODY = "Every visit she tells me nothing helps, and I leave feeling I have failed her."
PHONE = "07700 900123"
BLOCKED_BODY = f"She rings the ward on {PHONE} every night and I dread it."
FIXED_BODY = "She rings the ward every night and I dread it."
WARNED_BODY = "Mr Jones shouts at me on every ward round and I freeze."
QUESTION = "How long have you been looking after him?"
ANSWER = "About a year, since I started in the team."
REASON = "It reads like advice-seeking; try the feelings only."

# Session 1 meets Thursday 3 Sep 2026 08:00-09:15 UTC; its agenda is due 24 hours before.
AGENDA_TIME = datetime(2026, 9, 2, 8, 1, tzinfo=UTC)
EXPIRY_TIME = datetime(2026, 9, 4, 9, 16, tzinfo=UTC)


# -- helpers ----------------------------------------------------------------------------------


async def write(member: SimMember, world: World, **values: str) -> InteractionResult:
    r = await member.slash("draft new", in_channel=world.channel)
    assert r.modal is not None, r.text
    return await member.submit_modal(values)


def modal_values(modal: dict[str, Any]) -> dict[str, str]:
    out = {}
    for top in modal["components"]:
        for comp in [top.get("component")] if top.get("type") == 18 else top["components"]:
            out[comp["custom_id"]] = comp.get("value") or ""
    return out


async def next_round(clock: Clock) -> None:
    """Move to just after the next whole hour, when the leaders get the hour's drafts."""
    now = clock.now()
    await clock.move_to(
        now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1, seconds=30)
    )


def card(world: World, theme: str) -> Message:
    found = [m for m in world.leaders_channel.messages if m.embeds and theme in m.text]
    assert found, f"no card for {theme!r}"
    return found[-1]


async def count(bot: BalintBot, table: str = "drafts") -> int:
    found: int = await bot.db.fetchval(f"SELECT count(*) FROM {table}")
    return found


async def with_text(bot: BalintBot) -> int:
    """Drafts that keep their text (a rejection told by DM keeps none until it expires)."""
    found: int = await bot.db.fetchval("SELECT count(*) FROM drafts WHERE theme != '-'")
    return found


def dump(bot: BalintBot) -> list[str]:
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


async def agenda(bot: BalintBot, emulator: Emulator, session_id: int) -> Message:
    where = await delivered_message(bot.db, session_id, "agenda")
    assert where is not None, "the agenda was not posted"
    channel = emulator.channel(where[0])
    assert channel is not None
    return next(m for m in channel._messages.values() if m.id == where[1])


# -- the scenario -----------------------------------------------------------------------------


async def test_gate_review_question_reject_withdraw_agenda_and_audit(
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    alice, bob, carol = world.trainee("alice"), world.trainee("bob"), world.trainee("carol")
    leader = world.leader

    # 1. a phone number is blocked: the span and why, privately; nothing is stored or posted
    r = await write(alice, world, theme=THEME, body=BLOCKED_BODY, first_name="Sam")
    assert r.ephemeral and f'"{PHONE}"' in r.text and "phone number" in r.text, r.text
    assert "Edit my draft" in r.buttons and "Submit anyway" not in r.buttons
    assert await count(bot) == 0 and not world.leaders_channel.messages
    # "Edit my draft" re-opens the form with exactly what she typed
    again = await alice.click("Edit my draft", r)
    assert again.modal is not None
    assert modal_values(again.modal) == {"theme": THEME, "body": BLOCKED_BODY, "first_name": "Sam"}
    saved = await alice.submit_modal({"body": FIXED_BODY})
    assert saved.ephemeral and "Saved" in saved.text, saved.text
    assert await count(bot) == 1 and not world.leaders_channel.messages  # not at once
    await next_round(clock)
    alice_card = card(world, THEME)
    assert FIXED_BODY in alice_card.text and "Sam" in alice_card.text
    assert alice_card.buttons == ["Approve", "Reject", "Ask the author"]
    assert "#1:" not in alice_card.text  # random numbers: they tell nothing of the order

    # 2. a likely identifier is a warning: the author may confirm after reading
    r = await write(bob, world, theme="Dreading ward rounds", body=WARNED_BODY)
    assert r.ephemeral and '"Mr Jones"' in r.text and "a name" in r.text, r.text
    assert "Submit anyway" in r.buttons and await count(bot) == 1
    confirmed = await bob.click("Submit anyway", r)
    assert "Saved" in confirmed.text and await count(bot) == 2
    await next_round(clock)
    bob_card = card(world, "Dreading ward rounds")

    # 3. a leader approves; the author hears it by DM; the card says so
    r = await leader.click("Approve", alice_card)
    assert r.ephemeral and "Approved" in r.text
    assert "Approved by" in card(world, THEME).text and "Approve" not in card(world, THEME).buttons
    await clock.settle()  # the author's DM follows the leader's reply
    approval = alice.inbox[-1]
    assert THEME in approval.text and "approved" in approval.text

    # 4. a leader asks; the author answers; identity never revealed
    await leader.click("Ask the author", bob_card)
    r = await leader.submit_modal({"question": QUESTION})
    assert "goes to the author" in r.text and "/draft mine" in r.text, r.text
    await clock.settle()
    dm = bob.inbox[-1]
    assert QUESTION in dm.text and dm.buttons == ["Answer"]
    form = await bob.click("Answer", dm)
    assert form.modal is not None
    r = await bob.submit_modal({"answer": ANSWER})
    assert "Thank you" in r.text, r.text
    assert not [m for m in world.leaders_channel.messages if ANSWER in m.text]  # not at once
    asked = world.leaders_channel.last_message
    assert asked is not None
    await next_round(clock)
    relayed = card(world, "Dreading ward rounds")  # a fresh card, with the question answered
    assert ANSWER in relayed.text and QUESTION in relayed.text and "(updated)" in relayed.text
    assert bob_card.deleted and asked.deleted
    bob_card = relayed
    again = await bob.click("Answer", dm)
    assert "already answered" in again.text
    # another member cannot answer (or see) bob's question
    r = await alice.click("Answer", dm)
    assert "Only the author" in r.text

    # 5. reject with a reason: the author is told by DM; the draft and its card are gone at once
    r = await write(
        carol, world, theme="When I want to rescue him", body="I keep wanting to fix it."
    )
    await next_round(clock)
    carol_card = card(world, "When I want to rescue him")
    await leader.click("Reject", carol_card)
    r = await leader.submit_modal({"reason": REASON})
    assert "Rejected" in r.text and "direct message" in r.text, r.text
    await clock.settle()
    assert REASON in carol.inbox[-1].text and "When I want to rescue him" in carol.inbox[-1].text
    assert carol_card.deleted and await with_text(bot) == 2

    # 6. /draft mine: only your own drafts; withdraw deletes it and every message that showed it
    mine = await carol.slash("draft mine", in_channel=world.channel)
    assert "no open drafts" in mine.text
    mine = await bob.slash("draft mine", in_channel=world.channel)
    assert mine.ephemeral and "Dreading ward rounds" in mine.text and THEME not in mine.text
    assert mine.buttons == ["Edit", "Withdraw"]
    confirm = await bob.click("Withdraw", mine)
    done = await bob.click("Yes, withdraw it", confirm)
    assert "Withdrawn" in done.text, done.text
    assert dm.deleted and not bob_card.deleted  # the author's copy now, the leaders' next round
    await next_round(clock)
    assert bob_card.deleted
    assert await with_text(bot) == 1 and await count(bot, "draft_questions") == 0

    # 7. the agenda (T-24h) lists the approved theme, without the text or the author
    await clock.move_to(AGENDA_TIME)
    session = await bot.db.fetchval("SELECT session_id FROM drafts")
    post = await agenda(bot, emulator, session)
    assert THEME in post.text and "Sam" in post.text and FIXED_BODY not in post.text

    # --- the audit: nothing in the database or the logs links a draft to its author ---------
    lines = dump(bot)
    draft_rows = [line for line in lines if line.startswith('INSERT INTO "draft')]
    assert draft_rows  # the dump has the drafts tables' rows
    member_ids = {str(m.id) for m in world.everyone}
    dm_channels = {str(emulator.dm_channel(m.user).id) for m in world.everyone}
    assert not [row for row in draft_rows if any(x in row for x in member_ids | dm_channels)]
    for table in ("drafts", "draft_messages", "draft_questions", "draft_agenda_lines"):
        columns = {r["name"] for r in await bot.db.fetchall(f"PRAGMA table_info({table})")}
        assert not [c for c in columns if "user" in c or c.endswith("_at")], (table, columns)
    # the leaders saw the texts but never who wrote them
    for message in world.leaders_channel._messages.values():
        for person in (alice, bob, carol):
            assert str(person.id) not in message.text and person.name not in message.text
    logged = [r for r in caplog.records if not r.name.startswith(("bot.sandbox", "bot.emulator"))]
    assert [r for r in logged if r.levelno == logging.DEBUG and r.name.startswith("discord")]
    text = "\n".join(r.getMessage() for r in logged)
    for secret in (THEME, FIXED_BODY, BLOCKED_BODY, PHONE, WARNED_BODY, QUESTION, ANSWER, REASON):
        assert secret not in text, secret
    authors = {str(p.id) for p in (alice, bob, carol)}
    assert not [
        r.getMessage()
        for r in logged
        if r.name != "discord.gateway" and any(a in r.getMessage() for a in authors)
    ]


async def test_expiry_deletes_rows_and_every_message_and_takes_the_text_out_of_the_agenda(
    start_bot: StartBot,
    bot: BalintBot,
    world: World,
    group: Group,
    clock: Clock,
    emulator: Emulator,
) -> None:
    # this group publishes full text (in the agenda post only): the leaders' choice
    r = await world.leader.slash("group edit", in_channel=world.channel, publish_draft_text=True)
    assert "appear in the agenda with their text" in r.text
    alice, dan, erin = world.trainee("alice"), world.trainee("dan"), world.trainee("erin")
    themes = {
        alice: "When she cries I go numb",
        dan: "I feel like his jailer",
        erin: "I look forward to seeing him",
    }
    for member, theme in themes.items():
        r = await write(member, world, theme=theme, body=f"{theme}, and I do not know why.")
        assert "Saved" in r.text, r.text
    await next_round(clock)
    for theme in themes.values():
        await world.leader.click("Approve", card(world, theme))
    await clock.settle()
    cards = {m: card(world, t) for m, t in themes.items()}
    notes = {m: m.inbox[-1] for m in themes}

    await clock.move_to(AGENDA_TIME)
    session = await current_or_next_session(bot.db, group.id, bot.now())
    assert session is not None
    post = await agenda(bot, emulator, session.id)
    for theme in themes.values():
        assert f"> {theme}, and I do not know why." in post.text  # the full text, quoted
    # withdrawn after publication: taken out of the agenda post with the next round
    mine = await erin.slash("draft mine", in_channel=world.channel)
    await erin.click("Yes, withdraw it", await erin.click("Withdraw", mine))
    assert notes[erin].deleted and themes[erin] in post.text
    await next_round(clock)
    assert themes[erin] not in post.text and themes[alice] in post.text
    assert cards[erin].deleted and notes[erin].deleted

    # a restart before expiry loses nothing
    await bot.close()
    bot = await start_bot()
    await clock.move_to(EXPIRY_TIME - timedelta(minutes=2))
    assert await with_text(bot) == 2

    await clock.move_to(EXPIRY_TIME)
    for table in ("drafts", "draft_messages", "draft_questions", "draft_agenda_lines"):
        assert await count(bot, table) == 0, table
    assert all(c.deleted for c in cards.values()) and all(n.deleted for n in notes.values())
    assert not post.deleted  # the agenda stays, without the drafts
    for theme in themes.values():
        assert theme not in post.text
    assert "do not know why" not in post.text


async def test_review_without_a_leaders_channel_limits_and_refusals(
    start_bot: StartBot, world: World, emulator: Emulator, clock: Clock
) -> None:
    from bot.sandbox.world import GROUP_SETUP

    bot = await start_bot(drafts={"max_open_per_author_per_session": 2})
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        **GROUP_SETUP,
    )
    assert "Group set up" in r.text
    alice, bob = world.trainee("alice"), world.trainee("bob")

    # /privacy: what is stored, who sees it, for how long, and that the host receives everything
    r = await alice.slash("privacy", in_channel=world.channel)
    assert r.ephemeral and "Anonymous case drafts" in r.text and "24 hours after" in r.text
    assert "receives every interaction" in r.text and "What nobody can link" in r.text

    # outsiders cannot write drafts; a date without a session is refused before any form
    r = await world.outsider.slash("draft new", in_channel=world.channel)
    assert r.ephemeral and "not on the roster" in r.text and r.modal is None
    r = await alice.slash("draft new", in_channel=world.channel, session="2026-09-05")
    assert r.ephemeral and "Sat 5 Sep is not a session day" in r.text
    choices = await alice.autocomplete("draft new", "session", in_channel=world.channel)
    assert choices[0]["value"] == "2026-09-03"

    # without a leaders' channel the leaders get a notice without the text, and use /draft review
    r = await write(
        alice, world, theme="Feeling like a fraud", body="I feel like a fraud with him."
    )
    assert "Saved" in r.text and not world.leader.inbox
    await next_round(clock)
    notice = world.leader.inbox[-1]
    assert "/draft review" in notice.text and "fraud" not in notice.text
    r = await bob.slash("draft review", in_channel=world.channel)
    assert r.ephemeral and "Only the leaders" in r.text
    review = await world.leader.slash("draft review", in_channel=world.channel)
    assert review.ephemeral and "Feeling like a fraud" in review.text
    assert review.buttons == ["Approve", "Reject", "Ask the author"]
    # a trainee pressing a leader's button is refused on the server
    r = await bob.click("Approve", review.message)
    assert "Only the leaders" in r.text
    r = await world.leader.click("Approve", review)
    assert "Approved" in r.text
    await clock.settle()
    approval = alice.inbox[-1]
    assert "approved" in approval.text

    # at most N open drafts per author per session
    await write(alice, world, theme="Second", body="A second case I think about.")
    r = await alice.slash("draft new", in_channel=world.channel)
    assert r.modal is None and "2 open drafts" in r.text
    # editing through /draft mine: pre-filled, and back to review after a change
    mine = await alice.slash("draft mine", in_channel=world.channel)
    form = await alice.click("Edit 1", mine)
    assert form.modal is not None
    assert modal_values(form.modal)["theme"] == "Feeling like a fraud"
    r = await alice.submit_modal({"theme": "Feeling like a fraud, still"})
    assert "Saved your changes" in r.text
    statuses = [row["status"] for row in await bot.db.fetchall("SELECT status FROM drafts")]
    assert statuses == ["pending", "pending"]

    # a crash between "withdrawn" and the clean-up: the next start finishes the job
    rows = await bot.db.fetchall("SELECT id FROM drafts ORDER BY theme")  # ids are random
    first, second = [r["id"] for r in rows]
    await bot.db.execute("UPDATE drafts SET status = 'withdrawn' WHERE id = ?", (first,))
    await bot.close()
    bot = await start_bot(drafts={"max_open_per_author_per_session": 2})
    await clock.settle()  # the start's catch-up (on_ready) finishes the withdrawal
    assert [r["id"] for r in await bot.db.fetchall("SELECT id FROM drafts")] == [second]
    assert approval.deleted  # found again through the handle: no DM channel was stored

    # a skipped session takes its drafts with it; the roster is told alike, the author too
    session_id = await bot.db.fetchval("SELECT session_id FROM drafts")
    await bot.db.execute("UPDATE sessions SET status = 'skipped' WHERE id = ?", (session_id,))
    # found by name and cast, not isinstance: a restart loads the extension's module afresh
    cog = cast(DraftsCog, bot.get_cog("DraftsCog"))
    skipped = await get_session(bot.db, session_id)
    assert skipped is not None
    await cog.desk.on_session_changed(skipped, "skipped")
    assert await count(bot) == 0
    assert "was skipped" in alice.inbox[-1].text and "Second" not in alice.inbox[-1].text


async def test_two_trainees_writing_drafts_for_one_session_at_once_each_keep_their_own(
    group: Group, world: World, bot: BalintBot
) -> None:
    """Discord.py keys an open form by its custom_id alone: two members with the same form open
    (the same session's draft) shared one, so the first to send took the other's form and the
    other's text was lost ("no longer active"). Each form opened is now the opener's own."""
    alice, bob = world.trainee("alice"), world.trainee("bob")
    first = await alice.slash("draft new", in_channel=world.channel)
    second = await bob.slash("draft new", in_channel=world.channel)
    assert first.modal is not None and second.modal is not None
    saved_a = await alice.submit_modal({"theme": "The first theme", "body": BODY}, first)
    saved_b = await bob.submit_modal({"theme": "The second theme", "body": FIXED_BODY}, second)
    assert saved_a.text.startswith("Saved.") and saved_b.text.startswith("Saved."), (
        saved_a.text,
        saved_b.text,
    )
    themes = {r[0] for r in await bot.db.fetchall("SELECT theme FROM drafts")}
    assert themes == {"The first theme", "The second theme"}
