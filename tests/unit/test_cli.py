"""The `balint-bot` command line, run as a real process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

README = (Path(__file__).parents[2] / "README.md").read_text()


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
    assert "min_responses = 6" in r.stdout and 'level = "DEBUG"' in r.stdout
    assert "super-secret-token" not in r.stdout and "hidden" in r.stdout


def test_options_work_after_the_subcommand_too(tmp_path: Path):
    (tmp_path / "my.toml").write_text('[logging]\nlevel = "WARNING"\n')
    (tmp_path / "my.env").write_text("BALINT_FEEDBACK__MIN_RESPONSES=7\n")
    r = run_cli("check-config", "--config", "my.toml", "--env-file", "my.env", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'level = "WARNING"' in r.stdout and "min_responses = 7" in r.stdout
    r = run_cli("db", "migrate", "--config", "nowhere.toml", cwd=tmp_path)
    assert r.returncode == 2 and "config file not found: nowhere.toml" in r.stderr


def test_each_subcommand_help_lists_its_options(tmp_path: Path):
    for command in (
        ["run"],
        ["sync"],
        ["check-config"],
        ["sandbox"],
        ["emulator"],
        ["db", "backup"],
    ):
        r = run_cli(*command, "--help", cwd=tmp_path)
        assert r.returncode == 0 and "--config FILE" in r.stdout and "--env-file FILE" in r.stdout
    assert "--new-database" in run_cli("run", "--help", cwd=tmp_path).stdout


def test_check_config_prints_toml_that_reads_back_as_the_same_settings(tmp_path: Path):
    env = {"BALINT_DISCORD__DEV_GUILD_IDS": "[1, 2]", "BALINT_DATABASE__PATH": 'x "quoted" \\ é'}
    r = run_cli("check-config", cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    parsed = tomllib.loads(r.stdout)  # valid TOML: true not True, "..." not '...'
    assert parsed["scheduler"]["coalesce"] is True and parsed["discord"]["dev_guild_ids"] == [1, 2]
    (tmp_path / "copy.toml").write_text(r.stdout)
    again = run_cli("check-config", "--config", "copy.toml", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == r.stdout


def test_readme_environment_example_is_accepted(tmp_path: Path):
    """README, Settings: `BALINT_FEEDBACK__MIN_RESPONSES=6` alone (the comment threshold follows)."""
    assert "BALINT_FEEDBACK__MIN_RESPONSES=6" in README
    r = run_cli("check-config", cwd=tmp_path, env={"BALINT_FEEDBACK__MIN_RESPONSES": "6"})
    assert r.returncode == 0, r.stderr
    assert tomllib.loads(r.stdout)["feedback"]["min_responses"] == 6


def test_a_broken_pipe_is_no_traceback(tmp_path: Path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    r = subprocess.run(
        f"{sys.executable} -m bot check-config | head -c 10",
        shell=True,
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.stdout == "# effectiv" and "Traceback" not in r.stderr, r.stderr


def test_db_backup_without_a_database_refuses_and_creates_nothing(tmp_path: Path):
    env = {"BALINT_DATABASE__PATH": str(tmp_path / "data" / "b.sqlite3")}
    r = run_cli("db", "backup", "b1.sqlite3", cwd=tmp_path, env=env)
    assert r.returncode == 1 and "no database at" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


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
