"""Users gain a session version and a first-administrator claim.

`session_version` is copied into each signed session cookie; signing out, a password change
or a removal bumps it, so every cookie issued before stops opening pages at once.
`first_admin_claim` is 1 on the first administrator only and unique: two first-run forms
posted at the same moment cannot both make an administrator (the second insert fails).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("first_admin_claim", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_users_first_admin_claim", ["first_admin_claim"])


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("uq_users_first_admin_claim", type_="unique")
        batch_op.drop_column("first_admin_claim")
        batch_op.drop_column("session_version")
