"""The world the ``ask`` questions are asked in: the demo company, plus notes, promises and disputes.

:func:`build_world` loads the demo company (``generate_company(as_of, seed=7)``) into an empty
database exactly as ``arcopilot demo`` does — customers and invoices imported from the ERP
files, the bank statements ingested, cash application run — then adds a fixed set of customer
notes and promises to pay (through :mod:`copilot.notes`, so they are indexed for search) and
disputed invoices, dated relative to ``as_of``, so that questions
on notes, promises and disputes have answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from copilot.db.engine import make_engine, session_factory
from copilot.db.migrate import upgrade_to_head
from copilot.db.models import Customer, Invoice, Suggestion
from copilot.demo.company import generate_company
from copilot.demo.files import write_demo_files
from copilot.notes import add_note, add_promise
from copilot.services.ingest import ingest_paths
from copilot.services.ledger import import_customers, import_invoices
from copilot.services.matching import policy_from_settings, run_matching
from copilot.services.review import approve
from copilot.settings import Settings

WORLD_ACTOR = "eval:ask"
REVIEWER = "eval:reviewer"
DEMO_SEED = 7
APPROVED_BY_A_PERSON = 4  # queued suggestions a reviewer approves, so automation is below 100 %


class NoteSpec(NamedTuple):
    """A note on a customer, ``days_before`` the world's ``as_of``."""

    customer: str
    kind: str
    days_before: int
    text: str


class PromiseSpec(NamedTuple):
    """A promise to pay made ``made_days_before`` ``as_of``, for ``due_in_days`` after it."""

    customer: str
    amount: Decimal
    currency: str
    made_days_before: int
    due_in_days: int
    note: str


NOTES = (
    NoteSpec(
        "Transports Martin SARL",
        "call",
        5,
        "Appel avec la comptabilité fournisseurs : une palette livrée abîmée bloque la facture ; "
        "ils régleront le solde sous quinze jours.",
    ),
    NoteSpec(
        "Acme Widgets Ltd",
        "email",
        2,
        "Email from accounts payable: the October remittance was delayed by their year-end close; "
        "payment run scheduled next Friday.",
    ),
    NoteSpec(
        "Northwind Trading plc",
        "call",
        9,
        "Spoke to the treasurer: they are migrating to a new ERP and asked for copies of all open invoices.",
    ),
    NoteSpec(
        "Fromagerie Dubois SAS",
        "note",
        12,
        "Le gérant conteste les pénalités de retard et demande un échéancier sur trois mois.",
    ),
    NoteSpec(
        "Laboratoires Girard SA",
        "note",
        15,
        "Nouvelle contrôleuse de gestion : envoyer désormais les relances au service comptabilité.",
    ),
    NoteSpec(
        "Harrington Foods plc",
        "email",
        6,
        "Credit controller confirmed the pricing dispute on the last delivery is settled; "
        "they will pay by the fifth.",
    ),
)

PROMISES = (
    PromiseSpec("Boulangeries Dupont SAS", Decimal("4200.00"), "EUR", 3, 13, "promis par téléphone"),
    PromiseSpec("Acme Widgets Ltd", Decimal("12500.00"), "GBP", 2, 9, "by bank transfer"),
    PromiseSpec("Transports Martin SARL", Decimal("3150.00"), "EUR", 5, 19, "solde hors facture en litige"),
    PromiseSpec("Harrington Foods plc", Decimal("8000.00"), "GBP", 6, 11, "after the pricing dispute"),
    PromiseSpec("Fromagerie Dubois SAS", Decimal("1875.50"), "EUR", 20, 14, "premier versement"),
)

# The customers whose oldest open invoices are marked disputed, and how many of them.
DISPUTES = (
    ("Supermarchés Leclair SA", 2),
    ("Transports Martin SARL", 1),
    ("Laboratoires Girard SA", 1),
    ("Harrington Foods plc", 1),
)


class WorldError(RuntimeError):
    """The world cannot be built where asked (e.g. the database already holds a ledger)."""


@dataclass(frozen=True)
class AskWorld:
    """A built world: the settings pointing at it, its engine and its ``as_of`` date."""

    settings: Settings
    engine: Engine
    as_of: date


def build_world(settings: Settings, *, as_of: date, seed: int = DEMO_SEED) -> AskWorld:
    """Load the demo company into the empty database of ``settings`` and add notes, promises, disputes.

    The demo files are written under ``settings.data_dir / "files"``. Raises :class:`WorldError`
    when the database already has customers: the eval never writes into a real ledger.
    """
    engine = make_engine(settings.resolved_database_url())
    upgrade_to_head(engine)
    with session_factory(engine)() as session:
        if session.scalar(select(func.count()).select_from(Customer)):
            engine.dispose()
            raise WorldError("the database already holds customers; the ask eval needs an empty one")
    company = generate_company(as_of=as_of, seed=seed)
    files = write_demo_files(company, settings.data_dir / "files")
    import_customers(engine, settings, files.customers_csv, actor=WORLD_ACTOR)
    import_invoices(engine, settings, files.invoices_xlsx, actor=WORLD_ACTOR)
    ingest_paths(engine, settings, files.statements, actor=WORLD_ACTOR)
    run_matching(engine, policy_from_settings(settings))
    approve_most_confident(engine, APPROVED_BY_A_PERSON)
    with session_factory(engine)() as session:
        add_memories(session, settings, as_of)
        mark_disputes(session)
        session.commit()
    return AskWorld(settings, engine, as_of)


def _customer(session: Session, name: str) -> Customer:
    return session.scalars(select(Customer).where(Customer.name == name)).one()


def add_memories(session: Session, settings: Settings, as_of: date) -> None:
    """The notes of :data:`NOTES` and the promises of :data:`PROMISES`, dated from ``as_of``."""
    for note in NOTES:
        add_note(
            session,
            settings,
            note.customer,
            note.text,
            kind=note.kind,
            noted_on=as_of - timedelta(days=note.days_before),
            author=WORLD_ACTOR,
        )
    for promise in PROMISES:
        made_on = as_of - timedelta(days=promise.made_days_before)
        add_promise(
            session,
            settings,
            promise.customer,
            promise.amount,
            made_on + timedelta(days=promise.due_in_days),
            made_on=made_on,
            currency=promise.currency,
            note=promise.note,
            author=WORLD_ACTOR,
        )


def mark_disputes(session: Session) -> list[str]:
    """Mark the oldest open invoices of :data:`DISPUTES` disputed; their numbers."""
    marked = []
    for name, count in DISPUTES:
        oldest = session.scalars(
            select(Invoice)
            .where(Invoice.customer_pk == _customer(session, name).id, Invoice.open_amount > Decimal(0))
            .order_by(Invoice.due_date, Invoice.invoice_number)
            .limit(count)
        )
        for invoice in oldest:
            invoice.disputed = True
            marked.append(invoice.invoice_number)
    return marked


def approve_most_confident(engine: Engine, count: int) -> None:
    """A reviewer approves the ``count`` most confident pending suggestions, as proposed."""
    with session_factory(engine)() as session:
        chosen = list(
            session.scalars(
                select(Suggestion.id)
                .where(Suggestion.status == "pending", Suggestion.customer_pk.is_not(None))
                .order_by(Suggestion.confidence.desc(), Suggestion.id)
                .limit(count)
            )
        )
    for suggestion_pk in chosen:
        approve(engine, suggestion_pk, actor=REVIEWER)
