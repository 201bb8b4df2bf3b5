"""Data rights through the emulator: /mydata gives a member everything stored about them, with a
plain word on what cannot be returned; /forgetme erases it after a confirmation, keeping (and
saying so) only the attendance ledger the group needs. Both work for someone who left."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import BalintBot
from bot.emulator.emulator import InteractionResult
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.test_closing import raw_bytes

S1_START = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)
THEME = "The patient who brings me oranges"


def my_data(r: InteractionResult) -> dict[str, Any]:
    ((name, data),) = r.files
    assert name == "my-data.json"
    found: dict[str, Any] = json.loads(data)
    return found


def count(bot: BalintBot, sql: str) -> int:
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        found: int = conn.execute(sql).fetchone()[0]
        return found
    finally:
        conn.close()


async def test_mydata_then_forgetme_keeps_only_the_attendance_ledger(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    ch = world.channel
    alice = world.trainee("alice")
    await alice.slash("volunteer", in_channel=ch, session="2026-09-10", named=True)
    await alice.slash("nudges off", in_channel=ch)
    await clock.move_to(S1_START + timedelta(minutes=1))
    assert "checked in" in (await alice.click("I'm here", in_channel=ch)).text
    await clock.move_to(S1_START + timedelta(minutes=80))
    r = await alice.slash("draft new", in_channel=ch)
    r = await alice.submit_modal({"theme": THEME, "body": "I feel oddly guilty each time."})
    assert "saved" in r.text.lower(), r.text
    r = await world.leader.slash("attendance endorse", in_channel=ch, member=alice)
    found = re.search(r"\*\*([2-9A-Z-]{14})\*\*", r.text)
    assert found, r.text
    code = found.group(1)

    r = await alice.slash("mydata", in_channel=ch)
    assert r.ephemeral and "cannot be returned" in r.text
    data = my_data(r)
    assert [g["role"] for g in data["groups"]] == ["trainee"]
    assert [(a["local_date"], a["status"]) for a in data["attendance"]] == [
        ("2026-09-03", "attended")
    ]
    assert [o["local_date"] for o in data["offers_to_present"]] == ["2026-09-10"]
    assert data["nudges_turned_off"] and data["endorsements_of_your_record"][0]["code"] == code
    assert [d["theme"] for d in data["your_open_anonymous_drafts"]] == [THEME]
    assert "feedback" in data["not_included"]
    # nobody else's data is in it
    assert str(world.trainee("bob").id) not in json.dumps(data)

    r = await alice.slash("forgetme", in_channel=ch)
    assert r.ephemeral and "Erase my data" in r.buttons
    assert (
        "**Kept**" in r.text and "Thursday Balint group" in r.text and "Sat 31 Jul 2027" in r.text
    )
    assert count(bot, f"SELECT count(*) FROM group_members WHERE user_id = {alice.id}") == 1
    done = await alice.click("Erase my data", message=r)
    assert done.ephemeral and "Erased" in done.text and "Kept:" in done.text, done.text
    assert "2 years after it closes" in done.text
    await clock.settle()
    for table in ("group_members", "volunteers", "nudge_optouts"):
        assert count(bot, f"SELECT count(*) FROM {table} WHERE user_id = {alice.id}") == 0, table
    assert count(bot, "SELECT count(*) FROM drafts") == 0
    assert THEME.encode() not in raw_bytes(bot)
    # what was kept still works: the code verifies, and /mydata shows only the ledger
    r = await world.outsider.slash("attendance verify", in_channel=world.general, code=code)
    assert "VALID" in r.text
    data = my_data(await alice.slash("mydata", in_channel=ch))
    assert data["groups"] == [] and data["offers_to_present"] == [] and len(data["attendance"]) == 1
    assert data["your_open_anonymous_drafts"] == []
    # the rota let her go: she is no longer down to present
    r = await world.leader.slash("rota group", in_channel=ch)
    assert "alice" not in r.text


async def test_a_member_who_left_can_see_and_erase_their_data_from_a_private_message(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    ch = world.channel
    bob = world.trainee("bob")
    await clock.move_to(S1_START + timedelta(minutes=90))
    await world.leader.slash(
        "attendance mark", in_channel=ch, member=bob, date="2026-09-03", status="late"
    )
    r = await world.leader.slash("group members remove", in_channel=ch, member=bob)
    assert "has left the roster" in r.text
    r = await bob.slash("mydata")  # in a DM with the bot
    data = my_data(r)
    assert data["groups"][0]["left_at"] and data["attendance"][0]["status"] == "late"
    r = await bob.slash("forgetme")
    assert "Kept" in r.text and "Thursday Balint group" in r.text
    done = await bob.click("Erase my data", message=r)
    assert "Erased" in done.text
    data = my_data(await bob.slash("mydata"))
    assert data["groups"] == [] and len(data["attendance"]) == 1
