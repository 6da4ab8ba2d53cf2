"""SQLAlchemy 2.0 typed models of the receivables ledger.

Natural keys (``customer_id``, ``invoice_number``, ``sha256``) are unique so
that every import and ingest is idempotent. Amounts use :class:`~copilot.db.types.Amount`
and sit beside their currency.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from copilot.db.types import Amount, UtcDateTime, utc_now

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a stable constraint naming convention for migrations."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        Decimal: Amount(),
        dict[str, Any]: JSON(),
    }


class Timestamps:
    """Creation and update times, in UTC."""

    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class Customer(Timestamps, Base):
    """A customer of the ERP, keyed by its ``customer_id``."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    country: Mapped[str | None] = mapped_column(String(2))
    segment: Mapped[str | None] = mapped_column(String(64))
    credit_limit: Mapped[Decimal | None]
    credit_currency: Mapped[str | None] = mapped_column(String(3))
    payment_terms_days: Mapped[int | None]
    contact_name: Mapped[str | None] = mapped_column(String(255))
    parent_customer_id: Mapped[str | None] = mapped_column(String(64), index=True)
    discount_terms: Mapped[str | None] = mapped_column(String(32))

    ibans: Mapped[list[CustomerIban]] = relationship(back_populates="customer", cascade="all, delete-orphan")
    invoices: Mapped[list[Invoice]] = relationship(back_populates="customer")


class CustomerIban(Base):
    """A bank account a customer pays from (from the ERP, or learned from approvals)."""

    __tablename__ = "customer_ibans"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    iban: Mapped[str] = mapped_column(String(34), unique=True)
    source: Mapped[str] = mapped_column(String(16), default="ledger")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    customer: Mapped[Customer] = relationship(back_populates="ibans")


class CustomerAlias(Base):
    """A name a customer's payments arrive under, learned from approved matches."""

    __tablename__ = "customer_aliases"
    __table_args__ = (UniqueConstraint("customer_pk", "normalised_alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(255))
    normalised_alias: Mapped[str] = mapped_column(String(255), index=True)
    source: Mapped[str] = mapped_column(String(16), default="approval")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Invoice(Timestamps, Base):
    """An invoice of the ERP's open-items list; ``open_amount`` is what remains due."""

    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint(
            "(amount >= 0 AND open_amount >= 0) OR (amount < 0 AND open_amount <= 0)",
            name="open_amount_within_sign",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_number: Mapped[str] = mapped_column(String(64), unique=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    issue_date: Mapped[date]
    due_date: Mapped[date] = mapped_column(index=True)
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[Decimal]
    open_amount: Mapped[Decimal]
    po_number: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    disputed: Mapped[bool] = mapped_column(default=False)

    customer: Mapped[Customer] = relationship(back_populates="invoices")


class BankAccount(Base):
    """One of our own bank accounts, as statements identify it (IBAN or account number)."""

    __tablename__ = "bank_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64), unique=True)
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    currency: Mapped[str | None] = mapped_column(String(3))
    name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Document(Base):
    """A file received (statement, remittance, email, ledger export), stored by SHA-256."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(512))
    stored_path: Mapped[str] = mapped_column(String(1024))
    size_bytes: Mapped[int] = mapped_column(Integer)
    format: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="unknown")
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(16), default="cli")
    parent_pk: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    received_at: Mapped[datetime] = mapped_column(default=utc_now)
    processed_at: Mapped[datetime | None]


class Payment(Base):
    """An incoming bank payment, recorded once however many files report it.

    ``status``: ``unapplied`` (not matched yet), ``queued`` (a suggestion awaits review),
    ``unmatched`` (no credible match: unapplied cash), ``applied`` (allocated, by the engine
    or a reviewer).
    """

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_amount_day", "amount", "booking_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_account_pk: Mapped[int | None] = mapped_column(ForeignKey("bank_accounts.id"), index=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    bank_id: Mapped[str] = mapped_column(String(200), index=True)
    bank_reference: Mapped[str | None] = mapped_column(String(200), index=True)
    entry_reference: Mapped[str | None] = mapped_column(String(200), index=True)
    end_to_end_id: Mapped[str | None] = mapped_column(String(200), index=True)
    booking_date: Mapped[date]
    value_date: Mapped[date | None]
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    payer_name: Mapped[str | None] = mapped_column(String(255))
    payer_iban: Mapped[str | None] = mapped_column(String(34), index=True)
    payer_bic: Mapped[str | None] = mapped_column(String(11))
    creditor_reference: Mapped[str | None] = mapped_column(String(64))
    reference: Mapped[str | None] = mapped_column(String(255))
    remittance_text: Mapped[str | None] = mapped_column(Text)
    bank_transaction_code: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="unapplied", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    bank_account: Mapped[BankAccount | None] = relationship()
    sightings: Mapped[list[PaymentSighting]] = relationship(back_populates="payment")


class PaymentSighting(Base):
    """Each place a payment was reported (first report and every duplicate), for provenance."""

    __tablename__ = "payment_sightings"
    __table_args__ = (UniqueConstraint("document_pk", "locator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_pk: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="CASCADE"), index=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    locator: Mapped[str] = mapped_column(String(255))
    matched_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    payment: Mapped[Payment] = relationship(back_populates="sightings")


class Remittance(Base):
    """A remittance advice: what a customer says a payment settles."""

    __tablename__ = "remittances"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    payment_pk: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), index=True)
    payer_name: Mapped[str | None] = mapped_column(String(255))
    payment_date: Mapped[date | None]
    payment_amount: Mapped[Decimal | None]
    currency: Mapped[str | None] = mapped_column(String(3))
    payment_reference: Mapped[str | None] = mapped_column(String(255))
    confidence: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    method: Mapped[str] = mapped_column(String(16), default="rules")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    lines: Mapped[list[RemittanceLine]] = relationship(cascade="all, delete-orphan")


class RemittanceLine(Base):
    """One invoice line of a remittance advice."""

    __tablename__ = "remittance_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    remittance_pk: Mapped[int] = mapped_column(ForeignKey("remittances.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    invoice_number: Mapped[str | None] = mapped_column(String(64))
    invoice_date: Mapped[date | None]
    invoice_amount: Mapped[Decimal | None]
    paid_amount: Mapped[Decimal | None]
    discount_amount: Mapped[Decimal | None]
    deduction_amount: Mapped[Decimal | None]
    reason_text: Mapped[str | None] = mapped_column(Text)
    reason_code: Mapped[str | None] = mapped_column(String(16))


class Suggestion(Base):
    """A proposed application of one payment, with confidence and explanation."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_pk: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    customer_pk: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    rank: Mapped[int] = mapped_column(default=1)
    confidence: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    explanation: Mapped[list[str]] = mapped_column(JSON, default=list)
    evidence: Mapped[str] = mapped_column(String(128), default="")
    unapplied_amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    lines: Mapped[list[SuggestionLine]] = relationship(cascade="all, delete-orphan")


class SuggestionLine(Base):
    """One invoice of a suggestion: cash applied, discount and deduction proposed."""

    __tablename__ = "suggestion_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_pk: Mapped[int] = mapped_column(ForeignKey("suggestions.id", ondelete="CASCADE"), index=True)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    amount: Mapped[Decimal]
    discount_amount: Mapped[Decimal]
    deduction_amount: Mapped[Decimal]
    deduction_code: Mapped[str | None] = mapped_column(String(16))
    deduction_reason: Mapped[str | None] = mapped_column(Text)


class Allocation(Base):
    """Cash of a payment applied to an invoice (the *lettrage* itself).

    At most one active (not reversed) allocation per payment and invoice: a unique partial
    index, so two processes can never apply the same payment to an invoice twice.
    """

    __tablename__ = "allocations"
    __table_args__ = (
        Index(
            "uq_allocations_active",
            "payment_pk",
            "invoice_pk",
            unique=True,
            postgresql_where=text("reversed_at IS NULL"),
            sqlite_where=text("reversed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_pk: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    suggestion_pk: Mapped[int | None] = mapped_column(ForeignKey("suggestions.id"))
    amount: Mapped[Decimal]
    discount_amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    reversed_by: Mapped[str | None] = mapped_column(String(128))
    reversed_at: Mapped[datetime | None]


class Deduction(Base):
    """A short payment on an invoice, with its reason code, until resolved or written off."""

    __tablename__ = "deductions"

    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_pk: Mapped[int | None] = mapped_column(ForeignKey("allocations.id"))
    payment_pk: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    reason_code: Mapped[str] = mapped_column(String(16), default="OTHER", index=True)
    reason_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    resolved_by: Mapped[str | None] = mapped_column(String(128))
    resolved_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Who did what, when: every import, ingest, approval, rejection and send."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
