"""A linked remittance advice says what a payment settles: the strongest evidence there is.

Each line names an invoice and may give the amount paid, a discount and a deduction with its
reason. :func:`fit_remittance` turns the lines into allocations, capped at each invoice's open
amount, and checks that they add up to the bank amount; when they do not, it says so and the
suggestion's evidence pattern records the mismatch.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from tools.matching.amounts import Fit, money
from tools.matching.model import OpenInvoice, PaymentFacts, ProposedAllocation, RemittanceLine

ZERO = Decimal(0)


def _allocation(line: RemittanceLine, invoice: OpenInvoice) -> ProposedAllocation:
    discount = min(line.discount_amount or ZERO, invoice.open_amount)
    deduction = min(line.deduction_amount or ZERO, invoice.open_amount - discount)
    paid = line.paid_amount if line.paid_amount is not None else invoice.open_amount - discount - deduction
    paid = max(ZERO, min(paid, invoice.open_amount - discount - deduction))
    return ProposedAllocation(
        invoice,
        paid,
        discount_amount=discount,
        deduction_amount=deduction,
        deduction_code=(line.reason_code or "OTHER") if deduction else None,
        deduction_reason=line.reason_text if deduction else None,
    )


def fit_remittance(payment: PaymentFacts, lines: Sequence[tuple[RemittanceLine, OpenInvoice]]) -> Fit:
    """Allocations as the remittance advice lists them."""
    allocations = tuple(_allocation(line, invoice) for line, invoice in lines)
    applied = sum((allocation.amount for allocation in allocations), ZERO)
    numbers = ", ".join(allocation.invoice.number for allocation in allocations)
    currency = payment.currency
    if applied == payment.amount:
        return Fit(
            "remittance",
            allocations,
            ZERO,
            (f"The remittance advice's lines for {numbers} add up to the payment.",),
        )
    if applied < payment.amount:
        return Fit(
            "remittance_short",
            allocations,
            payment.amount - applied,
            (
                f"The remittance advice's lines add up to {money(applied, currency)}, "
                f"{money(payment.amount - applied, currency)} less than the payment; "
                "the rest stays on account.",
            ),
        )
    trimmed = []
    remaining = payment.amount
    for allocation in allocations:
        cash = min(remaining, allocation.amount)
        trimmed.append(ProposedAllocation(allocation.invoice, cash))
        remaining -= cash
    return Fit(
        "remittance_over",
        tuple(trimmed),
        ZERO,
        (
            f"The remittance advice's lines add up to {money(applied, currency)}, more than the "
            f"{money(payment.amount, currency)} received; the payment is applied line by line until spent.",
        ),
    )
