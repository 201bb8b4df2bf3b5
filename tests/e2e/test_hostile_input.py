"""Hostile and absurd input through the emulator, fuzzed: every command
option, autocomplete and form field. Every interaction is answered, nothing is logged at ERROR
(the fixtures check), nobody is mass-mentioned, and a refusal changes nothing in the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import BalintBot
from bot.emulator.emulator import Emulator, InvalidCommand, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group

LONG = "9" * 2500
ABSURD_DATES = ["0001-01-01", "9999-12-31", "1900-01-01", "31/12/9999", "1 January 0001"]
TRICKY = [
    *ABSURD_DATES,
    LONG,
    "@everyone",
    "@here hello",
    "<@&1>",
    "2026-09-10",
    "2026-09-10 14:00",
    "09:00",
    "Europe/London",
    " ",
    "\u202e\u0000",
    "x" * 101,
]
# Slash commands whose result is to end the group being fuzzed (asked for by a button).
SKIP = {"group close"}


def snapshot(path: Path) -> dict[str, list[str]]:
    """Every table's rows, read through another connection (as committed)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}


def leaves(commands: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(path, option definitions) of every runnable command and subcommand."""
    out = []

    def walk(prefix: str, options: list[dict[str, Any]]) -> None:
        subs = [o for o in options if o.get("type") in (1, 2)]
        if not subs:
            out.append((prefix, options))
        for sub in subs:
            walk(f"{prefix} {sub['name']}", sub.get("options") or [])

    for name, cmd in commands.items():
        if cmd.get("type", 1) == 1:
            walk(name, cmd.get("options") or [])
    return sorted((p, o) for p, o in out if p not in SKIP)


def text_for(opt: dict[str, Any]) -> st.SearchStrategy[str]:
    lo, hi = opt.get("min_length") or 0, opt.get("max_length") or 6000
    pool = st.one_of(st.sampled_from(TRICKY), st.text(max_size=60))
    return pool.filter(lambda v: lo <= len(v) <= hi and (len(v) > 0 or lo == 0))


def value_for(opt: dict[str, Any], world: World) -> st.SearchStrategy[Any]:
    kind, choices = opt["type"], opt.get("choices")
    if choices:
        return st.sampled_from([c["value"] for c in choices])
    if kind == 3:
        return text_for(opt)
    if kind in (4, 10):
        lo = opt.get("min_value", -(2**31))
        hi = opt.get("max_value", 2**31)
        return st.integers(int(lo), int(hi))
    if kind == 5:
        return st.booleans()
    if kind in (6, 9):
        return st.sampled_from([*world.everyone, world.outsider, world.admin])
    if kind == 7:
        return st.sampled_from([world.channel, world.leaders_channel, world.general])
    if kind == 8:
        return st.sampled_from([world.leader_role, world.trainee_role, world.guild.everyone])
    raise AssertionError(f"no strategy for option type {kind}")


@st.composite
def calls(
    draw: st.DrawFn, world: World, commands: dict[str, Any]
) -> tuple[SimMember, str, dict[str, Any]]:
    path, defs = draw(st.sampled_from(leaves(commands)))
    options = {}
    for opt in defs:
        if opt.get("required") or draw(st.booleans()):
            options[opt["name"]] = draw(value_for(opt, world))
    who = draw(st.sampled_from([world.leader, world.trainee("alice"), world.outsider]))
    return who, path, options


def mass_mentions(emulator: Emulator) -> list[str]:
    return [m.content[:80] for m in emulator.all_messages() if m.mention_everyone]


async def test_absurd_dates_and_long_input_get_a_short_clear_answer_and_change_nothing(
    bot: BalintBot, world: World, group: Group, emulator: Emulator, clock: Clock
) -> None:
    await clock.settle()  # the posts due at set-up have gone out
    before = snapshot(bot.settings.database_path)
    leader = world.leader
    asks: list[tuple[str, dict[str, Any]]] = [
        ("schedule skip", {"date": "0001-01-01"}),
        ("schedule skip", {"date": "9999-12-31"}),
        ("schedule move", {"date": "2026-09-10", "new_date_time": "9999-12-31 09:00"}),
        ("schedule move", {"date": LONG, "new_date_time": LONG}),
        ("group edit", {"end_date": "1900-01-01"}),
        ("group edit", {"end_date": "9999-12-31"}),
        ("group edit", {"timezone": LONG}),
        ("group edit", {"start_time": LONG}),
        (
            "group setup",
            {
                "channel": world.general,
                "name": "Runaway",
                "weekday": 3,
                "start_time": "09:00",
                "start_date": "0001-01-01",
                "end_date": "2027-07-29",
                "leader_role": world.leader_role,
            },
        ),  # fmt: skip
    ]
    for command, options in asks:
        r = await leader.slash(command, in_channel=world.channel, **options)
        assert r.ephemeral and 0 < len(r.text) <= 2000, (command, options, r.text[:200])
        assert LONG not in r.text
    after = snapshot(bot.settings.database_path)
    assert after == before


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
async def test_fuzzed_commands_are_all_answered_and_a_refusal_changes_nothing(
    bot: BalintBot,
    world: World,
    group: Group,
    emulator: Emulator,
    clock: Clock,
    data: st.DataObject,
) -> None:
    who, path, options = data.draw(calls(world, emulator.global_commands))
    refused: list[BaseException] = []
    tree = bot.tree
    original = type(tree).on_error

    async def spy(interaction: Any, error: Any) -> None:
        refused.append(error)
        await original(tree, interaction, error)

    tree.on_error = spy  # type: ignore[method-assign]  # a spy on this bot's tree only
    await clock.settle()
    before = snapshot(bot.settings.database_path)
    try:
        r = await who.slash(path, in_channel=world.channel, timeout=10, **options)
    except InvalidCommand:
        return  # the Discord client itself would not send it
    finally:
        del tree.on_error
    assert r.text or r.modal or r.files, (path, options)
    if r.modal:
        fields = {}
        for row in r.modal.get("components", []):
            for inner in row.get("components", [row.get("component") or {}]):
                if inner.get("type") == 4:
                    hi = inner.get("max_length") or 4000
                    fields[inner["custom_id"]] = data.draw(
                        text_for({"max_length": hi, "min_length": inner.get("min_length") or 1})
                    )
        try:
            answer = await who.submit_modal(fields, r, timeout=10)
        except InvalidCommand:
            return
        assert answer.text, (path, fields)
    if refused:
        assert snapshot(bot.settings.database_path) == before, (path, options, r.text)
    assert not mass_mentions(emulator)
