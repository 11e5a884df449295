"""Operations indexed by (firm, source): a success settles the record's earlier attempts,
and with a source-only index beside a firm one SQLite scanned the firm's whole journal.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("operations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_operations_source"))
        batch_op.create_index("ix_operations_firm_source", ["firm_id", "source"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("operations", schema=None) as batch_op:
        batch_op.drop_index("ix_operations_firm_source")
        batch_op.create_index(batch_op.f("ix_operations_source"), ["source"], unique=False)
