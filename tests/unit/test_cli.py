"""The `balint-bot` command line, run as a real process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_run_without_a_token_exits_2_with_one_clear_line(tmp_path: Path):
    r = run_cli("run", cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "DISCORD_TOKEN" in lines[0] and "balint-bot sandbox" in lines[0]


def test_check_config_prints_settings_and_masks_secrets(tmp_path: Path):
    (tmp_path / "my.toml").write_text(
        "[feedback]\nmin_responses = 6\nmin_responses_for_comments = 6\n"
    )
    r = run_cli(
        "--config",
        "my.toml",
        "check-config",
        cwd=tmp_path,
        env={"DISCORD_TOKEN": "super-secret-token", "BALINT_LOGGING__LEVEL": "DEBUG"},
    )
    assert r.returncode == 0, r.stderr
    assert "min_responses = 6" in r.stdout and "level = 'DEBUG'" in r.stdout
    assert "super-secret-token" not in r.stdout and "hidden" in r.stdout


def test_bad_settings_exit_2_naming_the_setting(tmp_path: Path):
    r = run_cli("check-config", cwd=tmp_path, env={"BALINT_FEEDBACK__MIN_RESPONSES": "2"})
    assert r.returncode == 2 and "feedback.min_responses" in r.stderr


def test_db_migrate_then_backup(tmp_path: Path):
    env = {"BALINT_DATABASE__PATH": str(tmp_path / "data" / "b.sqlite3")}
    r = run_cli("db", "migrate", cwd=tmp_path, env=env)
    assert r.returncode == 0 and "schema version" in r.stdout, r.stderr
    r = run_cli("db", "migrate", cwd=tmp_path, env=env)
    assert "up to date" in r.stdout
    r = run_cli("db", "backup", str(tmp_path / "copy.sqlite3"), cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] >= 1
    con.close()
    r = run_cli("db", "backup", str(tmp_path / "copy.sqlite3"), cwd=tmp_path, env=env)
    assert r.returncode == 1 and "already exists" in r.stderr
