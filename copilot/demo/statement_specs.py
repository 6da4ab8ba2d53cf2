"""What the statement writers share: batch entries, totals and format limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ingest.records import BankPayment


@dataclass(frozen=True)
class PaymentBatch:
    """Credits the bank books as one entry (one camt ``Ntry`` with one ``TxDtls`` each).

    ``id`` is the entry's ``AcctSvcrRef``; every payment keeps its own id on its ``TxDtls``.
    All payments share the currency, booking date and value date of the entry.
    """

    id: str
    payments: tuple[BankPayment, ...]

    def __post_init__(self) -> None:
        if not self.payments:
            raise ValueError(f"batch {self.id}: no payments")
        first = self.payments[0]
        for payment in self.payments[1:]:
            if (payment.currency, payment.booking_date, payment.value_date) != (
                first.currency,
                first.booking_date,
                first.value_date,
            ):
                raise ValueError(f"batch {self.id}: {payment.id} differs in currency or dates")


@dataclass(frozen=True)
class StatementTotals:
    """What a camt.053 or MT940 writer wrote: the count, the sum and the closing balance."""

    payments: int
    total: Decimal
    closing_balance: Decimal
    first_date: date | None
    last_date: date | None


@dataclass
class EntryCounter:
    """Running totals of the entries streamed so far (one currency)."""

    currency: str
    payments: int = 0
    entries: int = 0
    total: Decimal = field(default_factory=Decimal)
    first_date: date | None = None
    last_date: date | None = None

    def count(self, payments: Sequence[BankPayment]) -> None:
        """Add one entry's payments; a payment in another currency raises ``ValueError``."""
        for payment in payments:
            if payment.currency != self.currency:
                raise ValueError(
                    f"payment {payment.id} is in {payment.currency}, the statement in {self.currency}"
                )
            self.payments += 1
            self.total += payment.amount
            day = payment.booking_date
            self.first_date = day if self.first_date is None else min(self.first_date, day)
            self.last_date = day if self.last_date is None else max(self.last_date, day)
        self.entries += 1

    def totals(self, opening_balance: Decimal) -> StatementTotals:
        """The summary, with the closing balance after these credits."""
        return StatementTotals(
            self.payments, self.total, opening_balance + self.total, self.first_date, self.last_date
        )


def check_length(text: str, length: int, what: str) -> str:
    """``text`` unchanged, or ``ValueError`` when it exceeds the format's ``length``."""
    if not text or len(text) > length:
        raise ValueError(f"{what} must have 1 to {length} characters, got {text!r}")
    return text
