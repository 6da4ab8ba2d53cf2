"""Payment plans (*échéanciers*): recording one, listing them, and what was paid of each instalment.

**What was paid.** Every settlement (cash applied, discount or deduction, dated by the payment's
booking day) on the customer's invoices in the plan's currency, dated from the day the plan was
made (``made_on``) to ``as_of``, both included, counts as paid under the plan. That sum fills the
instalments in due-date order, each up to its amount, the surplus going to the next one: 700.00
paid on a plan of 500.00 + 500.00 is 500.00 + 200.00.

A customer has at most one active plan per currency: recording a new one cancels the previous
one (a renegotiated schedule replaces the old).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from copilot.customer_names import directory_of
from copilot.db.dunning_models import PaymentPlan, PaymentPlanInstalment
from copilot.db.models import Customer, Invoice
from copilot.dunning.errors import DunningError
from copilot.services.audit import record_action
from copilot.services.ledger_facts import load_ledger_facts
from copilot.settings import Settings
from tools.dunning.model import Instalment, PaymentPlanFacts
from tools.kpis.ledger import ZERO, InvoiceFacts
from tools.money import MoneyError, format_amount, normalise_currency, quantise


@dataclass(frozen=True, slots=True)
class InstalmentView:
    """One instalment as shown: due day, amount and what was paid of it on ``as_of``."""

    position: int
    due_date: date
    amount: Decimal
    paid: Decimal


@dataclass(frozen=True, slots=True)
class PlanView:
    """A payment plan with its instalments and what was paid of each."""

    plan_id: int
    customer_id: str
    customer_name: str
    currency: str
    status: str
    made_on: date
    note: str | None
    created_by: str
    instalments: tuple[InstalmentView, ...]

    @property
    def total(self) -> Decimal:
        """The sum of the instalments."""
        return sum((instalment.amount for instalment in self.instalments), ZERO)

    @property
    def paid(self) -> Decimal:
        """What was paid under the plan so far (capped at its total)."""
        return sum((instalment.paid for instalment in self.instalments), ZERO)

    def facts(self) -> PaymentPlanFacts:
        """The plan as the dunning planner reads it."""
        return PaymentPlanFacts(
            customer_id=self.customer_id,
            currency=self.currency,
            instalments=tuple(Instalment(i.due_date, i.amount, i.paid) for i in self.instalments),
            status=self.status,
        )

    def as_json(self) -> dict[str, Any]:
        """The plan as JSON: amounts as strings with the currency's decimals, ISO dates."""

        def money(value: Decimal) -> str:
            return format_amount(value, self.currency)

        return {
            "plan_id": self.plan_id,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "currency": self.currency,
            "status": self.status,
            "made_on": self.made_on.isoformat(),
            "note": self.note,
            "created_by": self.created_by,
            "total": money(self.total),
            "paid": money(self.paid),
            "instalments": [
                {
                    "position": i.position,
                    "due_date": i.due_date.isoformat(),
                    "amount": money(i.amount),
                    "paid": money(i.paid),
                }
                for i in self.instalments
            ],
        }


def fill_instalments(amounts: Sequence[Decimal], paid: Decimal) -> list[Decimal]:
    """``paid`` spread over instalments of ``amounts`` (in due-date order), each filled up to its amount."""
    left = max(paid, ZERO)
    filled = []
    for amount in amounts:
        part = min(amount, left)
        filled.append(part)
        left -= part
    return filled


def add_plan(
    session: Session,
    settings: Settings,
    customer: str,
    instalments: Sequence[tuple[date, Decimal]],
    *,
    made_on: date,
    currency: str | None = None,
    note: str | None = None,
    actor: str,
) -> PlanView:
    """Record a payment plan for ``customer`` (its id or name) in the caller's transaction.

    Instalments are ``(due day, amount)``: at least one, positive and exact in the currency, on
    distinct days not before ``made_on``. The currency is ``currency``, else that of the
    customer's open invoices when they share one, else its credit currency, else the default
    currency. An active plan of the customer in that currency is cancelled. Audited as
    ``payment_plan_added`` (and ``payment_plan_cancelled``). Raises :class:`DunningError`, and
    :class:`~copilot.customer_names.UnknownCustomer` for a name that designates no one customer.
    """
    row = _customer(session, customer)
    chosen = _plan_currency(session, settings, row, currency)
    schedule = _schedule(instalments, chosen, made_on)
    for previous in session.scalars(
        select(PaymentPlan).where(
            PaymentPlan.customer_pk == row.id, PaymentPlan.currency == chosen, PaymentPlan.status == "active"
        )
    ):
        previous.status = "cancelled"
        record_action(
            session,
            actor=actor,
            action="payment_plan_cancelled",
            entity_type="payment_plan",
            entity_id=previous.id,
            details={"customer_id": row.customer_id, "reason": "replaced by a new plan"},
        )
    plan = PaymentPlan(
        customer_pk=row.id,
        currency=chosen,
        status="active",
        made_on=made_on,
        note=(note or "").strip() or None,
        created_by=actor,
        instalments=[
            PaymentPlanInstalment(position=position, due_date=day, amount=amount)
            for position, (day, amount) in enumerate(schedule, start=1)
        ],
    )
    session.add(plan)
    session.flush()
    record_action(
        session,
        actor=actor,
        action="payment_plan_added",
        entity_type="payment_plan",
        entity_id=plan.id,
        details={
            "customer_id": row.customer_id,
            "currency": chosen,
            "made_on": made_on.isoformat(),
            "instalments": [[day.isoformat(), format_amount(amount, chosen)] for day, amount in schedule],
        },
    )
    return _view(plan, row, paid=ZERO)


def customer_plans(
    session: Session,
    customer: str | None,
    *,
    as_of: date,
    invoices: Sequence[InvoiceFacts] | None = None,
    active_only: bool = False,
) -> list[PlanView]:
    """The plans of ``customer`` (id or name; everyone's with ``None``), newest first, with what
    was paid of each instalment on ``as_of`` (module docs). ``invoices``: the ledger's, when the
    caller has already loaded them."""
    query = select(PaymentPlan, Customer).join(Customer, Customer.id == PaymentPlan.customer_pk)
    if customer is not None:
        query = query.where(PaymentPlan.customer_pk == _customer(session, customer).id)
    if active_only:
        query = query.where(PaymentPlan.status == "active")
    query = query.options(selectinload(PaymentPlan.instalments))
    rows = session.execute(query.order_by(PaymentPlan.made_on.desc(), PaymentPlan.id.desc())).all()
    if not rows:
        return []
    ledger = invoices if invoices is not None else load_ledger_facts(session).invoices
    return [_view(plan, row, paid=_paid(plan, row.customer_id, ledger, as_of)) for plan, row in rows]


def _paid(plan: PaymentPlan, customer_id: str, invoices: Sequence[InvoiceFacts], as_of: date) -> Decimal:
    return sum(
        (
            settlement.amount
            for invoice in invoices
            if invoice.customer_id == customer_id and invoice.currency == plan.currency
            for settlement in invoice.settlements
            if plan.made_on <= settlement.day <= as_of
        ),
        ZERO,
    )


def _view(plan: PaymentPlan, customer: Customer, *, paid: Decimal) -> PlanView:
    ordered = sorted(plan.instalments, key=lambda i: (i.due_date, i.position))
    filled = fill_instalments([i.amount for i in ordered], paid)
    return PlanView(
        plan_id=plan.id,
        customer_id=customer.customer_id,
        customer_name=customer.name,
        currency=plan.currency,
        status=plan.status,
        made_on=plan.made_on,
        note=plan.note,
        created_by=plan.created_by,
        instalments=tuple(
            InstalmentView(i.position, i.due_date, quantise(i.amount, plan.currency, exact=False), part)
            for i, part in zip(ordered, filled, strict=True)
        ),
    )


def _customer(session: Session, text: str) -> Customer:
    found = directory_of(session).one(text)
    return session.scalars(select(Customer).where(Customer.customer_id == found.customer_id)).one()


def _schedule(
    instalments: Sequence[tuple[date, Decimal]], currency: str, made_on: date
) -> list[tuple[date, Decimal]]:
    if not instalments:
        raise DunningError("a payment plan needs at least one instalment")
    days = [day for day, _ in instalments]
    if len(set(days)) != len(days):
        raise DunningError("two instalments fall on the same day: one instalment per day")
    schedule = []
    for day, amount in sorted(instalments):
        if day < made_on:
            raise DunningError(f"instalment of {day} is before the day the plan was made, {made_on}")
        try:
            exact = quantise(amount, currency)
        except MoneyError as exc:
            raise DunningError(f"instalment of {day}: {exc}") from exc
        if exact <= 0:
            raise DunningError(f"instalment of {day}: the amount must be positive, got {amount}")
        schedule.append((day, exact))
    return schedule


def _plan_currency(session: Session, settings: Settings, customer: Customer, requested: str | None) -> str:
    if requested:
        try:
            return normalise_currency(requested)
        except MoneyError as exc:
            raise DunningError(str(exc)) from exc
    owed = set(
        session.scalars(
            select(Invoice.currency)
            .where(Invoice.customer_pk == customer.id, Invoice.open_amount > Decimal(0))
            .distinct()
        )
    )
    if len(owed) > 1:
        raise DunningError(
            f"{customer.name} owes in {' and '.join(sorted(owed))}: say which currency with --currency"
        )
    if owed:
        return owed.pop()
    return customer.credit_currency or settings.default_currency
