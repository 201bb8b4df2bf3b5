"""`balint-bot sandbox --html DIR`: the emulated server as static pages that look like Discord.

One page per channel and per direct-message conversation, read from the emulator's model after the
walk-through: messages with their markdown, embeds, buttons and menus, attachments inline (images
shown, other files as download cards), private replies marked "Only NAME can see this", and the
"NAME used /command" line Discord shows above a command's answer. The pages need no server and no
script: open DIR/index.html in a browser, or screenshot them (README's pictures are made this way).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.wording import plural
from bot.emulator._model import Channel, Message, User, iter_components
from bot.emulator.emulator import Emulator

# Discord's own button colours by style (primary, secondary, success, danger, link).
_BUTTON_CLASS = {1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "secondary"}
_AVATAR_COLOURS = ("#5865f2", "#3ba55c", "#faa61a", "#ed4245", "#eb459e", "#747f8d", "#1abc9c")
_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


def write_html(emulator: Emulator, out_dir: Path, *, timezone: str = "Europe/London") -> list[Path]:
    """Write index.html and one page per channel or DM that has messages; return the pages."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "files").mkdir(exist_ok=True)
    renderer = _Renderer(emulator, out_dir, ZoneInfo(timezone))
    pages = renderer.pages()
    written = []
    for channel, filename in pages:
        path = out_dir / filename
        path.write_text(renderer.page(channel, pages), encoding="utf-8")
        written.append(path)
    index = out_dir / "index.html"
    index.write_text(renderer.index(pages), encoding="utf-8")
    return [index, *written]


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def chromium() -> str | None:
    """Debian's `chromium` (or another Chromium-like browser) on PATH, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def chromium_run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with a fresh profile, offline (no updates, sync or background calls)."""
    browser = chromium()
    if browser is None:
        raise FileNotFoundError("chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="balint-chromium-") as profile:
        return subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )


def screenshot(
    url: str, png: Path, *, width: int = 1100, height: int = 2400, small: bool = False
) -> Path:
    """A PNG of the page, with the empty background below the last message cut off.

    ``small``: 256 colours, a third of the size (for pictures kept in the repository).
    """
    from PIL import Image

    chromium_run(f"--window-size={width},{height}", f"--screenshot={png}", url)
    with Image.open(png) as image:
        rgb = image.convert("RGB")
    last_row = rgb.crop((0, rgb.height - 1, rgb.width, rgb.height)).tobytes()
    bottom = rgb.height
    while bottom > 1 and rgb.crop((0, bottom - 1, rgb.width, bottom)).tobytes() == last_row:
        bottom -= 1
    cut = rgb.crop((0, 0, rgb.width, min(rgb.height, bottom + 16)))
    if small:
        cut = cut.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    cut.save(png, optimize=True)
    return png


class _Renderer:
    def __init__(self, emulator: Emulator, out_dir: Path, tz: ZoneInfo) -> None:
        self.emu = emulator
        self.out_dir = out_dir
        self.tz = tz

    # -- pages ---------------------------------------------------------------------------------
    def pages(self) -> list[tuple[Channel, str]]:
        """Guild channels in sidebar order, then DMs by person; only those with messages."""
        out: list[tuple[Channel, str]] = []
        for guild in self.emu.guilds:
            for chan in sorted(guild.text_channels, key=lambda c: c.position):
                if chan.messages:
                    out.append((chan, f"{_slug(chan.name)}.html"))
        dms = [c for c in self.emu.dm_channels if c.messages]
        for chan in sorted(dms, key=lambda c: self._name(c.recipient)):
            out.append((chan, f"dm-{_slug(self._name(chan.recipient))}.html"))
        return out

    def index(self, pages: list[tuple[Channel, str]]) -> str:
        items = "".join(
            f'<li><a href="{f}">{self._title(c)}</a> <span class="muted">'
            f"{plural(len(c.messages), 'message')}</span></li>"
            for c, f in pages
        )
        body = (
            '<main class="index"><h1>The sandbox week, as members see it</h1>'
            "<p>Each page is one channel or one person's direct messages with the bot. Private "
            "answers are shown where their reader saw them, marked with who could see them.</p>"
            f"<ul>{items}</ul></main>"
        )
        return _document("Balint bot sandbox", body)

    def page(self, channel: Channel, pages: list[tuple[Channel, str]]) -> str:
        side = ""
        for kind, label in ((0, "Text channels"), (1, "Direct messages with the bot")):
            side += f'<div class="side-label">{label}</div>' + "".join(
                f'<a class="side-item{" active" if c is channel else ""}" href="{f}">'
                f"{self._title(c)}</a>"
                for c, f in pages
                if c.type == kind
            )
        guild_name = self.emu.guilds[0].name if self.emu.guilds else "Server"
        messages = []
        last_day: dt.date | None = None
        previous: Message | None = None
        for msg in channel.messages:
            when = msg.timestamp.astimezone(self.tz)
            if when.date() != last_day:
                last_day = when.date()
                messages.append(f'<div class="divider"><span>{when.day} {when:%B %Y}</span></div>')
                previous = None
            messages.append(self.message(msg, grouped=_continues(previous, msg)))
            previous = msg
        topic = html.escape(channel.topic or "")
        readers = sorted(
            {
                self._name(self.emu.user(m.ephemeral_user_id))
                for m in channel.messages
                if m.ephemeral_user_id
            }
        )
        if readers:
            links = " · ".join(
                f'<a href="?viewer={html.escape(r, quote=True)}">{html.escape(r)}</a>'
                for r in readers
            )
            topic += (
                '<span class="viewers">Private answers: <a href="?">everyone\'s</a> · '
                f'<a href="?viewer=">none</a> · only to {links}</span>'
            )
        body = (
            f'<div class="app"><nav class="sidebar"><div class="guild">{html.escape(guild_name)}'
            f'</div><div class="side-list">{side}</div></nav>'
            f'<section class="chat"><header class="chat-head">{self._title(channel)}'
            f'<span class="topic">{topic}</span></header>'
            f'<div class="messages">{"".join(messages)}</div></section></div>'
        )
        return _document(f"{self._plain_title(channel)} · Balint bot sandbox", body)

    def _title(self, channel: Channel) -> str:
        if channel.type == 1:
            return f'<span class="at">@</span>{html.escape(self._name(channel.recipient))}'
        return f'<span class="hash">#</span>{html.escape(channel.name)}'

    def _plain_title(self, channel: Channel) -> str:
        return f"@{self._name(channel.recipient)}" if channel.type == 1 else f"#{channel.name}"

    # -- one message ---------------------------------------------------------------------------
    def message(self, msg: Message, *, grouped: bool) -> str:
        when = msg.timestamp.astimezone(self.tz)
        used = ""
        rec = msg.interaction
        if rec is not None and getattr(rec, "type", None) == 2:
            used = (
                f'<div class="used">{self._avatar(rec.user, small=True)}'
                f'<span class="mention">@{html.escape(self._name(rec.user))}</span> used '
                f'<span class="command">/{html.escape(rec.command_name or "")}</span></div>'
            )
            grouped = False
        badge = '<span class="badge">APP</span>' if msg.author.bot else ""
        pin = ' <span class="pin">📌 pinned</span>' if msg.pinned else ""
        body = [
            f'<div class="head"><span class="author">{html.escape(self._name(msg.author))}'
            f'</span>{badge}<span class="time">{_when(when)}</span>{pin}</div>'
        ]
        if msg.content:
            content = self.markdown(msg.content, msg)
            if msg.edited_timestamp is not None:
                edited = '<span class="edited">(edited)</span>'
                content = (
                    content[: -len("</div>")] + edited + "</div>"
                    if content.endswith("</div>")
                    else content + edited
                )
            body.append(f'<div class="content">{content}</div>')
        body.extend(self.embed(e, msg) for e in msg.embeds)
        inline = {_attachment_ref(e) for e in msg.embeds} - {None}
        body.extend(self.attachment(a, msg) for a in msg.attachments if a.filename not in inline)
        if msg.components:
            body.append(self.components(msg.components, msg))
        only = ""
        if msg.ephemeral_user_id is not None:
            only = self._name(self.emu.user(msg.ephemeral_user_id))
            body.append(
                f'<div class="ephemeral">👁 Only {html.escape(only)} can see this · '
                '<span class="link">Dismiss message</span></div>'
            )
        classes = "msg" + (" grouped" if grouped else "") + (" private" if only else "")
        data = (
            f'data-day="{when:%Y-%m-%d}" data-time="{when:%H:%M}" '
            f'data-author="{msg.author.id}" data-only="{html.escape(only, quote=True)}"'
        )
        return (
            f'<article class="{classes}" id="m{msg.id}" {data}>{used}<div class="row">'
            f'{self._avatar(msg.author)}<div class="gutter"><span class="hover-time">'
            f'{when:%H:%M}</span></div><div class="body">{"".join(body)}</div></div></article>'
        )

    def _avatar(self, user: User, *, small: bool = False) -> str:
        name = self._name(user)
        colour = "#5865f2" if user.bot else _AVATAR_COLOURS[user.id % len(_AVATAR_COLOURS)]
        letter = "🤖" if user.bot else html.escape(name[:1].upper())
        return (
            f'<span class="avatar{" small" if small else ""}" style="background:{colour}">'
            f"{letter}</span>"
        )

    def _name(self, user: User | None) -> str:
        """The name the server shows: nickname, else display name, else username."""
        if user is None:
            return "someone"
        for guild in self.emu.guilds:
            member = guild.members.get(user.id)
            if member is not None and member.nick:
                return member.nick
        return user.global_name or user.username

    # -- embeds, components, attachments -------------------------------------------------------
    def embed(self, embed: dict[str, Any], msg: Message) -> str:
        colour = embed.get("color")
        bar = f"#{colour:06x}" if isinstance(colour, int) else "#1e1f22"
        inner = []
        if (embed.get("author") or {}).get("name"):
            inner.append(f'<div class="e-author">{html.escape(embed["author"]["name"])}</div>')
        if embed.get("title"):
            inner.append(f'<div class="e-title">{self.markdown(embed["title"], msg)}</div>')
        if embed.get("description"):
            inner.append(f'<div class="e-desc">{self.markdown(embed["description"], msg)}</div>')
        fields = []
        for field in embed.get("fields") or []:
            cls = "e-field inline" if field.get("inline") else "e-field"
            fields.append(
                f'<div class="{cls}"><div class="e-fname">{self.markdown(field.get("name", ""), msg)}'
                f'</div><div class="e-fvalue">{self.markdown(field.get("value", ""), msg)}</div></div>'
            )
        if fields:
            inner.append(f'<div class="e-fields">{"".join(fields)}</div>')
        image = (embed.get("image") or {}).get("url")
        if image:
            inner.append(f'<img class="e-image" src="{self._image_src(image, msg)}" alt="">')
        footer = (embed.get("footer") or {}).get("text")
        if footer:
            inner.append(f'<div class="e-footer">{html.escape(footer)}</div>')
        return f'<div class="embed" style="border-left-color:{bar}">{"".join(inner)}</div>'

    def _image_src(self, url: str, msg: Message) -> str:
        if url.startswith("attachment://"):
            name = url.removeprefix("attachment://")
            for att in msg.attachments:
                if att.filename == name:
                    return self._save(att, msg)
        return html.escape(url, quote=True)

    def attachment(self, att: Any, msg: Message) -> str:
        href = self._save(att, msg)
        if att.content_type in _IMAGE_TYPES or att.filename.lower().endswith((".png", ".jpg")):
            alt = html.escape(att.description or att.filename, quote=True)
            return f'<a href="{href}"><img class="image" src="{href}" alt="{alt}"></a>'
        return (
            f'<div class="file"><span class="file-icon">{_file_icon(att.filename)}</span>'
            f'<div><a href="{href}">{html.escape(att.filename)}</a>'
            f'<div class="muted">{_size(len(att.data))}</div></div></div>'
        )

    def _save(self, att: Any, msg: Message) -> str:
        name = f"{msg.id}-{_slug(att.filename, keep_dots=True)}"
        path = self.out_dir / "files" / name
        if not path.exists():
            path.write_bytes(att.data)
        return f"files/{name}"

    def components(self, components: list[dict[str, Any]], msg: Message) -> str:
        rows = []
        for comp in components:
            kind = comp.get("type")
            if kind == 1:
                rows.append(
                    '<div class="buttons">'
                    + "".join(self._component(c) for c in comp.get("components") or [])
                    + "</div>"
                )
            elif kind == 10:
                rows.append(
                    f'<div class="content">{self.markdown(comp.get("content", ""), msg)}</div>'
                )
            elif kind in (9, 17):  # section, container (components v2): their text and buttons
                nested = [c for c in iter_components([comp]) if c is not comp]
                texts = [self.markdown(c["content"], msg) for c in nested if c.get("type") == 10]
                buttons = [
                    self._component(c) for c in nested if c.get("type") in (2, 3, 5, 6, 7, 8)
                ]
                inner = "".join(f'<div class="content">{t}</div>' for t in texts)
                inner += f'<div class="buttons">{"".join(buttons)}</div>' if buttons else ""
                rows.append(f'<div class="embed container">{inner}</div>')
        return f'<div class="components">{"".join(rows)}</div>'

    def _component(self, comp: dict[str, Any]) -> str:
        kind = comp.get("type")
        if kind == 2:
            emoji = (comp.get("emoji") or {}).get("name") or ""
            label = html.escape(comp.get("label") or "")
            style = _BUTTON_CLASS.get(comp.get("style", 2), "secondary")
            disabled = " disabled" if comp.get("disabled") else ""
            link = " ↗" if comp.get("style") == 5 else ""
            return f'<span class="button {style}{disabled}">{emoji} {label}{link}</span>'
        if kind in (3, 5, 6, 7, 8):
            placeholder = html.escape(comp.get("placeholder") or "Make a selection")
            return f'<span class="select">{placeholder}<span class="chevron">⌄</span></span>'
        return ""

    # -- markdown ------------------------------------------------------------------------------
    def markdown(self, text: str, msg: Message) -> str:
        """Discord's markdown subset: blocks (quotes, headings, lists, code) and inline styles."""
        held: list[str] = []

        def hold(fragment: str) -> str:
            held.append(fragment)
            return f"\x00{len(held) - 1}\x00"

        text = re.sub(
            r"```(?:[a-z]*\n)?(.*?)```",
            lambda m: hold(f"<pre>{html.escape(m[1].strip(chr(10)))}</pre>"),
            text,
            flags=re.S,
        )
        text = re.sub(r"`([^`\n]+)`", lambda m: hold(f"<code>{html.escape(m[1])}</code>"), text)
        text = self._tokens(text, hold, msg)
        text = html.escape(text, quote=False)
        out: list[str] = []
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("&gt;&gt;&gt; "):
                rest = [line[len("&gt;&gt;&gt; ") :], *lines[i + 1 :]]
                out.append(f"<blockquote>{'<br>'.join(_inline(x) for x in rest)}</blockquote>")
                break
            if line.startswith("&gt; ") or line == "&gt;":
                quoted = []
                while i < len(lines) and (lines[i].startswith("&gt; ") or lines[i] == "&gt;"):
                    quoted.append(_inline(lines[i][5:]))
                    i += 1
                out.append(f"<blockquote>{'<br>'.join(quoted)}</blockquote>")
                continue
            heading = re.match(r"(#{1,3}) (.*)", line)
            if heading:
                level = len(heading[1])
                out.append(f"<h{level + 2}>{_inline(heading[2])}</h{level + 2}>")
            elif line.startswith("-# "):
                out.append(f'<div class="subtext">{_inline(line[3:])}</div>')
            elif re.match(r"\s*[-*•] ", line):
                items = []
                while i < len(lines) and re.match(r"\s*[-*•] ", lines[i]):
                    item = _inline(re.sub(r"^\s*[-*•] ", "", lines[i]))
                    items.append(f"<li>{item}</li>")
                    i += 1
                out.append(f"<ul>{''.join(items)}</ul>")
                continue
            else:
                out.append(f'<div class="line">{_inline(line) or "&nbsp;"}</div>')
            i += 1
        rendered = "".join(out)
        while "\x00" in rendered:
            rendered = re.sub(r"\x00(\d+)\x00", lambda m: held[int(m[1])], rendered)
        return rendered

    def _tokens(self, text: str, hold: Callable[[str], str], msg: Message) -> str:
        """Mentions and timestamps as the client shows them (names, local dates)."""

        def user(m: re.Match[str]) -> str:
            found = self.emu.user(int(m[1]))
            return hold(f'<span class="mention">@{html.escape(self._name(found))}</span>')

        def channel(m: re.Match[str]) -> str:
            found = self.emu.channel(int(m[1]))
            name = found.name if found is not None else "unknown"
            return hold(f'<span class="mention">#{html.escape(name)}</span>')

        def role(m: re.Match[str]) -> str:
            name = "role"
            for guild in self.emu.guilds:
                if (found := guild.roles.get(int(m[1]))) is not None:
                    name = found.name
            return hold(f'<span class="mention">@{html.escape(name)}</span>')

        def stamp(m: re.Match[str]) -> str:
            when = dt.datetime.fromtimestamp(int(m[1]), tz=self.tz)
            shown = client_time(when, m[2] or "f", msg.timestamp.astimezone(self.tz))
            return hold(f'<span class="stamp">{html.escape(shown)}</span>')

        text = re.sub(r"<@!?(\d+)>", user, text)
        text = re.sub(r"<#(\d+)>", channel, text)
        text = re.sub(r"<@&(\d+)>", role, text)
        text = re.sub(r"</([\w -]+):\d+>", lambda m: hold(_command(m[1])), text)
        return re.sub(r"<t:(-?\d+)(?::([tTdDfFR]))?>", stamp, text)


def _inline(text: str) -> str:
    """Bold, italics, underline, strike, spoilers and links on already-escaped text."""
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"__(.+?)__", r"<u>\1</u>", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", text)
    text = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"<em>\1</em>", text)
    text = re.sub(r"~~(.+?)~~", r"<s>\1</s>", text)
    text = re.sub(r"\|\|(.+?)\|\|", r'<span class="spoiler">\1</span>', text)
    text = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r'<a href="\2">\1</a>', text)
    return re.sub(r"(?<![\"=>])(https?://[^\s<]+)", r'<a href="\1">\1</a>', text)


def _command(name: str) -> str:
    return f'<span class="command">/{html.escape(name)}</span>'


def client_time(when: dt.datetime, style: str, now: dt.datetime) -> str:
    """Discord's timestamp styles as its en-GB client writes them ('R' relative to `now`)."""
    if style == "R":
        seconds = (when - now).total_seconds()
        ago = seconds < 0
        seconds = abs(seconds)
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if seconds >= size:
                amount = plural(round(seconds / size), unit)
                return f"{amount} ago" if ago else f"in {amount}"
        return "now"
    formats = {
        "t": f"{when:%H:%M}",
        "T": f"{when:%H:%M:%S}",
        "d": f"{when:%d/%m/%Y}",
        "D": f"{when.day} {when:%B %Y}",
        "f": f"{when.day} {when:%B %Y %H:%M}",
        "F": f"{when:%A}, {when.day} {when:%B %Y %H:%M}",
    }
    return formats[style]


def _when(when: dt.datetime) -> str:
    return f"{when:%a} {when.day} {when:%b %Y}, {when:%H:%M}"


def _continues(previous: Message | None, msg: Message) -> bool:
    """Discord groups a message under the previous one by the same author within a few minutes."""
    return (
        previous is not None
        and previous.author.id == msg.author.id
        and msg.interaction is None
        and previous.ephemeral_user_id == msg.ephemeral_user_id
        and (msg.timestamp - previous.timestamp) < dt.timedelta(minutes=7)
    )


def _attachment_ref(embed: dict[str, Any]) -> str | None:
    url = (embed.get("image") or {}).get("url") or ""
    return url.removeprefix("attachment://") if url.startswith("attachment://") else None


def _size(size: int) -> str:
    return f"{size} bytes" if size < 1024 else f"{size / 1024:.1f} KB"


def _file_icon(filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()
    return {"ics": "📅", "csv": "📊", "pdf": "📄"}.get(ext, "📎")


def _slug(name: str, *, keep_dots: bool = False) -> str:
    allowed = r"[^a-z0-9._-]" if keep_dots else r"[^a-z0-9_-]"
    return re.sub(allowed, "-", name.lower()).strip("-") or "channel"


def _document(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}</style></head><body>{body}<script>{_FILTER}</script></body></html>\n"
    )


# `page.html?viewer=alice` shows only what alice saw (`viewer=`: public posts only); `day=2026-09-03`,
# `from=09:00`, `to=10:00` cut the page to part of a day (the README's pictures are made this way).
_FILTER = """
const q = new URLSearchParams(location.search);
const viewer = q.get("viewer"), day = q.get("day"), from = q.get("from"), to = q.get("to");
for (const m of [...document.querySelectorAll(".msg")]) {
  const d = m.dataset;
  if ((viewer !== null && d.only && d.only !== viewer) || (day && d.day !== day)
      || (from && d.time < from) || (to && d.time > to)) m.remove();
}
let previous = null;
for (const el of [...document.querySelectorAll(".divider, .msg")]) {
  if (el.classList.contains("divider")) {
    const next = el.nextElementSibling;
    if (!next || next.classList.contains("divider")) el.remove();
    previous = null;
    continue;
  }
  if (el.classList.contains("grouped") && (!previous || previous.dataset.author !== el.dataset.author
      || previous.dataset.only !== el.dataset.only)) el.classList.remove("grouped");
  previous = el;
}
"""

# Discord's dark theme, close enough to recognise at a glance.
_CSS = """
*{box-sizing:border-box}
body{margin:0;background:#313338;color:#dbdee1;font:16px/1.375 "gg sans","Noto Sans","Helvetica Neue",
"Liberation Sans",Arial,sans-serif,"Noto Color Emoji"}
a{color:#00a8fc;text-decoration:none}
.app{display:flex;min-height:100vh}
.sidebar{width:240px;flex:none;background:#2b2d31;padding-bottom:16px}
.guild{height:48px;padding:0 16px;display:flex;align-items:center;font-weight:600;color:#f2f3f5;
border-bottom:1px solid #1f2023;box-shadow:0 1px 0 rgba(0,0,0,.2)}
.side-list{padding:8px}
.side-label{font-size:12px;font-weight:600;text-transform:uppercase;color:#949ba4;margin:12px 8px 4px}
.side-item{display:block;padding:6px 8px;margin:2px 0;border-radius:4px;color:#949ba4;
font-weight:500;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.side-item.active{background:#404249;color:#f2f3f5}
.hash,.at{color:#80848e;margin-right:6px;font-weight:400}
.chat{flex:1;min-width:0}
.chat-head{height:48px;padding:0 16px;display:flex;align-items:center;gap:8px;font-weight:600;
color:#f2f3f5;border-bottom:1px solid #1f2023;box-shadow:0 1px 0 rgba(0,0,0,.2)}
.topic{font-weight:400;color:#949ba4;font-size:14px;margin-left:8px}
.messages{padding:8px 0 24px}
.divider{display:flex;align-items:center;margin:16px 16px 8px;color:#949ba4;font-size:12px;
font-weight:600}
.divider:before,.divider:after{content:"";flex:1;border-top:1px solid #3f4147}
.divider span{padding:0 8px}
.msg{padding:2px 48px 2px 16px;margin-top:16px}
.msg.grouped{margin-top:0}
.msg.grouped .avatar,.msg.grouped .head,.msg:not(.grouped) .gutter{display:none}
.viewers{margin-left:auto;font-size:13px;font-weight:400;color:#949ba4}
.msg:hover{background:#2e3035}
.msg.private{background:rgba(88,101,242,.05)}
.row{display:flex;gap:16px}
.gutter{width:40px;flex:none;text-align:right}
.hover-time{display:none;font-size:11px;color:#949ba4;line-height:22px}
.msg.grouped:hover .hover-time{display:inline}
.avatar{width:40px;height:40px;flex:none;border-radius:50%;display:flex;align-items:center;
justify-content:center;color:#fff;font-weight:600;font-size:18px}
.avatar.small{width:16px;height:16px;font-size:9px;display:inline-flex;margin-right:4px}
.used{font-size:14px;color:#949ba4;margin:0 0 4px 56px;display:flex;align-items:center;gap:2px;
position:relative}
.used:before{content:"";position:absolute;left:-36px;top:9px;width:33px;height:12px;
border-left:2px solid #4e5058;border-top:2px solid #4e5058;border-top-left-radius:6px}
.used .mention{margin-right:4px}
.body{min-width:0;flex:1}
.head{display:flex;align-items:baseline;gap:6px}
.author{font-weight:500;color:#f2f3f5}
.badge{background:#5865f2;color:#fff;font-size:10px;font-weight:600;padding:1px 4px;border-radius:3px;
position:relative;top:-2px}
.time{font-size:12px;color:#949ba4}
.pin{font-size:12px;color:#949ba4}
.content{color:#dbdee1;overflow-wrap:anywhere}
.content .line{min-height:1.375em}
.edited{font-size:10px;color:#949ba4;margin-left:4px}
h3,h4,h5{margin:8px 0 4px;color:#f2f3f5}
h3{font-size:24px}h4{font-size:20px}h5{font-size:16px}
.subtext{font-size:13px;color:#949ba4}
ul{margin:4px 0;padding-left:22px}
li{margin:2px 0}
blockquote{margin:2px 0;padding:0 8px 0 12px;border-left:4px solid #4e5058}
code{background:#2b2d31;border:1px solid #1e1f22;border-radius:4px;padding:0 3px;font-size:85%;
font-family:"DejaVu Sans Mono",Consolas,monospace}
pre{background:#2b2d31;border:1px solid #1e1f22;border-radius:4px;padding:8px;white-space:pre-wrap;
font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:14px}
strong{color:#f2f3f5;font-weight:700}
.mention{background:rgba(88,101,242,.3);color:#c9cdfb;border-radius:3px;padding:0 2px;font-weight:500}
.command{background:rgba(88,101,242,.3);color:#c9cdfb;border-radius:3px;padding:0 2px;font-weight:500}
.stamp{background:rgba(255,255,255,.06);border-radius:3px;padding:0 2px}
.spoiler{background:#1e1f22;color:#1e1f22;border-radius:3px}
.embed{max-width:520px;background:#2b2d31;border-left:4px solid #1e1f22;border-radius:4px;
padding:8px 16px 16px 12px;margin-top:4px}
.embed.container{border-left-color:#4e5058}
.e-author{font-size:14px;font-weight:600;color:#f2f3f5;margin-top:8px}
.e-title{font-weight:600;color:#f2f3f5;margin-top:8px}
.e-desc{font-size:14px;margin-top:8px}
.e-fields{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin-top:8px}
.e-field{grid-column:1/-1;font-size:14px}
.e-field.inline{grid-column:auto}
.e-fname{font-weight:600;color:#f2f3f5;margin-bottom:2px}
.e-image{max-width:100%;border-radius:4px;margin-top:16px}
.e-footer{font-size:12px;color:#b5bac1;margin-top:8px}
.components{margin-top:4px}
.buttons{display:flex;flex-wrap:wrap;gap:8px;margin:4px 0}
.button{display:inline-flex;align-items:center;gap:4px;height:32px;padding:2px 16px;border-radius:3px;
font-size:14px;font-weight:500;color:#fff;white-space:nowrap}
.button.primary{background:#5865f2}.button.secondary{background:#4e5058}
.button.success{background:#248046}.button.danger{background:#da373c}
.button.disabled{opacity:.5}
.select{display:inline-flex;justify-content:space-between;align-items:center;width:400px;max-width:100%;
height:40px;padding:0 12px;background:#1e1f22;border:1px solid #1e1f22;border-radius:4px;
color:#949ba4;font-size:14px}
.chevron{font-size:18px}
.image{display:block;max-width:520px;max-height:350px;border-radius:8px;margin-top:6px;background:#fff}
.file{display:flex;gap:10px;align-items:center;max-width:432px;background:#2b2d31;
border:1px solid #26272b;border-radius:8px;padding:10px;margin-top:6px}
.file-icon{font-size:28px}
.muted{color:#949ba4;font-size:12px}
.ephemeral{font-size:12px;color:#949ba4;margin-top:4px}
.ephemeral .link{color:#00a8fc}
.index{max-width:720px;margin:40px auto;padding:0 16px}
.index h1{color:#f2f3f5}
.index li{margin:8px 0}
"""
