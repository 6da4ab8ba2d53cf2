"""The list of readers, and the choice of exactly one for a file."""

from __future__ import annotations

from pathlib import Path

from ingest.bank.bai2 import Bai2Reader
from ingest.bank.camt import Camt052Reader, Camt053Reader, Camt054Reader
from ingest.bank.csv_statement import CsvStatementReader
from ingest.bank.mt940 import Mt940Reader
from ingest.ledger import LedgerFileError, identify_ledger
from ingest.ledger.table import check_zip_expansion
from ingest.reader import BankStatementReader, ReaderError
from ingest.remittance import RemittanceReader, RemittanceSheetReader
from ingest.remittance.email_reader import EmailRemittanceReader
from ingest.remittance.image import ImageRemittanceReader
from ingest.remittance.pdf import PdfRemittanceReader

BANK_READERS: tuple[BankStatementReader, ...] = (
    Camt053Reader(),
    Camt052Reader(),
    Camt054Reader(),
    Mt940Reader(),
    Bai2Reader(),
    CsvStatementReader(),
)
REMITTANCE_READERS: tuple[RemittanceReader, ...] = (
    RemittanceSheetReader(),
    PdfRemittanceReader(),
    ImageRemittanceReader(),
    EmailRemittanceReader(),
)


class UnknownFormat(ReaderError):
    """No reader, or more than one, recognises the file."""


class DangerousFile(ReaderError):
    """A container no reader may open (a zip bomb), refused before any reader looks inside."""


def refuse_zip_bombs(path: Path) -> None:
    """Raise :class:`DangerousFile` for a zip (XLSX included) that would inflate out of bounds."""
    try:
        with path.open("rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                return
    except OSError:
        return  # the readers report unreadable files themselves
    try:
        check_zip_expansion(path, path.name)
    except LedgerFileError as exc:
        raise DangerousFile(str(exc)) from exc


def detect_bank_reader(path: Path) -> BankStatementReader:
    """The one reader that recognises ``path`` from its content, or :class:`UnknownFormat`."""
    refuse_zip_bombs(path)
    matches = [reader for reader in BANK_READERS if reader.identify(path)]
    if not matches:
        ledger = identify_ledger(path)
        if ledger is not None:
            raise UnknownFormat(
                f"{path.name}: unknown format for a bank statement; it looks like an export of "
                f"{ledger}, load it with `arcopilot import {ledger}`"
            )
        raise UnknownFormat(
            f"{path.name}: unknown format (not camt.052/053/054, MT940, BAI2 or CSV statement)"
        )
    if len(matches) > 1:
        names = ", ".join(reader.format for reader in matches)
        raise UnknownFormat(f"{path.name}: ambiguous format, recognised by {names}")
    return matches[0]


def detect_remittance_reader(path: Path) -> RemittanceReader:
    """The one remittance reader that recognises ``path``, or :class:`UnknownFormat`."""
    refuse_zip_bombs(path)
    matches = [reader for reader in REMITTANCE_READERS if reader.identify(path)]
    if not matches:
        raise UnknownFormat(
            f"{path.name}: unknown format for a remittance advice "
            "(not a PDF, image, email or remittance sheet)"
        )
    if len(matches) > 1:
        names = ", ".join(reader.name for reader in matches)
        raise UnknownFormat(f"{path.name}: ambiguous format, recognised by {names}")
    return matches[0]


def detect_reader(path: Path) -> BankStatementReader | RemittanceReader:
    """The one reader, bank statement or remittance advice, that recognises ``path``.

    Raises :class:`UnknownFormat` when none does (saying which command loads a ledger
    export) or when more than one does.
    """
    refuse_zip_bombs(path)
    banks = [reader for reader in BANK_READERS if reader.identify(path)]
    remittances = [reader for reader in REMITTANCE_READERS if reader.identify(path)]
    if len(banks) + len(remittances) > 1:
        names = ", ".join([*(reader.format for reader in banks), *(reader.name for reader in remittances)])
        raise UnknownFormat(f"{path.name}: ambiguous format, recognised by {names}")
    if remittances:
        return remittances[0]
    if banks:
        return banks[0]
    ledger = identify_ledger(path)
    if ledger is not None:
        raise UnknownFormat(
            f"{path.name}: unknown format; it looks like an export of {ledger}, "
            f"load it with `arcopilot import {ledger}`"
        )
    raise UnknownFormat(
        f"{path.name}: unknown format (not camt.052/053/054, MT940, BAI2, CSV statement "
        "or remittance advice: PDF, image, email, spreadsheet)"
    )
