"""The Discord permissions the bot needs, in one table, so that the README's invite link, the
checks the bot makes and the advice it gives leaders cannot drift apart (a test compares the
link's integer with this table).

Discord split two permissions on 23 Feb 2026: creating scheduled events needs Create Events
(Manage Events alone no longer creates; the bot's own events are edited with either), and pinning
needs Pin Messages (Manage Messages alone no longer pins). The bot asks for neither old one.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord


@dataclass(frozen=True)
class Need:
    attr: str  # the discord.Permissions attribute
    where: str  # "channel" (the group's channels) or "server" (the bot's role)
    why: str
    essential: bool  # /group setup refuses a channel without it; the others degrade gracefully

    @property
    def name(self) -> str:
        """As the leaders read it in the advice (Discord's settings name it the same way)."""
        return self.attr.replace("_", " ").title()


NEEDS = (
    Need("view_channel", "channel", "to see the group's channel", essential=True),
    Need("send_messages", "channel", "to post the week's messages", essential=True),
    Need("embed_links", "channel", "for the agenda and reports", essential=True),
    Need("read_message_history", "channel", "to find its own earlier posts", essential=True),
    Need("attach_files", "channel", "for exports and certificates", essential=False),
    Need("pin_messages", "channel", "to pin the week's agenda", essential=False),
    Need("create_events", "server", "for one Discord event per session", essential=False),
)
ESSENTIAL_IN_CHANNEL = tuple(n.attr for n in NEEDS if n.essential)
PIN = next(n for n in NEEDS if n.attr == "pin_messages")
EVENTS = next(n for n in NEEDS if n.attr == "create_events")


def invite_permissions() -> int:
    """The permissions integer of the invite link: exactly the table above."""
    return discord.Permissions(**{n.attr: True for n in NEEDS}).value


def invite_url(application_id: int | str = "YOUR_APP_ID") -> str:
    return (
        f"https://discord.com/oauth2/authorize?client_id={application_id}"
        f"&scope=bot+applications.commands&permissions={invite_permissions()}"
    )


def missing_in(perms: discord.Permissions, attrs: tuple[str, ...]) -> list[str]:
    """The names of the permissions among ``attrs`` that ``perms`` lacks, in the table's order."""
    return [n.name for n in NEEDS if n.attr in attrs and not getattr(perms, n.attr)]
