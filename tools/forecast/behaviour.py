"""How customers pay: amount-weighted days to pay and days late, from dated settlements.

Each settlement (cash, discount or deduction on an invoice, see :mod:`tools.kpis.ledger`)
is one observation, weighted by its amount, so a partial payment weighs what it paid:

- *days to pay* = settlement day − issue date;
- *days late* = settlement day − due date, counted as 0 when paid on or before the due date
  (paying early does not make up for paying late elsewhere).

The history is the last 12 months: settlements dated in ``(as_of − 365 days, as_of]``.
Amounts are only ever weighed against amounts in the same currency: callers pass the
invoices of one currency (``in_currency``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tools.kpis.cash import KpiResult
from tools.kpis.ledger import ZERO, CustomerFacts, InvoiceFacts
from tools.money import format_amount

HISTORY_DAYS = 365
ONE_DECIMAL = Decimal("0.1")
RATIO = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class Habit:
    """Amount-weighted averages over a set of settlements (all in one currency)."""

    settled: Decimal
    settlements: int
    days_to_pay: Decimal
    days_late: Decimal
    on_time: Decimal

    @property
    def on_time_share(self) -> Decimal:
        """Share of the settled amount paid on or before the due date."""
        return self.on_time / self.settled


def habit(invoices: Iterable[InvoiceFacts], *, start: date, end: date) -> Habit | None:
    """The habit shown by the settlements dated in ``(start, end]``; ``None`` when there are none."""
    settled = to_pay = late = on_time = ZERO
    count = 0
    for invoice in invoices:
        for settlement in invoice.settlements:
            if not start < settlement.day <= end or settlement.amount <= ZERO:
                continue
            count += 1
            settled += settlement.amount
            to_pay += settlement.amount * (settlement.day - invoice.issue_date).days
            days_late = invoice.days_late(settlement.day)
            late += settlement.amount * days_late
            if days_late == 0:
                on_time += settlement.amount
    if not count:
        return None
    return Habit(settled, count, to_pay / settled, late / settled, on_time)


def habits_by_customer(invoices: Iterable[InvoiceFacts], *, start: date, end: date) -> dict[str, Habit]:
    """:func:`habit` per customer id, for the customers with settlements in ``(start, end]``."""
    by_customer: dict[str, list[InvoiceFacts]] = defaultdict(list)
    for invoice in invoices:
        by_customer[invoice.customer_id].append(invoice)
    habits = {cid: habit(book, start=start, end=end) for cid, book in by_customer.items()}
    return {cid: found for cid, found in habits.items() if found is not None}


def history_start(as_of: date) -> date:
    """The exclusive start of the 12-month history ending ``as_of``."""
    return as_of - timedelta(days=HISTORY_DAYS)


def days(value: Decimal) -> str:
    """A number of days as a string with one decimal (``"12.5"``)."""
    return f"{value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP):f}"


def ratio(value: Decimal) -> str:
    """A ratio as a string with four decimals (``"0.2500"``)."""
    return f"{value.quantize(RATIO, rounding=ROUND_HALF_UP):f}"


def whole_days(value: Decimal) -> int:
    """An average number of days rounded half up to a whole day."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def days_to_pay(
    customers: Sequence[CustomerFacts],
    invoices: Sequence[InvoiceFacts],
    *,
    as_of: date,
    currency: str | None = None,
) -> KpiResult:
    """Observed days to pay and days late per customer and currency over the last 12 months.

    One row per customer and currency with invoices issued by ``as_of`` (only ``currency``'s
    when given): settled amount, number of settlements, amount-weighted average days to pay
    and days late, share paid on time, the customer's payment terms; averages are ``None``
    for a customer with no settlement in the 12 months (``"no history"``). ``value`` is the
    portfolio's average days late in ``currency`` (``None`` without ``currency`` or history).
    """
    names = {customer.customer_id: customer for customer in customers}
    start = history_start(as_of)
    book = [invoice for invoice in invoices if invoice.issue_date <= as_of]
    if currency is not None:
        book = [invoice for invoice in book if invoice.currency == currency]
    groups: dict[tuple[str, str], list[InvoiceFacts]] = defaultdict(list)
    for invoice in book:
        groups[(invoice.customer_id, invoice.currency)].append(invoice)
    rows = []
    for (customer_id, code), group in sorted(groups.items()):
        known = names.get(customer_id)
        found = habit(group, start=start, end=as_of)
        rows.append(
            {
                "customer_id": customer_id,
                "customer_name": known.name if known else group[0].customer_name,
                "currency": code,
                "payment_terms_days": known.payment_terms_days if known else None,
                **_habit_columns(found, code),
            }
        )
    portfolio = habit(book, start=start, end=as_of) if currency is not None else None
    return KpiResult(
        "days_to_pay",
        as_of,
        currency,
        days(portfolio.days_late) if portfolio else None,
        rows,
        {
            "history_start": (start + timedelta(days=1)).isoformat(),
            "portfolio_days_to_pay": days(portfolio.days_to_pay) if portfolio else None,
        },
    )


def _habit_columns(found: Habit | None, currency: str) -> dict[str, Any]:
    """The columns of a :func:`days_to_pay` row that describe the habit."""
    if found is None:
        return {
            "settled_amount": format_amount(ZERO, currency),
            "settlements": 0,
            "average_days_to_pay": None,
            "average_days_late": None,
            "on_time_share": None,
            "flags": ["no history"],
        }
    return {
        "settled_amount": format_amount(found.settled, currency),
        "settlements": found.settlements,
        "average_days_to_pay": days(found.days_to_pay),
        "average_days_late": days(found.days_late),
        "on_time_share": ratio(found.on_time_share),
        "flags": [],
    }
