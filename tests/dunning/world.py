"""A small ledger written straight to the database for the dunning tests, with hand-worked figures.

On 2026-10-31:

- C1 Boulangerie Dupont SAS (FR, French, EUR): FA-2026-0101 1200.00 due 2026-08-14, 78 days
  late (17 + 30 + 31); FA-2026-0102 800.00 of which 450.50 open, due 2026-09-19, 42 days late
  (11 + 31). Open: 1650.50.
- C2 Acme Widgets Ltd (GB, English, GBP): INV-10023 950.00 due 2026-07-01, 122 days late
  (30 + 31 + 30 + 31); INV-10024 12000.00 due 2026-08-31, 61 days (30 + 31); INV-10025 5000.00
  due 2026-09-30, 31 days. Open: 17950.00.
- C3 Dupont Frères SARL (FR, no e-mail address): FB-7 300.00 EUR due 2026-09-30, 31 days late.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from copilot.db.models import Allocation, Customer, Document, Invoice, Payment

AS_OF = date(2026, 10, 31)
# The rate tables of the tests: ECB 2.15 % since 2025-06-11, Bank of England 3.75 % since 2025-12-18.
RATES_YAML = """
ecb_refinancing:
  - {from: 2025-06-11, rate: "2.15"}
boe_base:
  - {from: 2025-12-18, rate: "3.75"}
fr_margin_points: "10"
fr_indemnity: "40.00"
uk_margin_points: "8"
uk_fixed_sums:
  - {below: "1000.00", amount: "40.00"}
  - {below: "10000.00", amount: "70.00"}
  - {amount: "100.00"}
"""


def build_world(session: Session) -> dict[str, Customer]:
    """The three customers and their invoices (module docs)."""
    customers = {
        "C1": Customer(
            customer_id="C1",
            name="Boulangerie Dupont SAS",
            email="compta@dupont.example",
            language="fr",
            country="FR",
            contact_name="Jeanne Dupont",
        ),
        "C2": Customer(
            customer_id="C2",
            name="Acme Widgets Ltd",
            email="ap@acme.example",
            language="en",
            country="GB",
            contact_name="John Smith",
        ),
        "C3": Customer(customer_id="C3", name="Dupont Frères SARL", email=None, language="fr", country="FR"),
    }
    session.add_all(customers.values())
    session.flush()
    rows = [
        ("FA-2026-0101", "C1", date(2026, 7, 15), date(2026, 8, 14), "EUR", "1200.00", "1200.00"),
        ("FA-2026-0102", "C1", date(2026, 8, 20), date(2026, 9, 19), "EUR", "800.00", "450.50"),
        ("INV-10023", "C2", date(2026, 6, 1), date(2026, 7, 1), "GBP", "950.00", "950.00"),
        ("INV-10024", "C2", date(2026, 8, 1), date(2026, 8, 31), "GBP", "12000.00", "12000.00"),
        ("INV-10025", "C2", date(2026, 9, 1), date(2026, 9, 30), "GBP", "5000.00", "5000.00"),
        ("FB-7", "C3", date(2026, 8, 31), date(2026, 9, 30), "EUR", "300.00", "300.00"),
    ]
    for number, customer_id, issued, due, currency, amount, open_amount in rows:
        session.add(
            Invoice(
                invoice_number=number,
                customer_pk=customers[customer_id].id,
                issue_date=issued,
                due_date=due,
                currency=currency,
                amount=Decimal(amount),
                open_amount=Decimal(open_amount),
            )
        )
    session.flush()
    return customers


def receive(
    session: Session,
    amount: str,
    booked: date,
    *,
    currency: str = "EUR",
    payer_name: str | None = None,
    payer_iban: str | None = None,
    status: str = "unmatched",
) -> Payment:
    """A bank payment booked on ``booked`` (unapplied until :func:`apply`)."""
    key = f"{amount}-{booked}-{payer_name}-{payer_iban}-{status}"
    document = Document(
        sha256=hashlib.sha256(key.encode()).hexdigest(),
        original_name="statement.csv",
        stored_path="/dev/null",
        size_bytes=0,
    )
    session.add(document)
    session.flush()
    payment = Payment(
        document_pk=document.id,
        bank_id=f"B-{document.id}",
        booking_date=booked,
        amount=Decimal(amount),
        currency=currency,
        payer_name=payer_name,
        payer_iban=payer_iban,
        status=status,
    )
    session.add(payment)
    session.flush()
    return payment


def apply(session: Session, payment: Payment, invoice_number: str, amount: str) -> None:
    """Apply ``amount`` of ``payment`` to an invoice, lowering its open amount."""
    invoice = session.query(Invoice).filter_by(invoice_number=invoice_number).one()
    session.add(
        Allocation(
            payment_pk=payment.id,
            invoice_pk=invoice.id,
            amount=Decimal(amount),
            discount_amount=Decimal(0),
            currency=payment.currency,
            created_by="test",
        )
    )
    invoice.open_amount -= Decimal(amount)
    payment.status = "applied"
    session.flush()
