"""The audit log: who did what, when."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from copilot.db.models import AuditEntry


def record_action(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str | int | None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log in the caller's transaction."""
    entry = AuditEntry(
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        details=details or {},
    )
    session.add(entry)
    return entry
