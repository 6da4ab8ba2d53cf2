"""Promises to pay (*promesses de paiement*): recording one, and listing a customer's.

A promise is a :class:`~copilot.db.copilot_models.PaymentPromise` row; it is also indexed for
search as a note of kind ``promise``, told as a sentence in the customer's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.copilot_models import PaymentPromise
from copilot.db.models import Customer, Invoice
from copilot.notes.customers import resolve_customer
from copilot.notes.errors import NotesError
from copilot.notes.index import open_note_index
from copilot.notes.records import promise_record
from copilot.services.audit import record_action
from copilot.services.invoice_lookup import invoice_lookup
from copilot.settings import Settings
from tools.money import MoneyError, format_amount, normalise_currency, quantise


@dataclass(frozen=True, slots=True)
class PromiseView:
    """A promise as shown: its stored status, and ``due`` when it is open and its date has come."""

    promise_id: int
    customer_id: str
    customer_name: str
    amount: Decimal
    currency: str
    promised_date: date
    made_on: date
    invoice_numbers: tuple[str, ...]
    note: str | None
    status: str
    due: bool
    created_by: str
    text: str

    @property
    def note_id(self) -> str:
        """The promise's id in the notes index and in search results."""
        return f"promise-{self.promise_id}"

    def as_json(self) -> dict[str, Any]:
        """The promise as JSON: amount a string with the currency's decimals, ISO dates."""
        return {
            "promise_id": self.promise_id,
            "note_id": self.note_id,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "amount": format_amount(self.amount, self.currency),
            "currency": self.currency,
            "promised_date": self.promised_date.isoformat(),
            "made_on": self.made_on.isoformat(),
            "invoice_numbers": list(self.invoice_numbers),
            "note": self.note,
            "status": self.status,
            "due": self.due,
            "created_by": self.created_by,
            "text": self.text,
        }


def add_promise(
    session: Session,
    settings: Settings,
    customer: Customer | str,
    amount: Decimal,
    promised_date: date,
    *,
    made_on: date,
    currency: str | None = None,
    invoice_numbers: Sequence[str] = (),
    note: str | None = None,
    author: str,
) -> PromiseView:
    """Record ``customer``'s promise to pay ``amount`` by ``promised_date`` in the caller's
    transaction, audit it as ``promise_added`` and index it for search (status ``open``).

    The currency is ``currency``, else that of the invoices named, else the customer's credit
    currency, else that of its open invoices when they share one, else the default currency.
    ``amount`` must be positive and exact in that currency; named invoices must be the customer's
    (numbers are matched as :func:`copilot.services.invoice_lookup.invoice_lookup` forgives) and
    in that currency; ``promised_date`` may not precede ``made_on``. Raises :class:`NotesError`.
    """
    author = author.strip()
    if not author:
        raise NotesError("a promise needs an author")
    if promised_date < made_on:
        raise NotesError(f"the promised date {promised_date} is before the day it was made, {made_on}")
    row = resolve_customer(session, customer)
    invoices = _named_invoices(session, row, invoice_numbers)
    chosen = _promise_currency(session, settings, row, currency, invoices)
    if wrong := [invoice for invoice in invoices if invoice.currency != chosen]:
        raise NotesError(
            f"invoice {wrong[0].invoice_number} is in {wrong[0].currency}, the promise in {chosen}"
        )
    try:
        exact = quantise(amount, chosen)
    except MoneyError as exc:
        raise NotesError(str(exc)) from exc
    if exact <= 0:
        raise NotesError(f"a promised amount must be positive, got {amount}")
    promise = PaymentPromise(
        customer_pk=row.id,
        amount=exact,
        currency=chosen,
        promised_date=promised_date,
        made_on=made_on,
        invoice_numbers=[invoice.invoice_number for invoice in invoices],
        note=(note or "").strip() or None,
        status="open",
        created_by=author,
    )
    session.add(promise)
    session.flush()
    record_action(
        session,
        actor=author,
        action="promise_added",
        entity_type="payment_promise",
        entity_id=promise.id,
        details={
            "customer_id": row.customer_id,
            "amount": format_amount(exact, chosen),
            "currency": chosen,
            "promised_date": promised_date.isoformat(),
            "made_on": made_on.isoformat(),
            "invoice_numbers": promise.invoice_numbers,
        },
    )
    record = promise_record(promise, row)
    with open_note_index(settings) as index:
        index.upsert([record])
    return _view(promise, row, as_of=made_on)


def customer_promises(session: Session, customer: Customer | str | None, *, as_of: date) -> list[PromiseView]:
    """The promises of ``customer`` (id or name; every customer's with ``None``), newest first
    (by the day made, then the order recorded). ``due`` is judged on ``as_of``."""
    query = select(PaymentPromise, Customer).join(Customer, Customer.id == PaymentPromise.customer_pk)
    if customer is not None:
        query = query.where(PaymentPromise.customer_pk == resolve_customer(session, customer).id)
    query = query.order_by(PaymentPromise.made_on.desc(), PaymentPromise.id.desc())
    return [_view(promise, row, as_of=as_of) for promise, row in session.execute(query)]


def _view(promise: PaymentPromise, customer: Customer, *, as_of: date) -> PromiseView:
    return PromiseView(
        promise_id=promise.id,
        customer_id=customer.customer_id,
        customer_name=customer.name,
        amount=quantise(promise.amount, promise.currency, exact=False),
        currency=promise.currency,
        promised_date=promise.promised_date,
        made_on=promise.made_on,
        invoice_numbers=tuple(promise.invoice_numbers or ()),
        note=promise.note,
        status=promise.status,
        due=promise.status == "open" and promise.promised_date <= as_of,
        created_by=promise.created_by,
        text=promise_record(promise, customer).text,
    )


def _named_invoices(session: Session, customer: Customer, numbers: Sequence[str]) -> list[Invoice]:
    """The customer's invoices for ``numbers``, in the order given, each once."""
    if not numbers:
        return []
    owned = {
        row.invoice_number: row
        for row in session.scalars(select(Invoice).where(Invoice.customer_pk == customer.id))
    }
    known = invoice_lookup(owned)
    found: dict[str, Invoice] = {}
    for number in numbers:
        match = known(number)
        if match is None:
            raise NotesError(f"{customer.name} ({customer.customer_id}) has no invoice {number!r}")
        found.setdefault(match, owned[match])
    return list(found.values())


def _promise_currency(
    session: Session,
    settings: Settings,
    customer: Customer,
    requested: str | None,
    invoices: Sequence[Invoice],
) -> str:
    if requested:
        try:
            return normalise_currency(requested)
        except MoneyError as exc:
            raise NotesError(str(exc)) from exc
    if named := sorted({invoice.currency for invoice in invoices}):
        if len(named) > 1:
            raise NotesError(f"the invoices named are in {' and '.join(named)}: one promise per currency")
        return named[0]
    if customer.credit_currency:
        return customer.credit_currency
    open_currencies = set(
        session.scalars(
            select(Invoice.currency)
            .where(Invoice.customer_pk == customer.id, Invoice.open_amount != Decimal(0))
            .distinct()
        )
    )
    if len(open_currencies) == 1:
        return open_currencies.pop()
    if open_currencies:
        raise NotesError(
            f"{customer.name} owes in {' and '.join(sorted(open_currencies))}: say which currency is promised"
        )
    return settings.default_currency
