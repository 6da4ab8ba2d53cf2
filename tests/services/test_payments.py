from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, func, select

from copilot.db.engine import transaction
from copilot.db.models import BankAccount, Document, Payment, PaymentSighting
from copilot.services.documents import store_document
from copilot.services.payments import CHUNK_SIZE, record_payments
from copilot.settings import Settings
from ingest.records import BankPayment

ACCOUNT = "FR7630006000011234567890189"


def credit(number: int, **changes: object) -> BankPayment:
    base: dict[str, object] = {
        "id": f"REF-{number}",
        "bank_reference": f"REF-{number}",
        "account": ACCOUNT,
        "booking_date": date(2026, 10, 1 + number % 28),
        "amount": Decimal(100 + number) + Decimal("0.25"),
        "currency": "EUR",
        "payer_name": f"Client {number}",
        "remittance_text": f"Facture FA-{number}",
        "locator": f"Ntry {number}",
    }
    base.update(changes)
    return BankPayment.model_validate(base)


def document(engine: Engine, settings: Settings, tmp_path: Path, name: str) -> Document:
    path = tmp_path / name
    path.write_text(name)
    with transaction(engine) as session:
        return store_document(session, settings, path, kind="bank_statement").document


def record(engine: Engine, doc: Document, payments: list[BankPayment]) -> tuple[int, int]:
    with transaction(engine) as session:
        counts = record_payments(session, session.get_one(Document, doc.id), payments)
    return counts.new, counts.duplicate_total


def test_overlapping_statements_record_each_transaction_once(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    first = document(engine, settings, tmp_path, "a.xml")
    second = document(engine, settings, tmp_path, "b.xml")
    assert record(engine, first, [credit(n) for n in range(10)]) == (10, 0)
    assert record(engine, second, [credit(n, locator=f"x{n}") for n in range(5, 15)]) == (5, 5)
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 15
        assert session.scalar(select(func.count()).select_from(PaymentSighting)) == 20
        assert session.scalar(select(func.count()).select_from(BankAccount)) == 1
        stored = session.scalar(select(Payment).where(Payment.bank_id == "REF-7"))
        assert stored is not None and stored.amount == Decimal("107.25") and stored.status == "unapplied"


def test_same_transaction_in_another_format_without_account_or_shared_reference(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    camt = document(engine, settings, tmp_path, "day.xml")
    csv = document(engine, settings, tmp_path, "day.csv")
    record(engine, camt, [credit(1), credit(2)])
    from_csv = [
        credit(1, id="csv-1", bank_reference=None, account=None, payer_name="CLIENT 1", locator="row 2")
    ]
    assert record(engine, csv, from_csv) == (0, 1)


def test_identical_lines_in_one_file_are_two_payments(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    doc = document(engine, settings, tmp_path, "twice.csv")
    twins = [
        credit(3, id="r2", bank_reference=None, locator="row 2"),
        credit(3, id="r3", bank_reference=None, locator="row 3"),
    ]
    assert record(engine, doc, twins) == (2, 0)


def test_large_batches_are_chunked_and_deduplicated_within_the_file(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    doc = document(engine, settings, tmp_path, "big.xml")
    many = [credit(n, booking_date=date(2026, 10, 2)) for n in range(CHUNK_SIZE * 2 + 7)]
    repeated = [*many, credit(3, booking_date=date(2026, 10, 2), locator="again")]
    assert record(engine, doc, repeated) == (CHUNK_SIZE * 2 + 7, 1)


def test_twins_stay_twins_when_only_one_was_notified(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    """Same payer, amount, day and text twice in the statement; the notification had the first."""
    notification = document(engine, settings, tmp_path, "camt054.xml")
    statement = document(engine, settings, tmp_path, "camt053.xml")
    twin_a = credit(1, end_to_end_id="E2E-SAME", locator="Ntry 1")
    twin_b = credit(1, id="REF-1B", bank_reference="REF-1B", end_to_end_id="E2E-SAME", locator="Ntry 2")
    assert record(engine, notification, [twin_a]) == (1, 0)
    assert record(engine, statement, [twin_b, twin_a]) == (1, 1)  # the reference wins, whatever the order
    with transaction(engine) as session:
        assert sorted(session.scalars(select(Payment.bank_id))) == ["REF-1", "REF-1B"]


def test_a_later_statement_completes_and_books_a_notified_payment(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    notification = document(engine, settings, tmp_path, "camt052.xml")
    statement = document(engine, settings, tmp_path, "camt053.xml")
    with transaction(engine) as session:
        session.get_one(Document, notification.id).format = "camt052"
        session.get_one(Document, statement.id).format = "camt053"
    pending = credit(5, payer_iban=None, remittance_text=None, booking_date=date(2026, 10, 5))
    booked = credit(
        5,
        payer_iban="FR1420041010050500013M02606",
        booking_date=date(2026, 10, 6),
        value_date=date(2026, 10, 5),
    )
    record(engine, notification, [pending])
    assert record(engine, statement, [booked]) == (0, 1)
    with transaction(engine) as session:
        stored = session.scalars(select(Payment)).one()
    assert (stored.booking_date, stored.value_date) == (date(2026, 10, 6), date(2026, 10, 5))
    assert (stored.payer_iban, stored.remittance_text) == ("FR1420041010050500013M02606", "Facture FA-5")
