"""Reading and approving reminder drafts: nothing goes out until a person approved it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.dunning_models import DunningDraft
from copilot.db.models import Customer
from copilot.db.types import utc_now
from copilot.dunning.errors import DunningError
from copilot.dunning.rendering import text_as_html
from copilot.locales import language_of
from copilot.services.audit import record_action

STATUSES = ("draft", "approved", "sending", "sent", "cancelled")


@dataclass(frozen=True)
class DraftView:
    """A draft with its customer, as listed and shown."""

    draft: DunningDraft
    customer_id: str
    customer_name: str
    email: str | None

    def as_json(self, *, full: bool = True) -> dict[str, Any]:
        """The ``dunning draft --json`` contract (``draft_id``, ``customer_id``, ``stage``,
        ``language``, ``channel``, ``to``, ``subject``, ``body``, ``attachments``) and the draft's
        state; ``full`` adds the HTML body and the facts."""
        draft = self.draft
        data: dict[str, Any] = {
            "draft_id": draft.id,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "as_of": draft.as_of.isoformat(),
            "stage": draft.stage,
            "language": draft.language,
            "channel": draft.channel,
            "to": self.email,
            "subject": draft.subject,
            "body": draft.body_text,
            "attachments": [draft.pdf_path] if draft.pdf_path else [],
            "currency": draft.currency,
            "total_open": draft.facts.get("total_open"),
            "method": draft.method,
            "status": draft.status,
            "created_by": draft.created_by,
            "created_at": draft.created_at.isoformat(),
            "approved_by": draft.approved_by,
            "approved_at": draft.approved_at.isoformat() if draft.approved_at else None,
            "sent_on": draft.sent_on.isoformat() if draft.sent_on else None,
            "sent_at": draft.sent_at.isoformat() if draft.sent_at else None,
            "message_id": draft.message_id,
            "error": draft.error,
        }
        if full:
            data["body_html"] = draft.body_html
            data["facts"] = draft.facts
        return data


def _views(session: Session, *conditions: Any) -> list[DraftView]:
    query = (
        select(DunningDraft, Customer.customer_id, Customer.name, Customer.email)
        .join(Customer, Customer.id == DunningDraft.customer_pk)
        .where(*conditions)
        .order_by(DunningDraft.id)
    )
    return [DraftView(draft, cid, name, email) for draft, cid, name, email in session.execute(query)]


def list_drafts(session: Session, *, status: str | None = None) -> list[DraftView]:
    """Every draft (of ``status`` when given), oldest first."""
    if status is not None and status not in STATUSES:
        raise DunningError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    return _views(session, *([DunningDraft.status == status] if status else []))


def show_draft(session: Session, draft_id: int) -> DraftView:
    """One draft; :class:`DunningError` when there is none with that id."""
    found = _views(session, DunningDraft.id == draft_id)
    if not found:
        raise DunningError(f"no dunning draft {draft_id}")
    return found[0]


def approve_draft(session: Session, draft_id: int, *, user: str) -> DraftView:
    """Approve a draft for sending, in the caller's transaction; only a ``draft`` can be approved.

    Audited as ``dunning_draft_approved`` with ``user`` as the actor.
    """
    user = user.strip()
    if not user:
        raise DunningError("an approval needs the approving user's name")
    view = show_draft(session, draft_id)
    draft = view.draft
    if draft.status != "draft":
        raise DunningError(f"draft {draft_id} is {draft.status}; only a draft can be approved")
    draft.status, draft.approved_by, draft.approved_at = "approved", user, utc_now()
    record_action(
        session,
        actor=user,
        action="dunning_draft_approved",
        entity_type="dunning_draft",
        entity_id=draft.id,
        details={"customer_id": view.customer_id, "stage": draft.stage, "channel": draft.channel},
    )
    return view


def edit_draft_text(session: Session, draft_id: int, *, subject: str, body: str, actor: str) -> DraftView:
    """Rewrite an e-mail reminder before it is approved, in the caller's transaction (audited as
    ``dunning_draft_edited``)."""
    view = show_draft(session, draft_id)
    draft = view.draft
    if draft.status != "draft":
        raise DunningError(f"draft {draft_id} is {draft.status}; only a draft can be edited")
    if draft.channel != "email":
        raise DunningError(f"draft {draft_id} is a {draft.channel}; only e-mail reminders are edited")
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise DunningError("a reminder needs a subject and a text")
    changed = [
        name
        for name, old, new in (("subject", draft.subject, subject), ("body", draft.body_text, body))
        if old != new
    ]
    draft.subject, draft.body_text = subject, body
    draft.body_html = text_as_html(body, subject=subject, language=language_of(draft.language))
    record_action(
        session,
        actor=actor,
        action="dunning_draft_edited",
        entity_type="dunning_draft",
        entity_id=draft_id,
        details={"customer_id": view.customer_id, "changed": changed},
    )
    return view
