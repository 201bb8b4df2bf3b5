"""`balint-bot run` as a separate process against a local Discord (issue 11 #8; issue 13's command
line): it connects and works, stops on SIGTERM, and a bad token or no network gives one clear line
(no traceback, no colour codes in a redirected log) with retries for the network."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from bot.emulator.emulator import Emulator
from bot.sandbox.world import World

README = (Path(__file__).parents[2] / "README.md").read_text()


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    return {**env, **extra}


def cli(
    *args: str, cwd: Path, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def plain(log: str) -> None:
    assert "\x1b[" not in log, "colour codes in a redirected log"
    assert "Traceback" not in log, log


async def test_run_works_against_a_local_discord_and_stops_on_sigterm(bot_process, world: World):
    await bot_process.start()
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        name="Thursday",
        weekday=3,
        start_time="09:00",
        start_date="2026-12-03",
        end_date="2027-07-29",
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        timeout=15,
    )
    assert "Group set up" in r.text, r.text
    assert await bot_process.stop() == 0
    log = bot_process.log_text()
    plain(log)
    assert " ERROR " not in log, log


async def test_a_bad_token_is_one_clear_line(emulator: Emulator, tmp_path: Path):
    env = clean_env(
        DISCORD_TOKEN="not-the-token",
        BALINT_DISCORD__API_URL=emulator.base_url,
        BALINT_DISCORD__GATEWAY_URL=emulator.gateway_url,
        BALINT_DATABASE__PATH=str(tmp_path / "b.sqlite3"),
    )
    proc = await _spawn("run", cwd=tmp_path, env=env)
    _, err = await proc.communicate()
    text = err.decode()
    assert proc.returncode == 1, text
    assert text.strip().splitlines()[-1] == (
        "balint-bot: Discord refused the token; reset it in the developer portal."
    )
    plain(text)


def test_no_network_is_retried_with_backoff_one_line_each(tmp_path: Path):
    env = clean_env(
        DISCORD_TOKEN="x",
        BALINT_DISCORD__API_URL=f"http://127.0.0.1:{free_port()}/api/v10",
        BALINT_DISCORD__GATEWAY_URL="ws://127.0.0.1:9/",
        BALINT_DATABASE__PATH=str(tmp_path / "b.sqlite3"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        retries = []
        while len(retries) < 2:
            line = proc.stderr.readline()
            assert line, "the process ended instead of retrying"
            plain(line)
            if line.startswith("balint-bot: "):
                retries.append(line)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert all("cannot reach Discord (ClientConnectorError" in line for line in retries), retries
    assert "trying again in 2 s" in retries[0] and "trying again in 4 s" in retries[1]


def test_discord_addresses_are_loopback_only_unless_allowed(tmp_path: Path):
    remote = {
        "BALINT_DISCORD__API_URL": "http://192.0.2.1/api/v10",
        "BALINT_DISCORD__GATEWAY_URL": "ws://192.0.2.1/",
    }
    r = cli("check-config", cwd=tmp_path, env=clean_env(**remote))
    assert r.returncode == 2 and "only loopback addresses" in r.stderr, r.stderr
    allowed = clean_env(**remote, BALINT_DISCORD__ALLOW_REMOTE_URLS="true", DISCORD_TOKEN="x")
    assert cli("check-config", cwd=tmp_path, env=allowed).returncode == 0


def test_a_dns_name_that_looks_local_is_refused(tmp_path: Path):
    """Issue 20, leak 5: the loopback check was a prefix test on the host, so `127.0.0.1.nip.io`
    (a public DNS name that anyone can point anywhere) passed, and the bot would have sent its
    token there. Only a loopback IP literal or exactly `localhost` is accepted."""
    looks_local = {
        "BALINT_DISCORD__API_URL": "http://127.0.0.1.nip.io:8765/api/v10",
        "BALINT_DISCORD__GATEWAY_URL": "ws://127.0.0.1.nip.io:8765/",
    }
    r = cli("check-config", cwd=tmp_path, env=clean_env(**looks_local))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "127.0.0.1.nip.io" in r.stderr and "only loopback addresses" in r.stderr, r.stderr
    assert "IP address" in r.stderr and "localhost" in r.stderr, r.stderr  # what to write instead


def test_every_readme_command_runs(tmp_path: Path):
    """Each command of README's command-line table, run as a host would (`sandbox` has its own
    test in tests/e2e/test_sandbox.py): emulator, run and sync against it, check-config,
    db migrate, db backup."""
    table = set(re.findall(r"^\| `balint-bot ([a-z-]+(?: [a-z-]+)?)", README, re.M))
    # sandbox: tests/e2e/test_sandbox.py; verify: tests/e2e/test_records.py; db new-key: the
    # README's lost-key steps in tests/e2e/test_running_for_real.py
    assert table == {
        "run", "sandbox", "emulator", "sync", "check-config", "db migrate", "db backup",
        "db new-key", "verify",
    }  # fmt: skip
    port = free_port()
    emulator = subprocess.Popen(
        [sys.executable, "-m", "bot", "emulator", "--port", str(port)], cwd=tmp_path,
        env=clean_env(), stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert f"127.0.0.1:{port}" in emulator.stdout.readline()
        pairs = emulator.stdout.readline().split()[:-2]  # "KEY=value ... balint-bot run"
        env = clean_env(**dict(p.split("=", 1) for p in pairs))
        env["BALINT_DATABASE__PATH"] = str(tmp_path / "data" / "balint.sqlite3")
        r = cli("sync", cwd=tmp_path, env=env)
        assert r.returncode == 0 and "application commands synced" in r.stdout, r.stderr
        (tmp_path / "my.toml").write_text('[logging]\nlevel = "INFO"\n')
        run = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", "my.toml"], cwd=tmp_path, env=env,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            said = []
            while "has connected to Gateway" not in (line := run.stderr.readline()):
                assert line and time.monotonic() < deadline, "run did not connect"
                said.append(line)
            # the bot uses no voice: discord.py's "PyNaCl / davey is not installed" alarms nobody
            assert not [x for x in said if "voice will NOT be supported" in x], said
        finally:
            run.terminate()
            assert run.wait(timeout=30) == 0
    finally:
        emulator.terminate()
        assert emulator.wait(timeout=30) == 0
    env = clean_env(BALINT_FEEDBACK__MIN_RESPONSES="6", BALINT_DATABASE__PATH="data/balint.sqlite3")
    assert cli("check-config", cwd=tmp_path, env={**env, "DISCORD_TOKEN": "x"}).returncode == 0
    r = cli("db", "migrate", cwd=tmp_path, env=env)
    assert r.returncode == 0 and "up to date" in r.stdout, r.stderr
    r = cli("db", "backup", "b1.sqlite3", cwd=tmp_path, env=env)
    assert r.returncode == 0 and (tmp_path / "b1.sqlite3").stat().st_size > 0, r.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _spawn(*args: str, cwd: Path, env: dict[str, str]):
    import asyncio

    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
