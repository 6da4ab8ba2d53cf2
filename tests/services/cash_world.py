"""A small receivables world written straight into the database, for cash-application tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine, select

from copilot.db.engine import transaction
from copilot.db.models import Customer, CustomerIban, Document, Invoice, Payment
from tools.matching import Calibration

AS_OF = date(2026, 10, 31)
# Every pattern these tests produce counts as measured and right, so that sure matches apply themselves.
SURE = Calibration(
    {
        f"{who}|{ref}|exact|sole": (1000, 1000)
        for who in ("iban+name+ref", "name+ref", "iban+ref", "ref")
        for ref in ("exact", "trimmed")
    }
)


def seed_customers(engine: Engine, count: int) -> None:
    """Customers ``C0001``… named ``Client 1 SAS``…, each paying from a known IBAN."""
    with transaction(engine) as session:
        for number in range(1, count + 1):
            customer = Customer(customer_id=f"C{number:04d}", name=f"Client {number:04d} SAS", language="fr")
            session.add(customer)
            session.flush()
            session.add(CustomerIban(customer_pk=customer.id, iban=f"FR76300040000{number:014d}"))


def seed_invoice(engine: Engine, number: str, customer_id: str, amount: str, *, issued: int = 40) -> None:
    with transaction(engine) as session:
        customer_pk = session.scalars(select(Customer.id).where(Customer.customer_id == customer_id)).one()
        issue = AS_OF - timedelta(days=issued)
        session.add(
            Invoice(
                invoice_number=number,
                customer_pk=customer_pk,
                issue_date=issue,
                due_date=issue + timedelta(days=30),
                currency="EUR",
                amount=Decimal(amount),
                open_amount=Decimal(amount),
            )
        )


def seed_payment(
    engine: Engine,
    bank_id: str,
    amount: str,
    text: str | None,
    *,
    payer: str | None = None,
    iban: str | None = None,
) -> None:
    with transaction(engine) as session:
        document = session.scalars(select(Document).where(Document.sha256 == "0" * 64)).first()
        if document is None:
            document = Document(sha256="0" * 64, original_name="test", stored_path="test", size_bytes=0)
            session.add(document)
            session.flush()
        session.add(
            Payment(
                document_pk=document.id,
                bank_id=bank_id,
                booking_date=AS_OF,
                amount=Decimal(amount),
                currency="EUR",
                payer_name=payer,
                payer_iban=iban,
                remittance_text=text,
            )
        )


def open_amount(engine: Engine, number: str) -> Decimal:
    with transaction(engine) as session:
        return session.scalars(select(Invoice.open_amount).where(Invoice.invoice_number == number)).one()


def queued_suggestion(engine: Engine) -> int:
    """A queued suggestion: 900.00 paid on C0001's 980.00 invoice FA-1, 80.00 to write off."""
    from copilot.services.matching import run_matching
    from tools.matching import MatchPolicy

    seed_customers(engine, 1)
    seed_invoice(engine, "FA-1", "C0001", "980.00")
    seed_payment(engine, "P2", "900.00", "FA-1", payer="CLIENT 0001")
    suggestion_pk = run_matching(engine, MatchPolicy(calibration=SURE)).results[0].suggestion_pk
    assert suggestion_pk is not None
    return suggestion_pk
