"""Recovery and leases: where to look for an unanswered write, and who runs a firm's sync.

`operations.locator` is set when a write is sent: what the next run needs to find the object
that write may have made (an id, a name, a number), since the journal keeps no documents.
`sync_leases` holds one row per firm that a run takes by a conditional update and renews
with a heartbeat (`sync_runs.heartbeat_at` shows the last one): a run whose lease lapsed
died, and is shown as interrupted.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("operations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locator", sa.JSON(), nullable=True))
    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True),
                                      nullable=True))
    op.create_table(
        "sync_leases",
        sa.Column("firm_id", sa.Integer(), sa.ForeignKey("firms.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("sync_leases")
    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
    with op.batch_alter_table("operations", schema=None) as batch_op:
        batch_op.drop_column("locator")
