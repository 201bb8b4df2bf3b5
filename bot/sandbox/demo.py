"""`balint-bot sandbox`: the real bot against the local emulator, with a scripted walk-through.

No token and no network: an emulated server (two leaders, eight trainees, a group channel) and the
unmodified bot on a temporary database. Time is accelerated with time-machine, so a week of the
group's life passes in seconds. The transcript shows what each person did and saw.
"""

from __future__ import annotations

import asyncio
import importlib
import re
import shlex
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from bot.app import BalintBot
from bot.sandbox.connect import use_emulator
from bot.sandbox.emulator import Emulator
from bot.sandbox.timetravel import TravelClock
from bot.sandbox.world import GROUP_SETUP, World, build_world
from bot.settings import Settings

DEMO_START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
CAPABILITY_WALKS = ("sessions", "presenting", "drafts", "feedback")


class Demo:
    """What a walk-through step can use: the emulator, the bot, the people, the clock, a transcript."""

    def __init__(self, emulator: Emulator, bot: BalintBot, world: World, quiet: bool) -> None:
        self.emulator = emulator
        self.bot = bot
        self.world = world
        self.quiet = quiet
        self.clock: TravelClock
        self.lines = 0
        self._seen_public: set[int] = set()

    def _print(self, text: str) -> None:
        self.lines += 1
        if not self.quiet:
            print(text, flush=True)

    def _text(self, text: str) -> str:
        return _indent(render(self.emulator, text))

    def heading(self, text: str) -> None:
        self._print(f"\n=== {text} ({datetime.now(UTC):%a %d %b %Y %H:%M} UTC) ===")

    def say(self, who: Any, text: str) -> None:
        self._print(f"{_name(who):>10} ▸ {text}")

    def show(self, who: Any, result: Any) -> None:
        """What a person saw in answer (private answers are marked as such)."""
        text = getattr(result, "text", None) or str(result)
        where = "privately" if getattr(result, "ephemeral", False) else "in the channel"
        self._print(f"{'':>10}   {_name(who)} sees ({where}): {self._text(text)}")
        buttons = getattr(result, "buttons", None)
        if buttons:
            self._print(f"{'':>10}   buttons: {' | '.join(buttons)}")

    def channel_news(self, channel: Any | None = None) -> None:
        """Print the bot's new public posts in a channel."""
        channel = channel or self.world.channel
        for message in channel.messages:
            if message.id in self._seen_public or message.ephemeral:
                continue
            self._seen_public.add(message.id)
            pin = " 📌" if getattr(message, "pinned", False) else ""
            self._print(f"#{channel.name}{pin} ◂ bot: {self._text(message.text)}")
            if message.buttons:
                self._print(f"{'':>10}   buttons: {' | '.join(message.buttons)}")

    def inbox_news(self, who: Any) -> None:
        for message in who.inbox:
            if message.id in self._seen_public:
                continue
            self._seen_public.add(message.id)
            self._print(f"{_name(who):>10} ◂ DM from bot: {self._text(message.text)}")


def _name(who: Any) -> str:
    return getattr(who, "name", str(who))


def _indent(text: str) -> str:
    return textwrap.shorten(" ".join(text.split()), width=400, placeholder=" …")


def render(emulator: Emulator, text: str) -> str:
    """Show Discord markup as a person's client would: names for mentions, dates for timestamps."""

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
        return (
            when.strftime("%a %d %b %Y %H:%M %Z") if m[2] != "R" else when.strftime("%d %b %H:%M")
        )

    text = re.sub(r"<@!?(\d+)>", user, text)
    text = re.sub(r"<#(\d+)>", channel, text)
    text = re.sub(r"<@&(\d+)>", role, text)
    return re.sub(r"<t:(\d+)(?::([tTdDfFR]))?>", stamp, text)


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
    demo.channel_news()
    demo.say(w.trainees[0], "/group show")
    demo.show(w.trainees[0], await w.trainees[0].slash("group show", in_channel=w.channel))


async def run_sandbox(
    settings: Settings,
    *,
    interactive: bool = False,
    quiet: bool = False,
    html_dir: Path | None = None,
) -> int:
    """Start the emulator and the bot, play the walk-through (or take commands), stop. Exit 0.

    ``html_dir``: also write the channels and DMs as static pages that look like Discord.
    """
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="balint-sandbox-") as tmp,
        time_machine.travel(DEMO_START, tick=True) as traveller,
    ):
        settings = settings.replace(
            database={"path": str(Path(tmp) / "sandbox.sqlite3")},
            discord={"guild_ready_timeout": 0.05, "dev_guild_ids": []},
            secret={"key_file": str(Path(tmp) / "sandbox.key")},
        )
        emulator = Emulator()
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
            demo = Demo(emulator, bot, world, quiet)
            demo.clock = TravelClock(traveller, emulator)
            demo.clock.bots = [bot]
            print(
                f"Sandbox: emulated Discord at {emulator.base_url}; the bot is connected as {bot.user}."
            )
            try:
                await setup_group(demo)
                if interactive:
                    await interactive_loop(demo)
                else:
                    for name in CAPABILITY_WALKS:
                        try:
                            module = importlib.import_module(f"bot.sandbox._demo_{name}")
                        except ModuleNotFoundError:
                            continue
                        await module.walk(demo)
            finally:
                await bot.close()
                await asyncio.gather(connection, return_exceptions=True)
                await emulator.stop()
        failures = list(emulator.failures)
    if html_dir is not None:
        from bot.sandbox.html import write_html

        pages = write_html(emulator, Path(html_dir))
        print(f"\nPages: {pages[0]} ({len(pages) - 1} channels and DMs).")
    print(
        f"\nSandbox finished in {time.monotonic() - started:.1f} s, {demo.lines} transcript lines."
    )
    if failures:
        print("Discord would have refused:\n" + "\n".join(failures), file=sys.stderr)
        return 1
    return 0


HELP = """Type `name: /command option:value ...` (e.g. `alice: /group show`), `name: click LABEL`,
`wait 3d` / `wait 2h` to move time, `who` to list people, `quit` to stop."""


async def interactive_loop(demo: Demo) -> None:
    people = {p.name: p for p in [*demo.world.everyone, demo.world.admin, demo.world.outsider]}
    print(HELP)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, _read_line)
        if line is None or line.strip() in {"quit", "exit"}:
            return
        line = line.strip()
        if not line:
            continue
        try:
            await _interpret(demo, people, line)
        except Exception as exc:  # an interactive typo must not end the sandbox
            print(f"  ! {exc}")


def _read_line() -> str | None:
    try:
        return input("> ")
    except EOFError:
        return None


async def _interpret(demo: Demo, people: dict[str, Any], line: str) -> None:
    if line == "who":
        print("  " + ", ".join(people))
        return
    if line.startswith("wait "):
        amount, unit = line[5:-1], line[-1]
        hours = {"d": 24, "h": 1, "m": 1 / 60}[unit] * float(amount)
        await demo.clock.shift(timedelta(hours=hours))
        demo.channel_news()
        return
    name, _, rest = line.partition(":")
    who = people.get(name.strip())
    if who is None:
        print(f"  ! nobody called {name.strip()!r}; type `who`")
        return
    rest = rest.strip()
    if rest.startswith("click "):
        demo.show(who, await who.click(rest[6:].strip()))
    elif rest.startswith("/"):
        words = shlex.split(rest[1:])
        path = [w for w in words if ":" not in w]
        options = dict(w.split(":", 1) for w in words if ":" in w)
        demo.show(who, await who.slash(" ".join(path), in_channel=demo.world.channel, **options))
    else:
        print("  ! start with /command or click LABEL")
    demo.channel_news()
    demo.inbox_news(who)
