"""Deductions by reason code or customer, open and resolved, over a period."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.tools.kpis.ledger import AS_OF, day
from tools.kpis import deductions
from tools.kpis.ledger import DeductionFacts


def taken(
    number: str, customer: str, when: str, amount: str, code: str, status: str, currency: str = "EUR"
) -> DeductionFacts:
    return DeductionFacts(
        number, customer, f"{customer} SA", day(when), currency, Decimal(amount), code, status
    )


TAKEN = [
    taken("I1", "C1", "2026-10-05", "30.00", "DAMAGE", "open"),
    taken("I2", "C1", "2026-09-10", "20.00", "PRICE", "written_off"),
    taken("I3", "C2", "2026-10-15", "60.00", "DAMAGE", "written_off"),
    taken("I4", "C2", "2026-10-20", "70.00", "DAMAGE", "open", currency="USD"),  # other currency
    taken("I5", "C2", "2026-11-02", "90.00", "SHORTAGE", "open"),  # after AS_OF
    taken("I6", "C1", "2026-07-01", "15.00", "PRICE", "open"),  # before 08-03, the default start
]


def test_deductions_by_reason() -> None:
    result = deductions(TAKEN, as_of=AS_OF, currency="EUR")
    # DAMAGE: I1 30 open + I3 60 resolved = 90; PRICE: I2 20 resolved.
    assert result.rows == [
        {
            "reason_code": "DAMAGE",
            "count": 2,
            "amount": "90.00",
            "open_count": 1,
            "open_amount": "30.00",
            "resolved_count": 1,
            "resolved_amount": "60.00",
        },
        {
            "reason_code": "PRICE",
            "count": 1,
            "amount": "20.00",
            "open_count": 0,
            "open_amount": "0.00",
            "resolved_count": 1,
            "resolved_amount": "20.00",
        },
    ]
    assert result.value == "110.00"
    assert {k: result.extra[k] for k in ("count", "open_amount", "resolved_amount", "period_start")} == {
        "count": 3,
        "open_amount": "30.00",
        "resolved_amount": "80.00",
        "period_start": "2026-08-03",
    }


def test_deductions_by_customer_and_from_a_date() -> None:
    by_customer = deductions(TAKEN, as_of=AS_OF, currency="EUR", group_by="customer")
    # C2: I3 60; C1: I1 30 + I2 20 = 50.
    assert [
        (r["customer_id"], r["customer_name"], r["amount"], r["open_amount"]) for r in by_customer.rows
    ] == [
        ("C2", "C2 SA", "60.00", "0.00"),
        ("C1", "C1 SA", "50.00", "30.00"),
    ]
    longer = deductions(TAKEN, as_of=AS_OF, currency="EUR", period_start=day("2026-07-01"))
    # I6 joins PRICE: 20 + 15 = 35, one of two open.
    price = next(r for r in longer.rows if r["reason_code"] == "PRICE")
    assert (price["amount"], price["count"], price["open_count"]) == ("35.00", 2, 1)
    assert longer.value == "125.00"


def test_deductions_in_another_currency_and_in_the_past() -> None:
    usd = deductions(TAKEN, as_of=AS_OF, currency="USD")
    assert [(r["reason_code"], r["amount"]) for r in usd.rows] == [("DAMAGE", "70.00")]
    september = deductions(TAKEN, as_of=day("2026-09-30"), currency="EUR")
    assert [(r["reason_code"], r["amount"]) for r in september.rows] == [("PRICE", "20.00")]
    assert deductions([], as_of=AS_OF, currency="EUR").value == "0.00"
    with pytest.raises(ValueError):
        deductions(TAKEN, as_of=AS_OF, currency="EUR", group_by="invoice")  # type: ignore[arg-type]
