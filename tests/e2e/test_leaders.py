"""The leaders' own practice through the emulator: after each session a private debrief prompt to
the leaders (their channel, or a private message each where there is none) with a shared note
that only they can read, gated like every text and deleted with the group's case material; and
/leader log, each leader's record for accreditation, filled from the sessions (led, co-led,
missed) and by the leader (supervision, leadership days), exported as a PDF and a CSV, kept
across /group close and erased by /forgetme."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta

from bot.app import BalintBot
from bot.emulator.emulator import InteractionResult, Message
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e._pdf import pdf_text
from tests.e2e.conftest import StartBot
from tests.e2e.test_closing import raw_bytes
from tests.e2e.test_privacy_seams import LEDGER_COLUMNS, cells_naming

FIRST_END = datetime(2026, 9, 3, 9, 15, tzinfo=UTC)  # Thu 3 Sep, 09:00-10:15 London
SECOND_END = datetime(2026, 9, 10, 9, 15, tzinfo=UTC)
NHS = "The patient's NHS number 943 476 5919 came up."
WATCH = "Bob seemed flat and quiet after presenting."


def prompts(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m.text.startswith("**Debrief:") and not m.deleted]


def count(bot: BalintBot, sql: str) -> int:
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        found: int = conn.execute(sql).fetchone()[0]
        return found
    finally:
        conn.close()


def files(r: InteractionResult) -> dict[str, bytes]:
    return dict(r.files)


async def test_the_leaders_debrief_in_private_share_a_gated_note_that_expires(
    bot: BalintBot, world: World, group: Group, clock: Clock, start_bot: StartBot
) -> None:
    leader, coleader, alice = world.leader, world.coleader, world.trainee("alice")
    await clock.move_to(FIRST_END - timedelta(minutes=1))
    assert not prompts(world.leaders_channel.messages)
    await clock.move_to(FIRST_END + timedelta(minutes=2))
    (prompt,) = prompts(world.leaders_channel.messages)
    assert "Thursday Balint group, Thu 3 Sep" in prompt.text
    assert f"co-led by <@{leader.id}> and <@{coleader.id}>" in prompt.text
    assert prompt.buttons == ["Write the debrief note", "Read the note", "I wasn't there"]
    # only in the leaders' channel: nothing in the group's channel, no trainee's DMs
    assert not prompts(world.channel.messages) and not prompts(alice.inbox)

    r = await leader.click("Read the note", message=prompt)
    assert r.ephemeral and "No debrief note for Thu 3 Sep yet" in r.text
    r = await coleader.click("Write the debrief note", message=prompt)
    assert r.modal is not None
    r = await coleader.submit_modal(
        {"happened": "A hard case about a patient who would not leave.", "watch": WATCH}
    )
    assert r.ephemeral and "Saved: the debrief note of Thu 3 Sep" in r.text, r.text
    r = await leader.click("Read the note", message=prompt)
    assert r.ephemeral and WATCH in r.text and "What happened in the group" in r.text
    assert "The group's process" not in r.text  # left empty
    assert f"Last saved by <@{coleader.id}>" in r.text

    # a trainee who got hold of the button is refused; so is an outsider
    for person in (alice, world.outsider):
        r = await person.click("Read the note", message=prompt)
        assert r.ephemeral and "Only the leaders of Thursday Balint group" in r.text
        assert WATCH not in r.text

    # a patient identifier is refused and nothing changes; the form opens with the saved note
    r = await leader.click("Write the debrief note", message=prompt)
    assert WATCH in json.dumps(r.modal)
    r = await leader.submit_modal({"process": NHS})
    assert r.ephemeral and "NHS number" in r.text and "Nothing was saved" in r.text
    assert count(bot, "SELECT count(*) FROM debrief_notes WHERE process IS NOT NULL") == 0
    # a likely name is saved, with a word to check it
    await leader.click("Write the debrief note", message=prompt)
    r = await leader.submit_modal({"process": "Dr Prendergast's name came up; we moved on."})
    assert "Saved" in r.text and "Please check" in r.text

    # a restart sends no second prompt, and its buttons still work
    await bot.close()
    bot = await start_bot()
    await clock.settle()
    assert len(prompts(world.leaders_channel.messages)) == 1
    r = await coleader.click("Read the note", message=prompt)
    assert WATCH in r.text and "moved on" in r.text

    # /leader debrief opens the same form, from the leaders' channel too
    r = await leader.slash("leader debrief", in_channel=world.leaders_channel)
    assert r.modal is not None and WATCH in json.dumps(r.modal)
    r = await alice.slash("leader debrief", in_channel=world.channel)
    assert r.ephemeral and "Only the leaders" in r.text
    r = await leader.slash("leader debrief", in_channel=world.channel, session="2026-09-10")
    assert r.ephemeral and "has not ended yet" in r.text

    # deleted with the group's case material, 24 hours after the session, from the file too
    await clock.move_to(FIRST_END + timedelta(hours=24, minutes=1))
    assert count(bot, "SELECT count(*) FROM debrief_notes") == 0
    assert WATCH.encode() not in raw_bytes(bot)
    r = await leader.click("Read the note", message=prompt)
    assert r.ephemeral and "has been deleted with the group's case material" in r.text


async def test_a_leader_log_from_the_sessions_and_what_the_leader_adds_as_pdf_and_csv(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    leader, coleader, alice = world.leader, world.coleader, world.trainee("alice")
    await clock.move_to(FIRST_END + timedelta(minutes=2))
    (prompt,) = prompts(world.leaders_channel.messages)
    r = await coleader.click("I wasn't there", message=prompt)
    assert r.ephemeral and "your leader log shows you missed Thu 3 Sep" in r.text
    assert f"led by <@{leader.id}>" in r.text
    # pressed again: there after all; and again: away
    r = await coleader.click("I wasn't there", message=prompt)
    assert "co-led Thu 3 Sep" in r.text and "counted as there again" in r.text
    await coleader.click("I wasn't there", message=prompt)
    r = await alice.click("I wasn't there", message=prompt)
    assert "Only the leaders" in r.text

    await clock.move_to(SECOND_END + timedelta(minutes=2))  # both there
    r = await leader.slash(
        "leader add", in_channel=world.general, what="supervision", date="2026-09-08"
    )
    assert r.ephemeral and "Added to your leader log: supervision session on Tue 8 Sep" in r.text
    r = await leader.slash(
        "leader add", what="workshop", date="2026-06-20", note="Balint Society leadership day"
    )
    assert "leadership day or workshop on Sat 20 Jun" in r.text and "That makes 1" in r.text
    r = await leader.slash("leader add", what="supervision", date="2026-12-01")
    assert r.ephemeral and "still to come" in r.text and "Nothing was added" in r.text
    r = await leader.slash("leader add", what="supervision", date="2026-09-09", note=NHS)
    assert "NHS number" in r.text and "Nothing was added" in r.text

    r = await leader.slash("leader log", in_channel=world.general)
    assert r.ephemeral and "4 entries from Sat 20 Jun to Thu 10 Sep" in r.text, r.text
    assert "Sessions co-led: 1 of the 20 asked (19 to go)" in r.text
    assert "Sessions led alone: 1" in r.text and "Supervision sessions: 1" in r.text
    assert "Leadership days, workshops and weekends: 1 of the 2 asked (1 to go)" in r.text
    pdf = pdf_text(files(r)["leader-log.pdf"])
    assert "Balint group leadership log" in pdf and "Leader: dr-okafor" in pdf
    assert "Sessions co-led (1)" in pdf and "Thursday Balint group" in pdf
    rows = list(csv.reader(io.StringIO(files(r)["leader-log.csv"].decode("utf-8-sig"))))
    assert rows[0] == ["date", "weekday", "what", "group", "note"]
    assert rows[1:] == [
        [
            "2026-06-20",
            "Saturday",
            "leadership day or workshop",
            "",
            "Balint Society leadership day",
        ],
        ["2026-09-03", "Thursday", "led", "Thursday Balint group", ""],
        ["2026-09-08", "Tuesday", "supervision session", "", ""],
        ["2026-09-10", "Thursday", "co-led", "Thursday Balint group", ""],
    ]
    r = await coleader.slash("leader log")
    assert "Sessions missed: 1" in r.text and "Sessions co-led: 1 of" in r.text

    r = await leader.slash("leader remove", what="workshop", date="2026-06-20")
    assert "Removed from your leader log" in r.text
    r = await leader.slash("leader remove", what="workshop", date="2026-06-20")
    assert "has no leadership day or workshop on Sat 20 Jun" in r.text
    r = await alice.slash("leader log")
    assert r.ephemeral and "Your leader log is empty" in r.text and not r.files


async def test_the_log_survives_the_groups_close_and_goes_with_the_leaders_forgetme(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    leader, coleader = world.leader, world.coleader
    await clock.move_to(FIRST_END + timedelta(minutes=2))
    await leader.slash("leader add", what="weekend", date="2026-05-16")
    asked = await leader.slash("group close", in_channel=world.channel)
    await leader.click("Close the group now", message=asked)
    await clock.settle()
    assert count(bot, "SELECT count(*) FROM groups") == 0
    r = await coleader.slash("leader log")
    assert "Sessions co-led: 1" in r.text and "Thursday Balint group" in r.text
    r = await leader.slash("mydata")
    ((_, data),) = r.files
    mine = json.loads(data)["your_leader_log"]
    assert [(x["day"], x["kind"]) for x in mine] == [
        ("2026-05-16", "weekend"),
        ("2026-09-03", "co_led"),
    ]

    r = await leader.slash("forgetme")
    done = await leader.click("Erase my data", message=r)
    assert "Erased" in done.text
    assert count(bot, f"SELECT count(*) FROM leader_log WHERE user_id = {leader.id}") == 0
    assert not set(cells_naming(bot, leader.id)) - LEDGER_COLUMNS
    r = await leader.slash("leader log")
    assert "Your leader log is empty" in r.text
    r = await coleader.slash("leader log")  # the co-leader's own log is untouched
    assert "Sessions co-led: 1" in r.text


async def test_without_a_leaders_channel_each_leader_gets_the_prompt_privately(
    start_bot: StartBot, world: World, clock: Clock
) -> None:
    from bot.sandbox.world import GROUP_SETUP

    await start_bot()
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        **GROUP_SETUP,
    )
    assert "Group set up" in r.text
    await clock.move_to(FIRST_END + timedelta(minutes=2))
    (mine,) = prompts(world.leader.inbox)
    (theirs,) = prompts(world.coleader.inbox)
    assert mine.text == theirs.text and not prompts(world.leaders_channel.messages)
    await world.leader.click("Write the debrief note", message=mine)
    await world.leader.submit_modal({"happened": WATCH})
    r = await world.coleader.click("Read the note", message=theirs)
    assert r.ephemeral and WATCH in r.text
