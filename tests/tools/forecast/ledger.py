"""Hand-made ledgers for the forecast and risk tests: customers and promises, with the KPI tests'
invoices (re-exported here)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.tools.kpis.ledger import day, invoice
from tools.kpis.ledger import CustomerFacts, PromiseFacts

AS_OF = date(2026, 10, 31)  # 12-month history: settlements after 2025-10-31; last 90 days: after 2026-08-02


def customer(
    customer_id: str, *, limit: str | None = None, limit_currency: str | None = None
) -> CustomerFacts:
    """A customer, with a credit limit when ``limit`` is given."""
    return CustomerFacts(
        customer_id=customer_id,
        name=f"{customer_id} SA",
        credit_limit=Decimal(limit) if limit is not None else None,
        credit_currency=limit_currency,
        payment_terms_days=30,
    )


def promise(
    customer_id: str,
    amount: str,
    *,
    made_on: str,
    promised: str,
    currency: str = "EUR",
    status: str = "open",
    invoices: tuple[str, ...] = (),
) -> PromiseFacts:
    """A promise to pay ``amount`` by ``promised``."""
    return PromiseFacts(
        customer_id=customer_id,
        customer_name=f"{customer_id} SA",
        amount=Decimal(amount),
        currency=currency,
        promised_date=day(promised),
        made_on=day(made_on),
        status=status,
        invoice_numbers=invoices,
    )


__all__ = ["AS_OF", "customer", "day", "invoice", "promise"]
