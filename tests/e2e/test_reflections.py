"""Private reflections through the emulator: an opt-in prompt after a session attended or
presented, answers through the de-identification gate, a log only the author can see or export,
in /mydata, erased by /forgetme."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta

from pypdf import PdfReader

from bot.app import BalintBot
from bot.emulator.emulator import Message, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.conftest import StartBot

S1 = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)
FEELING = "I felt protective and then oddly tired when the group went quiet"
NHS = "I keep thinking of 943 476 5919 and how stuck I felt"


def prompts(member: SimMember) -> list[Message]:
    return [m for m in member.inbox if "A moment to reflect" in m.text]


def count(bot: BalintBot, sql: str) -> int:
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        found: int = conn.execute(sql).fetchone()[0]
        return found
    finally:
        conn.close()


async def test_a_private_reflective_log_from_prompt_to_export_seen_by_nobody_else(
    bot: BalintBot, world: World, group: Group, clock: Clock, start_bot: StartBot
) -> None:
    ch = world.channel
    alice, bob, carol = world.trainee("alice"), world.trainee("bob"), world.trainee("carol")
    r = await alice.slash("reflect on", in_channel=ch)
    assert r.ephemeral and "prompts are on" in r.text
    await carol.slash("reflect on", in_channel=ch)
    r = await world.leader.slash("reflect on", in_channel=ch)
    assert "for the group's trainees" in r.text
    await alice.slash("volunteer", in_channel=ch, session="2026-09-03")
    await clock.move_to(S1 + timedelta(minutes=1))
    for t in (alice, bob):
        await t.click("I'm here", in_channel=ch)
    await clock.move_to(S1 + timedelta(minutes=110))  # half an hour after the end
    (prompt,) = prompts(alice)
    assert "presenting your case" in prompt.text and "Write a reflection" in prompt.buttons
    assert not prompts(bob) and not prompts(carol)  # not opted in; absent
    # a restart repeats no prompt
    await bot.close()
    bot = await start_bot()
    await clock.settle()
    assert len(prompts(alice)) == 1

    # an identifier is refused and nothing is stored
    r = await alice.click("Write a reflection", message=prompt)
    assert r.modal is not None and "presenting" in json.dumps(r.modal)
    r = await alice.submit_modal({"presenting": NHS})
    assert r.ephemeral and "NHS number" in r.text and "Nothing was saved" in r.text
    assert count(bot, "SELECT count(*) FROM reflections") == 0
    await alice.click("Write a reflection", message=prompt)
    r = await alice.submit_modal({"presenting": FEELING, "practice": "Notice my tiredness."})
    assert r.ephemeral and "Saved to your private reflective log" in r.text
    await alice.slash("reflect write", in_channel=ch)
    r = await alice.submit_modal({"noticed": "Less dread on Thursdays."})
    assert "Saved" in r.text

    r = await alice.slash("reflect list", in_channel=ch)
    assert r.ephemeral and "2 entries" in r.text and "oddly tired" in r.text
    assert "• Thu 3 Sep · After presenting" in r.text and "2026-09-03" not in r.text
    r = await alice.slash("reflect export", in_channel=ch)
    files = dict(r.files)
    pdf = PdfReader(io.BytesIO(files["reflective-log-thursday-balint-group.pdf"])).pages[0]
    text = pdf.extract_text()
    assert "Thu 3 Sep 2026: After presenting" in text and "oddly tired" in text
    assert "What was it like to present your case?" in text
    md = files["reflective-log-thursday-balint-group.md"].decode()
    assert "## Thu 3 Sep 2026: After presenting" in md and "Less dread" in md

    # nobody else sees it: not in any channel, nobody else's messages, no leader's command
    # (private replies to alice are hers only: the emulator refuses to show them to anyone else)
    everything = [m.text for m in ch.messages + world.leaders_channel.messages if not m.ephemeral]
    for person in [world.leader, world.coleader, *world.trainees]:
        if person is not alice:
            everything += [m.text for m in person.inbox]
    assert not [t for t in everything if "oddly tired" in t or "Less dread" in t]
    r = await bob.slash("reflect list", in_channel=ch)
    assert "empty" in r.text and "oddly" not in r.text

    # in /mydata, then erased by /forgetme
    data = json.loads((await alice.slash("mydata", in_channel=ch)).files[0][1])
    assert [e["date"] for e in data["your_private_reflections"]][0] == "2026-09-03"
    r = await alice.slash("forgetme", in_channel=ch)
    assert "private reflections" in r.text
    await alice.click("Erase my data", message=r)
    assert count(bot, f"SELECT count(*) FROM reflections WHERE user_id = {alice.id}") == 0
    assert count(bot, f"SELECT count(*) FROM reflection_optins WHERE user_id = {alice.id}") == 0


async def test_at_close_each_author_gets_their_log_privately_and_a_closed_inbox_loses_nothing(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    """docs/commands.md: when the group closes, each author gets their log by private message, and
    then the bot deletes it. An author whose direct messages are closed keeps it all the same:
    the closing post says where it waits (/reflect export in the channel, as long as the ledger)."""
    ch = world.channel
    alice, bob, carol = world.trainee("alice"), world.trainee("bob"), world.trainee("carol")
    await clock.move_to(S1 + timedelta(minutes=1))
    await alice.slash("reflect write", in_channel=ch)
    assert "Saved" in (await alice.submit_modal({"noticed": FEELING})).text
    await bob.slash("reflect write", in_channel=ch)
    assert "Saved" in (await bob.submit_modal({"noticed": "Bramble: my shoulders rose"})).text
    r = await bob.slash("privacy", in_channel=ch)  # the same promise, in plain words
    assert "Private reflections" in r.text and "kept for you alone" in r.text, r.text
    bob.dms_open = False
    before = {p.name: len(p.inbox) for p in [world.leader, world.coleader, *world.trainees]}

    await clock.move_to(datetime(2027, 7, 31, 12, tzinfo=UTC))
    r = await world.leader.slash("group close", in_channel=ch)
    await clock.settle()  # "building N certificates...", then the exports
    assert "Closed" in r.text, r.text

    # alice: her log, privately, as files; nobody else got hers
    (sent,) = [m for m in alice.inbox[before["alice"] :] if m.files]
    assert "reflective log to keep" in sent.text
    files = dict(sent.files)
    assert "oddly tired" in files["reflective-log-thursday-balint-group.md"].decode()
    assert (
        "oddly tired"
        in PdfReader(io.BytesIO(files["reflective-log-thursday-balint-group.pdf"]))
        .pages[0]
        .extract_text()
    )
    for person in [world.leader, world.coleader, *world.trainees]:
        if person is not alice:
            new = person.inbox[before[person.name] :]
            assert not [m for m in new if "reflective log" in m.text], person.name
    assert not [m for m in world.leaders_channel.messages if "oddly tired" in m.text]
    assert not [m for m in ch.messages if "oddly tired" in m.text or "Bramble" in m.text]
    # carol wrote nothing and gets nothing; the group's reflections are gone
    assert not [m for m in carol.inbox if "reflective log" in m.text]
    assert count(bot, f"SELECT count(*) FROM reflections WHERE user_id = {alice.id}") == 0

    # bob's DMs were closed: the closing post tells him where his log waits, and it is there
    (closing,) = [m for m in ch.messages if "end of its year" in m.text]
    assert "/reflect export" in closing.text and "direct messages" in closing.text
    r = await bob.slash("reflect export", in_channel=ch)
    assert r.ephemeral and "until Tue 31 Jul 2029" in r.text, r.text
    assert "Bramble" in dict(r.files)["reflective-log-thursday-balint-group.md"].decode()
    # it is his alone: alice (whose log was sent) and a leader get no one's log there
    r = await alice.slash("reflect export", in_channel=ch)
    assert not r.files and "no Balint group" in r.text
    r = await world.leader.slash("reflect export", in_channel=ch)
    assert not r.files and "Bramble" not in r.text
    # next year's group in the same channel does not hide it
    r = await world.leader.slash(
        "group renew", in_channel=ch, start_date="2027-09-02", end_date="2028-07-27"
    )
    assert "Next year's group is set up" in r.text, r.text
    r = await bob.slash("reflect export", in_channel=ch)
    files = dict(r.files)
    assert "Bramble" in files["reflective-log-thursday-balint-group-closed-1.md"].decode()
    assert "Bramble" not in files["reflective-log-thursday-balint-group.md"].decode()
    # in his /mydata; erased by /forgetme
    data = json.loads((await bob.slash("mydata", in_channel=ch)).files[0][1])
    assert "Bramble" in json.dumps(data)
    r = await bob.slash("forgetme", in_channel=ch)
    await bob.click("Erase my data", message=r)
    assert count(bot, "SELECT count(*) FROM kept_reflections") == 0
    r = await bob.slash("reflect export", in_channel=ch)
    assert not r.files


async def test_a_log_kept_for_a_closed_inbox_goes_with_the_ledger(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    ch = world.channel
    bob = world.trainee("bob")
    await clock.move_to(S1 + timedelta(minutes=1))
    await bob.slash("reflect write", in_channel=ch)
    assert "Saved" in (await bob.submit_modal({"noticed": "Bramble: my shoulders rose"})).text
    bob.dms_open = False
    await clock.move_to(datetime(2027, 7, 31, 12, tzinfo=UTC))
    r = await world.leader.slash("group close", in_channel=ch)
    await clock.settle()  # "building N certificates...", then the exports
    assert "Closed" in r.text, r.text
    assert count(bot, "SELECT count(*) FROM kept_reflections") == 1
    await clock.move_to(datetime(2029, 8, 1, 4, tzinfo=UTC))  # the daily check at 03:00 UTC
    assert count(bot, "SELECT count(*) FROM kept_reflections") == 0
    r = await bob.slash("reflect export", in_channel=ch)
    assert not r.files and "no Balint group" in r.text
