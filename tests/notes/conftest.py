"""A small ledger with notes and promises in French and English; no network, no Chroma model."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2
from sqlalchemy import Engine

from copilot.db.engine import transaction
from copilot.db.models import Customer, Invoice
from copilot.notes.records import IndexedNote
from copilot.notes.store import add_note
from copilot.services.promises import PromiseView, add_promise
from copilot.settings import Settings

LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}


def _is_local(host: Any) -> bool:
    if not isinstance(host, str):
        return False
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only loopback connections (PostgreSQL, a local Chroma server); Chroma's ONNX model refused."""
    connect = socket.socket.connect
    resolve = socket.getaddrinfo

    def local_connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            raise OSError(f"tests stay on this machine: connection to {address[0]} refused")
        connect(self, address)

    def local_resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_local(host if isinstance(host, str) else host.decode()):
            raise OSError(f"tests stay on this machine: no lookup of {host}")
        return resolve(host, *args, **kwargs)

    def no_onnx(self: ONNXMiniLM_L6_V2, *args: Any) -> Any:
        raise AssertionError("Chroma's default ONNX embedding model was used")

    monkeypatch.setattr(socket.socket, "connect", local_connect)
    monkeypatch.setattr(socket, "getaddrinfo", local_resolve)
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "__call__", no_onnx)
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "_download_model_if_not_exists", no_onnx)


def add_customers(engine: Engine) -> None:
    """Boulangerie Dupont (French, EUR invoices), Acme Widgets (English, credit in GBP) and
    Dupont Frères (French, nothing owed)."""
    with transaction(engine) as session:
        dupont = Customer(customer_id="C1", name="Boulangerie Dupont SAS", language="fr")
        acme = Customer(customer_id="C2", name="Acme Widgets Ltd", language="en", credit_currency="GBP")
        freres = Customer(customer_id="C3", name="Dupont Frères", language="fr")
        session.add_all([dupont, acme, freres])
        session.flush()
        session.add_all(
            [
                Invoice(
                    invoice_number="FA-2026-00123",
                    customer_pk=dupont.id,
                    issue_date=date(2026, 9, 1),
                    due_date=date(2026, 10, 1),
                    currency="EUR",
                    amount=Decimal("1200.00"),
                    open_amount=Decimal("1200.00"),
                ),
                Invoice(
                    invoice_number="FA-2026-00124",
                    customer_pk=dupont.id,
                    issue_date=date(2026, 9, 10),
                    due_date=date(2026, 10, 10),
                    currency="EUR",
                    amount=Decimal("350.50"),
                    open_amount=Decimal("350.50"),
                ),
                Invoice(
                    invoice_number="INV-10023",
                    customer_pk=acme.id,
                    issue_date=date(2026, 9, 15),
                    due_date=date(2026, 10, 15),
                    currency="GBP",
                    amount=Decimal("980.00"),
                    open_amount=Decimal("980.00"),
                ),
            ]
        )


@dataclass(frozen=True)
class World:
    """The notes and promises recorded, by a short name."""

    dupont_call: IndexedNote
    dupont_promise: PromiseView
    acme_call: IndexedNote
    acme_email: IndexedNote
    acme_promise: PromiseView


@pytest.fixture
def world(engine: Engine, settings: Settings) -> World:
    """Two customers' notes and promises, in their languages, indexed."""
    add_customers(engine)
    with transaction(engine) as session:
        dupont_call = add_note(
            session,
            settings,
            "C1",
            "Appel avec Mme Dupont : elle conteste la facture FA-2026-00124, marchandise abîmée"
            " à la livraison",
            kind="call",
            noted_on=date(2026, 11, 12),
            author="marie",
        )
        dupont_promise = add_promise(
            session,
            settings,
            "Boulangerie Dupont",
            Decimal("1200"),
            date(2026, 12, 15),
            made_on=date(2026, 11, 24),
            invoice_numbers=["FA-2026-00123"],
            author="marie",
        )
        acme_email = add_note(
            session,
            settings,
            "C2",
            "Sent the statement of account by email to the accounts payable team",
            kind="email",
            noted_on=date(2026, 11, 5),
            author="john",
        )
        acme_call = add_note(
            session,
            settings,
            "Acme Widgets",
            "Called John Smith: the cheque is in the post, he expects it to arrive next week",
            kind="call",
            noted_on=date(2026, 11, 10),
            author="john",
        )
        acme_promise = add_promise(
            session,
            settings,
            "C2",
            Decimal("980.00"),
            date(2026, 11, 30),
            made_on=date(2026, 11, 20),
            author="john",
        )
    return World(dupont_call, dupont_promise, acme_call, acme_email, acme_promise)
