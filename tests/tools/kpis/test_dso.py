"""DSO by the standard and countback methods, and its month-end trend."""

from __future__ import annotations

import pytest

from tests.tools.kpis.ledger import AS_OF, day, invoice, sales_book
from tools.kpis import dso, dso_trend


def test_standard_dso_over_the_default_90_days() -> None:
    result = dso(sales_book(), as_of=AS_OF, currency="EUR")
    # Period 2026-08-03 … 2026-10-31 (90 days). Sales: S1 3000 + S2 2000 + S3 1000 = 6000
    # (S0 was issued 07-15, S4 after AS_OF, U1 is USD). Receivables 3500.
    # DSO = 3500 ÷ 6000 × 90 = 52.5
    assert result.value == "52.5"
    assert result.extra == {
        "method": "standard",
        "period_start": "2026-08-03",
        "period_end": "2026-10-31",
        "days": 90,
        "receivables": "3500.00",
        "credit_sales": "6000.00",
    }
    assert result.to_json()["value"] == "52.5"


def test_standard_dso_over_a_chosen_period() -> None:
    result = dso(sales_book(), as_of=AS_OF, currency="EUR", period_start=day("2026-10-01"))
    # 31 days, sales S3 1000: 3500 ÷ 1000 × 31 = 108.5
    assert (result.value, result.extra["days"], result.extra["credit_sales"]) == ("108.5", 31, "1000.00")
    with pytest.raises(ValueError):
        dso(sales_book(), as_of=AS_OF, currency="EUR", period_start=day("2026-11-01"))


def test_standard_dso_in_the_past_counts_later_payments_as_open() -> None:
    result = dso(sales_book(), as_of=day("2026-09-15"), currency="EUR")
    # Period 2026-06-18 … 2026-09-15. Receivables: S0 500 + S1 3000 (paid 09-20) + S2 2000 = 5500;
    # sales the same three = 5500: DSO = 5500 ÷ 5500 × 90 = 90.0
    assert (result.extra["period_start"], result.extra["receivables"]) == ("2026-06-18", "5500.00")
    assert result.value == "90.0"


def test_usd_is_measured_apart() -> None:
    result = dso(sales_book(), as_of=AS_OF, currency="USD")
    # U1 8000 open, 8000 sold in the period: 8000 ÷ 8000 × 90
    assert (result.value, result.extra["receivables"]) == ("90.0", "8000.00")


def test_zero_sales_give_no_value_and_a_reason() -> None:
    empty = dso([], as_of=AS_OF, currency="EUR")
    assert empty.value is None and "no credit sales" in empty.extra["reason"]
    quiet = dso(sales_book(), as_of=AS_OF, currency="EUR", period_start=day("2026-10-21"))
    assert quiet.value is None and quiet.extra["credit_sales"] == "0.00"
    assert dso([], as_of=AS_OF, currency="EUR", method="countback").value is None


def test_countback_walks_back_whole_months() -> None:
    result = dso(sales_book(), as_of=AS_OF, currency="EUR", method="countback")
    # 3500 owed. October: sales 1000 < 3500 → 31 days, 2500 left. September: 2000 < 2500 →
    # 30 days, 500 left. August: sales 3000 ≥ 500 → 31 × 500 ÷ 3000 = 5.1666…
    # DSO = 31 + 30 + 5.1666… = 66.1666… → 66.2
    assert result.value == "66.2"
    assert [
        (r["month"], r["days"], r["receivables_left"], r["credit_sales"], r["days_counted"])
        for r in result.rows
    ] == [
        ("2026-10", 31, "3500.00", "1000.00", "31.0"),
        ("2026-09", 30, "2500.00", "2000.00", "30.0"),
        ("2026-08", 31, "500.00", "3000.00", "5.2"),
    ]
    assert result.extra == {
        "method": "countback",
        "period_start": "2026-08-01",
        "period_end": "2026-10-31",
        "days": 92,
        "receivables": "3500.00",
        "credit_sales": "6000.00",
    }


def test_countback_starts_with_a_partial_month() -> None:
    result = dso(sales_book(), as_of=day("2026-10-20"), currency="EUR", method="countback")
    # On 10-20: S0 500 + S2 2000 + S3 1000 (issued that day) = 3500; S1 paid 09-20.
    # October 1–20: 20 days, sales 1000 → 2500 left; September 30 days → 500 left;
    # August 31 × 500 ÷ 3000 = 5.1666… → 20 + 30 + 5.1666… = 55.1666… → 55.2
    assert result.value == "55.2"
    first = result.rows[0]
    assert (first["start"], first["end"], first["days"]) == ("2026-10-01", "2026-10-20", 20)


def test_countback_stops_in_the_first_month_that_covers_the_receivables() -> None:
    ledger = [
        invoice(
            "M1",
            "C1",
            issued="2026-10-05",
            due="2026-11-04",
            amount="6200.00",
            paid=(("2026-10-25", "3100.00"),),
        )
    ]
    result = dso(ledger, as_of=AS_OF, currency="EUR", method="countback")
    # 3100 owed against October's 6200 sales: 31 × 3100 ÷ 6200 = 15.5
    assert (result.value, len(result.rows)) == ("15.5", 1)
    nothing_owed = dso(ledger, as_of=day("2026-10-04"), currency="EUR", method="countback")
    # before M1 existed there is no invoice at all
    assert nothing_owed.value is None and "no invoice" in nothing_owed.extra["reason"]
    paid = [
        invoice(
            "M2", "C1", issued="2026-10-05", due="2026-11-04", amount="10.00", paid=(("2026-10-06", "10.00"),)
        )
    ]
    assert dso(paid, as_of=AS_OF, currency="EUR", method="countback").value == "0.0"


def test_countback_without_enough_sales_has_no_value() -> None:
    ledger = [
        invoice("N1", "C1", issued="2026-10-05", due="2026-11-04", amount="1000.00"),
        invoice("CN1", "C1", issued="2026-10-06", due="2026-10-06", amount="-1000.00"),  # credit note
    ]
    result = dso(ledger, as_of=AS_OF, currency="EUR", method="countback")
    # October's sales net to 0 and there is no earlier month: the 1000 owed is never consumed.
    assert result.value is None and "exceed" in result.extra["reason"]


def test_unknown_method() -> None:
    with pytest.raises(ValueError):
        dso(sales_book(), as_of=AS_OF, currency="EUR", method="median")  # type: ignore[arg-type]


def test_month_end_trend() -> None:
    result = dso_trend(sales_book(), as_of=AS_OF, currency="EUR", months=3)
    # 08-31: period 06-03…08-31, owed S0 500 + S1 3000, sold 3500 → 90.0
    # 09-30: period 07-03…09-30, owed S0 500 + S2 2000 = 2500, sold 500 + 3000 + 2000 = 5500
    #        → 2500 ÷ 5500 × 90 = 40.909… → 40.9
    # 10-31: 52.5 (above)
    assert result.rows == [
        {"month": "2026-08", "as_of": "2026-08-31", "dso": "90.0"},
        {"month": "2026-09", "as_of": "2026-09-30", "dso": "40.9"},
        {"month": "2026-10", "as_of": "2026-10-31", "dso": "52.5"},
    ]
    assert (result.kpi, result.value, result.extra) == (
        "dso-trend",
        "52.5",
        {"method": "standard", "months": 3},
    )
    mid_month = dso_trend(sales_book(), as_of=day("2026-10-20"), currency="EUR", months=2, method="countback")
    # 09-30 countback: owed S0 500 + S2 2000 = 2500; September sales 2000 → 30 days, 500 left;
    # August 31 × 500 ÷ 3000 = 5.1666… → 35.2. The last point is 10-20 itself: 55.2 (above).
    assert [(r["as_of"], r["dso"]) for r in mid_month.rows] == [
        ("2026-09-30", "35.2"),
        ("2026-10-20", "55.2"),
    ]
    assert mid_month.extra["method"] == "countback"
    with pytest.raises(ValueError):
        dso_trend(sales_book(), as_of=AS_OF, currency="EUR", months=0)
