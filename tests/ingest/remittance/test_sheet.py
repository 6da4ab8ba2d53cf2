"""Remittance advice spreadsheets: header block, lines, totals row, checks, errors."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.extract import extract_file
from ingest.reader import ReaderError, RowErrors
from ingest.records import RowError, extract_contract
from ingest.remittance import RemittanceSheetReader, read_remittance_sheet
from tests.ingest.remittance.sheets import FRENCH_ROWS, Rows, write_csv, write_xlsx

READER = RemittanceSheetReader()


def test_a_french_csv_advice_with_header_block_and_totals_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "avis.csv", FRENCH_ROWS, encoding="cp1252")
    [remittance] = READER.iter_remittances(path)
    assert remittance.payer_name == "Boulangeries Dupont SAS"
    assert remittance.payment_date == date(2026, 10, 3)
    assert remittance.payment_amount == Decimal("12000.00")
    assert remittance.currency == "EUR"
    assert remittance.payment_reference == "VIR-2026-778"
    assert [line.invoice_number for line in remittance.lines] == ["FA-2026-001", "FA-2026-002", "AV-2026-007"]
    first, second, credit_note = remittance.lines
    assert (first.invoice_date, first.invoice_amount, first.discount_amount) == (
        date(2026, 9, 1),
        Decimal("5000.00"),
        Decimal("100.00"),
    )
    assert first.deduction_amount == Decimal("0.00")  # the column is there, the cell blank
    assert (second.deduction_amount, second.reason_text) == (Decimal("50.00"), "Marchandise abîmée")
    assert (credit_note.paid_amount, credit_note.invoice_amount) == (Decimal("-200.00"), None)
    assert second.locator == "row 9"
    assert remittance.warnings == ("lines sum to 11,750.00 but payment is 12,000.00",)
    assert remittance.confidence < 0.9


def test_a_consistent_english_workbook_has_no_warnings(tmp_path: Path) -> None:
    rows: Rows = [
        ["Remittance advice"],
        ["Payer", "Acme Corp"],
        ["Payment date", datetime(2026, 10, 5)],
        ["Payment amount", 1470.5],
        ["Currency", "usd"],
        ["Payment reference", "PAY-991"],
        [],
        [
            "Invoice No",
            "Invoice date",
            "Invoice amount",
            "Discount",
            "Deduction",
            "Reason",
            "Reason code",
            "Amount paid",
        ],
        ["INV-1001", datetime(2026, 9, 1), 1000, 20, 0, "", "", 980],
        ["INV-1002", datetime(2026, 9, 2), 500.5, 0, 10, "damaged goods", "DAMAGE", 490.5],
        ["Total", "", "", "", "", "", "", 1470.5],
        ["Thank you for your business"],
    ]
    path = write_xlsx(tmp_path / "advice.xlsx", rows)
    result = read_remittance_sheet(path)
    assert result.format == "xlsx" and result.errors == ()
    remittance = result.remittance
    assert remittance is not None
    assert (remittance.currency, remittance.payment_amount) == ("USD", Decimal("1470.50"))
    assert remittance.payment_date == date(2026, 10, 5)
    assert remittance.warnings == ()
    assert remittance.confidence == 0.98
    assert remittance.lines[1].reason_code == "DAMAGE"
    assert remittance.lines[1].invoice_amount == Decimal("500.50")
    assert remittance.locator == "sheet Remittance, rows 8-12"
    assert remittance.lines[0].locator == "sheet Remittance, row 9"


def test_labels_with_colons_and_no_amount_give_the_sum_in_the_default_currency(tmp_path: Path) -> None:
    rows = [
        ["From: Müller GmbH"],
        ["Invoice", "Paid"],
        ["R-1", "1'000.00"],
        ["R-2", "250.25"],
    ]
    path = write_csv(tmp_path / "advice.csv", rows, separator=",", encoding="utf-8-sig")
    [remittance] = RemittanceSheetReader(default_currency="chf").iter_remittances(path)
    assert (remittance.payer_name, remittance.currency) == ("Müller GmbH", "CHF")
    assert remittance.payment_amount == Decimal("1250.25")
    assert remittance.payment_date is None
    assert remittance.lines[0].discount_amount is None  # no discount column
    assert remittance.warnings == ()
    assert remittance.confidence == 0.93


def test_the_currency_can_come_from_a_column(tmp_path: Path) -> None:
    rows = [["Document", "Net", "Devise"], ["F1", "10,00", "GBP"], ["F2", "5,00", "gbp"]]
    [remittance] = READER.iter_remittances(write_csv(tmp_path / "a.csv", rows, encoding="utf-16"))
    assert (remittance.currency, remittance.payment_amount) == ("GBP", Decimal("15.00"))


def test_a_line_that_does_not_add_up_is_a_warning(tmp_path: Path) -> None:
    rows = [
        ["Invoice number", "Gross", "Deduction", "Net"],
        ["INV-1", "1,000.00", "20.00", "970.00"],
        ["INV-2", "100.00", "", "100.00"],
    ]
    [remittance] = READER.iter_remittances(write_csv(tmp_path / "a.csv", rows, separator=","))
    assert remittance.warnings == (
        "row 2, invoice INV-1: 1,000.00 less discount 0.00 and deduction 20.00 is 980.00 but 970.00 is paid",
    )
    assert remittance.payment_amount == Decimal("1070.00")


def test_a_totals_row_that_disagrees_with_the_lines_is_a_warning(tmp_path: Path) -> None:
    rows = [["Facture", "Payé"], ["F1", "10,00"], ["F2", "5,00"], ["Total", "16,00"]]
    [remittance] = READER.iter_remittances(write_csv(tmp_path / "a.csv", rows))
    assert remittance.warnings == ("lines sum to 15.00 but the totals row (row 4) says 16.00",)


def test_a_malformed_amount_is_a_row_error_naming_file_row_and_column(tmp_path: Path) -> None:
    rows = [["N° facture", "Montant payé"], ["F1", "10,00"], ["F2", "1O,00"], ["F3", "5,00"]]
    path = write_csv(tmp_path / "avis.csv", rows)
    items = READER.iter_remittances(path)
    remittance = next(items)
    assert [line.invoice_number for line in remittance.lines] == ["F1", "F3"]
    assert remittance.warnings == (
        "avis.csv, row 3, column Montant payé: '1O,00' is not an amount (line left out)",
    )
    with pytest.raises(
        RowErrors, match=r"^avis\.csv: 1 bad row\(s\): row 3, column Montant payé: '1O,00'"
    ) as caught:
        next(items)
    assert caught.value.errors == (
        RowError(file="avis.csv", row=3, column="Montant payé", message="'1O,00' is not an amount"),
    )


def test_a_line_without_invoice_number_or_paid_amount_is_a_row_error(tmp_path: Path) -> None:
    rows = [["Invoice", "Amount paid"], ["", "10.00"], ["F2", ""], ["F3", "1.00"]]
    result = read_remittance_sheet(write_csv(tmp_path / "a.csv", rows, separator=","))
    assert [(error.row, error.column, error.message) for error in result.errors] == [
        (2, "Invoice", "required value is empty"),
        (3, "Amount paid", "required value is empty"),
    ]


def test_only_bad_lines_give_no_remittance(tmp_path: Path) -> None:
    rows = [["Invoice", "Paid"], ["F1", "abc"]]
    path = write_csv(tmp_path / "a.csv", rows, separator=",")
    with pytest.raises(RowErrors):
        list(READER.iter_remittances(path))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["Montant du paiement", "douze"], ["Facture", "Payé"], ["F1", "1,00"]],
            r"a\.csv, row 1, Montant du paiement: 'douze' is not an amount",
        ),
        (
            [["Date de paiement", "31/02/2026"], ["Facture", "Payé"], ["F1", "1,00"]],
            r"a\.csv, row 1, Date de paiement: '31/02/2026' is not a valid date",
        ),
        ([["Devise", "EURO"], ["Facture", "Payé"], ["F1", "1,00"]], r"a\.csv, row 1, Devise: .*EURO"),
        (
            [["Facture", "Payé", "Net"], ["F1", "1,00", "1,00"]],
            r"a\.csv: columns 'Payé' and 'Net' both mean paid_amount \(header row 1\)",
        ),
        (
            [["Facture", "Payé", "Devise"], ["F1", "1,00", "EUR"], ["F2", "1,00", "USD"]],
            r"a\.csv: one remittance in several currencies: EUR \(row 2\), USD \(row 3\)",
        ),
        ([["Facture", "Payé"], ["Total", "0,00"]], r"a\.csv: no invoice lines"),
        (
            [["Facture", "Payé"], ["F1", "1,00"], ["Total", "x"]],
            r"a\.csv, row 3, column Payé: 'x' is not an amount \(totals row\)",
        ),
    ],
    ids=[
        "payment-amount",
        "payment-date",
        "currency",
        "duplicate-column",
        "two-currencies",
        "no-lines",
        "totals",
    ],
)
def test_file_level_problems_raise_one_clear_reader_error(
    tmp_path: Path, rows: list[list[str]], message: str
) -> None:
    path = write_csv(tmp_path / "a.csv", rows)
    with pytest.raises(ReaderError, match=message) as caught:
        list(READER.iter_remittances(path))
    assert not isinstance(caught.value, RowErrors)
    assert "\n" not in str(caught.value)


def test_a_line_in_another_currency_than_the_header_is_a_row_error(tmp_path: Path) -> None:
    rows = [["Devise", "EUR"], ["Facture", "Payé", "Devise"], ["F1", "1,00", "EUR"], ["F2", "1,00", "USD"]]
    result = read_remittance_sheet(write_csv(tmp_path / "a.csv", rows))
    assert [str(error) for error in result.errors] == [
        "a.csv, row 4, column Devise: USD is not the remittance's currency EUR"
    ]


def test_amounts_with_more_decimals_than_the_currency_are_row_errors(tmp_path: Path) -> None:
    rows = [["Currency", "JPY"], ["Invoice", "Paid"], ["J1", "1000"], ["J2", "10.5"]]
    result = read_remittance_sheet(write_csv(tmp_path / "a.csv", rows, separator=","))
    assert result.remittance is not None and result.remittance.payment_amount == Decimal("1000")
    assert [error.row for error in result.errors] == [4]


def test_extract_file_gives_the_design_contract(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "avis.csv", FRENCH_ROWS)
    result = extract_file(path)
    assert (result.document.format, result.payments) == ("csv", ())
    data = extract_contract(result)
    assert set(data) == {"document", "payments", "remittances"}
    [remittance] = data["remittances"]
    assert list(remittance) == [
        "payer_name",
        "payment_date",
        "payment_amount",
        "currency",
        "payment_reference",
        "confidence",
        "warnings",
        "lines",
    ]
    assert remittance["payment_date"] == "2026-10-03"
    assert remittance["payment_amount"] == "12000.00"
    assert remittance["lines"][1] == {
        "invoice_number": "FA-2026-002",
        "invoice_amount": "7100.00",
        "paid_amount": "7050.00",
        "discount_amount": "0.00",
        "deduction_amount": "50.00",
        "reason_text": "Marchandise abîmée",
        "reason_code": None,
    }
    assert remittance["lines"][2]["invoice_amount"] is None


def test_extract_file_reads_a_workbook_as_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "avis.bin", FRENCH_ROWS, title="Avis")
    result = extract_file(path)
    assert result.document.format == "xlsx"
    assert result.remittances[0].payment_amount == Decimal("12000.00")
    assert result.remittances[0].lines[0].locator == "sheet Avis, row 8"


def test_a_documents_labels_and_the_currency_its_amounts_carry(tmp_path: Path) -> None:
    rows: Rows = [
        ["Remittance Advice"],
        ["Paid by", "Prairie Brands Inc"],
        ["Amount paid", "1,500.00"],
        ["Remittance ref.", "CHK 042876"],
        [],
        ["Your ref.", "Original amount", "Amount paid"],
        ["FAC26-04417", "$1,200.00", "$1,200.00"],
        ["FAC26-04418", "$300.00", "$300.00"],
    ]
    [remittance] = READER.iter_remittances(write_xlsx(tmp_path / "advice.xlsx", rows))
    assert (remittance.payer_name, remittance.payment_reference) == ("Prairie Brands Inc", "CHK 042876")
    assert (remittance.payment_amount, remittance.currency) == (Decimal("1500.00"), "USD")
