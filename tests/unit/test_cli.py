"""The `balint-bot` command line, run as a real process."""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

README = (Path(__file__).parents[2] / "README.md").read_text()


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_run_without_a_token_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    r = run_cli("run", cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "DISCORD_TOKEN" in lines[0] and "balint-bot sandbox" in lines[0]


def test_check_config_prints_settings_and_masks_secrets(tmp_path: Path) -> None:
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


def test_options_work_after_the_subcommand_too(tmp_path: Path) -> None:
    (tmp_path / "my.toml").write_text('[logging]\nlevel = "WARNING"\n')
    (tmp_path / "my.env").write_text("BALINT_FEEDBACK__MIN_RESPONSES=7\n")
    (tmp_path / "my.env").write_text("BALINT_FEEDBACK__MIN_RESPONSES=7\nDISCORD_TOKEN=x\n")
    r = run_cli("check-config", "--config", "my.toml", "--env-file", "my.env", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'level = "WARNING"' in r.stdout and "min_responses = 7" in r.stdout
    r = run_cli("db", "migrate", "--config", "nowhere.toml", cwd=tmp_path)
    assert r.returncode == 2 and "config file not found: nowhere.toml" in r.stderr


def test_each_subcommand_help_lists_its_options(tmp_path: Path) -> None:
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


def test_check_config_prints_toml_that_reads_back_as_the_same_settings(tmp_path: Path) -> None:
    env = {
        "BALINT_DISCORD__DEV_GUILD_IDS": "[1, 2]",
        "BALINT_DATABASE__PATH": 'x "quoted" \\ é',
        "DISCORD_TOKEN": "x",
    }
    r = run_cli("check-config", cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    parsed = tomllib.loads(r.stdout)  # valid TOML: true not True, "..." not '...'
    assert parsed["scheduler"]["coalesce"] is True and parsed["discord"]["dev_guild_ids"] == [1, 2]
    (tmp_path / "copy.toml").write_text(r.stdout)
    again = run_cli(
        "check-config", "--config", "copy.toml", cwd=tmp_path, env={"DISCORD_TOKEN": "x"}
    )
    assert again.returncode == 0 and again.stdout == r.stdout


def test_readme_environment_example_is_accepted(tmp_path: Path) -> None:
    """README, Settings: `BALINT_FEEDBACK__MIN_RESPONSES=6` alone (the comment threshold follows)."""
    assert "BALINT_FEEDBACK__MIN_RESPONSES=6" in README
    r = run_cli(
        "check-config",
        cwd=tmp_path,
        env={"BALINT_FEEDBACK__MIN_RESPONSES": "6", "DISCORD_TOKEN": "x"},
    )
    assert r.returncode == 0, r.stderr
    assert tomllib.loads(r.stdout)["feedback"]["min_responses"] == 6


def test_a_broken_pipe_is_no_traceback(tmp_path: Path) -> None:
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


def test_db_backup_without_a_database_refuses_and_creates_nothing(tmp_path: Path) -> None:
    env = {"BALINT_DATABASE__PATH": str(tmp_path / "data" / "b.sqlite3")}
    r = run_cli("db", "backup", "b1.sqlite3", cwd=tmp_path, env=env)
    assert r.returncode == 1 and "no database at" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_bad_settings_exit_2_naming_the_setting(tmp_path: Path) -> None:
    r = run_cli("check-config", cwd=tmp_path, env={"BALINT_FEEDBACK__MIN_RESPONSES": "2"})
    assert r.returncode == 2 and "feedback.min_responses" in r.stderr


def test_a_misspelt_setting_says_what_was_meant(tmp_path: Path) -> None:
    """A host who wrote [group] or checkin_grace was told only 'unknown': now the nearest known
    name, and where every setting is listed."""
    (tmp_path / "my.toml").write_text("[group]\ndefault_timezone = 'Europe/London'\n")
    r = run_cli("check-config", "--config", "my.toml", cwd=tmp_path)
    assert r.returncode == 2 and "did you mean [groups]?" in r.stderr, r.stderr
    assert "config/default.toml lists every setting" in r.stderr
    r = run_cli("check-config", cwd=tmp_path, env={"BALINT_SESSIONS__CHECKIN_GRACE": "5"})
    assert r.returncode == 2 and "did you mean checkin_grace_minutes?" in r.stderr, r.stderr
    r = run_cli("check-config", cwd=tmp_path, env={"BALINT_SESSIONS__XYZZY": "5"})
    assert r.returncode == 2 and "sessions.xyzzy" in r.stderr and "did you mean" not in r.stderr


def test_db_migrate_then_backup(tmp_path: Path) -> None:
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


def test_check_config_refuses_a_week_out_of_order_saying_what_is_allowed(tmp_path: Path) -> None:
    """who_has_case_hours = -5 once posted "Who has a case?" after the session had ended,
    and an agenda before that post was accepted."""
    token = {"DISCORD_TOKEN": "x"}
    r = run_cli(
        "check-config", cwd=tmp_path, env={**token, "BALINT_SESSIONS__WHO_HAS_CASE_HOURS": "-5"}
    )
    assert r.returncode == 2, r.stdout
    assert (
        "sessions.who_has_case_hours must be from 1 to 168 (hours before the start), not -5"
        in r.stderr
    )
    r = run_cli(
        "check-config",
        cwd=tmp_path,
        env={
            **token,
            "BALINT_SESSIONS__WHO_HAS_CASE_HOURS": "24",
            "BALINT_SESSIONS__AGENDA_HOURS": "30",
        },
    )
    assert r.returncode == 2
    assert (
        "sessions.agenda_hours must be less than sessions.who_has_case_hours (24): the agenda "
        "goes out after the 'Who has a case?' post" in r.stderr
    ), r.stderr
    # nudges and the leaders' alert keep their turn too
    (tmp_path / "late.toml").write_text("[presenting]\nnudge_hours = 2\nleader_alert_hours = 6\n")
    r = run_cli("check-config", "--config", "late.toml", cwd=tmp_path, env=token)
    assert r.returncode == 2 and "presenting.leader_alert_hours must be less than" in r.stderr
    # a changed week that keeps its order is fine
    (tmp_path / "ok.toml").write_text("[sessions]\nwho_has_case_hours = 96\nagenda_hours = 48\n")
    assert run_cli("check-config", "--config", "ok.toml", cwd=tmp_path, env=token).returncode == 0


def test_check_config_without_a_token_exits_2_and_says_how_to_set_it(tmp_path: Path) -> None:
    """check-config once said all was well with no token, and `run` then stopped."""
    r = run_cli("check-config", cwd=tmp_path)
    assert r.returncode == 2
    assert "[sessions]" in r.stdout  # the settings are still shown
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "DISCORD_TOKEN is not set" in lines[0], r.stderr
    assert ".env" in lines[0] and "Reset Token" in lines[0]
    (tmp_path / ".env").write_text("DISCORD_TOKEN=from-the-env-file\n")  # as the message says
    r = run_cli("check-config", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == "", r.stderr


def _subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, set[str]]:
    """Every (nested) subcommand of the command line and its option strings."""
    found: dict[str, set[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = f"{prefix}{name}"
                found[path] = {o for a in sub._actions for o in a.option_strings}
                found.update(_subcommands(sub, path + " "))
    return found


def test_every_command_and_option_the_docs_name_exists() -> None:
    """A newcomer types what the README and docs/ say: every `balint-bot COMMAND --option` they
    name is a command of the real command line with that option (`sandbox --no-group` was added
    with its README line; a renamed option would otherwise leave the docs naming one that is not
    there)."""
    from bot.__main__ import _parser

    commands = _subcommands(_parser())
    root = Path(__file__).parents[2]
    named = 0
    for doc in [
        root / "README.md",
        root / "CONTRIBUTING.md",
        *sorted((root / "docs").glob("*.md")),
    ]:
        for m in re.finditer(r"balint-bot ((?:db )?[a-z][a-z-]*)([^`|\n]*)", doc.read_text()):
            if m[1] not in commands:
                continue  # e.g. "balint-bot --config": an option of the command line itself
            named += 1
            for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", m[2]):
                assert option in commands[m[1]], f"{doc.name}: balint-bot {m[1]} {option}"
    assert named >= 20
    assert "--no-group" in commands["sandbox"]
