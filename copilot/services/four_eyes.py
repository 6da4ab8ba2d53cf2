"""Four eyes: an approval that writes off or re-allocates a large amount needs a second reviewer.

Every channel (API, web, Slack) approves matches through :func:`request_approval`. Below
``ARCOPILOT_SECOND_APPROVAL_ABOVE`` the suggestion is applied at once. Above it — deductions
written off above the amount, or allocations edited on a payment above it — the approval is
recorded as waiting, and only another reviewer's :func:`confirm_second_approval` applies it.
The person who proposed it can never confirm it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, Engine, select, update
from sqlalchemy.orm import Session

from copilot.access import Permission, allows
from copilot.db.access_models import SecondApproval
from copilot.db.engine import transaction
from copilot.db.models import Payment, Suggestion
from copilot.db.types import utc_now
from copilot.services.audit import record_action
from copilot.services.review import DECIDABLE, ZERO, EditedLine, ReviewError, approve
from copilot.services.users import Identity
from copilot.settings import Settings
from tools.money import format_amount

ENTITY = "suggestion"


class FourEyesError(ReviewError):
    """An approval this person may not give (wrong role, or their own proposal)."""


@dataclass(frozen=True, slots=True)
class ApprovalOutcome:
    """What became of an approval: applied, or waiting for a second reviewer."""

    status: Literal["approved", "awaiting_second"]
    suggestion_pk: int
    second_approval_pk: int | None
    message: str


def _edit_json(edit: EditedLine) -> dict[str, str | None]:
    return {
        "invoice_number": edit.invoice_number,
        "amount": str(edit.amount),
        "discount_amount": str(edit.discount_amount),
        "deduction_amount": str(edit.deduction_amount),
        "deduction_code": edit.deduction_code,
    }


def _edit_of(data: dict[str, Any]) -> EditedLine:
    return EditedLine(
        invoice_number=data["invoice_number"],
        amount=Decimal(data["amount"]),
        discount_amount=Decimal(data["discount_amount"]),
        deduction_amount=Decimal(data["deduction_amount"]),
        deduction_code=data["deduction_code"],
    )


def _at_stake(
    suggestion: Suggestion, payment: Payment, edits: Sequence[EditedLine], deduction_code: str | None
) -> Decimal:
    """The amount a second reviewer must see: deductions written off, or the payment when edited."""
    if edits:
        written_off = sum((edit.deduction_amount for edit in edits), ZERO)
        return max(written_off, payment.amount)
    written_off = sum((line.deduction_amount for line in suggestion.lines), ZERO)
    return max(written_off, payment.amount) if deduction_code is not None else written_off


def _require_reviewer(identity: Identity) -> None:
    if not allows(identity.role, Permission.APPROVE):
        raise FourEyesError(f"{identity.name} is a {identity.role.label}; only reviewers approve money")


def _pending_for(session: Session, suggestion_pk: int) -> SecondApproval | None:
    return session.scalar(
        select(SecondApproval).where(
            SecondApproval.entity_type == ENTITY,
            SecondApproval.entity_pk == suggestion_pk,
            SecondApproval.status == "pending",
        )
    )


def request_approval(
    engine: Engine,
    settings: Settings,
    suggestion_pk: int,
    *,
    identity: Identity,
    edits: Sequence[EditedLine] = (),
    deduction_code: str | None = None,
) -> ApprovalOutcome:
    """Approve a suggestion (as proposed or edited), or hold it for a second reviewer."""
    _require_reviewer(identity)
    with transaction(engine) as session:
        suggestion = session.get(Suggestion, suggestion_pk)
        if suggestion is None:
            raise ReviewError(f"no suggestion {suggestion_pk}")
        if suggestion.status not in DECIDABLE:
            raise ReviewError(f"suggestion {suggestion_pk} is {suggestion.status}; nothing to approve")
        waiting = _pending_for(session, suggestion_pk)
        if waiting is not None:
            raise ReviewError(
                f"suggestion {suggestion_pk} already awaits a second approval (#{waiting.id}, "
                f"proposed by {waiting.proposed_by})"
            )
        payment = session.get_one(Payment, suggestion.payment_pk)
        amount = _at_stake(suggestion, payment, edits, deduction_code)
        if amount > settings.second_approval_above:
            second = SecondApproval(
                entity_type=ENTITY,
                entity_pk=suggestion_pk,
                action="approve",
                payload={"edits": [_edit_json(edit) for edit in edits], "deduction_code": deduction_code},
                amount=amount,
                currency=payment.currency,
                proposed_by=identity.actor,
            )
            session.add(second)
            session.flush()
            record_action(
                session,
                actor=identity.actor,
                action="review.second_approval_requested",
                entity_type=ENTITY,
                entity_id=suggestion_pk,
                details={"second_approval": second.id, "amount": str(amount), "currency": payment.currency},
            )
            return ApprovalOutcome(
                "awaiting_second",
                suggestion_pk,
                second.id,
                f"{amount:.2f} {payment.currency} is above {settings.second_approval_above}: "
                "a second reviewer must confirm",
            )
    approve(engine, suggestion_pk, actor=identity.actor, edits=edits, deduction_code=deduction_code)
    return ApprovalOutcome("approved", suggestion_pk, None, f"suggestion {suggestion_pk} approved")


def _claim(engine: Engine, second_pk: int, *, identity: Identity, status: str) -> SecondApproval:
    """Move a pending second approval to ``status`` in one statement, so one decision wins."""
    with transaction(engine) as session:
        second = session.get(SecondApproval, second_pk)
        if second is None:
            raise ReviewError(f"no second approval {second_pk}")
        if second.status != "pending":
            raise ReviewError(
                f"second approval {second_pk} is already {second.status} by {second.decided_by}"
            )
        if status == "confirmed" and second.proposed_by == identity.actor:
            raise FourEyesError(
                f"second approval {second_pk} must come from a reviewer other than {identity.name}"
            )
        claimed = session.execute(
            update(SecondApproval)
            .where(SecondApproval.id == second_pk, SecondApproval.status == "pending")
            .values(status=status, decided_by=identity.actor, decided_at=utc_now())
            .execution_options(synchronize_session=False)
        )
        if cast(CursorResult[Any], claimed).rowcount != 1:
            raise ReviewError(f"second approval {second_pk} was decided by someone else just now")
        session.expunge(second)
        return second


def confirm_second_approval(
    engine: Engine, settings: Settings, second_pk: int, *, identity: Identity
) -> ApprovalOutcome:
    """A second reviewer applies what the first proposed (never the proposer themself)."""
    _require_reviewer(identity)
    second = _claim(engine, second_pk, identity=identity, status="confirmed")
    edits = [_edit_of(edit) for edit in second.payload.get("edits", [])]
    try:
        approve(
            engine,
            second.entity_pk,
            actor=identity.actor,
            edits=edits,
            deduction_code=second.payload.get("deduction_code"),
        )
    except ReviewError:
        with transaction(engine) as session:
            session.execute(
                update(SecondApproval)
                .where(SecondApproval.id == second_pk)
                .values(status="void")
                .execution_options(synchronize_session=False)
            )
        raise
    with transaction(engine) as session:
        record_action(
            session,
            actor=identity.actor,
            action="review.second_approval_confirmed",
            entity_type=ENTITY,
            entity_id=second.entity_pk,
            details={"second_approval": second_pk, "proposed_by": second.proposed_by},
        )
    return ApprovalOutcome(
        "approved", second.entity_pk, second_pk, f"suggestion {second.entity_pk} approved by two reviewers"
    )


def reject_second_approval(
    engine: Engine, second_pk: int, *, identity: Identity, reason: str | None = None
) -> None:
    """Decline a waiting approval (the proposer may withdraw it); the suggestion stays queued."""
    _require_reviewer(identity)
    second = _claim(engine, second_pk, identity=identity, status="rejected")
    with transaction(engine) as session:
        record_action(
            session,
            actor=identity.actor,
            action="review.second_approval_rejected",
            entity_type=ENTITY,
            entity_id=second.entity_pk,
            details={"second_approval": second_pk, "proposed_by": second.proposed_by, "reason": reason},
        )


def pending_second_approvals(session: Session) -> list[dict[str, Any]]:
    """Approvals waiting for a second reviewer, oldest first."""
    rows = session.scalars(
        select(SecondApproval).where(SecondApproval.status == "pending").order_by(SecondApproval.id)
    )
    return [
        {
            "id": row.id,
            "suggestion_id": row.entity_pk,
            "amount": format_amount(row.amount, row.currency),
            "currency": row.currency,
            "proposed_by": row.proposed_by,
            "created_at": row.created_at.isoformat(),
            "edits": row.payload.get("edits", []),
            "deduction_code": row.payload.get("deduction_code"),
        }
        for row in rows
    ]
