"""``arcopilot kpi`` through the real command line on SQLite and PostgreSQL, and its charts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import Result

from copilot.charts import ChartUnavailable, chart_series, render_png
from tests.cli.conftest import Invoke, json_of
from tests.cli.small_ledger import ON
from tests.cli.small_ledger import ledger as ledger
from tests.tools.kpis.ledger import AS_OF, book, day, invoice, sales_book
from tools.kpis import aging, deductions, dso_trend, overdue
from tools.kpis.ledger import DeductionFacts


def usage_error(result: Result) -> str:
    """The one line a usage error prints (and its exit code is 2)."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and result.stdout == ""
    return lines[0]


def test_kpi_aging_json(ledger: Invoke) -> None:
    result = json_of(ledger("kpi", "aging", *ON, "--json"))
    # C1: FA-2 2000 (16 late) + FA-1 500 (78 late) = 2500; C2: FA-3 1000 current; C3: FA-5 300 (>90).
    assert (result["kpi"], result["as_of"], result["currency"], result["value"]) == (
        "aging",
        "2026-10-31",
        "EUR",
        "3800.00",
    )
    assert [
        (r["customer_id"], r["current"], r["1-30"], r["61-90"], r[">90"], r["total"]) for r in result["rows"]
    ] == [
        ("C1", "0.00", "2000.00", "500.00", "0.00", "2500.00"),
        ("C2", "1000.00", "0.00", "0.00", "0.00", "1000.00"),
        ("C3", "0.00", "0.00", "0.00", "300.00", "300.00"),
    ]
    custom = json_of(ledger("kpi", "aging", *ON, "--buckets", "20,100", "--json"))
    # ≤ 20 late: FA-2 2000; 21–100: FA-1 500; > 100: FA-5 300.
    assert custom["buckets"] == {
        "current": "1000.00",
        "1-20": "2000.00",
        "21-100": "500.00",
        ">100": "300.00",
    }
    usd = json_of(ledger("kpi", "aging", *ON, "--currency", "usd", "--json"))
    assert (usd["currency"], usd["value"]) == ("USD", "5000.00")


def test_kpi_dso_both_methods(ledger: Invoke) -> None:
    countback = json_of(ledger("kpi", "dso", *ON, "--method", "countback", "--json"))
    # 3800 owed. October sales FA-3 1000 → 31 days, 2800 left; September FA-2 2000 → 30 days,
    # 800 left; August FA-4 3000 → 31 × 800 ÷ 3000 = 8.266…; 69.266… → 69.3
    assert (countback["value"], countback["method"]) == ("69.3", "countback")
    assert [row["month"] for row in countback["rows"]] == ["2026-10", "2026-09", "2026-08"]
    standard = json_of(ledger("kpi", "dso", *ON, "--json"))
    # 90 days from 08-03: sales FA-4 3000 + FA-2 2000 + FA-3 1000 = 6000; 3800 ÷ 6000 × 90 = 57.0
    assert (standard["value"], standard["method"], standard["credit_sales"]) == (
        "57.0",
        "standard",
        "6000.00",
    )
    october = json_of(ledger("kpi", "dso", *ON, "--from", "2026-10-01", "--json"))
    assert october["value"] == "117.8"  # 3800 ÷ 1000 × 31


def test_kpi_overdue_over_60_days(ledger: Invoke) -> None:
    result = json_of(ledger("kpi", "overdue", *ON, "--min-days", "60", "--json"))
    # FA-1 500 (78 late) and FA-5 300 (122 late); FA-2 is only 16 days late.
    assert [(r["customer_id"], r["overdue_amount"], r["oldest_days_late"]) for r in result["rows"]] == [
        ("C1", "500.00", 78),
        ("C3", "300.00", 122),
    ]
    assert result["value"] == "800.00"


def test_kpi_open_items_resolves_the_customer(ledger: Invoke) -> None:
    by_name = json_of(ledger("kpi", "open-items", *ON, "--customer", "acme widgets", "--json"))
    # C2 invoices: FA-3, FA-4 in EUR, US-1 in USD → EUR is the main currency; FA-4 is paid.
    assert (by_name["currency"], by_name["value"], by_name["customer_id"]) == ("EUR", "1000.00", "C2")
    assert by_name["totals"] == {"EUR": "1000.00", "USD": "5000.00"}
    by_id = json_of(ledger("kpi", "open-items", *ON, "--customer", "C3", "--json"))
    assert [(r["invoice_number"], r["open_amount"]) for r in by_id["rows"]] == [("FA-5", "300.00")]
    assert "several customers" in usage_error(ledger("kpi", "open-items", *ON, "--customer", "Dupont"))
    assert "unknown customer" in usage_error(ledger("kpi", "open-items", *ON, "--customer", "Globex"))
    assert "needs --customer" in usage_error(ledger("kpi", "open-items", *ON))


def test_kpi_text_output_and_the_other_kpis(ledger: Invoke) -> None:
    text = ledger("kpi", "cei", *ON)
    # B (08-02) = FA-1 500 + FA-5 300 = 800; S = 6000; E = 3800; C = FA-3 1000:
    # (800 + 6000 − 3800) ÷ (800 + 6000 − 1000) × 100 = 3000 ÷ 5800 × 100 = 51.72… → 51.7
    assert text.exit_code == 0 and "cei as of 2026-10-31 (EUR): 51.7" in text.stdout
    add = json_of(ledger("kpi", "add", *ON, "--json"))
    # BPDSO = 1000 ÷ 6000 × 90 = 15.0; ADD = 57.0 − 15.0
    assert (add["value"], add["best_possible_dso"]) == ("42.0", "15.0")
    top = json_of(ledger("kpi", "top", *ON, "--limit", "1", "--json"))
    assert [(r["customer_id"], r["open_amount"]) for r in top["rows"]] == [("C1", "2500.00")]
    due = json_of(ledger("kpi", "due", *ON, "--days", "19", "--json"))
    assert [r["invoice_number"] for r in due["rows"]] == ["FA-3"]  # due 11-19 = 10-31 + 19
    assert json_of(ledger("kpi", "disputes", *ON, "--json"))["count"] == 0
    trend = json_of(ledger("kpi", "dso-trend", *ON, "--months", "2", "--json"))
    assert [(r["month"], r["dso"]) for r in trend["rows"]][-1] == ("2026-10", "57.0")
    assert json_of(ledger("kpi", "deductions", *ON, "--json"))["value"] == "0.00"
    assert json_of(ledger("kpi", "unapplied", *ON, "--json"))["value"] == "0.00"
    assert json_of(ledger("kpi", "automation", *ON, "--json"))["kpi"] == "automation"


def test_kpi_chart_files(ledger: Invoke, tmp_path: Path) -> None:
    png = tmp_path / "aging.png"
    result = ledger("kpi", "aging", *ON, "--chart", str(png))
    assert result.exit_code == 0 and str(png) in result.stdout
    with Image.open(png) as image:
        assert image.format == "PNG" and image.width > 0 and image.height > 0
    trend = tmp_path / "dso.png"
    document = json_of(ledger("kpi", "dso", *ON, "--chart", str(trend), "--json"))
    assert document["chart"] == str(trend) and document["kpi"] == "dso"
    with Image.open(trend) as image:
        assert image.format == "PNG"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("kpi", "overdue", "--chart", "overdue.png"), "--chart is available for"),
        (("kpi", "aging", "--chart", "aging.svg"), ".png"),
        (("kpi", "top", "--days", "3"), "--days does not apply to kpi top"),
        (("kpi", "aging", "--buckets", "60,30"), "increasing"),
        (("kpi", "dso", "--method", "fancy"), "standard, countback"),
        (("kpi", "overdue", "--min-days", "0"), "at least 1"),
        (("kpi", "due", "--days", "abc"), "whole number"),
        (("kpi", "cei", *ON, "--from", "2026-12-01"), "after the as-of date"),
        (("kpi", "deductions", "--group-by", "invoice"), "reason, customer"),
        (("kpi", "aging", "--currency", "euros"), "ISO 4217"),
        (("kpi", "dso-of-the-moon"), "unknown KPI"),
    ],
)
def test_kpi_usage_errors(ledger: Invoke, args: tuple[str, ...], says: str) -> None:
    assert says in usage_error(ledger(*args))


def test_aging_chart_plots_the_rows() -> None:
    result = aging(book(), as_of=AS_OF, currency="EUR")
    chart = chart_series(result)
    assert (chart.kind, chart.categories, chart.unit) == ("stacked", ("C2 SA", "C1 SA"), "EUR")
    assert chart.series == {
        label: tuple(Decimal(row[label]) for row in result.rows) for label in result.extra["buckets"]
    }
    png = render_png(chart)
    assert png.startswith(b"\x89PNG") and len(png) > 1000


def test_aging_chart_sums_customers_past_the_bar_limit() -> None:
    many = [
        invoice(f"N{n}", f"K{n:02d}", issued="2026-10-01", due="2026-11-30", amount=f"{100 + n}.00")
        for n in range(14)
    ]
    chart = chart_series(aging(many, as_of=AS_OF, currency="EUR"))
    # 14 customers: the 12 largest (113 … 102) get a bar, 101 + 100 = 201 go to "other customers".
    assert len(chart.categories) == 13 and chart.categories[-1] == "other customers"
    assert chart.series["current"][0] == Decimal("113.00") and chart.series["current"][-1] == Decimal(
        "201.00"
    )


def test_dso_and_deductions_charts_plot_the_rows() -> None:
    trend = dso_trend(sales_book(), as_of=AS_OF, currency="EUR", months=3)
    line = chart_series(trend)
    assert line.kind == "line" and line.categories == ("2026-08", "2026-09", "2026-10")
    assert line.series == {"DSO": (Decimal("90.0"), Decimal("40.9"), Decimal("52.5"))}
    quiet = chart_series(dso_trend([], as_of=AS_OF, currency="EUR", months=2))
    assert quiet.series == {"DSO": (None, None)}
    assert render_png(quiet).startswith(b"\x89PNG")
    taken = [
        DeductionFacts("I1", "C1", "C1 SA", day("2026-10-05"), "EUR", Decimal("30.00"), "DAMAGE", "open"),
        DeductionFacts(
            "I2", "C2", "C2 SA", day("2026-10-06"), "EUR", Decimal("45.00"), "PRICE", "written_off"
        ),
    ]
    bars = chart_series(deductions(taken, as_of=AS_OF, currency="EUR"))
    assert bars.categories == ("PRICE", "DAMAGE")
    assert bars.series == {
        "open": (Decimal("0.00"), Decimal("30.00")),
        "resolved": (Decimal("45.00"), Decimal("0.00")),
    }
    with pytest.raises(ChartUnavailable):
        chart_series(overdue(book(), as_of=AS_OF, currency="EUR"))
