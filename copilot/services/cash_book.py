"""Load what matching needs from the database in a few bulk queries (no per-row ORM loads)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import (
    Customer,
    CustomerAlias,
    CustomerIban,
    Invoice,
    Payment,
    Remittance,
    RemittanceLine,
)
from tools.matching import CustomerProfile, DiscountTerms, MatchBook, OpenInvoice, PaymentFacts
from tools.matching import RemittanceLine as LineFacts

_PLACEHOLDERS = frozenset({"NOTPROVIDED", "NONREF", "NONE", "N/A"})


def load_book(session: Session) -> tuple[MatchBook, dict[str, int]]:
    """Every customer and open invoice; also customer id → row id of each customer."""
    ibans: dict[int, list[str]] = defaultdict(list)
    for customer_pk, iban in session.execute(select(CustomerIban.customer_pk, CustomerIban.iban)):
        ibans[customer_pk].append(iban)
    aliases: dict[int, list[str]] = defaultdict(list)
    for customer_pk, alias in session.execute(select(CustomerAlias.customer_pk, CustomerAlias.alias)):
        aliases[customer_pk].append(alias)
    customer_rows = session.execute(
        select(
            Customer.id,
            Customer.customer_id,
            Customer.name,
            Customer.parent_customer_id,
            Customer.discount_terms,
        )
    ).all()
    customer_pks = {row.customer_id: row.id for row in customer_rows}
    profiles = [
        CustomerProfile(
            customer_id=row.customer_id,
            name=row.name,
            parent_id=row.parent_customer_id,
            ibans=tuple(ibans.get(row.id, ())),
            aliases=tuple(aliases.get(row.id, ())),
            discount_terms=DiscountTerms.parse(row.discount_terms),
        )
        for row in customer_rows
    ]
    ids_by_pk = {pk: customer_id for customer_id, pk in customer_pks.items()}
    invoices = (
        OpenInvoice(
            key=row.id,
            number=row.invoice_number,
            customer_id=ids_by_pk[row.customer_pk],
            currency=row.currency,
            amount=row.amount,
            open_amount=row.open_amount,
            issue_date=row.issue_date,
            due_date=row.due_date,
            po_number=row.po_number,
        )
        for row in session.execute(
            select(
                Invoice.id,
                Invoice.invoice_number,
                Invoice.customer_pk,
                Invoice.currency,
                Invoice.amount,
                Invoice.open_amount,
                Invoice.issue_date,
                Invoice.due_date,
                Invoice.po_number,
            ).where(Invoice.open_amount > Decimal(0))
        )
    )
    return MatchBook(profiles, invoices), customer_pks


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """What a match run keeps of a stored payment besides its facts."""

    id: int
    bank_id: str
    currency: str


def load_payments(session: Session, pks: Sequence[int]) -> list[tuple[PaymentRow, PaymentFacts]]:
    """Stored payments (in the order of ``pks``) as matching sees them, with their remittance lines."""
    if not pks:
        return []
    lines = _remittance_lines(session, pks)
    query = select(
        Payment.id,
        Payment.bank_id,
        Payment.currency,
        Payment.amount,
        Payment.booking_date,
        Payment.payer_name,
        Payment.payer_iban,
        Payment.creditor_reference,
        Payment.reference,
        Payment.remittance_text,
        Payment.end_to_end_id,
    ).where(Payment.id.in_(pks))
    loaded = {}
    for row in session.execute(query):
        texts = (row.creditor_reference, row.reference, row.remittance_text, row.end_to_end_id)
        facts = PaymentFacts(
            key=row.id,
            amount=row.amount,
            currency=row.currency,
            booking_date=row.booking_date,
            payer_name=row.payer_name,
            payer_iban=row.payer_iban,
            texts=tuple(t for t in dict.fromkeys(texts) if t and t.strip().upper() not in _PLACEHOLDERS),
            remittance_lines=tuple(lines.get(row.id, ())),
        )
        loaded[row.id] = (PaymentRow(row.id, row.bank_id, row.currency), facts)
    return [loaded[pk] for pk in pks if pk in loaded]


def _remittance_lines(session: Session, pks: Sequence[int]) -> dict[int, list[LineFacts]]:
    lines: dict[int, list[LineFacts]] = defaultdict(list)
    query = (
        select(Remittance.payment_pk, RemittanceLine)
        .join(RemittanceLine, RemittanceLine.remittance_pk == Remittance.id)
        .where(Remittance.payment_pk.in_(pks))
        .order_by(Remittance.id, RemittanceLine.position)
    )
    for payment_pk, line in session.execute(query):
        if payment_pk is None:
            continue
        lines[payment_pk].append(
            LineFacts(
                invoice_number=line.invoice_number,
                paid_amount=line.paid_amount,
                invoice_amount=line.invoice_amount,
                discount_amount=line.discount_amount,
                deduction_amount=line.deduction_amount,
                reason_text=line.reason_text,
                reason_code=line.reason_code,
            )
        )
    return lines
