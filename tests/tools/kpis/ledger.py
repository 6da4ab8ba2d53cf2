"""Hand-made ledgers for the KPI tests: invoices with dated settlements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tools.kpis.ledger import InvoiceFacts, Settlement

AS_OF = date(2026, 10, 31)


def day(text: str) -> date:
    """An ISO date."""
    return date.fromisoformat(text)


def invoice(
    number: str,
    customer_id: str,
    *,
    issued: str,
    due: str,
    amount: str,
    paid: tuple[tuple[str, str], ...] = (),
    currency: str = "EUR",
    disputed: bool = False,
) -> InvoiceFacts:
    """An invoice whose open amount now is its amount less the settlements ``paid`` (day, amount)."""
    settlements = tuple(Settlement(day(when), Decimal(how_much)) for when, how_much in paid)
    total = Decimal(amount)
    return InvoiceFacts(
        number=number,
        customer_id=customer_id,
        customer_name=f"{customer_id} SA",
        issue_date=day(issued),
        due_date=day(due),
        currency=currency,
        amount=total,
        open_amount=total - sum((s.amount for s in settlements), Decimal(0)),
        disputed=disputed,
        settlements=settlements,
    )


def book() -> list[InvoiceFacts]:
    """Two EUR customers and some USD, around AS_OF = 2026-10-31 (days late on AS_OF in comments)."""
    return [
        invoice("A1", "C1", issued="2026-10-01", due="2026-11-15", amount="1000.00"),  # not due
        invoice("A2", "C1", issued="2026-09-01", due="2026-10-16", amount="500.00"),  # 15 late
        # 300 − 100 paid on 10-05 = 200 open, 92 days late (Aug 31 + Sep 30 + Oct 31)
        invoice(
            "A3",
            "C1",
            issued="2026-07-01",
            due="2026-07-31",
            amount="300.00",
            paid=(("2026-10-05", "100.00"),),
        ),
        # fully paid on 10-20: open 0 on AS_OF, 700 on 09-30
        invoice(
            "A4",
            "C1",
            issued="2026-09-10",
            due="2026-10-10",
            amount="700.00",
            paid=(("2026-10-20", "700.00"),),
        ),
        invoice("A5", "C1", issued="2026-10-10", due="2026-11-09", amount="250.00", currency="USD"),
        # paid on 11-10, after AS_OF: still 2000 open on AS_OF, 61 days late (Sep 30 + Oct 31)
        invoice(
            "B1",
            "C2",
            issued="2026-08-01",
            due="2026-08-31",
            amount="2000.00",
            paid=(("2026-11-10", "2000.00"),),
        ),
        invoice("B2", "C2", issued="2026-09-15", due="2026-09-30", amount="400.00", disputed=True),  # 31 late
        invoice("B3", "C2", issued="2026-11-02", due="2026-12-02", amount="999.00"),  # issued after AS_OF
        invoice(
            "U1", "C3", issued="2026-09-01", due="2026-10-01", amount="5000.00", currency="USD"
        ),  # 30 late
    ]


def sales_book() -> list[InvoiceFacts]:
    """A ledger for DSO, CEI and ADD around AS_OF = 2026-10-31.

    EUR receivables on AS_OF: S0 500 + S2 2000 + S3 1000 = 3500, of which S3 is not yet due.
    Credit sales: July S0 500, August S1 3000, September S2 2000, October S3 1000.
    """
    return [
        invoice("S0", "C1", issued="2026-07-15", due="2026-08-14", amount="500.00"),
        invoice(
            "S1",
            "C1",
            issued="2026-08-10",
            due="2026-09-09",
            amount="3000.00",
            paid=(("2026-09-20", "3000.00"),),
        ),
        invoice("S2", "C2", issued="2026-09-15", due="2026-10-15", amount="2000.00"),
        invoice("S3", "C2", issued="2026-10-20", due="2026-11-19", amount="1000.00"),
        invoice("S4", "C2", issued="2026-11-05", due="2026-12-05", amount="9999.00"),  # after AS_OF
        invoice("U1", "C3", issued="2026-10-01", due="2026-10-31", amount="8000.00", currency="USD"),
    ]
