"""The year at a glance for the leaders (/report year, and the exports at /group close): an
attendance heatmap (trainees x sessions, presentations marked) with the released feedback's trend
underneath, as a PNG; and a plain-text report (Markdown) of each trainee's counts, presentations
and drift-away runs. Only released feedback aggregates ever come in."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from bot.domain import wording
from bot.domain.feedback import Item, TrendPoint
from bot.domain.records import MemberYear
from bot.reports.charts import _draw_trend  # the same trend as /feedback results

# Cell colours (colour-blind safe): nothing recorded, absent, excused, late, attended.
STATES = (None, "absent", "excused", "late", "attended")
COLOURS = ("#ffffff", "#d7301f", "#bdbdbd", "#9ecae1", "#2171b5")
LABELS = ("nothing recorded", "absent", "excused", "late", "attended")


def year_chart(
    title: str,
    names: Sequence[str],
    sessions: Sequence[date],
    cells: Sequence[Sequence[str | None]],
    presented: Sequence[Sequence[bool]],
    trend: Sequence[TrendPoint] = (),
    items: Sequence[Item] = (),
) -> bytes:
    """A PNG: one row per trainee, one column per session that met; a dot where they presented.
    Sized so 12 trainees x 48 sessions stay readable (every date and name labelled)."""
    # matplotlib on first use (tens of MB resident), not when the bot starts
    from matplotlib.artist import Artist
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    rows, columns = max(1, len(names)), max(1, len(sessions))
    width = max(8.0, 2.6 + 0.27 * columns)
    heat_height = 1.4 + 0.36 * rows
    height = heat_height + (3.6 if trend else 0) + 0.8
    fig = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(
        2 if trend else 1, 1, height_ratios=[heat_height, 3.0] if trend else [1], hspace=0.4
    )
    ax = fig.add_subplot(grid[0])
    # before any session met (or with nobody on the roster) one blank cell a row: an image with
    # no column has no width, and matplotlib warns about its singular limits on stderr
    if sessions and names:
        matrix = [[STATES.index(c) for c in row] for row in cells]
    else:
        matrix = [[0] * columns for _ in range(rows)]
    ax.imshow(matrix, cmap=ListedColormap(COLOURS), vmin=0, vmax=len(COLOURS) - 1, aspect="auto")
    for r, row in enumerate(presented):
        xs = [c for c, p in enumerate(row) if p]
        ax.scatter(xs, [r] * len(xs), marker="o", s=22, c="#ffd92f", edgecolors="black", zorder=3)
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels(names, fontsize=8)
    ax.set_xticks(range(len(sessions)))
    ax.set_xticklabels([wording.short(d) for d in sessions], fontsize=7, rotation=90)
    ax.set_xticks([x - 0.5 for x in range(1, columns)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    ax.grid(which="minor", color="#ffffff", linewidth=1.2)
    ax.tick_params(which="minor", length=0)
    handles: list[Artist] = [
        Patch(facecolor=c, edgecolor="#999999", label=lab)
        for c, lab in zip(COLOURS, LABELS, strict=True)
    ]
    handles.append(
        ax.scatter([], [], marker="o", s=22, c="#ffd92f", edgecolors="black", label="presented")
    )
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False
    )
    ax.set_title("Attendance by session", fontsize=9)
    if trend:
        _draw_trend(fig.add_subplot(grid[1]), trend, items)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.2)
    return buffer.getvalue()


def trend_lines(trend: Sequence[TrendPoint], items: Sequence[Item]) -> list[str]:
    """The released pulses' trend in words: per statement, the mean at the first and last release."""
    if not trend:
        return [
            "No feedback results have been released yet (a result is released only from k answers)."
        ]
    first, last = trend[0], trend[-1]
    several = len(trend) > 1
    out = [
        f"{wording.plural(len(trend), 'released result')} "
        f"({wording.plural(sum(p.responses for p in trend), 'answer')}), "
        f"{wording.span(first.on, last.on)}; mean agreement from 1 to 5"
        + (", first to last:" if several else ":")
    ]
    for item in items:
        if item.scale != "agree5":
            continue
        a, b = first.means.get(item.key), last.means.get(item.key)
        if a is None and b is None:
            continue

        def show(v: float | None) -> str:
            return "-" if v is None else f"{v:.1f}"

        # one result is a level, not a trend: "4.2", never "4.2 -> 4.2"
        out.append(
            f"- {item.short}: {show(a)} -> {show(b)}" if several else f"- {item.short}: {show(b)}"
        )
    return out


def year_report_md(
    group: str,
    period: tuple[date, date],
    sessions: Sequence[date],
    people: Sequence[MemberYear],
    feedback: Sequence[str] = (),
) -> bytes:
    first, last = period
    out = [
        f"# {group}: the year at a glance",
        "",
        f"{wording.span(first, last)}; {wording.plural(len(sessions), 'session')} met.",
        "",
        "| trainee | attended | of which late | excused | absent | presentations | drift-away runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for p in people:
        runs = (
            ", ".join(
                f"{n} from {wording.short(sessions[i])}" if i < len(sessions) else str(n)
                for i, n in p.runs
            )
            or "-"
        )
        out.append(
            f"| {p.name} | {p.attended + p.late} | {p.late} | {p.excused} | {p.absent} | "
            f"{p.presentations} | {runs} |"
        )
    if not people:
        out.append("| (nobody) | | | | | | |")
    out += [
        "",
        "A drift-away run is a run of unexcused absences (excused ones neither count nor end it).",
        "",
        "## Feedback (released results only)",
        "",
        *feedback,
        "",
    ]
    return "\n".join(out).encode("utf-8")
