"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import copilot.db.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "bank_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_accounts")),
        sa.UniqueConstraint("account_key", name=op.f("uq_bank_accounts_account_key")),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("segment", sa.String(length=64), nullable=True),
        sa.Column("credit_limit", copilot.db.types.Amount(precision=24, scale=4), nullable=True),
        sa.Column("credit_currency", sa.String(length=3), nullable=True),
        sa.Column("payment_terms_days", sa.Integer(), nullable=True),
        sa.Column("contact_name", sa.String(length=255), nullable=True),
        sa.Column("parent_customer_id", sa.String(length=64), nullable=True),
        sa.Column("discount_terms", sa.String(length=32), nullable=True),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("customer_id", name=op.f("uq_customers_customer_id")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_customers_parent_customer_id"), ["parent_customer_id"], unique=False
        )

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=512), nullable=False),
        sa.Column("stored_path", sa.String(length=1024), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("parent_pk", sa.Integer(), nullable=True),
        sa.Column("received_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("processed_at", copilot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_pk"], ["documents.id"], name=op.f("fk_documents_parent_pk_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_status"), ["status"], unique=False)

    op.create_table(
        "customer_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_pk", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=255), nullable=False),
        sa.Column("normalised_alias", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_pk"],
            ["customers.id"],
            name=op.f("fk_customer_aliases_customer_pk_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_aliases")),
        sa.UniqueConstraint("customer_pk", "normalised_alias", name=op.f("uq_customer_aliases_customer_pk")),
    )
    with op.batch_alter_table("customer_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_aliases_customer_pk"), ["customer_pk"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_customer_aliases_normalised_alias"), ["normalised_alias"], unique=False
        )

    op.create_table(
        "customer_ibans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_pk", sa.Integer(), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_pk"],
            ["customers.id"],
            name=op.f("fk_customer_ibans_customer_pk_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_ibans")),
        sa.UniqueConstraint("iban", name=op.f("uq_customer_ibans_iban")),
    )
    with op.batch_alter_table("customer_ibans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_ibans_customer_pk"), ["customer_pk"], unique=False)

    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_number", sa.String(length=64), nullable=False),
        sa.Column("customer_pk", sa.Integer(), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.Column("open_amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.Column("po_number", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_pk"], ["customers.id"], name=op.f("fk_invoices_customer_pk_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("invoice_number", name=op.f("uq_invoices_invoice_number")),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoices_customer_pk"), ["customer_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_invoices_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_invoices_status"), ["status"], unique=False)

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_account_pk", sa.Integer(), nullable=True),
        sa.Column("document_pk", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.String(length=200), nullable=False),
        sa.Column("bank_reference", sa.String(length=200), nullable=True),
        sa.Column("entry_reference", sa.String(length=200), nullable=True),
        sa.Column("end_to_end_id", sa.String(length=200), nullable=True),
        sa.Column("booking_date", sa.Date(), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=True),
        sa.Column("amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payer_name", sa.String(length=255), nullable=True),
        sa.Column("payer_iban", sa.String(length=34), nullable=True),
        sa.Column("payer_bic", sa.String(length=11), nullable=True),
        sa.Column("creditor_reference", sa.String(length=64), nullable=True),
        sa.Column("reference", sa.String(length=255), nullable=True),
        sa.Column("remittance_text", sa.Text(), nullable=True),
        sa.Column("bank_transaction_code", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_account_pk"], ["bank_accounts.id"], name=op.f("fk_payments_bank_account_pk_bank_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["document_pk"], ["documents.id"], name=op.f("fk_payments_document_pk_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_bank_account_pk"), ["bank_account_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_bank_id"), ["bank_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_document_pk"), ["document_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_end_to_end_id"), ["end_to_end_id"], unique=False)
        batch_op.create_index("ix_payments_amount_day", ["amount", "booking_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_bank_reference"), ["bank_reference"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_entry_reference"), ["entry_reference"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_payer_iban"), ["payer_iban"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_status"), ["status"], unique=False)

    op.create_table(
        "payment_sightings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_pk", sa.Integer(), nullable=False),
        sa.Column("document_pk", sa.Integer(), nullable=False),
        sa.Column("locator", sa.String(length=255), nullable=False),
        sa.Column("matched_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_pk"], ["documents.id"], name=op.f("fk_payment_sightings_document_pk_documents")
        ),
        sa.ForeignKeyConstraint(
            ["payment_pk"],
            ["payments.id"],
            name=op.f("fk_payment_sightings_payment_pk_payments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_sightings")),
        sa.UniqueConstraint("document_pk", "locator", name=op.f("uq_payment_sightings_document_pk")),
    )
    with op.batch_alter_table("payment_sightings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_sightings_document_pk"), ["document_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_sightings_payment_pk"), ["payment_pk"], unique=False)

    op.create_table(
        "remittances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_pk", sa.Integer(), nullable=False),
        sa.Column("payment_pk", sa.Integer(), nullable=True),
        sa.Column("payer_name", sa.String(length=255), nullable=True),
        sa.Column("payment_date", sa.Date(), nullable=True),
        sa.Column("payment_amount", copilot.db.types.Amount(precision=24, scale=4), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("payment_reference", sa.String(length=255), nullable=True),
        sa.Column("confidence", sa.Numeric(precision=5, scale=4), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_pk"], ["documents.id"], name=op.f("fk_remittances_document_pk_documents")
        ),
        sa.ForeignKeyConstraint(
            ["payment_pk"], ["payments.id"], name=op.f("fk_remittances_payment_pk_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remittances")),
    )
    with op.batch_alter_table("remittances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_remittances_document_pk"), ["document_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_remittances_payment_pk"), ["payment_pk"], unique=False)

    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_pk", sa.Integer(), nullable=False),
        sa.Column("customer_pk", sa.Integer(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Numeric(precision=5, scale=4), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("unapplied_amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decided_at", copilot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_pk"], ["customers.id"], name=op.f("fk_suggestions_customer_pk_customers")
        ),
        sa.ForeignKeyConstraint(
            ["payment_pk"], ["payments.id"], name=op.f("fk_suggestions_payment_pk_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
    )
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestions_customer_pk"), ["customer_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestions_payment_pk"), ["payment_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestions_status"), ["status"], unique=False)

    op.create_table(
        "allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_pk", sa.Integer(), nullable=False),
        sa.Column("invoice_pk", sa.Integer(), nullable=False),
        sa.Column("suggestion_pk", sa.Integer(), nullable=True),
        sa.Column("amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.Column("discount_amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reversed_by", sa.String(length=128), nullable=True),
        sa.Column("reversed_at", copilot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_pk"], ["invoices.id"], name=op.f("fk_allocations_invoice_pk_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["payment_pk"], ["payments.id"], name=op.f("fk_allocations_payment_pk_payments")
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_pk"], ["suggestions.id"], name=op.f("fk_allocations_suggestion_pk_suggestions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocations")),
    )
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocations_invoice_pk"), ["invoice_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocations_payment_pk"), ["payment_pk"], unique=False)

    op.create_table(
        "remittance_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("remittance_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("invoice_number", sa.String(length=64), nullable=True),
        sa.Column("invoice_date", sa.Date(), nullable=True),
        sa.Column("invoice_amount", copilot.db.types.Amount(precision=24, scale=4), nullable=True),
        sa.Column("paid_amount", copilot.db.types.Amount(precision=24, scale=4), nullable=True),
        sa.Column("discount_amount", copilot.db.types.Amount(precision=24, scale=4), nullable=True),
        sa.Column("deduction_amount", copilot.db.types.Amount(precision=24, scale=4), nullable=True),
        sa.Column("reason_text", sa.Text(), nullable=True),
        sa.Column("reason_code", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["remittance_pk"],
            ["remittances.id"],
            name=op.f("fk_remittance_lines_remittance_pk_remittances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remittance_lines")),
    )
    with op.batch_alter_table("remittance_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_remittance_lines_remittance_pk"), ["remittance_pk"], unique=False
        )

    op.create_table(
        "suggestion_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suggestion_pk", sa.Integer(), nullable=False),
        sa.Column("invoice_pk", sa.Integer(), nullable=False),
        sa.Column("amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.Column("discount_amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.Column("deduction_amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.Column("deduction_code", sa.String(length=16), nullable=True),
        sa.Column("deduction_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_pk"], ["invoices.id"], name=op.f("fk_suggestion_lines_invoice_pk_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_pk"],
            ["suggestions.id"],
            name=op.f("fk_suggestion_lines_suggestion_pk_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_lines")),
    )
    with op.batch_alter_table("suggestion_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_lines_invoice_pk"), ["invoice_pk"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_suggestion_lines_suggestion_pk"), ["suggestion_pk"], unique=False
        )

    op.create_table(
        "deductions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("allocation_pk", sa.Integer(), nullable=True),
        sa.Column("payment_pk", sa.Integer(), nullable=False),
        sa.Column("invoice_pk", sa.Integer(), nullable=False),
        sa.Column("amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reason_code", sa.String(length=16), nullable=False),
        sa.Column("reason_text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("resolved_by", sa.String(length=128), nullable=True),
        sa.Column("resolved_at", copilot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["allocation_pk"], ["allocations.id"], name=op.f("fk_deductions_allocation_pk_allocations")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_pk"], ["invoices.id"], name=op.f("fk_deductions_invoice_pk_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["payment_pk"], ["payments.id"], name=op.f("fk_deductions_payment_pk_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deductions")),
    )
    with op.batch_alter_table("deductions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deductions_invoice_pk"), ["invoice_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_deductions_payment_pk"), ["payment_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_deductions_reason_code"), ["reason_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_deductions_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("deductions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deductions_status"))
        batch_op.drop_index(batch_op.f("ix_deductions_reason_code"))
        batch_op.drop_index(batch_op.f("ix_deductions_payment_pk"))
        batch_op.drop_index(batch_op.f("ix_deductions_invoice_pk"))

    op.drop_table("deductions")
    with op.batch_alter_table("suggestion_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_lines_suggestion_pk"))
        batch_op.drop_index(batch_op.f("ix_suggestion_lines_invoice_pk"))

    op.drop_table("suggestion_lines")
    with op.batch_alter_table("remittance_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remittance_lines_remittance_pk"))

    op.drop_table("remittance_lines")
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocations_payment_pk"))
        batch_op.drop_index(batch_op.f("ix_allocations_invoice_pk"))

    op.drop_table("allocations")
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestions_status"))
        batch_op.drop_index(batch_op.f("ix_suggestions_payment_pk"))
        batch_op.drop_index(batch_op.f("ix_suggestions_customer_pk"))

    op.drop_table("suggestions")
    with op.batch_alter_table("remittances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remittances_payment_pk"))
        batch_op.drop_index(batch_op.f("ix_remittances_document_pk"))

    op.drop_table("remittances")
    with op.batch_alter_table("payment_sightings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_sightings_payment_pk"))
        batch_op.drop_index(batch_op.f("ix_payment_sightings_document_pk"))

    op.drop_table("payment_sightings")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_status"))
        batch_op.drop_index(batch_op.f("ix_payments_payer_iban"))
        batch_op.drop_index(batch_op.f("ix_payments_entry_reference"))
        batch_op.drop_index(batch_op.f("ix_payments_bank_reference"))
        batch_op.drop_index("ix_payments_amount_day")
        batch_op.drop_index(batch_op.f("ix_payments_end_to_end_id"))
        batch_op.drop_index(batch_op.f("ix_payments_document_pk"))
        batch_op.drop_index(batch_op.f("ix_payments_bank_id"))
        batch_op.drop_index(batch_op.f("ix_payments_bank_account_pk"))

    op.drop_table("payments")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoices_status"))
        batch_op.drop_index(batch_op.f("ix_invoices_due_date"))
        batch_op.drop_index(batch_op.f("ix_invoices_customer_pk"))

    op.drop_table("invoices")
    with op.batch_alter_table("customer_ibans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_ibans_customer_pk"))

    op.drop_table("customer_ibans")
    with op.batch_alter_table("customer_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_aliases_normalised_alias"))
        batch_op.drop_index(batch_op.f("ix_customer_aliases_customer_pk"))

    op.drop_table("customer_aliases")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_status"))

    op.drop_table("documents")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_parent_customer_id"))

    op.drop_table("customers")
    op.drop_table("bank_accounts")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
