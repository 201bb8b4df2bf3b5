"""The year's record as documents: a trainee's certificate (from an open group or a closed group's
ledger) and the answer to a verification code. Shared by /attendance, /group close, /mydata and the
`balint-bot verify` command line, so a certificate reads the same wherever it is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import discord

from bot import clock, rendering
from bot.domain import wording
from bot.domain.attendance import PRESENT, summarise
from bot.domain.evidence import Evidence, GroupRecord, evidence
from bot.domain.feedback import PULSE_ITEMS, pulse_trend
from bot.domain.records import (
    LedgerLine,
    MemberYear,
    fingerprint,
    member_year,
    normalise_code,
    not_a_code,
)
from bot.reports.attendance import (
    Certificate,
    Endorsed,
    Line,
    certificate_pdf,
    certificates_zip,
)
from bot.reports.year import trend_lines, year_chart, year_report_md
from bot.store.feedback import releases

__all__ = ["Certificate", "LedgerLine"]
from bot.store import attendance as attendance_store
from bot.store import evidence as evidence_store
from bot.store import names
from bot.store import records as store
from bot.store.db import Database
from bot.store.groups import Group, get_group, members


def _lines(lines: list[LedgerLine]) -> tuple[list[Line], list[datetime]]:
    recorded = [Line(x.starts_at, x.status, x.reason) for x in lines if x.status is not None]
    presented = [x.starts_at for x in lines if x.presented]
    return recorded, presented


def name_in(guild: discord.Guild | None, user_id: int) -> str:
    """A member's display name in the server, or a neutral label if they left it."""
    member = guild.get_member(user_id) if guild else None
    return member.display_name if member else f"member {user_id}"


async def leader_ids(db: Database, group: Group, guild: discord.Guild | None) -> list[int]:
    """The group's leaders: the roster's, then holders of the leader role."""
    ids = [m.user_id for m in await members(db, group.id, role="leader")]
    role = guild.get_role(group.leader_role_id) if guild and group.leader_role_id else None
    if role is not None:
        ids += [m.id for m in role.members if m.id not in ids and not m.bot]
    return ids


async def leader_names(db: Database, group: Group, guild: discord.Guild | None) -> str:
    """The group's leaders as printed on a certificate."""
    return ", ".join(name_in(guild, i) for i in await leader_ids(db, group, guild))


@dataclass(frozen=True)
class YearGrid:
    """The year behind /report year: who (roster first, then those who left), the sessions that
    met, what was recorded for each (None: nothing), who presented when, and each one's counts."""

    user_ids: list[int]
    names: list[str]
    sessions: list[date]
    cells: list[list[str | None]]
    presented: list[list[bool]]
    years: list[MemberYear]


async def year_grid(
    db: Database, group: Group, guild: discord.Guild | None, now: datetime, threshold: int
) -> YearGrid:
    roster = [m.user_id for m in await members(db, group.id, role="trainee")]
    leaders = {m.user_id for m in await members(db, group.id, role="leader")}
    others = [
        u
        for u in await store.people_with_lines(db, group.id, now)
        if u not in roster and u not in leaders
    ]
    people = roster + others
    lines = {u: await store.live_lines(db, group.id, u, now) for u in people}
    sessions = await store.met_sessions(db, group.id, now)
    grid = YearGrid(people, [], sessions, [], [], [])
    for user_id in people:
        name = name_in(guild, user_id) + ("" if user_id in roster else " (left)")
        by_day = {date.fromisoformat(x.local_date): x for x in lines[user_id]}
        cells = [by_day[d].status if d in by_day else None for d in sessions]
        presented = [d in by_day and by_day[d].presented for d in sessions]
        grid.names.append(name)
        grid.cells.append(cells)
        grid.presented.append(presented)
        grid.years.append(member_year(name, cells, sum(presented), threshold))
    return grid


async def year_report(db: Database, group: Group, grid: YearGrid) -> tuple[bytes, bytes, str]:
    """(Markdown report, heatmap PNG, the feedback trend in words), from released results only."""
    trend = pulse_trend([r.release for r in await releases(db, group.id, "pulse")], PULSE_ITEMS)
    words = trend_lines(trend, PULSE_ITEMS)
    period = (date.fromisoformat(group.start_date), date.fromisoformat(group.end_date))
    report = year_report_md(group.name, period, grid.sessions, grid.years, words)
    chart = await rendering.render(
        year_chart,
        f"{group.name}: the year at a glance, {wording.span(*period)}",  # the ticks carry no year
        grid.names,
        grid.sessions,
        grid.cells,
        grid.presented,
        trend,
        PULSE_ITEMS,
    )
    return report, chart, "\n".join(words)


async def open_certificate(
    db: Database,
    group: Group,
    user_id: int,
    *,
    member_name: str,
    leaders: str,
    target: int,
    now: datetime,
    scheme: Evidence | None = None,
) -> tuple[Certificate, list[LedgerLine]]:
    """The certificate of a trainee in an open group, up to now, endorsed if the latest
    endorsement vouches for exactly these lines. It prints the name the trainee chose
    (/attendance name), else ``member_name`` (the server's).

    ``scheme``: the trainee's evidence across their groups, where the reader may see it (the
    trainee's own copy, or the leaders the record was shared with): the target is then the
    scheme's (pro-rata), earlier groups count toward it, and each group is listed."""
    member_name = await names.printed_name(db, user_id) or member_name
    lines = await store.live_lines(db, group.id, user_id, now)
    remaining = await attendance_store.remaining_sessions(db, group.id, now)
    latest = await store.latest_endorsement(db, user_id, group_id=group.id)
    here = sum(1 for x in lines if x.status in PRESENT)
    return _certificate(
        lines,
        member=member_name,
        group=group.name,
        leaders=leaders,
        timezone=group.timezone,
        period=(date.fromisoformat(group.start_date), date.fromisoformat(group.end_date)),
        target=scheme.sessions_needed if scheme is not None else target,
        remaining=remaining,
        issued=now,
        latest=latest,
        earlier=max(0, scheme.attended - here) if scheme is not None else 0,
        scheme=scheme,
    ), lines


async def closed_certificate(
    db: Database, ledger: store.Ledger, user_id: int, *, member_name: str, now: datetime
) -> Certificate:
    """A certificate re-issued from a closed group's ledger."""
    member_name = await names.printed_name(db, user_id) or member_name
    lines = await store.ledger_lines(db, ledger.id, user_id)
    latest = await store.latest_endorsement(db, user_id, ledger_id=ledger.id)
    return _certificate(
        lines,
        member=member_name,
        group=ledger.name,
        leaders=ledger.leaders,
        timezone=ledger.timezone,
        period=(date.fromisoformat(ledger.start_date), date.fromisoformat(ledger.end_date)),
        target=ledger.target,
        remaining=0,
        issued=now,
        latest=latest,
    )


def _certificate(
    lines: list[LedgerLine],
    *,
    member: str,
    group: str,
    leaders: str,
    timezone: str,
    period: tuple[date, date],
    target: int,
    remaining: int,
    issued: datetime,
    latest: store.Endorsement | None,
    earlier: int = 0,
    scheme: Evidence | None = None,
) -> Certificate:
    recorded, presented = _lines(lines)
    endorsed = None
    if latest is not None and latest.fingerprint == fingerprint(lines):
        endorsed = Endorsed(latest.leader_name, latest.endorsed_at, latest.code)
    return Certificate(
        member=member,
        group=group,
        leaders=leaders,
        timezone=timezone,
        period=period,
        lines=recorded,
        presented=presented,
        summary=summarise([x.status for x in recorded], target, remaining, earlier),
        issued=issued,
        endorsed=endorsed,
        across=[g.line(issued.date()) for g in scheme.groups] if scheme is not None else [],
        scheme=scheme.sentence() if scheme is not None else None,
    )


# -- the evidence across groups ------------------------------------------------------------------


def _endorsed(
    latest: store.Endorsement | None, lines: list[LedgerLine]
) -> store.Endorsement | None:
    """The latest endorsement, if it still vouches for exactly these lines."""
    return latest if latest is not None and latest.fingerprint == fingerprint(lines) else None


def _record(
    name: str, period: tuple[str, str], closed: bool, lines: list[LedgerLine],
    outcomes: tuple[int, int], latest: store.Endorsement | None,
) -> GroupRecord:  # fmt: skip
    valid = _endorsed(latest, lines)
    return GroupRecord(
        group=name,
        first=date.fromisoformat(period[0]),
        last=date.fromisoformat(period[1]),
        closed=closed,
        attended=sum(1 for x in lines if x.status in PRESENT),
        satisfactory=outcomes[0],
        unsatisfactory=outcomes[1],
        endorsed_by=valid.leader_name if valid else None,
        endorsed_on=valid.endorsed_at.date() if valid else None,
        code=valid.code if valid else None,
    )


async def trainee_evidence(
    db: Database,
    user_id: int,
    now: datetime,
    *,
    sessions: int,
    assessments: int,
    fraction: float = 1.0,
    only: int | None = None,
) -> Evidence:
    """Every group of this bot the trainee attended (open groups, and closed groups whose ledger
    is kept), against the scheme's target. ``only``: this open group alone (what its leaders see
    of a trainee who has not shared their earlier record)."""
    records = []
    for group in await evidence_store.trainee_groups(db, user_id):
        if only is not None and group.id != only:
            continue
        lines = await store.live_lines(db, group.id, user_id, now)
        records.append(
            _record(
                group.name,
                (group.start_date, group.end_date),
                False,
                lines,
                await evidence_store.outcomes(db, user_id, group_id=group.id),
                await store.latest_endorsement(db, user_id, group_id=group.id),
            )
        )
    for ledger in await store.ledgers_of(db, user_id) if only is None else []:
        lines = await store.ledger_lines(db, ledger.id, user_id)
        records.append(
            _record(
                ledger.name,
                (ledger.start_date, ledger.end_date),
                True,
                lines,
                await evidence_store.outcomes(db, user_id, ledger_id=ledger.id),
                await store.latest_endorsement(db, user_id, ledger_id=ledger.id),
            )
        )
    return evidence(records, sessions, assessments, fraction)


async def render(cert: Certificate) -> bytes:
    """The PDF, made in the rendering worker (bot/rendering.py), off the event loop."""
    return await rendering.render(certificate_pdf, cert)


async def render_zip(named: list[tuple[str, Certificate]]) -> bytes:
    """Certificates as one ZIP of PDFs, made in the rendering worker in one go."""
    return await rendering.render(certificates_zip, named)


async def verify(db: Database, text: str) -> tuple[bool, str]:
    """Check a verification code against the ledger: (valid, what to say)."""
    code = normalise_code(text)
    if code is None:
        return False, not_a_code(text)
    e = await store.endorsement(db, code)
    if e is None:
        return False, (
            f"No certificate has the code {code}. Check it for typing errors; a closed group's "
            "ledger is also deleted after its retention period, and its codes with it."
        )
    if e.group_id is not None:
        group = await get_group(db, e.group_id)
        where = group.name if group else "a group"
    else:
        ledger = await store.get_ledger(db, e.ledger_id or 0)
        where = (
            f"{ledger.name} (closed {wording.day(ledger.closed_at, clock.today())})"
            if ledger
            else "a group"
        )
    lines = await store.lines_behind(db, e)
    # the last session that met before the endorsement, not the day it was made (a Sunday)
    met = sorted(date.fromisoformat(line.local_date) for line in lines or ())
    last = met[-1] if met else e.covers_until.date()
    head = (
        f"Code {code}: the attendance certificate of {e.member_name} in {where}, endorsed by "
        f"{e.leader_name} on {wording.day(e.endorsed_at, clock.today())}, covering the sessions "
        f"up to {wording.day(last, clock.today())}. It states: {e.summary}"
    )
    if lines is not None and fingerprint(lines) == e.fingerprint:
        return True, f"VALID. {head} The group's attendance ledger holds exactly these lines."
    return False, (
        f"CHANGED. {head} The ledger no longer matches what was endorsed (a session was "
        "corrected since): ask the trainee for a newly endorsed certificate."
    )


async def scheme_for(
    db: Database,
    group: Group,
    user_id: int,
    now: datetime,
    *,
    sessions: int,
    assessments: int,
    leaders_view: bool,
) -> Evidence:
    """A trainee's evidence as this reader may see it: the trainee sees every group; the group's
    leaders see the earlier groups only if the trainee shared them (/attendance share), else this
    group alone. The target is pro-rata by the fraction this group's leaders set."""
    fraction = await evidence_store.fraction(db, group.id, user_id)
    everything = not leaders_view or user_id in await evidence_store.sharing(db, group.id)
    return await trainee_evidence(
        db,
        user_id,
        now,
        sessions=sessions,
        assessments=assessments,
        fraction=fraction,
        only=None if everything else group.id,
    )
