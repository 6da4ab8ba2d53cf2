"""What the dunning planner reads, loaded from the database into the tools' types.

- the ledger (:func:`~copilot.services.ledger_facts.load_ledger_facts`): customers, invoices with
  their settlements, promises to pay;
- active payment plans with what was paid of each instalment
  (:mod:`copilot.dunning.payment_plans`);
- reminders already sent: every draft ``sent`` (e-mailed or printed), dated by its ``sent_on``,
  covering the invoices of its facts;
- customers to check before chasing: **unapplied cash** — a payment booked by ``as_of``, not
  waiting in the review queue, with part of its amount not applied to any invoice, whose payer
  is the customer (a known IBAN of the customer, or the payer name equal, once normalised, to the
  customer's name or to one of its learned aliases); **queued matches** — a pending suggestion
  for the customer on a payment waiting for review;
- risk grades (A–E), a customer's worst over its currencies, for the ``high_risk`` scenario.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from copilot.db.dunning_models import DunningDraft
from copilot.db.models import Allocation, Customer, CustomerAlias, CustomerIban, Payment, Suggestion
from copilot.dunning.payment_plans import customer_plans
from copilot.services.ledger_facts import LedgerFacts, load_ledger_facts
from copilot.settings import Settings
from tools.dunning.model import PaymentPlanFacts, SentReminder
from tools.matching.book import normalise_iban
from tools.matching.names import normalise_name
from tools.risk import customer_scores

SENT = "sent"


@dataclass(frozen=True)
class DunningInputs:
    """Everything :func:`tools.dunning.plan` takes besides ``as_of`` and the scenarios."""

    ledger: LedgerFacts
    plans: tuple[PaymentPlanFacts, ...]
    reminders: tuple[SentReminder, ...]
    unapplied_customers: frozenset[str]
    queued_customers: frozenset[str]
    grades: dict[str, str]


def load_inputs(session: Session, settings: Settings, *, as_of: date) -> DunningInputs:
    """The planner's inputs on ``as_of`` (module docs)."""
    ledger = load_ledger_facts(session)
    plans = customer_plans(session, None, as_of=as_of, invoices=ledger.invoices, active_only=True)
    return DunningInputs(
        ledger=ledger,
        plans=tuple(plan.facts() for plan in plans),
        reminders=sent_reminders(session),
        unapplied_customers=unapplied_customers(session, as_of=as_of),
        queued_customers=queued_customers(session),
        grades=risk_grades(ledger, as_of=as_of, default_currency=settings.default_currency),
    )


def risk_grades(ledger: LedgerFacts, *, as_of: date, default_currency: str) -> dict[str, str]:
    """Each customer's worst risk grade (A best, E worst) over the currencies it is invoiced in."""
    currencies = sorted({invoice.currency for invoice in ledger.invoices}) or [default_currency]
    grades: dict[str, str] = {}
    for currency in currencies:
        scores = customer_scores(
            ledger.customers, ledger.invoices, ledger.promises, as_of=as_of, currency=currency
        )
        for row in scores.rows:
            customer_id, grade = str(row["customer_id"]), str(row["grade"])
            grades[customer_id] = max(grade, grades.get(customer_id, grade))
    return grades


def sent_reminders(session: Session) -> tuple[SentReminder, ...]:
    """Every reminder sent, oldest first, with the invoices its facts list."""
    query = (
        select(Customer.customer_id, DunningDraft.stage, DunningDraft.sent_on, DunningDraft.facts)
        .join(Customer, Customer.id == DunningDraft.customer_pk)
        .where(DunningDraft.status == SENT, DunningDraft.sent_on.is_not(None))
        .order_by(DunningDraft.sent_on, DunningDraft.id)
    )
    return tuple(
        SentReminder(
            customer_id=customer_id,
            stage=stage,
            sent_on=sent_on,
            invoice_numbers=tuple(str(line["invoice_number"]) for line in (facts or {}).get("lines", [])),
        )
        for customer_id, stage, sent_on, facts in session.execute(query)
        if sent_on is not None
    )


def unapplied_customers(session: Session, *, as_of: date) -> frozenset[str]:
    """Customers who paid cash not yet applied, by ``as_of`` (module docs)."""
    applied = (
        select(Allocation.payment_pk, func.sum(Allocation.amount).label("applied"))
        .where(Allocation.reversed_at.is_(None))
        .group_by(Allocation.payment_pk)
        .subquery()
    )
    payers = session.execute(
        select(Payment.payer_iban, Payment.payer_name, Payment.amount, applied.c.applied)
        .outerjoin(applied, applied.c.payment_pk == Payment.id)
        .where(Payment.booking_date <= as_of, Payment.status != "queued", Payment.amount > Decimal(0))
    ).all()
    leftover = [(iban, name) for iban, name, amount, used in payers if amount - (used or Decimal(0)) > 0]
    if not leftover:
        return frozenset()
    by_iban: dict[str, str] = dict(
        session.execute(
            select(CustomerIban.iban, Customer.customer_id).join(
                Customer, Customer.id == CustomerIban.customer_pk
            )
        ).all()
    )
    by_name: dict[str, set[str]] = defaultdict(set)
    for name, customer_id in session.execute(select(Customer.name, Customer.customer_id)):
        by_name[normalise_name(name)].add(customer_id)
    for alias, customer_id in session.execute(
        select(CustomerAlias.normalised_alias, Customer.customer_id).join(
            Customer, Customer.id == CustomerAlias.customer_pk
        )
    ):
        by_name[alias].add(customer_id)
    found: set[str] = set()
    for iban, name in leftover:
        known = by_iban.get(normalise_iban(iban))
        if known is not None:
            found.add(known)
        if name and normalise_name(name):
            found |= by_name.get(normalise_name(name), set())
    return frozenset(found)


def queued_customers(session: Session) -> frozenset[str]:
    """Customers with a pending suggested match on a payment waiting for review."""
    query = (
        select(Customer.customer_id)
        .join(Suggestion, Suggestion.customer_pk == Customer.id)
        .join(Payment, and_(Payment.id == Suggestion.payment_pk, Payment.status == "queued"))
        .where(Suggestion.status == "pending")
        .distinct()
    )
    return frozenset(session.scalars(query))
