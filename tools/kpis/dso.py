"""Days sales outstanding (DSO, *délai moyen de paiement clients*), two ways, and its trend.

*Standard* (the "accounting" DSO)::

    DSO = receivables on as_of ÷ credit sales of the period × days in the period

with credit sales the amounts invoiced with an issue date in ``[period_start, as_of]`` and,
by default, the 90 days ending ``as_of``.

*Countback* (*méthode de l'épuisement*): the open receivables on ``as_of`` are consumed by
each calendar month's credit sales, walking back from the month of ``as_of`` (a partial
month, from its 1st to ``as_of``). A month whose sales the receivables exceed adds all its
days; the month that exhausts them adds ``days × remaining ÷ sales`` and the walk stops.

DSO is in days, rounded half up to one decimal and carried as a string (``"45.3"``). No credit
sales (an empty ledger, a quiet period) gives ``value`` None and a ``reason``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from tools.kpis.cash import KpiResult
from tools.kpis.ledger import ZERO, InvoiceFacts, in_currency
from tools.kpis.receivables import (
    credit_sales,
    figure,
    first_issue,
    no_sales,
    period_ending,
    previous_month_end,
    receivables,
)
from tools.money import format_amount

Method = Literal["standard", "countback"]
METHODS: tuple[Method, ...] = ("standard", "countback")


def dso(
    invoices: Sequence[InvoiceFacts],
    *,
    as_of: date,
    currency: str,
    period_start: date | None = None,
    method: Method = "standard",
) -> KpiResult:
    """DSO on ``as_of`` by the ``standard`` or ``countback`` method (module docstring).

    ``extra`` says which: ``method``, ``period_start``, ``period_end``, ``days`` (days in the
    period, or in the months walked back), ``receivables`` and ``credit_sales``. Countback
    rows are the months walked back; ``period_start`` applies to the standard method only.
    """
    book = in_currency(invoices, currency)
    if method == "standard":
        value, rows, extra = _standard(book, as_of, currency, period_start)
    elif method == "countback":
        value, rows, extra = _countback(book, as_of, currency)
    else:
        raise ValueError(f"unknown DSO method {method!r}; choose one of: {', '.join(METHODS)}")
    return KpiResult("dso", as_of, currency, figure(value), rows, {"method": method, **extra})


def dso_trend(
    invoices: Sequence[InvoiceFacts],
    *,
    as_of: date,
    currency: str,
    months: int = 12,
    method: Method = "standard",
) -> KpiResult:
    """Month-end DSO over the last ``months`` months, oldest first, the last one on ``as_of``.

    Each point is :func:`dso` on that day with its default period; ``value`` is the last.
    """
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    days = [as_of]
    while len(days) < months:
        days.append(previous_month_end(days[-1]))
    rows = []
    for day in reversed(days):
        point = dso(invoices, as_of=day, currency=currency, method=method)
        rows.append({"month": f"{day:%Y-%m}", "as_of": day.isoformat(), "dso": point.value})
    return KpiResult(
        "dso-trend", as_of, currency, rows[-1]["dso"], rows, {"method": method, "months": months}
    )


_Figures = tuple[Decimal | None, list[dict[str, Any]], dict[str, Any]]


def _standard(book: Sequence[InvoiceFacts], as_of: date, currency: str, start: date | None) -> _Figures:
    period = period_ending(as_of, start)
    sales = credit_sales(book, period.start, period.end)
    owed = receivables(book, as_of)
    extra: dict[str, Any] = {
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "days": period.days,
        "receivables": format_amount(owed, currency),
        "credit_sales": format_amount(sales, currency),
    }
    if sales <= ZERO:
        extra["reason"] = no_sales(currency, period)
        return None, [], extra
    return owed / sales * period.days, [], extra


def _countback(book: Sequence[InvoiceFacts], as_of: date, currency: str) -> _Figures:
    owed = receivables(book, as_of)
    oldest = first_issue(book, as_of)
    remaining, total_days, sales_walked = owed, Decimal(0), ZERO
    calendar_days, start, end = 0, as_of, as_of
    rows: list[dict[str, Any]] = []
    while remaining > ZERO and oldest is not None and end >= oldest:
        start = end.replace(day=1)
        span = (end - start).days + 1
        sales = credit_sales(book, start, end)
        counted = Decimal(span) if remaining > sales else span * remaining / sales
        rows.append(
            {
                "month": f"{start:%Y-%m}",
                "start": start.isoformat(),
                "end": end.isoformat(),
                "days": span,
                "receivables_left": format_amount(remaining, currency),
                "credit_sales": format_amount(sales, currency),
                "days_counted": figure(counted),
            }
        )
        remaining -= min(remaining, max(sales, ZERO))
        total_days += counted
        calendar_days += span
        sales_walked += sales
        end = start - timedelta(days=1)
    extra: dict[str, Any] = {
        "period_start": start.isoformat(),
        "period_end": as_of.isoformat(),
        "days": calendar_days,
        "receivables": format_amount(owed, currency),
        "credit_sales": format_amount(sales_walked, currency),
    }
    if oldest is None:
        extra["reason"] = f"no invoice in {currency} up to {as_of.isoformat()}"
        return None, rows, extra
    if remaining > ZERO:
        extra["reason"] = "the receivables exceed every credit sale recorded"
        return None, rows, extra
    return total_days, rows, extra
