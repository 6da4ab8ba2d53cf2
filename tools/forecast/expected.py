"""When each open invoice is expected to be paid: the customer's habit, or its promise.

An open invoice (open amount on ``as_of`` above zero) is expected on its due date plus a
delay in whole days: the customer's own average days late over the last 12 months
(:mod:`tools.forecast.behaviour`, rounded half up), else the whole portfolio's average in the
currency, else 0. An expected day on or before ``as_of`` is already past: the receipt moves
to ``as_of + 1`` and is flagged ``late`` (late even by the customer's own habit).

An open promise (:mod:`tools.forecast.promises`) in the currency moves the amount still to
come (promised amount − settled since it was made) to its promised date (never before
``as_of + 1``), taken from the customer's open invoices: those the promise names first, then
the oldest due first. What the promises do not take keeps the invoice's own expected day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from tools.forecast.behaviour import habit, habits_by_customer, history_start, whole_days
from tools.forecast.promises import OPEN, judge_promises
from tools.kpis.ledger import ZERO, InvoiceFacts, PromiseFacts, in_currency

OWN, PORTFOLIO, DEFAULT = "own", "portfolio", "default"


@dataclass(frozen=True, slots=True)
class Delay:
    """Days after the due date a payment is expected, and where that figure comes from."""

    days: int
    source: str


@dataclass(frozen=True, slots=True)
class Delays:
    """The expected delay of each customer with history, and the fallback for the others."""

    fallback: Delay
    by_customer: dict[str, int] = field(default_factory=dict)

    def of(self, customer_id: str) -> Delay:
        """The delay expected from ``customer_id``."""
        own = self.by_customer.get(customer_id)
        return self.fallback if own is None else Delay(own, OWN)


@dataclass(frozen=True, slots=True)
class ExpectedReceipt:
    """Part of an open invoice expected to be received on ``day``."""

    invoice_number: str
    customer_id: str
    customer_name: str
    currency: str
    amount: Decimal
    day: date
    late: bool = False
    promised: bool = False


def expected_delays(invoices: Sequence[InvoiceFacts], *, as_of: date) -> Delays:
    """Per customer, the whole-day average days late over the last 12 months, with the fallback.

    ``invoices`` are in one currency.
    """
    start = history_start(as_of)
    portfolio = habit(invoices, start=start, end=as_of)
    fallback = Delay(whole_days(portfolio.days_late), PORTFOLIO) if portfolio else Delay(0, DEFAULT)
    habits = habits_by_customer(invoices, start=start, end=as_of)
    return Delays(fallback, {cid: whole_days(found.days_late) for cid, found in habits.items()})


def expected_receipts(
    invoices: Sequence[InvoiceFacts],
    promises: Sequence[PromiseFacts],
    *,
    as_of: date,
    currency: str,
) -> list[ExpectedReceipt]:
    """Every open amount in ``currency`` on ``as_of``, split by the day it is expected."""
    book = in_currency(invoices, currency)
    delays = expected_delays(book, as_of=as_of)
    items = [(invoice, invoice.open_on(as_of)) for invoice in book]
    items = [(invoice, amount) for invoice, amount in items if amount > ZERO]
    remaining = [amount for _, amount in items]
    by_customer: dict[str, list[int]] = defaultdict(list)
    for index, (invoice, _) in enumerate(items):
        by_customer[invoice.customer_id].append(index)
    tomorrow = as_of + timedelta(days=1)
    receipts = []
    outcomes = [
        outcome
        for outcome in judge_promises(promises, book, as_of=as_of)
        if outcome.status == OPEN and outcome.promise.currency == currency
    ]
    for outcome in sorted(outcomes, key=lambda o: (o.promise.promised_date, o.promise.made_on)):
        promise = outcome.promise
        to_move = outcome.outstanding
        day = max(promise.promised_date, tomorrow)
        named = set(promise.invoice_numbers)
        order = sorted(
            by_customer.get(promise.customer_id, ()),
            key=lambda i: (items[i][0].number not in named, items[i][0].due_date, items[i][0].number),
        )
        for index in order:
            taken = min(to_move, remaining[index])
            if taken <= ZERO:
                continue
            receipts.append(_receipt(items[index][0], taken, day, late=False, promised=True))
            remaining[index] -= taken
            to_move -= taken
    for (invoice, _), left in zip(items, remaining, strict=True):
        if left > ZERO:
            day = invoice.due_date + timedelta(days=delays.of(invoice.customer_id).days)
            late = day <= as_of
            receipts.append(_receipt(invoice, left, tomorrow if late else day, late=late, promised=False))
    return sorted(receipts, key=lambda r: (r.day, r.customer_id, r.invoice_number))


def _receipt(
    invoice: InvoiceFacts, amount: Decimal, day: date, *, late: bool, promised: bool
) -> ExpectedReceipt:
    """A receipt of ``amount`` of ``invoice`` on ``day``."""
    return ExpectedReceipt(
        invoice.number,
        invoice.customer_id,
        invoice.customer_name,
        invoice.currency,
        amount,
        day,
        late,
        promised,
    )
