"""Credit-limit alerts: exceeded now, will exceed within the horizon, or fine (no row)."""

from __future__ import annotations

import json

import pytest

from tests.tools.forecast.ledger import AS_OF, customer, invoice
from tools.risk import credit_alerts

# as_of 2026-10-31, horizon 30 days → receipts counted up to 11-30; billing window 08-03..10-31 (90 days)
LEDGER = [
    # WILL: paid 10 days late twice → habit 10 days; the portfolio's only history too
    invoice(
        "W0", "WILL", issued="2026-05-01", due="2026-05-31", amount="1000", paid=(("2026-06-10", "1000"),)
    ),
    invoice(
        "W1", "WILL", issued="2026-08-15", due="2026-09-14", amount="6000", paid=(("2026-09-24", "6000"),)
    ),
    invoice(
        "W2", "WILL", issued="2026-09-15", due="2026-10-15", amount="1500"
    ),  # 10-25: past → 11-01, in horizon
    invoice("W3", "WILL", issued="2026-10-20", due="2026-12-19", amount="1500"),  # 12-29: after the horizon
    # OVER: 1200 open against a limit of 1000; issued before the billing window
    invoice("E1", "OVER", issued="2026-07-01", due="2026-07-31", amount="1200"),
    # FINE: 1000 due 11-15, expected 11-25 (portfolio: 10 days)
    invoice("F1", "FINE", issued="2026-10-16", due="2026-11-15", amount="1000"),
    # GBPLIM: limit in GBP; its EUR invoice does not count against it
    invoice("G1", "GBPLIM", issued="2026-09-01", due="2026-10-01", amount="800", currency="GBP"),
    invoice("G2", "GBPLIM", issued="2026-09-01", due="2026-10-01", amount="5000"),
    # NOLIMIT: far more open, but no limit to exceed
    invoice("N1", "NOLIMIT", issued="2026-09-01", due="2026-10-01", amount="99000"),
]
CUSTOMERS = [
    customer("WILL", limit="4000"),
    customer("OVER", limit="1000"),
    customer("FINE", limit="10000"),
    customer("GBPLIM", limit="500", limit_currency="GBP"),
    customer("NOLIMIT"),
]


def test_exceeded_will_exceed_and_fine() -> None:
    result = credit_alerts(CUSTOMERS, LEDGER, as_of=AS_OF, currency="EUR")

    assert (result.kpi, result.value) == ("credit_alerts", 3)
    assert json.loads(json.dumps(result.to_json()))["rows"] == result.rows
    assert result.extra == {"horizon_days": 30, "exceeded": 2, "will_exceed": 1}
    # exceeded first, highest projected usage first: GBPLIM 0.5333, OVER 0.0000; then WILL
    assert [row["customer_id"] for row in result.rows] == ["GBPLIM", "OVER", "WILL"]
    rows = {row["customer_id"]: row for row in result.rows}
    # WILL: exposure 1500 + 1500 = 3000 ≤ 4000
    # billing (6000 + 1500 + 1500) issued in the 90 days = 9000 / 90 × 30 = 3000
    # receipts within 30 days: W2's 1500 (W3 expected 12-29)
    # projected 3000 + 3000 - 1500 = 4500 > 4000
    assert rows["WILL"] == {
        "customer_id": "WILL",
        "customer_name": "WILL SA",
        "currency": "EUR",
        "credit_limit": "4000.00",
        "exposure": "3000.00",
        "expected_billing": "3000.00",
        "expected_receipts": "1500.00",
        "projected_exposure": "4500.00",
        "usage": "0.7500",
        "projected_usage": "1.1250",
        "alert": "will_exceed",
    }
    # OVER: 1200 > 1000 now; no recent billing; expected 07-31 + 10 days: past → 11-01, in the horizon
    over = rows["OVER"]
    assert (
        over["exposure"],
        over["expected_billing"],
        over["expected_receipts"],
        over["projected_exposure"],
    ) == (
        "1200.00",
        "0.00",
        "1200.00",
        "0.00",
    )
    assert (over["usage"], over["projected_usage"], over["alert"]) == ("1.2000", "0.0000", "exceeded")
    # GBPLIM in GBP: 800 > 500; billing 800 / 90 × 30 = 266.666… → 266.67; no GBP history: due 10-01 is
    # past → 11-01, 800 received; projected 800 + 266.67 - 800 = 266.67 (0.5333 of 500)
    gbp = rows["GBPLIM"]
    assert (gbp["currency"], gbp["exposure"], gbp["expected_billing"], gbp["projected_exposure"]) == (
        "GBP",
        "800.00",
        "266.67",
        "266.67",
    )
    assert (gbp["usage"], gbp["projected_usage"]) == ("1.6000", "0.5333")
    # FINE: 1000 + 333.33 (1000 / 90 × 30) - 1000 (expected 11-25) = 333.33 ≤ 10000: no row


def test_a_longer_horizon_bills_more() -> None:
    # WILL over 60 days: billing 9000 / 90 × 60 = 6000; W3 expected 12-29 ≤ 12-30 → receipts 3000
    # projected 3000 + 6000 - 3000 = 6000; FINE: 1000 + 666.67 - 1000 = 666.67, still fine
    result = credit_alerts(CUSTOMERS, LEDGER, as_of=AS_OF, currency="EUR", horizon_days=60)
    will = next(row for row in result.rows if row["customer_id"] == "WILL")

    assert (will["expected_billing"], will["expected_receipts"], will["projected_exposure"]) == (
        "6000.00",
        "3000.00",
        "6000.00",
    )
    assert "FINE" not in {row["customer_id"] for row in result.rows}


def test_within_limit_both_ways_gives_no_alert() -> None:
    result = credit_alerts([customer("WILL", limit="4500")], LEDGER, as_of=AS_OF, currency="EUR")

    # projected 4500 is not above a 4500 limit
    assert (result.value, result.rows) == (0, [])


def test_empty_ledger() -> None:
    result = credit_alerts([], [], as_of=AS_OF, currency="EUR")

    assert (result.value, result.rows, result.extra["exceeded"], result.extra["will_exceed"]) == (0, [], 0, 0)


def test_horizon_must_be_positive() -> None:
    with pytest.raises(ValueError, match="horizon_days must be at least 1"):
        credit_alerts([], [], as_of=AS_OF, currency="EUR", horizon_days=0)
