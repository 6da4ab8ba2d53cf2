"""``arcopilot import``: customers and open invoices from ERP exports, upserted by natural key."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

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
T = TypeVar("T")
M = TypeVar("M", Customer, Invoice)
_NATURAL_KEYS: dict[type[Any], str] = {Customer: "customer_id", Invoice: "invoice_number"}


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

    def upsert(
        self, session: Session, known: dict[str, M], key: str, model: type[M], fields: dict[str, Any]
    ) -> M:
        """The row of natural ``key`` with ``fields`` applied, created if new; counted."""
        row = known.get(key)
        if row is None:
            row = model(**{_NATURAL_KEYS[model]: key}, **fields)
            session.add(row)
            known[key] = row
            self.created += 1
        elif _apply(row, fields):
            self.updated += 1
        else:
            self.unchanged += 1
        return row

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
        for chunk in _chunks(parsed.records):
            known = {
                c.customer_id: c
                for c in session.scalars(
                    select(Customer).where(Customer.customer_id.in_([r.customer_id for r in chunk]))
                )
            }
            customers = [
                summary.upsert(session, known, record.customer_id, Customer, _customer_fields(record))
                for record in chunk
            ]
            session.flush()
            for customer, record in zip(customers, chunk, strict=True):
                summary.warnings.extend(_attach_ibans(session, customer, record))
        parents = sorted({r.parent_id for r in parsed.records if r.parent_id})
        present = {
            customer_id
            for chunk in _chunks(parents)
            for customer_id in session.scalars(
                select(Customer.customer_id).where(Customer.customer_id.in_(chunk))
            )
        }
        summary.warnings.extend(
            f"parent {p} is not a known customer (yet)" for p in parents if p not in present
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
        for chunk in _chunks(parsed.records):
            _upsert_invoices(session, chunk, summary, path.name)
        summary.errors.sort(key=lambda error: error.row)
        _audit(session, actor, summary)
    return summary


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """Slices small enough for an ``IN`` list on every engine (SQLite allows 32,766 values)."""
    for start in range(0, len(items), CHUNK_SIZE):
        yield items[start : start + CHUNK_SIZE]


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
        summary.upsert(
            session, existing, record.invoice_number, Invoice, _invoice_fields(record, customer_pk)
        )
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
