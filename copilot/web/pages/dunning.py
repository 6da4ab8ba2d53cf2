"""The dunning plan of the day and the reminder drafts: collectors draft, reviewers approve."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from starlette.responses import Response

from copilot.customer_names import UnknownCustomer
from copilot.db.engine import session_factory, transaction
from copilot.dunning.approval import approve_draft, list_drafts
from copilot.dunning.drafting import create_draft
from copilot.dunning.errors import DunningError
from copilot.dunning.planning import day_plan
from copilot.llm.provider import ProviderConfigError
from copilot.web.context import CollectorPage, Csrf, ReaderPage, ReviewerPage, WebPage

router = APIRouter()


def _dunning_page(page: WebPage, outcome: dict[str, Any] | None = None) -> Response:
    with session_factory(page.engine)() as session:
        plan = day_plan(session, page.settings, as_of=page.as_of).as_json()
        drafts = [view.as_json(full=False) for view in list_drafts(session, status="draft")]
        approved = [view.as_json(full=False) for view in list_drafts(session, status="approved")]
    status_code = 409 if outcome and outcome["status"] == "refused" else 200
    return page.render(
        "dunning.html",
        {"plan": plan, "drafts": drafts, "approved": approved, "outcome": outcome},
        status_code=status_code,
    )


@router.get("/dunning")
def dunning(page: ReaderPage) -> Response:
    """Who to remind today, and the drafts waiting for approval."""
    return _dunning_page(page)


@router.post("/dunning/drafts")
def draft_reminder(page: CollectorPage, _csrf: Csrf, customer_id: Annotated[str, Form()]) -> Response:
    """Draft the plan's reminder of one customer."""
    assert page.identity is not None
    try:
        with transaction(page.engine) as session:
            draft = create_draft(
                session, page.settings, customer_id, as_of=page.as_of, actor=page.identity.actor
            )
            outcome = {"status": "drafted", "message": f"draft {draft.id}: {draft.subject}"}
    except (UnknownCustomer, ProviderConfigError, DunningError) as exc:
        outcome = {"status": "refused", "message": str(exc)}
    return _dunning_page(page, outcome)


@router.post("/dunning/drafts/{draft_id}/approve")
def approve_reminder(page: ReviewerPage, _csrf: Csrf, draft_id: int) -> Response:
    """Approve a draft for sending."""
    assert page.identity is not None
    try:
        with transaction(page.engine) as session:
            approve_draft(session, draft_id, user=page.identity.name)
        outcome = {"status": "approved", "message": f"draft {draft_id} approved"}
    except DunningError as exc:
        outcome = {"status": "refused", "message": str(exc)}
    return _dunning_page(page, outcome)
