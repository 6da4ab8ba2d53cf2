"""The KPIs by name: what each reads from the database and which tool computes it.

:data:`KPIS` is the one registry the ``kpi`` command reads. A ledger KPI reads
:class:`LedgerFacts` (loaded once per request, on first use) and calls its pure function in
``tools/``; the cash KPIs read payments and allocations in bulk. A new KPI (``risk``,
``forecast``…) is one more :class:`KpiSpec` entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from copilot.customer_names import CustomerDirectory, CustomerName
from copilot.db.models import Allocation, Payment
from copilot.services.ledger_facts import LedgerFacts, load_ledger_facts
from copilot.services.match_store import ENGINE_ACTOR
from copilot.settings import Settings
from tools import forecast, kpis, risk
from tools.kpis import (
    DEFAULT_BUCKETS,
    Application,
    Buckets,
    GroupBy,
    KpiResult,
    Method,
    PaymentPosition,
    automation_rate,
    unapplied_cash,
)
from tools.kpis.ledger import CustomerFacts

_ACTIVE = Allocation.reversed_at.is_(None)


@dataclass(frozen=True)
class KpiQuery:
    """The options of one KPI request; the defaults are the tools' defaults."""

    as_of: date
    currency: str
    customer: str | None = None
    days: int = 7
    min_days: int = 1
    limit: int = 10
    months: int = 12
    weeks: int = 8
    buckets: Buckets = DEFAULT_BUCKETS
    method: Method = "standard"
    period_start: date | None = None
    group_by: GroupBy = "reason"


@dataclass
class KpiSource:
    """What KPIs are computed from: a session, the settings and the ledger read once on first use."""

    session: Session
    settings: Settings
    _facts: LedgerFacts | None = field(default=None, init=False)

    @property
    def facts(self) -> LedgerFacts:
        """Customers, invoices, deductions and promises (one bulk read per source)."""
        if self._facts is None:
            self._facts = load_ledger_facts(self.session)
        return self._facts


@dataclass(frozen=True)
class KpiSpec:
    """One KPI: what it shows, how it is computed, the options it reads and its chart.

    ``options`` names the :class:`KpiQuery` fields the KPI reads besides ``as_of``,
    ``required`` those it cannot do without; ``chart`` is the KPI whose result ``--chart``
    draws for it (``dso`` draws the ``dso-trend`` line).
    """

    summary: str
    compute: Callable[[KpiSource, KpiQuery], KpiResult]
    options: frozenset[str] = frozenset()
    chart: str | None = None
    required: frozenset[str] = frozenset()

    def misfits(self, given: Iterable[str]) -> tuple[list[str], list[str]]:
        """Of the options ``given``, those the KPI does not read, and the ones it needs that are
        missing, each sorted: what every channel refuses before computing."""
        names = set(given)
        return sorted(names - self.options), sorted(self.required - names)


def compute_kpi(source: KpiSource, name: str, query: KpiQuery) -> KpiResult:
    """The KPI ``name`` (a key of :data:`KPIS`) for ``query``."""
    return KPIS[name].compute(source, query)


def resolve_customer(customers: tuple[CustomerFacts, ...], text: str) -> CustomerFacts:
    """The customer ``text`` designates (see :meth:`CustomerDirectory.one`); :class:`UnknownCustomer` else."""
    directory = CustomerDirectory(CustomerName(customer.customer_id, customer.name) for customer in customers)
    found = directory.one(text)
    return next(customer for customer in customers if customer.customer_id == found.customer_id)


def unapplied_kpi(session: Session, settings: Settings, as_of: date) -> KpiResult:
    """``kpi unapplied``."""
    applied = (
        select(Allocation.payment_pk, func.sum(Allocation.amount).label("applied"))
        .where(_ACTIVE)
        .group_by(Allocation.payment_pk)
        .subquery()
    )
    query = (
        select(Payment, applied.c.applied)
        .outerjoin(applied, applied.c.payment_pk == Payment.id)
        .where(Payment.booking_date <= as_of)
    )
    positions = [
        PaymentPosition(
            payment.bank_id,
            payment.booking_date,
            payment.currency,
            payment.amount,
            total if total is not None else Decimal(0),
            payment.status,
            payment.payer_name,
        )
        for payment, total in session.execute(query)
    ]
    return unapplied_cash(positions, as_of=as_of, currency=settings.default_currency)


def automation_kpi(session: Session, as_of: date) -> KpiResult:
    """``kpi automation``."""
    query = (
        select(
            Payment.bank_id,
            Payment.booking_date,
            func.min(Allocation.created_by),
            func.count(Allocation.id),
        )
        .join(Allocation, and_(Allocation.payment_pk == Payment.id, _ACTIVE))
        .group_by(Payment.id, Payment.bank_id, Payment.booking_date)
    )
    applications = [
        Application(bank_id, booked, actor == ENGINE_ACTOR, int(count))
        for bank_id, booked, actor, count in session.execute(query)
    ]
    received = (
        session.scalar(select(func.count()).select_from(Payment).where(Payment.booking_date <= as_of)) or 0
    )
    return automation_rate(applications, as_of=as_of, received=int(received))


def _open_items(source: KpiSource, query: KpiQuery) -> KpiResult:
    customer = resolve_customer(source.facts.customers, query.customer or "")
    return kpis.open_items(source.facts.invoices, customer.customer_id, as_of=query.as_of)


def _risk(source: KpiSource, query: KpiQuery) -> KpiResult:
    facts = source.facts
    if query.customer is None:
        return risk.customer_scores(
            facts.customers, facts.invoices, facts.promises, as_of=query.as_of, currency=query.currency
        )
    customer = resolve_customer(facts.customers, query.customer)
    return risk.customer_score(
        customer.customer_id,
        facts.customers,
        facts.invoices,
        facts.promises,
        as_of=query.as_of,
        currency=query.currency,
    )


def _unapplied(source: KpiSource, query: KpiQuery) -> KpiResult:
    settings = source.settings.model_copy(update={"default_currency": query.currency})
    return unapplied_kpi(source.session, settings, query.as_of)


_CURRENCY = frozenset({"currency"})
_PERIOD = frozenset({"currency", "period_start"})

KPIS: dict[str, KpiSpec] = {
    "aging": KpiSpec(
        "open receivables per customer by days past due",
        lambda s, q: kpis.aging(s.facts.invoices, as_of=q.as_of, currency=q.currency, buckets=q.buckets),
        _CURRENCY | {"buckets"},
        chart="aging",
    ),
    "overdue": KpiSpec(
        "customers with invoices past due (at least --min-days late)",
        lambda s, q: kpis.overdue(
            s.facts.invoices, as_of=q.as_of, currency=q.currency, min_days_late=q.min_days
        ),
        _CURRENCY | {"min_days"},
    ),
    "top": KpiSpec(
        "the customers owing the most",
        lambda s, q: kpis.top_debtors(s.facts.invoices, as_of=q.as_of, currency=q.currency, limit=q.limit),
        _CURRENCY | {"limit"},
    ),
    "open-items": KpiSpec(
        "every open invoice of one customer, all currencies",
        _open_items,
        frozenset({"customer"}),
        required=frozenset({"customer"}),
    ),
    "due": KpiSpec(
        "open invoices falling due in the next --days days",
        lambda s, q: kpis.due_soon(s.facts.invoices, as_of=q.as_of, currency=q.currency, days=q.days),
        _CURRENCY | {"days"},
    ),
    "dso": KpiSpec(
        "days sales outstanding (standard or countback)",
        lambda s, q: kpis.dso(
            s.facts.invoices,
            as_of=q.as_of,
            currency=q.currency,
            period_start=q.period_start,
            method=q.method,
        ),
        _PERIOD | {"method", "months"},
        chart="dso-trend",
    ),
    "dso-trend": KpiSpec(
        "month-end DSO over the last --months months",
        lambda s, q: kpis.dso_trend(
            s.facts.invoices, as_of=q.as_of, currency=q.currency, months=q.months, method=q.method
        ),
        _CURRENCY | {"method", "months"},
        chart="dso-trend",
    ),
    "cei": KpiSpec(
        "collection effectiveness index, percent",
        lambda s, q: kpis.cei(
            s.facts.invoices, as_of=q.as_of, currency=q.currency, period_start=q.period_start
        ),
        _PERIOD,
    ),
    "add": KpiSpec(
        "average days delinquent (DSO − best possible DSO)",
        lambda s, q: kpis.average_days_delinquent(
            s.facts.invoices, as_of=q.as_of, currency=q.currency, period_start=q.period_start
        ),
        _PERIOD,
    ),
    "deductions": KpiSpec(
        "deductions by reason code or customer, open and resolved",
        lambda s, q: kpis.deductions(
            s.facts.deductions,
            as_of=q.as_of,
            currency=q.currency,
            group_by=q.group_by,
            period_start=q.period_start,
        ),
        _PERIOD | {"group_by"},
        chart="deductions",
    ),
    "disputes": KpiSpec(
        "open disputed invoices",
        lambda s, q: kpis.disputes(s.facts.invoices, as_of=q.as_of, currency=q.currency),
        _CURRENCY,
    ),
    "risk": KpiSpec(
        "internal credit score per customer (or one --customer's factors)", _risk, _CURRENCY | {"customer"}
    ),
    "credit-alerts": KpiSpec(
        "customers over, or heading over, their credit limit within 30 days",
        lambda s, q: risk.credit_alerts(
            s.facts.customers, s.facts.invoices, as_of=q.as_of, currency=q.currency
        ),
        _CURRENCY,
    ),
    "forecast": KpiSpec(
        "expected receipts per week for the next --weeks weeks",
        lambda s, q: forecast.cash_forecast(
            s.facts.customers,
            s.facts.invoices,
            s.facts.promises,
            as_of=q.as_of,
            currency=q.currency,
            weeks=q.weeks,
        ),
        _CURRENCY | {"weeks"},
    ),
    "days-to-pay": KpiSpec(
        "observed days to pay and days late per customer",
        lambda s, q: forecast.days_to_pay(
            s.facts.customers, s.facts.invoices, as_of=q.as_of, currency=q.currency
        ),
        _CURRENCY,
    ),
    "unapplied": KpiSpec("cash received and not applied to invoices", _unapplied, _CURRENCY),
    "automation": KpiSpec(
        "share of payments applied without a person", lambda s, q: automation_kpi(s.session, q.as_of)
    ),
}
