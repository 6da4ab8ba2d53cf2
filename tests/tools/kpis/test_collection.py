"""The collection effectiveness index and the average days delinquent."""

from __future__ import annotations

from decimal import Decimal

from tests.tools.kpis.ledger import AS_OF, day, sales_book
from tools.kpis import average_days_delinquent, cei


def test_cei_over_the_default_90_days() -> None:
    result = cei(sales_book(), as_of=AS_OF, currency="EUR")
    # Period 08-03 … 10-31. B (open on 08-02) = S0 500; S = 3000 + 2000 + 1000 = 6000;
    # E = 3500; C (not yet due on 10-31) = S3 1000.
    # CEI = (500 + 6000 − 3500) ÷ (500 + 6000 − 1000) × 100 = 3000 ÷ 5500 × 100 = 54.54… → 54.5
    assert result.value == "54.5"
    assert result.extra == {
        "period_start": "2026-08-03",
        "period_end": "2026-10-31",
        "beginning_receivables": "500.00",
        "credit_sales": "6000.00",
        "ending_receivables": "3500.00",
        "ending_current_receivables": "1000.00",
        "collected": "3000.00",
    }


def test_cei_of_a_month_with_nothing_collected() -> None:
    result = cei(sales_book(), as_of=AS_OF, currency="EUR", period_start=day("2026-10-01"))
    # B (open on 09-30) = S0 500 + S2 2000 = 2500 (S1 paid 09-20); S = 1000; E = 3500; C = 1000.
    # (2500 + 1000 − 3500) ÷ (2500 + 1000 − 1000) × 100 = 0 ÷ 2500 = 0.0
    assert (result.value, result.extra["beginning_receivables"]) == ("0.0", "2500.00")


def test_cei_of_september_collects_s1() -> None:
    result = cei(sales_book(), as_of=day("2026-09-30"), currency="EUR", period_start=day("2026-09-01"))
    # B (08-31) = S0 500 + S1 3000 = 3500; S = S2 2000; E = 500 + 2000 = 2500;
    # C on 09-30 = S2 2000 (due 10-15). (3500 + 2000 − 2500) ÷ (3500 + 2000 − 2000) × 100
    # = 3000 ÷ 3500 × 100 = 85.71… → 85.7
    assert result.value == "85.7"


def test_cei_with_nothing_due_has_no_value() -> None:
    empty = cei([], as_of=AS_OF, currency="EUR")
    assert empty.value is None and "fell due" in empty.extra["reason"]
    usd = cei(sales_book(), as_of=AS_OF, currency="USD")
    # U1 8000 issued 10-01 due 10-31: due on AS_OF, so still current → (0 + 8000 − 8000) ÷ 0
    assert usd.value is None


def test_average_days_delinquent() -> None:
    result = average_days_delinquent(sales_book(), as_of=AS_OF, currency="EUR")
    # DSO = 3500 ÷ 6000 × 90 = 52.5; BPDSO = 1000 ÷ 6000 × 90 = 15.0; ADD = 37.5.
    # Past due on 10-31: S0 500 (78 days: 17 + 30 + 31) and S2 2000 (16 days):
    # weighted = (500 × 78 + 2000 × 16) ÷ 2500 = 71000 ÷ 2500 = 28.4
    assert result.value == "37.5"
    assert (result.extra["dso"], result.extra["best_possible_dso"]) == ("52.5", "15.0")
    assert result.extra["weighted_days_past_due"] == "28.4"
    assert (result.extra["receivables"], result.extra["current_receivables"]) == ("3500.00", "1000.00")
    assert Decimal(result.extra["dso"]) - Decimal(result.extra["best_possible_dso"]) == Decimal(result.value)


def test_add_is_the_exact_difference_rounded_on_its_own() -> None:
    result = average_days_delinquent(
        sales_book(), as_of=AS_OF, currency="EUR", period_start=day("2026-09-01")
    )
    # 61 days, sales S2 2000 + S3 1000 = 3000. DSO = 3500 ÷ 3000 × 61 = 71.166… → 71.2;
    # BPDSO = 1000 ÷ 3000 × 61 = 20.333… → 20.3; ADD = (3500 − 1000) ÷ 3000 × 61 = 50.833… → 50.8
    # (not 71.2 − 20.3 = 50.9: each figure is rounded from the exact value)
    assert (result.extra["dso"], result.extra["best_possible_dso"], result.value) == ("71.2", "20.3", "50.8")


def test_add_without_sales_still_reports_lateness() -> None:
    result = average_days_delinquent(
        sales_book(), as_of=AS_OF, currency="EUR", period_start=day("2026-10-21")
    )
    assert result.value is None and "no credit sales" in result.extra["reason"]
    assert result.extra["weighted_days_past_due"] == "28.4"
    empty = average_days_delinquent([], as_of=AS_OF, currency="EUR")
    assert (empty.value, empty.extra["weighted_days_past_due"]) == (None, None)
