from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from ingest.records import CONTRACT_ORDER, BankPayment, InvoiceRecord, payment_contract


def test_the_contract_lists_every_payment_field_amounts_as_exact_strings() -> None:
    assert set(CONTRACT_ORDER) == set(BankPayment.model_fields)
    payment = BankPayment(
        id="1", booking_date=date(2026, 10, 3), amount=Decimal("5"), currency="kwd", locator="x"
    )
    contract = payment_contract(payment)
    assert list(contract)[:5] == ["id", "booking_date", "value_date", "amount", "currency"]
    assert (contract["amount"], contract["currency"], contract["booking_date"]) == (
        "5.000",
        "KWD",
        "2026-10-03",
    )


def test_records_refuse_inexact_or_non_positive_amounts() -> None:
    with pytest.raises(ValidationError, match="must be positive"):
        BankPayment(id="1", booking_date=date(2026, 1, 1), amount=Decimal("-1"), currency="EUR", locator="x")
    with pytest.raises(ValidationError, match="more decimals than JPY"):
        BankPayment(id="1", booking_date=date(2026, 1, 1), amount=Decimal("1.5"), currency="JPY", locator="x")
    invoice = InvoiceRecord(
        invoice_number="F1",
        customer_id="C1",
        issue_date=date(2026, 1, 1),
        due_date=date(2026, 2, 1),
        currency="EUR",
        amount=Decimal("10"),
        open_amount=Decimal("2.5"),
        locator="row 2",
    )
    assert (str(invoice.amount), str(invoice.open_amount)) == ("10.00", "2.50")
