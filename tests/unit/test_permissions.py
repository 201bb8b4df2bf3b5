"""The invite link the README gives leaders asks for exactly the permissions the bot checks for
(bot/permissions.py), in their 2026 form: Create Events and Pin Messages, not the Manage
permissions that stopped granting them on 23 Feb 2026."""

from __future__ import annotations

import re
from pathlib import Path

import discord

from bot import permissions

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"discord\.com/oauth2/authorize\?[^\s`)]*permissions=(\d+)")
INTEGER = re.compile(r"[Pp]ermissions integer `(\d+)`")


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_every_invite_link_in_the_documentation_carries_exactly_the_bots_permissions() -> None:
    found = [
        (path.name, int(value))
        for path in documents()
        if path.exists()
        for pattern in (LINK, INTEGER)
        for value in pattern.findall(path.read_text())
    ]
    assert len(found) >= 2, "the README's invite link and its permissions integer"
    assert {value for _, value in found} == {permissions.invite_permissions()}, found


def test_the_table_is_the_2026_set() -> None:
    granted = discord.Permissions(permissions.invite_permissions())
    assert granted.create_events and granted.pin_messages
    assert not granted.manage_events and not granted.manage_messages
    assert not granted.administrator and not granted.mention_everyone
    named = {n for n, value in granted if value}  # discord.py iterates view_channel's alias
    assert named == {n.attr for n in permissions.NEEDS} - {"view_channel"} | {"read_messages"}


def test_missing_names_what_the_leaders_grant() -> None:
    perms = discord.Permissions(view_channel=True, send_messages=True)
    assert permissions.missing_in(perms, permissions.ESSENTIAL_IN_CHANNEL) == [
        "Embed Links",
        "Read Message History",
    ]
    assert permissions.EVENTS.name == "Create Events" and permissions.PIN.name == "Pin Messages"
