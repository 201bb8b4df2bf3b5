"""The interactive sandbox turns typed text into what the Discord client sends, for every option
kind, and refuses what a person could not have picked with a plain message (nothing is sent)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from bot.emulator._members import SimMember
from bot.sandbox._interactive import Typo, convert, parse_slash, pick

ROLE = SimpleNamespace(name="Balint leader")
CHANNEL = SimpleNamespace(name="balint-leaders")
ALICE = cast(SimMember, SimpleNamespace(name="alice"))  # a stand-in: only its name is read
DEMO = SimpleNamespace(
    world=SimpleNamespace(guild=SimpleNamespace(roles={1: ROLE}, channels={2: CHANNEL})),
    people=lambda: [ALICE],
)


def opt(kind: int, **more: Any) -> dict[str, Any]:
    return {"name": "x", "type": kind, **more}


@pytest.mark.parametrize(
    ("kind", "typed", "sent"),
    [
        (4, "4", 4),
        (10, "2.5", 2.5),
        (5, "True", True),
        (5, "no", False),
        (6, "@alice", ALICE),
        (9, "Balint leader", ROLE),
        (8, "@balint leader", ROLE),
        (7, "#balint-leaders", CHANNEL),
        (3, "On call this week", "On call this week"),
    ],
)
def test_each_kind_is_typed_as_a_person_would(kind: int, typed: str, sent: object) -> None:
    assert convert(DEMO, "cmd", opt(kind), typed) == sent


def test_choices_by_name_or_value_and_a_clear_refusal() -> None:
    choices = [{"name": "On call", "value": "on_call"}, {"name": "Unwell", "value": "unwell"}]
    assert convert(DEMO, "absence", opt(3, choices=choices), "on call") == "on_call"
    assert convert(DEMO, "absence", opt(3, choices=choices), "unwell") == "unwell"
    with pytest.raises(Typo, match="pick one of: On call, Unwell"):
        convert(DEMO, "absence", opt(3, choices=choices), "Holiday")


@pytest.mark.parametrize(("kind", "typed"), [(4, "four"), (10, "lots"), (5, "maybe"), (6, "zed")])
def test_a_wrong_kind_is_refused_with_an_example(kind: int, typed: str) -> None:
    with pytest.raises(Typo):
        convert(DEMO, "cmd", opt(kind), typed)


def test_menu_options_by_value_label_or_its_end() -> None:
    menu = {
        "placeholder": "Q1",
        "options": [
            {"label": "Q1: disagree", "value": "2"},
            {"label": "Q1: agree", "value": "4"},
            {"label": "Q1: strongly agree", "value": "5"},
        ],
    }
    assert pick(menu, "agree") == "4"
    assert pick(menu, "Q1: strongly agree") == "5"
    assert pick(menu, "2") == "2"
    with pytest.raises(Typo, match="no single option"):
        pick(menu, "maybe")


def test_option_values_keep_their_spaces_without_quotes() -> None:
    command = {
        "name": "schedule",
        "type": 1,
        "options": [
            {
                "name": "skip",
                "type": 1,
                "options": [
                    {"name": "date", "type": 3, "required": True},
                    {"name": "reason", "type": 3},
                ],
            }
        ],
    }
    demo = SimpleNamespace(
        emulator=SimpleNamespace(global_commands={"1:schedule": command}),
        world=SimpleNamespace(guild=SimpleNamespace(commands={})),
    )
    path, options = parse_slash(
        demo, ALICE, "schedule skip date:2026-12-24 reason:Christmas and New Year"
    )
    assert path == "schedule skip"
    assert options == {"date": "2026-12-24", "reason": "Christmas and New Year"}
    with pytest.raises(Typo, match="has no option 'when'"):
        parse_slash(demo, ALICE, "schedule skip date:2026-12-24 when:now")
    with pytest.raises(Typo, match="needs date:"):
        parse_slash(demo, ALICE, "schedule skip reason:x")
