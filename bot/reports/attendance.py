"""A trainee's dated attendance record as files for their portfolio: CSV (any spreadsheet) and a
one-page PDF certificate (fpdf2).

The certificate is a record of attendance, not the CBDG assessment (CBDGA), which the leader
completes in the training portfolio; it says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain import wording
from bot.domain.attendance import REASONS, STATUS_WORDS, Summary
from bot.reports.csv_file import csv_bytes

if TYPE_CHECKING:
    from fpdf import FPDF

HEADER = ["date", "weekday", "start", "status", "reason"]


@dataclass(frozen=True)
class Line:
    """One session in a record: when (UTC) and what was recorded."""

    starts_at: datetime
    status: str
    reason: str | None = None


def _local(when: datetime, timezone: str) -> datetime:
    return when.astimezone(ZoneInfo(timezone))


def _cells(line: Line, timezone: str) -> list[str]:
    local = _local(line.starts_at, timezone)
    return [
        local.date().isoformat(),
        f"{local:%A}",
        wording.time_of_day(local),
        line.status,
        REASONS.get(line.reason or "", "") if line.status == "excused" else "",
    ]


def record_csv(lines: Sequence[Line], timezone: str, *, member: str | None = None) -> bytes:
    """date, weekday, start (local), status, reason; one row per session. The date stays ISO
    (2026-09-03) so that spreadsheets read it as a date and sort by it."""
    first = ["member"] if member is not None else []
    return csv_bytes(
        [first + HEADER]
        + [([member] if member is not None else []) + _cells(line, timezone) for line in lines]
    )


def group_csv(rows: Sequence[tuple[str, Line]], timezone: str) -> bytes:
    """Everyone's record (leaders): member, date, weekday, start, status, reason."""
    return csv_bytes(
        [["member", *HEADER]] + [[member, *_cells(line, timezone)] for member, line in rows]
    )


def _font_dir() -> Path | None:
    try:
        import matplotlib

        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        return path if (path / "DejaVuSans.ttf").exists() else None
    except Exception:  # pragma: no cover - matplotlib is a dependency; fall back to core fonts
        return None


def a4_pdf(*, page_break: bool = True) -> tuple[FPDF, str]:
    """A new A4 document with its first page and the font family to write in: DejaVu (matplotlib
    ships it; it has every name's letters) or, failing that, the core Helvetica (latin-1 only)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    if page_break:
        pdf.set_auto_page_break(auto=True, margin=15)
    else:
        pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    fonts = _font_dir()
    if fonts is None:  # pragma: no cover - matplotlib ships DejaVu
        return pdf, "Helvetica"
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    return pdf, "DejaVu"


@dataclass(frozen=True)
class Endorsed:
    """What an endorsement adds to a certificate."""

    leader: str
    on: datetime
    code: str


@dataclass(frozen=True)
class Certificate:
    """Everything a certificate states. `lines` are every session recorded for the trainee (only
    attended and excused ones are listed; absences are counted in the summary)."""

    member: str
    group: str
    leaders: str
    timezone: str
    period: tuple[date, date]
    lines: Sequence[Line]
    presented: Sequence[datetime]
    summary: Summary
    issued: datetime
    endorsed: Endorsed | None = None
    # the trainee's groups on this bot and where they stand against the scheme (their own copy,
    # or one they shared with the leaders); empty otherwise
    across: Sequence[str] = ()
    scheme: str | None = None


def certificates_zip(named: Sequence[tuple[str, Certificate]]) -> bytes:
    """A ZIP of certificate PDFs, each under its file name (a group's exports at /group close)."""
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for filename, cert in named:
            zf.writestr(filename, certificate_pdf(cert))
    return archive.getvalue()


def certificate_pdf(cert: Certificate) -> bytes:
    """One A4 page: who, which group and leaders, the period, the summary against the target, the
    dated sessions attended (late marked) and excused, the presentations, and the endorsement."""
    pdf, family = a4_pdf(page_break=False)
    member, group, leaders = cert.member, cert.group, cert.leaders
    if family == "Helvetica":  # pragma: no cover
        member, group, leaders = (
            t.encode("latin-1", "replace").decode("latin-1") for t in (member, group, leaders)
        )
    tz = cert.timezone
    pdf.set_font(family, "B", 16)
    pdf.cell(0, 10, "Balint group attendance certificate", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10.5)
    first, last = cert.period
    for label, value in (
        ("Trainee", member),
        ("Group", group),
        ("Leaders", leaders or "-"),
        ("Period", wording.span(first, last)),
    ):
        pdf.cell(22, 6, f"{label}:")
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.multi_cell(0, 5.5, cert.summary.sentence(), new_x="LMARGIN", new_y="NEXT", align="L")
    presented = sorted(_local(p, tz).date() for p in cert.presented)
    pdf.multi_cell(
        0,
        5.5,
        f"Presentations given: {len(presented)}"
        + (": " + ", ".join(wording.dated(d) for d in presented) if presented else "."),
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    if cert.scheme is not None:
        pdf.ln(1)
        if len(cert.across) > 1:
            pdf.set_font(family, "B", 9.5)
            pdf.cell(0, 5.5, "Every group on this bot", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(family, "", 8.5)
            for group_line in cert.across:
                pdf.multi_cell(0, 4.4, f"• {group_line}", new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(family, "", 9)
        pdf.multi_cell(0, 4.8, cert.scheme, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(family, "", 10.5)
    pdf.ln(2)
    shown = [line for line in cert.lines if line.status != "absent"]
    presented_days = set(presented)
    rows = []
    for line in shown:
        local = _local(line.starts_at, tz)
        word = STATUS_WORDS.get(line.status, line.status)
        if line.status == "excused" and line.reason in REASONS:
            word += f" ({REASONS[line.reason]})"
        if local.date() in presented_days:
            word += ", presented"
        rows.append((wording.dated(local), word))
    pdf.set_font(family, "B", 9.5)
    pdf.cell(0, 6, "Sessions attended and excused absences", new_x="LMARGIN", new_y="NEXT")
    # Two columns from 24 rows, so a year of weekly sessions fits on one page.
    columns = 1 if len(rows) <= 24 else 2
    per_column = -(-len(rows) // columns) if rows else 0
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / columns
    height = 4.6 if columns == 2 else 5.2
    top = pdf.get_y()
    pdf.set_font(family, "", 8.5)
    # the dates' column as wide as its widest date; a status too long for the rest of its column
    # is set smaller rather than run into the next column (or off the page)
    days = max((pdf.get_string_width(day) for day, _ in rows), default=0) + 3
    gap = 3 if columns == 2 else 0
    for index, (day, word) in enumerate(rows):
        column, row = divmod(index, per_column)
        pdf.set_xy(pdf.l_margin + column * width, top + row * height)
        pdf.cell(days, height, day)
        size = 8.5
        while size > 6 and pdf.get_string_width(word) > width - days - gap:
            size -= 0.5
            pdf.set_font_size(size)
        pdf.cell(width - days - gap, height, word)
        pdf.set_font_size(8.5)
    if not rows:
        pdf.cell(0, 5, "None recorded yet.")
        per_column = 1
    pdf.set_xy(pdf.l_margin, top + per_column * height + 4)
    pdf.set_font(family, "B", 10)
    if cert.endorsed is not None:
        e = cert.endorsed
        pdf.multi_cell(
            0,
            5.5,
            f"Endorsed by {e.leader}, group leader, on {wording.dated(_local(e.on, tz))}.\n"
            f"Verification code: {e.code}",
            new_x="LMARGIN",
            new_y="NEXT",
            align="L",
        )
        pdf.set_font(family, "", 8)
        pdf.multi_cell(
            0,
            4,
            "To verify, ask the group's host to run “balint-bot verify CODE”, or a member "
            "of the server to use “/attendance verify CODE”: it checks these lines against "
            "the group's attendance ledger.",
            new_x="LMARGIN",
            new_y="NEXT",
            align="L",
        )
    else:
        pdf.multi_cell(
            0,
            5.5,
            "Not yet endorsed: a group leader can endorse it (/attendance endorse).",
            new_x="LMARGIN",
            new_y="NEXT",
            align="L",
        )
    pdf.ln(2)
    pdf.set_font(family, "", 8)
    pdf.multi_cell(
        0,
        4,
        f"Issued {wording.dated(_local(cert.issued, tz))} by the group's Discord bot from check-ins, declared "
        "absences and leaders' corrections. This is a record of attendance, not the case-based "
        "discussion group assessment (CBDGA), which your group leader completes in your portfolio.",
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    return bytes(pdf.output())
