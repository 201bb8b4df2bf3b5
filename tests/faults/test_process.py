"""`balint-bot run` as a separate process against a local Discord, from its command line: it
connects and works, stops on SIGTERM, and a bad token or no network gives one clear line
(no traceback, no colour codes in a redirected log) with retries for the network."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from bot.emulator.emulator import Emulator
from bot.sandbox.world import World
from tests.faults.conftest import BotProcess

README = (Path(__file__).parents[2] / "README.md").read_text()
BALINT_BOT = Path(sys.executable).with_name("balint-bot")  # as the README installs it


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    return {**env, **extra}


def cli(
    *args: str, cwd: Path, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def plain(log: str) -> None:
    assert "\x1b[" not in log, "colour codes in a redirected log"
    assert "Traceback" not in log, log


async def test_run_works_against_a_local_discord_and_stops_on_sigterm(
    bot_process: BotProcess, world: World
) -> None:
    await bot_process.start()
    r = await world.leader.slash(
        "group setup",
        channel=world.channel,
        name="Thursday",
        weekday=3,
        start_time="09:00",
        # the bot's process keeps the real clock: a year from tomorrow, never one begun
        start_date=(date.today() + timedelta(days=1)).isoformat(),
        end_date=(date.today() + timedelta(days=300)).isoformat(),
        leader_role=world.leader_role,
        trainee_role=world.trainee_role,
        timeout=15,
    )
    assert "Group set up" in r.text, r.text
    assert await bot_process.stop() == 0
    log = bot_process.log_text()
    plain(log)
    assert " ERROR " not in log, log


async def test_a_bad_token_is_one_clear_line(emulator: Emulator, tmp_path: Path) -> None:
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


async def test_server_members_intent_off_in_the_portal_is_one_clear_line(
    emulator: Emulator, tmp_path: Path
) -> None:
    """Discord closes the IDENTIFY with 4014 (Disallowed intents) when a privileged intent the
    bot asks for is off in the Developer Portal; the bot says which one to turn on, in one line."""
    emulator.portal_intents = 0
    env = clean_env(
        DISCORD_TOKEN=emulator.bot_token,
        BALINT_DISCORD__API_URL=emulator.base_url,
        BALINT_DISCORD__GATEWAY_URL=emulator.gateway_url,
        BALINT_DATABASE__PATH=str(tmp_path / "b.sqlite3"),
    )
    proc = await _spawn("run", cwd=tmp_path, env=env)
    _, err = await proc.communicate()
    text = err.decode()
    assert proc.returncode == 1, text
    assert text.strip().splitlines()[-1] == (
        "balint-bot: enable the Server Members intent for the bot in the developer portal "
        "(Bot -> Privileged Gateway Intents)."
    )
    plain(text)
    assert any("close 4014" in n for n in emulator.notes)


def test_no_network_is_retried_with_backoff_one_line_each(tmp_path: Path) -> None:
    env = clean_env(
        DISCORD_TOKEN="x",
        BALINT_DISCORD__API_URL="http://127.0.0.1:9/api/v10",  # discard: nothing answers
        BALINT_DISCORD__GATEWAY_URL="ws://127.0.0.1:9/",
        BALINT_DATABASE__PATH=str(tmp_path / "b.sqlite3"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    try:
        retries: list[str] = []
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


def test_discord_addresses_are_loopback_only_unless_allowed(tmp_path: Path) -> None:
    remote = {
        "BALINT_DISCORD__API_URL": "http://192.0.2.1/api/v10",
        "BALINT_DISCORD__GATEWAY_URL": "ws://192.0.2.1/",
    }
    r = cli("check-config", cwd=tmp_path, env=clean_env(**remote))
    assert r.returncode == 2 and "only loopback addresses" in r.stderr, r.stderr
    allowed = clean_env(**remote, BALINT_DISCORD__ALLOW_REMOTE_URLS="true", DISCORD_TOKEN="x")
    assert cli("check-config", cwd=tmp_path, env=allowed).returncode == 0


def test_a_dns_name_that_looks_local_is_refused(tmp_path: Path) -> None:
    """The loopback check was once a prefix test on the host, so `127.0.0.1.nip.io`
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


def test_every_readme_command_runs(tmp_path: Path) -> None:
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
    emulator = subprocess.Popen(
        [sys.executable, "-m", "bot", "emulator", "--port", "0"], cwd=tmp_path,
        env=clean_env(), stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert emulator.stdout is not None
    try:
        assert "127.0.0.1:" in emulator.stdout.readline()
        line = emulator.stdout.readline()  # "KEY=value ... /path/to/balint-bot run"
        env = clean_env(**settings_in(line))
        env["BALINT_DATABASE__PATH"] = str(tmp_path / "data" / "balint.sqlite3")
        r = cli("sync", cwd=tmp_path, env=env)
        assert r.returncode == 0 and "application commands synced" in r.stdout, r.stderr
        (tmp_path / "my.toml").write_text('[logging]\nlevel = "INFO"\n')
        run = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", "my.toml"], cwd=tmp_path, env=env,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert run.stderr is not None
        try:
            deadline = time.monotonic() + 60
            said = []
            while "has connected to Gateway" not in (line := run.stderr.readline()):
                assert line and time.monotonic() < deadline, "run did not connect"
                said.append(line)
            # where the files to back up are, as absolute paths (README "Running it on a real
            # Discord server": a bot started by hand keeps them under the folder it started in)
            database = tmp_path / "data" / "balint.sqlite3"
            key = Path(env["BALINT_SECRET__KEY_FILE"])  # the emulator's throwaway one
            assert [x for x in said if f"database {database}, anonymity key {key}" in x], said
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


def settings_in(line: str) -> dict[str, str]:
    """The KEY=value pairs of a printed shell line."""
    words = [w for w in shlex.split(line) if "=" in w]
    return dict(w.split("=", 1) for w in words if w.split("=", 1)[0].isupper())


def test_the_emulator_prints_a_line_that_runs_as_typed_and_a_console_to_act_in(
    tmp_path: Path,
) -> None:
    """`balint-bot emulator` once printed `DISCORD_TOKEN=emulator-token balint-bot run`,
    which failed as typed (the README installs into .venv/), and nobody could act as a member.
    Now the printed line runs as it is, from any folder, with a leader's own --config and a
    throwaway database; and with --interactive the leader acts as the demo people."""
    home = tmp_path / "emulator"
    home.mkdir()
    console = subprocess.Popen(
        [str(BALINT_BOT), "emulator", "--port", "0", "--interactive"], cwd=home,
        env=clean_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert console.stdout is not None and console.stdin is not None
    bot = None
    try:
        assert "127.0.0.1:" in console.stdout.readline()
        line = console.stdout.readline().strip()
        assert line.endswith(f"{BALINT_BOT} run"), line
        # the leader's own settings, from another folder: pasted as printed, plus --config
        mine = tmp_path / "leader"
        mine.mkdir()
        (mine / "my.toml").write_text(
            '[database]\npath = "/nonexistent/real.sqlite3"\n[feedback]\nmin_responses = 6\n'
        )
        bot = subprocess.Popen(
            ["bash", "-c", f"{line} --config my.toml"], cwd=mine,
            env=clean_env(), stderr=subprocess.DEVNULL,
        )  # fmt: skip
        # what the leader types (the console waits for the bot to connect before reading it)
        start = date.today() + timedelta(days=1)
        setup = (
            "dr-okafor: /group setup channel:#balint-thursday name:Thursday Balint group "
            f"weekday:Thursday start_time:09:00 start_date:{start} "
            f"end_date:{start + timedelta(days=300)} leader_role:Balint leader "
            "trainee_role:Core trainee"
        )
        out, _ = console.communicate(f"{setup}\nalice: /volunteer\nwait 1d\nquit\n", timeout=120)
        assert console.returncode == 0, out
        assert "Your bot is connected" in out and "e.g.:\n  dr-okafor: /group setup" in out, out
        assert "Group set up" in out and "Thank you" in out, out
        assert "time runs at its own pace here" in out, out
        assert not (mine / "data").exists()  # the throwaway database, never the leader's own
    finally:
        for proc in (console, bot):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)


async def _spawn(*args: str, cwd: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
