"""How well receivables are collected: the CEI and the average days delinquent (ADD).

Both measure a period ``[period_start, as_of]``, by default the 90 days ending ``as_of`` (the
same window as the standard DSO, so the three figures read together). Credit sales are the
amounts invoiced in the period; *current* receivables are those not yet past due (due on the
day or later). Figures are rounded half up to one decimal and carried as strings; a period
with nothing to divide by gives ``value`` None and a ``reason``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tools.kpis.cash import KpiResult
from tools.kpis.ledger import ZERO, InvoiceFacts, in_currency
from tools.kpis.receivables import (
    credit_sales,
    current_receivables,
    figure,
    no_sales,
    outstanding,
    period_ending,
    receivables,
)
from tools.money import format_amount


def cei(
    invoices: Sequence[InvoiceFacts], *, as_of: date, currency: str, period_start: date | None = None
) -> KpiResult:
    """Collection Effectiveness Index of the period, in percent::

        CEI = (B + S − E) ÷ (B + S − C) × 100

    ``B`` beginning receivables (open at the end of the day before ``period_start``), ``S``
    credit sales of the period, ``E`` ending receivables (open on ``as_of``), ``C`` ending
    current receivables. The numerator is what was collected, the denominator what could have
    been (everything but what is not due yet); 100 means every invoice due was collected.
    """
    book = in_currency(invoices, currency)
    period = period_ending(as_of, period_start)
    beginning = receivables(book, period.start - timedelta(days=1))
    sales = credit_sales(book, period.start, period.end)
    ending = receivables(book, as_of)
    current = current_receivables(book, as_of)
    collectible = beginning + sales - current
    extra: dict[str, Any] = {
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "beginning_receivables": format_amount(beginning, currency),
        "credit_sales": format_amount(sales, currency),
        "ending_receivables": format_amount(ending, currency),
        "ending_current_receivables": format_amount(current, currency),
        "collected": format_amount(beginning + sales - ending, currency),
    }
    value = None
    if collectible > ZERO:
        value = figure((beginning + sales - ending) / collectible * 100)
    else:
        extra["reason"] = f"nothing in {currency} fell due to be collected in the period"
    return KpiResult("cei", as_of, currency, value, [], extra)


def average_days_delinquent(
    invoices: Sequence[InvoiceFacts], *, as_of: date, currency: str, period_start: date | None = None
) -> KpiResult:
    """Average days delinquent: how many days of DSO come from paying late::

        DSO   = receivables on as_of ÷ credit sales × days
        BPDSO = current receivables on as_of ÷ credit sales × days   (best possible DSO)
        ADD   = DSO − BPDSO

    Each is rounded to one decimal on its own, so the rounded ADD may differ by 0.1 from the
    difference of the rounded DSO and BPDSO.
    ``weighted_days_past_due`` = Σ(open × days late) ÷ Σ open over the invoices past due on
    ``as_of``: the amount-weighted lateness, None when nothing is past due.
    """
    book = in_currency(invoices, currency)
    period = period_ending(as_of, period_start)
    sales = credit_sales(book, period.start, period.end)
    owed = receivables(book, as_of)
    current = current_receivables(book, as_of)
    extra: dict[str, Any] = {
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "days": period.days,
        "receivables": format_amount(owed, currency),
        "current_receivables": format_amount(current, currency),
        "credit_sales": format_amount(sales, currency),
        "dso": None,
        "best_possible_dso": None,
        "weighted_days_past_due": figure(_weighted_days_past_due(book, as_of)),
    }
    if sales <= ZERO:
        extra["reason"] = no_sales(currency, period)
        return KpiResult("add", as_of, currency, None, [], extra)
    days_sales = owed / sales * period.days
    best_possible = current / sales * period.days
    extra["dso"], extra["best_possible_dso"] = figure(days_sales), figure(best_possible)
    return KpiResult("add", as_of, currency, figure(days_sales - best_possible), [], extra)


def _weighted_days_past_due(book: Sequence[InvoiceFacts], as_of: date) -> Decimal | None:
    late = [(amount, invoice.days_late(as_of)) for invoice, amount in outstanding(book, as_of)]
    late = [(amount, days) for amount, days in late if days > 0]
    total = sum((amount for amount, _ in late), ZERO)
    if not total:
        return None
    return sum((amount * days for amount, days in late), ZERO) / total
