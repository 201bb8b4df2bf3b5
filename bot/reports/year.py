"""The year at a glance for the leaders: a plain-text report (Markdown) of each trainee's counts,
presentations and drift-away runs. Part of the exports at /group close."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.records import MemberYear


def year_report_md(
    group: str, period: tuple[date, date], sessions: Sequence[date], people: Sequence[MemberYear]
) -> bytes:
    first, last = period
    out = [
        f"# {group}: the year at a glance",
        "",
        f"{first:%d %B %Y} to {last:%d %B %Y}; {len(sessions)} sessions met.",
        "",
        "| trainee | attended | of which late | excused | absent | presentations | drift-away runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for p in people:
        runs = (
            ", ".join(
                f"{n} from {sessions[i]:%d %b}" if i < len(sessions) else str(n) for i, n in p.runs
            )
            or "-"
        )
        out.append(
            f"| {p.name} | {p.attended + p.late} | {p.late} | {p.excused} | {p.absent} | "
            f"{p.presentations} | {runs} |"
        )
    if not people:
        out.append("| (nobody) | | | | | | |")
    out.append("")
    return "\n".join(out).encode("utf-8")
