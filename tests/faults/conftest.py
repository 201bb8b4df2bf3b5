"""The real `balint-bot run` in its own OS process against an emulator in the test's process, so a
test can kill it (-9) and start it again, as a host's crash or power cut would."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.emulator.emulator import Emulator, no_long_thinking
from bot.sandbox.serve import connection_lines
from bot.sandbox.world import World, build_world


class BotProcess:
    """Starts, kills and stops `python -m bot run`; its log goes to `log` (appended)."""

    def __init__(self, emu: Emulator, folder: Path) -> None:
        self.emu = emu
        self.folder = folder
        self.log = folder / "bot.log"
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0

    def environment(self) -> dict[str, str]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
        pairs = dict(line.split("=", 1) for line in connection_lines(self.emu))
        return {
            **clean,
            **pairs,
            "BALINT_DATABASE__PATH": str(self.folder / "balint.sqlite3"),
            "BALINT_DISCORD__GUILD_READY_TIMEOUT": "0.05",
        }

    async def start(self, timeout: float = 60.0) -> None:  # noqa: ASYNC109
        """Start the process; return once it has identified on the gateway."""
        assert self.emu.gateway is not None
        self.emu.gateway.identified.clear()
        self.starts += 1
        with self.log.open("a") as log:
            log.write(f"--- start {self.starts}\n")
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run",
                cwd=self.folder, env=self.environment(), stdout=log, stderr=log,
            )  # fmt: skip
        identified = asyncio.ensure_future(self.emu.gateway.identified.wait())
        exited = asyncio.ensure_future(self.proc.wait())
        done, _ = await asyncio.wait(
            {identified, exited}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        identified.cancel()
        if exited in done:
            pytest.fail(f"balint-bot run exited with {self.proc.returncode}:\n{self.log_text()}")
        exited.cancel()
        if not done:
            pytest.fail(f"balint-bot run did not connect within {timeout} s:\n{self.log_text()}")

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as in a crash."""
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()

    async def stop(self, timeout: float = 30.0) -> int:  # noqa: ASYNC109
        """SIGTERM: the bot closes as a service manager would ask it to."""
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.proc.wait(), timeout)

    def log_text(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    emu = Emulator()
    emu.interaction_checks.append(no_long_thinking)  # ours, not Discord's (see e2e)
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture
def world(emulator: Emulator) -> World:
    return build_world(emulator)


@pytest.fixture
async def bot_process(emulator: Emulator, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(emulator, tmp_path)
    yield process
    if process.proc is not None and process.proc.returncode is None:
        await process.kill()
