"""``arcopilot ingest``: store each file, read it, record its payments or remittances; quarantine
what fails."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import structlog
from pydantic import ValidationError
from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from copilot.db.engine import transaction
from copilot.db.models import Document
from copilot.db.types import utc_now
from copilot.services.audit import record_action
from copilot.services.batches import reconcile_batches
from copilot.services.documents import (
    StoredDocument,
    quarantine_document,
    release_from_quarantine,
    store_document,
)
from copilot.services.payments import record_payments
from copilot.services.remittance_ingest import read_remittance_document
from copilot.settings import Settings
from ingest.reader import BankStatementReader, ReaderError, RowErrors
from ingest.records import BankPayment
from ingest.registry import detect_reader
from ingest.remittance import RemittanceReader

log = structlog.get_logger(__name__)
INGEST_LOCK_KEY = 4_152_494_745  # PostgreSQL advisory lock shared by every ingest

FileStatus = Literal["ingested", "partial", "duplicate_file", "quarantined", "already_quarantined"]
"""``partial``: the good rows were recorded, the bad ones rejected (file kept in quarantine)."""


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file."""

    path: Path
    status: FileStatus
    format: str | None = None
    payments_new: int = 0
    duplicates: int = 0
    reason: str | None = None
    rejected_rows: tuple[str, ...] = ()
    batch_totals_replaced: int = 0
    remittances_new: int = 0
    remittances_linked: int = 0
    requeued: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass
class IngestSummary:
    """The outcomes of a batch, in order."""

    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: FileStatus) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def payments_new(self) -> int:
        return sum(outcome.payments_new for outcome in self.outcomes)

    @property
    def remittances_new(self) -> int:
        return sum(outcome.remittances_new for outcome in self.outcomes)

    @property
    def requeued(self) -> list[int]:
        return [pk for outcome in self.outcomes for pk in outcome.requeued]

    @property
    def duplicates(self) -> int:
        return sum(outcome.duplicates for outcome in self.outcomes)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under ``paths``, folders recursed in name order, hidden files skipped."""
    for path in paths:
        if path.is_dir():
            yield from (
                child
                for child in sorted(path.rglob("*"))
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts)
            )
        else:
            yield path


def ingest_paths(
    engine: Engine,
    settings: Settings,
    files: Iterable[Path],
    *,
    actor: str,
    source: str = "cli",
    on_file: Callable[[FileOutcome], None] | None = None,
) -> IngestSummary:
    """Ingest each file in its own transaction so one bad file never stops the batch."""
    summary = IngestSummary()
    for path in files:
        outcome = ingest_file(engine, settings, path, actor=actor, source=source)
        summary.outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
    return summary


def ingest_file(engine: Engine, settings: Settings, path: Path, *, actor: str, source: str) -> FileOutcome:
    """Store ``path`` by content hash, then read it unless the same content was seen before."""
    try:
        stored = _store(engine, settings, path, source)
    except OSError as exc:
        return FileOutcome(path, "quarantined", reason=f"{path}: cannot read file: {exc.strerror or exc}")
    document = stored.document
    if not stored.created and document.status in {"ingested", "partial"}:
        return FileOutcome(path, "duplicate_file", format=document.format)
    if not stored.created and document.status == "quarantined":
        return FileOutcome(path, "already_quarantined", reason=document.error)
    return process_document(engine, settings, document.id, path=path, actor=actor, retry=False)


def _store(engine: Engine, settings: Settings, path: Path, source: str) -> StoredDocument:
    """Store the file; when another process stores the same content at the same moment, use theirs."""
    try:
        with transaction(engine) as session:
            return store_document(session, settings, path, kind="unknown", source=source)
    except IntegrityError:
        with transaction(engine) as session:
            return store_document(session, settings, path, kind="unknown", source=source)


def retry_quarantined(
    engine: Engine, settings: Settings, *, actor: str, on_file: Callable[[FileOutcome], None] | None = None
) -> IngestSummary:
    """Read every quarantined document again (after a fix or an upgrade)."""
    with transaction(engine) as session:
        documents = session.execute(
            select(Document.id, Document.stored_path)
            .where(Document.status.in_(["quarantined", "partial"]))
            .order_by(Document.id)
        ).all()
    summary = IngestSummary()
    for pk, stored_path in documents:
        outcome = process_document(engine, settings, pk, path=Path(stored_path), actor=actor, retry=True)
        summary.outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
    return summary


def process_document(
    engine: Engine, settings: Settings, document_pk: int, *, path: Path, actor: str, retry: bool
) -> FileOutcome:
    """Read a stored document into payments, all or nothing; quarantine it on failure.

    Ingests are serialised (see :func:`_take_ingest_lock`), so two processes given the same
    file or the same transactions at the same moment still record each payment once.
    """
    try:
        with transaction(engine) as session:
            document = _take_ingest_lock(session, document_pk)
            if document.status == "ingested" or (not retry and document.status == "partial"):
                return FileOutcome(path, "duplicate_file", format=document.format)
            if not retry and document.status == "quarantined":
                return FileOutcome(path, "already_quarantined", reason=document.error)
            stored = Path(document.stored_path)
            _check_size(document, settings)
            reader = detect_reader(stored)
            if isinstance(reader, RemittanceReader):
                read = read_remittance_document(session, settings, document, reader, stored, actor=actor)
                outcome = FileOutcome(
                    path,
                    "partial" if read.rejected_rows else "ingested",
                    read.format,
                    reason=read.rejected_rows[0] if read.rejected_rows else None,
                    rejected_rows=tuple(read.rejected_rows),
                    remittances_new=read.remittances,
                    remittances_linked=read.linked,
                    requeued=tuple(read.requeued),
                    warnings=tuple(read.warnings),
                )
                if read.rejected_rows:
                    quarantine_document(
                        settings, document, failure_reason(path, ValueError(read.rejected_rows[0]))
                    )
                    document.status = "partial"
            else:
                outcome = _read_bank_statement(session, settings, document, reader, stored, path, actor)
            if outcome.status == "ingested":
                document.status, document.error, document.processed_at = "ingested", None, utc_now()
                document.attempts += 1
                release_from_quarantine(settings, document)
        return outcome
    except Exception as exc:  # any failure quarantines the file with its reason; the batch goes on
        reason = failure_reason(path, exc)
        if not isinstance(exc, ReaderError | ValueError):
            log.error("document.unexpected_failure", path=str(path), exc_info=exc)
        with transaction(engine) as session:
            document = session.get_one(Document, document_pk)
            quarantine_document(settings, document, reason)
            record_action(
                session,
                actor=actor,
                action="document.quarantined",
                entity_type="document",
                entity_id=document.id,
                details={"name": document.original_name, "reason": reason},
            )
        return FileOutcome(path, "quarantined", reason=reason)


def _read_bank_statement(
    session: Session,
    settings: Settings,
    document: Document,
    reader: BankStatementReader,
    stored: Path,
    path: Path,
    actor: str,
) -> FileOutcome:
    """Record a statement's payments; rows the reader rejected leave the document ``partial``."""
    rejected: list[RowErrors] = []
    document.format, document.kind = reader.format, "bank_statement"
    counts = record_payments(session, document, _good_rows(reader.iter_payments(stored), rejected))
    reconcile_batches(session, document.id, counts)
    record_action(
        session,
        actor=actor,
        action="document.ingested",
        entity_type="document",
        entity_id=document.id,
        details={
            "name": document.original_name,
            "format": reader.format,
            "payments_new": counts.new,
            "duplicates": dict(counts.duplicates),
            "batch_totals_replaced": counts.superseded,
            "rejected_rows": _rows(rejected),
        },
    )
    if rejected:
        reason = failure_reason(path, rejected[0])
        quarantine_document(settings, document, reason)
        document.status = "partial"
        return FileOutcome(
            path,
            "partial",
            reader.format,
            counts.new,
            counts.duplicate_total,
            reason,
            tuple(_rows(rejected)),
            counts.superseded,
        )
    return FileOutcome(
        path,
        "ingested",
        reader.format,
        counts.new,
        counts.duplicate_total,
        batch_totals_replaced=counts.superseded,
    )


def _take_ingest_lock(session: Session, document_pk: int) -> Document:
    """Serialise ingests: PostgreSQL takes a transaction-level advisory lock; SQLite takes its
    write lock by writing first. Returns the document as it is once the lock is held."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(INGEST_LOCK_KEY)))
    else:
        session.execute(update(Document).where(Document.id == document_pk).values(attempts=Document.attempts))
    return session.get_one(Document, document_pk, populate_existing=True)


def _check_size(document: Document, settings: Settings) -> None:
    size_mb = document.size_bytes / 1_000_000
    if size_mb > settings.max_file_mb:
        raise ReaderError(
            f"{document.original_name}: file is {size_mb:,.0f} MB, "
            f"above the {settings.max_file_mb:g} MB limit (ARCOPILOT_MAX_FILE_MB); "
            "raise it and run ingest --retry-quarantined"
        )


def _good_rows(payments: Iterator[BankPayment], rejected: list[RowErrors]) -> Iterator[BankPayment]:
    """The payments a reader yields; rows it rejected at the end are kept in ``rejected``."""
    try:
        yield from payments
    except RowErrors as exc:
        rejected.append(exc)


def _rows(rejected: list[RowErrors]) -> list[str]:
    return [str(error) for exc in rejected for error in exc.errors]


def failure_reason(path: Path, exc: Exception) -> str:
    """One line saying what is wrong and where."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        message = f"{location}: {first['msg']}" if location else first["msg"]
    else:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message if message.startswith(path.name) else f"{path.name}: {message}"
