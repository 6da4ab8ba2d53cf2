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


def _books(total: Payment, batch: BatchSum) -> bool:
    """Whether ``total`` is the one entry that books ``batch`` (reference, money, account)."""
    same_account = (
        None in (total.bank_account_pk, batch.account_pk) or total.bank_account_pk == batch.account_pk
    )
    same_money = (total.currency, total.amount) == (batch.currency, batch.amount)
    return total.bank_reference == batch.reference and same_money and same_account


def _absorb(session: Session, duplicate_pks: list[int], into_pk: int) -> None:
    """Delete payments that another one stands for, moving their sightings to it."""
    session.execute(
        update(PaymentSighting)
        .where(PaymentSighting.payment_pk.in_(duplicate_pks))
        .values(payment_pk=into_pk, matched_by=BATCH_RULE)
    )
    session.execute(delete(Payment).where(Payment.id.in_(duplicate_pks)))


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
        total = next((t for t in totals if _books(t, batch)), None)
        if total is None:
            continue
        if total.status == "unapplied":
            _absorb(session, [total.id], batch.first_pk)
            counts.superseded += 1
            continue
        transactions = list(
            session.scalars(
                select(Payment.id).where(
                    Payment.document_pk == document_pk, Payment.entry_reference == batch.reference
                )
            )
        )
        _absorb(session, transactions, total.id)
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
        batch = next((b for b in batches if _books(total, b)), None)
        if batch is None:
            continue
        _absorb(session, [total.id], batch.first_pk)
        counts.new -= 1
        counts.duplicates[BATCH_RULE] += 1
