"""Feedback charts: a release renders to a valid PNG of a sane size."""

from __future__ import annotations

import struct
from datetime import date

import pytest

from bot.domain.feedback import (
    PULSE_ITEMS,
    SURVEY_ITEMS,
    Batch,
    Release,
    aggregate,
    decide_release,
    pulse_trend,
)
from bot.reports.charts import release_chart

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def pulse_release(poll_id: int, day: date, values: list[int]) -> Release:
    answers = [{item.key: v for item in PULSE_ITEMS} for v in values]
    return decide_release([Batch(poll_id, f"session {poll_id}", day, aggregate(answers))])


def test_a_pulse_release_with_its_trend_is_a_png_of_sane_size() -> None:
    releases = [
        pulse_release(1, date(2026, 9, 3), [4, 4, 5, 3, 2]),
        pulse_release(2, date(2026, 9, 10), [5, 5, 4, 4, 4, 1]),
        pulse_release(3, date(2026, 9, 17), [3, 3, 3, 3, 3]),
    ]
    data = release_chart(
        releases[-1], PULSE_ITEMS, title="Pulse", trend=pulse_trend(releases, PULSE_ITEMS)
    )
    width, height = png_size(data)
    assert 600 <= width <= 1600 and 400 <= height <= 1600
    assert 10_000 < len(data) < 1_000_000
    assert data.endswith(b"IEND\xaeB`\x82")


def test_the_end_of_year_survey_is_one_image_with_the_recommend_item() -> None:
    answers = [
        {**{item.key: 1 + (i + j) % 5 for j, item in enumerate(SURVEY_ITEMS[:-1])}, "recommend": i}
        for i in range(4, 11)
    ]
    release = decide_release(
        [Batch(9, "survey", date(2027, 7, 20), aggregate(answers, SURVEY_ITEMS))]
    )
    width, height = png_size(release_chart(release, SURVEY_ITEMS, title="End-of-year survey"))
    assert 600 <= width <= 1600 and 600 <= height <= 2000


def test_a_release_with_every_item_suppressed_still_draws_and_unreleased_is_refused() -> None:
    # five responses but each item answered by fewer than five: every item is suppressed
    answers = [{PULSE_ITEMS[i % 4].key: 4} for i in range(5)]
    release = decide_release([Batch(1, "s", date(2026, 9, 3), aggregate(answers))])
    assert release.released and release.tally is not None and not release.tally.counts
    width, height = png_size(release_chart(release, PULSE_ITEMS, title="Pulse"))
    assert width > 300 and height > 50
    held = decide_release([Batch(1, "s", date(2026, 9, 3), aggregate(answers[:2]))])
    with pytest.raises(ValueError, match="released"):
        release_chart(held, PULSE_ITEMS, title="Pulse")
