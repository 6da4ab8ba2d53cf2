"""Remittance sheets are claimed by the remittance reader only; bank and ledger files are not."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from copilot.demo.files import INVOICE_COLUMNS
from ingest.ledger import identify_ledger
from ingest.registry import (
    BANK_READERS,
    REMITTANCE_READERS,
    UnknownFormat,
    detect_bank_reader,
    detect_reader,
    detect_remittance_reader,
)
from ingest.remittance import RemittanceSheetReader
from tests.ingest.remittance.sheets import FRENCH_ROWS, write_csv, write_xlsx

INGEST_TESTS = Path(__file__).parents[1]
READER = RemittanceSheetReader()


def _fixtures() -> list[Path]:
    found: list[Path] = []
    for folder in ("camt", "mt940", "bai2", "csv_statement", "ledger"):
        found.extend(
            path
            for path in sorted((INGEST_TESTS / folder).rglob("*"))
            if path.is_file() and path.suffix != ".py" and not path.name.endswith((".expected.json", ".pyc"))
        )
    return found


FIXTURES = _fixtures()
BANK_SAMPLES = [path for path in FIXTURES if any(reader.identify(path) for reader in BANK_READERS)]


def _id(path: Path) -> str:
    return path.relative_to(INGEST_TESTS).as_posix()


def test_the_fixture_set_is_not_empty() -> None:
    assert len(FIXTURES) > 100 and len(BANK_SAMPLES) > 50
    assert any(identify_ledger(path) == "invoices" for path in FIXTURES)
    assert any(path.parent.name == "handmade" and path.suffix == ".csv" for path in BANK_SAMPLES)


@pytest.mark.parametrize("path", FIXTURES, ids=_id)
def test_no_bank_or_ledger_fixture_is_a_remittance_sheet(path: Path) -> None:
    assert not READER.identify(path)


@pytest.mark.parametrize("path", BANK_SAMPLES, ids=_id)
def test_a_bank_statement_is_still_read_by_its_bank_reader(path: Path) -> None:
    assert detect_reader(path) is detect_bank_reader(path)


@pytest.mark.parametrize("name", ["invoices.csv", "factures_erp.csv", "customers.csv", "clients_bom.csv"])
def test_a_ledger_export_says_which_command_loads_it(name: str) -> None:
    with pytest.raises(UnknownFormat, match=r"looks like an export of \w+, load it with `arcopilot import"):
        detect_reader(INGEST_TESTS / "ledger" / "files" / name)


def _french_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "avis.csv", FRENCH_ROWS)


def _english_tsv_utf16(tmp_path: Path) -> Path:
    rows = [["Payer", "Acme"], ["Invoice No", "Amount paid", "Discount"], ["I-1", "10.00", "0.00"]]
    return write_csv(tmp_path / "advice.txt", rows, separator="\t", encoding="utf-16")


def _workbook(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "avis.xlsx", FRENCH_ROWS)


@pytest.mark.parametrize("make", [_french_csv, _english_tsv_utf16, _workbook])
def test_a_remittance_sheet_is_claimed_by_the_remittance_reader_only(tmp_path: Path, make: object) -> None:
    assert callable(make)
    path: Path = make(tmp_path)
    assert [reader.name for reader in REMITTANCE_READERS if reader.identify(path)] == ["remittance sheet"]
    assert not [reader.format for reader in BANK_READERS if reader.identify(path)]
    assert identify_ledger(path) is None
    assert detect_reader(path) is detect_remittance_reader(path)


@pytest.mark.parametrize(
    "header",
    [
        [*INVOICE_COLUMNS[:-1], "Net"],  # a ledger export with a "Net" column
        ["id", "booking_date", "amount", "currency", "Invoice", "Paid"],
        ["Facture", "Montant"],  # no paid-amount column
        ["Référence", "Montant payé"],  # no invoice-number column
    ],
)
def test_headers_that_are_not_remittance_tables(tmp_path: Path, header: list[str]) -> None:
    path = write_csv(tmp_path / "x.csv", [header, ["1"] * len(header)], separator=",")
    assert not READER.identify(path)


def test_an_unknown_file_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\nworld\n", encoding="utf-8")
    with pytest.raises(UnknownFormat, match=r"^notes\.txt: unknown format \(not camt") as caught:
        detect_reader(path)
    assert "\n" not in str(caught.value)
    with pytest.raises(UnknownFormat, match=r"^notes\.txt: unknown format for a remittance advice"):
        detect_remittance_reader(path)


@pytest.mark.parametrize("seed", range(10))
def test_random_bytes_missing_files_and_directories_are_not_claimed(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "random.bin"
    path.write_bytes(random.Random(seed).randbytes(4096))
    assert not READER.identify(path)
    assert not READER.identify(tmp_path / "missing.csv")
    assert not READER.identify(tmp_path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + random.Random(seed).randbytes(200))
    assert not READER.identify(broken)
