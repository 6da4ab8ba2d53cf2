"""``arcopilot import``: customers and open invoices from ERP exports, upserted by natural key."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from copilot.db.engine import transaction
from copilot.db.models import Customer, CustomerIban, Invoice
from copilot.services.audit import record_action
from copilot.services.documents import store_document
from copilot.settings import Settings
from ingest.ledger import read_customers, read_invoices
from ingest.records import CustomerRecord, InvoiceRecord, RowError

CHUNK_SIZE = 1000


@dataclass
class ImportSummary:
    """Counts of an import and the one-line errors of the rows left out."""

    kind: str
    file: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "rows_read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [str(e) for e in self.errors],
            "warnings": self.warnings,
        }


def import_customers(engine: Engine, settings: Settings, path: Path, *, actor: str) -> ImportSummary:
    """Create or update customers from a CSV/XLSX export; bad rows are reported, good rows kept."""
    parsed = read_customers(path)
    summary = ImportSummary("customers", path.name, rows_read=parsed.rows_read, errors=list(parsed.errors))
    summary.warnings.extend(parsed.warnings)
    with transaction(engine) as session:
        store_document(session, settings, path, kind="ledger")
        known = {
            c.customer_id: c
            for c in session.scalars(
                select(Customer).where(Customer.customer_id.in_([r.customer_id for r in parsed.records]))
            )
        }
        for record in parsed.records:
            customer = known.get(record.customer_id)
            if customer is None:
                customer = Customer(customer_id=record.customer_id, name=record.name)
                session.add(customer)
                known[record.customer_id] = customer
                summary.created += 1
                _apply(customer, _customer_fields(record))
            elif _apply(customer, _customer_fields(record)):
                summary.updated += 1
            else:
                summary.unchanged += 1
        session.flush()
        for record in parsed.records:
            summary.warnings.extend(_attach_ibans(session, known[record.customer_id], record))
        parents = {r.parent_id for r in parsed.records if r.parent_id}
        present = set(session.scalars(select(Customer.customer_id).where(Customer.customer_id.in_(parents))))
        summary.warnings.extend(
            f"parent {p} is not a known customer (yet)" for p in sorted(parents - present)
        )
        _audit(session, actor, summary)
    return summary


def import_invoices(engine: Engine, settings: Settings, path: Path, *, actor: str) -> ImportSummary:
    """Create or update open invoices; rows naming an unknown customer are reported."""
    parsed = read_invoices(path)
    summary = ImportSummary("invoices", path.name, rows_read=parsed.rows_read, errors=list(parsed.errors))
    summary.warnings.extend(parsed.warnings)
    with transaction(engine) as session:
        store_document(session, settings, path, kind="ledger")
        for start in range(0, len(parsed.records), CHUNK_SIZE):
            _upsert_invoices(session, parsed.records[start : start + CHUNK_SIZE], summary, path.name)
        summary.errors.sort(key=lambda error: error.row)
        _audit(session, actor, summary)
    return summary


def _upsert_invoices(
    session: Session, records: Sequence[InvoiceRecord], summary: ImportSummary, file: str
) -> None:
    customers = dict(
        session.execute(
            select(Customer.customer_id, Customer.id).where(
                Customer.customer_id.in_({r.customer_id for r in records})
            )
        ).all()
    )
    existing = {
        i.invoice_number: i
        for i in session.scalars(
            select(Invoice).where(Invoice.invoice_number.in_([r.invoice_number for r in records]))
        )
    }
    for record in records:
        customer_pk = customers.get(record.customer_id)
        if customer_pk is None:
            summary.errors.append(
                RowError(
                    file=file,
                    row=_row_of(record),
                    column="customer_id",
                    message=f"unknown customer {record.customer_id!r} (import customers first)",
                )
            )
            continue
        fields = _invoice_fields(record, customer_pk)
        invoice = existing.get(record.invoice_number)
        if invoice is None:
            invoice = Invoice(invoice_number=record.invoice_number, **fields)
            session.add(invoice)
            existing[record.invoice_number] = invoice
            summary.created += 1
        elif _apply(invoice, fields):
            summary.updated += 1
        else:
            summary.unchanged += 1
    session.flush()


def _row_of(record: InvoiceRecord) -> int:
    """The spreadsheet row of a record (its locator ends with ``row N``)."""
    match = re.search(r"row (\d+)$", record.locator)
    return int(match.group(1)) if match else 0


def _customer_fields(record: CustomerRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "email": record.email,
        "language": record.language,
        "country": record.country,
        "segment": record.segment,
        "credit_limit": record.credit_limit,
        "credit_currency": record.credit_currency,
        "payment_terms_days": record.payment_terms_days,
        "contact_name": record.contact_name,
        "parent_customer_id": record.parent_id,
        "discount_terms": record.discount_terms,
    }


def _invoice_fields(record: InvoiceRecord, customer_pk: int) -> dict[str, Any]:
    return {
        "customer_pk": customer_pk,
        "issue_date": record.issue_date,
        "due_date": record.due_date,
        "currency": record.currency,
        "amount": record.amount,
        "open_amount": record.open_amount,
        "po_number": record.po_number,
        "status": invoice_status(record.amount, record.open_amount),
    }


def invoice_status(amount: Decimal, open_amount: Decimal) -> str:
    """``paid`` when nothing is open, ``partially_paid`` when part is, else ``open``."""
    if open_amount == 0:
        return "paid"
    return "open" if open_amount == amount else "partially_paid"


def _apply(row: Any, fields: dict[str, Any]) -> bool:
    """Set ``fields`` on ``row``; whether anything changed."""
    changed = False
    for name, value in fields.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _attach_ibans(session: Session, customer: Customer, record: CustomerRecord) -> list[str]:
    warnings = []
    for iban in record.ibans:
        owner = session.scalar(select(CustomerIban).where(CustomerIban.iban == iban))
        if owner is None:
            session.add(CustomerIban(customer_pk=customer.id, iban=iban, source="ledger"))
            session.flush()
        elif owner.customer_pk != customer.id:
            warnings.append(
                f"{record.locator}: IBAN {iban} already belongs to another customer; not reassigned"
            )
    return warnings


def _audit(session: Session, actor: str, summary: ImportSummary) -> None:
    record_action(
        session,
        actor=actor,
        action=f"import.{summary.kind}",
        entity_type="file",
        entity_id=summary.file,
        details={k: v for k, v in summary.as_json().items() if k != "errors"}
        | {"errors": len(summary.errors)},
    )
