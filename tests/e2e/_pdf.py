"""Reading the certificates the bot sends: one-page PDFs, checked by their text."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The text of a one-page PDF (a certificate is always one page)."""
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def the_pdf(files: list[tuple[str, bytes]]) -> str:
    """The text of the one PDF among a message's attachments."""
    (data,) = [d for name, d in files if name.endswith(".pdf")]
    return pdf_text(data)
