"""What fits in one Discord message: 10 MiB a file (Discord's default since January 2025, for
bots' messages, webhooks and interaction answers alike) and 25 MiB a request. The bot's exports
are far smaller (a group's certificates ZIP is about 19 KB a trainee), but one that is not must
not make a whole close or export fail: it is left out, and the caller says what to do instead."""

from __future__ import annotations

import io

import discord

FILE_LIMIT = 10 * 1024 * 1024
REQUEST_LIMIT = 25 * 1024 * 1024 - 256 * 1024  # the rest: the message text and the form's parts


def fitting(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The files that go in one message, in their order, and the names of those left out
    (any over 10 MiB; then the largest, until the rest are within 25 MiB together)."""
    kept = [f for f in files if len(f[1]) <= FILE_LIMIT]
    while sum(len(data) for _, data in kept) > REQUEST_LIMIT:
        kept.remove(max(kept, key=lambda f: len(f[1])))
    names = {name for name, _ in kept}
    return kept, [name for name, _ in files if name not in names]


def as_files(files: list[tuple[str, bytes]]) -> list[discord.File]:
    """Fresh discord.File objects (a send consumes them)."""
    return [discord.File(io.BytesIO(data), filename=name) for name, data in files]


def left_out_note(names: list[str], instead: str) -> str:
    """The sentence a reply adds when files did not fit: which, why, and what to do instead."""
    listed = ", ".join(f"`{n}`" for n in names)
    return (
        f"{listed} did not fit in a Discord message (at most 10 MB a file, 25 MB a message), so "
        f"{'it is' if len(names) == 1 else 'they are'} not attached. {instead}"
    )
