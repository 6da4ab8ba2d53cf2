"""Hand-made facts for the dunning tests, around AS_OF = 2026-10-31 (days late in comments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.tools.forecast.ledger import day, invoice, promise
from tools.dunning import Instalment, PaymentPlanFacts, Scenario, SentReminder, load_scenarios
from tools.kpis.ledger import CustomerFacts

AS_OF = date(2026, 10, 31)
SCENARIOS: dict[str, Scenario] = load_scenarios()


def customer(
    customer_id: str, *, segment: str | None = None, language: str = "fr", country: str | None = "FR"
) -> CustomerFacts:
    """A customer named ``<id> SA``."""
    return CustomerFacts(
        customer_id=customer_id,
        name=f"{customer_id} SA",
        segment=segment,
        language=language,
        country=country,
    )


def sent(customer_id: str, stage: str, on: str, *invoices: str) -> SentReminder:
    """A reminder of ``stage`` sent on ``on`` covering ``invoices`` (none named: all of them)."""
    return SentReminder(customer_id=customer_id, stage=stage, sent_on=day(on), invoice_numbers=invoices)


def payment_plan(
    customer_id: str, *instalments: tuple[str, str, str], currency: str = "EUR", status: str = "active"
) -> PaymentPlanFacts:
    """A payment plan from ``(due date, amount, paid)`` instalments."""
    return PaymentPlanFacts(
        customer_id=customer_id,
        currency=currency,
        instalments=tuple(
            Instalment(day(due), Decimal(amount), Decimal(paid)) for due, amount, paid in instalments
        ),
        status=status,
    )


__all__ = ["AS_OF", "SCENARIOS", "customer", "day", "invoice", "payment_plan", "promise", "sent"]
