"""The ledger as the KPI, risk and forecast tools see it: invoices with their dated settlements.

An invoice's open amount *on a past day* is rebuilt from its open amount now plus what was
settled after that day (cash applied, early-payment discount and deductions, dated by the
payment's booking date). What an ERP import marked as paid without a payment we saw has no
date: it counts as settled before any day asked about. An invoice is not receivable before
its issue date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Settlement:
    """Part of an invoice settled on a day: cash, discount or deduction."""

    day: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class CustomerFacts:
    """What the tools know of a customer besides its invoices."""

    customer_id: str
    name: str
    segment: str | None = None
    credit_limit: Decimal | None = None
    credit_currency: str | None = None
    payment_terms_days: int | None = None
    language: str = "fr"
    country: str | None = None


@dataclass(frozen=True, slots=True)
class InvoiceFacts:
    """An invoice, its amounts now and the settlements that brought it there."""

    number: str
    customer_id: str
    customer_name: str
    issue_date: date
    due_date: date
    currency: str
    amount: Decimal
    open_amount: Decimal
    disputed: bool = False
    settlements: tuple[Settlement, ...] = field(default_factory=tuple)

    def open_on(self, day: date) -> Decimal:
        """The amount still owed at the end of ``day`` (zero before the invoice existed)."""
        if self.issue_date > day:
            return ZERO
        later = sum((s.amount for s in self.settlements if s.day > day), ZERO)
        return max(ZERO, min(self.amount, self.open_amount + later))

    def settled_on(self) -> date | None:
        """The day the invoice was fully settled by payments we saw, if it was."""
        if self.open_amount != ZERO or not self.settlements:
            return None
        return max(s.day for s in self.settlements)

    def days_late(self, day: date) -> int:
        """Days past due on ``day`` (zero when not yet due)."""
        return max(0, (day - self.due_date).days)


@dataclass(frozen=True, slots=True)
class DeductionFacts:
    """A short payment on an invoice, with its reason code and status."""

    invoice_number: str
    customer_id: str
    customer_name: str
    day: date
    currency: str
    amount: Decimal
    reason_code: str
    status: str


def in_currency(invoices: Iterable[InvoiceFacts], currency: str) -> list[InvoiceFacts]:
    """The invoices in one currency: amounts in different currencies are never added."""
    return [invoice for invoice in invoices if invoice.currency == currency]


@dataclass(frozen=True, slots=True)
class PromiseFacts:
    """A promise to pay: how much, by when, made on which day, and its recorded status."""

    customer_id: str
    customer_name: str
    amount: Decimal
    currency: str
    promised_date: date
    made_on: date
    status: str = "open"
    invoice_numbers: tuple[str, ...] = ()
