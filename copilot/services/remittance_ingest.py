"""Ingesting a remittance document: its remittances stored and linked to payments; an email's
attachments stored as documents of their own (children of the email) and ingested in turn.

An attachment that cannot be read is quarantined on its own; the email and its other
attachments go on. Instruction-like text in a document is written to the audit log.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Document, Invoice
from copilot.services.audit import record_action
from copilot.services.document_reading import MAX_ATTACHMENT_DEPTH, attachments_of, read_remittances
from copilot.services.documents import quarantine_document, store_document
from copilot.services.invoice_lookup import invoice_lookup
from copilot.services.remittances import link_remittances, record_remittances
from copilot.settings import Settings
from ingest.reader import ReaderError
from ingest.registry import detect_remittance_reader
from ingest.remittance import RemittanceReader
from ingest.remittance.instructions import is_instruction_warning
from ingest.remittance.reconcile import KnownInvoice

log = structlog.get_logger(__name__)


@dataclass
class RemittanceRead:
    """What a remittance document (and its attachments) gave."""

    format: str
    remittances: int = 0
    linked: int = 0
    requeued: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected_rows: list[str] = field(default_factory=list)


def read_remittance_document(
    session: Session,
    settings: Settings,
    document: Document,
    reader: RemittanceReader,
    stored: Path,
    *,
    actor: str,
    depth: int = 0,
) -> RemittanceRead:
    """Store the remittances of ``document`` (and of its attachments) and link them to payments."""
    fmt = reader.document_format(stored)
    document.format, document.kind = fmt, "email" if fmt in ("eml", "msg") else "remittance"
    read = RemittanceRead(fmt)
    attachments = attachments_of(reader, stored)
    try:
        reading = read_remittances(reader, stored, settings, known_invoice=_ledger_lookup(session, settings))
    except ReaderError:
        if not attachments:
            raise
        reading = None
    if reading is not None:
        stored_remittances = record_remittances(session, document, reading.remittances, method=reading.method)
        read.remittances += len(stored_remittances)
        read.rejected_rows += [str(error) for error in reading.rejected]
        read.warnings += [*reading.warnings, *(w for record in reading.remittances for w in record.warnings)]
        _audit(session, document, actor, read.warnings, len(stored_remittances), read.rejected_rows)
        links = link_remittances(session, actor=actor, remittance_pks=[r.id for r in stored_remittances])
        read.linked += len(links.linked)
        read.requeued += links.requeued
    for name, content in attachments:
        if depth < MAX_ATTACHMENT_DEPTH:
            _read_attachment(session, settings, document, name, content, read, actor=actor, depth=depth)
    return read


def _ledger_lookup(session: Session, settings: Settings) -> KnownInvoice | None:
    """The ledger's invoice numbers, for the LLM path to check numbers against (not needed without one)."""
    if settings.llm_provider == "rules":
        return None
    return invoice_lookup(session.scalars(select(Invoice.invoice_number)))


def _read_attachment(
    session: Session,
    settings: Settings,
    parent: Document,
    name: str,
    content: bytes,
    read: RemittanceRead,
    *,
    actor: str,
    depth: int,
) -> None:
    with tempfile.TemporaryDirectory(prefix="arcopilot-attachment-") as folder:
        path = Path(folder) / (Path(name).name or "attachment")
        path.write_bytes(content)
        stored = store_document(session, settings, path, kind="attachment", source=parent.source)
    child = stored.document
    child.parent_pk = child.parent_pk or parent.id
    if not stored.created and child.status in ("ingested", "partial", "quarantined"):
        return
    try:
        with session.begin_nested():
            reader = detect_remittance_reader(Path(child.stored_path))
            inner = read_remittance_document(
                session, settings, child, reader, Path(child.stored_path), actor=actor, depth=depth + 1
            )
            child.status, child.error = "ingested", None
    except Exception as exc:  # one bad attachment never stops the email
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        reason = f"{parent.original_name} → {name}: {message.removeprefix(f'{Path(name).name}: ')}"
        if not isinstance(exc, ReaderError | ValueError):
            log.error("attachment.unexpected_failure", name=name, exc_info=exc)
        quarantine_document(settings, child, reason)
        read.warnings.append(f"attachment quarantined: {reason}")
        return
    read.remittances += inner.remittances
    read.linked += inner.linked
    read.requeued += inner.requeued
    read.warnings += inner.warnings
    read.rejected_rows += inner.rejected_rows


def _audit(
    session: Session,
    document: Document,
    actor: str,
    warnings: list[str],
    remittances: int,
    rejected: list[str],
) -> None:
    record_action(
        session,
        actor=actor,
        action="document.ingested",
        entity_type="document",
        entity_id=document.id,
        details={
            "name": document.original_name,
            "format": document.format,
            "remittances_new": remittances,
            "rejected_rows": rejected,
        },
    )
    flagged = [warning for warning in warnings if is_instruction_warning(warning)]
    if flagged:
        record_action(
            session,
            actor=actor,
            action="document.instructions_flagged",
            entity_type="document",
            entity_id=document.id,
            details={"name": document.original_name, "warnings": flagged},
        )
