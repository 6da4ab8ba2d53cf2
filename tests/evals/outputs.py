"""A perfect ``match --json`` output built from a truth, for scorer and runner tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from evals.world import Truth
from tools.money import format_amount

AS_OF = date(2026, 10, 31)


def perfect_output(truth: Truth) -> dict[str, Any]:
    """What a flawless engine prints: the truth auto-applied, unidentifiable payments unmatched."""
    payments = []
    for payment in truth.payments.values():
        payments.append(
            {
                "payment_id": payment.payment_id,
                "status": "auto_applied" if payment.matchable else "unmatched",
                "confidence": 0.99 if payment.matchable else 0.0,
                "customer_id": payment.customer_id,
                "allocations": [allocation.to_json(payment.currency) for allocation in payment.allocations],
                "unapplied_amount": format_amount(payment.unapplied_amount, payment.currency),
                "explanation": ["from the truth"],
            }
        )
    return {"payments": payments}
