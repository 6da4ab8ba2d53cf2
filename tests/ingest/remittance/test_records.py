"""Remittance records: exact amounts in the remittance's currency, bounded confidence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from ingest.records import (
    ExtractResult,
    RemittanceLineRecord,
    RemittanceRecord,
    remittance_contract,
)


def _remittance(currency: str, *lines: RemittanceLineRecord, confidence: float = 0.9) -> RemittanceRecord:
    return RemittanceRecord(
        payment_amount=Decimal("980"),
        currency=currency,
        confidence=confidence,
        lines=lines,
        locator="rows 1-2",
    )


def test_line_amounts_are_quantised_to_the_remittance_currency() -> None:
    line = RemittanceLineRecord(
        invoice_number="INV-1", invoice_amount=Decimal("1000"), paid_amount=Decimal("980")
    )
    remittance = _remittance("eur", line)
    assert remittance.currency == "EUR"
    assert remittance.payment_amount == Decimal("980.00")
    assert str(remittance.lines[0].invoice_amount) == "1000.00"
    assert remittance.lines[0].discount_amount is None
    assert str(_remittance("JPY", line).lines[0].paid_amount) == "980"


def test_more_decimals_than_the_currency_allows_is_refused() -> None:
    line = RemittanceLineRecord(invoice_number="INV-1", paid_amount=Decimal("980.5"))
    with pytest.raises(ValidationError):
        _remittance("JPY", line)


@pytest.mark.parametrize("confidence", [-0.1, 1.5])
def test_confidence_is_between_zero_and_one(confidence: float) -> None:
    with pytest.raises(ValidationError):
        _remittance("EUR", confidence=confidence)


def test_records_are_frozen_and_extract_results_default_to_no_remittances() -> None:
    remittance = _remittance("EUR")
    with pytest.raises(ValidationError):
        remittance.payer_name = "someone"  # type: ignore[misc]
    assert ExtractResult.model_fields["remittances"].default == ()


def test_the_contract_writes_null_for_missing_amounts_and_dates() -> None:
    line = RemittanceLineRecord(invoice_number="INV-1", paid_amount=Decimal("980"))
    data = remittance_contract(_remittance("EUR", line))
    assert data["payment_date"] is None
    assert data["lines"] == [
        {
            "invoice_number": "INV-1",
            "invoice_amount": None,
            "paid_amount": "980.00",
            "discount_amount": None,
            "deduction_amount": None,
            "reason_text": None,
            "reason_code": None,
        }
    ]
