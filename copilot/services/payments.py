"""Recording bank payments exactly once (see :mod:`ingest.identity` for the rules)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from copilot.db.models import BankAccount, Document, Payment, PaymentSighting
from ingest.identity import (
    DATE_WINDOW_DAYS,
    accounts_compatible,
    match_rule,
    normalise_token,
    same_by_reference,
)
from ingest.records import BankPayment

CHUNK_SIZE = 500


ENRICHABLE = (
    "value_date",
    "payer_name",
    "payer_iban",
    "payer_bic",
    "end_to_end_id",
    "creditor_reference",
    "reference",
    "remittance_text",
    "bank_transaction_code",
    "bank_reference",
)
"""What a later report of a transaction may fill in when the first report lacked it."""
NOTIFICATIONS = frozenset({"camt052", "camt054"})
"""Formats that announce a transaction before the statement books it (their dates may move)."""


@dataclass(frozen=True)
class StoredTransaction:
    """A payment already in the database, as the identity rules see it."""

    pk: int
    document_pk: int
    document_format: str | None
    account: str | None
    booking_date: date
    value_date: date | None
    amount: Decimal
    currency: str
    payer_name: str | None
    payer_iban: str | None
    payer_bic: str | None
    end_to_end_id: str | None
    creditor_reference: str | None
    reference: str | None
    remittance_text: str | None
    bank_transaction_code: str | None
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


@dataclass
class _DocumentState:
    """What recording one document has decided so far (across its chunks)."""

    document: Document
    recorded: dict[str, int]
    """Locator → payment of the lines an earlier read of this document recorded (a retry)."""
    claimed: set[int]
    """Stored payments already matched by a line of this document: each absorbs only one."""


def record_payments(session: Session, document: Document, payments: Iterable[BankPayment]) -> RecordCounts:
    """Insert the payments of ``document`` that are new; link duplicates to what exists.

    Works in chunks with set-based lookups and Core inserts, so memory stays flat and a
    100,000-payment statement is one transaction. Bank references are matched before the
    weaker rules, and a stored payment absorbs at most one line of a document, so twins stay
    twins. A duplicate fills in what the first report lacked, and a statement's booking
    dates replace a notification's. Reading a document again (a retry) adds nothing it added.
    """
    accounts = _AccountCache(session)
    counts = RecordCounts()
    recorded = dict(
        session.execute(
            select(PaymentSighting.locator, PaymentSighting.payment_pk).where(
                PaymentSighting.document_pk == document.id
            )
        ).all()
    )
    state = _DocumentState(document, recorded, set(recorded.values()))
    for chunk in _chunks(payments, CHUNK_SIZE):
        _record_chunk(session, state, chunk, accounts, counts)
    return counts


def _record_chunk(
    session: Session,
    state: _DocumentState,
    chunk: list[BankPayment],
    accounts: _AccountCache,
    counts: RecordCounts,
) -> None:
    candidates = _candidates(session, chunk, accounts)
    matches: dict[int, tuple[str, StoredTransaction]] = {}
    fresh = [payment for payment in chunk if payment.locator not in state.recorded]
    if len(fresh) < len(chunk):
        counts.duplicates["already_recorded"] += len(chunk) - len(fresh)
    for strong_only in (True, False):
        for index, payment in enumerate(fresh):
            if index not in matches:
                found = _match_stored(payment, state, candidates, strong_only=strong_only)
                if found is not None:
                    matches[index] = found
                    state.claimed.add(found[1].pk)
    new_payments: list[BankPayment] = []
    new_by_money: dict[tuple[str, Decimal], list[BankPayment]] = defaultdict(list)
    sightings: list[dict[str, Any]] = []
    for index, payment in enumerate(fresh):
        found = matches.get(index)
        if found is None and _earlier_line(payment, new_by_money):
            counts.duplicates["bank_reference"] += 1
            continue
        if found is None:
            new_payments.append(payment)
            new_by_money[(payment.currency, payment.amount)].append(payment)
            continue
        rule, stored = found
        counts.duplicates[rule] += 1
        sightings.append(_sighting(stored.pk, state.document.id, payment.locator, rule))
        changes = _enrichment(payment, stored, state.document.format)
        if changes:
            session.execute(update(Payment).where(Payment.id == stored.pk).values(**changes))
    if new_payments:
        rows = [_payment_row(p, state.document.id, accounts.pk_for(p)) for p in new_payments]
        new_pks = session.scalars(
            insert(Payment).returning(Payment.id, sort_by_parameter_order=True), rows
        ).all()
        sightings.extend(
            _sighting(pk, state.document.id, payment.locator, "first")
            for pk, payment in zip(new_pks, new_payments, strict=True)
        )
        counts.new += len(new_pks)
    if sightings:
        session.execute(insert(PaymentSighting), sightings)


def _chunks(payments: Iterable[BankPayment], size: int) -> Iterator[list[BankPayment]]:
    iterator = iter(payments)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _match_stored(
    payment: BankPayment, state: _DocumentState, candidates: Candidates, *, strong_only: bool
) -> tuple[str, StoredTransaction] | None:
    """The first unclaimed stored payment this one duplicates, and by which rule."""
    for candidate in candidates.get((payment.currency, payment.amount), ()):
        if candidate.pk in state.claimed or not accounts_compatible(payment.account, candidate.account):
            continue
        if strong_only:
            if same_by_reference(payment, candidate):
                return "bank_reference", candidate
            continue
        rule = match_rule(payment, candidate, same_document=candidate.document_pk == state.document.id)
        if rule is not None:
            return rule, candidate
    return None


def _earlier_line(payment: BankPayment, earlier: dict[tuple[str, Decimal], list[BankPayment]]) -> bool:
    """Whether an earlier new line of this chunk carries the same bank reference and money."""
    return any(
        accounts_compatible(payment.account, other.account) and same_by_reference(payment, other)
        for other in earlier.get((payment.currency, payment.amount), ())
    )


def _enrichment(
    payment: BankPayment, stored: StoredTransaction, document_format: str | None
) -> dict[str, Any]:
    """Fields of ``stored`` to update from a later report of the same transaction."""
    changes = {
        name: getattr(payment, name)
        for name in ENRICHABLE
        if getattr(stored, name) is None and getattr(payment, name) is not None
    }
    booked_later = stored.document_format in NOTIFICATIONS and document_format not in NOTIFICATIONS
    if booked_later and payment.booking_date != stored.booking_date:
        changes["booking_date"] = payment.booking_date
        changes["value_date"] = payment.value_date or stored.value_date
    return changes


def _candidates(session: Session, chunk: list[BankPayment], accounts: _AccountCache) -> Candidates:
    """Stored payments of the same amount booked within the rules' window of the chunk's days.

    Every identity rule needs the same amount and close booking dates, so one query on the
    ``(amount, booking_date)`` index finds all there is to compare.
    """
    window = timedelta(days=DATE_WINDOW_DAYS)
    query = (
        select(Payment, Document.format)
        .join(Document, Payment.document_pk == Document.id)
        .where(
            Payment.amount.in_({p.amount for p in chunk}),
            Payment.booking_date.between(
                min(p.booking_date for p in chunk) - window, max(p.booking_date for p in chunk) + window
            ),
        )
    )
    found: Candidates = defaultdict(list)
    for payment, document_format in session.execute(query):
        found[(payment.currency, payment.amount)].append(
            StoredTransaction(
                pk=payment.id,
                document_pk=payment.document_pk,
                document_format=document_format,
                account=accounts.key_of(payment.bank_account_pk),
                booking_date=payment.booking_date,
                value_date=payment.value_date,
                amount=payment.amount,
                currency=payment.currency,
                **{name: getattr(payment, name) for name in ENRICHABLE if name != "value_date"},
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
