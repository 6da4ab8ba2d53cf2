"""Sending approved drafts: e-mails over SMTP, letters printed from their PDF — each exactly once.

For every ``approved`` draft on the ``email`` or ``letter`` channel (call tasks are not sent):

1. an e-mail draft whose customer has no e-mail address is not sent: the error is recorded on
   the draft, which stays approved;
2. the draft is **claimed** in a transaction of its own — its row locked (``FOR UPDATE`` on
   PostgreSQL; SQLite's single writer lock, taken by the conditional update), then moved from
   ``approved`` to ``sending`` only if it is still approved. Whoever loses the race (another
   ``send`` running at the same time) skips it, so a draft is never sent twice;
3. e-mail: a message with the text body and its HTML alternative (and the PDF letter attached
   when there is one) goes to ``ARCOPILOT_SMTP_URL`` (``smtp://user:password@host:port``,
   ``smtps://`` for TLS, ``?starttls=true`` to upgrade a plain connection), From
   ``ARCOPILOT_DUNNING_FROM_ADDRESS``, To the customer's address, with a generated Message-ID;
   letter: the PDF is (re)written when missing and the draft counts as printed;
4. the draft is marked ``sent`` (``sent_on`` the business day, ``sent_at``, ``message_id``)
   and audited as ``dunning_draft_sent``. An SMTP failure puts it back to ``approved`` with
   the error, for the next ``send``. A process killed between 2 and 4 leaves the draft
   ``sending``: it is never retried on its own (the message may have left), a person checks.
"""

from __future__ import annotations

import smtplib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import CursorResult, Engine, select, update

from copilot.db.dunning_models import DunningDraft
from copilot.db.engine import session_factory, transaction
from copilot.db.types import utc_now
from copilot.dunning.approval import DraftView, list_drafts, show_draft
from copilot.dunning.errors import DunningError
from copilot.dunning.letters import letter_path, write_letter
from copilot.locales import language_of
from copilot.services.allocations import is_postgres
from copilot.services.audit import record_action
from copilot.settings import Settings

SMTP_TIMEOUT_SECONDS = 60
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpServer:
    """Where to send, from ``smtp://user:password@host:port`` (``smtps://`` for TLS)."""

    host: str
    port: int
    tls: bool
    starttls: bool
    user: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpServer:
    """Read an SMTP URL; :class:`DunningError` says what is wrong (the password is never shown)."""
    parts = urlsplit(url)
    shown = f"{parts.scheme}://{parts.hostname or ''}"
    if parts.scheme not in {"smtp", "smtps"}:
        raise DunningError(f"SMTP URL {shown}: scheme must be smtp:// or smtps://")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError as error:
        raise DunningError(f"SMTP URL {shown}: {error}") from error
    if not parts.hostname:
        raise DunningError(f"SMTP URL {shown}: no host")
    starttls = parse_qs(parts.query).get("starttls", ["false"])[-1].lower() in _TRUE
    return SmtpServer(
        host=parts.hostname,
        port=port,
        tls=parts.scheme == "smtps",
        starttls=starttls,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


@dataclass(frozen=True)
class SendOutcome:
    """What happened to one approved draft: ``sent`` (e-mailed), ``printed`` (a letter) or ``failed``."""

    draft_id: int
    customer_id: str
    stage: str
    channel: str
    status: str
    to: str | None = None
    message_id: str | None = None
    pdf_path: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The outcome as ``dunning send --json`` prints it."""
        return {
            "draft_id": self.draft_id,
            "customer_id": self.customer_id,
            "stage": self.stage,
            "channel": self.channel,
            "status": self.status,
            "to": self.to,
            "message_id": self.message_id,
            "pdf_path": self.pdf_path,
            "error": self.error,
        }


def send_approved(
    engine: Engine,
    settings: Settings,
    *,
    as_of: date,
    actor: str,
    draft_ids: Collection[int] | None = None,
) -> list[SendOutcome]:
    """Send every approved e-mail or letter draft once (module docs), or only those of
    ``draft_ids``; ``as_of`` is the day recorded as ``sent_on``. Drafts another process claimed
    first are left out of the result."""
    with session_factory(engine)() as session:
        pending = [
            view
            for view in list_drafts(session, status="approved")
            if view.draft.channel != "call" and (draft_ids is None or view.draft.id in draft_ids)
        ]
    server = None
    if any(view.draft.channel == "email" for view in pending):
        if not settings.smtp_url:
            raise DunningError("no SMTP server: set ARCOPILOT_SMTP_URL, e.g. smtp://user:password@host:587")
        if not settings.dunning_from_address:
            raise DunningError("no sender address: set ARCOPILOT_DUNNING_FROM_ADDRESS")
        server = parse_smtp_url(settings.smtp_url)
    outcomes = []
    for view in pending:
        outcome = _send_one(engine, settings, view, server=server, as_of=as_of, actor=actor)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def _send_one(
    engine: Engine,
    settings: Settings,
    view: DraftView,
    *,
    server: SmtpServer | None,
    as_of: date,
    actor: str,
) -> SendOutcome | None:
    draft = view.draft
    outcome = SendOutcome(draft.id, view.customer_id, draft.stage, draft.channel, "failed", to=view.email)
    if draft.channel == "email" and not view.email:
        error = f"{view.customer_name} ({view.customer_id}) has no e-mail address"
        _release(engine, draft.id, error, claimed=False)
        return _with(outcome, error=error)
    if not _claim(engine, draft.id):
        return None
    path: str | None
    message_id: str | None = None
    try:
        if draft.channel == "letter":
            path = _printed(settings, draft)
        else:
            assert server is not None and settings.dunning_from_address is not None  # checked by the caller
            message = _message(draft, sender=settings.dunning_from_address, to=view.email or "")
            message_id = str(message["Message-ID"])
            _deliver(server, message)
            path = draft.pdf_path
    except (smtplib.SMTPException, OSError) as failure:
        error = f"sending failed: {failure}"
        _release(engine, draft.id, error, claimed=True)
        return _with(outcome, error=error)
    status = "printed" if draft.channel == "letter" else "sent"
    _mark_sent(
        engine, draft.id, as_of=as_of, message_id=message_id, pdf_path=path, actor=actor, delivery=status
    )
    return _with(outcome, status=status, message_id=message_id, pdf_path=path)


def _with(outcome: SendOutcome, **changes: Any) -> SendOutcome:
    return SendOutcome(**{**outcome.__dict__, **changes})


def _claim(engine: Engine, draft_id: int) -> bool:
    """Move the draft from ``approved`` to ``sending`` under a row lock; whether this caller won it."""
    with transaction(engine) as session:
        if is_postgres(session):
            locked = select(DunningDraft.status).where(DunningDraft.id == draft_id).with_for_update()
            if session.scalar(locked) != "approved":
                return False
        claimed = session.execute(
            update(DunningDraft)
            .where(DunningDraft.id == draft_id, DunningDraft.status == "approved")
            .values(status="sending", error=None)
        )
        return cast(CursorResult[Any], claimed).rowcount == 1


def _release(engine: Engine, draft_id: int, error: str, *, claimed: bool) -> None:
    """Record ``error`` on the draft and leave it (or put it back) ``approved``."""
    with transaction(engine) as session:
        session.execute(
            update(DunningDraft)
            .where(DunningDraft.id == draft_id, DunningDraft.status == ("sending" if claimed else "approved"))
            .values(status="approved", error=error)
        )


def _mark_sent(
    engine: Engine,
    draft_id: int,
    *,
    as_of: date,
    message_id: str | None,
    pdf_path: str | None,
    actor: str,
    delivery: str,
) -> None:
    with transaction(engine) as session:
        view = show_draft(session, draft_id)
        draft = view.draft
        draft.status, draft.sent_on, draft.sent_at = "sent", as_of, utc_now()
        draft.message_id, draft.pdf_path, draft.error = message_id, pdf_path, None
        record_action(
            session,
            actor=actor,
            action="dunning_draft_sent",
            entity_type="dunning_draft",
            entity_id=draft_id,
            details={
                "customer_id": view.customer_id,
                "stage": draft.stage,
                "delivery": delivery,
                "to": view.email if delivery == "sent" else None,
                "message_id": message_id,
                "pdf_path": pdf_path,
                "sent_on": as_of.isoformat(),
            },
        )


def _printed(settings: Settings, draft: DunningDraft) -> str:
    """The draft's PDF letter, written again from its facts if the file is missing."""
    path = Path(draft.pdf_path) if draft.pdf_path else None
    if path is None or not path.exists():
        path = path or letter_path(
            settings.letters_dir,
            as_of=draft.as_of.isoformat(),
            customer_id=str(draft.facts["customer"]["customer_id"]),
            stage=draft.stage,
            draft_id=draft.id,
        )
        write_letter(path, draft.facts, language_of(draft.language))
    return str(path)


def _message(draft: DunningDraft, *, sender: str, to: str) -> EmailMessage:
    """The e-mail of a draft: text with an HTML alternative, the PDF letter attached if any."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(utc_now())
    domain = parseaddr(sender)[1].rpartition("@")[2] or "arcopilot.invalid"
    message["Message-ID"] = make_msgid(idstring=f"dunning-{draft.id}", domain=domain)
    message.set_content(draft.body_text)
    message.add_alternative(draft.body_html, subtype="html")
    if draft.pdf_path:
        pdf = Path(draft.pdf_path)
        message.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf", filename=pdf.name)
    return message


def _deliver(server: SmtpServer, message: EmailMessage) -> None:
    smtp = smtplib.SMTP_SSL if server.tls else smtplib.SMTP
    with smtp(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS) as client:
        if server.starttls:
            client.starttls()
        if server.user:
            client.login(server.user, server.password or "")
        client.send_message(message)
