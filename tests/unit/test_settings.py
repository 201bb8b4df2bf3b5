import dataclasses
import tomllib
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, default_config_text, load_settings


def test_defaults_load_and_match_the_documented_file() -> None:
    s = load_settings(environ={})
    assert s.feedback.min_responses == 5
    assert s.sessions.who_has_case_hours == 72
    assert s.database.path == "data/balint.sqlite3"
    assert "[feedback]" in default_config_text()


def test_every_default_in_the_code_is_the_documented_one() -> None:
    """The defaults live twice, in the settings' dataclasses and in config/default.toml (which
    documents each): every setting of either is in the other, with the same value."""
    documented = tomllib.loads(default_config_text())
    code = dataclasses.asdict(Settings())
    assert set(documented) == set(code)
    for section, values in code.items():
        assert set(documented[section]) == set(values), section
        for name, value in values.items():
            expected = list(value) if isinstance(value, tuple) else value
            assert documented[section][name] == expected, f"{section}.{name}"
    assert load_settings(environ={}) == Settings()


def test_config_file_then_environment_override(tmp_path: Path) -> None:
    cfg = tmp_path / "my.toml"
    cfg.write_text(
        '[database]\npath = "/srv/balint.db"\n[feedback]\nmin_responses = 6\nmin_responses_for_comments = 8\n'
    )
    s = load_settings(
        cfg, environ={"BALINT_DATABASE__PATH": "/other.db", "BALINT_SCHEDULER__COALESCE": "false"}
    )
    assert s.database.path == "/other.db"
    assert s.feedback.min_responses == 6
    assert s.scheduler.coalesce is False
    assert s.key_file_path == Path("/other.db.key")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[feedback]\nmin_responses = 2\n", "at least 3"),
        ("[feedbak]\nmin_responses = 5\n", "unknown settings section"),
        ("[feedback]\nmin_respones = 5\n", "unknown setting feedback.min_respones"),
        ('[feedback]\nmin_responses = "five"\n', "whole number"),
        ("[logging]\nlevel = 'LOUD'\n", "logging.level"),
        ("not toml = = =", "not valid TOML"),
        ("[phases]\npushback_minutes = 0\n", "phases.pushback_minutes must be between 1 and 120"),
        ("[phases]\npushback_minutes = 120\npresentation_minutes = 120\n", "longest session"),
        ("[leaders]\naccreditation_co_led = -1\n", "leaders.accreditation_co_led must be 0"),
    ],
)
def test_bad_settings_are_refused_with_the_setting_named(
    tmp_path: Path, text: str, message: str
) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text)
    with pytest.raises(SettingsError, match=message):
        load_settings(cfg, environ={})


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_pulse_wording_is_a_setting_of_exactly_four_statements(tmp_path: Path) -> None:
    from bot.domain.feedback import worded_items

    cfg = tmp_path / "w.toml"
    cfg.write_text('[feedback]\npulse_wording = ["A", "B", "C", "D"]\n')
    s = load_settings(cfg, environ={})
    assert s.feedback.pulse_wording == ["A", "B", "C", "D"]
    items = worded_items("pulse", s.feedback.pulse_wording)
    assert [i.text for i in items] == ["A", "B", "C", "D"]
    assert [i.key for i in items][0] == "think_differently"  # results stay comparable
    assert worded_items("pulse")[0].text.startswith("Today's discussion")  # nothing kept
    cfg.write_text('[feedback]\npulse_wording = ["only one"]\n')
    with pytest.raises(SettingsError, match="exactly 4 statements"):
        load_settings(cfg, environ={})
    cfg.write_text("[feedback]\npulse_wording = [1, 2, 3, 4]\n")
    with pytest.raises(SettingsError, match="list of texts"):
        load_settings(cfg, environ={})


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1.nip.io", "127.evil.example", "localhost.evil.example", "127.1", "0.0.0.0",
     "192.0.2.1", "[::ffff:192.0.2.1]", "localhost."],
)  # fmt: skip
def test_discord_urls_accept_no_name_that_only_looks_local(host: str) -> None:
    """Not a DNS name that looks local: only an IP literal that is loopback, or exactly `localhost`."""
    environ = {
        "BALINT_DISCORD__API_URL": f"http://{host}:8765/api/v10",
        "BALINT_DISCORD__GATEWAY_URL": f"ws://{host}:8765/",
    }
    with pytest.raises(SettingsError, match="only loopback addresses"):
        load_settings(environ=environ)
    allowed = load_settings(environ={**environ, "BALINT_DISCORD__ALLOW_REMOTE_URLS": "true"})
    assert allowed.discord.api_url == environ["BALINT_DISCORD__API_URL"]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "[::1]"])
def test_discord_urls_on_this_machine_are_accepted(host: str) -> None:
    s = load_settings(
        environ={
            "BALINT_DISCORD__API_URL": f"http://{host}:8765/api/v10",
            "BALINT_DISCORD__GATEWAY_URL": f"ws://{host}:8765/",
        }
    )
    assert s.discord.api_url.startswith(f"http://{host}")
