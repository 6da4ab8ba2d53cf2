"""identify_ledger: customers, invoices, or nothing, from the header content alone."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ingest.ledger import identify_ledger

FILES = Path(__file__).parent / "files"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("customers.csv", "customers"),
        ("clients_bom.csv", "customers"),
        ("customers_malformed.csv", "customers"),
        ("invoices.csv", "invoices"),
        ("factures_erp.csv", "invoices"),
        ("invoices_malformed.csv", "invoices"),
    ],
)
def test_fixtures(name: str, kind: str) -> None:
    assert identify_ledger(FILES / name) == kind


def test_bank_statement_csv_is_not_a_ledger(tmp_path: Path) -> None:
    path = tmp_path / "statement.csv"
    path.write_text(
        "id,booking_date,value_date,amount,currency,payer_name,payer_iban,reference,remittance_text\n"
        "TX1,2026-10-03,2026-10-03,1234.56,EUR,DUPONT SAS,FR7630006000011234567890189,INV-1,Facture INV-1\n"
    )
    assert identify_ledger(path) is None


def test_remittance_list_is_not_a_ledger(tmp_path: Path) -> None:
    path = tmp_path / "remittance.csv"
    path.write_text("invoice_number,invoice_amount,paid_amount,discount_amount\nINV-1,100.00,98.00,2.00\n")
    assert identify_ledger(path) is None


@pytest.mark.parametrize(
    "content", [b"", b"\x00\x01\x02\xff\xfe\x00binary", b"PK\x03\x04broken zip", b"%PDF-1.7\n"]
)
def test_empty_binary_and_other_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "invoices.csv"  # the extension is irrelevant
    path.write_bytes(content)
    assert identify_ledger(path) is None


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert identify_ledger(tmp_path / "nope.csv") is None
    assert identify_ledger(tmp_path) is None


def test_xlsx_identified_by_content(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Liste des clients"])
    sheet.append(["Code client", "Raison sociale", "Pays"])
    path = tmp_path / "export"
    workbook.save(path)
    assert identify_ledger(path) == "customers"
