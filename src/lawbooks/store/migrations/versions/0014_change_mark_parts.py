"""Change marks name the part they ask for again, billing or trust (issue #20): a contact's
email edit or a new bill marks billing alone, so the client's trust group (through transfers,
most of a firm's trust clients) is not replanned.

The marks pending at the upgrade keep asking for both parts. The table is small (the clients
changed since the last run), so it is rebuilt rather than altered: its primary key gains the
column.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _rebuild(parts: bool) -> None:
    old = sa.table("change_marks", sa.column("firm_id"), sa.column("client_id"))
    pending = sorted(set(op.get_bind().execute(sa.select(old.c.firm_id, old.c.client_id))))
    op.drop_table("change_marks")
    columns: list[sa.schema.SchemaItem] = [
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(40), nullable=False)]
    if parts:
        columns.append(sa.Column("part", sa.String(10), nullable=False))
    key = ("firm_id", "client_id", "part") if parts else ("firm_id", "client_id")
    table = op.create_table(
        "change_marks", *columns,
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(*key))
    rows = [{"firm_id": firm, "client_id": client, **({"part": part} if parts else {})}
            for firm, client in pending for part in (("billing", "trust") if parts else ("",))]
    if rows:
        op.bulk_insert(table, rows)


def upgrade() -> None:
    _rebuild(parts=True)


def downgrade() -> None:
    _rebuild(parts=False)
