"""`balint-bot emulator`: the demo server on a port, so a real `balint-bot run` process can talk to
it, be killed and be started again (crash tests, trying the bot without Discord)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

from bot.emulator.emulator import Emulator
from bot.sandbox.world import build_world


def connection_lines(emu: Emulator) -> list[str]:
    """The environment a `balint-bot run` needs to use this emulator."""
    return [
        f"BALINT_DISCORD__API_URL={emu.base_url}",
        f"BALINT_DISCORD__GATEWAY_URL={emu.gateway_url}",
        f"DISCORD_TOKEN={emu.bot_token}",
    ]


async def serve(port: int) -> int:
    """Serve until SIGINT or SIGTERM; the world lives as long as this process."""
    emu = Emulator()
    try:
        await emu.start(port)
    except OSError as exc:
        print(f"balint-bot: cannot listen on 127.0.0.1:{port}: {exc.strerror}", file=sys.stderr)
        return 1
    world = build_world(emu)
    print(
        f"Emulated Discord at {emu.http_base} serving {world.guild.name!r} "
        f"(#{world.channel.name}, {len(world.everyone)} members). In another shell:",
        flush=True,
    )
    print("  " + " ".join(connection_lines(emu)) + " balint-bot run", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await emu.stop()
    return 0
