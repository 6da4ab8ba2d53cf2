"""Each writer's file reads back, with the matching ``ingest.bank`` reader, to the payments written.

The readers are written alongside; a test whose reader module is not there yet is skipped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from copilot.demo.company import DemoCompany, generate_company
from copilot.demo.files import camt_entries
from copilot.demo.statements import write_camt053, write_mt940, write_statement_csv
from ingest.bank.camt import Camt053Reader
from ingest.bank.csv_statement import CsvStatementReader
from ingest.bank.mt940 import Mt940Reader
from ingest.records import BankPayment

ACCOUNT = "FR7630004000031234567890143"
CREATED = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
IDENTITY = ("id", "booking_date", "value_date", "amount", "currency")
PARTIES = ("payer_name", "payer_iban", "payer_bic")
REFERENCES = ("end_to_end_id", "creditor_reference", "reference", "bank_reference")


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    return generate_company(as_of=date(2026, 11, 2))


def edge_cases(currency: str = "EUR") -> list[BankPayment]:
    """Hand-made specs for what the demo company does not exercise."""
    base: dict[str, Any] = {
        "account": ACCOUNT,
        "booking_date": date(2026, 10, 30),
        "currency": currency,
        "bank_transaction_code": "PMNT/RCDT/ESCT",
    }
    specs: list[dict[str, Any]] = [
        {
            "id": "EDGE-1",
            "value_date": date(2026, 11, 2),
            "amount": Decimal("0.01"),
            "payer_name": "Société <Générale> & Fils",
            "payer_iban": "FR7630003000401234567890185",
            "payer_bic": "SOGEFRPP",
            "end_to_end_id": "E2E-ÉDGE-1",
            "remittance_text": " ".join(f"Facture FA-2026-{n:05d}" for n in range(1, 25)),
        },
        {
            "id": "EDGE-2",
            "amount": Decimal("9999999.99"),
            "payer_name": "O'Brien: 100% - paid",
            "remittance_text": "Invoice: INV-10001 - thanks",
        },
        {
            "id": "EDGE-3",
            "value_date": date(2026, 10, 30),
            "amount": Decimal("12"),
            "payer_iban": "GB29NWBK60161331926819",
            "creditor_reference": "RF18539007547034",
        },
    ]
    payments = []
    for spec in specs:
        fields = {**base, **spec}
        fields["reference"] = fields.get("creditor_reference") or fields.get("end_to_end_id")
        fields["bank_reference"] = fields["id"]
        payments.append(BankPayment.model_validate({**fields, "locator": f"edge {fields['id']}"}))
    return payments


def assert_same(read: list[BankPayment], written: list[BankPayment], fields: tuple[str, ...]) -> None:
    assert [payment.id for payment in read] == [payment.id for payment in written]
    for got, expected in zip(read, written, strict=True):
        for field in fields:
            assert getattr(got, field) == getattr(expected, field), (expected.id, field)


def with_account(payments: list[BankPayment]) -> list[BankPayment]:
    return [payment.model_copy(update={"account": ACCOUNT}) for payment in payments]


def test_camt053_round_trip(tmp_path: Path, company: DemoCompany) -> None:
    written = with_account([payment for payment in company.payments if payment.currency == "EUR"])
    written += edge_cases()
    path = tmp_path / "statement.xml"
    write_camt053(
        path,
        camt_entries(written, company.scenarios),
        account_iban=ACCOUNT,
        currency="EUR",
        statement_id="RT-1",
        created=CREATED,
        opening_balance=Decimal("0.00"),
    )
    reader = Camt053Reader()
    assert reader.identify(path)
    read = list(reader.iter_payments(path))
    every_field = tuple(
        name for name in BankPayment.model_fields if name not in {"locator", "entry_reference"}
    )
    assert_same(read, written, every_field)
    batched = [payment for payment in read if payment.entry_reference]  # the Treasury's batch entry
    assert len(batched) >= 2 and batched[0].entry_reference == "B" + batched[0].id


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_mt940_round_trip(tmp_path: Path, company: DemoCompany, encoding: str) -> None:
    written = with_account([payment for payment in company.payments if payment.currency == "EUR"])
    written += edge_cases()
    path = tmp_path / "statement.sta"
    write_mt940(
        path,
        written,
        account=ACCOUNT,
        currency="EUR",
        statement_number=7,
        opening_balance=Decimal("100.00"),
        encoding=encoding,
    )
    reader = Mt940Reader()
    assert reader.identify(path)
    read = list(reader.iter_payments(path))
    dated = [
        payment.model_copy(update={"value_date": payment.value_date or payment.booking_date})
        for payment in written
    ]  # a :61: line always has a value date
    assert_same(read, dated, ("account", *IDENTITY, *PARTIES, *REFERENCES))
    # A long text is cut to fit six lines of 65 characters; the rest reads back whole.
    for got, expected in zip(read, written, strict=True):
        if expected.remittance_text and expected.id != "EDGE-1":
            assert got.remittance_text == expected.remittance_text, expected.id
    edge = next(payment for payment in read if payment.id == "EDGE-1")
    assert edge.remittance_text and written[-3].remittance_text
    assert written[-3].remittance_text.startswith(edge.remittance_text) and len(edge.remittance_text) > 200


@pytest.mark.parametrize(
    ("separator", "decimal_comma", "encoding", "date_format"),
    [
        (",", False, "utf-8", "%Y-%m-%d"),
        (";", True, "cp1252", "%d/%m/%Y"),
        (",", False, "utf-8", "%d/%m/%Y"),
    ],
)
def test_statement_csv_round_trip(
    tmp_path: Path, company: DemoCompany, separator: str, decimal_comma: bool, encoding: str, date_format: str
) -> None:
    written = list(company.payments) + edge_cases("GBP")
    path = tmp_path / "statement.csv"
    write_statement_csv(
        path,
        written,
        separator=separator,
        decimal_comma=decimal_comma,
        encoding=encoding,
        date_format=date_format,
    )
    reader = CsvStatementReader()
    assert reader.identify(path)
    read = list(reader.iter_payments(path))
    assert_same(read, written, (*IDENTITY, "payer_name", "payer_iban", "reference", "remittance_text"))
