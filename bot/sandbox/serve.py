"""`balint-bot emulator`: the demo server on a port, so a real `balint-bot run` process can talk to
it, be killed and be started again (crash tests, trying the bot without Discord), and with
`--interactive` a console where you act as the demo people against it (bot/sandbox/console.py)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import sys
import tempfile
from pathlib import Path

from bot.emulator.emulator import Emulator
from bot.sandbox.world import build_world


def connection_lines(emu: Emulator) -> list[str]:
    """The environment a `balint-bot run` needs to use this emulator."""
    return [
        f"BALINT_DISCORD__API_URL={emu.base_url}",
        f"BALINT_DISCORD__GATEWAY_URL={emu.gateway_url}",
        f"DISCORD_TOKEN={emu.bot_token}",
    ]


def this_command() -> str:
    """How to run this same balint-bot from any folder: the path it was started by (the
    README's .venv/bin/balint-bot, pipx's balint-bot), else this Python with -m bot."""
    started = Path(sys.argv[0])
    if started.name == "balint-bot" and started.exists():
        return shlex.quote(str(started.absolute()))
    return f"{shlex.quote(sys.executable)} -m bot"


def run_line(emu: Emulator, data: Path) -> str:
    """The shell line that starts a bot against this emulator with a throwaway database and key
    in `data` (so a leader's own --config, whose database is their real one, is safe to try)."""
    database = data / "balint.sqlite3"
    env = [
        *connection_lines(emu),
        f"BALINT_DATABASE__PATH={database}",
        f"BALINT_SECRET__KEY_FILE={database}.key",
    ]
    return " ".join(shlex.quote(pair) for pair in env) + f" {this_command()} run"


async def serve(port: int, *, interactive: bool = False, output: str | None = None) -> int:
    """Serve until SIGINT or SIGTERM (or, with `interactive`, until `quit` or the end of input);
    the world lives as long as this process."""
    emu = Emulator()
    try:
        await emu.start(port)
    except OSError as exc:
        print(f"balint-bot: cannot listen on 127.0.0.1:{port}: {exc.strerror}", file=sys.stderr)
        return 1
    world = build_world(emu)
    data = Path(tempfile.mkdtemp(prefix="balint-emulator-"))
    print(
        f"Emulated Discord at {emu.http_base} serving {world.guild.name!r} "
        f"(#{world.channel.name}, {len(world.everyone)} members). In another shell, start the "
        "bot against it (add --config YOUR.toml to try your own settings; the database is a "
        "throwaway one):",
        flush=True,
    )
    print("  " + run_line(emu, data), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # in the console, Ctrl-C is the sandbox's (it ends the session as there)
    for sig in (signal.SIGTERM,) if interactive else (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        if interactive:
            from bot.sandbox.console import console

            session = asyncio.ensure_future(console(emu, world, Path(output) if output else None))
            stopped = asyncio.ensure_future(stop.wait())
            await asyncio.wait({session, stopped}, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if session.done():
                session.result()  # its errors are this command's
            else:
                session.cancel()
        else:
            await stop.wait()
    finally:
        await emu.stop()
    print(
        f"Emulator stopped. Stop the bot too (Ctrl-C in its shell); its throwaway database is "
        f"in {data}{os.sep}",
        flush=True,
    )
    return 0
