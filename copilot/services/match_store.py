"""Writing a chunk of match outcomes in bulk: suggestions and their lines, payment statuses, audit.

Core ``INSERT … RETURNING`` with many rows at once (SQLAlchemy's *insertmanyvalues* on both
SQLite and PostgreSQL), never one ORM object per row: a run writes hundreds of thousands.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from copilot.db.models import AuditEntry, Payment, Suggestion, SuggestionLine
from copilot.db.types import utc_now
from tools.matching import MatchOutcome, Status

ENGINE_ACTOR = "arcopilot:matcher"
PAYMENT_STATUS = {Status.AUTO_APPLIED: "applied", Status.SUGGESTED: "queued", Status.UNMATCHED: "unmatched"}


def _suggestion_status(status: Status, rank: int) -> str:
    if rank > 1:
        return "alternative"
    return "auto_applied" if status is Status.AUTO_APPLIED else "pending"


def store_suggestions(
    session: Session,
    outcomes: Sequence[MatchOutcome],
    currencies: dict[int, str],
    customer_pks: dict[str, int],
) -> dict[int, int]:
    """Insert every outcome's suggestions (ranked) and lines; returns payment → top suggestion id."""
    now = utc_now()
    keys: list[tuple[int, int]] = []
    rows: list[dict[str, Any]] = []
    for outcome in outcomes:
        payment_pk = outcome.payment.key
        for rank, proposal in enumerate(outcome.suggestions, start=1):
            keys.append((payment_pk, rank))
            automatic = outcome.status is Status.AUTO_APPLIED and rank == 1
            rows.append(
                {
                    "payment_pk": payment_pk,
                    "customer_pk": customer_pks.get(proposal.customer_id or ""),
                    "rank": rank,
                    "confidence": Decimal(str(proposal.confidence)),
                    "status": _suggestion_status(outcome.status, rank),
                    "explanation": list(proposal.explanation),
                    "evidence": proposal.evidence,
                    "unapplied_amount": proposal.unapplied_amount,
                    "currency": currencies[payment_pk],
                    "decided_by": ENGINE_ACTOR if automatic else None,
                    "decided_at": now if automatic else None,
                    "created_at": now,
                }
            )
    if not rows:
        return {}
    ids = session.scalars(
        insert(Suggestion).returning(Suggestion.id, sort_by_parameter_order=True), rows
    ).all()
    by_key = dict(zip(keys, ids, strict=True))
    lines = [
        {
            "suggestion_pk": by_key[(outcome.payment.key, rank)],
            "invoice_pk": allocation.invoice.key,
            "amount": allocation.amount,
            "discount_amount": allocation.discount_amount,
            "deduction_amount": allocation.deduction_amount,
            "deduction_code": allocation.deduction_code,
            "deduction_reason": allocation.deduction_reason,
        }
        for outcome in outcomes
        for rank, proposal in enumerate(outcome.suggestions, start=1)
        for allocation in proposal.allocations
    ]
    if lines:
        session.execute(insert(SuggestionLine), lines)
    return {payment_pk: suggestion_pk for (payment_pk, rank), suggestion_pk in by_key.items() if rank == 1}


def store_statuses(session: Session, outcomes: Sequence[MatchOutcome]) -> None:
    """Set each payment's status from its outcome (one UPDATE per status)."""
    for status, value in PAYMENT_STATUS.items():
        pks = [outcome.payment.key for outcome in outcomes if outcome.status is status]
        if pks:
            session.execute(
                update(Payment)
                .where(Payment.id.in_(pks))
                .values(status=value)
                .execution_options(synchronize_session=False)
            )


def store_audit(
    session: Session, outcomes: Sequence[MatchOutcome], bank_ids: dict[int, str], suggestions: dict[int, int]
) -> None:
    """One audit entry per payment: what the engine proposed or applied, and on what evidence."""
    now = utc_now()
    rows = []
    for outcome in outcomes:
        best = outcome.best
        payment_pk = outcome.payment.key
        details: dict[str, Any] = {"payment": bank_ids[payment_pk], "suggestion": suggestions.get(payment_pk)}
        if best is not None:
            details |= {
                "confidence": best.confidence,
                "evidence": best.evidence,
                "allocations": [
                    {
                        "invoice": allocation.invoice.number,
                        "amount": str(allocation.amount),
                        "discount": str(allocation.discount_amount),
                        "deduction": str(allocation.deduction_amount),
                        "code": allocation.deduction_code,
                    }
                    for allocation in best.allocations
                ],
            }
        rows.append(
            {
                "at": now,
                "actor": ENGINE_ACTOR,
                "action": f"match.{outcome.status.value}",
                "entity_type": "payment",
                "entity_id": str(payment_pk),
                "details": details,
            }
        )
    if rows:
        session.execute(insert(AuditEntry), rows)
