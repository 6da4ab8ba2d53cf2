"""CsvStatementReader: layouts, encodings, number and date formats, bad rows kept apart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.bank.csv_statement import CsvRowErrors, CsvStatementReader
from ingest.reader import ReaderError
from ingest.records import BankPayment, RowError
from tests.ingest.csv_statement.samples import HERE, MALFORMED

READER = CsvStatementReader()
HANDMADE = HERE / "handmade"


def test_design_columns_comma_utf8() -> None:
    first, twin_a, twin_b, dollars = READER.iter_payments(HANDMADE / "statement_comma_utf8.csv")
    assert (first.id, first.bank_reference, first.amount) == (
        "BNP-2026-0001",
        "BNP-2026-0001",
        Decimal("1234.56"),
    )
    assert first.payer_iban == "FR1420041010050500013M02606"  # spaces removed
    assert first.remittance_text == "Facture FA-2026-00123, acompte déduit"
    assert first.locator == "row 2"
    # Two identical rows without id: two payments, stable distinct ids from their content.
    assert twin_a.id.startswith("row-") and twin_b.id == twin_a.id + "#2"
    assert twin_a.bank_reference is None
    # The debit (-89.90) and the zero row are not payments; "12,500.00" is twelve thousand five hundred.
    assert (dollars.amount, dollars.currency) == (Decimal("12500.00"), "USD")
    assert dollars.creditor_reference == "RF18539007547034"


def test_french_headers_semicolon_decimal_comma_windows_1252() -> None:
    first, second = READER.iter_payments(HANDMADE / "releve_semicolon_cp1252.csv")
    assert first.payer_name == "Société Générale Électricité"
    assert (first.amount, first.booking_date, first.value_date) == (
        Decimal("1234.56"),
        date(2026, 10, 3),
        date(2026, 10, 2),
    )
    assert second.remittance_text == "Paiement partiel « escompte 2 % »"
    assert second.creditor_reference == "RF18539007547034"


def test_utf8_bom_optional_columns_and_placeholders() -> None:
    first, second = READER.iter_payments(HANDMADE / "statement_semicolon_utf8_bom.csv")
    assert (first.payer_bic, first.end_to_end_id, first.account) == (
        "COBADEFFXXX",
        "E2E-2026-77",
        "FR7630006000011234567890189",
    )
    assert first.amount == Decimal("2500.00")
    assert second.end_to_end_id is None  # NOTPROVIDED
    assert second.amount == Decimal("0.50") and second.value_date is None


def test_tab_separated_credit_and_debit_columns() -> None:
    (payment,) = READER.iter_payments(HANDMADE / "releve_tab_credit_debit.tsv")
    assert (payment.id, payment.amount, payment.value_date) == ("OP-1", Decimal("1234.50"), date(2027, 1, 2))


def test_bad_rows_do_not_stop_the_file() -> None:
    items = list(READER.iter_rows(MALFORMED))
    assert [item.id for item in items if isinstance(item, BankPayment)] == ["R-1", "R-7", "R-11"]
    errors = [item for item in items if isinstance(item, RowError)]
    assert [(e.row, e.column) for e in errors] == [
        (3, "amount"),
        (4, "booking_date"),
        (5, "currency"),
        (6, None),
        (7, "amount"),
        (9, "currency"),
        (10, "amount"),
        (11, None),
    ]
    assert str(errors[0]) == "malformed_rows.csv, row 3, column amount: not an amount: 'abc'"


def test_iter_payments_yields_every_good_row_then_raises_the_bad_ones() -> None:
    payments: list[BankPayment] = []
    with pytest.raises(CsvRowErrors) as caught:
        payments.extend(READER.iter_payments(MALFORMED))
    assert [p.id for p in payments] == ["R-1", "R-7", "R-11"]
    assert isinstance(caught.value, ReaderError)
    assert len(caught.value.errors) == 8
    message = str(caught.value)
    assert message.startswith("malformed_rows.csv: 8 bad row(s): row 3, column amount: not an amount: 'abc';")
    assert message.endswith("; and 3 more") and "\n" not in message


def _write(tmp_path: Path, text: str, name: str = "s.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "id;booking_date;amount;currency\n"


def test_day_month_order_is_inferred_per_file(tmp_path: Path) -> None:
    us = _write(tmp_path, HEADER + "A;04/03/2026;1,00;EUR\nB;04/13/2026;2,00;EUR\n")
    assert [p.booking_date for p in READER.iter_payments(us)] == [date(2026, 4, 3), date(2026, 4, 13)]
    ambiguous = _write(tmp_path, HEADER + "A;04/03/2026;1,00;EUR\n", "b.csv")
    assert [p.booking_date for p in READER.iter_payments(ambiguous)] == [date(2026, 3, 4)]  # day first


def test_decimal_mark_is_inferred_per_file(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "A;2026-01-01;1.234;EUR\nB;2026-01-01;1.234,50;EUR\n")
    assert [p.amount for p in READER.iter_payments(path)] == [Decimal("1234.00"), Decimal("1234.50")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file, no header row"),
        ("id,booking_date,amount\nA,2026-01-01,1.00\n", "the header row lacks"),
        (
            "id,booking_date,amount,currency,iban,payer_iban\n",
            "columns 'iban' and 'payer_iban' both mean payer_iban",
        ),
    ],
)
def test_file_level_problems_raise_at_once(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    assert READER.identify(path) == ("iban" in text)  # two columns for one field: ours, but unreadable
    with pytest.raises(ReaderError, match=message):
        list(READER.iter_rows(path))


@pytest.mark.parametrize(
    ("separator", "decimal_comma", "encoding", "date_format"),
    [
        (",", False, "utf-8", "%Y-%m-%d"),
        (";", True, "cp1252", "%d/%m/%Y"),
        ("\t", True, "utf-8-sig", "%d.%m.%Y"),
    ],
)
def test_round_trip_of_the_demo_writer(
    tmp_path: Path, separator: str, decimal_comma: bool, encoding: str, date_format: str
) -> None:
    statements = pytest.importorskip("copilot.demo.statements")
    written = [
        BankPayment(
            id=f"BK-{n}",
            booking_date=date(2026, 10, n),
            value_date=date(2026, 10, n),
            amount=amount,
            currency="EUR",
            payer_name="Société Générale Électricité",
            payer_iban="FR1420041010050500013M02606",
            reference=f"FA-{n}",
            remittance_text=f"Règlement FA-{n}, merci",
            locator="demo",
        )
        for n, amount in ((3, Decimal("1234.56")), (13, Decimal("12345678.90")), (24, Decimal("0.01")))
    ]
    path = tmp_path / "demo.csv"
    statements.write_statement_csv(
        path,
        written,
        separator=separator,
        decimal_comma=decimal_comma,
        encoding=encoding,
        date_format=date_format,
    )
    assert READER.identify(path)
    read = list(READER.iter_payments(path))
    fields = (
        "id",
        "booking_date",
        "value_date",
        "amount",
        "currency",
        "payer_name",
        "payer_iban",
        "reference",
        "remittance_text",
    )
    assert [[getattr(p, f) for f in fields] for p in read] == [
        [getattr(p, f) for f in fields] for p in written
    ]


def test_row_numbers_are_those_a_spreadsheet_shows(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "\nA;2026-01-01;1,00;EUR\n\nB;2026-01-02;x;EUR\n")
    first, error = READER.iter_rows(path)
    assert isinstance(first, BankPayment) and first.locator == "row 3"
    assert isinstance(error, RowError) and (error.row, error.column) == (5, "amount")
