"""Remittance advices stored, and each linked to the bank payment it announces.

A remittance is linked to a payment in its currency whose amount is the remittance's, booked
within :data:`DAYS_BEFORE` days before to :data:`DAYS_AFTER` days after the payment date the
advice gives (any date when it gives none). Among several, the one whose reference or payer
name agrees wins; when that still leaves a tie the remittance stays unlinked (a reviewer sees
it) rather than guess. Linking happens when the advice arrives (payments already there) and
before each ``match`` (payments that arrived later).

A payment already queued for review, or left unmatched, when its advice arrives goes back to
matching: its pending suggestions are superseded and ``match`` recomputes it with the lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from rapidfuzz import fuzz
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from copilot.db.models import Document, Payment, Remittance, RemittanceLine, Suggestion
from copilot.db.types import utc_now
from copilot.services.audit import record_action
from ingest.records import RemittanceRecord
from ingest.remittance.tokens import fold

DAYS_BEFORE = 5
DAYS_AFTER = 15
NAME_AGREES = 80
REQUEUED_FROM = ("queued", "unmatched")


@dataclass
class LinkSummary:
    """Remittances linked, and payments sent back to matching because their advice arrived."""

    linked: list[tuple[int, int]] = field(default_factory=list)
    requeued: list[int] = field(default_factory=list)
    ambiguous: list[int] = field(default_factory=list)


def record_remittances(
    session: Session, document: Document, records: Sequence[RemittanceRecord], *, method: str = "rules"
) -> list[Remittance]:
    """Store the remittances one document announced, with their lines in order."""
    stored: list[Remittance] = []
    for record in records:
        remittance = Remittance(
            document_pk=document.id,
            payer_name=record.payer_name,
            payment_date=record.payment_date,
            payment_amount=record.payment_amount,
            currency=record.currency,
            payment_reference=record.payment_reference,
            confidence=Decimal(str(record.confidence)),
            warnings=list(record.warnings),
            method=method,
            lines=[
                RemittanceLine(
                    position=position,
                    invoice_number=line.invoice_number,
                    invoice_date=line.invoice_date,
                    invoice_amount=line.invoice_amount,
                    paid_amount=line.paid_amount,
                    discount_amount=line.discount_amount,
                    deduction_amount=line.deduction_amount,
                    reason_text=line.reason_text,
                    reason_code=line.reason_code,
                )
                for position, line in enumerate(record.lines, start=1)
            ],
        )
        session.add(remittance)
        stored.append(remittance)
    session.flush()
    return stored


def _agreement(remittance: Remittance, payment: Payment) -> int:
    """How many of reference and payer name agree between an advice and a payment (0 to 2)."""
    score = 0
    reference = fold(remittance.payment_reference or "").replace(" ", "")
    texts = (payment.reference, payment.remittance_text, payment.end_to_end_id, payment.bank_id)
    if len(reference) >= 4 and any(reference in fold(text or "").replace(" ", "") for text in texts):
        score += 1
    if remittance.payer_name and payment.payer_name:
        similarity = fuzz.token_set_ratio(fold(remittance.payer_name), fold(payment.payer_name))
        score += similarity >= NAME_AGREES
    return score


def _candidates(session: Session, remittance: Remittance) -> list[Payment]:
    query = select(Payment).where(
        Payment.currency == remittance.currency, Payment.amount == remittance.payment_amount
    )
    if remittance.payment_date is not None:
        query = query.where(
            Payment.booking_date >= remittance.payment_date - timedelta(days=DAYS_BEFORE),
            Payment.booking_date <= remittance.payment_date + timedelta(days=DAYS_AFTER),
        )
    return list(session.scalars(query.order_by(Payment.booking_date, Payment.id)))


def link_remittances(
    session: Session, *, actor: str, remittance_pks: Sequence[int] | None = None
) -> LinkSummary:
    """Link each unlinked remittance (or those given) to the payment it announces."""
    query = select(Remittance).where(Remittance.payment_pk.is_(None), Remittance.payment_amount.is_not(None))
    if remittance_pks is not None:
        query = query.where(Remittance.id.in_(remittance_pks))
    summary = LinkSummary()
    for remittance in session.scalars(query.order_by(Remittance.id)).all():
        candidates = _candidates(session, remittance)
        if not candidates:
            continue
        scored = sorted(((_agreement(remittance, p), p) for p in candidates), key=lambda pair: -pair[0])
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            summary.ambiguous.append(remittance.id)
            continue
        payment = scored[0][1]
        remittance.payment_pk = payment.id
        summary.linked.append((remittance.id, payment.id))
        record_action(
            session,
            actor=actor,
            action="remittance.linked",
            entity_type="payment",
            entity_id=payment.id,
            details={
                "remittance": remittance.id,
                "document": remittance.document_pk,
                "agreement": scored[0][0],
            },
        )
        if payment.status in REQUEUED_FROM:
            _requeue(session, payment, actor=actor)
            summary.requeued.append(payment.id)
    session.flush()
    return summary


def _requeue(session: Session, payment: Payment, *, actor: str) -> None:
    """Supersede the payment's open suggestions and hand it back to matching."""
    session.execute(
        update(Suggestion)
        .where(Suggestion.payment_pk == payment.id, Suggestion.status.in_(("pending", "alternative")))
        .values(status="superseded", decided_by=actor, decided_at=utc_now())
    )
    previous, payment.status = payment.status, "unapplied"
    record_action(
        session,
        actor=actor,
        action="payment.requeued",
        entity_type="payment",
        entity_id=payment.id,
        details={"reason": "remittance advice arrived", "previous_status": previous},
    )
