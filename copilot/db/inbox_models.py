"""Mail received by ``arcopilot inbox``: one row per message, and how far each IMAP mailbox was read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from copilot.db.models import Base
from copilot.db.types import utc_now


class InboxMessage(Base):
    """A message received once, whatever the channel and however often it arrives.

    ``message_id`` is the normalised Message-ID header, or ``body-sha256:…`` when the message
    has none. ``document_pk`` stays empty while the message is being stored (the row is the claim
    that keeps a second copy arriving at the same moment from being stored too).
    """

    __tablename__ = "inbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    document_pk: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))
    mailbox: Mapped[str | None] = mapped_column(String(255))
    uid: Mapped[int | None] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(default=utc_now)


class InboxState(Base):
    """The highest IMAP UID read in one mailbox, valid while its UIDVALIDITY stays the same."""

    __tablename__ = "inbox_state"
    __table_args__ = (UniqueConstraint("account", "mailbox"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(255))
    mailbox: Mapped[str] = mapped_column(String(255))
    uid_validity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
