"""Typed inputs and outputs of cash application; plain frozen data, no behaviour beyond sums."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class DiscountTerms:
    """An early-payment discount: ``rate`` (0.02) if paid within ``days`` of the invoice date."""

    rate: Decimal
    days: int

    @classmethod
    def parse(cls, text: str | None) -> DiscountTerms | None:
        """``"2/10"`` → 2 % within 10 days; ``None`` for blanks and anything else."""
        if not text or "/" not in text:
            return None
        percent, _, days = text.partition("/")
        try:
            rate = Decimal(percent.strip().rstrip("%").replace(",", ".")) / 100
            return cls(rate=rate, days=int(days.strip().split()[0]))
        except (ArithmeticError, ValueError, IndexError):
            return None


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    """A customer as matching sees it: names, payer accounts, group and terms."""

    customer_id: str
    name: str
    parent_id: str | None = None
    ibans: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    discount_terms: DiscountTerms | None = None


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    """An invoice with something left to pay; ``key`` is the caller's identifier (a row id)."""

    key: int
    number: str
    customer_id: str
    currency: str
    amount: Decimal
    open_amount: Decimal
    issue_date: date
    due_date: date
    po_number: str | None = None


@dataclass(frozen=True, slots=True)
class RemittanceLine:
    """What a payer's remittance advice says about one invoice."""

    invoice_number: str | None
    paid_amount: Decimal | None = None
    invoice_amount: Decimal | None = None
    discount_amount: Decimal | None = None
    deduction_amount: Decimal | None = None
    reason_text: str | None = None
    reason_code: str | None = None


@dataclass(frozen=True, slots=True)
class PaymentFacts:
    """A bank payment as matching sees it; ``texts`` are its references and free text."""

    key: int
    amount: Decimal
    currency: str
    booking_date: date
    payer_name: str | None = None
    payer_iban: str | None = None
    texts: tuple[str, ...] = ()
    remittance_lines: tuple[RemittanceLine, ...] = ()


class Status(StrEnum):
    """What happened to a payment: applied without a person, waiting for one, or no match."""

    AUTO_APPLIED = "auto_applied"
    SUGGESTED = "suggested"
    UNMATCHED = "unmatched"


@dataclass(frozen=True, slots=True)
class ProposedAllocation:
    """Cash applied to one invoice, with the discount and deduction that settle the rest."""

    invoice: OpenInvoice
    amount: Decimal
    discount_amount: Decimal = ZERO
    deduction_amount: Decimal = ZERO
    deduction_code: str | None = None
    deduction_reason: str | None = None

    @property
    def settled(self) -> Decimal:
        """What this allocation takes off the invoice's open amount."""
        return self.amount + self.discount_amount + self.deduction_amount


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One way to apply a payment, with how sure the engine is and why."""

    customer_id: str | None
    allocations: tuple[ProposedAllocation, ...]
    unapplied_amount: Decimal
    confidence: float
    explanation: tuple[str, ...]
    evidence: str

    @property
    def applied_amount(self) -> Decimal:
        """Cash of the payment applied to invoices."""
        return sum((allocation.amount for allocation in self.allocations), ZERO)


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    """The ranked suggestions for one payment and the decision they lead to."""

    payment: PaymentFacts
    status: Status
    suggestions: tuple[Suggestion, ...] = field(default=())

    @property
    def best(self) -> Suggestion | None:
        """The top suggestion, if any."""
        return self.suggestions[0] if self.suggestions else None
