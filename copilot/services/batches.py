"""Batch bookings reported twice: once as a total, once as the transactions it books.

Banks often book a batch of incoming transfers as one entry: a camt.053 may show only the
total (one entry, its bank reference ``R``) while a camt.054 lists the transactions, each
carrying ``R`` as its ``entry_reference``. Recorded naively that money would count twice.
After a document is recorded:

- if it brought the transactions of a batch whose total another file recorded (same
  reference, currency and sum, compatible account), the transactions replace the total —
  they say who paid what — and the total's sightings move to the first transaction; if the
  total was already applied to invoices it stays and the transactions become its sightings;
- if it brought a total whose transactions are already recorded, the total is a duplicate.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from copilot.db.models import Payment, PaymentSighting
from copilot.services.payments import RecordCounts

BATCH_RULE = "batch_total"


def reconcile_batches(session: Session, document_pk: int, counts: RecordCounts) -> None:
    """Apply both rules to what ``document_pk`` just recorded."""
    _transactions_replace_totals(session, document_pk, counts)
    _totals_already_detailed(session, document_pk, counts)


class BatchSum(NamedTuple):
    """The transactions of one batch entry, summed."""

    reference: str
    currency: str
    account_pk: int | None
    amount: Decimal
    first_pk: int


def _batch_sums(session: Session, *conditions: ColumnElement[bool]) -> list[BatchSum]:
    rows = session.execute(
        select(
            Payment.entry_reference,
            Payment.currency,
            func.min(Payment.bank_account_pk),
            func.sum(Payment.amount),
            func.min(Payment.id),
        )
        .where(Payment.entry_reference.is_not(None), *conditions)
        .group_by(Payment.entry_reference, Payment.currency)
    ).all()
    return [BatchSum(str(row[0]), row[1], row[2], row[3], row[4]) for row in rows]


def _compatible(left: int | None, right: int | None) -> bool:
    return left is None or right is None or left == right


def _transactions_replace_totals(session: Session, document_pk: int, counts: RecordCounts) -> None:
    batches = _batch_sums(session, Payment.document_pk == document_pk)
    if not batches:
        return
    totals = session.scalars(
        select(Payment).where(
            Payment.bank_reference.in_({batch.reference for batch in batches}),
            Payment.entry_reference.is_(None),
            Payment.document_pk != document_pk,
        )
    ).all()
    for batch in batches:
        total = next(
            (
                t
                for t in totals
                if (t.bank_reference, t.currency, t.amount) == (batch.reference, batch.currency, batch.amount)
                and _compatible(t.bank_account_pk, batch.account_pk)
            ),
            None,
        )
        if total is None:
            continue
        if total.status == "unapplied":
            _move_sightings(session, [total.id], batch.first_pk)
            session.execute(delete(Payment).where(Payment.id == total.id))
            counts.superseded += 1
            continue
        transactions = list(
            session.scalars(
                select(Payment.id).where(
                    Payment.document_pk == document_pk, Payment.entry_reference == batch.reference
                )
            )
        )
        _move_sightings(session, transactions, total.id)
        session.execute(delete(Payment).where(Payment.id.in_(transactions)))
        counts.new -= len(transactions)
        counts.duplicates[BATCH_RULE] += len(transactions)


def _totals_already_detailed(session: Session, document_pk: int, counts: RecordCounts) -> None:
    detailed_elsewhere = (
        select(Payment.entry_reference)
        .where(Payment.entry_reference.is_not(None), Payment.document_pk != document_pk)
        .scalar_subquery()
    )
    candidates = session.scalars(
        select(Payment).where(
            Payment.document_pk == document_pk,
            Payment.entry_reference.is_(None),
            Payment.bank_reference.in_(detailed_elsewhere),
        )
    ).all()
    if not candidates:
        return
    batches = _batch_sums(
        session,
        Payment.document_pk != document_pk,
        Payment.entry_reference.in_({total.bank_reference for total in candidates}),
    )
    for total in candidates:
        batch = next(
            (
                b
                for b in batches
                if (b.reference, b.currency, b.amount) == (total.bank_reference, total.currency, total.amount)
                and _compatible(b.account_pk, total.bank_account_pk)
            ),
            None,
        )
        if batch is None:
            continue
        _move_sightings(session, [total.id], batch.first_pk)
        session.execute(delete(Payment).where(Payment.id == total.id))
        counts.new -= 1
        counts.duplicates[BATCH_RULE] += 1


def _move_sightings(session: Session, from_pks: list[int], to_pk: int) -> None:
    session.execute(
        update(PaymentSighting)
        .where(PaymentSighting.payment_pk.in_(from_pks))
        .values(payment_pk=to_pk, matched_by=BATCH_RULE)
    )
