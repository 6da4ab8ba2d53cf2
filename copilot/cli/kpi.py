"""``arcopilot kpi NAME``: receivables figures computed by the deterministic KPI tools.

The KPIs and the options each reads are the registry :data:`copilot.services.kpi_data.KPIS`;
this module turns the command line into a :class:`KpiQuery` and prints the result. An option
a KPI does not read, a malformed value or an unknown customer is a usage error (exit 2, one
line).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from copilot.cli.context import app_context, as_of_date, console, fail, print_json
from copilot.customer_names import UnknownCustomer
from copilot.db.engine import session_factory
from copilot.services.kpi_data import KPIS, KpiQuery, KpiSource, compute_kpi
from tools.kpis import GROUPINGS, METHODS, KpiResult, parse_buckets
from tools.money import MoneyError, normalise_currency

FLAGS = {
    "currency": "--currency",
    "customer": "--customer",
    "days": "--days",
    "min_days": "--min-days",
    "limit": "--limit",
    "months": "--months",
    "weeks": "--weeks",
    "buckets": "--buckets",
    "method": "--method",
    "period_start": "--from",
    "group_by": "--group-by",
}
CHARTED = ", ".join(name for name, spec in KPIS.items() if spec.chart)


def kpi_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=f"One of: {', '.join(KPIS)}.", show_default=False)],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date of the figures, YYYY-MM-DD (default: today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    currency: Annotated[
        str | None, typer.Option("--currency", help="Currency of the figures (default: the company's).")
    ] = None,
    customer: Annotated[
        str | None, typer.Option("--customer", help="open-items: the customer's id or name.")
    ] = None,
    days: Annotated[str | None, typer.Option("--days", metavar="N", help="due: days ahead (7).")] = None,
    min_days: Annotated[
        str | None, typer.Option("--min-days", metavar="N", help="overdue: at least N days late (1).")
    ] = None,
    limit: Annotated[str | None, typer.Option("--limit", metavar="N", help="top: how many (10).")] = None,
    weeks: Annotated[
        str | None, typer.Option("--weeks", metavar="N", help="forecast: weeks ahead (8).")
    ] = None,
    months: Annotated[
        str | None, typer.Option("--months", metavar="N", help="dso-trend and the dso chart: months (12).")
    ] = None,
    buckets: Annotated[
        str | None, typer.Option("--buckets", help="aging: bucket limits in days late (30,60,90).")
    ] = None,
    method: Annotated[
        str | None, typer.Option("--method", help="dso, dso-trend: standard or countback (standard).")
    ] = None,
    period_from: Annotated[
        str | None,
        typer.Option("--from", help="dso, cei, add, deductions: first day of the period (90 days)."),
    ] = None,
    group_by: Annotated[
        str | None, typer.Option("--group-by", help="deductions: reason or customer (reason).")
    ] = None,
    chart: Annotated[Path | None, typer.Option("--chart", help=f"Also draw a PNG chart ({CHARTED}).")] = None,
) -> None:
    """A receivables KPI as of a date: aging, overdue, top debtors, open items, invoices due,
    DSO and its trend, CEI, average days delinquent, deductions, disputes, unapplied cash,
    automation rate, credit risk scores and limit alerts, cash forecast, days to pay.

    DSO, CEI and ADD are decimals with one digit, printed as strings in JSON ("45.3").

    Example:

        arcopilot kpi aging --as-of 2026-10-31 --buckets 30,60,90,120
        arcopilot kpi overdue --min-days 61 --json
        arcopilot kpi open-items --customer "Dupont"
        arcopilot kpi dso --method countback --chart dso.png
        arcopilot kpi deductions --from 2026-07-01 --group-by customer --json
        arcopilot kpi risk --customer "Acme"
        arcopilot kpi forecast --weeks 12 --json
    """
    spec = KPIS.get(name)
    if spec is None:
        fail(f"unknown KPI {name!r}; the list is in: arcopilot kpi --help", code=2)
    raw = {
        "currency": currency,
        "customer": customer,
        "days": days,
        "min_days": min_days,
        "limit": limit,
        "months": months,
        "weeks": weeks,
        "buckets": buckets,
        "method": method,
        "period_start": period_from,
        "group_by": group_by,
    }
    given = {option: text for option, text in raw.items() if text is not None}
    unread, missing = spec.misfits(given)
    if unread:
        fail(f"{FLAGS[unread[0]]} does not apply to kpi {name}", code=2)
    if missing:
        fail(f"kpi {name} needs {FLAGS[missing[0]]}", code=2)
    if chart is not None and spec.chart is None:
        fail(f"--chart is available for: {CHARTED}", code=2)
    if chart is not None and chart.suffix.lower() != ".png":
        fail(f"--chart writes a PNG file: give a name ending in .png, got {chart.name!r}", code=2)
    day = as_of_date(as_of)
    settings = app_context(ctx).settings
    query = KpiQuery(
        as_of=day,
        currency=_currency(given.pop("currency", settings.default_currency)),
        **{option: _parse(option, text, day) for option, text in given.items()},
    )
    with session_factory(app_context(ctx).engine())() as session:
        source = KpiSource(session, settings)
        try:
            result = compute_kpi(source, name, query)
        except UnknownCustomer as exc:
            fail(str(exc), code=2)
        drawn = _draw(source, name, query, result, chart) if chart is not None else None
    if as_json:
        print_json({**result.to_json(), **({"chart": str(drawn)} if drawn else {})})
        return
    _print(name, result)
    if drawn:
        console.print(f"Chart written to {drawn}", soft_wrap=True)


def _draw(source: KpiSource, name: str, query: KpiQuery, result: KpiResult, path: Path) -> Path:
    """Write the chart of KPI ``name`` (the dso chart is the trend line) to ``path``."""
    from copilot.charts import write_chart  # matplotlib takes a second to import; only --chart needs it

    charted = KPIS[name].chart
    drawn = result if charted == name or charted is None else compute_kpi(source, charted, query)
    try:
        return write_chart(drawn, path)
    except OSError as exc:
        fail(f"cannot write the chart to {path}: {exc.strerror or exc}")


def _currency(text: str) -> str:
    try:
        return normalise_currency(text)
    except MoneyError as exc:
        fail(str(exc), code=2)


def _parse(option: str, text: str, as_of: date) -> Any:
    """The typed value of ``--option text``; a usage error when malformed."""
    flag = FLAGS[option]
    if option in ("days", "min_days", "limit", "months", "weeks"):
        if not text.isdigit() or int(text) < 1:
            fail(f"{flag} takes a whole number of at least 1, got {text!r}", code=2)
        return int(text)
    if option == "buckets":
        try:
            return parse_buckets(text)
        except ValueError as exc:
            fail(str(exc), code=2)
    if option == "method" and text not in METHODS:
        fail(f"{flag} is one of: {', '.join(METHODS)}; got {text!r}", code=2)
    if option == "group_by" and text not in GROUPINGS:
        fail(f"{flag} is one of: {', '.join(GROUPINGS)}; got {text!r}", code=2)
    if option == "period_start":
        try:
            start = date.fromisoformat(text)
        except ValueError:
            fail(f"{flag} must be a date like 2026-07-01, got {text!r}", code=2)
        if start > as_of:
            fail(f"{flag} {text} is after the as-of date {as_of.isoformat()}", code=2)
        return start
    return text


def _print(name: str, result: KpiResult) -> None:
    """The result as a title, a table of its rows and its other figures."""
    unit = f" ({result.currency})" if result.currency else ""
    value = "—" if result.value is None else str(result.value)
    title = f"{name} as of {result.as_of.isoformat()}{unit}: {value}"
    table = Table(title=title)
    columns = list(result.rows[0]) if result.rows else []
    for column in columns:
        table.add_column(column)
    for row in result.rows:
        table.add_row(*("" if row[column] is None else str(row[column]) for column in columns))
    console.print(table if columns else title, markup=False)
    for key, figure in result.extra.items():
        shown = ", ".join(f"{k} {v}" for k, v in figure.items()) if isinstance(figure, dict) else figure
        console.print(f"{key}: {'—' if shown in (None, '') else shown}", markup=False, highlight=False)
