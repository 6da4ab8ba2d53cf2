from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from copilot.db.models import AuditEntry, Customer, Invoice
from copilot.db.types import utc_now


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=-(10**14), max_value=10**14), st.sampled_from(["EUR", "JPY", "KWD"]))
def test_amounts_are_stored_exactly(engine: Engine, minor: int, currency: str) -> None:
    exponent = {"EUR": 2, "JPY": 0, "KWD": 3}[currency]
    amount = Decimal(minor).scaleb(-exponent)
    with Session(engine) as session:
        customer = session.scalar(select(Customer).where(Customer.customer_id == "C1"))
        if customer is None:
            customer = Customer(customer_id="C1", name="Dupont")
            session.add(customer)
            session.flush()
        number = f"I{minor}{currency}"
        session.merge(
            Invoice(
                invoice_number=number,
                customer_pk=customer.id,
                issue_date=date(2026, 1, 1),
                due_date=date(2026, 1, 31),
                currency=currency,
                amount=amount,
                open_amount=amount,
            )
        )
        session.commit()
    with Session(engine) as session:
        stored = session.scalars(select(Invoice.amount).where(Invoice.invoice_number == number)).one()
    assert stored == amount
    assert isinstance(stored, Decimal)


def test_floats_and_sub_minor_precision_are_refused(engine: Engine) -> None:
    with Session(engine) as session:
        customer = Customer(customer_id="C2", name="Acme")
        session.add(customer)
        session.flush()
        session.add(
            Invoice(
                invoice_number="F1",
                customer_pk=customer.id,
                issue_date=date(2026, 1, 1),
                due_date=date(2026, 1, 2),
                currency="EUR",
                amount=12.5,
                open_amount=Decimal(1),
            )
        )
        with pytest.raises(Exception, match="must be Decimal"):
            session.flush()


def test_timestamps_come_back_timezone_aware(engine: Engine) -> None:
    moment = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    with Session(engine) as session:
        session.add(AuditEntry(actor="t", action="x", entity_type="y", entity_id="1", at=moment))
        session.commit()
    with Session(engine) as session:
        stored = session.scalars(select(AuditEntry.at)).one()
    assert stored == moment and stored.tzinfo is not None
    assert utc_now().tzinfo is UTC
    with Session(engine) as session:
        session.add(AuditEntry(actor="t", action="x", entity_type="y", at=datetime(2026, 1, 1)))
        with pytest.raises(Exception, match="naive datetime"):
            session.flush()
