"""Recording notes and promises: exact amounts, currencies, invoices, audit log and listing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, select

from copilot.db.copilot_models import CustomerNote, PaymentPromise
from copilot.db.engine import session_factory, transaction
from copilot.db.models import AuditEntry
from copilot.notes.errors import NotesError
from copilot.notes.index import open_note_index
from copilot.notes.store import add_note
from copilot.services.promises import PromiseView, add_promise, customer_promises
from copilot.settings import Settings
from tests.notes.conftest import World, add_customers

MADE = date(2026, 11, 24)


def promise(engine: Engine, settings: Settings, customer: str, amount: str, **options: Any) -> PromiseView:
    with transaction(engine) as session:
        return add_promise(
            session,
            settings,
            customer,
            Decimal(amount),
            options.pop("promised_date", date(2026, 12, 15)),
            made_on=options.pop("made_on", MADE),
            author=options.pop("author", "marie"),
            **options,
        )


def test_a_note_is_stored_audited_and_indexed(engine: Engine, settings: Settings) -> None:
    add_customers(engine)
    with transaction(engine) as session:
        note = add_note(
            session,
            settings,
            "Acme",
            "  Called John  ",
            kind="call",
            noted_on=date(2026, 11, 2),
            author="ann",
        )
    with session_factory(engine)() as session:
        row = session.scalars(select(CustomerNote)).one()
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "note_added")).one()
    assert (row.kind, row.noted_on, row.text, row.author) == ("call", date(2026, 11, 2), "Called John", "ann")
    assert note.as_json() == {
        "note_id": f"note-{row.id}",
        "customer_id": "C2",
        "customer_name": "Acme Widgets Ltd",
        "kind": "call",
        "date": "2026-11-02",
        "text": "Called John",
        "author": "ann",
    }
    assert (audit.actor, audit.entity_type, audit.entity_id) == ("ann", "customer_note", str(row.id))
    assert audit.details == {"customer_id": "C2", "kind": "call", "noted_on": "2026-11-02"}
    with open_note_index(settings) as index:
        assert index.ids() == {note.note_id}


@pytest.mark.parametrize(
    ("customer", "text", "kind", "message"),
    [
        ("C1", "x", "promise", "a note's kind is one of note, call, email"),
        ("C1", "  ", "note", "a note needs some text"),
        ("Nobody Ltd", "x", "note", "unknown customer 'Nobody Ltd'"),
    ],
)
def test_notes_that_cannot_be_recorded(
    engine: Engine, settings: Settings, customer: str, text: str, kind: str, message: str
) -> None:
    add_customers(engine)
    with pytest.raises(NotesError, match=message), transaction(engine) as session:
        add_note(session, settings, customer, text, kind=kind, noted_on=MADE, author="ann")
    with session_factory(engine)() as session:
        assert session.scalars(select(CustomerNote)).all() == []


def test_promise_amounts_are_exact(engine: Engine, settings: Settings) -> None:
    add_customers(engine)
    first = promise(engine, settings, "C1", "1200.5", invoice_numbers=["fa 2026 00123", "FA-2026-00124"])
    assert (first.amount, first.currency) == (Decimal("1200.50"), "EUR")
    assert first.invoice_numbers == ("FA-2026-00123", "FA-2026-00124")
    with session_factory(engine)() as session:
        row = session.scalars(select(PaymentPromise)).one()
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "promise_added")).one()
    assert row.amount == Decimal("1200.50") and str(first.as_json()["amount"]) == "1200.50"
    assert (row.status, row.created_by, row.made_on) == ("open", "marie", MADE)
    assert audit.details == {
        "customer_id": "C1",
        "amount": "1200.50",
        "currency": "EUR",
        "promised_date": "2026-12-15",
        "made_on": "2026-11-24",
        "invoice_numbers": ["FA-2026-00123", "FA-2026-00124"],
    }
    assert first.text == (
        "Promesse de paiement de 1\u202f200,50\u00a0€ pour le 15/12/2026 (faite le 24/11/2026), "
        "factures FA-2026-00123, FA-2026-00124"
    )
    yen = promise(engine, settings, "C1", "150000", currency="jpy")
    assert (yen.amount, yen.currency, yen.as_json()["amount"]) == (Decimal("150000"), "JPY", "150000")


def test_the_promise_currency(engine: Engine, settings: Settings) -> None:
    add_customers(engine)
    assert promise(engine, settings, "C2", "10").currency == "GBP"  # the credit currency
    assert promise(engine, settings, "C1", "10").currency == "EUR"  # its open invoices'
    assert promise(engine, settings, "C3", "10").currency == settings.default_currency == "EUR"
    assert promise(engine, settings, "C3", "10", currency="usd").currency == "USD"


@pytest.mark.parametrize(
    ("customer", "amount", "options", "message"),
    [
        ("C1", "0", {}, "a promised amount must be positive"),
        ("C1", "-5", {}, "a promised amount must be positive"),
        ("C1", "10.005", {}, "10.005 has more decimals than EUR allows"),
        ("C1", "10", {"currency": "euros"}, "not an ISO 4217 currency code"),
        ("C1", "10", {"invoice_numbers": ["INV-10023"]}, "has no invoice 'INV-10023'"),
        (
            "C1",
            "10",
            {"invoice_numbers": ["FA-2026-00123"], "currency": "USD"},
            "is in EUR, the promise in USD",
        ),
        ("C1", "10", {"promised_date": date(2026, 11, 1)}, "before the day it was made"),
        ("Zebra", "10", {}, "unknown customer 'Zebra'"),
    ],
)
def test_promises_that_cannot_be_recorded(
    engine: Engine, settings: Settings, customer: str, amount: str, options: dict[str, Any], message: str
) -> None:
    add_customers(engine)
    with pytest.raises(NotesError, match=message):
        promise(engine, settings, customer, amount, **options)
    with session_factory(engine)() as session:
        assert session.scalars(select(PaymentPromise)).all() == []


def test_customer_promises_newest_first_with_due(engine: Engine, settings: Settings, world: World) -> None:
    later = promise(
        engine, settings, "C2", "20.00", promised_date=date(2026, 12, 1), made_on=date(2026, 11, 25)
    )
    with session_factory(engine)() as session:
        acme = customer_promises(session, "Acme Widgets Ltd", as_of=date(2026, 11, 30))
        everyone = customer_promises(session, None, as_of=date(2026, 12, 31))
    assert [(p.promise_id, p.amount, p.status, p.due) for p in acme] == [
        (later.promise_id, Decimal("20.00"), "open", False),
        (world.acme_promise.promise_id, Decimal("980.00"), "open", True),  # its day has come
    ]
    assert [p.promise_id for p in everyone] == [
        later.promise_id,
        world.dupont_promise.promise_id,
        world.acme_promise.promise_id,
    ]
    assert all(p.due for p in everyone)
    assert acme[1].as_json() == {
        "promise_id": world.acme_promise.promise_id,
        "note_id": f"promise-{world.acme_promise.promise_id}",
        "customer_id": "C2",
        "customer_name": "Acme Widgets Ltd",
        "amount": "980.00",
        "currency": "GBP",
        "promised_date": "2026-11-30",
        "made_on": "2026-11-20",
        "invoice_numbers": [],
        "note": None,
        "status": "open",
        "due": True,
        "created_by": "john",
        "text": "Promise to pay £980.00 by 30 Nov 2026 (made 20 Nov 2026)",
    }
