"""The takes of sliding-window limiters (QBO's batch calls: 40 in any minute).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_window_takes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rate_window_takes", schema=None) as batch_op:
        batch_op.create_index("ix_rate_window_takes_key_at", ["key", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rate_window_takes", schema=None) as batch_op:
        batch_op.drop_index("ix_rate_window_takes_key_at")
    op.drop_table("rate_window_takes")
