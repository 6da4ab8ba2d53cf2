"""Remittance advices in PDF: the text layer read with pdfplumber, scanned pages read by OCR.

Each page's words come with their positions (:class:`~ingest.remittance.layout.PlacedWord`)
and are grouped into lines; a page without a text layer is rendered and read by Tesseract
(:mod:`ingest.remittance.ocr`). Pages are read one at a time and released, so memory stays
flat on long documents. Encrypted, corrupt, truncated and overlong PDFs are refused with one
line saying so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.files import is_pdf
from ingest.reader import ReaderError
from ingest.records import DocumentFormat, RemittanceRecord
from ingest.remittance.layout import PlacedWord, TextDocument, TextLine, cell_gap, group_lines
from ingest.remittance.ocr import ReadFrom, ocr_image, pdf_page_image
from ingest.remittance.parse import read_text_remittances
from ingest.remittance.scan_reading import checked_scan
from tools.money import normalise_currency

_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
"""A glyph the PDF gives no character for (pdfminer writes ``(cid:127)``), most often a bullet."""
MIN_TEXT_WORDS = 3
"""A page with fewer words in its text layer is treated as a scan."""


def _text_layer(page: Any) -> list[PlacedWord]:
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    return [
        PlacedWord(
            _UNMAPPED_GLYPH.sub("•", str(word["text"])),
            float(word["x0"]),
            float(word["x1"]),
            float(word["top"]),
            float(word["bottom"]),
        )
        for word in words
        if str(word["text"]).strip()
    ]


def read_pdf_document(path: Path, *, max_pages: int, read_from: ReadFrom = "ink") -> TextDocument:
    """The lines of every page, OCR for pages without a text layer; :class:`ReaderError` on a bad PDF."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    lines: list[TextLine] = []
    scanned = 0
    try:
        with pdfplumber.open(path) as pdf:
            count = len(pdf.pages)
            if count > max_pages:
                raise ReaderError(
                    f"{path.name}: PDF has {count} pages, above the {max_pages}-page limit "
                    "for a remittance advice"
                )
            for number, page in enumerate(pdf.pages, start=1):
                words = _text_layer(page)
                if len(words) >= MIN_TEXT_WORDS:
                    lines += group_lines(words, page=number, first_number=len(lines) + 1, gap=cell_gap(words))
                else:
                    scanned += 1
                    image = pdf_page_image(path, number)
                    lines += ocr_image(image, page=number, first_number=len(lines) + 1, read_from=read_from)
                page.close()
    except ReaderError:
        raise
    except PDFPasswordIncorrect as exc:
        raise ReaderError(f"{path.name}: encrypted PDF (a password is needed to read it)") from exc
    except Exception as exc:  # pdfminer raises many types for corrupt or truncated files
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc.__cause__ or exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise ReaderError(f"{path.name}: encrypted PDF (a password is needed to read it)") from exc
        raise ReaderError(f"{path.name}: corrupt or truncated PDF ({type(cause).__name__})") from exc
    if not lines:
        raise ReaderError(f"{path.name}: no text found in the PDF ({scanned} scanned page(s) without text)")
    return TextDocument(tuple(lines), "ocr" if scanned == count else "pdf")


class PdfRemittanceReader:
    """Remittance advices in PDF, with a text layer or scanned."""

    name = "remittance pdf"

    def __init__(self, default_currency: str = "EUR", max_pages: int = 100) -> None:
        self.default_currency = normalise_currency(default_currency)
        self.max_pages = max_pages

    def identify(self, path: Path) -> bool:
        return is_pdf(path)

    def document_format(self, path: Path) -> DocumentFormat:
        return "pdf"

    def read_document(self, path: Path) -> TextDocument:
        """The document's lines (for the parser, and for the LLM path); a scanned PDF is read a
        second way when the first reading's arithmetic does not check
        (:mod:`ingest.remittance.scan_reading`)."""
        document = read_pdf_document(path, max_pages=self.max_pages)
        if document.source != "ocr":
            return document
        return checked_scan(
            document,
            lambda: read_pdf_document(path, max_pages=self.max_pages, read_from="gray"),
            name=path.name,
            default_currency=self.default_currency,
        )

    def iter_remittances(self, path: Path) -> Iterator[RemittanceRecord]:
        document = self.read_document(path)
        yield from read_text_remittances(document, name=path.name, default_currency=self.default_currency)
