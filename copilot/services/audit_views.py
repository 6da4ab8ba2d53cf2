"""The audit log, filtered and one page at a time, newest first (the API and the web UI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from datetime import date as Date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from copilot.db.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show: ``action`` may end with ``*`` for a prefix (``review.*``);
    ``since`` and ``until`` are days (UTC), both included."""

    action: str | None = None
    actor: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    since: Date | None = None
    until: Date | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.action is not None:
            prefix = self.action.removesuffix("*")
            found.append(
                AuditEntry.action.startswith(prefix, autoescape=True)
                if self.action.endswith("*")
                else AuditEntry.action == self.action
            )
        if self.actor is not None:
            found.append(AuditEntry.actor == self.actor)
        if self.entity_type is not None:
            found.append(AuditEntry.entity_type == self.entity_type)
        if self.entity_id is not None:
            found.append(AuditEntry.entity_id == self.entity_id)
        if self.since is not None:
            found.append(AuditEntry.at >= _start_of(self.since))
        if self.until is not None:
            found.append(AuditEntry.at < _start_of(self.until + timedelta(days=1)))
        return found


def _start_of(day: Date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def audit_entries(
    session: Session, where: AuditFilter, *, limit: int = 50, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """The entries ``where`` selects, newest first: how many in all, and one page."""
    conditions = where.conditions()
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
    rows = session.scalars(
        select(AuditEntry)
        .where(*conditions)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return total, [
        {
            "id": entry.id,
            "at": entry.at.isoformat(),
            "actor": entry.actor,
            "action": entry.action,
            "entity_type": entry.entity_type,
            "entity_id": entry.entity_id,
            "details": entry.details,
        }
        for entry in rows
    ]
