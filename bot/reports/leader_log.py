"""A leader's log as files for an accreditation application: CSV (any spreadsheet) and a PDF
(fpdf2) with the totals against the criteria, then the dated sessions led, co-led and missed, and
the supervision, leadership days and weekends and member sessions the leader added.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain import wording
from bot.domain.leaders import (
    CO_LED,
    KIND_WORDS,
    LED,
    MEMBER,
    MISSED,
    SUPERVISION,
    WEEKEND,
    WORKSHOP,
    LogEntry,
    Progress,
)
from bot.reports.attendance import a4_pdf
from bot.reports.csv_file import csv_bytes

HEADER = ["date", "weekday", "what", "group", "note"]

# The PDF's sections, in the order an application reads them.
SECTIONS = (
    (CO_LED, "Sessions co-led"),
    (LED, "Sessions led alone"),
    (SUPERVISION, "Supervision sessions"),
    (WORKSHOP, "Leadership days and workshops"),
    (WEEKEND, "Leadership weekends"),
    (MEMBER, "Sessions as a group member"),
    (MISSED, "Sessions missed"),
)


def log_csv(entries: Sequence[LogEntry]) -> bytes:
    """One row per entry, oldest first: the date stays ISO so spreadsheets sort by it."""
    return csv_bytes(
        [HEADER]
        + [
            [
                e.day.isoformat(),
                f"{e.day:%A}",
                KIND_WORDS[e.kind],
                e.group or "",
                e.note or "",
            ]
            for e in entries
        ]
    )


def log_pdf(leader: str, entries: Sequence[LogEntry], summary: Progress, issued: date) -> bytes:
    pdf, family = a4_pdf()
    if family == "Helvetica":  # pragma: no cover - matplotlib ships DejaVu
        leader = leader.encode("latin-1", "replace").decode("latin-1")
    pdf.set_font(family, "B", 15)
    pdf.cell(0, 10, "Balint group leadership log", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.cell(0, 6, f"Leader: {leader}", new_x="LMARGIN", new_y="NEXT")
    if entries:
        span = wording.span(entries[0].day, entries[-1].day)
        pdf.cell(0, 6, f"Period: {span}", new_x="LMARGIN", new_y="NEXT")
    groups = sorted({e.group for e in entries if e.group})
    if groups:
        pdf.multi_cell(
            0, 6, "Groups: " + ", ".join(groups), new_x="LMARGIN", new_y="NEXT", align="L"
        )
    pdf.ln(2)
    pdf.set_font(family, "B", 11)
    pdf.cell(0, 7, "Totals", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    for line in summary.lines():
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT", align="L")
    for kind, title in SECTIONS:
        mine = [e for e in entries if e.kind == kind]
        if not mine:
            continue
        pdf.ln(3)
        pdf.set_font(family, "B", 11)
        pdf.cell(0, 7, f"{title} ({len(mine)})", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 9.5)
        for e in mine:
            where = e.group or ""
            if e.note:
                where = f"{where}: {e.note}" if where else e.note
            pdf.cell(32, 5, wording.dated(e.day))
            pdf.multi_cell(0, 5, where or "-", new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(4)
    pdf.set_font(family, "", 8)
    pdf.multi_cell(
        0,
        4,
        f"Exported {wording.dated(issued)} by the Balint group bot. Sessions led, co-led and "
        "missed were recorded by the bot as each session ended (a leader who was not there "
        "marked it so); the other entries are the leader's own. This log supports an "
        "application; the supervisor's report and the Balint Society's form are separate.",
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    return bytes(pdf.output())
