"""``kpi risk``, ``credit-alerts``, ``forecast`` and ``days-to-pay`` through the CLI, on both engines."""

from __future__ import annotations

from tests.cli.conftest import Invoke, json_of
from tests.cli.small_ledger import ON
from tests.cli.small_ledger import ledger as ledger


def kpi(invoke: Invoke, *args: str) -> dict[str, object]:
    result = invoke("kpi", *args, *ON, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json_of(result)
    return data


def test_forecast_puts_overdue_invoices_in_week_one_and_the_rest_at_their_due_date(ledger: Invoke) -> None:
    # No settlement anywhere: no observed lateness, so each invoice is expected on its due date.
    # Overdue FA-1 500 + FA-2 2000 + FA-5 300 = 2800.00 in week 1 (11-01..11-07); FA-3 1000.00 due
    # 11-19 in week 3 (11-15..11-21); USD never mixed in.
    forecast = kpi(ledger, "forecast", "--weeks", "3")
    rows = forecast["rows"]
    assert isinstance(rows, list)
    assert [(row["week"], row["start"], row["end"], row["expected_amount"]) for row in rows] == [
        (1, "2026-11-01", "2026-11-07", "2800.00"),
        (2, "2026-11-08", "2026-11-14", "0.00"),
        (3, "2026-11-15", "2026-11-21", "1000.00"),
    ]
    assert forecast["value"] == "3800.00" and forecast["overdue_expected"] == "2800.00"


def test_risk_scores_every_customer_and_explains_one(ledger: Invoke) -> None:
    scores = kpi(ledger, "risk")
    rows = scores["rows"]
    assert isinstance(rows, list)
    assert {row["customer_id"] for row in rows} == {"C1", "C2", "C3"}
    assert all("no history" in row["flags"] for row in rows)  # nothing was ever paid through us
    one = kpi(ledger, "risk", "--customer", "Dupont Freres")
    assert one["customer_id"] == "C3"
    factors = {row["factor"]: row for row in one["rows"]}  # type: ignore[union-attr]
    # FA-5: all 300.00 of C3's open EUR is overdue (-20 × 1.0), 122 days (-1 per 10 days, cap -10).
    assert factors["overdue_share"]["points"] == "-20.0" and factors["oldest_overdue"]["points"] == "-10.0"
    assert one["value"] == 100 - 20 - 20 - 10


def test_credit_alerts_and_days_to_pay(ledger: Invoke) -> None:
    alerts = kpi(ledger, "credit-alerts")
    assert alerts["value"] == 0 and alerts["rows"] == []  # 2500.00 of 20000.00 is the largest usage
    behaviour = kpi(ledger, "days-to-pay")
    rows = behaviour["rows"]
    assert isinstance(rows, list) and all(row["average_days_to_pay"] is None for row in rows)


def test_forecast_options_are_checked(ledger: Invoke) -> None:
    result = ledger("kpi", "forecast", *ON, "--weeks", "0")
    assert result.exit_code == 2 and "--weeks" in result.stderr
    result = ledger("kpi", "risk", *ON, "--weeks", "3")
    assert result.exit_code == 2 and "does not apply" in result.stderr
