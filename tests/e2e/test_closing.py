"""The end of a group's year through the emulator: /group close hands the leaders the exports,
says goodbye, stops every post and event and deletes all but the attendance ledger (read in the
raw database file and its WAL); the ledger still re-issues and verifies certificates until its
time is up, then goes by itself; /group renew starts a new year with the settings only."""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import BalintBot
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e._pdf import pdf_text
from tests.e2e._waits import timed
from tests.e2e.conftest import Answered
from tests.e2e.test_feedback import answer_pulse

AGENDA = "Marmalade agenda: we welcome our visitor"
THEME = "A quokka of a patient who smiles at me"
COMMENT = "Persimmon: the quiet after the story helped"
S1_END = datetime(2026, 9, 3, 9, 15, tzinfo=UTC)


def raw_bytes(bot: BalintBot) -> bytes:
    path = Path(bot.settings.database_path)
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def rows(bot: BalintBot, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(bot.settings.database_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


async def test_closing_early_keeps_only_the_ledger_and_renewing_carries_only_settings(
    bot: BalintBot, world: World, group: Group, clock: Clock, answered: Answered
) -> None:
    ch = world.channel
    alice, bob, carol = world.trainee("alice"), world.trainee("bob"), world.trainee("carol")
    await alice.slash("volunteer", in_channel=ch, session="2026-09-03")
    await world.leader.slash("agenda set", in_channel=ch, session="2026-10-01")
    r = await world.leader.submit_modal({"agenda_text": AGENDA})
    assert "Saved" in r.text, r.text
    r = await world.leader.slash("feedback threshold", in_channel=ch, responses=4, comments=6)
    await clock.move_to(S1_END - timedelta(minutes=74))  # 09:01 local: on time
    assert "checked in" in (await alice.click("I'm here", in_channel=ch)).text
    await clock.move_to(S1_END + timedelta(minutes=1))
    await answer_pulse(alice, comment=COMMENT, in_channel=ch)
    r = await bob.slash("draft new", in_channel=ch, session="2026-09-10")
    r = await bob.submit_modal({"theme": THEME, "body": "I notice I dread the appointment."})
    assert "saved" in r.text.lower(), r.text
    r = await world.leader.slash("attendance endorse", in_channel=ch, member=alice)
    found = re.search(r"\*\*([2-9A-Z-]{14})\*\*", r.text)
    assert found, r.text
    code = found.group(1)
    await clock.move_to(datetime(2026, 9, 8, 12, tzinfo=UTC))  # the next session's events exist
    assert [e for e in world.guild.events if e.status == 1]
    raw = raw_bytes(bot)
    assert AGENDA.encode() in raw and b"Persimmon" in raw  # there before close

    # only leaders close; before the end date, only with a confirmation
    r = await carol.slash("group close", in_channel=ch)
    assert r.ephemeral and "Only the leaders" in r.text
    r = await world.leader.slash("group close", in_channel=ch)
    assert (
        r.ephemeral
        and "runs until Sat 31 Jul 2027" in r.text
        and "Close the group now" in r.buttons
    )
    assert rows(bot, "SELECT count(*) FROM groups") == [(1,)]
    posted = len(ch.messages)
    # the leader is told at once what is being built (it once showed "thinking..." for
    # seconds, and under load no answer at all), then gets the exports
    r = await timed(world.leader.click("Close the group now", message=r))
    assert r.ephemeral and r.text.startswith(
        "Closing **Thursday Balint group**: building 8 certificates, the attendance CSV"
    ), r.text
    assert "Closed" in (await answered(r, "Closed")).text
    await clock.settle()

    # the leaders got the exports, in their private channel
    (export,) = [m for m in world.leaders_channel.messages if "is closed" in m.text]
    files = dict(export.files)
    assert {n.split("-")[0] for n in files} == {"attendance", "certificates", "year"}
    csv = next(v for k, v in files.items() if k.endswith(".csv")).decode("utf-8-sig")
    assert "alice,2026-09-03,Thursday,09:00,attended" in csv
    archive = zipfile.ZipFile(io.BytesIO(next(v for k, v in files.items() if k.endswith(".zip"))))
    certs = {n: pdf_text(archive.read(n)) for n in archive.namelist()}
    (alices,) = [t for n, t in certs.items() if n.startswith("certificate-alice-")]
    assert "Thu 3 Sep 2026" in alices and "presented" in alices and code in alices
    report = next(v for k, v in files.items() if k.endswith(".md")).decode()
    assert "| alice | 1 | 0 | 0 | 0 | 1 |" in report
    # the group was told, once; no event is left standing
    closing = [m for m in ch.messages[posted:] if "end of its year" in m.text]
    assert len(closing) == 1 and not closing[0].ephemeral
    assert not [e for e in world.guild.events if e.status == 1]

    # what is left in the raw file and its WAL: the ledger only
    raw = raw_bytes(bot)
    for gone in (AGENDA.encode(), THEME.encode(), b"Persimmon", b"dread the appointment"):
        assert gone not in raw, gone
    for table in (
        "groups", "group_members", "sessions", "attendance", "deliveries", "agendas",
        "volunteers", "drafts", "feedback_polls", "feedback_comments", "feedback_releases",
        "feedback_thresholds", "notices",
    ):  # fmt: skip
        assert rows(bot, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert rows(bot, f"SELECT status, presented FROM ledger_lines WHERE user_id = {alice.id}") == [
        ("attended", 1)
    ]
    (keep,) = rows(bot, "SELECT keep_until FROM ledgers")
    assert keep[0].startswith("2028-09-08")

    # no more posts: a week later, nothing new in the channel
    before = len(ch.messages)
    await clock.move_to(datetime(2026, 9, 18, 12, tzinfo=UTC))
    assert len(ch.messages) == before
    # the certificate is re-issued from the ledger, and its code still verifies
    r = await alice.slash("attendance me", in_channel=ch)
    assert r.ephemeral and "kept until Fri 8 Sep 2028" in r.text
    assert "Thu 3 Sep 2026" in pdf_text(r.files[0][1])
    r = await world.outsider.slash("attendance verify", in_channel=world.general, code=code)
    assert "VALID" in r.text and "closed Tue 8 Sep" in r.text
    r = await world.leader.slash("group show", in_channel=ch)
    assert "no Balint group" in r.text

    # next year: same settings, a new roster, nothing else
    r = await carol.slash(
        "group renew", in_channel=ch, start_date="2027-09-01", end_date="2028-07-31"
    )
    assert "Only members with the Manage Server" in r.text
    r = await world.leader.slash(
        "group renew", in_channel=ch, start_date="2027-09-01", end_date="2028-07-31"
    )
    assert "Next year's group is set up" in r.text, r.text
    assert "every **Thursday** at **09:00**" in r.text
    assert rows(bot, "SELECT min_responses, min_comments FROM feedback_thresholds") == [(4, 6)]
    assert rows(bot, "SELECT count(*) FROM group_members WHERE role = 'trainee'") == [(8,)]
    r = await alice.slash("attendance me", in_channel=ch)
    assert "Nothing recorded yet" in r.text
    r = await alice.slash("rota me", in_channel=ch)
    assert "03 Sep" not in r.text and "3 Sep" not in r.text
    r = await world.leader.slash(
        "group renew", in_channel=ch, start_date="2028-09-01", end_date="2029-07-31"
    )
    assert "still running" in r.text


async def test_at_the_end_date_close_needs_no_confirmation_and_the_ledger_goes_after_its_time(
    bot: BalintBot, world: World, group: Group, clock: Clock, answered: Answered
) -> None:
    ch = world.channel
    alice = world.trainee("alice")
    await clock.move_to(S1_END + timedelta(minutes=1))
    await world.leader.slash(
        "attendance mark", in_channel=ch, member=alice, date="2026-09-03", status="late"
    )
    r = await world.leader.slash("attendance endorse", in_channel=ch, member=alice)
    found = re.search(r"\*\*([2-9A-Z-]{14})\*\*", r.text)
    assert found, r.text
    code = found.group(1)
    await clock.move_to(datetime(2027, 7, 31, 12, tzinfo=UTC))
    r = await answered(await world.leader.slash("group close", in_channel=ch), "Closed")
    assert "until Tue 31 Jul 2029" in r.text, r.text
    await clock.move_to(datetime(2029, 7, 30, 12, tzinfo=UTC))
    assert rows(bot, "SELECT count(*) FROM ledger_lines") == [(1,)]
    await clock.move_to(datetime(2029, 8, 1, 4, tzinfo=UTC))  # the daily check at 03:00 UTC
    assert rows(bot, "SELECT count(*) FROM ledgers") == [(0,)]
    assert rows(bot, "SELECT count(*) FROM ledger_lines") == [(0,)]
    assert rows(bot, "SELECT count(*) FROM endorsements") == [(0,)]
    r = await world.outsider.slash("attendance verify", in_channel=world.general, code=code)
    assert "No certificate has the code" in r.text
    r = await alice.slash("attendance me", in_channel=ch)
    assert "no Balint group" in r.text
