"""The go-live gate: when (and by whom) a firm started syncing.

`firms.live_since` stays empty until an administrator has finished set-up and pressed "Start
syncing" after a plan preview; until then the scheduler and webhooks write nothing to
QuickBooks. A firm that already synced before this revision went live by doing so: its
first real (not dry) run's start is taken as its `live_since`, so upgrading stops no one.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("firms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("live_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("live_by", sa.String(200), nullable=True))
    op.execute(
        "UPDATE firms SET live_by = 'an earlier sync', live_since = (SELECT min(started_at) "
        "FROM sync_runs WHERE sync_runs.firm_id = firms.id AND sync_runs.dry_run = false) "
        "WHERE EXISTS (SELECT 1 FROM sync_runs WHERE sync_runs.firm_id = firms.id "
        "AND sync_runs.dry_run = false)")


def downgrade() -> None:
    with op.batch_alter_table("firms", schema=None) as batch_op:
        batch_op.drop_column("live_by")
        batch_op.drop_column("live_since")
