"""Read-only views of stored payments, in the same shape as ``extract --json``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from copilot.db.models import BankAccount, Document, Payment
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
        "account": account,
        "status": payment.status,
        "sources": [
            {"document": names.get(s.document_pk), "locator": s.locator, "matched_by": s.matched_by}
            for s in sorted(payment.sightings, key=lambda sighting: sighting.id)
        ],
    }
