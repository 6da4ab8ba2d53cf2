"""Expected cash-application, deduction, credit-limit, promise, note and review figures, from the rows.

Like :mod:`evals.ask.truth`, written independently of the tools and services the agent calls:
plain selects on Payment, Allocation, Deduction, Customer, PaymentPromise, CustomerNote and
Suggestion, and the formulas spelled out here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.copilot_models import CustomerNote, PaymentPromise
from copilot.db.models import Allocation, Customer, Deduction, Invoice, Payment, Suggestion
from copilot.services.match_store import ENGINE_ACTOR
from evals.ask.truth import ZERO, LedgerInvoice, one_decimal


def unapplied_cash(session: Session, as_of: date, currency: str) -> tuple[int, Decimal]:
    """Payments booked ≤ ``as_of`` with cash left after their active allocations: count and Σ left."""
    applied: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for payment_pk, amount in session.execute(
        select(Allocation.payment_pk, Allocation.amount).where(Allocation.reversed_at.is_(None))
    ):
        applied[payment_pk] += amount
    payments = session.execute(
        select(Payment.id, Payment.amount).where(Payment.booking_date <= as_of, Payment.currency == currency)
    )
    left = [rest for rest in (amount - applied[payment_pk] for payment_pk, amount in payments) if rest > ZERO]
    return len(left), sum(left, ZERO)


def automation_rate(session: Session, as_of: date) -> Decimal | None:
    """% of the payments booked ≤ ``as_of`` with active allocations whose allocations the engine made."""
    creators: dict[int, set[str]] = defaultdict(set)
    rows = (
        select(Allocation.payment_pk, Allocation.created_by)
        .join(Payment, Payment.id == Allocation.payment_pk)
        .where(Allocation.reversed_at.is_(None), Payment.booking_date <= as_of)
    )
    for payment_pk, creator in session.execute(rows):
        creators[payment_pk].add(creator)
    if not creators:
        return None
    automatic = sum(1 for made_by in creators.values() if made_by == {ENGINE_ACTOR})
    return one_decimal(Decimal(automatic) / len(creators) * 100)


def deductions_by(
    session: Session, start: date, end: date, currency: str, group_by: str
) -> dict[str, Decimal]:
    """Σ non-reversed deductions booked in [start, end] per reason code or customer name, largest first."""
    rows = (
        select(Deduction.reason_code, Customer.name, Deduction.amount, Payment.booking_date)
        .join(Payment, Payment.id == Deduction.payment_pk)
        .join(Invoice, Invoice.id == Deduction.invoice_pk)
        .join(Customer, Customer.id == Invoice.customer_pk)
        .where(Deduction.status != "reversed", Deduction.currency == currency)
    )
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for code, name, amount, booked in session.execute(rows):
        if start <= booked <= end:
            totals[code if group_by == "reason" else name] += amount
    return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def over_credit_limit(
    session: Session, invoices: Iterable[LedgerInvoice], day: date
) -> dict[str, tuple[Decimal, Decimal]]:
    """Customers whose Σ open on ``day`` in their credit currency exceeds their credit limit.

    Each with its exposure and its limit, the largest excess first.
    """
    exposure: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for invoice in invoices:
        exposure[invoice.customer_name, invoice.currency] += invoice.open_on(day)
    over = {}
    for name, limit, currency in session.execute(
        select(Customer.name, Customer.credit_limit, Customer.credit_currency).where(
            Customer.credit_limit.is_not(None)
        )
    ):
        owed = exposure[name, currency or "EUR"]
        if limit is not None and owed > limit:
            over[name] = (owed, limit)
    return dict(sorted(over.items(), key=lambda item: (item[1][1] - item[1][0], item[0])))


@dataclass(frozen=True)
class Promise:
    """A stored promise to pay."""

    customer_name: str
    amount: Decimal
    currency: str
    promised_date: date
    made_on: date


def promises_of(session: Session, customer_name: str) -> list[Promise]:
    """The customer's promises, latest promised date first."""
    rows = (
        select(PaymentPromise, Customer.name)
        .join(Customer, Customer.id == PaymentPromise.customer_pk)
        .where(Customer.name == customer_name)
    )
    promises = [
        Promise(name, p.amount, p.currency, p.promised_date, p.made_on) for p, name in session.execute(rows)
    ]
    return sorted(promises, key=lambda p: p.promised_date, reverse=True)


def notes_of(session: Session, customer_name: str) -> list[tuple[date, str]]:
    """The customer's notes (day, text), newest first."""
    rows = (
        select(CustomerNote.noted_on, CustomerNote.text)
        .join(Customer, Customer.id == CustomerNote.customer_pk)
        .where(Customer.name == customer_name)
        .order_by(CustomerNote.noted_on.desc())
    )
    return [(noted_on, text) for noted_on, text in session.execute(rows)]


def pending_reviews(session: Session) -> int:
    """How many match suggestions wait for a reviewer."""
    return len(list(session.scalars(select(Suggestion.id).where(Suggestion.status == "pending"))))
