"""Read-only views of allocations and deductions (the API and the web UI), one page at a time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from copilot.db.models import Allocation, Customer, Deduction, Invoice, Payment
from tools.money import format_amount


def _page(
    session: Session, query: Select[Any, Any, Any, Any], limit: int, offset: int
) -> tuple[int, list[Any]]:
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return total, list(session.execute(query.limit(limit).offset(offset)).all())


def _newest_with_parties(
    model: type[Allocation] | type[Deduction], conditions: list[ColumnElement[bool]]
) -> Select[Any, Any, Any, Any]:
    """Rows of ``model`` (a payment's share of an invoice) with the payment's bank id, the
    invoice number and the customer id, filtered by ``conditions``, newest first."""
    return (
        select(model, Payment.bank_id, Invoice.invoice_number, Customer.customer_id)
        .join(Payment, Payment.id == model.payment_pk)
        .join(Invoice, Invoice.id == model.invoice_pk)
        .join(Customer, Customer.id == Invoice.customer_pk)
        .where(*conditions)
        .order_by(model.created_at.desc(), model.id.desc())
    )


def _stamp(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def payment_exists(session: Session, bank_id: str) -> bool:
    """Whether a payment with the bank's id ``bank_id`` was received."""
    return session.scalar(select(Payment.id).where(Payment.bank_id == bank_id).limit(1)) is not None


def list_allocations(
    session: Session,
    *,
    payment_id: str | None = None,
    invoice_number: str | None = None,
    customer_id: str | None = None,
    include_reversed: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Cash applied to invoices, newest first, filtered by payment (bank id), invoice or customer;
    reversed allocations only with ``include_reversed``."""
    conditions: list[ColumnElement[bool]] = []
    if payment_id is not None:
        conditions.append(Payment.bank_id == payment_id)
    if invoice_number is not None:
        conditions.append(Invoice.invoice_number == invoice_number)
    if customer_id is not None:
        conditions.append(Customer.customer_id == customer_id)
    if not include_reversed:
        conditions.append(Allocation.reversed_at.is_(None))
    total, rows = _page(session, _newest_with_parties(Allocation, conditions), limit, offset)
    return total, [
        {
            "id": allocation.id,
            "payment_id": bank_id,
            "invoice_number": number,
            "customer_id": customer,
            "amount": format_amount(allocation.amount, allocation.currency),
            "discount_amount": format_amount(allocation.discount_amount, allocation.currency),
            "currency": allocation.currency,
            "suggestion_id": allocation.suggestion_pk,
            "created_by": allocation.created_by,
            "created_at": allocation.created_at.isoformat(),
            "reversed_by": allocation.reversed_by,
            "reversed_at": _stamp(allocation.reversed_at),
        }
        for allocation, bank_id, number, customer in rows
    ]


def list_deductions(
    session: Session,
    *,
    status: str | None = None,
    reason_code: str | None = None,
    customer_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Short payments kept as deductions, newest first, by status, reason code or customer."""
    conditions: list[ColumnElement[bool]] = []
    if status is not None:
        conditions.append(Deduction.status == status)
    if reason_code is not None:
        conditions.append(Deduction.reason_code == reason_code.upper())
    if customer_id is not None:
        conditions.append(Customer.customer_id == customer_id)
    total, rows = _page(session, _newest_with_parties(Deduction, conditions), limit, offset)
    return total, [
        {
            "id": deduction.id,
            "payment_id": bank_id,
            "invoice_number": number,
            "customer_id": customer,
            "amount": format_amount(deduction.amount, deduction.currency),
            "currency": deduction.currency,
            "reason_code": deduction.reason_code,
            "reason_text": deduction.reason_text,
            "status": deduction.status,
            "created_at": deduction.created_at.isoformat(),
            "resolved_by": deduction.resolved_by,
            "resolved_at": _stamp(deduction.resolved_at),
        }
        for deduction, bank_id, number, customer in rows
    ]
