"""Remittance advices as images (a phone photo, a scanner's PNG, JPEG or TIFF), read by OCR."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingest.records import DocumentFormat, RemittanceRecord
from ingest.remittance.layout import TextDocument
from ingest.remittance.ocr import is_image, ocr_document
from ingest.remittance.parse import read_text_remittances
from ingest.remittance.scan_reading import checked_scan
from tools.money import normalise_currency


class ImageRemittanceReader:
    """Scanned remittance advices saved as images (several pages in a TIFF)."""

    name = "remittance image"

    def __init__(self, default_currency: str = "EUR", max_pages: int = 100) -> None:
        self.default_currency = normalise_currency(default_currency)
        self.max_pages = max_pages

    def identify(self, path: Path) -> bool:
        return is_image(path)

    def document_format(self, path: Path) -> DocumentFormat:
        return "image"

    def read_document(self, path: Path) -> TextDocument:
        """The OCR'd lines of every page (for the parser, and for the LLM path), read a second
        way when the first reading's arithmetic does not check (:mod:`ingest.remittance.scan_reading`)."""
        return checked_scan(
            ocr_document(path, max_pages=self.max_pages),
            lambda: ocr_document(path, max_pages=self.max_pages, read_from="gray"),
            name=path.name,
            default_currency=self.default_currency,
        )

    def iter_remittances(self, path: Path) -> Iterator[RemittanceRecord]:
        document = self.read_document(path)
        yield from read_text_remittances(document, name=path.name, default_currency=self.default_currency)
