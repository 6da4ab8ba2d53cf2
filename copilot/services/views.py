"""Read-only views: stored payments (in the ``extract --json`` shape) and received files."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from copilot.db.models import BankAccount, Document, Payment, PaymentSighting
from tools.money import format_amount


def list_payments(
    session: Session, *, status: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Stored payments, oldest booking first, each with every file that reported it."""
    query = (
        select(Payment, BankAccount.account_key)
        .outerjoin(BankAccount, Payment.bank_account_pk == BankAccount.id)
        .options(selectinload(Payment.sightings))
        .order_by(Payment.booking_date, Payment.id)
    )
    if status:
        query = query.where(Payment.status == status)
    if limit:
        query = query.limit(limit)
    rows = session.execute(query).all()
    names = _document_names(session, {s.document_pk for payment, _ in rows for s in payment.sightings})
    return [_payment_view(payment, account, names) for payment, account in rows]


def _document_names(session: Session, pks: set[int]) -> dict[int, str]:
    if not pks:
        return {}
    return dict(
        session.execute(select(Document.id, Document.original_name).where(Document.id.in_(pks))).all()
    )


def _payment_view(payment: Payment, account: str | None, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": payment.bank_id,
        "booking_date": payment.booking_date.isoformat(),
        "value_date": payment.value_date.isoformat() if payment.value_date else None,
        "amount": format_amount(payment.amount, payment.currency),
        "currency": payment.currency,
        "payer_name": payment.payer_name,
        "payer_iban": payment.payer_iban,
        "payer_bic": payment.payer_bic,
        "reference": payment.reference,
        "remittance_text": payment.remittance_text,
        "end_to_end_id": payment.end_to_end_id,
        "creditor_reference": payment.creditor_reference,
        "bank_transaction_code": payment.bank_transaction_code,
        "bank_reference": payment.bank_reference,
        "entry_reference": payment.entry_reference,
        "account": account,
        "status": payment.status,
        "sources": [
            {"document": names.get(s.document_pk), "locator": s.locator, "matched_by": s.matched_by}
            for s in sorted(payment.sightings, key=lambda sighting: sighting.id)
        ],
    }


def list_documents(session: Session, *, status: str | None = None) -> list[dict[str, Any]]:
    """Files received, newest first, with their state and, for quarantined ones, the reason."""
    payments_per_document = dict(
        session.execute(
            select(PaymentSighting.document_pk, func.count()).group_by(PaymentSighting.document_pk)
        ).all()
    )
    query = select(Document).order_by(Document.received_at.desc(), Document.id.desc())
    if status:
        query = query.where(Document.status == status)
    return [
        {
            "name": document.original_name,
            "sha256": document.sha256,
            "format": document.format,
            "kind": document.kind,
            "status": document.status,
            "reason": document.error,
            "size_bytes": document.size_bytes,
            "payments_reported": payments_per_document.get(document.id, 0),
            "received_at": document.received_at.isoformat(),
            "stored_path": document.stored_path,
        }
        for document in session.scalars(query)
    ]
