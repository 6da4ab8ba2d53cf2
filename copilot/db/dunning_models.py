"""Dunning records: payment plans (*échéanciers*) and reminder drafts awaiting approval and sending."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from copilot.db.models import Base
from copilot.db.types import utc_now


class PaymentPlan(Base):
    """A customer's agreement to pay what it owes in instalments, in one currency.

    ``status`` is ``active``, ``completed`` or ``cancelled``. ``made_on`` is the day it was
    agreed: settlements from that day on count towards its instalments.
    """

    __tablename__ = "payment_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    made_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    instalments: Mapped[list[PaymentPlanInstalment]] = relationship(
        cascade="all, delete-orphan", order_by="PaymentPlanInstalment.position"
    )


class PaymentPlanInstalment(Base):
    """One instalment of a payment plan: the amount due on a day (``position`` 1, 2, … by date)."""

    __tablename__ = "payment_plan_instalments"
    __table_args__ = (UniqueConstraint("plan_pk", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_pk: Mapped[int] = mapped_column(ForeignKey("payment_plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    due_date: Mapped[date]
    amount: Mapped[Decimal]


class DunningDraft(Base):
    """A reminder written for one customer on ``as_of``: e-mail, letter or call task.

    ``facts`` holds everything the message states (invoice lines, totals, late charges,
    reminders already sent, promises), amounts and dates as strings. ``method`` says who wrote
    the text: ``template`` or ``llm`` (a personalised rewrite that passed the grounding check).
    ``status`` goes ``draft`` → ``approved`` → ``sending`` → ``sent`` (or ``cancelled``);
    ``sent_on`` is the business day the send ran for, ``error`` the last failure to send.
    """

    __tablename__ = "dunning_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    as_of: Mapped[date]
    stage: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    pdf_path: Mapped[str | None] = mapped_column(String(1024))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    method: Mapped[str] = mapped_column(String(16), default="template")
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    approved_by: Mapped[str | None] = mapped_column(String(128))
    approved_at: Mapped[datetime | None]
    sent_on: Mapped[date | None]
    sent_at: Mapped[datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
