"""Incremental sync: which client a source record belongs to, which clients changed, and what
each client's group covered when last planned.

A run plans only the groups of clients whose records changed (`change_marks`, written in the
same transaction as the records), reading them by `source_records.client_id`/`join_id`
instead of indexing the whole firm. Existing records are backfilled here from their payloads;
`sync_coverage` starts empty, and a firm's first run after the upgrade is a full sweep (no
sweep is recorded yet), which fills it.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BATCH = 1000


def _id(raw: dict[str, Any], key: str) -> str | None:
    value = (raw.get(key) or {}).get("id")
    return None if value is None else str(value)


def _keys(stream: str, raw: dict[str, Any]) -> tuple[str | None, str | None]:
    """The rules of `sources/clio/keys.py` as they stood at this revision."""
    if stream == "contacts":
        return str(raw["id"]), None
    if stream in ("matters", "bills"):
        return _id(raw, "client"), None
    if stream == "allocations":
        parent = raw.get("parent") or {}
        join = f"{parent.get('type')}:{parent['id']}" if parent.get("id") is not None else None
        return _id(raw, "contact"), join
    if stream == "credit_memos":
        return _id(raw, "contact"), f"CreditMemo:{raw['id']}"
    if stream == "bank_transactions":
        transfer = raw.get("source") == "bank_transfer" and raw.get("confirmation")
        return _id(raw, "client"), f"transfer:{raw['confirmation']}" if transfer else None
    return None, None


def upgrade() -> None:
    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_id", sa.String(40), nullable=True))
        batch_op.add_column(sa.Column("join_id", sa.String(80), nullable=True))
        batch_op.create_index("ix_source_records_client", ["firm_id", "stream", "client_id"],
                              unique=False)
        batch_op.create_index("ix_source_records_join", ["firm_id", "stream", "join_id"],
                              unique=False)
    op.create_table(
        "change_marks",
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("firm_id", "client_id"))
    op.create_table(
        "sync_coverage",
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(10), nullable=False),
        sa.Column("client_id", sa.String(40), nullable=False),
        sa.Column("source", sa.String(80), nullable=False),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("firm_id", "part", "client_id", "source"))
    with op.batch_alter_table("sync_coverage", schema=None) as batch_op:
        batch_op.create_index("ix_sync_coverage_source", ["firm_id", "source"], unique=False)
    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    records = sa.table("source_records", sa.column("firm_id"), sa.column("stream"),
                       sa.column("record_id"), sa.column("payload"), sa.column("client_id"),
                       sa.column("join_id"))
    update = (records.update()
              .where(records.c.firm_id == sa.bindparam("f"),
                     records.c.stream == sa.bindparam("s"),
                     records.c.record_id == sa.bindparam("r"))
              .values(client_id=sa.bindparam("c"), join_id=sa.bindparam("j")))
    rows = bind.execute(sa.select(records.c.firm_id, records.c.stream, records.c.record_id,
                                  records.c.payload)).fetchall()
    batch: list[dict[str, Any]] = []
    for firm, stream, record, payload in rows:
        client, join = _keys(stream, json.loads(payload))
        if client is None and join is None:
            continue
        batch.append({"f": firm, "s": stream, "r": record, "c": client, "j": join})
        if len(batch) >= BATCH:
            bind.execute(update, batch)
            batch = []
    if batch:
        bind.execute(update, batch)


def downgrade() -> None:
    op.drop_table("sync_coverage")
    op.drop_table("change_marks")
    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.drop_index("ix_source_records_join")
        batch_op.drop_index("ix_source_records_client")
        batch_op.drop_column("join_id")
        batch_op.drop_column("client_id")
