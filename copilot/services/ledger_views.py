"""Read-only views of customers and invoices (the API and the web UI), amounts as strings."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, selectinload

from copilot.db.models import Customer, Invoice
from copilot.services.customer_payments import customer_payments
from copilot.services.promises import customer_promises
from tools.money import format_amount

ZERO = Decimal(0)


def _open_totals(session: Session, customer_pks: list[int]) -> dict[int, tuple[int, dict[str, Decimal]]]:
    """Per customer: how many invoices are open and the open amount per currency."""
    rows = session.execute(
        select(Invoice.customer_pk, Invoice.currency, func.count(), func.sum(Invoice.open_amount))
        .where(Invoice.customer_pk.in_(customer_pks), Invoice.open_amount > ZERO)
        .group_by(Invoice.customer_pk, Invoice.currency)
    ).all()
    counts: dict[int, int] = defaultdict(int)
    totals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for customer_pk, currency, count, total in rows:
        counts[customer_pk] += count
        totals[customer_pk][currency] = Decimal(total)
    return {pk: (counts[pk], totals[pk]) for pk in customer_pks}


def _customer_summary(
    customer: Customer, open_count: int, totals: dict[str, Decimal], default_currency: str
) -> dict[str, Any]:
    return {
        "customer_id": customer.customer_id,
        "name": customer.name,
        "email": customer.email,
        "language": customer.language,
        "country": customer.country,
        "segment": customer.segment,
        "credit_limit": (
            format_amount(customer.credit_limit, customer.credit_currency or default_currency)
            if customer.credit_limit is not None
            else None
        ),
        "credit_currency": customer.credit_currency,
        "payment_terms_days": customer.payment_terms_days,
        "open_invoices": open_count,
        "open_amounts": {
            currency: format_amount(total, currency) for currency, total in sorted(totals.items())
        },
    }


def list_customers(
    session: Session,
    *,
    default_currency: str,
    search: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Customers by id (``search`` in the id or name, any case), with their open receivables;
    the number matching and one page of them. A credit limit without its own currency is in
    ``default_currency``."""
    condition: ColumnElement[bool] | None = None
    if search:
        pattern = f"%{search.lower()}%"
        condition = or_(
            func.lower(Customer.customer_id).like(pattern), func.lower(Customer.name).like(pattern)
        )
    count_query = select(func.count()).select_from(Customer)
    query = select(Customer).order_by(Customer.customer_id).limit(limit).offset(offset)
    if condition is not None:
        count_query, query = count_query.where(condition), query.where(condition)
    total = session.scalar(count_query) or 0
    customers = list(session.scalars(query))
    open_totals = _open_totals(session, [customer.id for customer in customers])
    return total, [
        _customer_summary(customer, *open_totals[customer.id], default_currency) for customer in customers
    ]


def invoice_view(invoice: Invoice, customer: Customer) -> dict[str, Any]:
    """One invoice with its customer, amounts in its currency."""
    return {
        "invoice_number": invoice.invoice_number,
        "customer_id": customer.customer_id,
        "customer_name": customer.name,
        "issue_date": invoice.issue_date.isoformat(),
        "due_date": invoice.due_date.isoformat(),
        "currency": invoice.currency,
        "amount": format_amount(invoice.amount, invoice.currency),
        "open_amount": format_amount(invoice.open_amount, invoice.currency),
        "po_number": invoice.po_number,
        "status": invoice.status,
        "disputed": invoice.disputed,
    }


def customer_detail(
    session: Session, customer_id: str, *, as_of: date, default_currency: str
) -> dict[str, Any] | None:
    """One customer (by id) with its open invoices, payments and promises as of ``as_of``;
    ``None`` when there is no such customer."""
    customer = session.scalar(
        select(Customer).where(Customer.customer_id == customer_id).options(selectinload(Customer.ibans))
    )
    if customer is None:
        return None
    open_invoices = session.scalars(
        select(Invoice)
        .where(Invoice.customer_pk == customer.id, Invoice.open_amount > ZERO)
        .order_by(Invoice.due_date, Invoice.invoice_number)
    ).all()
    open_count, totals = _open_totals(session, [customer.id])[customer.id]
    return _customer_summary(customer, open_count, totals, default_currency) | {
        "as_of": as_of.isoformat(),
        "contact_name": customer.contact_name,
        "parent_customer_id": customer.parent_customer_id,
        "ibans": sorted(iban.iban for iban in customer.ibans),
        "invoices": [invoice_view(invoice, customer) for invoice in open_invoices],
        "payments": customer_payments(session, customer.customer_id, until=as_of)["rows"],
        "promises": [promise.as_json() for promise in customer_promises(session, customer, as_of=as_of)],
    }


def list_invoices(
    session: Session,
    *,
    customer_id: str | None = None,
    status: str | None = None,
    overdue_on: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Invoices, oldest due first: of one customer, in one status, or still open and past due on
    ``overdue_on``; the number matching and one page of them."""
    conditions: list[ColumnElement[bool]] = []
    if customer_id is not None:
        conditions.append(Customer.customer_id == customer_id)
    if status is not None:
        conditions.append(Invoice.status == status)
    if overdue_on is not None:
        conditions += [Invoice.open_amount > ZERO, Invoice.due_date < overdue_on]
    base = select(Invoice, Customer).join(Customer, Customer.id == Invoice.customer_pk).where(*conditions)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.execute(
        base.order_by(Invoice.due_date, Invoice.invoice_number).limit(limit).offset(offset)
    ).all()
    return total, [invoice_view(invoice, customer) for invoice, customer in rows]


def find_invoice(session: Session, invoice_number: str) -> dict[str, Any] | None:
    """One invoice by its number, ``None`` when there is none."""
    row = session.execute(
        select(Invoice, Customer)
        .join(Customer, Customer.id == Invoice.customer_pk)
        .where(Invoice.invoice_number == invoice_number)
    ).first()
    return invoice_view(*row) if row is not None else None
