"""Settings: config/default.toml, an optional config file and the environment -> one typed object.

Every setting has its default documented in config/default.toml (installed as bot/defaults). A config
file overrides the defaults; BALINT_<SECTION>__<KEY> environment variables override both. Unknown keys
and wrong types are errors with a message that names the setting, so a typo never goes unnoticed.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, get_type_hints

from bot.domain.phases import minutes_problems

ENV_PREFIX = "BALINT_"


class SettingsError(ValueError):
    """A setting is missing, unknown or has the wrong type or range."""


@dataclass(frozen=True)
class DiscordSettings:
    dev_guild_ids: list[int] = field(default_factory=list)
    guild_ready_timeout: float = 2.0
    # Gateway shards: 0 = as many as Discord recommends (about one per 1,000 servers).
    shard_count: int = 0
    # Another Discord (a local emulator for crash tests): "" = the real one.
    api_url: str = ""
    gateway_url: str = ""
    allow_remote_urls: bool = False


@dataclass(frozen=True)
class DatabaseSettings:
    path: str = "data/balint.sqlite3"
    busy_timeout_ms: int = 5000


@dataclass(frozen=True)
class SecretSettings:
    key_file: str = ""


@dataclass(frozen=True)
class SchedulerSettings:
    misfire_grace_seconds: int = 0
    coalesce: bool = True
    horizon_days: int = 8


@dataclass(frozen=True)
class LoggingSettings:
    level: str = "INFO"


@dataclass(frozen=True)
class GroupSettings:
    default_duration_minutes: int = 75
    default_timezone: str = "Europe/London"
    min_members: int = 6
    max_members: int = 12
    min_months: int = 6


@dataclass(frozen=True)
class SessionSettings:
    who_has_case_hours: int = 72
    agenda_hours: int = 24
    opening_minutes: int = 10
    checkin_grace_minutes: int = 5
    drift_alert_absences: int = 2
    events_ahead: int = 4
    # Attendance from joining the group's voice or stage channel (needs the voice-states intent).
    voice_attendance: bool = False


@dataclass(frozen=True)
class AttendanceSettings:
    target_sessions: int = 25
    # satisfactory CBDGAs the scheme asks for (0: not counted)
    target_assessments: int = 2
    keep_ledger_years: int = 2
    assessment_months: int = 6


@dataclass(frozen=True)
class PresentingSettings:
    two_slots_from_minutes: int = 90
    nudge_hours: int = 48
    nudge_count: int = 3
    leader_alert_hours: int = 2
    followup_weeks: int = 6


@dataclass(frozen=True)
class DraftSettings:
    expiry_hours: int = 24
    max_open_per_author_per_session: int = 3
    theme_max_chars: int = 100
    body_max_chars: int = 1500
    publish_full_text: bool = False


@dataclass(frozen=True)
class FeedbackSettings:
    min_responses: int = 5
    min_responses_for_comments: int = 5
    pulse_open_hours: int = 72
    pulse_reminder_hours: int = 48
    survey_days_before_end: int = 21
    survey_open_days: int = 14
    pulse_wording: list[str] = field(default_factory=list)
    # the survey's reminder to those who have not answered, this many days after it opens
    survey_reminder_days: int = 10
    # each reminder waits its own random delay within this many minutes of its due time
    reminder_window_minutes: int = 30


@dataclass(frozen=True)
class PhaseSettings:
    # The session's structure (/session start): each phase's minutes, in order.
    presentation_minutes: int = 10
    questions_minutes: int = 5
    pushback_minutes: int = 35
    return_minutes: int = 10
    close_minutes: int = 5

    def minutes(self) -> tuple[int, ...]:
        return (
            self.presentation_minutes,
            self.questions_minutes,
            self.pushback_minutes,
            self.return_minutes,
            self.close_minutes,
        )


@dataclass(frozen=True)
class LeaderSettings:
    # What /leader log measures a leader's record against (UK Balint Society accreditation).
    accreditation_co_led: int = 20
    accreditation_leadership_days: int = 2
    accreditation_member_sessions: int = 20


@dataclass(frozen=True)
class Settings:
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    secret: SecretSettings = field(default_factory=SecretSettings)
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    groups: GroupSettings = field(default_factory=GroupSettings)
    sessions: SessionSettings = field(default_factory=SessionSettings)
    attendance: AttendanceSettings = field(default_factory=AttendanceSettings)
    presenting: PresentingSettings = field(default_factory=PresentingSettings)
    drafts: DraftSettings = field(default_factory=DraftSettings)
    feedback: FeedbackSettings = field(default_factory=FeedbackSettings)
    leaders: LeaderSettings = field(default_factory=LeaderSettings)
    phases: PhaseSettings = field(default_factory=PhaseSettings)

    @property
    def database_path(self) -> Path:
        return Path(self.database.path)

    @property
    def key_file_path(self) -> Path:
        if self.secret.key_file:
            return Path(self.secret.key_file)
        return self.database_path.with_name(self.database_path.name + ".key")

    def replace(self, **sections: Any) -> Settings:
        """A copy with whole sections or single keys changed: replace(database={"path": "x"})."""
        changes = {}
        for name, value in sections.items():
            current = getattr(self, name)
            changes[name] = (
                dataclasses.replace(current, **value) if isinstance(value, Mapping) else value
            )
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return dataclasses.asdict(self)


def default_config_text() -> str:
    """The documented defaults: config/default.toml, installed as bot/defaults/ by `pip install .`.

    An editable install or a source checkout has no bot/defaults/, so fall back to config/ beside
    the package: the same file either way.
    """
    packaged = resources.files("bot").joinpath("defaults/default.toml")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    source = Path(__file__).resolve().parents[1] / "config" / "default.toml"
    return source.read_text(encoding="utf-8")


def load_settings(
    config_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults, then the config file, then BALINT_* environment variables; validated."""
    environ = os.environ if environ is None else environ
    merged: dict[str, dict[str, Any]] = tomllib.loads(default_config_text())
    if config_file is not None:
        path = Path(config_file)
        try:
            user = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SettingsError(f"config file not found: {path}") from None
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"config file {path} is not valid TOML: {exc}") from None
        _merge(merged, user, source=str(path))
    _merge(merged, _from_environment(environ), source="environment")
    settings = _build(merged)
    validate(settings)
    return settings


def _from_environment(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX) :].lower().partition("__")
        out.setdefault(section, {})[key] = _parse_env_value(raw)
    return out


def _parse_env_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def _merge(base: dict[str, dict[str, Any]], extra: Mapping[str, Any], *, source: str) -> None:
    sections = {f.name for f in dataclasses.fields(Settings)}
    for section, values in extra.items():
        if section not in sections:
            raise SettingsError(
                f"unknown settings section [{section}] in {source}"
                + _did_you_mean(section, sections, "[{}]")
            )
        if not isinstance(values, Mapping):
            raise SettingsError(f"[{section}] in {source} must be a table of settings")
        base.setdefault(section, {}).update(values)


def _did_you_mean(name: str, known: set[str], form: str) -> str:
    """The nearest known name, if one is near ('[group]' for '[groups]'), and where every
    setting is listed: a misspelt setting says what to type instead."""
    near = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return (f" (did you mean {form.format(near[0])}?)" if near else "") + (
        "; config/default.toml lists every setting"
    )


def _build(merged: Mapping[str, Mapping[str, Any]]) -> Settings:
    sections: dict[str, Any] = {}
    for section_field in dataclasses.fields(Settings):
        cls = get_type_hints(Settings)[section_field.name]
        values = dict(merged.get(section_field.name, {}))
        hints = get_type_hints(cls)
        known = {f.name for f in dataclasses.fields(cls)}
        for key in values:
            if key not in known:
                raise SettingsError(
                    f"unknown setting {section_field.name}.{key}" + _did_you_mean(key, known, "{}")
                )
        kwargs = {
            key: _coerce(f"{section_field.name}.{key}", value, hints[key])
            for key, value in values.items()
        }
        sections[section_field.name] = cls(**kwargs)
    return Settings(**sections)


def _coerce(name: str, value: Any, hint: Any) -> Any:
    if hint is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false", "1", "0", "yes", "no"}:
            return value.lower() in {"true", "1", "yes"}
        raise SettingsError(f"{name} must be true or false, not {value!r}")
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(f"{name} must be a whole number, not {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SettingsError(f"{name} must be a number, not {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise SettingsError(f"{name} must be text, not {value!r}")
        return value
    if getattr(hint, "__origin__", None) is list:
        (inner,) = hint.__args__
        kind = "whole numbers" if inner is int else "texts"
        if not isinstance(value, list) or not all(
            isinstance(v, inner) and not isinstance(v, bool) for v in value
        ):
            raise SettingsError(f"{name} must be a list of {kind}, not {value!r}")
        return list(value)
    raise SettingsError(f"{name}: unsupported setting type {hint!r}")  # pragma: no cover


def validate(settings: Settings) -> None:
    """Ranges and relations that types alone cannot express."""
    problems: list[str] = []
    fb = settings.feedback
    if fb.min_responses < 3:
        problems.append(
            "feedback.min_responses must be at least 3: below that, results can single people out"
        )
    # min_responses_for_comments below min_responses is raised to it (as documented), so
    # BALINT_FEEDBACK__MIN_RESPONSES=6 alone is a valid change.
    if fb.pulse_wording and (
        len(fb.pulse_wording) != 4 or not all(0 < len(t.strip()) <= 200 for t in fb.pulse_wording)
    ):
        problems.append(
            "feedback.pulse_wording must be empty (the standard wording) or exactly 4 statements "
            "of 1-200 characters, in the order of the standard items"
        )
    g = settings.groups
    if not 1 <= g.min_members <= g.max_members:
        problems.append("groups.min_members must be between 1 and groups.max_members")
    positive = {
        "database.busy_timeout_ms": settings.database.busy_timeout_ms,
        "scheduler.horizon_days": settings.scheduler.horizon_days,
        "sessions.drift_alert_absences": settings.sessions.drift_alert_absences,
        "presenting.nudge_count": settings.presenting.nudge_count,
        "drafts.expiry_hours": settings.drafts.expiry_hours,
        "drafts.max_open_per_author_per_session": settings.drafts.max_open_per_author_per_session,
        "feedback.pulse_open_hours": settings.feedback.pulse_open_hours,
        "feedback.survey_open_days": settings.feedback.survey_open_days,
        "feedback.reminder_window_minutes": settings.feedback.reminder_window_minutes,
    }
    problems += [f"{name} must be greater than 0" for name, v in positive.items() if v <= 0]
    not_negative = {
        f"leaders.{f.name}": getattr(settings.leaders, f.name)
        for f in dataclasses.fields(settings.leaders)
    } | {"attendance.target_assessments": settings.attendance.target_assessments}
    problems += [
        f"{name} must be 0 (not counted) or more" for name, v in not_negative.items() if v < 0
    ]
    if settings.discord.shard_count < 0:
        problems.append("discord.shard_count must be 0 (as Discord recommends) or more")
    if settings.scheduler.misfire_grace_seconds < 0:
        problems.append("scheduler.misfire_grace_seconds must be 0 (no limit) or more")
    if settings.logging.level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        problems.append("logging.level must be DEBUG, INFO, WARNING or ERROR")
    problems += _week_problems(settings.sessions, settings.presenting)
    problems += _discord_url_problems(settings.discord)
    problems += [f"phases.{text}" for text in minutes_problems(settings.phases.minutes())]
    if problems:
        raise SettingsError("; ".join(problems))


WEEK_HOURS = 168  # a group meets weekly: a post further ahead lands before the previous session


def _week_problems(s: SessionSettings, p: PresentingSettings) -> list[str]:
    """The week's posts, each in its range and in their order (who has a case, nudges, agenda,
    leaders' alert, ground rules, start): a negative or reversed offset would post after the
    session or out of turn, so it is refused at start-up with what is allowed."""
    problems = []
    before = "hours before the start"
    ranges = (
        ("sessions.who_has_case_hours", s.who_has_case_hours, 1, WEEK_HOURS, before),
        ("sessions.agenda_hours", s.agenda_hours, 1, WEEK_HOURS, before),
        ("presenting.nudge_hours", p.nudge_hours, 1, WEEK_HOURS, before),
        ("presenting.leader_alert_hours", p.leader_alert_hours, 1, WEEK_HOURS, before),
        ("sessions.opening_minutes", s.opening_minutes, 0, 120, "minutes before the start"),
        ("sessions.checkin_grace_minutes", s.checkin_grace_minutes, 0, 60, "minutes after it"),
        ("sessions.events_ahead", s.events_ahead, 0, 20, "sessions; 0 = no Discord events"),
    )
    bad = set()
    for name, value, low, high, unit in ranges:
        if not low <= value <= high:
            bad.add(name)
            problems.append(f"{name} must be from {low} to {high} ({unit}), not {value}")
    order = (
        ("presenting.nudge_hours", p.nudge_hours, "sessions.who_has_case_hours",
         s.who_has_case_hours, "the nudges go out after the 'Who has a case?' post"),
        ("sessions.agenda_hours", s.agenda_hours, "sessions.who_has_case_hours",
         s.who_has_case_hours, "the agenda goes out after the 'Who has a case?' post"),
        ("presenting.leader_alert_hours", p.leader_alert_hours, "presenting.nudge_hours",
         p.nudge_hours, "the leaders are alerted after the members were nudged"),
        ("sessions.opening_minutes", s.opening_minutes / 60, "sessions.agenda_hours",
         s.agenda_hours, "the ground rules go out after the agenda"),
    )  # fmt: skip
    for later, hours, earlier, earlier_hours, why in order:
        if later not in bad and earlier not in bad and hours >= earlier_hours:
            problems.append(
                f"{later} must be less than {earlier} ({earlier_hours}): {why}, "
                "closer to the session"
            )
    return problems


def is_loopback(host: str) -> bool:
    """True only for an IP literal on this machine (127.0.0.0/8, ::1, or ::ffff:127.x) or exactly
    `localhost`. A name is never trusted by its look: `127.0.0.1.nip.io` is a public DNS name
    that anyone can point anywhere, and the bot would send its token there."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def _discord_url_problems(d: DiscordSettings) -> list[str]:
    """Another Discord only on this machine unless allow_remote_urls says so: a token sent to a
    stranger's address is a token given away."""
    from urllib.parse import urlsplit

    problems = []
    for name, url, schemes in (
        ("discord.api_url", d.api_url, {"http", "https"}),
        ("discord.gateway_url", d.gateway_url, {"ws", "wss"}),
    ):
        if not url:
            continue
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in schemes or not host:
            problems.append(f"{name} must be a {'/'.join(sorted(schemes))} URL, not {url!r}")
        elif not d.allow_remote_urls and not is_loopback(host):
            problems.append(
                f"{name} points away from this machine ({host}); only loopback addresses "
                "are allowed: an IP address such as 127.0.0.1 or [::1], or exactly localhost "
                "(a DNS name is not trusted, whatever it looks like), unless "
                "discord.allow_remote_urls = true"
            )
    if bool(d.api_url) != bool(d.gateway_url):
        problems.append("discord.api_url and discord.gateway_url are set together or not at all")
    return problems
