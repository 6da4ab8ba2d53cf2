"""``arcopilot inbox``: remittance emails received by SMTP or read from an IMAP mailbox.

Every message is stored and ingested once. The raw bytes are kept by content hash like any
file; the same message arriving twice with different bytes (a relay added a header, IMAP gives
its stored copy) is recognised by its Message-ID, or by its body when it has none.
"""

from __future__ import annotations

import asyncio
import hashlib
import imaplib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from types import TracebackType
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import structlog
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError

from copilot.db.engine import transaction
from copilot.db.inbox_models import InboxMessage, InboxState
from copilot.db.models import Document
from copilot.db.types import utc_now
from copilot.services.audit import record_action
from copilot.services.ingest import FileOutcome, ingest_paths
from copilot.settings import Settings

log = structlog.get_logger(__name__)

MessageSource = Literal["smtp", "imap"]
STALE_CLAIM = timedelta(minutes=15)
"""A message claimed this long ago but never stored was being received by a process that died."""
MESSAGE_ID_MAX = 255
IMAP_TIMEOUT_SECONDS = 60


class InboxError(Exception):
    """A mailbox that cannot be read: bad URL, server unreachable, login refused (one line)."""


@dataclass(frozen=True)
class InboxOutcome:
    """What happened to one message: ``accepted`` (stored now) or ``duplicate`` (seen before)."""

    message_id: str
    status: Literal["accepted", "duplicate"]
    document_pk: int | None
    file: FileOutcome | None = None


@dataclass
class PollSummary:
    """The messages one IMAP poll read, in UID order."""

    outcomes: list[InboxOutcome] = field(default_factory=list)

    @property
    def messages_new(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == "accepted")

    @property
    def duplicates(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == "duplicate")


def accept_message(
    engine: Engine,
    settings: Settings,
    raw: bytes,
    *,
    source: MessageSource,
    actor: str,
    mailbox: str | None = None,
    uid: int | None = None,
) -> InboxOutcome:
    """Store and ingest one RFC 822 message unless the same message was received before.

    The message is claimed first (a unique row per message id), so SMTP and IMAP delivering it
    at the same moment store it once; a failure releases the claim and raises, so the sender
    can deliver it again.
    """
    key = message_key(raw)
    claim = _claim(engine, key, source=source, mailbox=mailbox, uid=uid)
    if claim is None:
        with transaction(engine) as session:
            known = session.scalar(select(InboxMessage.document_pk).where(InboxMessage.message_id == key))
        return InboxOutcome(key, "duplicate", known)
    sha256 = hashlib.sha256(raw).hexdigest()
    try:
        spooled = _spool(settings, raw, sha256)
        outcome = ingest_paths(engine, settings, [spooled], actor=actor, source=source).outcomes[0]
        with transaction(engine) as session:
            document_pk = session.scalar(select(Document.id).where(Document.sha256 == sha256))
            if document_pk is None:
                raise InboxError(outcome.reason or f"message {key} was not stored")
            session.execute(
                update(InboxMessage).where(InboxMessage.id == claim).values(document_pk=document_pk)
            )
            record_action(
                session,
                actor=actor,
                action="inbox.message_received",
                entity_type="document",
                entity_id=document_pk,
                details={"message_id": key, "source": source, "mailbox": mailbox, "uid": uid},
            )
    except BaseException:
        with transaction(engine) as session:
            session.execute(
                delete(InboxMessage).where(InboxMessage.id == claim, InboxMessage.document_pk.is_(None))
            )
        raise
    spooled.unlink(missing_ok=True)
    log.info("inbox.message_accepted", message_id=key, source=source, document=document_pk)
    return InboxOutcome(key, "accepted", document_pk, outcome)


def message_key(raw: bytes) -> str:
    """The normalised Message-ID (``<local@domain>``, unfolded, domain in lower case), or a hash
    of the body (line endings normalised) when the message has none."""
    header = BytesHeaderParser(policy=compat32).parsebytes(raw).get("Message-ID")
    compact = "".join(str(header or "").split())
    start = compact.find("<")
    end = compact.find(">", start + 1)
    inner = compact[start + 1 : end] if 0 <= start < end else compact.strip("<>")
    if not inner:
        body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")[2].rstrip()
        return f"body-sha256:{hashlib.sha256(body).hexdigest()}"
    local, at, domain = inner.rpartition("@")
    normalised = f"<{local}@{domain.lower()}>" if at else f"<{inner}>"
    if len(normalised) > MESSAGE_ID_MAX or not normalised.isascii():
        digest = hashlib.sha256(normalised.encode("utf-8", "surrogateescape")).hexdigest()
        return f"message-id-sha256:{digest}"
    return normalised


def _claim(
    engine: Engine, key: str, *, source: MessageSource, mailbox: str | None, uid: int | None
) -> int | None:
    """The id of a new claim on ``key``, or ``None`` when the message is (being) received already."""
    try:
        with transaction(engine) as session:
            row = InboxMessage(message_id=key, source=source, mailbox=mailbox, uid=uid)
            session.add(row)
            session.flush()
            return row.id
    except IntegrityError:
        with transaction(engine) as session:
            return session.scalar(
                update(InboxMessage)
                .where(
                    InboxMessage.message_id == key,
                    InboxMessage.document_pk.is_(None),
                    InboxMessage.received_at < utc_now() - STALE_CLAIM,
                )
                .values(source=source, mailbox=mailbox, uid=uid, received_at=utc_now())
                .returning(InboxMessage.id)
            )


def _spool(settings: Settings, raw: bytes, sha256: str) -> Path:
    """Write the message to ``<data dir>/inbox/<sha256>.eml`` (atomically) for :func:`ingest_paths`."""
    target = settings.data_dir / "inbox" / f"{sha256}.eml"
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f"{target.name}.{uuid.uuid4().hex}.partial")
    temporary.write_bytes(raw)
    temporary.replace(target)
    return target


class InboxHandler:
    """aiosmtpd handler: takes mail for the configured recipients and stores each message."""

    def __init__(self, engine: Engine, settings: Settings, *, actor: str) -> None:
        self.engine, self.settings, self.actor = engine, settings, actor
        self.addresses = {address.strip().lower() for address in settings.inbox_addresses}

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.addresses and address.strip().lower() not in self.addresses:
            return "550 5.1.1 Recipient not accepted here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        try:
            await asyncio.to_thread(
                accept_message, self.engine, self.settings, raw, source="smtp", actor=self.actor
            )
        except Exception as exc:  # the sender keeps the message and tries again later
            log.error("inbox.smtp_failure", peer=str(session.peer), exc_info=exc)
            return "451 4.3.0 Message not stored, please try again later"
        return "250 Message accepted"


class SmtpInbox:
    """The SMTP listener (``inbox_smtp_host``:``inbox_smtp_port``), run in a thread of its own."""

    def __init__(self, engine: Engine, settings: Settings, *, actor: str) -> None:
        self.controller = Controller(
            InboxHandler(engine, settings, actor=actor),
            hostname=settings.inbox_smtp_host,
            port=settings.inbox_smtp_port,
            data_size_limit=int(settings.inbox_max_message_mb * 1_000_000),
        )

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> SmtpInbox:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


@dataclass(frozen=True)
class ImapMailbox:
    """Where to poll, from ``imap://user:password@host:port/MAILBOX`` (``imaps://`` for TLS)."""

    tls: bool
    host: str
    port: int
    user: str
    password: str
    mailbox: str

    @property
    def account(self) -> str:
        """The server account, without the password."""
        return f"{self.user}@{self.host}:{self.port}"


def parse_imap_url(url: str) -> ImapMailbox:
    """Read an IMAP URL; :class:`InboxError` says what is missing (the password is never shown)."""
    parts = urlsplit(url)
    shown = f"{parts.scheme}://{parts.hostname or ''}{parts.path}"
    if parts.scheme not in {"imap", "imaps"}:
        raise InboxError(f"IMAP URL {shown}: scheme must be imap:// or imaps://")
    try:
        port = parts.port or (993 if parts.scheme == "imaps" else 143)
    except ValueError as exc:
        raise InboxError(f"IMAP URL {shown}: {exc}") from exc
    if not parts.hostname or parts.username is None or parts.password is None:
        raise InboxError(f"IMAP URL {shown}: expected imap://user:password@host:port/MAILBOX")
    return ImapMailbox(
        tls=parts.scheme == "imaps",
        host=parts.hostname,
        port=port,
        user=unquote(parts.username),
        password=unquote(parts.password),
        mailbox=unquote(parts.path.lstrip("/")) or "INBOX",
    )


def poll_imap(settings: Settings, engine: Engine, *, actor: str, url: str | None = None) -> PollSummary:
    """Read the messages that arrived since the last poll (UID above the high-water mark),
    store each with :func:`accept_message`, then flag it ``\\Seen``.

    ``url`` defaults to ``inbox_imap_url``. A new UIDVALIDITY restarts from the first message;
    Message-IDs keep those already received from being stored again.
    """
    if not (url or settings.inbox_imap_url):
        raise InboxError("no IMAP mailbox: set ARCOPILOT_INBOX_IMAP_URL or pass --imap")
    target = parse_imap_url(url or settings.inbox_imap_url or "")
    summary = PollSummary()
    try:
        imap_class = imaplib.IMAP4_SSL if target.tls else imaplib.IMAP4
        with imap_class(target.host, target.port, timeout=IMAP_TIMEOUT_SECONDS) as imap:
            imap.login(target.user, target.password)
            _expect_ok(imap.select(_quoted(target.mailbox)), f"SELECT {target.mailbox}")
            uid_validity = _uid_validity(imap)
            last_uid = _last_uid(engine, target, uid_validity)
            for uid in _uids_after(imap, last_uid):
                raw = _fetch(imap, uid)
                if raw is not None:
                    summary.outcomes.append(
                        accept_message(
                            engine, settings, raw, source="imap", actor=actor, mailbox=target.mailbox, uid=uid
                        )
                    )
                    _expect_ok(imap.uid("STORE", str(uid), "+FLAGS", "(\\Seen)"), f"STORE UID {uid}")
                _advance(engine, target, uid)
    except (imaplib.IMAP4.error, OSError) as exc:
        detail = exc.args[0].decode(errors="replace") if exc.args and isinstance(exc.args[0], bytes) else exc
        raise InboxError(f"IMAP {target.account}/{target.mailbox}: {detail}") from exc
    return summary


def _quoted(mailbox: str) -> str:
    escaped = mailbox.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _expect_ok(response: tuple[str, list[Any]], command: str) -> list[Any]:
    status, data = response
    if status != "OK":
        detail = b" ".join(part for part in data if isinstance(part, bytes)).decode(errors="replace")
        raise InboxError(f"{command} failed: {detail or status}")
    return data


def _uid_validity(imap: imaplib.IMAP4) -> int:
    value = imap.response("UIDVALIDITY")[1][0]
    if not isinstance(value, bytes) or not value.strip().isdigit():
        raise InboxError(f"the server gave no UIDVALIDITY after SELECT (got {value!r})")
    return int(value)


def _uids_after(imap: imaplib.IMAP4, last_uid: int) -> list[int]:
    """UIDs above ``last_uid``, ascending (``n:*`` also matches the last message when none is newer)."""
    data = _expect_ok(imap.uid("SEARCH", "UID", f"{last_uid + 1}:*"), "UID SEARCH")
    return sorted(uid for uid in (int(part) for part in (data[0] or b"").split()) if uid > last_uid)


def _fetch(imap: imaplib.IMAP4, uid: int) -> bytes | None:
    """The raw message, without setting ``\\Seen``; ``None`` when it was expunged meanwhile."""
    data = _expect_ok(imap.uid("FETCH", str(uid), "(BODY.PEEK[])"), f"UID FETCH {uid}")
    return next((part[1] for part in data if isinstance(part, tuple)), None)


def _last_uid(engine: Engine, target: ImapMailbox, uid_validity: int) -> int:
    """The mailbox's high-water mark, reset to 0 when the server changed its UIDVALIDITY."""
    with transaction(engine) as session:
        state = session.scalar(
            select(InboxState).where(
                InboxState.account == target.account, InboxState.mailbox == target.mailbox
            )
        )
        if state is not None:
            if state.uid_validity != uid_validity:
                state.uid_validity, state.last_uid = uid_validity, 0
            return state.last_uid
    try:
        with transaction(engine) as session:
            session.add(InboxState(account=target.account, mailbox=target.mailbox, uid_validity=uid_validity))
    except IntegrityError:  # another poller began this mailbox at the same moment; Message-IDs dedupe
        pass
    return 0


def _advance(engine: Engine, target: ImapMailbox, uid: int) -> None:
    with transaction(engine) as session:
        session.execute(
            update(InboxState)
            .where(
                InboxState.account == target.account,
                InboxState.mailbox == target.mailbox,
                InboxState.last_uid < uid,
            )
            .values(last_uid=uid, updated_at=utc_now())
        )
