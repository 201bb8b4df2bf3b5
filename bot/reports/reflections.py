"""A trainee's reflective log as files for their portfolio: Markdown (any editor) and a dated PDF."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain import wording
from bot.domain.reflections import TITLES, label
from bot.reports.attendance import a4_pdf
from bot.store.reflections import Reflection


def _entries(entries: Sequence[Reflection]) -> list[tuple[str, list[tuple[str, str]]]]:
    out = []
    for e in entries:
        day = date.fromisoformat(e.session_date)
        head = f"{wording.dated(day)}: {TITLES.get(e.kind, 'A reflection')}"
        out.append((head, [(label(e.kind, k), v) for k, v in e.answers.items()]))
    return out


def log_markdown(member: str, group: str, entries: Sequence[Reflection]) -> bytes:
    lines = [f"# Reflective log: {member}", "", f"Balint group: {group}", ""]
    for head, answers in _entries(entries):
        lines += [f"## {head}", ""]
        for question, answer in answers:
            lines += [f"**{question}**", "", answer, ""]
    if not entries:
        lines.append("No reflections yet.")
    return "\n".join(lines).encode("utf-8")


def log_pdf(member: str, group: str, entries: Sequence[Reflection], issued: date) -> bytes:
    pdf, family = a4_pdf()
    pdf.set_font(family, "B", 15)
    pdf.cell(0, 10, f"Reflective log: {member}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.cell(0, 6, f"Balint group: {group}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"Exported {wording.dated(issued)}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for head, answers in _entries(entries):
        pdf.set_font(family, "B", 11)
        pdf.multi_cell(0, 6, head, new_x="LMARGIN", new_y="NEXT", align="L")
        for question, answer in answers:
            pdf.set_font(family, "B", 9.5)
            pdf.multi_cell(0, 5, question, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.set_font(family, "", 9.5)
            pdf.multi_cell(0, 5, answer, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(3)
    if not entries:
        pdf.cell(0, 6, "No reflections yet.")
    return bytes(pdf.output())
