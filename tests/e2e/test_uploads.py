"""Discord takes 10 MiB a file and 25 MiB a message (the emulator refuses more with 413): the
close's exports fit with room to spare, and one that did not would be left out, the close going
on, with the leaders told what to do instead."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot import uploads
from bot.emulator.emulator import Emulator
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e.conftest import Answered


async def test_the_years_exports_fit_in_a_discord_message(
    world: World, group: Group, clock: Clock, answered: Answered
) -> None:
    await clock.move_to(datetime(2027, 7, 31, 12, tzinfo=UTC))
    await answered(await world.leader.slash("group close", in_channel=world.channel), "Closed")
    (told,) = [m for m in world.leaders_channel.messages if "is closed" in m.text]
    sizes = {name: len(data) for name, data in told.files}
    assert len(sizes) == 4 and "did not fit" not in told.text
    assert max(sizes.values()) < uploads.FILE_LIMIT / 20  # 8 certificates: ~150 KB of ZIP


async def test_an_export_too_large_is_left_out_and_the_leaders_are_told_what_to_do(
    world: World,
    group: Group,
    clock: Clock,
    answered: Answered,
    emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(uploads, "FILE_LIMIT", 100_000)  # as if the ZIP were over 10 MiB
    await clock.move_to(datetime(2027, 7, 31, 12, tzinfo=UTC))
    r = await answered(await world.leader.slash("group close", in_channel=world.channel), "Closed")
    (told,) = [m for m in world.leaders_channel.messages if "is closed" in m.text]
    names = [name for name, _ in told.files]
    assert not [n for n in names if n.startswith("certificates-")] and len(names) == 3
    for text in (told.text, r.text):
        assert "`certificates-thursday-balint-group.zip` did not fit" in text
        assert "/attendance me in the group's channel until Tue 31 Jul 2029" in text
    assert not [q for q in emulator.requests if q.status == 413]
