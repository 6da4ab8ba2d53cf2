"""Promises to pay judged from the settlements received: open, kept or broken.

On ``as_of`` a promise (not cancelled, made on or before ``as_of``) is

- **open** while its promised date is ``as_of`` or later;
- **kept** once the promised date has passed (promised date < ``as_of``) if what the customer
  settled between the day it was made and the promised date, both included, reaches the
  promised amount — counting every settlement on the customer's invoices in the promise's
  currency, whichever invoices the promise named;
- **broken** otherwise.

Cancelled promises are ignored. The stored status is not read: the tools judge from payments.
These judgements feed both the risk score (broken promises cost points) and the cash
forecast (an open promise moves the amount still to come to its promised date); they live
here, with the forecast, because the risk tools build on the forecast and not the reverse.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tools.kpis.ledger import ZERO, InvoiceFacts, PromiseFacts

OPEN, KEPT, BROKEN = "open", "kept", "broken"


@dataclass(frozen=True, slots=True)
class PromiseOutcome:
    """A promise and how it stands on ``as_of``: its status and what was settled towards it."""

    promise: PromiseFacts
    status: str
    settled: Decimal

    @property
    def outstanding(self) -> Decimal:
        """The part of the promised amount not yet settled (zero once it is reached)."""
        return max(ZERO, self.promise.amount - self.settled)


def judge_promises(
    promises: Sequence[PromiseFacts], invoices: Sequence[InvoiceFacts], *, as_of: date
) -> list[PromiseOutcome]:
    """Every promise made by ``as_of`` and not cancelled, judged on ``as_of``.

    ``settled`` sums the customer's settlements in the promise's currency dated from
    ``made_on`` to the promised date (to ``as_of`` while the promise is open).
    """
    books: dict[tuple[str, str], list[InvoiceFacts]] = defaultdict(list)
    for invoice in invoices:
        books[(invoice.customer_id, invoice.currency)].append(invoice)
    outcomes = []
    for promise in promises:
        if promise.status == "cancelled" or promise.made_on > as_of:
            continue
        is_open = promise.promised_date >= as_of
        end = as_of if is_open else promise.promised_date
        settled = sum(
            (
                settlement.amount
                for invoice in books.get((promise.customer_id, promise.currency), ())
                for settlement in invoice.settlements
                if promise.made_on <= settlement.day <= end
            ),
            ZERO,
        )
        status = OPEN if is_open else KEPT if settled >= promise.amount else BROKEN
        outcomes.append(PromiseOutcome(promise, status, settled))
    return outcomes


def broken_promises(
    promises: Sequence[PromiseFacts], invoices: Sequence[InvoiceFacts], *, as_of: date
) -> list[PromiseOutcome]:
    """The promises broken on ``as_of``, oldest promised date first."""
    broken = [o for o in judge_promises(promises, invoices, as_of=as_of) if o.status == BROKEN]
    return sorted(broken, key=lambda o: (o.promise.promised_date, o.promise.customer_id))
