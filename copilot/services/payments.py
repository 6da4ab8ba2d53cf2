"""Recording bank payments exactly once (see :mod:`ingest.identity` for the rules)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from copilot.db.models import BankAccount, Document, Payment, PaymentSighting
from ingest.identity import (
    DATE_WINDOW_DAYS,
    accounts_compatible,
    match_rule,
    normalise_token,
)
from ingest.records import BankPayment

CHUNK_SIZE = 500


@dataclass(frozen=True)
class StoredTransaction:
    """A payment already in the database, as the identity rules see it."""

    pk: int
    document_pk: int
    account: str | None
    booking_date: date
    value_date: date | None
    amount: Decimal
    currency: str
    payer_name: str | None
    payer_iban: str | None
    end_to_end_id: str | None
    reference: str | None
    remittance_text: str | None
    bank_reference: str | None


Candidates = dict[tuple[str, Decimal], list[StoredTransaction]]


@dataclass
class RecordCounts:
    """What happened to the payments of one document."""

    new: int = 0
    duplicates: Counter[str] = field(default_factory=Counter)
    superseded: int = 0
    """Batch totals recorded from another file that this file's transactions replaced."""

    @property
    def duplicate_total(self) -> int:
        return sum(self.duplicates.values())


_COLUMNS = (
    Payment.id,
    Payment.document_pk,
    Payment.bank_account_pk,
    Payment.booking_date,
    Payment.value_date,
    Payment.amount,
    Payment.currency,
    Payment.payer_name,
    Payment.payer_iban,
    Payment.end_to_end_id,
    Payment.reference,
    Payment.remittance_text,
    Payment.bank_reference,
)


def record_payments(session: Session, document: Document, payments: Iterable[BankPayment]) -> RecordCounts:
    """Insert the payments of ``document`` that are new; link duplicates to what exists.

    Works in chunks with set-based lookups and Core inserts, so memory stays flat and a
    100,000-payment statement is one transaction. Reading a document again (a retry) adds
    nothing it already added.
    """
    accounts = _AccountCache(session)
    counts = RecordCounts()
    seen_here = set(
        session.scalars(select(PaymentSighting.locator).where(PaymentSighting.document_pk == document.id))
    )
    for chunk in _chunks(payments, CHUNK_SIZE):
        candidates = _candidates(session, chunk, accounts)
        new_rows: list[dict[str, Any]] = []
        new_payments: list[BankPayment] = []
        new_by_money: dict[tuple[str, Decimal], list[BankPayment]] = defaultdict(list)
        sightings: list[dict[str, Any]] = []
        for payment in chunk:
            found = _find_existing(payment, document.id, candidates, new_by_money)
            if found is None:
                new_payments.append(payment)
                new_by_money[(payment.currency, payment.amount)].append(payment)
                new_rows.append(_payment_row(payment, document.id, accounts.pk_for(payment)))
                continue
            rule, existing_pk = found
            counts.duplicates[rule] += 1
            if existing_pk is not None and payment.locator not in seen_here:
                sightings.append(_sighting(existing_pk, document.id, payment.locator, rule))
        if new_rows:
            new_pks = session.scalars(
                insert(Payment).returning(Payment.id, sort_by_parameter_order=True), new_rows
            ).all()
            sightings.extend(
                _sighting(pk, document.id, payment.locator, "first")
                for pk, payment in zip(new_pks, new_payments, strict=True)
            )
            counts.new += len(new_pks)
        if sightings:
            session.execute(insert(PaymentSighting), sightings)
    return counts


def _chunks(payments: Iterable[BankPayment], size: int) -> Iterator[list[BankPayment]]:
    iterator = iter(payments)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _find_existing(
    payment: BankPayment,
    document_pk: int,
    candidates: Candidates,
    earlier_in_chunk: dict[tuple[str, Decimal], list[BankPayment]],
) -> tuple[str, int | None] | None:
    """The rule and stored payment this one duplicates (pk ``None``: an earlier line of this chunk)."""
    for candidate in candidates.get((payment.currency, payment.amount), ()):
        if not accounts_compatible(payment.account, candidate.account):
            continue
        rule = match_rule(payment, candidate, same_document=candidate.document_pk == document_pk)
        if rule is not None:
            return rule, candidate.pk
    for earlier in earlier_in_chunk.get((payment.currency, payment.amount), ()):
        if accounts_compatible(payment.account, earlier.account):
            rule = match_rule(payment, earlier, same_document=True)
            if rule is not None:
                return rule, None
    return None


def _candidates(session: Session, chunk: list[BankPayment], accounts: _AccountCache) -> Candidates:
    """Stored payments of the same amount booked within the rules' window of the chunk's days.

    Every identity rule needs the same amount and close booking dates, so one query on the
    ``(amount, booking_date)`` index finds all there is to compare.
    """
    window = timedelta(days=DATE_WINDOW_DAYS)
    query = select(*_COLUMNS).where(
        Payment.amount.in_({p.amount for p in chunk}),
        Payment.booking_date.between(
            min(p.booking_date for p in chunk) - window, max(p.booking_date for p in chunk) + window
        ),
    )
    found: Candidates = defaultdict(list)
    for row in session.execute(query):
        found[(row.currency, row.amount)].append(
            StoredTransaction(
                pk=row.id,
                document_pk=row.document_pk,
                account=accounts.key_of(row.bank_account_pk),
                booking_date=row.booking_date,
                value_date=row.value_date,
                amount=row.amount,
                currency=row.currency,
                payer_name=row.payer_name,
                payer_iban=row.payer_iban,
                end_to_end_id=row.end_to_end_id,
                reference=row.reference,
                remittance_text=row.remittance_text,
                bank_reference=row.bank_reference,
            )
        )
    return found


def _payment_row(payment: BankPayment, document_pk: int, account_pk: int | None) -> dict[str, Any]:
    return {
        "bank_account_pk": account_pk,
        "document_pk": document_pk,
        "bank_id": payment.id,
        "bank_reference": payment.bank_reference,
        "entry_reference": payment.entry_reference,
        "end_to_end_id": payment.end_to_end_id,
        "booking_date": payment.booking_date,
        "value_date": payment.value_date,
        "amount": payment.amount,
        "currency": payment.currency,
        "payer_name": payment.payer_name,
        "payer_iban": payment.payer_iban,
        "payer_bic": payment.payer_bic,
        "creditor_reference": payment.creditor_reference,
        "reference": payment.reference,
        "remittance_text": payment.remittance_text,
        "bank_transaction_code": payment.bank_transaction_code,
        "status": "unapplied",
    }


def _sighting(payment_pk: int, document_pk: int, locator: str, matched_by: str) -> dict[str, Any]:
    return {
        "payment_pk": payment_pk,
        "document_pk": document_pk,
        "locator": locator,
        "matched_by": matched_by,
    }


class _AccountCache:
    """Our bank accounts by normalised key, created on first sight."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._pks: dict[str, int] = {}
        self._keys: dict[int, str] = {}
        for account in session.scalars(select(BankAccount)):
            self._remember(account)

    def _remember(self, account: BankAccount) -> None:
        self._pks[account.account_key] = account.id
        self._keys[account.id] = account.account_key

    def key_of(self, pk: int | None) -> str | None:
        return None if pk is None else self._keys.get(pk)

    def pk_for(self, payment: BankPayment) -> int | None:
        if not payment.account:
            return None
        key = normalise_token(payment.account)
        if key not in self._pks:
            is_iban = len(key) >= 15 and key[:2].isalpha() and key[2:4].isdigit()
            account = BankAccount(account_key=key, iban=key if is_iban else None, currency=payment.currency)
            self._session.add(account)
            self._session.flush()
            self._remember(account)
        return self._pks[key]
