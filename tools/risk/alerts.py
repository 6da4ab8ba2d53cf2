"""Credit-limit alerts: customers over their limit now, or expected to be within a horizon.

For each customer with a credit limit, in the limit's currency (the report's currency when the
ledger gave none):

- exposure now (*encours*) = open amount on ``as_of`` of its invoices;
- expected billing = its invoiced amount issued in the 90 days ending ``as_of`` ÷ 90 ×
  ``horizon_days`` (its average daily billing carried forward);
- expected receipts = its open amounts expected by ``as_of + horizon_days`` according to the
  forecast's per-invoice expected days (:mod:`tools.forecast.expected`, habits only — new
  billing is assumed not to be paid within the horizon);
- projected exposure = exposure now + expected billing − expected receipts.

Alert ``exceeded`` when exposure now > limit, ``will_exceed`` when projected exposure > limit;
customers within their limit both ways get no row. Usage ratios are exposure ÷ limit (``None``
for a zero limit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tools.forecast.behaviour import ratio
from tools.forecast.expected import expected_receipts
from tools.kpis.cash import KpiResult
from tools.kpis.ledger import ZERO, CustomerFacts, InvoiceFacts
from tools.money import format_amount, quantise
from tools.risk.factors import limit_currency, open_amounts

BILLING_DAYS = 90
EXCEEDED, WILL_EXCEED = "exceeded", "will_exceed"


def credit_alerts(
    customers: Sequence[CustomerFacts],
    invoices: Sequence[InvoiceFacts],
    *,
    as_of: date,
    currency: str,
    horizon_days: int = 30,
) -> KpiResult:
    """Customers over their credit limit now or projected over it in ``horizon_days``.

    Rows (``exceeded`` first, then by projected usage, highest first): the customer, the
    limit's currency, ``credit_limit``, ``exposure``, ``expected_billing``,
    ``expected_receipts``, ``projected_exposure``, ``usage``, ``projected_usage``, ``alert``.
    ``value`` is the number of alerts.
    """
    if horizon_days < 1:
        raise ValueError(f"horizon_days must be at least 1, got {horizon_days}")
    books: dict[tuple[str, str], list[InvoiceFacts]] = defaultdict(list)
    for invoice in invoices:
        books[(invoice.customer_id, invoice.currency)].append(invoice)
    incoming_by_currency: dict[str, dict[str, Decimal]] = {}
    billing_start = as_of - timedelta(days=BILLING_DAYS)
    found: list[tuple[tuple[bool, Decimal, str], dict[str, Any]]] = []
    for customer in customers:
        limit = customer.credit_limit
        if limit is None:
            continue
        code = limit_currency(customer, currency)
        if code not in incoming_by_currency:
            incoming_by_currency[code] = _receipts_by_customer(invoices, code, as_of, horizon_days)
        book = books.get((customer.customer_id, code), [])
        exposure = sum((amount for _, amount in open_amounts(book, as_of)), ZERO)
        billed = sum((i.amount for i in book if billing_start < i.issue_date <= as_of), ZERO)
        billing = quantise(billed * horizon_days / BILLING_DAYS, code, exact=False)
        incoming = incoming_by_currency[code].get(customer.customer_id, ZERO)
        projected = exposure + billing - incoming
        if exposure > limit:
            alert = EXCEEDED
        elif projected > limit:
            alert = WILL_EXCEED
        else:
            continue
        pressure = projected / limit if limit > ZERO else projected
        order = (alert != EXCEEDED, -pressure, customer.customer_id)
        row = {
            "customer_id": customer.customer_id,
            "customer_name": customer.name,
            "currency": code,
            "credit_limit": format_amount(limit, code),
            "exposure": format_amount(exposure, code),
            "expected_billing": format_amount(billing, code),
            "expected_receipts": format_amount(incoming, code),
            "projected_exposure": format_amount(projected, code),
            "usage": _usage(exposure, limit),
            "projected_usage": _usage(projected, limit),
            "alert": alert,
        }
        found.append((order, row))
    rows = [row for _, row in sorted(found, key=lambda pair: pair[0])]
    return KpiResult(
        "credit_alerts",
        as_of,
        currency,
        len(rows),
        rows,
        {
            "horizon_days": horizon_days,
            "exceeded": sum(1 for row in rows if row["alert"] == EXCEEDED),
            "will_exceed": sum(1 for row in rows if row["alert"] == WILL_EXCEED),
        },
    )


def _receipts_by_customer(
    invoices: Sequence[InvoiceFacts], currency: str, as_of: date, horizon_days: int
) -> dict[str, Decimal]:
    """Per customer id, the open amounts in ``currency`` expected by ``as_of + horizon_days``."""
    horizon_end = as_of + timedelta(days=horizon_days)
    incoming: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for receipt in expected_receipts(invoices, (), as_of=as_of, currency=currency):
        if receipt.day <= horizon_end:
            incoming[receipt.customer_id] += receipt.amount
    return incoming


def _usage(exposure: Decimal, limit: Decimal) -> str | None:
    """Exposure ÷ limit as a ratio string, ``None`` for a zero limit."""
    return ratio(exposure / limit) if limit > ZERO else None
