"""The review queue: approve (as proposed or edited), reject and reopen suggestions.

Each decision is one transaction under the same locks as automatic application, so a payment
is applied at most once however many reviewers click; each goes into the audit log with who,
when, and the allocations before and after. An approval teaches the engine: the payer's
account and name are remembered for the customer (see :mod:`copilot.services.learning`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from copilot.db.engine import transaction
from copilot.db.models import Customer, Invoice, Payment, Suggestion, SuggestionLine
from copilot.db.types import utc_now
from copilot.services.allocations import (
    AllocationDraft,
    PaymentApplication,
    lock_open_amounts,
    lock_payments,
    reverse_allocations,
    write_allocations,
)
from copilot.services.audit import record_action
from copilot.services.learning import learn_from_approval

ZERO = Decimal(0)
DECIDABLE = ("pending", "alternative")


class ReviewError(ValueError):
    """A decision that cannot be made, with a one-line reason."""


@dataclass(frozen=True, slots=True)
class EditedLine:
    """A reviewer's allocation to one invoice (by number)."""

    invoice_number: str
    amount: Decimal
    discount_amount: Decimal = ZERO
    deduction_amount: Decimal = ZERO
    deduction_code: str | None = None


def _suggestion(session: Session, suggestion_pk: int) -> Suggestion:
    suggestion = session.get(Suggestion, suggestion_pk, populate_existing=True)
    if suggestion is None:
        raise ReviewError(f"no suggestion {suggestion_pk}")
    return suggestion


def _drafts(suggestion: Suggestion, code: str | None) -> list[AllocationDraft]:
    return [
        AllocationDraft(
            line.invoice_pk,
            line.amount,
            line.discount_amount,
            line.deduction_amount,
            (code or line.deduction_code or "OTHER") if line.deduction_amount else None,
            line.deduction_reason,
        )
        for line in suggestion.lines
    ]


def _edited_drafts(session: Session, payment: Payment, edits: Sequence[EditedLine]) -> list[AllocationDraft]:
    numbers = [edit.invoice_number for edit in edits]
    invoices = {
        invoice.invoice_number: invoice
        for invoice in session.scalars(select(Invoice).where(Invoice.invoice_number.in_(numbers)))
    }
    drafts = []
    for edit in edits:
        invoice = invoices.get(edit.invoice_number)
        if invoice is None:
            raise ReviewError(f"no invoice {edit.invoice_number}")
        if invoice.currency != payment.currency:
            raise ReviewError(
                f"{edit.invoice_number} is in {invoice.currency}, the payment in {payment.currency}"
            )
        if min(edit.amount, edit.discount_amount, edit.deduction_amount) < ZERO:
            raise ReviewError(f"negative amount for {edit.invoice_number}")
        drafts.append(
            AllocationDraft(
                invoice.id,
                edit.amount,
                edit.discount_amount,
                edit.deduction_amount,
                (edit.deduction_code or "OTHER") if edit.deduction_amount else None,
            )
        )
    if len({draft.invoice_pk for draft in drafts}) != len(drafts):
        raise ReviewError("an invoice is listed twice")
    return drafts


def _check_amounts(session: Session, payment: Payment, drafts: Sequence[AllocationDraft]) -> None:
    open_amounts = lock_open_amounts(session, [draft.invoice_pk for draft in drafts])
    numbers = dict(
        session.execute(select(Invoice.id, Invoice.invoice_number).where(Invoice.id.in_(open_amounts))).all()
    )
    for draft in drafts:
        if draft.settled > open_amounts[draft.invoice_pk]:
            raise ReviewError(
                f"{numbers[draft.invoice_pk]}: {draft.settled} would settle more than its open amount "
                f"{open_amounts[draft.invoice_pk]:.2f}"
            )
    applied = sum((draft.amount for draft in drafts), ZERO)
    if applied > payment.amount:
        raise ReviewError(f"allocations of {applied} exceed the payment's {payment.amount:.2f}")


def _lines_view(suggestion: Suggestion) -> list[dict[str, str | None]]:
    return [
        {
            "invoice": str(line.invoice_pk),
            "amount": str(line.amount),
            "discount": str(line.discount_amount),
            "deduction": str(line.deduction_amount),
            "code": line.deduction_code,
        }
        for line in suggestion.lines
    ]


def approve(
    engine: Engine,
    suggestion_pk: int,
    *,
    actor: str,
    edits: Sequence[EditedLine] = (),
    deduction_code: str | None = None,
) -> Suggestion:
    """Apply a suggestion, as proposed or as edited; the payment's other suggestions are closed."""
    with transaction(engine) as session:
        suggestion = _suggestion(session, suggestion_pk)
        status = lock_payments(session, [suggestion.payment_pk]).get(suggestion.payment_pk)
        suggestion = _suggestion(session, suggestion_pk)
        if suggestion.status not in DECIDABLE or status in {"applied"}:
            raise ReviewError(f"suggestion {suggestion_pk} is {suggestion.status}; nothing to approve")
        payment = session.get_one(Payment, suggestion.payment_pk)
        before = _lines_view(suggestion)
        drafts = _edited_drafts(session, payment, edits) if edits else _drafts(suggestion, deduction_code)
        _check_amounts(session, payment, drafts)
        edited = bool(edits) or deduction_code is not None
        if edited:
            _replace_lines(suggestion, drafts, payment.amount)
        write_allocations(
            session,
            [PaymentApplication(payment.id, payment.currency, suggestion.id, tuple(drafts))],
            actor=actor,
        )
        _close_others(session, suggestion, actor)
        suggestion.status, suggestion.decided_by, suggestion.decided_at = "approved", actor, utc_now()
        payment.status = "applied"
        customer = session.get(Customer, suggestion.customer_pk) if suggestion.customer_pk else None
        learned = learn_from_approval(session, payment, customer) if customer else []
        record_action(
            session,
            actor=actor,
            action="review.approve_edited" if edited else "review.approve",
            entity_type="suggestion",
            entity_id=suggestion.id,
            details={
                "payment": payment.bank_id,
                "before": before,
                "after": _lines_view(suggestion),
                "learned": learned,
            },
        )
        return suggestion


def _replace_lines(
    suggestion: Suggestion, drafts: Sequence[AllocationDraft], payment_amount: Decimal
) -> None:
    suggestion.lines = [
        SuggestionLine(
            invoice_pk=draft.invoice_pk,
            amount=draft.amount,
            discount_amount=draft.discount_amount,
            deduction_amount=draft.deduction_amount,
            deduction_code=draft.deduction_code,
            deduction_reason=draft.deduction_reason,
        )
        for draft in drafts
    ]
    suggestion.unapplied_amount = payment_amount - sum((draft.amount for draft in drafts), ZERO)


def _close_others(session: Session, suggestion: Suggestion, actor: str) -> None:
    session.execute(
        update(Suggestion)
        .where(
            Suggestion.payment_pk == suggestion.payment_pk,
            Suggestion.id != suggestion.id,
            Suggestion.status.in_(DECIDABLE),
        )
        .values(status="superseded", decided_by=actor, decided_at=utc_now())
        .execution_options(synchronize_session=False)
    )


def reject(engine: Engine, suggestion_pk: int, *, actor: str, reason: str | None = None) -> Suggestion:
    """Reject a suggestion; the payment waits for a person (``manual``) unless an alternative remains."""
    with transaction(engine) as session:
        suggestion = _suggestion(session, suggestion_pk)
        lock_payments(session, [suggestion.payment_pk])
        suggestion = _suggestion(session, suggestion_pk)
        if suggestion.status not in DECIDABLE:
            raise ReviewError(f"suggestion {suggestion_pk} is {suggestion.status}; nothing to reject")
        suggestion.status, suggestion.decided_by, suggestion.decided_at = "rejected", actor, utc_now()
        payment = session.get_one(Payment, suggestion.payment_pk)
        remaining = session.scalars(
            select(Suggestion)
            .where(
                Suggestion.payment_pk == payment.id,
                Suggestion.status.in_(DECIDABLE),
                Suggestion.id != suggestion.id,
            )
            .order_by(Suggestion.rank)
        ).first()
        if remaining is not None:
            remaining.status = "pending"
        payment.status = "queued" if remaining is not None else "manual"
        record_action(
            session,
            actor=actor,
            action="review.reject",
            entity_type="suggestion",
            entity_id=suggestion.id,
            details={"payment": payment.bank_id, "reason": reason, "before": _lines_view(suggestion)},
        )
        return suggestion


def reopen(engine: Engine, suggestion_pk: int, *, actor: str) -> Suggestion:
    """Undo a decision: reverse what was applied (balances restored) and queue the suggestion again."""
    with transaction(engine) as session:
        suggestion = _suggestion(session, suggestion_pk)
        lock_payments(session, [suggestion.payment_pk])
        suggestion = _suggestion(session, suggestion_pk)
        if suggestion.status not in {"approved", "auto_applied", "rejected"}:
            raise ReviewError(f"suggestion {suggestion_pk} is {suggestion.status}; only decided ones reopen")
        payment = session.get_one(Payment, suggestion.payment_pk)
        reversed_lines = (
            reverse_allocations(session, payment.id, actor=actor) if suggestion.status != "rejected" else []
        )
        before = suggestion.status
        suggestion.status, suggestion.decided_by, suggestion.decided_at = "pending", None, None
        payment.status = "queued"
        record_action(
            session,
            actor=actor,
            action="review.reopen",
            entity_type="suggestion",
            entity_id=suggestion.id,
            details={
                "payment": payment.bank_id,
                "was": before,
                "reversed": [
                    {"invoice": str(d.invoice_pk), "settled": str(d.settled)} for d in reversed_lines
                ],
            },
        )
        return suggestion
