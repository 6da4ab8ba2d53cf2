"""The review queue and a suggestion's page: approve (as proposed or edited) and reject.

Approvals go through :func:`copilot.services.four_eyes.request_approval`, so a large one waits
for a second reviewer. An htmx request gets the decision as a fragment; a plain form post gets
the suggestion's page again with the outcome.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Form
from starlette.responses import Response

from copilot.db.access_models import SecondApproval
from copilot.db.engine import session_factory
from copilot.db.models import Payment, Suggestion
from copilot.services.four_eyes import (
    ApprovalOutcome,
    confirm_second_approval,
    pending_second_approvals,
    request_approval,
)
from copilot.services.review import ReviewError, reject
from copilot.services.review_views import review_queue, suggestion_view
from copilot.web.context import Csrf, ReaderPage, ReviewerPage, WebPage
from copilot.web.review_data import candidate_invoices, edited_lines, remittance_excerpt

router = APIRouter()
STATUSES = ("pending", "alternative", "approved", "auto_applied", "rejected", "superseded")
SORTS = {
    "confidence": lambda row: (row["confidence"], row["suggestion_id"]),
    "amount": lambda row: (-Decimal(row["amount"]), row["suggestion_id"]),
    "date": lambda row: (row["booking_date"], row["suggestion_id"]),
}
FormList = Annotated[list[str], Form()]


@router.get("/review")
def queue(
    page: ReaderPage, status: str = "pending", customer: str = "", sort: str = "confidence"
) -> Response:
    """Suggestions of one status, filtered by customer (id or part of the name), sorted."""
    status = status if status in STATUSES else "pending"
    sort = sort if sort in SORTS else "confidence"
    with session_factory(page.engine)() as session:
        rows = review_queue(session, status=status)
    wanted = customer.strip().casefold()
    if wanted:
        rows = [
            row
            for row in rows
            if wanted in (row["customer_id"] or "").casefold()
            or wanted in (row["customer_name"] or "").casefold()
        ]
    rows.sort(key=SORTS[sort])
    return page.render(
        "queue.html",
        {
            "rows": rows,
            "status": status,
            "statuses": STATUSES,
            "customer": customer,
            "sort": sort,
            "sorts": SORTS,
        },
    )


def _detail(page: WebPage, suggestion_pk: int) -> dict[str, Any] | None:
    with session_factory(page.engine)() as session:
        suggestion = session.get(Suggestion, suggestion_pk)
        if suggestion is None:
            return None
        payment = session.get_one(Payment, suggestion.payment_pk)
        view = suggestion_view(session, suggestion, detailed=True)
        numbers = [line["invoice_number"] for line in view["lines"]]
        waiting = [row for row in pending_second_approvals(session) if row["suggestion_id"] == suggestion_pk]
        return {
            "view": view,
            "excerpt": remittance_excerpt(session, payment, numbers),
            "candidates": candidate_invoices(session, suggestion, payment),
            "waiting": waiting,
        }


def _suggestion_page(page: WebPage, suggestion_pk: int, outcome: dict[str, Any] | None = None) -> Response:
    detail = _detail(page, suggestion_pk)
    if detail is None:
        return page.render("not_found.html", status_code=404)
    status_code = 409 if outcome and outcome["status"] == "refused" else 200
    return page.render("suggestion.html", detail | {"outcome": outcome}, status_code=status_code)


@router.get("/review/{suggestion_pk}")
def suggestion_page(page: ReaderPage, suggestion_pk: int) -> Response:
    """One suggestion: payment, remittance excerpt, candidate invoices, explanation, edit form."""
    return _suggestion_page(page, suggestion_pk)


def _answer(page: WebPage, suggestion_pk: int, outcome: dict[str, Any]) -> Response:
    """The outcome as an htmx fragment, or the suggestion's page for a plain form post."""
    if page.request.headers.get("HX-Request"):
        status_code = 409 if outcome["status"] == "refused" else 200
        return page.render(
            "decision.html", {"outcome": outcome, "suggestion_pk": suggestion_pk}, status_code=status_code
        )
    return _suggestion_page(page, suggestion_pk, outcome)


def _approved(outcome: ApprovalOutcome) -> dict[str, Any]:
    return {"status": outcome.status, "message": outcome.message}


@router.post("/review/{suggestion_pk}/approve")
def approve(
    page: ReviewerPage,
    _csrf: Csrf,
    suggestion_pk: int,
    invoice_number: FormList = [],  # noqa: B006 - FastAPI copies form defaults per request
    amount: FormList = [],  # noqa: B006
    discount_amount: FormList = [],  # noqa: B006
    deduction_amount: FormList = [],  # noqa: B006
    deduction_code: FormList = [],  # noqa: B006
) -> Response:
    """Approve as proposed, or with the allocations of the edit form."""
    assert page.identity is not None
    try:
        edits = (
            edited_lines(invoice_number, amount, discount_amount, deduction_amount, deduction_code)
            if invoice_number
            else []
        )
        outcome = _approved(
            request_approval(page.engine, page.settings, suggestion_pk, identity=page.identity, edits=edits)
        )
    except ReviewError as exc:
        outcome = {"status": "refused", "message": str(exc)}
    return _answer(page, suggestion_pk, outcome)


@router.post("/review/{suggestion_pk}/reject")
def reject_suggestion(
    page: ReviewerPage, _csrf: Csrf, suggestion_pk: int, reason: Annotated[str, Form()] = ""
) -> Response:
    """Reject; the next alternative, if any, becomes pending."""
    assert page.identity is not None
    try:
        reject(page.engine, suggestion_pk, actor=page.identity.actor, reason=reason.strip() or None)
        outcome = {"status": "rejected", "message": f"suggestion {suggestion_pk} rejected"}
    except ReviewError as exc:
        outcome = {"status": "refused", "message": str(exc)}
    return _answer(page, suggestion_pk, outcome)


@router.post("/review/second/{second_pk}/confirm")
def confirm_second(page: ReviewerPage, _csrf: Csrf, second_pk: int) -> Response:
    """A second reviewer applies an approval waiting for them."""
    assert page.identity is not None
    with session_factory(page.engine)() as session:
        second = session.get(SecondApproval, second_pk)
        suggestion_pk = second.entity_pk if second else 0
    try:
        outcome = _approved(
            confirm_second_approval(page.engine, page.settings, second_pk, identity=page.identity)
        )
    except ReviewError as exc:
        outcome = {"status": "refused", "message": str(exc)}
    return _answer(page, suggestion_pk, outcome)
