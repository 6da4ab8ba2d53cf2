"""Moving money exactly once: allocations, deductions and the open amounts they lower.

Every write happens under locks taken in a fixed order — the payments, then the invoices —
so two processes never apply the same payment or spend the same open amount twice:
PostgreSQL row locks (``SELECT … FOR UPDATE``), SQLite's single writer (the transaction
writes first). A unique partial index allows one active allocation per payment and invoice,
and a check constraint keeps open amounts from crossing zero, as a last line of defence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import bindparam, case, insert, select, update
from sqlalchemy.orm import Session

from copilot.db.models import Allocation, Deduction, Invoice, Payment
from copilot.db.types import Amount, utc_now

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class AllocationDraft:
    """One invoice's share of a payment, ready to be written."""

    invoice_pk: int
    amount: Decimal
    discount_amount: Decimal = ZERO
    deduction_amount: Decimal = ZERO
    deduction_code: str | None = None
    deduction_reason: str | None = None

    @property
    def settled(self) -> Decimal:
        """What it takes off the invoice's open amount."""
        return self.amount + self.discount_amount + self.deduction_amount


def is_postgres(session: Session) -> bool:
    """Whether the session talks to PostgreSQL (row locks) rather than SQLite (one writer)."""
    return session.get_bind().dialect.name == "postgresql"


def lock_payments(
    session: Session, payment_pks: Sequence[int], *, skip_locked: bool = False
) -> dict[int, str]:
    """Lock payments (in id order) and return their current status."""
    if not payment_pks:
        return {}
    query = select(Payment.id, Payment.status).where(Payment.id.in_(payment_pks)).order_by(Payment.id)
    if is_postgres(session):
        query = query.with_for_update(skip_locked=skip_locked)
    else:  # take SQLite's write lock before reading, so nobody changes them under us
        session.execute(update(Payment).where(Payment.id == min(payment_pks)).values(status=Payment.status))
    return dict(session.execute(query).all())


def lock_open_amounts(session: Session, invoice_pks: Iterable[int]) -> dict[int, Decimal]:
    """Lock invoices (in id order) and return their open amounts as they are now."""
    pks = sorted(set(invoice_pks))
    if not pks:
        return {}
    query = select(Invoice.id, Invoice.open_amount).where(Invoice.id.in_(pks)).order_by(Invoice.id)
    if is_postgres(session):
        query = query.with_for_update()
    return dict(session.execute(query).all())


@dataclass(frozen=True, slots=True)
class PaymentApplication:
    """A payment and the allocations to write for it."""

    payment_pk: int
    currency: str
    suggestion_pk: int | None
    drafts: tuple[AllocationDraft, ...]


def write_allocations(session: Session, applications: Sequence[PaymentApplication], *, actor: str) -> None:
    """Write allocations and deductions and lower open amounts; locks must already be held."""
    pairs = [(application, draft) for application in applications for draft in application.drafts]
    if not pairs:
        return
    invoices = Invoice.metadata.tables["invoices"]
    session.execute(
        update(invoices)
        .where(invoices.c.id == bindparam("b_pk"))
        .values(open_amount=invoices.c.open_amount - bindparam("b_settled", type_=Amount())),
        [{"b_pk": draft.invoice_pk, "b_settled": draft.settled} for _, draft in pairs],
    )
    _refresh_status(session, [draft.invoice_pk for _, draft in pairs])
    now = utc_now()
    rows = [
        {
            "payment_pk": application.payment_pk,
            "invoice_pk": draft.invoice_pk,
            "suggestion_pk": application.suggestion_pk,
            "amount": draft.amount,
            "discount_amount": draft.discount_amount,
            "currency": application.currency,
            "created_by": actor,
            "created_at": now,
        }
        for application, draft in pairs
    ]
    ids = session.scalars(
        insert(Allocation).returning(Allocation.id, sort_by_parameter_order=True), rows
    ).all()
    deductions = [
        {
            "allocation_pk": allocation_pk,
            "payment_pk": application.payment_pk,
            "invoice_pk": draft.invoice_pk,
            "amount": draft.deduction_amount,
            "currency": application.currency,
            "reason_code": draft.deduction_code or "OTHER",
            "reason_text": draft.deduction_reason,
            "status": "open",
            "created_at": now,
        }
        for allocation_pk, (application, draft) in zip(ids, pairs, strict=True)
        if draft.deduction_amount
    ]
    if deductions:
        session.execute(insert(Deduction), deductions)


def reverse_allocations(session: Session, payment_pk: int, *, actor: str) -> list[AllocationDraft]:
    """Reverse a payment's active allocations and restore the invoices' open amounts."""
    rows = session.execute(
        select(Allocation, Deduction)
        .outerjoin(Deduction, (Deduction.allocation_pk == Allocation.id) & (Deduction.status != "reversed"))
        .where(Allocation.payment_pk == payment_pk, Allocation.reversed_at.is_(None))
        .order_by(Allocation.id)
    ).all()
    lock_open_amounts(session, [allocation.invoice_pk for allocation, _ in rows])
    now = utc_now()
    restored = []
    for allocation, deduction in rows:
        deducted = deduction.amount if deduction else ZERO
        restored.append(
            AllocationDraft(
                allocation.invoice_pk,
                allocation.amount,
                allocation.discount_amount,
                deducted,
                deduction.reason_code if deduction else None,
                deduction.reason_text if deduction else None,
            )
        )
        allocation.reversed_at, allocation.reversed_by = now, actor
        if deduction:
            deduction.status, deduction.resolved_at, deduction.resolved_by = "reversed", now, actor
    invoices = Invoice.metadata.tables["invoices"]
    if restored:
        session.execute(
            update(invoices)
            .where(invoices.c.id == bindparam("b_pk"))
            .values(open_amount=invoices.c.open_amount + bindparam("b_settled", type_=Amount())),
            [{"b_pk": draft.invoice_pk, "b_settled": draft.settled} for draft in restored],
        )
        _refresh_status(session, [draft.invoice_pk for draft in restored])
    return restored


def _refresh_status(session: Session, invoice_pks: Sequence[int]) -> None:
    """The same rule as ledger imports (:func:`copilot.services.ledger.invoice_status`), in SQL."""
    session.execute(
        update(Invoice)
        .where(Invoice.id.in_(set(invoice_pks)))
        .values(
            status=case(
                (Invoice.open_amount == ZERO, "paid"),
                (Invoice.open_amount == Invoice.amount, "open"),
                else_="partially_paid",
            )
        )
        .execution_options(synchronize_session=False)
    )
