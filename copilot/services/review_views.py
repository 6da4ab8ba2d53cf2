"""Read-only views of the review queue and of one suggestion (CLI, and later Slack and web)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Customer, Invoice, Payment, Suggestion, SuggestionLine
from tools.money import format_amount


def _lines(session: Session, suggestion: Suggestion) -> list[dict[str, Any]]:
    rows = session.execute(
        select(SuggestionLine, Invoice)
        .join(Invoice, Invoice.id == SuggestionLine.invoice_pk)
        .where(SuggestionLine.suggestion_pk == suggestion.id)
        .order_by(SuggestionLine.id)
    ).all()
    currency = suggestion.currency
    return [
        {
            "invoice_number": invoice.invoice_number,
            "invoice_open_amount": format_amount(invoice.open_amount, currency),
            "due_date": invoice.due_date.isoformat(),
            "amount": format_amount(line.amount, currency),
            "discount_amount": format_amount(line.discount_amount, currency),
            "deduction_amount": format_amount(line.deduction_amount, currency),
            "deduction_code": line.deduction_code,
            "deduction_reason": line.deduction_reason,
        }
        for line, invoice in rows
    ]


def suggestion_view(session: Session, suggestion: Suggestion, *, detailed: bool = False) -> dict[str, Any]:
    """One suggestion with its payment; ``detailed`` adds lines, explanation and alternatives."""
    payment = session.get_one(Payment, suggestion.payment_pk)
    customer = session.get(Customer, suggestion.customer_pk) if suggestion.customer_pk else None
    view: dict[str, Any] = {
        "suggestion_id": suggestion.id,
        "status": suggestion.status,
        "confidence": float(suggestion.confidence),
        "payment_id": payment.bank_id,
        "booking_date": payment.booking_date.isoformat(),
        "amount": format_amount(payment.amount, payment.currency),
        "currency": payment.currency,
        "payer_name": payment.payer_name,
        "customer_id": customer.customer_id if customer else None,
        "customer_name": customer.name if customer else None,
        "unapplied_amount": format_amount(suggestion.unapplied_amount, suggestion.currency),
        "decided_by": suggestion.decided_by,
        "decided_at": suggestion.decided_at.isoformat() if suggestion.decided_at else None,
        "lines": _lines(session, suggestion),
    }
    if detailed:
        view |= {
            "payer_iban": payment.payer_iban,
            "reference": payment.reference,
            "remittance_text": payment.remittance_text,
            "explanation": suggestion.explanation,
            "evidence": suggestion.evidence,
            "alternatives": [
                suggestion_view(session, other)
                for other in session.scalars(
                    select(Suggestion)
                    .where(Suggestion.payment_pk == payment.id, Suggestion.id != suggestion.id)
                    .order_by(Suggestion.rank, Suggestion.id)
                )
            ],
        }
    return view


def review_queue(
    session: Session, *, status: str = "pending", limit: int | None = None
) -> list[dict[str, Any]]:
    """Suggestions in a state (``pending`` by default), least confident first."""
    query = (
        select(Suggestion).where(Suggestion.status == status).order_by(Suggestion.confidence, Suggestion.id)
    )
    if limit:
        query = query.limit(limit)
    return [suggestion_view(session, suggestion) for suggestion in session.scalars(query)]
