"""A trainee's dated attendance record as files for their portfolio: CSV (any spreadsheet) and a
one-page PDF certificate (fpdf2).

The certificate is a record of attendance, not the CBDG assessment (CBDGA), which the leader
completes in the training portfolio; it says so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.attendance import REASONS, STATUS_WORDS, Summary


@dataclass(frozen=True)
class Line:
    """One session in a record: when (UTC) and what was recorded."""

    starts_at: datetime
    status: str
    reason: str | None = None


def _local(when: datetime, timezone: str) -> datetime:
    return when.astimezone(ZoneInfo(timezone))


def record_csv(lines: Sequence[Line], timezone: str, *, member: str | None = None) -> bytes:
    """date, weekday, start (local), status, reason; one row per session. UTF-8 with BOM so that
    spreadsheet programs open names and dashes correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["date", "weekday", "start", "status", "reason"]
    writer.writerow((["member"] if member is not None else []) + header)
    for line in lines:
        local = _local(line.starts_at, timezone)
        row = [
            local.date().isoformat(),
            f"{local:%A}",
            f"{local:%H:%M}",
            line.status,
            REASONS.get(line.reason or "", "") if line.status == "excused" else "",
        ]
        writer.writerow(([member] if member is not None else []) + row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def group_csv(rows: Sequence[tuple[str, Line]], timezone: str) -> bytes:
    """Everyone's record (leaders): member, date, weekday, start, status, reason."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["member", "date", "weekday", "start", "status", "reason"])
    for member, line in rows:
        local = _local(line.starts_at, timezone)
        writer.writerow(
            [
                member,
                local.date().isoformat(),
                f"{local:%A}",
                f"{local:%H:%M}",
                line.status,
                REASONS.get(line.reason or "", "") if line.status == "excused" else "",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _font_dir() -> Path | None:
    try:
        import matplotlib

        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        return path if (path / "DejaVuSans.ttf").exists() else None
    except Exception:  # pragma: no cover - matplotlib is a dependency; fall back to core fonts
        return None


def certificate_pdf(
    *,
    member: str,
    group: str,
    timezone: str,
    lines: Sequence[Line],
    summary: Summary,
    issued: datetime,
) -> bytes:
    """A one-page (or more) PDF: who, which group, the summary and the dated list."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    fonts = _font_dir()
    if fonts is not None:
        pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        family = "DejaVu"
    else:  # pragma: no cover
        family = "Helvetica"
        member = member.encode("latin-1", "replace").decode("latin-1")
        group = group.encode("latin-1", "replace").decode("latin-1")

    pdf.set_font(family, "B", 16)
    pdf.cell(0, 10, "Balint group attendance record", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    pdf.cell(0, 7, f"Trainee: {member}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, f"Group: {group}", new_x="LMARGIN", new_y="NEXT")
    if lines:
        first = _local(lines[0].starts_at, timezone).date()
        last = _local(lines[-1].starts_at, timezone).date()
        pdf.cell(
            0, 7, f"Period: {first:%d %B %Y} to {last:%d %B %Y}", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(2)
    pdf.multi_cell(0, 6, summary.sentence(), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(family, "B", 10)
    pdf.cell(45, 7, "Date", border="B")
    pdf.cell(25, 7, "Start", border="B")
    pdf.cell(0, 7, "Attendance", border="B", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    for line in lines:
        local = _local(line.starts_at, timezone)
        word = STATUS_WORDS.get(line.status, line.status)
        if line.status == "excused" and line.reason in REASONS:
            word += f" ({REASONS[line.reason]})"
        pdf.cell(45, 6, f"{local:%a %d %b %Y}")
        pdf.cell(25, 6, f"{local:%H:%M}")
        pdf.cell(0, 6, word, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, "", 8)
    pdf.multi_cell(
        0,
        4,
        f"Issued {issued:%d %B %Y} by the group's Discord bot from check-ins, declared absences "
        "and leaders' corrections. This is a record of attendance, not the case-based discussion "
        "group assessment (CBDGA), which your group leader completes in your portfolio.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
