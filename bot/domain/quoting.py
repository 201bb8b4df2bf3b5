"""A member's words inside the bot's own message, shown as their words.

Discord renders markdown in the bot's messages and embeds: a draft whose body starts with
`# SESSION CANCELLED` or `-# from the leaders` would read as the bot's (or the leaders') own
heading or footnote. Every place that shows what a member wrote goes through `words` (inside a
line) or `quoted` (a block): line-start markup (headings, subtext, lists, quotes, code fences) and
masked links are escaped, and mentions cannot ping anyone.
"""

from __future__ import annotations

import re

# What Discord renders when it starts a line (after any indentation).
_LINE_MARKUP = re.compile(r"^([ \t]*)(#{1,3}(?=[ \t])|-#(?=[ \t])|>|[-*+](?=[ \t])|```)", re.M)
_ORDERED = re.compile(r"^([ \t]*\d+)([.)])(?=[ \t])", re.M)
# @everyone, @here, <@user>, <@&role>, <#channel>: a zero-width space stops the ping.
_MENTION = re.compile(r"@(everyone|here|[!&]?[0-9]{17,20})")


def words(text: str) -> str:
    """The text with its markup shown as characters: what the member typed, literally."""
    text = text.replace("\\", "\\\\")
    text = _LINE_MARKUP.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    text = _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    text = text.replace("[", "\\[").replace("]", "\\]")  # no masked link [text](url)
    return _MENTION.sub("@\u200b\\1", text)


def quoted(text: str) -> str:
    """A block of a member's words: each line quoted (the bot's sign that someone else wrote it)."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in words(text).splitlines())
