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
import tomllib
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
            if line.startswith(("systemctl ", "git ")) or "/.venv/bin/pip " in line:
                continue  # needs a real host: systemd, the network (the install has its test)
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


def test_the_systemd_unit_verifies_and_its_command_line_is_ours(tmp_path: Path) -> None:
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


def test_a_backup_then_an_upgrade_applies_the_new_migrations(host: Host) -> None:
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


def test_restoring_a_backup_brings_back_its_data_and_drops_the_old_wal(host: Host) -> None:
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


def test_a_lost_key_is_refused_and_the_readme_makes_a_new_one(host: Host) -> None:
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


def test_the_readme_install_builds_a_wheel_with_all_the_bot_needs(tmp_path: Path) -> None:
    """README "Installing it", the one supported install: the wheel it builds holds everything
    the bot reads at run time (the default settings, the migrations, the de-identification word
    lists, the emulator's OpenAPI description), and the installed command works from any folder.
    The wheel is installed here without its dependencies (this environment has them), by the
    README's own pip line otherwise; the service's unit starts the command that install makes."""
    steps = readme_block("### Installing it")
    venv = re.search(r"python3 -m venv (\S+)$", steps[0])
    assert venv and f"ExecStart={venv[1]}/bin/balint-bot " in UNIT.read_text(), steps
    build = next(line for line in steps if " wheel " in line)
    install = next(line for line in steps if " install " in line and "-c constraints.txt" in line)
    assert "--no-deps" in build and "--no-deps" not in install  # the constraints pin every version
    wheels = tmp_path / "wheels"
    build = build.split("&& ", 1)[1].replace(f"{venv[1]}/bin/pip", f"{sys.executable} -m pip")
    build = build.replace("/tmp/balint-wheel", str(wheels))
    r = subprocess.run(["bash", "-c", build], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    (wheel,) = wheels.glob("balint_bot-*.whl")
    target = tmp_path / "site"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
         str(wheel)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    env.update(PYTHONPATH=str(target), DISCORD_TOKEN="x", BALINT_DATABASE__PATH="db/b.sqlite3")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def bb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args], cwd=elsewhere, env=env,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    where = bb("check-config")  # the packaged default settings
    assert where.returncode == 0 and "who_has_case_hours = 72" in where.stdout, where.stderr
    assert "schema version" in bb("db", "migrate").stdout  # the packaged migrations
    code = (
        "import bot, bot.domain.deidentify as d, bot.emulator._validation as v;"
        "print(bot.__file__); print([f.kind for f in d.scan('Mrs Okonkwo from Barnsley came')]);"
        "print(v.SPEC_PATH.is_file() and v.SPEC_PATH.stat().st_size > 100_000)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].startswith(str(target)), r.stdout  # the wheel's, not ours
    assert "'place'" in r.stdout.splitlines()[1], r.stdout  # the word lists: a town is caught
    assert r.stdout.splitlines()[2] == "True", r.stdout


def test_the_container_recipe_builds_the_same_wheel_with_the_same_constraints() -> None:
    """config/Dockerfile (README "Running it in a container"; CI builds it where a container
    engine runs): it copies everything the wheel is built from, leaves none of it out of the
    build context, installs with constraints.txt and runs as an unprivileged user on /data."""
    recipe = (ROOT / "config" / "Dockerfile").read_text()
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    roots = {name.split(".")[0] for name in project["tool"]["setuptools"]["packages"]}
    roots |= set(project["tool"]["setuptools"]["package-dir"].values())
    needed = roots | {"pyproject.toml", "constraints.txt", project["project"]["readme"], "LICENSE"}
    copied = {
        word.rstrip("/")
        for line in recipe.splitlines()
        if line.startswith("COPY ") and "--from" not in line
        for word in line.split()[1:-1]
    }
    assert needed <= copied, needed - copied
    assert not needed & ignored, needed & ignored
    assert "pip install --no-cache-dir -c /wheels/constraints.txt /wheels/*.whl" in recipe
    assert "USER balint" in recipe and "BALINT_DATABASE__PATH=/data/" in recipe
    assert 'ENTRYPOINT ["balint-bot"]' in recipe and 'CMD ["run"]' in recipe
    assert "-f config/Dockerfile" in README
