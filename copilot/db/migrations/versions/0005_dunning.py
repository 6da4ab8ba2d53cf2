"""payment plans and dunning drafts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import copilot.db.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dunning_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_pk", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("pdf_path", sa.String(length=1024), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=128), nullable=True),
        sa.Column("approved_at", copilot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("sent_at", copilot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_pk"], ["customers.id"], name=op.f("fk_dunning_drafts_customer_pk_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dunning_drafts")),
    )
    with op.batch_alter_table("dunning_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dunning_drafts_customer_pk"), ["customer_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_dunning_drafts_status"), ["status"], unique=False)

    op.create_table(
        "payment_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_pk", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", copilot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_pk"], ["customers.id"], name=op.f("fk_payment_plans_customer_pk_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_plans")),
    )
    with op.batch_alter_table("payment_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_plans_customer_pk"), ["customer_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_plans_status"), ["status"], unique=False)

    op.create_table(
        "payment_plan_instalments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount", copilot.db.types.Amount(precision=24, scale=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_pk"],
            ["payment_plans.id"],
            name=op.f("fk_payment_plan_instalments_plan_pk_payment_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_plan_instalments")),
        sa.UniqueConstraint("plan_pk", "position", name=op.f("uq_payment_plan_instalments_plan_pk")),
    )
    with op.batch_alter_table("payment_plan_instalments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_plan_instalments_plan_pk"), ["plan_pk"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payment_plan_instalments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_plan_instalments_plan_pk"))

    op.drop_table("payment_plan_instalments")
    with op.batch_alter_table("payment_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_plans_status"))
        batch_op.drop_index(batch_op.f("ix_payment_plans_customer_pk"))

    op.drop_table("payment_plans")
    with op.batch_alter_table("dunning_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dunning_drafts_status"))
        batch_op.drop_index(batch_op.f("ix_dunning_drafts_customer_pk"))

    op.drop_table("dunning_drafts")
