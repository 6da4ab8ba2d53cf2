"""A batch booked as one total in a statement and detailed in a notification counts once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from copilot.db.engine import transaction
from copilot.db.models import Document, Payment, PaymentSighting
from copilot.services.batches import reconcile_batches
from copilot.services.documents import store_document
from copilot.services.payments import RecordCounts, record_payments
from copilot.settings import Settings
from ingest.records import BankPayment
from tools.money import format_amount

ACCOUNT = "FI7433010001222090"


def credit(ref: str, amount: str, entry: str | None = None) -> BankPayment:
    return BankPayment(
        id=ref,
        bank_reference=ref,
        entry_reference=entry,
        account=ACCOUNT,
        booking_date=date(2026, 10, 29),
        amount=Decimal(amount),
        currency="EUR",
        payer_name=None if entry is None else f"Payer {ref}",
        locator=f"entry {ref}",
    )


TOTAL = [credit("ARCH04", "3000.00"), credit("OTHER", "10.00")]
DETAILS = [credit("S001", "2500.00", "ARCH04"), credit("S002", "500.00", "ARCH04")]


def ingest(
    engine: Engine, settings: Settings, tmp_path: Path, name: str, payments: list[BankPayment]
) -> RecordCounts:
    path = tmp_path / name
    path.write_text(name)
    with transaction(engine) as session:
        document = store_document(session, settings, path, kind="bank_statement").document
        counts = record_payments(session, document, payments)
        reconcile_batches(session, document.id, counts)
    return counts


def stored(engine: Engine) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    with transaction(engine) as session:
        names = dict(session.execute(select(Document.id, Document.original_name)).all())
        return {
            p.bank_id: (
                format_amount(p.amount, p.currency),
                sorted(
                    (names[s.document_pk], s.matched_by)
                    for s in session.scalars(
                        select(PaymentSighting).where(PaymentSighting.payment_pk == p.id)
                    )
                ),
            )
            for p in session.scalars(select(Payment))
        }


def test_details_after_the_total_replace_it(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    ingest(engine, settings, tmp_path, "camt053.xml", TOTAL)
    counts = ingest(engine, settings, tmp_path, "camt054.xml", DETAILS)
    assert (counts.new, counts.superseded) == (2, 1)
    assert stored(engine) == {
        "OTHER": ("10.00", [("camt053.xml", "first")]),
        "S001": ("2500.00", [("camt053.xml", "batch_total"), ("camt054.xml", "first")]),
        "S002": ("500.00", [("camt054.xml", "first")]),
    }


def test_a_total_after_its_details_is_a_duplicate(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    ingest(engine, settings, tmp_path, "camt054.xml", DETAILS)
    counts = ingest(engine, settings, tmp_path, "camt053.xml", TOTAL)
    assert (counts.new, dict(counts.duplicates)) == (1, {"batch_total": 1})
    assert set(stored(engine)) == {"S001", "S002", "OTHER"}
    assert stored(engine)["S001"][1] == [("camt053.xml", "batch_total"), ("camt054.xml", "first")]


def test_an_applied_total_stays_and_absorbs_its_details(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    ingest(engine, settings, tmp_path, "camt053.xml", TOTAL)
    with transaction(engine) as session:
        session.execute(update(Payment).where(Payment.bank_id == "ARCH04").values(status="applied"))
    counts = ingest(engine, settings, tmp_path, "camt054.xml", DETAILS)
    assert (counts.new, dict(counts.duplicates)) == (0, {"batch_total": 2})
    assert stored(engine)["ARCH04"][1] == [
        ("camt053.xml", "first"),
        ("camt054.xml", "batch_total"),
        ("camt054.xml", "batch_total"),
    ]


@pytest.mark.parametrize("amount", ["2999.99", "3000.01"])
def test_totals_that_do_not_add_up_are_left_alone(
    engine: Engine, settings: Settings, tmp_path: Path, amount: str
) -> None:
    ingest(engine, settings, tmp_path, "camt053.xml", [credit("ARCH04", amount)])
    counts = ingest(engine, settings, tmp_path, "camt054.xml", DETAILS)
    assert (counts.new, counts.superseded) == (2, 0)
    assert set(stored(engine)) == {"ARCH04", "S001", "S002"}
