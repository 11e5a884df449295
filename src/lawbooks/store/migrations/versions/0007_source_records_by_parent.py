"""Source records indexed by (firm, stream, parent): a partition reads its bills' line items
by parent id, and with a parent-only index beside the primary key SQLite searched by
(firm, stream) and scanned the stream's every record for each chunk of ids; a cost that grew
with the square of the firm.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_records_parent_id"))
        batch_op.create_index("ix_source_records_parent", ["firm_id", "stream", "parent_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.drop_index("ix_source_records_parent")
        batch_op.create_index(batch_op.f("ix_source_records_parent_id"), ["parent_id"],
                              unique=False)
