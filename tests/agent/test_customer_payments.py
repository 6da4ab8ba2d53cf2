"""``customer_payments``: what a customer paid, from the allocations of its invoices, on both engines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Engine

from copilot.db.engine import session_factory, transaction
from copilot.db.models import Allocation, Customer, Document, Invoice, Payment
from copilot.db.types import utc_now
from copilot.services.customer_payments import customer_payments


def seed(engine: Engine) -> None:
    with transaction(engine) as session:
        acme = Customer(customer_id="C2", name="Acme Widgets Ltd")
        other = Customer(customer_id="C9", name="Other SA")
        document = Document(sha256="1" * 64, original_name="s.xml", stored_path="s.xml", size_bytes=1)
        session.add_all([acme, other, document])
        session.flush()
        invoices = {
            number: Invoice(
                invoice_number=number,
                customer_pk=owner.id,
                issue_date=date(2026, 8, 1),
                due_date=date(2026, 9, 1),
                currency="EUR",
                amount=Decimal("100.00"),
                open_amount=Decimal("0.00"),
            )
            for number, owner in (("A-1", acme), ("A-2", acme), ("O-1", other))
        }
        payments = {
            bank_id: Payment(
                document_pk=document.id,
                bank_id=bank_id,
                booking_date=booked,
                amount=Decimal(amount),
                currency="EUR",
                payer_name="ACME",
                status="applied",
            )
            for bank_id, booked, amount in (
                ("P1", date(2026, 9, 20), "100.00"),
                ("P2", date(2026, 10, 5), "200.00"),
            )
        }
        session.add_all([*invoices.values(), *payments.values()])
        session.flush()
        now = utc_now()
        for payment, invoice, amount, reversed_at in (
            ("P1", "A-1", "100.00", None),
            ("P2", "A-2", "60.00", None),
            ("P2", "O-1", "100.00", None),  # the other customer's share of P2
            ("P2", "A-1", "40.00", now),  # reversed: not counted
        ):
            session.add(
                Allocation(
                    payment_pk=payments[payment].id,
                    invoice_pk=invoices[invoice].id,
                    amount=Decimal(amount),
                    discount_amount=Decimal(0),
                    currency="EUR",
                    created_by="engine",
                    reversed_at=reversed_at,
                )
            )


def test_payments_applied_to_a_customers_invoices_newest_first(engine: Engine) -> None:
    seed(engine)
    with session_factory(engine)() as session:
        found = customer_payments(session, "C2", until=date(2026, 10, 31))
        assert found["count"] == 2 and found["last_payment"] == "2026-10-05"
        assert [(r["payment_id"], r["applied_amount"], r["invoices"]) for r in found["rows"]] == [
            ("P2", "60.00", ["A-2"]),
            ("P1", "100.00", ["A-1"]),
        ]
        assert found["totals"] == {"EUR": "160.00"}
        october = customer_payments(session, "C2", since=date(2026, 10, 1), until=date(2026, 10, 31))
        assert [r["payment_id"] for r in october["rows"]] == ["P2"]
        before = customer_payments(session, "C2", until=date(2026, 9, 30))
        assert [r["payment_id"] for r in before["rows"]] == ["P1"]
