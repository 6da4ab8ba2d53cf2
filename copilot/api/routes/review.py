"""The review queue: suggestions, their approval (four eyes above the limit), rejection and reopening.

Approvals go through :func:`copilot.services.four_eyes.request_approval`, never straight to the
review service. A decision already taken by someone else answers 409 with what happened.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query
from sqlalchemy import Engine

from copilot.api import schemas
from copilot.api.deps import EngineDep, Reader, Reviewer, SettingsDep
from copilot.api.routes.common import RowId, not_found
from copilot.db.access_models import SecondApproval
from copilot.db.engine import session_factory
from copilot.db.models import Suggestion
from copilot.services.four_eyes import (
    ApprovalOutcome,
    confirm_second_approval,
    pending_second_approvals,
    reject_second_approval,
    request_approval,
)
from copilot.services.review import EditedLine, reject, reopen
from copilot.services.review_views import review_queue, suggestion_view

suggestions = APIRouter(prefix="/suggestions", tags=["review"])
second_approvals = APIRouter(prefix="/second-approvals", tags=["review"])

SuggestionStatus = Annotated[
    str,
    Query(
        pattern="^(pending|alternative|approved|auto_applied|rejected|superseded)$",
        description="pending, alternative, approved, auto_applied, rejected or superseded.",
    ),
]
NoReason = Annotated[schemas.ReasonRequest | None, Body()]


def _view(engine: Engine, suggestion_id: int, *, detailed: bool = False) -> dict[str, object]:
    with session_factory(engine)() as session:
        suggestion = session.get(Suggestion, suggestion_id)
        if suggestion is None:
            not_found(f"suggestion {suggestion_id}")
        return suggestion_view(session, suggestion, detailed=detailed)


def _require_second(engine: Engine, second_approval_id: int) -> None:
    with session_factory(engine)() as session:
        if session.get(SecondApproval, second_approval_id) is None:
            not_found(f"second approval {second_approval_id}")


def _outcome(engine: Engine, outcome: ApprovalOutcome) -> schemas.ApprovalOutcome:
    return schemas.ApprovalOutcome(
        status=outcome.status,
        suggestion_id=outcome.suggestion_pk,
        second_approval_id=outcome.second_approval_pk,
        message=outcome.message,
        suggestion=schemas.Suggestion.model_validate(_view(engine, outcome.suggestion_pk)),
    )


@suggestions.get("", summary="The review queue", response_model=schemas.SuggestionList)
def get_suggestions(
    engine: EngineDep,
    _: Reader,
    status: SuggestionStatus = "pending",
    limit: Annotated[int | None, Query(ge=1, le=1000, description="At most this many.")] = None,
) -> schemas.SuggestionList:
    """Suggestions in a state (pending by default), least confident first."""
    with session_factory(engine)() as session:
        rows = review_queue(session, status=status, limit=limit)
    return schemas.SuggestionList.model_validate({"suggestions": rows})


@suggestions.get("/{suggestion_id}", summary="One suggestion", response_model=schemas.SuggestionDetail)
def get_suggestion(suggestion_id: RowId, engine: EngineDep, _: Reader) -> schemas.SuggestionDetail:
    """The payment, the proposed allocations, the explanation and the alternatives."""
    return schemas.SuggestionDetail.model_validate(_view(engine, suggestion_id, detailed=True))


@suggestions.post(
    "/{suggestion_id}/approve", summary="Approve a suggestion", response_model=schemas.ApprovalOutcome
)
def approve_suggestion(
    suggestion_id: RowId,
    engine: EngineDep,
    settings: SettingsDep,
    identity: Reviewer,
    body: Annotated[schemas.ApproveRequest | None, Body()] = None,
) -> schemas.ApprovalOutcome:
    """Apply as proposed, with edited allocations or another deduction code. A write-off or an
    edit above the four-eyes amount waits for a second reviewer (``awaiting_second``)."""
    _view(engine, suggestion_id)
    request = body or schemas.ApproveRequest()
    edits = [
        EditedLine(
            invoice_number=edit.invoice_number,
            amount=edit.amount,
            discount_amount=edit.discount_amount,
            deduction_amount=edit.deduction_amount,
            deduction_code=edit.deduction_code.upper() if edit.deduction_code else None,
        )
        for edit in request.edits
    ]
    outcome = request_approval(
        engine,
        settings,
        suggestion_id,
        identity=identity,
        edits=edits,
        deduction_code=request.deduction_code.upper() if request.deduction_code else None,
    )
    return _outcome(engine, outcome)


@suggestions.post("/{suggestion_id}/reject", summary="Reject a suggestion", response_model=schemas.Suggestion)
def reject_suggestion(
    suggestion_id: RowId, engine: EngineDep, identity: Reviewer, body: NoReason = None
) -> schemas.Suggestion:
    """The next alternative, if any, becomes pending; else the payment waits for a person."""
    _view(engine, suggestion_id)
    reject(engine, suggestion_id, actor=identity.actor, reason=body.reason if body else None)
    return schemas.Suggestion.model_validate(_view(engine, suggestion_id))


@suggestions.post("/{suggestion_id}/reopen", summary="Reopen a decision", response_model=schemas.Suggestion)
def reopen_suggestion(suggestion_id: RowId, engine: EngineDep, identity: Reviewer) -> schemas.Suggestion:
    """Undo an approval or rejection: allocations reversed, balances restored, queued again."""
    _view(engine, suggestion_id)
    reopen(engine, suggestion_id, actor=identity.actor)
    return schemas.Suggestion.model_validate(_view(engine, suggestion_id))


@second_approvals.get(
    "", summary="Approvals awaiting a second reviewer", response_model=schemas.SecondApprovalList
)
def get_second_approvals(engine: EngineDep, _: Reader) -> schemas.SecondApprovalList:
    """Approvals waiting for a second reviewer, oldest first."""
    with session_factory(engine)() as session:
        rows = pending_second_approvals(session)
    return schemas.SecondApprovalList.model_validate({"second_approvals": rows})


@second_approvals.post(
    "/{second_approval_id}/confirm",
    summary="Confirm as second reviewer",
    response_model=schemas.ApprovalOutcome,
)
def confirm_second(
    second_approval_id: RowId, engine: EngineDep, settings: SettingsDep, identity: Reviewer
) -> schemas.ApprovalOutcome:
    """Apply what another reviewer proposed (403 for the proposer themself)."""
    _require_second(engine, second_approval_id)
    return _outcome(engine, confirm_second_approval(engine, settings, second_approval_id, identity=identity))


@second_approvals.post("/{second_approval_id}/reject", summary="Decline a waiting approval", status_code=204)
def reject_second(
    second_approval_id: RowId, engine: EngineDep, identity: Reviewer, body: NoReason = None
) -> None:
    """Decline (or, for the proposer, withdraw) a waiting approval; the suggestion stays queued."""
    _require_second(engine, second_approval_id)
    reject_second_approval(
        engine, second_approval_id, identity=identity, reason=body.reason if body else None
    )
