"""README "Running it as a service": the systemd unit verifies, and the host's steps work as written.

The backup, upgrade, restore and lost-key steps are taken from the README's own code blocks and run
in a shell against a real database in a temporary folder standing in for /var/lib/balint-bot (the
`systemctl` and `git pull` lines are the only ones left out: they need a real host).
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from bot.app import open_storage
from bot.secret_key import SecretKeyError, load_or_create_key
from bot.settings import load_settings
from bot.store.db import _split_sql, available_migrations

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
UNIT = ROOT / "config" / "balint-bot.service"
BALINT_BOT = Path(sys.executable).with_name("balint-bot")


def readme_block(heading: str) -> list[str]:
    """The indented command lines under a README heading (up to the next heading)."""
    section = README.split(f"\n{heading}\n", 1)[1].split("\n#", 1)[0]
    return [line[4:] for line in section.splitlines() if line.startswith("    ")]


class Host:
    """A temporary stand-in for the service's folders; runs README lines as the service would."""

    def __init__(self, tmp: Path) -> None:
        self.state = tmp / "var-lib-balint-bot"
        self.state.mkdir(mode=0o700)
        (self.state / "backups").mkdir()
        self.toml = tmp / "balint.toml"
        self.toml.write_text(f'[database]\npath = "{self.state}/balint.sqlite3"\n')
        self.database = self.state / "balint.sqlite3"
        self.key = self.state / "balint.sqlite3.key"

    def run(self, lines: list[str]) -> subprocess.CompletedProcess[str]:
        script = ["set -euo pipefail"]
        bb = f"{BALINT_BOT} --config {self.toml}"
        for line in lines:
            line = line.split("   #", 1)[0].strip()
            if line.startswith(("systemctl ", "git ")):
                continue  # needs a real host: systemd, the network
            line = line.replace("sudo -u balint ", "")
            line = re.sub(r"^bb ", f"{bb} ", line)
            line = line.replace("/var/lib/balint-bot", str(self.state))
            script.append(line)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
        return subprocess.run(
            ["bash", "-c", "\n".join(script)],
            cwd=self.state,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def rows(self) -> list[str]:
        with closing(sqlite3.connect(self.database)) as conn:
            return [r[0] for r in conn.execute("SELECT value FROM meta WHERE key LIKE 'test:%'")]

    def note(self, value: str) -> None:
        with closing(sqlite3.connect(self.database)) as conn, conn:
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (f"test:{value}", value))


@pytest.fixture
def host(tmp_path: Path) -> Host:
    return Host(tmp_path)


def test_the_systemd_unit_verifies_and_its_command_line_is_ours(tmp_path: Path):
    analyze = subprocess.run(["which", "systemd-analyze"], capture_output=True, text=True)
    if analyze.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("systemd-analyze is missing; .ci/run installs it (apt-get install systemd)")
        pytest.skip("systemd-analyze is not installed (apt-get install systemd); CI installs it")
    text = UNIT.read_text()
    exec_start = re.search(r"^ExecStart=(\S+) (.*)$", text, re.M)
    assert exec_start and exec_start[1] == "/opt/balint-bot/.venv/bin/balint-bot"
    # verify checks that ExecStart exists: point it at this checkout's command
    unit = tmp_path / "balint-bot.service"
    unit.write_text(text.replace(exec_start[1], str(BALINT_BOT)))
    r = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0 and r.stderr.strip() == "", r.stderr
    # the unit's arguments are valid for our command line: without a token it says how to get one
    toml = tmp_path / "balint.toml"
    toml.write_text(f'[database]\npath = "{tmp_path}/balint.sqlite3"\n')
    args = exec_start[2].replace("/etc/balint-bot/balint.toml", str(toml)).split()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    r = subprocess.run(
        [str(BALINT_BOT), *args], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert r.returncode == 2 and "DISCORD_TOKEN" in r.stderr, r.stderr
    assert "[database]\\npath" in README and "balint.toml" in README


def test_a_backup_then_an_upgrade_applies_the_new_migrations(host: Host):
    # a database made by the previous release: every migration but the newest
    migrations = available_migrations()
    newest = max(migrations)
    with closing(sqlite3.connect(host.database)) as conn, conn:
        for version in sorted(v for v in migrations if v < newest):
            for statement in _split_sql(migrations[version]):
                conn.execute(statement)
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (?)", (newest - 1,))
    host.note("before the upgrade")
    r = host.run(readme_block("#### Upgrading"))
    assert r.returncode == 0, r.stderr
    assert f"schema version {newest} (applied [{newest}])" in r.stdout
    backups = list((host.state / "backups").glob("before-upgrade-*.sqlite3"))
    assert len(backups) == 1
    assert host.rows() == ["before the upgrade"]
    again = host.run(["bb db migrate"])
    assert f"schema version {newest} (up to date)" in again.stdout


def test_restoring_a_backup_brings_back_its_data_and_drops_the_old_wal(host: Host):
    assert host.run(["bb db migrate"]).returncode == 0
    host.key.write_text("ab" * 32 + "\n")
    host.key.chmod(0o600)
    host.note("in the backup")
    r = host.run(readme_block("#### Backups"))
    assert r.returncode == 0, r.stderr
    (made,) = (host.state / "backups").iterdir()
    # the README restores a dated file: use that name for the one just made
    restore = readme_block("#### Restoring a backup")
    named = re.search(r"backups/(\S+\.sqlite3)", " ".join(restore))
    assert named
    made.rename(made.with_name(named[1]))
    host.note("after the backup")
    # a bot that was killed leaves a WAL file beside the database: not to be applied to the copy
    live = sqlite3.connect(host.database)
    live.execute("PRAGMA journal_mode = WAL")
    live.execute("INSERT INTO meta (key, value) VALUES ('test:unsaved', 'unsaved')")
    live.commit()
    wal = Path(f"{host.database}-wal")
    left_behind = wal.read_bytes()
    live.close()
    wal.write_bytes(left_behind)
    r = host.run(restore)
    assert r.returncode == 0, r.stderr
    assert "up to date" in r.stdout
    assert host.rows() == ["in the backup"]
    assert load_or_create_key(host.key, host.database, environ={}) == bytes.fromhex("ab" * 32)


def test_a_lost_key_is_refused_and_the_readme_makes_a_new_one(host: Host):
    assert host.run(["bb db migrate"]).returncode == 0
    with pytest.raises(SecretKeyError, match="When the key is lost") as refused:
        load_or_create_key(host.key, host.database, environ={})
    steps = readme_block("#### When the key is lost")
    # the refusal names the command the README's steps use (it said `run --new-key` once)
    told = re.findall(r"`balint-bot ([a-z -]+)`", str(refused.value))
    assert told == ["db new-key"] and "bb db new-key" in steps, (told, steps)
    r = host.run(steps)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(host.key.stat().st_mode) == 0o600
    key = load_or_create_key(host.key, host.database, environ={})
    assert len(key) == 32
    # the new key is now the database's own: the bot's start-up check accepts it
    assert host.run(["bb db new-key"]).returncode == 1  # only for a lost key
    assert asyncio.run(key_the_bot_starts_with(host)) == key


async def key_the_bot_starts_with(host: Host) -> bytes:
    db, key = await open_storage(load_settings(host.toml, environ={}))
    await db.close()
    return key
