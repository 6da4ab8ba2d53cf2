import shutil
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, func, select

from copilot.db.engine import transaction
from copilot.db.models import AuditEntry, Customer, CustomerIban, Document, Invoice
from copilot.services.ledger import import_customers, import_invoices
from copilot.settings import Settings

FILES = Path(__file__).parents[1] / "ingest" / "ledger" / "files"


def count(engine: Engine, model: type) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_import_then_reimport_updates_and_never_duplicates(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    customers = import_customers(engine, settings, FILES / "customers.csv", actor="test")
    assert customers.created == customers.rows_read - len(customers.errors) > 0
    invoices = import_invoices(engine, settings, FILES / "invoices.csv", actor="test")
    assert invoices.created > 0 and not invoices.errors
    total = count(engine, Invoice)

    again = import_invoices(engine, settings, FILES / "invoices.csv", actor="test")
    assert (again.created, again.updated, again.unchanged) == (0, 0, total)
    assert count(engine, Invoice) == total

    changed = tmp_path / "invoices.csv"
    text = (FILES / "invoices.csv").read_text(encoding="utf-8")
    changed.write_text(text.replace("3480.50,1480.50", "3480.50,480.50"), encoding="utf-8")
    updated = import_invoices(engine, settings, changed, actor="test")
    assert (updated.created, updated.updated) == (0, 1)
    with transaction(engine) as session:
        invoice = session.scalars(select(Invoice).where(Invoice.invoice_number == "INV-2026-0102")).one()
        assert invoice.open_amount == Decimal("480.50") and invoice.status == "partially_paid"
        iban_owner = session.scalars(
            select(Customer.customer_id)
            .join(CustomerIban)
            .where(CustomerIban.iban == "GB82WEST12345698765432")
        ).one()
        assert iban_owner == "C003"
        assert (
            session.scalar(select(func.count()).select_from(Document).where(Document.kind == "ledger")) == 3
        )
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 4


def test_french_erp_export_and_rows_for_unknown_customers(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text("customer_id;name\n411DUPONT;Boulangeries Dupont\n", encoding="utf-8")
    import_customers(engine, settings, clients, actor="test")
    summary = import_invoices(engine, settings, FILES / "factures_erp.csv", actor="test")
    assert summary.created == 2
    assert [(e.row, e.column) for e in summary.errors] == [(5, "customer_id"), (6, "customer_id")]
    assert "unknown customer '411MARTIN'" in str(summary.errors[0])
    with transaction(engine) as session:
        amounts = session.execute(
            select(Invoice.amount, Invoice.open_amount).order_by(Invoice.invoice_number)
        ).all()
    assert [tuple(row) for row in amounts] == [
        (Decimal("1234.56"), Decimal("1234.56")),
        (Decimal("12500.00"), Decimal("2500.00")),
    ]


def test_malformed_rows_are_reported_and_good_rows_kept(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    import_customers(engine, settings, FILES / "customers.csv", actor="test")
    malformed = tmp_path / "bad.csv"
    shutil.copy(FILES / "invoices_malformed.csv", malformed)
    summary = import_invoices(engine, settings, malformed, actor="test")
    assert summary.errors and summary.created == count(engine, Invoice) > 0
    assert all(str(error).startswith("bad.csv, row ") for error in summary.errors)
