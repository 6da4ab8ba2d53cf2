"""cash application: evidence on suggestions, open amounts never past zero, one active allocation

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evidence", sa.String(length=128), nullable=False, server_default=""))
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.alter_column("evidence", server_default=None)
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_check_constraint(
            "open_amount_within_sign",
            "(amount >= 0 AND open_amount >= 0) OR (amount < 0 AND open_amount <= 0)",
        )
    op.create_index(
        "uq_allocations_active",
        "allocations",
        ["payment_pk", "invoice_pk"],
        unique=True,
        postgresql_where=sa.text("reversed_at IS NULL"),
        sqlite_where=sa.text("reversed_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_allocations_active", table_name="allocations")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_constraint("open_amount_within_sign", type_="check")
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_column("evidence")
