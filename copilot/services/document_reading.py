"""Reading one remittance document the way both ``extract`` and ``ingest`` do.

The reader's deterministic result comes first. Laid-out documents (PDF, scans, email bodies)
also give their text, which goes to the LLM when one is configured; the two results are
reconciled field by field (:mod:`copilot.services.extraction`). Lines with a reason get
their deduction reason code from the catalogue (keywords, then the local embedding model).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from copilot.services.deduction_reasons import reason_reader
from copilot.settings import Settings
from ingest.reader import ReaderError, RowErrors
from ingest.records import RemittanceLineRecord, RemittanceRecord, RowError
from ingest.remittance import RemittanceReader
from ingest.remittance.layout import TextDocument
from ingest.remittance.parse import read_text_remittances

KnownInvoice = Callable[[str], str | None]


@runtime_checkable
class TextRemittanceReader(Protocol):
    """A reader whose documents are laid-out text (PDF, scan, email body)."""

    def read_document(self, path: Path) -> TextDocument: ...


@dataclass(frozen=True)
class RemittanceReading:
    """What one document gave: its remittances, rows that could not be read, and its text."""

    remittances: tuple[RemittanceRecord, ...]
    rejected: tuple[RowError, ...]
    text: str | None
    method: str


def read_remittances(
    reader: RemittanceReader, path: Path, settings: Settings, *, known_invoice: KnownInvoice | None = None
) -> RemittanceReading:
    """The remittances of ``path``: deterministic, then checked against the LLM when configured."""
    rejected: tuple[RowError, ...] = ()
    text: str | None = None
    failure: ReaderError | None = None
    records: list[RemittanceRecord] = []
    if isinstance(reader, TextRemittanceReader):
        document = reader.read_document(path)
        text = document.text
        try:
            records = read_text_remittances(
                document, name=path.name, default_currency=settings.default_currency
            )
        except ReaderError as exc:
            failure = exc
    else:
        try:
            records.extend(reader.iter_remittances(path))
        except RowErrors as exc:
            rejected = tuple(exc.errors)
    method = "rules"
    if settings.llm_provider != "rules" and text is not None:
        from copilot.services.extraction import llm_reconciled

        records, method = llm_reconciled(records, text, settings, known_invoice=known_invoice)
    if not records and failure is not None:
        raise failure
    classify = reason_codes(settings)
    return RemittanceReading(tuple(with_reason_codes(r, classify) for r in records), rejected, text, method)


def reason_codes(settings: Settings) -> Callable[[str | None], str | None]:
    """A function from a line's reason text to a deduction reason code (``None``: no reason given)."""
    read = reason_reader(settings.reason_codes_file)

    def code(text: str | None) -> str | None:
        found = read(text)
        return found.code if found else None

    return code


def with_reason_codes(record: RemittanceRecord, code: Callable[[str | None], str | None]) -> RemittanceRecord:
    """The record with a reason code on each line that states a reason and has none."""
    lines: list[RemittanceLineRecord] = [
        line.model_copy(update={"reason_code": code(line.reason_text)})
        if line.reason_text and not line.reason_code
        else line
        for line in record.lines
    ]
    return record.model_copy(update={"lines": tuple(lines)})
