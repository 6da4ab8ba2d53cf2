"""Customers: the list, and one customer's page (open items, payments, notes, promises,
reminders sent, risk)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from copilot.db.copilot_models import CustomerNote
from copilot.db.engine import session_factory
from copilot.db.models import Customer, Payment, Suggestion
from copilot.dunning.approval import list_drafts
from copilot.services.kpi_data import KpiQuery, KpiSource, compute_kpi
from copilot.services.promises import customer_promises
from copilot.web.context import ReaderPage
from tools.money import format_amount

router = APIRouter()
SHOWN = 50
SETTLED = ("approved", "auto_applied", "pending", "alternative")


@router.get("/customers")
def customers(page: ReaderPage, q: str = "") -> Response:
    """Every customer, or those whose id or name contains ``q``."""
    with session_factory(page.engine)() as session:
        rows = list(session.scalars(select(Customer).order_by(Customer.name)))
    wanted = q.strip().casefold()
    shown = [row for row in rows if wanted in row.customer_id.casefold() or wanted in row.name.casefold()]
    return page.render("customers.html", {"customers": shown, "q": q})


def _payments(session: Session, customer: Customer) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Payment, Suggestion.status, Suggestion.id)
        .join(Suggestion, Suggestion.payment_pk == Payment.id)
        .where(Suggestion.customer_pk == customer.id, Suggestion.status.in_(SETTLED))
        .order_by(Payment.booking_date.desc(), Payment.id.desc())
        .limit(SHOWN)
    ).all()
    return [
        {
            "payment_id": payment.bank_id,
            "booking_date": payment.booking_date.isoformat(),
            "amount": format_amount(payment.amount, payment.currency),
            "currency": payment.currency,
            "status": status,
            "suggestion_id": suggestion_pk,
        }
        for payment, status, suggestion_pk in rows
    ]


@router.get("/customers/{customer_id}")
def customer_page(page: ReaderPage, customer_id: str) -> Response:
    """One customer, as of the page's date."""
    query = KpiQuery(as_of=page.as_of, currency=page.settings.default_currency, customer=customer_id)
    with session_factory(page.engine)() as session:
        customer = session.scalar(select(Customer).where(Customer.customer_id == customer_id))
        if customer is None:
            return page.render("not_found.html", status_code=404)
        source = KpiSource(session, page.settings)
        open_items = compute_kpi(source, "open-items", query)
        currency = open_items.currency or customer.credit_currency or page.settings.default_currency
        context = {
            "customer": customer,
            "open_items": open_items,
            "risk": compute_kpi(
                source, "risk", KpiQuery(as_of=page.as_of, currency=currency, customer=customer_id)
            ),
            "payments": _payments(session, customer),
            "notes": list(
                session.scalars(
                    select(CustomerNote)
                    .where(CustomerNote.customer_pk == customer.id)
                    .order_by(CustomerNote.noted_on.desc(), CustomerNote.id.desc())
                    .limit(SHOWN)
                )
            ),
            "promises": customer_promises(session, customer, as_of=page.as_of),
            "reminders": [
                view.as_json(full=False)
                for view in list_drafts(session, status="sent")
                if view.customer_id == customer_id
            ],
        }
    return page.render("customer.html", context)
