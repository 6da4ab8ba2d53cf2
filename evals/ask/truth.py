"""Expected receivables figures, computed from the database rows with plain code of their own.

Independent of ``tools/kpis``, ``tools/risk``, ``tools/forecast``, ``copilot/services/ledger_facts``
and ``copilot/agent``: the rows are read here with SQLAlchemy selects and every formula is
written out again, so a wrong KPI tool and a wrong truth would have to be wrong the same way.

*Open on day D* = the invoice's open amount now + what was settled after D (cash applied and
discount of each active allocation, and each non-reversed deduction, dated by its payment's
booking date), capped at the invoice amount; zero when issued after D. Amounts of different
currencies are never added: every figure is for one currency. Days past due on D = D − due
date. Ratios are rounded half up to one decimal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Allocation, Customer, Deduction, Invoice, Payment

ZERO = Decimal(0)
ONE_DECIMAL = Decimal("0.1")
DEFAULT_PERIOD_DAYS = 90
BUCKETS = ("current", "1-30", "31-60", "61-90", ">90")
_COUNTBACK_MONTHS = 240


@dataclass(frozen=True)
class LedgerInvoice:
    """An invoice row with the dated amounts that settled it."""

    number: str
    customer_name: str
    currency: str
    amount: Decimal
    open_now: Decimal
    issue_date: date
    due_date: date
    disputed: bool
    settlements: tuple[tuple[date, Decimal], ...] = ()

    def open_on(self, day: date) -> Decimal:
        """What was still owed at the end of ``day``."""
        if self.issue_date > day:
            return ZERO
        later = sum((amount for booked, amount in self.settlements if booked > day), ZERO)
        return min(self.amount, self.open_now + later)

    def days_past_due(self, day: date) -> int:
        """``day`` − due date (negative or zero: not due yet)."""
        return (day - self.due_date).days


def read_invoices(session: Session) -> list[LedgerInvoice]:
    """Every invoice with its customer's name and its settlements (allocations and deductions)."""
    settled: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    allocations = select(
        Allocation.invoice_pk, Payment.booking_date, Allocation.amount, Allocation.discount_amount
    ).join(Payment, Payment.id == Allocation.payment_pk)
    for invoice_pk, booked, amount, discount in session.execute(
        allocations.where(Allocation.reversed_at.is_(None))
    ):
        settled[invoice_pk].append((booked, amount + discount))
    deductions = (
        select(Deduction.invoice_pk, Payment.booking_date, Deduction.amount)
        .join(Payment, Payment.id == Deduction.payment_pk)
        .where(Deduction.status != "reversed")
    )
    for invoice_pk, booked, amount in session.execute(deductions):
        settled[invoice_pk].append((booked, amount))
    rows = session.execute(select(Invoice, Customer.name).join(Customer, Customer.id == Invoice.customer_pk))
    return [
        LedgerInvoice(
            invoice.invoice_number,
            name,
            invoice.currency,
            invoice.amount,
            invoice.open_amount,
            invoice.issue_date,
            invoice.due_date,
            invoice.disputed,
            tuple(settled[invoice.id]),
        )
        for invoice, name in rows
    ]


def one_decimal(value: Decimal) -> Decimal:
    """``value`` rounded half up to one decimal."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _in(invoices: Iterable[LedgerInvoice], currency: str) -> list[LedgerInvoice]:
    return [invoice for invoice in invoices if invoice.currency == currency]


def total_open(invoices: Iterable[LedgerInvoice], day: date, currency: str) -> Decimal:
    """Σ open on ``day``."""
    return sum((invoice.open_on(day) for invoice in _in(invoices, currency)), ZERO)


def bucket_of(days_past_due: int) -> str:
    """current ≤ 0, 1–30, 31–60, 61–90, > 90 days past due."""
    if days_past_due <= 0:
        return "current"
    if days_past_due <= 30:
        return "1-30"
    if days_past_due <= 60:
        return "31-60"
    if days_past_due <= 90:
        return "61-90"
    return ">90"


def aging(invoices: Iterable[LedgerInvoice], day: date, currency: str) -> dict[str, Decimal]:
    """Σ open on ``day`` per bucket of days past due."""
    buckets = dict.fromkeys(BUCKETS, ZERO)
    for invoice in _in(invoices, currency):
        buckets[bucket_of(invoice.days_past_due(day))] += invoice.open_on(day)
    return buckets


def overdue_by_customer(
    invoices: Iterable[LedgerInvoice], day: date, currency: str, min_days_late: int
) -> dict[str, Decimal]:
    """Per customer: Σ open on ``day`` of invoices at least ``min_days_late`` days past due, largest first."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for invoice in _in(invoices, currency):
        still_open = invoice.open_on(day)
        if still_open > ZERO and invoice.days_past_due(day) >= min_days_late:
            totals[invoice.customer_name] += still_open
    return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def open_by_customer(invoices: Iterable[LedgerInvoice], day: date, currency: str) -> dict[str, Decimal]:
    """Per customer with anything open: Σ open on ``day``, largest first (the top debtors)."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for invoice in _in(invoices, currency):
        if (still_open := invoice.open_on(day)) > ZERO:
            totals[invoice.customer_name] += still_open
    return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def customer_open(invoices: Iterable[LedgerInvoice], customer_name: str, day: date) -> dict[str, Decimal]:
    """One customer's Σ open on ``day`` per currency (currencies with nothing open left out)."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for invoice in invoices:
        if invoice.customer_name == customer_name:
            totals[invoice.currency] += invoice.open_on(day)
    return {currency: total for currency, total in totals.items() if total != ZERO}


def due_soon(invoices: Iterable[LedgerInvoice], as_of: date, currency: str, days: int) -> tuple[int, Decimal]:
    """Count and Σ open of the open invoices due in (as_of, as_of + days]."""
    until = as_of + timedelta(days=days)
    due = [
        invoice.open_on(as_of)
        for invoice in _in(invoices, currency)
        if as_of < invoice.due_date <= until and invoice.open_on(as_of) > ZERO
    ]
    return len(due), sum(due, ZERO)


def default_start(end: date) -> date:
    """The first day of the 90 days ending ``end``."""
    return end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)


def credit_sales(invoices: Iterable[LedgerInvoice], start: date, end: date, currency: str) -> Decimal:
    """Σ amount of the invoices issued in [start, end]."""
    return sum((i.amount for i in _in(invoices, currency) if start <= i.issue_date <= end), ZERO)


def dso_standard(invoices: Sequence[LedgerInvoice], start: date, end: date, currency: str) -> Decimal | None:
    """Open on ``end`` ÷ credit sales of [start, end] × its days; ``None`` without sales."""
    sales = credit_sales(invoices, start, end, currency)
    if sales == ZERO:
        return None
    days = (end - start).days + 1
    return one_decimal(total_open(invoices, end, currency) / sales * days)


def dso_countback(invoices: Sequence[LedgerInvoice], end: date, currency: str) -> Decimal | None:
    """Countback DSO: receivables on ``end`` consumed by each calendar month's sales, newest first.

    The month of ``end`` counts from its first day to ``end``; a month whose sales are fully
    consumed adds all its days, the month that exhausts the receivables adds its days ×
    remaining ÷ its sales. ``None`` when nothing was ever sold before ``end``.
    """
    remaining = total_open(invoices, end, currency)
    if credit_sales(invoices, date.min, end, currency) == ZERO:
        return None
    days_counted = ZERO
    month_end = end
    for _ in range(_COUNTBACK_MONTHS):
        if remaining <= ZERO:
            break
        month_start = month_end.replace(day=1)
        days = Decimal((month_end - month_start).days + 1)
        sales = credit_sales(invoices, month_start, month_end, currency)
        if sales >= remaining and sales > ZERO:
            days_counted += days * remaining / sales
            remaining = ZERO
        else:
            days_counted += days
            remaining -= sales
        month_end = month_start - timedelta(days=1)
    return one_decimal(days_counted)


def not_yet_due(invoices: Iterable[LedgerInvoice], day: date, currency: str) -> Decimal:
    """Σ open on ``day`` of the invoices not past due on it (the *current* bucket)."""
    return sum(
        (i.open_on(day) for i in _in(invoices, currency) if i.days_past_due(day) <= 0),
        ZERO,
    )


def cei(invoices: Sequence[LedgerInvoice], start: date, end: date, currency: str) -> Decimal | None:
    """(B + S − E) ÷ (B + S − C) × 100: B open on start − 1, S sales, E open on end, C current on end."""
    beginning = total_open(invoices, start - timedelta(days=1), currency)
    sales = credit_sales(invoices, start, end, currency)
    ending = total_open(invoices, end, currency)
    collectible = beginning + sales - not_yet_due(invoices, end, currency)
    if collectible == ZERO:
        return None
    return one_decimal((beginning + sales - ending) / collectible * 100)


def average_days_delinquent(
    invoices: Sequence[LedgerInvoice], start: date, end: date, currency: str
) -> Decimal | None:
    """DSO − best possible DSO = (E − C) ÷ S × days of [start, end]."""
    sales = credit_sales(invoices, start, end, currency)
    if sales == ZERO:
        return None
    past_due = total_open(invoices, end, currency) - not_yet_due(invoices, end, currency)
    return one_decimal(past_due / sales * ((end - start).days + 1))


def disputed(invoices: Iterable[LedgerInvoice], day: date, currency: str) -> tuple[int, Decimal]:
    """Count and Σ open of the disputed invoices still open on ``day``."""
    amounts = [i.open_on(day) for i in _in(invoices, currency) if i.disputed and i.open_on(day) > ZERO]
    return len(amounts), sum(amounts, ZERO)
