"""What the copilot remembers: customer notes and promises to pay, and conversation threads."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from copilot.db.models import Base
from copilot.db.types import utc_now


class CustomerNote(Base):
    """A dated note on a customer: a remark, a call log, an e-mail, a promise to pay.

    The database row is the record; the Chroma index is rebuilt from these rows when missing.
    """

    __tablename__ = "customer_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="note")
    noted_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class PaymentPromise(Base):
    """A customer's promise to pay an amount by a date (*promesse de paiement*).

    ``status`` is ``open`` until the promised date has passed, then ``kept`` or ``broken`` as
    the tools judge it from the payments received; ``cancelled`` when a person withdraws it.
    """

    __tablename__ = "payment_promises"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    promised_date: Mapped[date]
    made_on: Mapped[date]
    invoice_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Conversation(Base):
    """A thread with the copilot (a CLI session, a Slack thread, a web chat)."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "thread_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    thread_key: Mapped[str] = mapped_column(String(255))
    user: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ConversationTurn(Base):
    """One question and its answer, with the tool calls behind the answer and what they returned."""

    __tablename__ = "conversation_turns"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_pk: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    as_of: Mapped[date]
    tool_calls: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    grounded: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
