"""Days to pay and days late per customer: amount-weighted, 12 months, one currency at a time."""

from __future__ import annotations

from tests.tools.forecast.ledger import AS_OF, customer, invoice
from tools.forecast import days_to_pay

INVOICES = [
    # 600 paid 10 days late (40 days after issue), 400 paid 30 days late (60 days after issue)
    invoice(
        "A1",
        "C1",
        issued="2026-08-01",
        due="2026-08-31",
        amount="1000",
        paid=(("2026-09-10", "600"), ("2026-09-30", "400")),
    ),
    # paid 6 days before the due date: 0 days late, 24 days after issue
    invoice("A2", "C1", issued="2026-09-01", due="2026-10-01", amount="500", paid=(("2026-09-25", "500"),)),
    # settled on 2025-10-31 = as_of - 365 days: outside the 12 months
    invoice("A0", "C1", issued="2025-09-01", due="2025-10-01", amount="2000", paid=(("2025-10-31", "2000"),)),
    # settled after as_of: not seen yet
    invoice("A3", "C1", issued="2026-10-01", due="2026-10-31", amount="300", paid=(("2026-11-05", "300"),)),
    # same customer in GBP: 40 days after issue, 10 days late
    invoice(
        "G1",
        "C1",
        issued="2026-09-01",
        due="2026-10-01",
        amount="100",
        paid=(("2026-10-11", "100"),),
        currency="GBP",
    ),
    invoice("B1", "C2", issued="2026-10-01", due="2026-10-31", amount="700"),
]


def test_weighted_by_amount_per_customer_and_currency() -> None:
    result = days_to_pay([customer("C1"), customer("C2")], INVOICES, as_of=AS_OF)

    assert (result.kpi, result.currency, result.value) == ("days_to_pay", None, None)
    assert result.extra["history_start"] == "2025-11-01"
    by_key = {(row["customer_id"], row["currency"]): row for row in result.rows}
    assert list(by_key) == [("C1", "EUR"), ("C1", "GBP"), ("C2", "EUR")]
    eur = by_key[("C1", "EUR")]
    # settled 600 + 400 + 500 = 1500 in 3 settlements
    # days to pay (600×40 + 400×60 + 500×24) / 1500 = 60000 / 1500 = 40.0
    # days late (600×10 + 400×30 + 500×0) / 1500 = 18000 / 1500 = 12.0
    # on time 500 / 1500 = 0.3333
    assert eur == {
        "customer_id": "C1",
        "customer_name": "C1 SA",
        "currency": "EUR",
        "payment_terms_days": 30,
        "settled_amount": "1500.00",
        "settlements": 3,
        "average_days_to_pay": "40.0",
        "average_days_late": "12.0",
        "on_time_share": "0.3333",
        "flags": [],
    }
    gbp = by_key[("C1", "GBP")]
    assert (gbp["settled_amount"], gbp["average_days_to_pay"], gbp["average_days_late"]) == (
        "100.00",
        "40.0",
        "10.0",
    )
    assert by_key[("C2", "EUR")] == {
        "customer_id": "C2",
        "customer_name": "C2 SA",
        "currency": "EUR",
        "payment_terms_days": 30,
        "settled_amount": "0.00",
        "settlements": 0,
        "average_days_to_pay": None,
        "average_days_late": None,
        "on_time_share": None,
        "flags": ["no history"],
    }


def test_one_currency_gives_the_portfolio_average() -> None:
    result = days_to_pay([customer("C1"), customer("C2")], INVOICES, as_of=AS_OF, currency="EUR")

    assert [(row["customer_id"], row["currency"]) for row in result.rows] == [("C1", "EUR"), ("C2", "EUR")]
    # only C1's three EUR settlements: 12.0 days late, 40.0 days to pay (GBP not weighed in)
    assert result.value == "12.0"
    assert result.extra["portfolio_days_to_pay"] == "40.0"


def test_as_of_in_the_past_sees_only_what_was_known_then() -> None:
    result = days_to_pay([customer("C1")], INVOICES, as_of=AS_OF.replace(month=9, day=20), currency="EUR")

    # on 2026-09-20 the 12 months start after 2025-09-20: A0's 2000 (30 days late) counts, and of
    # A1 only the 600 paid on 09-10 (10 days late); A2, A3 and B1 were not issued yet
    # days late (2000×30 + 600×10) / 2600 = 66000 / 2600 = 25.38 → 25.4
    assert [row["customer_id"] for row in result.rows] == ["C1"]
    assert (result.rows[0]["settled_amount"], result.rows[0]["average_days_late"]) == ("2600.00", "25.4")
    assert result.value == "25.4"


def test_empty_ledger() -> None:
    result = days_to_pay([], [], as_of=AS_OF, currency="EUR")

    assert (result.value, result.rows, result.extra["portfolio_days_to_pay"]) == (None, [], None)
