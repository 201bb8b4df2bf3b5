"""The certificate PDF: a full year of weekly sessions fits on one page, every date readable."""

import io
import re
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from bot.domain import wording
from bot.domain.attendance import summarise
from bot.reports.attendance import Certificate, Endorsed, Line, certificate_pdf


def test_a_year_of_48_sessions_fits_one_page_with_every_date_and_the_endorsement() -> None:
    first = datetime(2026, 9, 3, 8, tzinfo=UTC)
    lines = [
        Line(first + timedelta(weeks=i), ("attended", "late", "excused", "absent")[i % 4], "leave")
        for i in range(48)
    ]
    cert = Certificate(
        member="Aisha Ó Briain",
        group="Thursday Balint group",
        leaders="Dr Okafor, Dr Lewis",
        timezone="Europe/London",
        period=(date(2026, 9, 1), date(2027, 7, 31)),
        lines=lines,
        presented=[lines[1].starts_at, lines[20].starts_at],
        summary=summarise([x.status for x in lines], 25, 0),
        issued=first + timedelta(weeks=48),
        endorsed=Endorsed("Dr Okafor", first + timedelta(weeks=48), "K7Q2-M9XD-4TRA"),
    )
    reader = PdfReader(io.BytesIO(certificate_pdf(cert)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    shown = [x for x in lines if x.status != "absent"]
    assert len(shown) == 36
    for line in shown:
        assert wording.dated(line.starts_at) in text
    absent_day = wording.dated(lines[3].starts_at)
    assert absent_day not in text  # absences are counted, not listed
    assert "Period: 1 Sep 2026 to 31 Jul 2027" in text
    assert not re.search(r"\b0\d [A-Z][a-z]{2}\b", text), "a zero-padded day"
    assert (
        "Aisha Ó Briain" in text and "24 sessions attended (12 late), 12 excused, 12 absent" in text
    )
    assert "Verification code: K7Q2-M9XD-4TRA" in text and "Presentations given: 2" in text
