"""`balint-bot sandbox`: the real bot against the local emulator, with a scripted walk-through.

No token and no network: an emulated server (two leaders, eight trainees, a group channel) and the
unmodified bot on a temporary database. Time is accelerated with time-machine, so a week of the
group's life passes in seconds. The transcript shows what each person did and saw.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from bot.app import BalintBot, unfinished_work
from bot.domain.wording import plural, verb
from bot.emulator._model import iter_components
from bot.emulator.connect import use_emulator
from bot.emulator.emulator import Emulator
from bot.sandbox._interactive import interactive_loop, modal_fields
from bot.sandbox.html import client_time
from bot.sandbox.timetravel import TravelClock
from bot.sandbox.world import GROUP_SETUP, World, build_world
from bot.settings import Settings

DEMO_START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
CAPABILITY_WALKS = ("sessions", "leaders", "presenting", "drafts", "feedback", "nudges", "yearend")


WIDTH = 110  # the transcript wraps long posts at this width instead of cutting them
INDENT = " " * 13


class Demo:
    """What a walk-through step can use: the emulator, the bot, the people, the clock, a transcript.

    Every post the bot makes (group channel, leaders' channel, each DM) is printed once, in the
    order it was sent, with its local time when that differs from the last heading, and every file
    it attaches is saved under ``output``.
    """

    def __init__(
        self,
        emulator: Emulator,
        bot: BalintBot | None,  # None: the bot runs in another process (balint-bot emulator)
        world: World,
        quiet: bool,
        output: Path | None = None,
    ) -> None:
        self.emulator = emulator
        self.bot = bot
        self.world = world
        self.quiet = quiet
        self.output = output
        self.saved: list[Path] = []
        self.tz = ZoneInfo(str(GROUP_SETUP["timezone"]))
        self.clock: TravelClock
        self.lines = 0
        self._seen_public: set[int] = set()
        self._shown_at: datetime | None = None

    # -- printing ---------------------------------------------------------------------------
    def _print(self, text: str) -> None:
        self.lines += 1
        if not self.quiet:
            print(text, flush=True)

    def _block(self, prefix: str, text: str, at: datetime | None = None) -> None:
        """A prefix and a text, wrapped (never cut) with continuation lines indented; `at` is
        when it was sent (a relative timestamp is read from then)."""
        more = f"{INDENT}  "
        if len(prefix) > 48:  # e.g. a DM to many people: the text starts below
            self._print(prefix.rstrip())
            prefix = more
        shown = render(self.emulator, text, at or datetime.now(UTC))
        paras = [p.strip() for p in shown.splitlines() if p.strip()]
        if not paras:
            self._print(prefix.rstrip())
        for i, para in enumerate(paras):
            first = prefix if i == 0 else more
            for line in textwrap.wrap(
                para, width=WIDTH, initial_indent=first, subsequent_indent=more
            ):
                self._print(line)

    def local(self, when: datetime) -> str:
        """A time as the group reads it (its own time zone)."""
        t = when.astimezone(self.tz)
        return f"{t:%a} {t.day} {t:%b %Y, %H:%M %Z}"

    def heading(self, text: str, at: datetime | None = None, stamp: bool = True) -> None:
        now = at or datetime.now(UTC)
        self._shown_at = now
        self._print(f"\n=== {text}" + (f" ({self.local(now)}) ===" if stamp else " ==="))

    def say(self, who: Any, text: str) -> None:
        self._block(f"{_name(who):>10} ▸ ", text)

    def show(self, who: Any, result: Any) -> None:
        """What a person saw in answer (private answers are marked as such), then the news."""
        modal = getattr(result, "modal", None)
        if modal and getattr(result, "response_type", None) == 9:
            fields = ", ".join(f["label"] for f in modal_fields(modal))
            self._print(f"{INDENT}{_name(who)} sees a form “{modal.get('title')}”: {fields}")
        else:
            messages = getattr(result, "messages", None)
            text: str = (
                "\n".join(t for m in messages if (t := laid_out(m)))
                if messages is not None
                else getattr(result, "text", None) or str(result)
            )
            where = "privately" if getattr(result, "ephemeral", False) else "in the channel"
            if getattr(result, "thinking", False):  # the answer comes later (news shows it)
                self._print(f"{INDENT}{_name(who)} sees ({where}): thinking…")
            elif text or not hasattr(result, "messages"):
                self._block(f"{INDENT}{_name(who)} sees ({where}): ", text)
            for message in getattr(result, "messages", []):
                self._seen_public.add(message.id)
                self._extras(message)
        self.news()

    def _extras(self, message: Any) -> None:
        """A message's buttons and menus, and its attachments (saved)."""
        buttons, menus = controls(message)
        for part in [*menus, "  ".join(buttons)]:
            for line in textwrap.wrap(part, width=WIDTH - len(INDENT) - 2):
                self._print(f"{INDENT}  {line}")
        for filename, data in message.files:
            path = self.save(filename, data)
            where = f"saved as {path}" if path else "not saved"
            self._print(f"{INDENT}  📎 {filename} ({len(data):,} bytes, {where})")

    def save(self, filename: str, data: bytes) -> Path | None:
        """Keep an attached file where the person running the sandbox can open it."""
        if self.output is None:
            return None
        self.output.mkdir(parents=True, exist_ok=True)
        stem, dot, ext = Path(filename).name.partition(".")
        path = self.output / f"{stem}{dot}{ext}"
        n = 1
        while path in self.saved:
            n += 1
            path = self.output / f"{stem}-{n}{dot}{ext}"
        path.write_bytes(data)
        self.saved.append(path)
        return path

    def news(self) -> None:
        """Print the bot's posts and DMs not shown yet, oldest first (identical DMs together)."""
        bot_id = self.emulator.bot_user_id
        fresh: list[tuple[Any, Any]] = []
        for channel in self.world.guild.text_channels:
            for message in channel.messages:
                if message.id in self._seen_public or message.ephemeral or message.deleted:
                    continue
                if message.author.id == bot_id:
                    fresh.append((message, channel))
        for person in self.people():
            for message in person.inbox:
                if message.id not in self._seen_public and not message.deleted:
                    fresh.append((message, person))
        fresh.sort(key=lambda pair: pair[0].id)
        i = 0
        while i < len(fresh):
            message, where = fresh[i]
            group = [where]
            if not hasattr(where, "messages"):  # a DM: others that got the same words together
                while (
                    i + 1 < len(fresh)
                    and not hasattr(fresh[i + 1][1], "messages")
                    and fresh[i + 1][0].text == message.text
                    and not fresh[i + 1][0].files
                ):
                    i += 1
                    group.append(fresh[i][1])
                    self._seen_public.add(fresh[i][0].id)
            i += 1
            self._seen_public.add(message.id)
            self._time_mark(message.timestamp)
            if hasattr(where, "messages"):
                pin = " 📌" if getattr(message, "pinned", False) else ""
                self._block(f"#{where.name}{pin} ◂ bot: ", laid_out(message), message.timestamp)
            else:
                names = ", ".join(_name(p) for p in group)
                each = " (each their own)" if len(group) > 1 else ""
                self._block(
                    f"{names:>10} ◂ DM from bot{each}: ", laid_out(message), message.timestamp
                )
            self._extras(message)

    def _time_mark(self, when: datetime) -> None:
        if self._shown_at is None or abs(when - self._shown_at) > timedelta(minutes=2):
            self._shown_at = when
            self._print(f"{'':>10} ·· {self.local(when)} ··")

    async def stepped(self, due: datetime) -> None:
        """The clock passed a due time on its way: show what was posted then."""
        self.news()

    def people(self) -> list[Any]:
        w = self.world
        return [*w.everyone, w.admin, w.outsider]


def controls(message: Any) -> tuple[list[str], list[str]]:
    """A message's buttons and menus as a person sees them: [Button], ‹Menu: a / b›."""
    buttons: list[str] = []
    menus: list[str] = []
    for comp in iter_components(message.components):
        kind = comp.get("type")
        if kind == 2:
            label = comp.get("label") or (comp.get("emoji") or {}).get("name") or "?"
            if comp.get("style") == 5:
                label += f" ↗ {comp.get('url')}"
            buttons.append(f"[{label}]" + (" (disabled)" if comp.get("disabled") else ""))
        elif kind in (3, 5, 6, 7, 8):
            name = comp.get("placeholder") or comp.get("custom_id")
            labels = [o.get("label", "") for o in comp.get("options", [])]
            common = os.path.commonprefix(labels)
            if ": " in common:  # "Q1: agree / Q1: disagree" reads as "agree / disagree"
                labels = [label[common.rindex(": ") + 2 :] for label in labels]
            menus.append(f"‹{name}{': ' + ' / '.join(labels) if labels else ''}›")
    return buttons, menus


def _name(who: Any) -> str:
    return getattr(who, "name", str(who))


def laid_out(message: Any) -> str:
    """A message's words as a Discord client lays them out: an embed field's name on its own line
    above its value (the emulator's `text` joins them as 'name: value', handy for asserts)."""
    text: str = message.text
    for embed in message.embeds:
        for field in embed.get("fields") or []:
            name, value = field.get("name", ""), field.get("value", "")
            text = text.replace(f"{name}: {value}", f"**{name}**\n{value}", 1)
    return text


def render(emulator: Emulator, text: str, now: datetime) -> str:
    """Show Discord markup as a person's client would: names for mentions, dates for timestamps
    (a relative one, <t:...:R>, as Discord writes it at `now`: "in 2 days")."""

    def user(m: re.Match[str]) -> str:
        sim = emulator.sim(int(m[1]))
        return f"@{sim.name}" if sim else "@someone"

    def channel(m: re.Match[str]) -> str:
        ch = emulator.channel(int(m[1]))
        return f"#{ch.name}" if ch else "#channel"

    def role(m: re.Match[str]) -> str:
        for guild in emulator.guilds:
            if found := guild.roles.get(int(m[1])):
                return f"@{found.name}"
        return "@role"

    def stamp(m: re.Match[str]) -> str:
        when = datetime.fromtimestamp(int(m[1]), tz=ZoneInfo("Europe/London"))
        if m[2] == "R":
            return client_time(when, "R", now)
        return f"{when:%a} {when.day} {when:%b %Y %H:%M %Z}"

    text = re.sub(r"<@!?(\d+)>", user, text)
    text = re.sub(r"<#(\d+)>", channel, text)
    text = re.sub(r"<@&(\d+)>", role, text)
    return re.sub(r"<t:(\d+)(?::([tTdDfFR]))?>", stamp, text)


def no_group_yet(w: World) -> str:
    """What `--no-group` starts with, in the names a /group setup line needs."""
    from bot.sandbox.console import setup_line

    about = (
        f"No group is set up yet. The demo server has #{w.channel.name} for the group, "
        f"#{w.leaders_channel.name} (private to the leaders, the bot let in) and #{w.general.name}; "
        f"@{w.leader_role.name}: {w.leader.name} (allowed to set a group up in #{w.channel.name}) "
        f"and {w.coleader.name}; @{w.trainee_role.name}: "
        + ", ".join(t.name for t in w.trainees)
        + ". For example:"
    )
    shown = textwrap.fill(about, width=WIDTH, break_on_hyphens=False)
    return shown + "\n  " + setup_line(w, datetime.now(UTC).date())


async def setup_group(demo: Demo) -> None:
    w = demo.world
    demo.heading("Setting the group up")
    options = dict(
        GROUP_SETUP,
        channel=w.channel,
        leader_role=w.leader_role,
        trainee_role=w.trainee_role,
        leaders_channel=w.leaders_channel,
    )
    demo.say(w.leader, "/group setup " + " ".join(f"{k}:{_name(v)}" for k, v in options.items()))
    demo.show(w.leader, await w.leader.slash("group setup", **options))
    demo.say(w.trainees[0], "/group show")
    demo.show(w.trainees[0], await w.trainees[0].slash("group show", in_channel=w.channel))
    demo.say(w.trainees[0], "/help")
    demo.show(w.trainees[0], await w.trainees[0].slash("help", in_channel=w.channel))


# what a newcomer does after the walk-through (README.md names the same steps)
NEXT_STEPS = """
Next: be any of these people yourself, `balint-bot sandbox --interactive`; rehearse setting up
your own group from the beginning, `balint-bot sandbox --interactive --no-group` (README.md,
"Leader's quick start"); then a real bot on your server: README.md, "Running it on a real
Discord server"."""


async def run_sandbox(
    settings: Settings,
    *,
    interactive: bool = False,
    quiet: bool = False,
    set_up: bool = True,
    html_dir: Path | None = None,
    output: str | Path | None = "sandbox-output",
    finished: Callable[[Emulator], None] | None = None,
) -> int:
    """Start the emulator and the bot, play the walk-through (or take commands), stop. Exit 0.

    ``set_up``: False (interactive only) leaves the demo server without a group, for a leader
    to rehearse /group setup on it.
    ``html_dir``: also write the channels and DMs as static pages that look like Discord.
    ``output``: where the files the bot attaches are saved (None: not saved).
    ``finished``: given the emulator when the walk-through is over, so a test can read
    everything the bot wrote.
    """
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="balint-sandbox-") as tmp,
        time_machine.travel(DEMO_START, tick=True) as traveller,
    ):
        settings = settings.replace(
            database={"path": str(Path(tmp) / "sandbox.sqlite3")},
            discord={"guild_ready_timeout": 0.05, "dev_guild_ids": []},
            # the demo group also meets by voice: joining its room checks a trainee in
            sessions={"voice_attendance": True},
            secret={"key_file": str(Path(tmp) / "sandbox.key")},
        )
        emulator = Emulator(busy=unfinished_work)
        await emulator.start()
        world = build_world(emulator)
        with use_emulator(emulator):
            bot = BalintBot(settings)
            try:
                await bot.login(emulator.bot_token)
            except BaseException:
                await bot.close()
                await emulator.stop()
                raise
            connection = asyncio.create_task(bot.connect(reconnect=True))
            await asyncio.wait_for(bot.wait_until_ready(), timeout=15)
            demo = Demo(emulator, bot, world, quiet, Path(output) if output else None)
            demo.clock = TravelClock(traveller, emulator, step=True)
            demo.clock.bots = [bot]
            demo.clock.on_step = demo.stepped
            print(
                f"Sandbox: emulated Discord at {emulator.base_url}; the bot is connected as {bot.user}."
            )
            try:
                if set_up or not interactive:
                    await setup_group(demo)
                else:
                    print(no_group_yet(world))
                if interactive:
                    # --quiet skips the set-up's transcript, never the answers to what is typed
                    demo.quiet = False
                    await interactive_loop(demo)
                else:
                    for name in CAPABILITY_WALKS:
                        try:
                            module = importlib.import_module(f"bot.sandbox._demo_{name}")
                        except ModuleNotFoundError:
                            continue
                        await module.walk(demo)
                if finished is not None:
                    finished(emulator)
            finally:
                await bot.close()
                await asyncio.gather(connection, return_exceptions=True)
                await emulator.stop()
        failures = list(emulator.failures)
    if html_dir is not None:
        from bot.sandbox.html import write_html

        pages = write_html(emulator, Path(html_dir))
        print(f"\nPages: {pages[0]} ({plural(len(pages) - 1, 'page')}: channels and DMs).")
    print(
        f"\nSandbox finished in {time.monotonic() - started:.1f} s, {demo.lines} transcript lines."
    )
    if demo.saved:
        print(
            f"{'The file' if len(demo.saved) == 1 else f'The {len(demo.saved)} files'} the bot "
            f"attached {verb(len(demo.saved), 'is', 'are')} in {demo.output}/: "
            + ", ".join(p.name for p in demo.saved)
        )
    if not interactive:
        print(NEXT_STEPS)
    if failures:
        print("Discord would have refused:\n" + "\n".join(failures), file=sys.stderr)
        return 1
    return 0
