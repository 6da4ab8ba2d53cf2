"""The weekly cash forecast: week boundaries, overdue into week 1, beyond, currencies, empty."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tools.forecast.ledger import AS_OF, customer, invoice
from tools.forecast import cash_forecast

# C1 paid 10 days late (1000 on 07-11) and 14 days late (1000 on 08-15): (10 + 14) / 2 = 12 days
HISTORY = [
    invoice("H1", "C1", issued="2026-06-01", due="2026-07-01", amount="1000", paid=(("2026-07-11", "1000"),)),
    invoice("H2", "C1", issued="2026-07-01", due="2026-08-01", amount="1000", paid=(("2026-08-15", "1000"),)),
]
# as_of 2026-10-31: week 1 = 11-01..11-07, week 2 = 11-08..11-14, …, week 8 = 12-20..12-26
OPEN = [
    invoice("O2", "C1", issued="2026-09-10", due="2026-10-10", amount="300"),  # 10-22: already past → week 1
    invoice("O3", "C1", issued="2026-09-20", due="2026-10-20", amount="200"),  # 11-01: week 1's first day
    invoice("O5", "C1", issued="2026-09-26", due="2026-10-26", amount="100"),  # 11-07: week 1's last day
    invoice("O1", "C1", issued="2026-09-27", due="2026-10-27", amount="400"),  # 11-08: week 2's first day
    invoice("O6", "C1", issued="2026-10-15", due="2026-12-14", amount="50"),  # 12-26: week 8's last day
    invoice("O4", "C1", issued="2026-10-16", due="2026-12-15", amount="70"),  # 12-27: beyond
]


def _week(result: dict[str, Any], week: int) -> tuple[Any, ...]:
    row = result["rows"][week - 1]
    return (row["start"], row["end"], row["expected_amount"], row["invoice_count"], row["overdue_expected"])


def test_weeks_beyond_and_overdue_into_week_one() -> None:
    result = cash_forecast([customer("C1")], HISTORY + OPEN, [], as_of=AS_OF, currency="EUR").to_json()

    assert (result["kpi"], result["currency"], result["weeks"]) == ("forecast", "EUR", 8)
    assert [row["week"] for row in result["rows"]] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert _week(result, 1) == ("2026-11-01", "2026-11-07", "600.00", 3, "300.00")  # 300 + 200 + 100
    assert _week(result, 2) == ("2026-11-08", "2026-11-14", "400.00", 1, "0.00")
    assert _week(result, 3) == ("2026-11-15", "2026-11-21", "0.00", 0, "0.00")
    assert _week(result, 8) == ("2026-12-20", "2026-12-26", "50.00", 1, "0.00")
    assert [row["expected_amount"] for row in result["rows"][2:7]] == ["0.00"] * 5
    assert result["value"] == "1050.00"  # 600 + 400 + 50
    assert result["beyond"] == {"expected_amount": "70.00", "invoice_count": 1}
    assert result["overdue_expected"] == "300.00"
    assert result["delays"] == [
        {"customer_id": "C1", "customer_name": "C1 SA", "days_late": 12, "source": "own"}
    ]


def test_fewer_weeks_push_the_rest_beyond() -> None:
    result = cash_forecast([customer("C1")], HISTORY + OPEN, [], as_of=AS_OF, currency="EUR", weeks=1)

    assert result.value == "600.00"
    assert result.extra["beyond"] == {"expected_amount": "520.00", "invoice_count": 3}  # 400 + 50 + 70


def test_no_history_falls_back_to_portfolio_then_zero() -> None:
    other = [
        # C3 paid 1000 3 days late; with C1's 2000 at 10 and 14 days the portfolio is
        # (1000×10 + 1000×14 + 1000×3) / 3000 = 27000 / 3000 = 9 days (not (12 + 3) / 2)
        invoice(
            "H3", "C3", issued="2026-07-01", due="2026-08-01", amount="1000", paid=(("2026-08-04", "1000"),)
        ),
        invoice("N1", "C2", issued="2026-09-25", due="2026-10-25", amount="1000"),  # 10-25 + 9 = 11-03
        invoice("N2", "C2", issued="2026-09-26", due="2026-10-30", amount="500"),  # 10-30 + 9 = 11-08
    ]
    result = cash_forecast([], HISTORY + other, [], as_of=AS_OF, currency="EUR", weeks=2)

    assert [row["expected_amount"] for row in result.rows] == ["1000.00", "500.00"]
    assert result.extra["delays"] == [
        {"customer_id": "C2", "customer_name": "C2 SA", "days_late": 9, "source": "portfolio"}
    ]

    # nobody ever paid: due date as is; 10-20 is past → week 1 (overdue), 11-03 → week 1
    unpaid = [
        invoice("N3", "C2", issued="2026-09-20", due="2026-10-20", amount="80"),
        invoice("N4", "C2", issued="2026-10-03", due="2026-11-03", amount="20"),
    ]
    result = cash_forecast([customer("C2")], unpaid, [], as_of=AS_OF, currency="EUR", weeks=1)

    assert (result.rows[0]["expected_amount"], result.rows[0]["overdue_expected"]) == ("100.00", "80.00")
    assert result.extra["delays"][0]["source"] == "default"
    assert result.extra["delays"][0]["days_late"] == 0


def test_partly_paid_invoice_forecasts_what_is_left() -> None:
    partly = invoice(
        "P1", "C2", issued="2026-10-01", due="2026-11-02", amount="900", paid=(("2026-10-30", "250"),)
    )
    result = cash_forecast([], [partly], [], as_of=AS_OF, currency="EUR", weeks=1)

    # C2's only settlement was before the due date: 0 days late → 11-02, week 1; 900 - 250 = 650
    assert (result.value, result.rows[0]["invoice_count"]) == ("650.00", 1)


def test_currencies_are_forecast_separately() -> None:
    ledger = [
        *HISTORY,
        # GBP: 2000 paid 30 days late. Mixed with the EUR history it would make
        # (1000×10 + 1000×14 + 2000×30) / 4000 = 21 days and push E1 to 11-15 (week 3)
        invoice(
            "GH",
            "C1",
            issued="2026-07-01",
            due="2026-08-01",
            amount="2000",
            paid=(("2026-08-31", "2000"),),
            currency="GBP",
        ),
        invoice(
            "E1", "C1", issued="2026-09-25", due="2026-10-25", amount="700"
        ),  # EUR: 10-25 + 12 = 11-06, week 1
        invoice(
            "G2", "C1", issued="2026-09-10", due="2026-10-10", amount="250", currency="GBP"
        ),  # 10-10 + 30 = 11-09
    ]
    eur = cash_forecast([customer("C1")], ledger, [], as_of=AS_OF, currency="EUR", weeks=3)
    gbp = cash_forecast([customer("C1")], ledger, [], as_of=AS_OF, currency="GBP", weeks=3)

    assert (eur.value, [row["expected_amount"] for row in eur.rows]) == ("700.00", ["700.00", "0.00", "0.00"])
    assert (gbp.value, [row["expected_amount"] for row in gbp.rows]) == ("250.00", ["0.00", "250.00", "0.00"])
    assert (eur.extra["delays"][0]["days_late"], gbp.extra["delays"][0]["days_late"]) == (12, 30)


def test_as_of_in_the_past_reopens_what_was_paid_later() -> None:
    # on 08-10 H2 (due 08-01, paid 08-15) was still open; C1's history then: H1, 10 days late
    # H2 expected 08-01 + 10 = 08-11 → week 1 (08-11..08-17)
    result = cash_forecast(
        [customer("C1")], HISTORY, [], as_of=AS_OF.replace(month=8, day=10), currency="EUR", weeks=1
    )

    assert (
        result.rows[0]["start"],
        result.rows[0]["expected_amount"],
        result.rows[0]["overdue_expected"],
    ) == (
        "2026-08-11",
        "1000.00",
        "0.00",
    )


def test_empty_ledger() -> None:
    result = cash_forecast([], [], [], as_of=AS_OF, currency="EUR", weeks=2).to_json()

    assert result["value"] == "0.00"
    assert [row["expected_amount"] for row in result["rows"]] == ["0.00", "0.00"]
    assert result["beyond"] == {"expected_amount": "0.00", "invoice_count": 0}
    assert result["delays"] == []


def test_weeks_must_be_positive() -> None:
    with pytest.raises(ValueError, match="weeks must be at least 1"):
        cash_forecast([], [], [], as_of=AS_OF, currency="EUR", weeks=0)
