"""One sync run: read the source, plan against the target, execute (unless dry run).

A firm is planned and executed a group of clients at a time ("partitions" of a few hundred),
so that memory holds one partition's records, plan and links, never the whole firm's. What
crosses clients stays right: the customers of the whole firm are planned first, in one name
space (display names unique, suffixes deterministic), from a first pass that only asks which
clients need one. Billing (invoices, payments, credit notes) and trust are then planned in
partitions of their own: a payment's clients share a billing partition; the two clients of a
transfer share a trust partition, so each client's trust ledger is checked whole, in date
order (trust movements are small: a partition that transfers join beyond the size holds only
those). A trust entry whose movement is gone from the source (it is in no partition) is
unwound in a last pass, as is a payment deleted in Clio (its allocations gone with it). The
partitions' plans together are `plan()` of the whole firm.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol

from lawbooks.domain.model import FirmSnapshot, SourceId, SourceKind, SourceRef
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.execute import ExecutionReport, ExecutionSettings, Outcome, Progress, execute
from lawbooks.engine.journal import Journal
from lawbooks.engine.merge import ContactSource, CustomerTarget, come_back
from lawbooks.engine.plan import (
    Held,
    Operation,
    Plan,
    customers_needed,
    phase,
    plan_bills,
    plan_customers,
    plan_trust_entries,
)
from lawbooks.engine.plan_billing import BILLING_KINDS, billing_refs
from lawbooks.engine.plan_trust import TRUST_KINDS
from lawbooks.engine.ports import (
    DocumentMapper,
    TargetIndex,
    TargetReader,
    TargetWriter,
    placeholder,
)
from lawbooks.engine.recover import Recovery, recover

PARTITION_SIZE = 250  # clients planned and executed together
NO_DOCUMENT: dict[str, object] = {}  # a dry run's operations, once shown, share it


class Source(ContactSource, Protocol):
    def pull(self) -> None:
        """Read what changed in the source into its own store."""
        ...

    def outline(self) -> FirmSnapshot:
        """The firm's contacts and trust accounts only: the small part every partition needs."""
        ...

    def client_groups(self) -> list[frozenset[SourceId]]:
        """Every client with bills, payments or credit notes, grouped: clients that one record
        involves together (a payment of another client's bill) share a group."""
        ...

    def snapshot_of(self, clients: Collection[SourceId], *,
                    bills_only: bool = False) -> FirmSnapshot:
        """The bills, payments and credit notes of these clients (contacts may be left out:
        the outline's are used). `bills_only`: the bills alone, their lines left out (what
        tells which clients need a customer)."""
        ...

    def trust_groups(self) -> list[frozenset[SourceId]]:
        """Every client with trust movements, grouped: the two clients of a transfer share a
        group."""
        ...

    def trust_of(self, clients: Collection[SourceId]) -> FirmSnapshot:
        """The trust accounts, and these clients' trust movements."""
        ...


class Target(TargetReader, TargetWriter, CustomerTarget, Protocol):
    realm: str

    def mapper(self, settings: SyncSettings) -> DocumentMapper: ...


@dataclass(slots=True)
class SyncReport:
    """What a real run did, as counts and failures. Its operations are in the journal and the
    audit log; kept here, they would make a run's memory grow with the firm."""

    planned: Counter[tuple[str, str]] = field(default_factory=Counter)  # (entity, kind)
    tally: Counter[tuple[str, str]] = field(default_factory=Counter)  # ExecutionReport.counts
    failures: list[Outcome] = field(default_factory=list)
    requests: int = 0

    def recovered(self, recovery: Recovery) -> None:
        """What recovery settled, counted as (entity, "recovered"); what it could not decide
        is a failure of the run."""
        for (entity, _), n in recovery.found.items():
            self.tally[(entity, "recovered")] += n
        self.failures.extend(recovery.undecided)
        self.requests += recovery.requests

    def add(self, plan: Plan, done: ExecutionReport) -> None:
        self.planned.update(plan.counts())
        self.tally.update(done.counts())
        self.failures.extend(Outcome(replace(o.operation, document=NO_DOCUMENT), o.status,
                                     o.message) for o in done.failures)
        self.requests += done.requests


@dataclass(frozen=True, slots=True)
class SyncResult:
    """A dry run's whole plan (operations without their documents: those were shown
    partition by partition), or a real run's report and held records."""

    plan: Plan  # a real run's holds only what was held
    report: SyncReport | None  # None for a dry run

    @property
    def planned(self) -> Counter[tuple[str, str]]:
        """Operations planned, per (entity, kind)."""
        return self.report.planned if self.report is not None else self.plan.counts()


def partitions(groups: Iterable[Collection[SourceId]], size: int) -> list[list[SourceId]]:
    """Groups packed, in a deterministic order, into partitions of at most `size` clients (a
    group larger than that is a partition of its own: it cannot be split)."""
    packed: list[list[SourceId]] = []
    current: list[SourceId] = []
    for group in sorted((sorted(g) for g in groups if g), key=lambda g: g[0]):
        if current and len(current) + len(group) > max(1, size):
            packed.append(current)
            current = []
        current.extend(group)
    if current:
        packed.append(current)
    return packed


def trust_refs(snapshot: FirmSnapshot, clients: Iterable[SourceId],
               settings: SyncSettings) -> set[SourceRef]:
    """The sources whose links a trust partition's plan reads: its movements and its
    clients' opening entries."""
    refs = set(snapshot.trust)
    for account in settings.trust.accounts:
        refs |= {SourceRef(SourceKind.TRUST_OPENING, SourceId(f"{account.clio_account_id}:{c}"))
                 for c in clients}
    return refs


@dataclass(slots=True)
class _Run:
    """One partitioned run: what it planned and did, documents dropped once used."""

    source: Source
    target: Target
    journal: Journal
    settings: SyncSettings
    mapper: DocumentMapper
    index: TargetIndex
    dry_run: bool
    progress: Progress | None
    execution: ExecutionSettings | None
    operations: dict[str, Operation] = field(default_factory=dict)  # a dry run's
    held: dict[Held, None] = field(default_factory=dict)  # ordered, without repeats
    report: SyncReport = field(default_factory=SyncReport)
    covered: set[SourceRef] = field(default_factory=set)  # sources a partition read

    def run(self, plan: Plan) -> None:
        self.held.update(dict.fromkeys(plan.held))
        if self.dry_run:
            for op in plan.operations:
                self.operations[op.key] = replace(op, document=NO_DOCUMENT)
            return
        if plan.is_empty:
            return
        links = self.journal.links_for(_plan_refs(plan))
        self.report.add(plan, execute(plan, self.target, self.journal, self.progress,
                                      self.execution, links))

    def result(self) -> SyncResult:
        ordered = sorted(self.operations.values(), key=lambda op: (phase(op), op.source))
        held = tuple(sorted(self.held, key=lambda h: h.source))
        if not self.dry_run:
            return SyncResult(Plan(self.target.realm, (), held), self.report)
        return SyncResult(Plan(self.target.realm, tuple(ordered), held), None)


def _plan_refs(plan: Plan) -> set[SourceRef]:
    """The sources whose links a plan's execution reads: its own, and those its documents'
    placeholders name."""
    refs: set[SourceRef] = set()
    for op in plan.operations:
        refs.add(op.source)
        refs.update(op.depends_on)
        _placeholders(op.document, refs)
    return refs


def _placeholders(document: object, into: set[SourceRef]) -> None:
    if isinstance(document, dict):
        if (found := placeholder(document)) is not None:
            into.add(found[1])
            return
        for value in document.values():
            _placeholders(value, into)
    elif isinstance(document, list):
        for value in document:
            _placeholders(value, into)


def run_sync(source: Source, target: Target, journal: Journal, settings: SyncSettings,
             *, dry_run: bool = False, progress: Progress | None = None,
             execution: ExecutionSettings | None = None,
             partition_size: int = PARTITION_SIZE) -> SyncResult:
    """Bring QBO-side contact edits back, plan, then (unless `dry_run`) execute, a partition
    of `partition_size` clients at a time. A dry run writes nothing to the target.

    First of all, what earlier runs sent and never heard back about is settled against the
    target (`recover`): no plan is made on a journal that may be missing writes. A dry run
    does this too (it writes only lawbooks' own journal), or it would show creates of
    records the target already holds."""
    recovery = recover(target, journal, execution)
    source.pull()
    outline = source.outline()
    mapper = target.mapper(settings)
    if not dry_run and come_back(source, target, journal, outline, mapper, datetime.now(UTC)):
        source.pull()  # re-read what was just written to Clio
        outline = source.outline()
    run = _Run(source, target, journal, settings, mapper, target.index(), dry_run, progress,
               execution)
    run.report.recovered(recovery)
    billing = partitions(source.client_groups(), partition_size)
    trust = partitions(source.trust_groups(), partition_size)
    _customers(run, outline, billing, trust)
    for clients in billing:
        snapshot = _with_contacts(source.snapshot_of(clients), outline)
        refs = billing_refs(snapshot)
        run.covered |= refs
        run.run(plan_bills(target.realm, snapshot, journal.links_for(refs), run.index,
                           mapper, settings))
    for clients in trust:
        snapshot = _with_contacts(source.trust_of(clients), outline)
        refs = trust_refs(snapshot, clients, settings)
        run.covered |= refs
        run.run(plan_trust_entries(target.realm, snapshot, journal.links_for(refs), run.index,
                                   mapper, settings))
    _gone(run, outline)
    return run.result()


def _with_contacts(snapshot: FirmSnapshot, outline: FirmSnapshot) -> FirmSnapshot:
    return replace(snapshot, contacts=outline.contacts,
                   trust_accounts=snapshot.trust_accounts or outline.trust_accounts)


def _customers(run: _Run, outline: FirmSnapshot, billing: Sequence[list[SourceId]],
               trust: Sequence[list[SourceId]]) -> None:
    """First pass: which clients need a customer; then every customer, in one name space."""
    needed: set[SourceRef] = set()
    for clients in billing:
        snapshot = _with_contacts(run.source.snapshot_of(clients, bills_only=True), outline)
        needed |= customers_needed(snapshot, run.mapper, run.settings)
    for clients in trust:
        snapshot = _with_contacts(run.source.trust_of(clients), outline)
        needed |= customers_needed(snapshot, run.mapper, run.settings)
    links = run.journal.links_for(needed)
    run.run(plan_customers(run.target.realm, outline, needed, links, run.index, run.mapper,
                           run.settings))


def _gone(run: _Run, outline: FirmSnapshot) -> None:
    """Linked records that are in no partition (deleted in the source: a trust movement, a
    payment) are unwound in a last pass."""
    trust = run.journal.linked(TRUST_KINDS) - run.covered
    if trust:
        run.run(plan_trust_entries(run.target.realm,
                                   FirmSnapshot(trust_accounts=outline.trust_accounts),
                                   run.journal.links_for(trust), run.index, run.mapper,
                                   run.settings))
    billing = run.journal.linked(BILLING_KINDS) - run.covered
    if billing:
        run.run(plan_bills(run.target.realm, FirmSnapshot(), run.journal.links_for(billing),
                           run.index, run.mapper, run.settings))
