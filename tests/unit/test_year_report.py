"""The year at a glance: the drift-away runs behind it, the report's table, and the heatmap drawn
for a full group (12 trainees x 48 sessions) with the released feedback's trend."""

from datetime import date, timedelta
from pathlib import Path

from bot.domain.feedback import PULSE_ITEMS, TrendPoint
from bot.domain.records import drift_runs, member_year
from bot.reports.year import trend_lines, year_chart, year_report_md
from tests.unit.test_charts import png_size

A, L, E, X = "attended", "late", "excused", "absent"


def test_drift_runs_follow_the_alert_rule_excused_neither_counting_nor_ending_a_run() -> None:
    assert drift_runs([A, X, X, A, X, E, X, X, A], 2) == [(1, 2), (4, 3)]
    assert drift_runs([X, None, X], 2) == [(0, 2)]  # nothing recorded (joined later) is no end
    assert drift_runs([A, X, A, X], 2) == []
    assert drift_runs([X, X], 0) == [(0, 2)]
    y = member_year("alice", [A, L, E, X, X], presentations=2, threshold=2)
    assert (y.attended, y.late, y.excused, y.absent, y.presentations, y.runs) == (
        1, 1, 1, 2, 2, [(3, 2)],
    )  # fmt: skip


def test_a_full_year_renders_readably_with_its_data_and_trend(tmp_path: Path) -> None:
    sessions = [date(2026, 9, 3) + timedelta(weeks=i) for i in range(48)]
    names = [f"trainee-{n:02d}" for n in range(12)]
    cells = [[(A, L, E, X, None)[(r + c) % 5] for c in range(48)] for r in range(12)]
    presented = [[c == r * 4 for c in range(48)] for r in range(12)]
    trend = [
        TrendPoint(sessions[i], "", 6, {item.key: 3.0 + i / 20 for item in PULSE_ITEMS})
        for i in range(0, 48, 4)
    ]
    data = year_chart(
        "Thursday Balint group", names, sessions, cells, presented, trend, PULSE_ITEMS
    )
    width, height = png_size(data)
    # about 25 px per session column and 40 px per trainee row, at 110 dpi
    assert 1500 <= width <= 2600 and 900 <= height <= 1800, (width, height)
    (tmp_path / "year.png").write_bytes(data)
    words = trend_lines(trend, PULSE_ITEMS)
    assert words[0].startswith("12 released results (72 answers)")
    assert any(line.endswith("3.0 -> 5.2") for line in words[1:])
    years = [
        member_year(n, row, sum(p), 2) for n, row, p in zip(names, cells, presented, strict=True)
    ]
    md = year_report_md("G", (date(2026, 9, 1), date(2027, 7, 31)), sessions, years, words).decode()
    assert "| trainee-00 | 20 | 10 | 10 | 9 | 1 |" in md
    assert "48 sessions met" in md and "## Feedback (released results only)" in md
    assert trend_lines([], PULSE_ITEMS)[0].startswith("No feedback results have been released")


def test_one_released_result_is_a_level_not_a_trend_and_counts_read_right() -> None:
    one = [TrendPoint(date(2026, 9, 10), "", 1, {item.key: 4.2 for item in PULSE_ITEMS})]
    words = trend_lines(one, PULSE_ITEMS)
    assert words[0].startswith("1 released result (1 answer), 10 Sep 2026"), words[0]
    assert "first to last" not in words[0]
    assert "->" not in "\n".join(words) and words[1].endswith(": 4.2"), words
    md = year_report_md("G", (date(2026, 9, 1), date(2027, 7, 31)), [date(2026, 9, 3)], [])
    assert "1 session met" in md.decode()
