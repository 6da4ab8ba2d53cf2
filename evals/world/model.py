"""The records of a generated receivables world and the ground truth of its payments.

Plain frozen data. Amounts are ``Decimal`` quantised to the currency; the truth follows
DESIGN.md's allocation semantics: ``amount`` is the cash applied to an invoice, the
``discount_amount`` and ``deduction_amount`` settle the rest of it on top of that cash, and a
payment's allocation amounts plus its ``unapplied_amount`` equal the payment's amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tools.money import format_amount

ZERO = Decimal("0.00")

CASE_TYPES: tuple[str, ...] = (
    "exact_reference",
    "structured_reference",
    "mangled_reference",
    "multi_invoice",
    "amount_only",
    "discount",
    "deduction",
    "unexplained_deduction",
    "partial",
    "overpayment",
    "parent_pays",
    "name_variant",
    "unidentifiable",
)
EASY_CASES = frozenset({"exact_reference", "structured_reference", "multi_invoice", "amount_only"})

# Share of each case type among a world's payments: 60 % easy, 40 % hard.
DEFAULT_PROPORTIONS: Mapping[str, float] = {
    "exact_reference": 0.30,
    "structured_reference": 0.08,
    "multi_invoice": 0.12,
    "amount_only": 0.10,
    "mangled_reference": 0.07,
    "discount": 0.05,
    "deduction": 0.06,
    "unexplained_deduction": 0.03,
    "partial": 0.04,
    "overpayment": 0.03,
    "parent_pays": 0.04,
    "name_variant": 0.05,
    "unidentifiable": 0.03,
}

DEDUCTION_CODES = ("DAMAGE", "PRICING", "PROMOTION", "SHORTAGE", "FREIGHT", "RETURN", "OTHER")


@dataclass(frozen=True, slots=True)
class WorldCustomer:
    """A customer as the ERP export lists it; ``accounts`` are all the IBANs it pays from,
    ``ibans`` the ones the ledger knows."""

    customer_id: str
    name: str
    email: str
    language: str
    country: str
    segment: str
    currency: str
    credit_limit: Decimal
    payment_terms_days: int
    contact_name: str
    parent_id: str | None = None
    ibans: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    discount_terms: str | None = None


@dataclass(frozen=True, slots=True)
class WorldInvoice:
    """An open invoice (``open_amount`` below ``amount`` when partly paid before)."""

    invoice_number: str
    customer_id: str
    issue_date: date
    due_date: date
    currency: str
    amount: Decimal
    open_amount: Decimal
    po_number: str | None = None


@dataclass(frozen=True, slots=True)
class WorldPayment:
    """A bank credit as the CSV statement shows it."""

    id: str
    booking_date: date
    value_date: date
    amount: Decimal
    currency: str
    payer_name: str | None
    payer_iban: str | None
    reference: str | None
    remittance_text: str | None


@dataclass(frozen=True, slots=True)
class TruthAllocation:
    """What one payment really does to one invoice."""

    invoice_number: str
    amount: Decimal
    discount_amount: Decimal = ZERO
    deduction_amount: Decimal = ZERO
    deduction_code: str | None = None

    @property
    def settled(self) -> Decimal:
        """What the allocation takes off the invoice's open amount."""
        return self.amount + self.discount_amount + self.deduction_amount

    def to_json(self, currency: str) -> dict[str, Any]:
        return {
            "invoice_number": self.invoice_number,
            "amount": format_amount(self.amount, currency),
            "discount_amount": format_amount(self.discount_amount, currency),
            "deduction_amount": format_amount(self.deduction_amount, currency),
            "deduction_code": self.deduction_code,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TruthAllocation:
        return cls(
            invoice_number=str(data["invoice_number"]),
            amount=Decimal(str(data["amount"])),
            discount_amount=Decimal(str(data.get("discount_amount") or "0")),
            deduction_amount=Decimal(str(data.get("deduction_amount") or "0")),
            deduction_code=data.get("deduction_code"),
        )


@dataclass(frozen=True, slots=True)
class PaymentTruth:
    """The ground truth of one payment: its case type, customer and allocations.

    ``customer_id`` is the customer whose invoices are settled (the subsidiary when a parent
    pays), or the payer when known and nothing is settled, else ``None``. ``detail`` says how
    the case was made (for diagnostics; scoring ignores it).
    """

    payment_id: str
    case: str
    customer_id: str | None
    currency: str
    amount: Decimal
    allocations: tuple[TruthAllocation, ...]
    unapplied_amount: Decimal
    detail: str = ""

    @property
    def matchable(self) -> bool:
        """Whether the payment settles any invoice."""
        return bool(self.allocations)

    def to_json(self) -> dict[str, Any]:
        return {
            "payment_id": self.payment_id,
            "case": self.case,
            "customer_id": self.customer_id,
            "currency": self.currency,
            "amount": format_amount(self.amount, self.currency),
            "allocations": [allocation.to_json(self.currency) for allocation in self.allocations],
            "unapplied_amount": format_amount(self.unapplied_amount, self.currency),
            "detail": self.detail,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PaymentTruth:
        return cls(
            payment_id=str(data["payment_id"]),
            case=str(data["case"]),
            customer_id=data.get("customer_id"),
            currency=str(data["currency"]),
            amount=Decimal(str(data["amount"])),
            allocations=tuple(TruthAllocation.from_json(item) for item in data.get("allocations", [])),
            unapplied_amount=Decimal(str(data["unapplied_amount"])),
            detail=str(data.get("detail", "")),
        )


@dataclass(frozen=True)
class Truth:
    """The truth of every payment of a world, by payment id (the statement's ``id`` column)."""

    seed: int | None
    as_of: date | None
    payments: Mapping[str, PaymentTruth]
    proportions: Mapping[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "generator": "evals.world",
            "seed": self.seed,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "proportions": dict(self.proportions),
            "payments": [truth.to_json() for truth in self.payments.values()],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Truth:
        payments = [PaymentTruth.from_json(item) for item in data["payments"]]
        as_of = data.get("as_of")
        return cls(
            seed=data.get("seed"),
            as_of=date.fromisoformat(as_of) if as_of else None,
            payments={truth.payment_id: truth for truth in payments},
            proportions=dict(data.get("proportions") or {}),
        )


@dataclass(frozen=True)
class World:
    """A receivables world: the ledger, a bank statement, and the truth of every payment."""

    seed: int
    as_of: date
    proportions: Mapping[str, float]
    customers: tuple[WorldCustomer, ...]
    invoices: tuple[WorldInvoice, ...]
    payments: tuple[WorldPayment, ...]
    truth: Truth
