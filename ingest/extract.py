"""Extraction of one file into an :class:`ExtractResult`, storing nothing."""

from __future__ import annotations

from pathlib import Path

from ingest.files import sha256_of
from ingest.reader import BankStatementReader
from ingest.records import DocumentInfo, ExtractResult
from ingest.registry import detect_reader
from ingest.remittance import RemittanceReader


def extract_with(reader: BankStatementReader, path: Path) -> ExtractResult:
    """Run ``reader`` over ``path`` and collect its payments with the document's identity."""
    document = DocumentInfo(path=str(path), sha256=sha256_of(path), format=reader.format)
    return ExtractResult(document=document, payments=tuple(reader.iter_payments(path)))


def extract_remittances_with(reader: RemittanceReader, path: Path) -> ExtractResult:
    """Run ``reader`` over ``path`` and collect its remittances with the document's identity."""
    document = DocumentInfo(path=str(path), sha256=sha256_of(path), format=reader.document_format(path))
    return ExtractResult(document=document, remittances=tuple(reader.iter_remittances(path)))


def extract_file(path: Path) -> ExtractResult:
    """Detect the format of ``path`` from its content (bank statement or remittance advice) and extract it."""
    reader = detect_reader(path)
    if isinstance(reader, RemittanceReader):
        return extract_remittances_with(reader, path)
    return extract_with(reader, path)
