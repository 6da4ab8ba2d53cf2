"""Files received, kept by content hash before anything reads them; quarantine and retry."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Document
from copilot.db.types import utc_now
from copilot.settings import Settings
from ingest.files import sha256_of


@dataclass(frozen=True)
class StoredDocument:
    """A document row and whether this call created it."""

    document: Document
    created: bool


def stored_path_for(settings: Settings, sha256: str, original_name: str) -> Path:
    """``documents/ab/abcdef…/<original name>``: content-addressed, and readers' messages
    still name the file as the user knows it."""
    name = Path(original_name).name[-200:] or "document"
    return settings.documents_dir / sha256[:2] / sha256 / name


def store_document(
    session: Session, settings: Settings, path: Path, *, kind: str, source: str = "cli"
) -> StoredDocument:
    """Copy ``path`` into the document store and record it, unless its content is known."""
    sha256 = sha256_of(path)
    existing = session.scalar(select(Document).where(Document.sha256 == sha256))
    if existing is not None:
        return StoredDocument(existing, created=False)
    target = stored_path_for(settings, sha256, path.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        temporary = target.with_name(f"{target.name}.{uuid.uuid4().hex}.partial")
        shutil.copyfile(path, temporary)
        temporary.replace(target)
    document = Document(
        sha256=sha256,
        original_name=path.name,
        stored_path=str(target),
        size_bytes=target.stat().st_size,
        kind=kind,
        source=source,
        status="received",
    )
    session.add(document)
    session.flush()
    return StoredDocument(document, created=True)


def quarantine_document(settings: Settings, document: Document, reason: str) -> None:
    """Mark ``document`` unreadable with a one-line reason and link it into the quarantine folder."""
    document.status = "quarantined"
    document.error = reason
    document.attempts += 1
    document.processed_at = utc_now()
    settings.quarantine_dir.mkdir(parents=True, exist_ok=True)
    marker = quarantine_path(settings, document)
    if not marker.exists():
        shutil.copyfile(document.stored_path, marker)
    marker.with_name(marker.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")


def release_from_quarantine(settings: Settings, document: Document) -> None:
    """Remove the quarantine copy of a document that has now been read."""
    marker = quarantine_path(settings, document)
    for leftover in (marker, marker.with_name(marker.name + ".reason.txt")):
        leftover.unlink(missing_ok=True)


def quarantine_path(settings: Settings, document: Document) -> Path:
    """Where the quarantined copy of ``document`` lives (hash prefix + original name)."""
    return settings.quarantine_dir / f"{document.sha256[:12]}-{Path(document.original_name).name}"
