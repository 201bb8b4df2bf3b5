"""Feedback charts as PNG bytes (matplotlib, Agg backend, no pyplot: safe off the main thread).

One image per release: diverging stacked bars for the agreement items (disagreement to the left of
zero, agreement to the right, "neither" split across the middle), the 0-10 "would recommend" item
as detractors / passives / promoters, and, for pulses, a line per item across the year.
Only released aggregates come in (>= k responses); nothing per voter is ever drawn.
matplotlib (tens of MB resident) is imported on the first chart, not when the bot starts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain import wording
from bot.domain.feedback import (
    DETRACTOR_UP_TO,
    PROMOTER_FROM,
    SCALES,
    Item,
    Release,
    TrendPoint,
    percent,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import Patch

AGREE_COLOURS = ("#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac")  # colour-blind safe RdBu
NPS_COLOURS = ("#ef8a62", "#d9d9d9", "#67a9cf")
TREND_STYLES = ("o-", "s--", "^-.", "D:")
DPI = 100
WIDTH_IN = 10.0


def _patch(facecolor: str) -> Patch:
    from matplotlib.patches import Patch

    return Patch(facecolor=facecolor)


def _wrap(text: str, width: int = 34) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines)


def _agree_rows(release: Release, items: Sequence[Item]) -> list[tuple[Item, tuple[int, ...]]]:
    assert release.tally is not None
    rows = []
    for item in items:
        counts = release.tally.counts.get(item.key)
        if item.scale == "agree5" and counts is not None and any(counts):
            rows.append((item, counts))
    return rows


def _nps_rows(release: Release, items: Sequence[Item]) -> list[tuple[Item, tuple[int, ...]]]:
    assert release.tally is not None
    rows = []
    for item in items:
        counts = release.tally.counts.get(item.key)
        if item.scale == "nps11" and counts is not None and any(counts):
            rows.append((item, counts))
    return rows


def _draw_diverging(ax: Axes, rows: list[tuple[Item, tuple[int, ...]]]) -> None:
    labels = SCALES["agree5"].labels
    # top item first: matplotlib's y axis grows upwards, so draw in reverse
    for y, (_item, counts) in enumerate(reversed(rows)):
        n = sum(counts)
        shares = [percent(c, n) for c in counts]
        left = -(shares[0] + shares[1] + shares[2] / 2)
        for i, share in enumerate(shares):
            if share:
                ax.barh(
                    y,
                    share,
                    left=left,
                    color=AGREE_COLOURS[i],
                    edgecolor="white",
                    height=0.7,
                )
                if share >= 8:
                    ax.text(
                        left + share / 2, y, f"{share:.0f}%", ha="center", va="center", fontsize=8
                    )
            left += share
        ax.text(101, y, f"n={n}", va="center", fontsize=8, color="#444444")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([_wrap(item.short) for item, _ in reversed(rows)], fontsize=9)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_xlim(-100, 110)
    ax.set_xticks([-100, -50, 0, 50, 100])
    ax.set_xticklabels(["100%", "50%", "0", "50%", "100%"], fontsize=8)
    ax.set_xlabel("← disagree          share of answers          agree →", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    _legend(ax, AGREE_COLOURS, labels)


def _legend(ax: Axes, colours: Sequence[str], labels: Sequence[str]) -> None:
    """Every scale point in the legend (also those nobody chose), above the bars."""
    ax.legend(
        [_patch(facecolor=c) for c in colours],
        list(labels),
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=len(labels),
        fontsize=8,
        frameon=False,
    )


def _draw_nps(ax: Axes, rows: list[tuple[Item, tuple[int, ...]]]) -> None:
    low = SCALES["nps11"].low
    for y, (_item, counts) in enumerate(reversed(rows)):
        n = sum(counts)
        detractors = sum(c for v, c in enumerate(counts, low) if v <= DETRACTOR_UP_TO)
        promoters = sum(c for v, c in enumerate(counts, low) if v >= PROMOTER_FROM)
        passives = n - detractors - promoters
        left = 0.0
        for i, part in enumerate((detractors, passives, promoters)):
            share = percent(part, n)
            if share:
                ax.barh(
                    y,
                    share,
                    left=left,
                    color=NPS_COLOURS[i],
                    edgecolor="white",
                    height=0.6,
                )
                if share >= 8:
                    ax.text(
                        left + share / 2, y, f"{share:.0f}%", ha="center", va="center", fontsize=8
                    )
            left += share
        nps = percent(promoters, n) - percent(detractors, n)
        ax.text(101, y, f"n={n}\nNPS {nps:+.0f}", va="center", fontsize=8, color="#444444")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([_wrap(item.short) for item, _ in reversed(rows)], fontsize=9)
    ax.set_xlim(0, 115)
    ax.set_xticks([0, 50, 100])
    ax.set_xticklabels(["0", "50%", "100%"], fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    _legend(ax, NPS_COLOURS, ("0-6 (detractors)", "7-8 (passives)", "9-10 (promoters)"))


def _draw_trend(ax: Axes, trend: Sequence[TrendPoint], items: Sequence[Item]) -> None:
    agree_items = [item for item in items if item.scale == "agree5"]
    xs = list(range(len(trend)))
    for i, item in enumerate(agree_items):
        ys = [p.means.get(item.key) for p in trend]
        ax.plot(
            xs,
            [float("nan") if y is None else y for y in ys],
            TREND_STYLES[i % len(TREND_STYLES)],
            label=_wrap(item.short, 40),
            markersize=4,
            linewidth=1.2,
        )
    ax.set_ylim(0.8, 5.2)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_yticklabels(
        ["1 strongly\ndisagree", "2", "3 neither", "4", "5 strongly\nagree"], fontsize=7
    )
    ax.set_xticks(xs)
    ax.set_xticklabels([f"{wording.short(p.on)}\n(n={p.responses})" for p in trend], fontsize=7)
    if len(xs) == 1:
        ax.set_xlim(-0.5, 0.5)
    ax.set_title("Mean agreement across the year (each point: one release)", fontsize=9)
    ax.grid(axis="y", color="#eeeeee")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)


def release_chart(
    release: Release,
    items: Sequence[Item],
    *,
    title: str,
    trend: Sequence[TrendPoint] = (),
) -> bytes:
    """A PNG of one released aggregate (and, if given, the year's trend underneath)."""
    if not release.released or release.tally is None:
        raise ValueError("only a released aggregate can be drawn")
    agree = _agree_rows(release, items)
    nps = _nps_rows(release, items)
    heights: list[float] = []
    if agree:
        heights.append(0.6 + 0.45 * len(agree))
    if nps:
        heights.append(0.9)
    if trend:
        heights.append(3.0)
    if not heights:
        heights.append(1.0)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, sum(heights) + 1.2), dpi=DPI)
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(len(heights), 1, height_ratios=heights, hspace=0.5)
    row = 0
    if agree:
        _draw_diverging(fig.add_subplot(grid[row]), agree)
        row += 1
    if nps:
        _draw_nps(fig.add_subplot(grid[row]), nps)
        row += 1
    if trend:
        _draw_trend(fig.add_subplot(grid[row]), trend, items)
        row += 1
    if not (agree or nps or trend):
        ax = fig.add_subplot(grid[0])
        ax.axis("off")
        ax.text(0.5, 0.5, "No question reached the minimum number of answers.", ha="center")
    fig.suptitle(title, fontsize=11, fontweight="bold")
    fig.subplots_adjust(left=0.28, right=0.78 if trend else 0.93, top=1 - 0.6 / fig.get_figheight())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.2)
    return buffer.getvalue()
