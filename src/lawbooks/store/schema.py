"""The tables. Migrations in `migrations/versions` must match these (a test checks it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class FirmRow(Base):
    __tablename__ = "firms"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Set when an administrator pressed "Start syncing" (the go-live gate); until then
    # neither the scheduler nor a webhook writes anything to QuickBooks.
    live_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    live_by: Mapped[str | None] = mapped_column(String(200))


class ConnectionRow(Base):
    """An OAuth connection to Clio or QBO; secrets are encrypted (Fernet) at rest."""

    __tablename__ = "connections"
    __table_args__ = (UniqueConstraint("firm_id", "provider"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(20))  # clio | qbo
    base_url: Mapped[str] = mapped_column(String(500))
    token_url: Mapped[str] = mapped_column(String(500))
    external_id: Mapped[str] = mapped_column(String(100), default="")  # QBO realm id
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret: Mapped[bytes] = mapped_column(LargeBinary)
    access_token: Mapped[bytes] = mapped_column(LargeBinary)
    refresh_token: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[float] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="connected")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SourceRecordRow(Base):
    """The raw source records last pulled (snapshots), so a run can plan without re-reading."""

    __tablename__ = "source_records"
    __table_args__ = (Index("ix_source_records_parent", "firm_id", "stream", "parent_id"),
                      Index("ix_source_records_client", "firm_id", "stream", "client_id"),
                      Index("ix_source_records_join", "firm_id", "stream", "join_id"))
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"),
                                         primary_key=True)
    stream: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    parent_id: Mapped[str | None] = mapped_column(String(40))
    # The client the record belongs to, and what joins it to other clients' records (a
    # payment, a credit memo, a transfer): a group of clients is read without the whole firm.
    client_id: Mapped[str | None] = mapped_column(String(40))
    join_id: Mapped[str | None] = mapped_column(String(80))
    payload: Mapped[str] = mapped_column(Text)


class ChangeMarkRow(Base):
    """A client whose records changed since the last run that planned them ("*": the whole
    firm), for a part (billing or trust: the plans the change can alter). Written with the
    records, cleared only once a run that planned that part of them completed."""

    __tablename__ = "change_marks"
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"),
                                         primary_key=True)
    client_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    part: Mapped[str] = mapped_column(String(10), primary_key=True)


class CoverageRow(Base):
    """What a client's group covered when last planned (`part`: billing or trust): the
    records whose links a later run unwinds if they vanish, and the customers it needed."""

    __tablename__ = "sync_coverage"
    __table_args__ = (Index("ix_sync_coverage_source", "firm_id", "source"),)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"),
                                         primary_key=True)
    part: Mapped[str] = mapped_column(String(10), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    source: Mapped[str] = mapped_column(String(80), primary_key=True)


class TargetNameRow(Base):
    """A name QBO holds (a customer's, vendor's or employee's, inactive too), kept current from
    its change feed, so that a run need not list every name of the company (issue #20)."""

    __tablename__ = "target_names"
    __table_args__ = (Index("ix_target_names_name", "firm_id", "name"),)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"),
                                         primary_key=True)
    entity: Mapped[str] = mapped_column(String(20), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))  # lower-cased DisplayName
    sync_token: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(320))
    active: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str | None] = mapped_column(String(80))  # the source in lawbooks' tag


class CursorRow(Base):
    __tablename__ = "cursors"
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"),
                                         primary_key=True)
    stream: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(64))


class LinkRow(Base):
    """Source record <-> target object, its SyncToken, and the hash last pushed."""

    __tablename__ = "links"
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"),
                                         primary_key=True)
    source: Mapped[str] = mapped_column(String(80), primary_key=True)  # e.g. bill/9001
    entity: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(40))
    sync_token: Mapped[str] = mapped_column(String(20))
    pushed_hash: Mapped[str] = mapped_column(String(64))
    # The customer document last pushed: the base of the three-way merge of contact edits.
    pushed: Mapped[dict[str, object] | None] = mapped_column(JSON, nullable=True)
    voided: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OperationRow(Base):
    """The operation journal: written before a request leaves, updated with its outcome."""

    __tablename__ = "operations"
    __table_args__ = (UniqueConstraint("firm_id", "key"),
                      Index("ix_operations_firm_source", "firm_id", "source"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(80))
    label: Mapped[str] = mapped_column(String(300))
    # pending | done | failed | waiting | superseded | resolved (settled by recovery)
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(default=0)
    target_id: Mapped[str | None] = mapped_column(String(40))
    # Where to look for the object if no answer comes (set when the write is sent, so it
    # also marks a write that was sent at least once).
    locator: Mapped[dict[str, object] | None] = mapped_column(JSON)
    message: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SyncRunRow(Base):
    __tablename__ = "sync_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # running | ok | failed | partial | interrupted (it died: its lease lapsed)
    status: Mapped[str] = mapped_column(String(20))
    dry_run: Mapped[bool] = mapped_column(default=False)
    counts: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SyncLeaseRow(Base):
    """Who runs a firm's sync now: one row per firm, taken by a conditional update (so two
    processes cannot both take it) and renewed by the holder's heartbeat until it lapses."""

    __tablename__ = "sync_leases"
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"),
                                         primary_key=True)
    run_id: Mapped[int | None] = mapped_column(Integer)
    owner: Mapped[str | None] = mapped_column(String(200))  # host:pid:token of the holder
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """Append-only: every write lawbooks made, when, with which key, and QBO's answer."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    operation_key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(80), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str | None] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(Text)


class UserRow(Base):
    """A person who signs in to the web app: an administrator or a viewer."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, never the password
    role: Mapped[str] = mapped_column(String(20))  # admin | viewer
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Copied into each session cookie; bumped to end every session of the user at once.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # 1 on the first administrator only; unique, so the first-run page cannot make two.
    first_admin_claim: Mapped[int | None] = mapped_column(
        Integer, unique=True, nullable=True)


class LoginFailureRow(Base):
    """One failed sign-in, by a hash of (email, client address): the login throttle's memory."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SyncRequestRow(Base):
    """A firm should sync soon (a verified webhook asked): the scheduler reads and clears it."""

    __tablename__ = "sync_requests"
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"),
                                         primary_key=True)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(String(200))


class WebhookRegistrationRow(Base):
    """A webhook lawbooks registered for one firm: the hash of the token in its URL, and the
    shared secret from the activation handshake (sealed), once it came."""

    __tablename__ = "webhook_registrations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    secret: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RateBucketRow(Base):
    """A token bucket shared by every process using this database (one per realm limit)."""

    __tablename__ = "rate_buckets"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    stamp: Mapped[float] = mapped_column(Float)


class RateWindowTakeRow(Base):
    """One take of a sliding-window limiter (`RateBucketRow` of the same key is its lock)."""

    __tablename__ = "rate_window_takes"
    __table_args__ = (Index("ix_rate_window_takes_key_at", "key", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    at: Mapped[float] = mapped_column(Float)
