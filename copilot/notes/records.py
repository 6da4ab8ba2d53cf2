"""Notes and promises as the index and the search see them, read from the database rows."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.copilot_models import CustomerNote, PaymentPromise
from copilot.db.models import Customer
from copilot.locales import language_of
from copilot.notes.wording import promise_sentence
from tools.money import format_amount

NOTE_KINDS = ("note", "call", "email")  # what a person writes; a promise is recorded as a promise
KINDS = (*NOTE_KINDS, "promise")


@dataclass(frozen=True, slots=True)
class IndexedNote:
    """One note or promise: ``note_id`` is ``note-12`` for a note row, ``promise-3`` for a promise.

    ``text`` is what a person reads (a promise's generated sentence); ``keywords`` adds what a
    keyword search should also find (the customer, the kind, a promise's plain amount, date and
    invoice numbers).
    """

    note_id: str
    customer_id: str
    customer_name: str
    kind: str
    day: date
    text: str
    author: str
    keywords: str

    @property
    def document(self) -> str:
        """The text embedded for semantic search: the customer's name, then the note."""
        return f"{self.customer_name}: {self.text}"

    @property
    def metadata(self) -> dict[str, str | int]:
        """Chroma metadata: who, what kind, the ISO date and ``day`` as ``yyyymmdd`` for ranges."""
        return {
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "kind": self.kind,
            "date": self.day.isoformat(),
            "day": day_number(self.day),
        }

    def as_json(self) -> dict[str, Any]:
        """The note as JSON (date in ISO 8601)."""
        return {
            "note_id": self.note_id,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "kind": self.kind,
            "date": self.day.isoformat(),
            "text": self.text,
            "author": self.author,
        }


def day_number(day: date) -> int:
    """``day`` as the integer ``yyyymmdd`` (2026-11-24 → 20261124), ordered like the dates."""
    return day.year * 10_000 + day.month * 100 + day.day


def note_record(note: CustomerNote, customer: Customer) -> IndexedNote:
    """A note row as indexed."""
    return IndexedNote(
        note_id=f"note-{note.id}",
        customer_id=customer.customer_id,
        customer_name=customer.name,
        kind=note.kind,
        day=note.noted_on,
        text=note.text,
        author=note.author,
        keywords=f"{customer.name} {customer.customer_id} {note.kind} {note.text}",
    )


def promise_record(promise: PaymentPromise, customer: Customer) -> IndexedNote:
    """A promise row as indexed: a note of kind ``promise`` dated the day it was made, in words."""
    text = promise_sentence(
        amount=promise.amount,
        currency=promise.currency,
        promised_date=promise.promised_date,
        made_on=promise.made_on,
        language=language_of(customer.language),
        invoice_numbers=promise.invoice_numbers or (),
        note=promise.note,
    )
    plain = (
        f"{format_amount(promise.amount, promise.currency)} {promise.currency} "
        f"{promise.promised_date.isoformat()} {' '.join(promise.invoice_numbers or ())}"
    )
    return IndexedNote(
        note_id=f"promise-{promise.id}",
        customer_id=customer.customer_id,
        customer_name=customer.name,
        kind="promise",
        day=promise.made_on,
        text=text,
        author=promise.created_by,
        keywords=f"{customer.name} {customer.customer_id} promise {text} {plain}",
    )


def load_records(
    session: Session,
    *,
    customer_pk: int | None = None,
    kinds: Collection[str] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[IndexedNote]:
    """The notes and promises of the database, optionally of one customer, some kinds and a
    date range (``since`` and ``until`` included; a promise is dated the day it was made)."""
    notes = select(CustomerNote, Customer).join(Customer, Customer.id == CustomerNote.customer_pk)
    promises = select(PaymentPromise, Customer).join(Customer, Customer.id == PaymentPromise.customer_pk)
    if customer_pk is not None:
        notes = notes.where(CustomerNote.customer_pk == customer_pk)
        promises = promises.where(PaymentPromise.customer_pk == customer_pk)
    if since is not None:
        notes = notes.where(CustomerNote.noted_on >= since)
        promises = promises.where(PaymentPromise.made_on >= since)
    if until is not None:
        notes = notes.where(CustomerNote.noted_on <= until)
        promises = promises.where(PaymentPromise.made_on <= until)
    if kinds is not None:
        notes = notes.where(CustomerNote.kind.in_(list(kinds)))
    records = [
        note_record(note, customer) for note, customer in session.execute(notes.order_by(CustomerNote.id))
    ]
    if kinds is None or "promise" in kinds:
        records += [
            promise_record(promise, customer)
            for promise, customer in session.execute(promises.order_by(PaymentPromise.id))
        ]
    return records
