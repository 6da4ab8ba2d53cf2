"""The cash forecast: receipts expected week by week over the next weeks.

Week ``k`` (1 … ``weeks``) runs from ``as_of + 7(k − 1) + 1`` to ``as_of + 7k``, both
included: week 1 is the seven days after ``as_of``. Each open invoice's amount lands on the
day :mod:`tools.forecast.expected` gives it (the customer's habit, or its promise). Amounts
whose expected day was already past land in week 1 and are also shown in that week's
``overdue_expected`` column. What is expected after the last week is reported as ``beyond``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from tools.forecast.expected import ExpectedReceipt, expected_delays, expected_receipts
from tools.kpis.cash import KpiResult
from tools.kpis.ledger import ZERO, CustomerFacts, InvoiceFacts, PromiseFacts, in_currency
from tools.money import format_amount


def cash_forecast(
    customers: Sequence[CustomerFacts],
    invoices: Sequence[InvoiceFacts],
    promises: Sequence[PromiseFacts],
    *,
    as_of: date,
    currency: str,
    weeks: int = 8,
) -> KpiResult:
    """Expected receipts in ``currency`` per week for ``weeks`` weeks after ``as_of``.

    Rows: ``week``, ``start``, ``end``, ``expected_amount``, ``invoice_count`` (invoices with
    an amount expected that week), ``promised`` (part of it from promises) and
    ``overdue_expected`` (part of it already past its expected day). ``value`` is the total
    expected over the weeks. ``extra``: ``beyond`` (amount and invoices expected later),
    ``overdue_expected`` and, per customer with open invoices, the delay used and its source
    (``own`` habit, ``portfolio`` average or ``default`` 0).
    """
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    receipts = expected_receipts(invoices, promises, as_of=as_of, currency=currency)
    rows = []
    for week in range(1, weeks + 1):
        start = as_of + timedelta(days=7 * (week - 1) + 1)
        end = as_of + timedelta(days=7 * week)
        chosen = [r for r in receipts if start <= r.day <= end]
        rows.append(
            {"week": week, "start": start.isoformat(), "end": end.isoformat(), **_sums(chosen, currency)}
        )
    horizon_end = as_of + timedelta(days=7 * weeks)
    beyond = [r for r in receipts if r.day > horizon_end]
    total = sum((r.amount for r in receipts if r.day <= horizon_end), ZERO)
    return KpiResult(
        "forecast",
        as_of,
        currency,
        format_amount(total, currency),
        rows,
        {
            "weeks": weeks,
            "beyond": {
                "expected_amount": format_amount(sum((r.amount for r in beyond), ZERO), currency),
                "invoice_count": len({(r.customer_id, r.invoice_number) for r in beyond}),
            },
            "overdue_expected": format_amount(sum((r.amount for r in receipts if r.late), ZERO), currency),
            "delays": _delays(customers, invoices, receipts, as_of=as_of, currency=currency),
        },
    )


def _sums(receipts: list[ExpectedReceipt], currency: str) -> dict[str, Any]:
    """The amount columns of one week's row."""
    return {
        "expected_amount": format_amount(sum((r.amount for r in receipts), ZERO), currency),
        "invoice_count": len({(r.customer_id, r.invoice_number) for r in receipts}),
        "promised": format_amount(sum((r.amount for r in receipts if r.promised), ZERO), currency),
        "overdue_expected": format_amount(sum((r.amount for r in receipts if r.late), ZERO), currency),
    }


def _delays(
    customers: Sequence[CustomerFacts],
    invoices: Sequence[InvoiceFacts],
    receipts: list[ExpectedReceipt],
    *,
    as_of: date,
    currency: str,
) -> list[dict[str, Any]]:
    """Per customer with an expected receipt: the days late assumed and where they come from."""
    names = {customer.customer_id: customer.name for customer in customers}
    delays = expected_delays(in_currency(invoices, currency), as_of=as_of)
    seen = {r.customer_id: r.customer_name for r in receipts}
    return [
        {
            "customer_id": customer_id,
            "customer_name": names.get(customer_id, name),
            "days_late": delays.of(customer_id).days,
            "source": delays.of(customer_id).source,
        }
        for customer_id, name in sorted(seen.items())
    ]
