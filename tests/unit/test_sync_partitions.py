"""A firm synced a few clients at a time: never more than a partition in hand, and the same
QuickBooks documents as the whole firm planned at once (names, transfers, deletions too)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date

from builders import (
    SETTINGS,
    TRUST,
    allocation,
    bill,
    contact,
    credit_note,
    ledger_firm,
    payment,
    trust_txn,
)
from fakes import FakeJournal, FakeWriter
from lawbooks.domain.model import Contact, FirmSnapshot, SourceId, SourceRef, TrustAccount
from lawbooks.domain.model import TrustTransactionKind as K
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.execute import resolve
from lawbooks.engine.plan import plan
from lawbooks.engine.ports import TargetIndex, TargetObject, WriteRequest, Written
from lawbooks.engine.sync import SyncResult, partitions, run_sync
from lawbooks.targets.qbo.payloads import QboMapper

SYNC = replace(SETTINGS, trust=TRUST)
# "Bo Li" is taken in QBO by a vendor; of the two Clio "Jane Doe"s (different emails), the
# first keeps the name and the second gets a suffix: decided over the whole firm, though the
# two are in different partitions.
INDEX = TargetIndex({"bo li": TargetObject("Vendor", "v1")})


@dataclass
class PartsSource:
    """The engine's `Source` over a domain snapshot: counts what each partition hands over."""

    firm: FirmSnapshot
    handed: list[tuple[str, frozenset[SourceId]]] = field(default_factory=list)

    def pull(self, news: object = None) -> None:
        pass  # the firm is in hand; nothing is told as it lands (no early writes)

    def update_contact(self, contact_id: str, fields: dict[str, str | None]) -> None:
        raise AssertionError("no contact comes back in these tests")

    def contacts_of(self, clients: Collection[SourceId]) -> dict[SourceId, Contact]:
        return {c: self.firm.contacts[c] for c in clients if c in self.firm.contacts}

    def trust_accounts(self) -> dict[SourceId, TrustAccount]:
        return self.firm.trust_accounts

    def client_groups(self) -> list[frozenset[SourceId]]:
        f = self.firm
        clients = ({b.client_id for b in f.bills.values()}
                   | {p.client_id for p in f.payments.values()}
                   | {n.client_id for n in f.credit_notes.values()})
        return [frozenset({c}) for c in clients]

    def trust_groups(self) -> list[frozenset[SourceId]]:
        groups = {c: {c} for t in self.firm.trust.values() for c in t.effect()}
        for txn in self.firm.trust.values():  # a transfer joins its two clients
            if txn.to_client_id is not None:
                joined = groups[txn.client_id] | groups[txn.to_client_id]
                for client in joined:
                    groups[client] = joined
        return list({frozenset(g) for g in groups.values()})

    def snapshot_of(self, clients: list[SourceId], *, bills_only: bool = False) -> FirmSnapshot:
        wanted = frozenset(clients)
        self.handed.append(("billing", wanted))
        f = self.firm
        bills = {k: b for k, b in f.bills.items() if b.client_id in wanted}
        if bills_only:
            return FirmSnapshot(bills={k: replace(b, lines=()) for k, b in bills.items()})
        return FirmSnapshot(
            bills=bills,
            payments={k: p for k, p in f.payments.items() if p.client_id in wanted},
            credit_notes={k: n for k, n in f.credit_notes.items() if n.client_id in wanted})

    def trust_of(self, clients: list[SourceId]) -> FirmSnapshot:
        wanted = frozenset(clients)
        self.handed.append(("trust", wanted))
        return FirmSnapshot(trust_accounts=self.firm.trust_accounts,
                            trust={k: t for k, t in self.firm.trust.items()
                                   if set(t.effect()) & wanted})


@dataclass
class FakeTarget(FakeWriter):
    """Deterministic ids (the source's own name), so two runs' documents compare equal."""

    realm: str = "9341"
    sent: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.script = self._record

    def _record(self, request: WriteRequest) -> Written:
        self.sent[str(request.source)] = (request.kind.value, request.document)
        return Written(request.target_id or f"q:{request.source}", "0")

    def mapper(self, settings: SyncSettings) -> QboMapper:
        return QboMapper(settings)

    def index(self, *, full: bool = False, keep: bool = True) -> TargetIndex:
        return INDEX

    def changed_customers(self, since: str) -> tuple[str, list[object]]:
        return since, []

    def customer_fields(self, document: dict[str, object]) -> dict[str, str | None]:
        return {}


def the_firm() -> FirmSnapshot:
    return ledger_firm(
        contact("1", "Jane Doe"), contact("2", "Acme LLP", email="ap@acme.test"),
        contact("3", "Jane Doe", email="jd@other.test"), contact("4", "Bo Li"),
        contact("9", "Zed Ltd", email="z@zed.test"),
        bill("100", "1"), bill("101", "1"), bill("200", "2"), bill("300", "3"), bill("400", "4"),
        payment("P1", allocation("a1", "P1", "100", "100.00"), client="1"),
        payment("P4", allocation("a4", "P4", "400", "575.40", client="4"), client="4"),
        credit_note("C3", "300", "50.00", client="3"),
        trust_txn("d1", K.DEPOSIT, "1000", client="1", on=date(2026, 1, 9)),
        trust_txn("d9", K.DEPOSIT, "300", client="9", on=date(2026, 1, 9)),
        # Client 1 to client 9 (never neighbours in client order): 9 then spends it all.
        trust_txn("x1", K.TRANSFER, "400", client="1", to_client="9", on=date(2026, 1, 11)),
        trust_txn("w9", K.DISBURSEMENT, "700", client="9", on=date(2026, 1, 12)),
        trust_txn("w4", K.DISBURSEMENT, "10", client="4", on=date(2026, 1, 12)))  # held


def sync(source: PartsSource, size: int, journal: FakeJournal | None = None,
         target: FakeTarget | None = None, **kw: object) -> tuple[SyncResult, FakeTarget]:
    target = target or FakeTarget()
    result = run_sync(source, target, journal or FakeJournal(), SYNC,
                      partition_size=size, **kw)  # type: ignore[arg-type]
    return result, target


def summary(result: SyncResult) -> list[tuple[str, str, str, str, str]]:
    return [(op.key, op.kind.value, op.entity, str(op.source), op.content_hash)
            for op in result.plan.operations]


def test_partitions_pack_groups_whole_and_in_order():
    groups = [frozenset({SourceId("5")}), frozenset({SourceId("1"), SourceId("9")}),
              frozenset({SourceId("2")}), frozenset({SourceId("3")})]
    assert partitions(groups, 2) == [["1", "9"], ["2", "3"], ["5"]]
    assert partitions(groups, 1) == [["1", "9"], ["2"], ["3"], ["5"]]
    assert partitions(groups, 100) == [["1", "9", "2", "3", "5"]]


def test_no_partition_is_bigger_than_the_setting_save_for_clients_a_transfer_joins():
    source = PartsSource(the_firm())
    sync(source, 1)
    assert {len(clients) for part, clients in source.handed if part == "billing"} == {1}
    trust = [clients for part, clients in source.handed if part == "trust"]
    assert frozenset({"1", "9"}) in trust  # the transfer's two clients together
    assert all(len(clients) == 1 for clients in trust if clients != {"1", "9"})
    source.handed.clear()
    sync(source, 3)
    assert max(len(clients) for _, clients in source.handed) <= 3


def test_partitioned_dry_run_is_the_whole_firm_plan():
    firm = the_firm()
    whole = plan("9341", firm, {}, INDEX, QboMapper(SYNC), SYNC)
    for size in (1, 2, 1000):
        result, _ = sync(PartsSource(firm), size, dry_run=True)
        assert result.report is None
        assert summary(result) == [(op.key, op.kind.value, op.entity, str(op.source),
                                    op.content_hash) for op in whole.operations]
        assert result.plan.held == whole.held
    names = {op.label for op in whole.operations if op.entity == "Customer"}
    assert {"Customer Jane Doe", "Customer Jane Doe (Clio 3)", "Customer Bo Li (Clio 4)"} <= names
    assert [str(h.source) for h in whole.held] == ["trust_transaction/w4"]


def test_one_client_at_a_time_sends_the_same_documents_as_all_at_once():
    small, one = sync(PartsSource(the_firm()), 1)
    large, everyone = sync(PartsSource(the_firm()), 1000)
    assert one.sent == everyone.sent
    assert small.planned == large.planned
    assert small.plan.operations == ()  # a real run keeps counts, not every operation
    assert not small.report.failures and sum(small.report.tally.values()) == len(one.sent)
    assert "trust_transfer/x1" in one.sent
    kind, entry = one.sent["trust_transfer/x1"]
    assert kind == "create"
    customers = {line["JournalEntryLineDetail"]["Entity"]["EntityRef"]["value"]
                 for line in entry["Line"]}  # type: ignore[index]
    assert customers == {"q:contact/1", "q:contact/9"}


def test_a_partitioned_rerun_plans_nothing_and_a_deleted_movement_is_unwound():
    firm = the_firm()
    journal, source = FakeJournal(), PartsSource(firm)
    sync(source, 1, journal)
    again, _ = sync(source, 1, journal)
    assert not again.planned
    deposit = SourceRef.parse("trust_transaction/d9")
    source.firm = replace(firm, trust={k: t for k, t in firm.trust.items()
                                       if k != SourceRef.parse("trust_transaction/w4")})
    gone = replace(source.firm, trust={k: t for k, t in source.firm.trust.items()
                                       if k != deposit})
    source.firm = gone  # Clio lost client 9's deposit: 9 would go negative, and d9 is gone
    whole = plan("9341", gone, journal.links(), INDEX, QboMapper(SYNC), SYNC)
    dry, _ = sync(source, 1, journal, dry_run=True)
    assert summary(dry) == [(op.key, op.kind.value, op.entity, str(op.source),
                             op.content_hash) for op in whole.operations]
    result, target = sync(source, 1, journal)
    assert result.planned == whole.counts()
    assert target.sent["trust_transaction/d9"][0] == "delete"  # in no partition: last pass
    assert target.sent["trust_transaction/w9"][0] == "delete"  # held now, in its partition
    assert [str(h.source) for h in result.plan.held] == ["trust_transaction/w9"]


def test_execution_resolves_only_from_the_links_it_looked_up():
    # The customer of a payment is named by a placeholder its ops do not depend on: the
    # partition's link look-up must still find it (a missing one would leave it waiting).
    result, target = sync(PartsSource(the_firm()), 1)
    _, document = target.sent["payment/P4"]
    assert resolve(document, {}) == document  # fully resolved when sent
    assert not result.report.failures
