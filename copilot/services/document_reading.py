"""Reading one remittance document the way both ``extract`` and ``ingest`` do.

The reader's deterministic result comes first. Laid-out documents (PDF, scans, email bodies)
also give their text, which goes to the LLM when one is configured; the two results are
reconciled field by field (:mod:`copilot.services.extraction`). Lines with a reason get
their deduction reason code from the catalogue (keywords, then the local embedding model).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from copilot.services.deduction_reasons import reason_reader
from copilot.services.extraction import llm_reconciled
from copilot.settings import Settings
from ingest.extract import extract_with
from ingest.files import sha256_of
from ingest.reader import ReaderError, RowErrors
from ingest.records import DocumentInfo, ExtractResult, RemittanceLineRecord, RemittanceRecord, RowError
from ingest.registry import detect_reader
from ingest.remittance import RemittanceReader
from ingest.remittance.layout import TextDocument
from ingest.remittance.parse import read_text_remittances
from ingest.remittance.reconcile import KnownInvoice

MAX_ATTACHMENT_DEPTH = 3
"""Attachments of attachments of attachments: deeper nesting is not read."""


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
    warnings: tuple[str, ...] = ()
    """What the language model said about the document (failures, instruction-like text)."""


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
        text = _call(reader, "body_text", path)
    notices: list[str] = _call(reader, "notices", path) or []
    reconciled = llm_reconciled(records, text, settings, known_invoice=known_invoice or _nothing_known)
    if not reconciled.remittances and failure is not None:
        raise failure
    classify = reason_codes(settings)
    return RemittanceReading(
        tuple(with_reason_codes(record, classify) for record in reconciled.remittances),
        rejected,
        text,
        reconciled.method,
        (*notices, *reconciled.warnings),
    )


def _call(reader: RemittanceReader, method: str, path: Path) -> Any:
    """What a reader's optional ``method`` gives for ``path`` (``None`` when it has none)."""
    found = getattr(reader, method, None)
    return found(path) if callable(found) else None


def _nothing_known(number: str) -> str | None:
    """No ledger to check invoice numbers against (``extract`` on an empty database)."""
    return None


def attachments_of(reader: RemittanceReader, path: Path) -> list[tuple[str, bytes]]:
    """``(name, content)`` of each attachment of an email; nothing for other documents."""
    return list(_call(reader, "attachments", path) or [])


def extract_document(
    path: Path, settings: Settings, *, known_invoice: KnownInvoice | None = None, depth: int = 0
) -> ExtractResult:
    """What ``arcopilot extract`` prints: the file's payments or remittances, an email's
    attachments' remittances included; an attachment that cannot be read is a warning."""
    reader = detect_reader(path)
    if not isinstance(reader, RemittanceReader):
        return extract_with(reader, path)
    document = DocumentInfo(path=str(path), sha256=sha256_of(path), format=reader.document_format(path))
    attachments = attachments_of(reader, path)
    remittances: list[RemittanceRecord] = []
    warnings: list[str] = []
    try:
        reading = read_remittances(reader, path, settings, known_invoice=known_invoice)
        remittances += reading.remittances
        warnings += [*reading.warnings, *(str(error) for error in reading.rejected)]
    except ReaderError:
        if not attachments:
            raise
    for name, content in attachments if depth < MAX_ATTACHMENT_DEPTH else ():
        with tempfile.TemporaryDirectory(prefix="arcopilot-extract-") as folder:
            inner = Path(folder) / (Path(name).name or "attachment")
            inner.write_bytes(content)
            try:
                found = extract_document(inner, settings, known_invoice=known_invoice, depth=depth + 1)
            except Exception as exc:  # one unreadable attachment never hides the others
                warnings.append(f"attachment {name}: {exc}".splitlines()[0])
                continue
        remittances += found.remittances
        warnings += found.warnings
    return ExtractResult(document=document, remittances=tuple(remittances), warnings=tuple(warnings))


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
