"""What a customer paid: the payments applied to its invoices, with the invoices each settled."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Allocation, Customer, Invoice, Payment
from tools.money import format_amount


def customer_payments(
    session: Session, customer_id: str, *, since: date | None = None, until: date
) -> dict[str, Any]:
    """The payments booked up to ``until`` (and from ``since``) whose cash went to the customer's
    invoices, newest first: date, amount applied to this customer, invoices settled, payment status."""
    query = (
        select(Payment, Allocation.amount, Invoice.invoice_number)
        .join(Allocation, Allocation.payment_pk == Payment.id)
        .join(Invoice, Invoice.id == Allocation.invoice_pk)
        .join(Customer, Customer.id == Invoice.customer_pk)
        .where(
            Customer.customer_id == customer_id,
            Allocation.reversed_at.is_(None),
            Payment.booking_date <= until,
        )
        .order_by(Payment.booking_date.desc(), Payment.id, Invoice.invoice_number)
    )
    if since is not None:
        query = query.where(Payment.booking_date >= since)
    applied: dict[int, Decimal] = defaultdict(Decimal)
    invoices: dict[int, list[str]] = defaultdict(list)
    payments: dict[int, Payment] = {}
    for payment, amount, number in session.execute(query):
        payments[payment.id] = payment
        applied[payment.id] += amount
        invoices[payment.id].append(number)
    rows = [
        {
            "payment_id": payment.bank_id,
            "booking_date": payment.booking_date.isoformat(),
            "currency": payment.currency,
            "payment_amount": format_amount(payment.amount, payment.currency),
            "applied_amount": format_amount(applied[pk], payment.currency),
            "invoices": invoices[pk],
            "payer_name": payment.payer_name,
            "status": payment.status,
        }
        for pk, payment in payments.items()
    ]
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for pk, payment in payments.items():
        totals[payment.currency] += applied[pk]
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat(),
        "count": len(rows),
        "totals": {currency: format_amount(total, currency) for currency, total in sorted(totals.items())},
        "last_payment": rows[0]["booking_date"] if rows else None,
        "rows": rows,
    }
