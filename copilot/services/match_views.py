"""The ``match --json`` contract of DESIGN.md, built from match outcomes."""

from __future__ import annotations

from typing import Any

from copilot.services.matching import MatchedPayment
from tools.matching import ProposedAllocation
from tools.money import format_amount

NOTHING_FOUND = (
    "Neither the payer's account, its name nor the texts point to a customer or an open invoice; "
    "the payment stays as unapplied cash."
)


def allocation_view(allocation: ProposedAllocation, currency: str) -> dict[str, Any]:
    """One allocation: cash applied, discount and deduction (with its code)."""
    return {
        "invoice_number": allocation.invoice.number,
        "customer_id": allocation.invoice.customer_id,
        "amount": format_amount(allocation.amount, currency),
        "discount_amount": format_amount(allocation.discount_amount, currency),
        "deduction_amount": format_amount(allocation.deduction_amount, currency),
        "deduction_code": allocation.deduction_code,
    }


def match_view(result: MatchedPayment) -> dict[str, Any]:
    """One payment of the ``match --json`` output."""
    outcome = result.outcome
    best = outcome.best
    currency = result.currency
    return {
        "payment_id": result.bank_id,
        "status": outcome.status.value,
        "confidence": best.confidence if best else 0.0,
        "customer_id": best.customer_id if best else None,
        "allocations": [allocation_view(a, currency) for a in best.allocations] if best else [],
        "unapplied_amount": format_amount(
            best.unapplied_amount if best else outcome.payment.amount, currency
        ),
        "currency": currency,
        "explanation": list(best.explanation) if best else [NOTHING_FOUND],
        "evidence": best.evidence if best else None,
        "suggestion_id": result.suggestion_pk,
        "alternatives": len(outcome.suggestions) - 1 if best else 0,
    }
