"""Who owes what on a day: overdue customers, top debtors, open items, invoices due soon, disputes.

An invoice counts on ``as_of`` for what is still open at the end of that day
(:meth:`InvoiceFacts.open_on`): one issued later is not there yet, one settled later is open
again. Days late are ``as_of − due_date`` (zero when not yet due).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tools.kpis.cash import KpiResult
from tools.kpis.ledger import ZERO, InvoiceFacts, in_currency
from tools.kpis.receivables import figure, outstanding
from tools.money import format_amount


@dataclass(slots=True)
class _Exposure:
    """One customer's open and overdue amounts (accumulated)."""

    name: str
    open: Decimal = ZERO
    overdue: Decimal = ZERO
    invoices: int = 0
    overdue_invoices: int = 0
    oldest_days_late: int = 0


def _exposures(
    invoices: Sequence[InvoiceFacts], as_of: date, currency: str, min_days_late: int
) -> dict[str, _Exposure]:
    """Per customer: open amount, and the part at least ``min_days_late`` days late."""
    exposures: dict[str, _Exposure] = {}
    for invoice, amount in outstanding(in_currency(invoices, currency), as_of):
        exposure = exposures.setdefault(invoice.customer_id, _Exposure(invoice.customer_name))
        exposure.open += amount
        exposure.invoices += 1
        late = invoice.days_late(as_of)
        if late >= min_days_late:
            exposure.overdue += amount
            exposure.overdue_invoices += 1
            exposure.oldest_days_late = max(exposure.oldest_days_late, late)
    return exposures


def overdue(
    invoices: Sequence[InvoiceFacts], *, as_of: date, currency: str, min_days_late: int = 1
) -> KpiResult:
    """Customers with open invoices at least ``min_days_late`` days past due on ``as_of``.

    Per customer: the overdue amount (Σ open amounts of those invoices), their count and the
    oldest one's days late, largest amount first; ``value`` = Σ overdue amounts. "Over 60
    days" is ``min_days_late=61``.
    """
    if min_days_late < 1:
        raise ValueError(f"min_days_late must be at least 1, got {min_days_late}")
    exposures = {
        customer: exposure
        for customer, exposure in _exposures(invoices, as_of, currency, min_days_late).items()
        if exposure.overdue_invoices
    }
    order = sorted(exposures, key=lambda c: (-exposures[c].overdue, c))
    rows = [
        {
            "customer_id": customer,
            "customer_name": exposures[customer].name,
            "overdue_amount": format_amount(exposures[customer].overdue, currency),
            "invoices": exposures[customer].overdue_invoices,
            "oldest_days_late": exposures[customer].oldest_days_late,
        }
        for customer in order
    ]
    return KpiResult(
        "overdue",
        as_of,
        currency,
        format_amount(sum((e.overdue for e in exposures.values()), ZERO), currency),
        rows,
        {
            "min_days_late": min_days_late,
            "customers": len(rows),
            "invoices": sum(e.overdue_invoices for e in exposures.values()),
        },
    )


def top_debtors(
    invoices: Sequence[InvoiceFacts], *, as_of: date, currency: str, limit: int = 10
) -> KpiResult:
    """The ``limit`` customers owing the most on ``as_of``, with the overdue part of it.

    ``value`` = Σ open amounts of the customers listed; ``total_open`` is every customer's,
    ``share`` = value ÷ total_open × 100 (one decimal).
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    exposures = _exposures(invoices, as_of, currency, 1)
    order = sorted(exposures, key=lambda c: (-exposures[c].open, c))[:limit]
    listed = sum((exposures[c].open for c in order), ZERO)
    total = sum((e.open for e in exposures.values()), ZERO)
    rows = [
        {
            "customer_id": customer,
            "customer_name": exposures[customer].name,
            "open_amount": format_amount(exposures[customer].open, currency),
            "overdue_amount": format_amount(exposures[customer].overdue, currency),
            "invoices": exposures[customer].invoices,
            "oldest_days_late": exposures[customer].oldest_days_late,
        }
        for customer in order
    ]
    return KpiResult(
        "top",
        as_of,
        currency,
        format_amount(listed, currency),
        rows,
        {
            "limit": limit,
            "total_open": format_amount(total, currency),
            "share": figure(listed / total * 100) if total else None,
        },
    )


def open_items(invoices: Sequence[InvoiceFacts], customer_id: str, *, as_of: date) -> KpiResult:
    """Every invoice of one customer still open on ``as_of``, in all its currencies.

    Rows carry their currency; ``totals`` = Σ open amounts per currency. ``value`` is the
    total in the customer's main currency: the one most of its invoices issued up to
    ``as_of`` are in (alphabetical on a tie).
    """
    own = [invoice for invoice in invoices if invoice.customer_id == customer_id]
    issued = Counter(invoice.currency for invoice in own if invoice.issue_date <= as_of)
    if not issued:
        return KpiResult(
            "open-items",
            as_of,
            None,
            None,
            [],
            {"customer_id": customer_id, "reason": f"no invoice of {customer_id} up to {as_of.isoformat()}"},
        )
    main = min(issued, key=lambda code: (-issued[code], code))
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    rows = []
    for invoice, amount in sorted(outstanding(own, as_of), key=lambda pair: _due_order(pair[0])):
        totals[invoice.currency] += amount
        rows.append(
            {
                **_invoice_row(invoice, amount, as_of),
                "issue_date": invoice.issue_date.isoformat(),
                "currency": invoice.currency,
                "amount": format_amount(invoice.amount, invoice.currency),
                "disputed": invoice.disputed,
            }
        )
    return KpiResult(
        "open-items",
        as_of,
        main,
        format_amount(totals.get(main, ZERO), main),
        rows,
        {
            "customer_id": customer_id,
            "customer_name": own[0].customer_name,
            "count": len(rows),
            "totals": {code: format_amount(total, code) for code, total in sorted(totals.items())},
        },
    )


def due_soon(invoices: Sequence[InvoiceFacts], *, as_of: date, currency: str, days: int = 7) -> KpiResult:
    """Open invoices falling due after ``as_of`` and at the latest ``as_of + days``.

    Rows by due date; ``value`` = Σ their open amounts.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    until = as_of + timedelta(days=days)
    soon = [
        (invoice, amount)
        for invoice, amount in outstanding(in_currency(invoices, currency), as_of)
        if as_of < invoice.due_date <= until
    ]
    soon.sort(key=lambda pair: _due_order(pair[0]))
    rows = [
        {**_invoice_row(invoice, amount, as_of), "days_until_due": (invoice.due_date - as_of).days}
        for invoice, amount in soon
    ]
    return KpiResult(
        "due",
        as_of,
        currency,
        format_amount(sum((amount for _, amount in soon), ZERO), currency),
        rows,
        {"days": days, "until": until.isoformat(), "count": len(rows)},
    )


def disputes(invoices: Sequence[InvoiceFacts], *, as_of: date, currency: str) -> KpiResult:
    """Invoices open on ``as_of`` and flagged as disputed (*en litige*), by due date.

    The dispute flag is the invoice's current one (its history is not kept). ``value`` = Σ
    their open amounts; ``count`` = how many.
    """
    disputed = [
        (invoice, amount)
        for invoice, amount in outstanding(in_currency(invoices, currency), as_of)
        if invoice.disputed
    ]
    disputed.sort(key=lambda pair: _due_order(pair[0]))
    return KpiResult(
        "disputes",
        as_of,
        currency,
        format_amount(sum((amount for _, amount in disputed), ZERO), currency),
        [_invoice_row(invoice, amount, as_of) for invoice, amount in disputed],
        {"count": len(disputed)},
    )


def _due_order(invoice: InvoiceFacts) -> tuple[date, str]:
    return invoice.due_date, invoice.number


def _invoice_row(invoice: InvoiceFacts, amount: Decimal, as_of: date) -> dict[str, Any]:
    """The columns every invoice listing shares."""
    return {
        "invoice_number": invoice.number,
        "customer_id": invoice.customer_id,
        "customer_name": invoice.customer_name,
        "due_date": invoice.due_date.isoformat(),
        "open_amount": format_amount(amount, invoice.currency),
        "days_late": invoice.days_late(as_of),
    }
