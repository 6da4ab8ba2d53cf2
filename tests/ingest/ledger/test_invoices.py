"""Open invoices: French ERP exports, XLSX, malformed rows, credit notes, file-level errors."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ingest.ledger import LedgerFileError, read_invoices

FILES = Path(__file__).parent / "files"
HEADER = "invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number\n"


def write(tmp_path: Path, text: str, name: str = "invoices.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_french_erp_export_windows_1252_semicolons_decimal_commas_title_line() -> None:
    path = FILES / "factures_erp.csv"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the fixture really is Windows-1252
    result = read_invoices(path)
    assert result.format == "invoices_csv"
    assert result.errors == ()
    first, second, third, credit_note = result.records
    assert (first.invoice_number, first.customer_id, first.amount) == (
        "FA2026-00412",
        "411DUPONT",
        Decimal("1234.56"),
    )
    assert (first.issue_date, first.due_date) == (date(2026, 9, 2), date(2026, 10, 2))
    assert first.locator == "row 3"  # the title line is row 1, the header row 2
    assert (second.amount, second.open_amount) == (Decimal("12500.00"), Decimal("2500.00"))  # no-break spaces
    assert (third.currency, third.po_number) == ("EUR", "BC 2026/118; lot 2")  # "€" and a quoted ";"
    assert (credit_note.amount, credit_note.open_amount) == (Decimal("-120.00"), Decimal("-120.00"))
    assert result.warnings == ("ignored columns: Commentaire", "row 7: totals line skipped")
    assert result.rows_read == 4


def test_malformed_rows_give_one_error_each_and_good_rows_survive() -> None:
    result = read_invoices(FILES / "invoices_malformed.csv")
    assert [r.invoice_number for r in result.records] == ["INV-1", "INV-10"]
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "due_date"),  # 31/02/2026
        (4, "amount"),  # 12O.00
        (5, "customer_id"),  # empty
        (6, "due_date"),  # before the issue date
        (7, None),  # wrong field count
        (8, "open_amount"),  # larger than the amount
        (9, "invoice_number"),  # duplicate of row 2
        (10, "amount"),  # 99.999 USD
        (12, "currency"),  # "$"  (row 11 is blank)
    ]
    assert (
        str(result.errors[0])
        == "invoices_malformed.csv, row 3, column due_date: '31/02/2026' is not a valid date"
    )
    assert "first on row 2" in result.errors[6].message
    assert result.rows_read == len(result.records) + len(result.errors) == 11


def test_error_names_the_column_as_the_file_writes_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "N° facture;Code client;Date facture;Échéance;Devise;Montant TTC\n"
        "F1;C1;01/02/2026;31/02/2026;EUR;10,00\n",
    )
    (error,) = read_invoices(path).errors
    assert str(error) == "invoices.csv, row 2, column Échéance: '31/02/2026' is not a valid date"


def test_xlsx_with_title_rows_date_cells_and_numbers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Notes"
    notes["A1"] = "Nothing to see here"
    sheet = workbook.create_sheet("Balance âgée")
    sheet["A1"] = "Société Exemple SA — balance âgée au 31/10/2026"
    sheet.append([])
    sheet.append(
        ["Invoice No", "Client ID", "Invoice date", "Due date", "Currency", "Amount", "Balance due", "PO"]
    )
    sheet.append(["INV-1", 1001, datetime(2026, 9, 1), datetime(2026, 10, 1), "EUR", 1234.56, 234.56, None])
    sheet.append(["INV-2", "C-2", date(2026, 9, 3), "03/11/2026", "gbp", 0.1 + 0.2, None, 4471])
    sheet.append(["INV-3", "C-2", date(2026, 9, 3), date(2026, 11, 3), "JPY", 15000, 15000, "PO-9"])
    sheet.append(["INV-4", "C-2", date(2026, 9, 3), date(2026, 11, 3), "EUR", 10.005, None, None])
    path = tmp_path / "balance.bin"  # the extension says nothing; the content does
    workbook.save(path)

    result = read_invoices(path)
    assert result.format == "invoices_xlsx"
    first, second, third = result.records
    assert (first.customer_id, first.issue_date, first.amount, first.open_amount) == (
        "1001",
        date(2026, 9, 1),
        Decimal("1234.56"),
        Decimal("234.56"),
    )
    assert first.locator == "sheet Balance âgée, row 4"
    assert (second.currency, second.amount, second.open_amount) == ("GBP", Decimal("0.30"), Decimal("0.30"))
    assert (second.due_date, second.po_number) == (date(2026, 11, 3), "4471")
    assert (third.amount, third.currency) == (Decimal("15000"), "JPY")
    (error,) = result.errors
    assert (error.row, error.column, error.message) == (
        7,
        "Amount",
        "'10.005' has more decimals than EUR allows",
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1 234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("€ 1 234,56", "1234.56"),
        ("(1 234,56)", "-1234.56"),
        ("1 234,56-", "-1234.56"),
    ],
)
def test_amount_styles(tmp_path: Path, written: str, expected: str) -> None:
    path = write(
        tmp_path,
        f"Invoice No;Customer ID;Invoice date;Due date;Currency;Amount\n"
        f"F1;C1;01/02/2026;01/03/2026;EUR;{written}\n",
    )
    (record,) = read_invoices(path).records
    assert record.amount == Decimal(expected)


def test_lone_thousands_mark_read_by_the_column_or_the_currency(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + 'F1,C1,2026-02-01,2026-03-01,EUR,"1,500",,\nF2,C1,2026-02-01,2026-03-01,KWD,1.500,,\n',
    )
    eur, kwd = read_invoices(path).records
    assert eur.amount == Decimal("1500.00")  # EUR has two decimals: "1,500" groups thousands
    assert kwd.amount == Decimal("1.500")  # KWD has three: it is a decimal mark


def test_date_order_inferred_per_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "F1,C1,02/01/2026,02/15/2026,USD,10.00,,\nF2,C1,12/28/2025,01/27/2026,USD,10.00,,\n",
    )
    first, second = read_invoices(path).records
    assert (first.issue_date, first.due_date) == (date(2026, 2, 1), date(2026, 2, 15))
    assert second.issue_date == date(2025, 12, 28)


def test_credit_notes_and_open_amount_rules(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "CN1,C1,2026-02-01,2026-02-01,EUR,-50.00,-20.00,\n"
        "CN2,C1,2026-02-01,2026-02-01,EUR,-50.00,20.00,\n"
        "F3,C1,2026-02-01,2026-02-01,EUR,0.00,,\n"
        "F4,C1,2026-02-01,2026-03-01,EUR,80.00,0.00,\n",
    )
    result = read_invoices(path)
    assert [(r.invoice_number, r.open_amount) for r in result.records] == [
        ("CN1", Decimal("-20.00")),
        ("F4", Decimal("0.00")),
    ]
    assert [(e.row, e.column) for e in result.errors] == [(3, "open_amount"), (4, "amount")]


def test_missing_required_column_is_a_file_error(tmp_path: Path) -> None:
    path = write(tmp_path, "Invoice No;Customer ID;Invoice date;Amount\nF1;C1;01/02/2026;10,00\n")
    with pytest.raises(LedgerFileError) as raised:
        read_invoices(path)
    message = str(raised.value)
    assert message.startswith("invoices.csv: missing required columns: currency")
    assert "due_date" in message and "\n" not in message


def test_two_columns_for_one_field_is_a_file_error(tmp_path: Path) -> None:
    path = write(tmp_path, "Invoice No;Customer ID;Date;Due date;Currency;Montant;Montant TTC\n")
    with pytest.raises(LedgerFileError, match="'Montant' and 'Montant TTC' both mean amount"):
        read_invoices(path)


def test_customers_file_is_not_an_invoices_file() -> None:
    with pytest.raises(LedgerFileError, match="this file lists customers, not invoices"):
        read_invoices(FILES / "customers.csv")


def test_no_header_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(LedgerFileError, match="no header row"):
        read_invoices(write(tmp_path, "just,some\ntext,here\n"))


def test_legacy_xls_and_other_zips_are_file_errors(tmp_path: Path) -> None:
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(LedgerFileError, match="legacy Excel"):
        read_invoices(xls)
    archive = tmp_path / "archive.xlsx"
    archive.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(LedgerFileError, match="not a readable XLSX workbook"):
        read_invoices(archive)


def test_dates_with_a_midnight_time(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "F1,C1,02/09/2026 00:00,2026-10-02 00:00:00,EUR,10.00,,\n")
    (record,) = read_invoices(path).records
    assert (record.issue_date, record.due_date) == (date(2026, 9, 2), date(2026, 10, 2))
