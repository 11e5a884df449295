"""A first run writes customers and invoices while its pull still reads (issue #20,
`engine/stages/early.py`): the writes start before the pull ends, each record is written
once, and the books are those a first run without early writes makes."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

from fakes import FakeJournal
from lawbooks.domain.model import FirmSnapshot, SourceId, SourceRef
from lawbooks.engine.coverage import PARTS, Part, Sweep
from lawbooks.engine.ports import TargetIndex, TargetObject
from lawbooks.engine.stages.ports import News, Tracking
from lawbooks.engine.sync import SyncResult, run_sync
from unit.test_sync_partitions import INDEX, SYNC, FakeTarget, PartsSource, the_firm


@dataclass
class Memory:
    """Change marks and coverage in memory: what lets a run know it is a first run."""

    marked: dict[Part, set[SourceId]] = field(
        default_factory=lambda: {part: set() for part in PARTS})
    rows: dict[Part, list[tuple[SourceId, SourceRef]]] = field(
        default_factory=lambda: {part: [] for part in PARTS})
    sweep: Sweep | None = None

    def changed(self, part: Part | None = None) -> set[SourceId]:
        return set().union(*(self.marked[p] for p in PARTS if part in (None, p)))

    def mark(self, clients: Iterable[SourceId], parts: Collection[Part] = PARTS) -> None:
        for part in parts:
            self.marked[part] |= set(clients)

    def clear_changes(self, clients: Iterable[SourceId] | None,
                      part: Part | None = None) -> None:
        for p in PARTS:
            if part in (None, p):
                self.marked[p] -= set(self.marked[p] if clients is None else clients)

    def groups_of(self, clients: Collection[SourceId]) -> list[frozenset[SourceId]]:
        return [frozenset({c}) for c in clients]

    trust_groups_of = groups_of

    def covered(self, part: Part, clients: Collection[SourceId]) -> set[SourceRef]:
        return {ref for client, ref in self.rows[part] if client in clients}

    def clients_of(self, sources: Iterable[SourceRef]) -> set[SourceId]:
        wanted = set(sources)
        return {c for rows in self.rows.values() for c, ref in rows if ref in wanted}

    def replace(self, part: Part, clients: Collection[SourceId] | None,
                rows: Iterable[tuple[SourceId, SourceRef]]) -> None:
        kept = [] if clients is None else [r for r in self.rows[part] if r[0] not in clients]
        self.rows[part] = kept + list(rows)

    def last_sweep(self) -> Sweep | None:
        return self.sweep

    def swept(self, sweep: Sweep) -> None:
        self.sweep = sweep


@dataclass
class TellingSource(PartsSource):
    """Tells its bills as a Clio pull does, in id order, a few at a time: held, then whole;
    after the first bills it waits (up to 10 s) until their invoice reached the target."""

    target: FakeTarget | None = None
    waited_for_a_write: bool = False

    def pull(self, news: News | None = None) -> None:
        if news is None:
            return
        ids = sorted(self.firm.bills)
        news(ids, False)
        news(ids[:2], True)
        self.waited_for_a_write = _written(self.target, f"bill/{ids[0]}").wait(10)
        news(ids[2:], True)

    def bills_by_id(self, bills: Collection[SourceId], *,
                    bills_only: bool = False) -> FirmSnapshot:
        found = {k: b for k, b in self.firm.bills.items() if k in set(bills)}
        if bills_only:
            found = {k: replace(b, lines=()) for k, b in found.items()}
        return FirmSnapshot(bills=found)


def _written(target: FakeTarget | None, source: str) -> threading.Event:
    event = threading.Event()
    assert target is not None
    record = target.script

    def watch(request):  # type: ignore[no-untyped-def]
        answer = record(request) if record else None
        if str(request.source) == source:
            event.set()
        return answer

    target.script = watch
    return event


def first_run(source: PartsSource, target: FakeTarget,
              journal: FakeJournal | None = None) -> SyncResult:
    memory = Memory()
    return run_sync(source, target, journal or FakeJournal(), SYNC,
                    tracking=Tracking(memory, memory), partition_size=2)


def test_invoices_go_out_while_the_pull_still_reads():
    target = FakeTarget()
    source = TellingSource(the_firm(), target=target)
    result = first_run(source, target)
    assert source.waited_for_a_write  # bill 100's invoice was written mid-pull
    assert result.reason == "first run" and not result.report.failures


def test_the_books_are_those_of_a_first_run_without_early_writes():
    target = FakeTarget()
    first_run(TellingSource(the_firm(), target=target), target)
    plain = FakeTarget()
    first_run(PartsSource(the_firm()), plain)  # its pull tells nothing: no early writes
    assert target.sent == plain.sent
    assert "Jane Doe (Clio 3)" in {d["DisplayName"] for k, d in target.sent.values()
                                   if k == "create" and "DisplayName" in d}  # type: ignore[operator]


def test_each_record_is_written_once_and_the_next_run_plans_nothing():
    target, journal = FakeTarget(), FakeJournal()
    result = first_run(TellingSource(the_firm(), target=target), target, journal)
    written = Counter(source for _, sources in target.calls for source in sources)
    assert written and max(written.values()) == 1
    assert not any(kind == "update" for kind, _ in result.report.tally)
    again = run_sync(PartsSource(the_firm()), target, journal, SYNC, dry_run=True)
    assert again.plan.operations == ()


@dataclass
class OutOfOrder(TellingSource):
    """Client 3's bill told before client 1's: both are Clio "Jane Doe"s."""

    def pull(self, news: News | None = None) -> None:
        if news is None:
            return
        news([SourceId("300")], False)
        self.waited_for_a_write = _written(self.target, "contact/3").wait(10)
        rest = [SourceId(b) for b in ("100", "101", "200", "300", "400")]
        news(rest, False)
        news(rest, True)


@dataclass
class NamingTarget(FakeTarget):
    """Its index holds the names it was given, as QBO's listing would."""

    def index(self, *, full: bool = False, keep: bool = True) -> TargetIndex:
        names = dict(INDEX.names)
        for source, (_, document) in self.sent.items():
            if isinstance(document, dict) and "DisplayName" in document:
                names[str(document["DisplayName"]).lower()] = TargetObject(
                    "Customer", f"q:{source}", source=source)
        return TargetIndex(names)


def test_a_name_given_early_stands_and_stays_unique():
    target, journal = NamingTarget(), FakeJournal()
    source = OutOfOrder(the_firm(), target=target)
    result = first_run(source, target, journal)
    assert source.waited_for_a_write and not result.report.failures
    names = [d["DisplayName"] for k, d in target.sent.values()  # type: ignore[index]
             if k == "create" and "DisplayName" in d]  # type: ignore[operator]
    assert len(names) == len(set(names))
    # Told first, client 3 took the name; client 1 yields it, and no later plan renames.
    assert {"Jane Doe", "Jane Doe (Clio 1)"} <= set(names)
    assert not any(kind == "update" for kind, _ in result.report.tally)
    again = run_sync(PartsSource(the_firm()), target, journal, SYNC, dry_run=True)
    assert again.plan.operations == ()
