"""QBO's names kept in the store: a run no longer lists every customer, vendor and employee
of the company before it plans; the change feed keeps them current (issue #20).

The table starts empty: a firm's next run after the upgrade lists the names once.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "target_names",
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("target_id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("sync_token", sa.String(20), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(80), nullable=True),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("firm_id", "entity", "target_id"))
    with op.batch_alter_table("target_names", schema=None) as batch_op:
        batch_op.create_index("ix_target_names_name", ["firm_id", "name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("target_names", schema=None) as batch_op:
        batch_op.drop_index("ix_target_names_name")
    op.drop_table("target_names")
