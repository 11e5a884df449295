"""Plan only what changed: an incremental run plans what a full sweep would, for any history.

Hypothesis draws a firm's history (bills approved, edited, voided; payments, split across a
client's bills or across two clients, edited and voided; credit notes; trust deposits,
disbursements, transfers between clients, backdated movements, edits and deletions; contact
renames and email edits, an email edit marking billing alone; customers edited in
QuickBooks; vendors taking and releasing names there) and, after each step, compares the
dry-run plan of an incremental run with a full sweep's: they must be the same operations and
held records.
(Clio refuses a payment across clients: the billing groups that join clients are covered in
test_client_groups.py.)
At random points it syncs incrementally, after which a sweep must plan nothing. Against both
sandboxes over real HTTP and the real store, as the other sync suites.
"""

from __future__ import annotations

import contextlib
import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from books import Books
from histories import BASE, PHASES, Steps, money, pick
from lawbooks.bootstrap import qbo_client, sync_firm
from lawbooks.demo import Sandboxes
from lawbooks.engine.sync import SyncResult
from lawbooks.sources.clio.source import ClioSource
from lawbooks.store.records import SqlRecordStore
from lawbooks.targets.qbo.errors import QboDuplicateName

pytestmark = pytest.mark.usefixtures("database_url")

COUNTER = itertools.count(1)
step = st.one_of(
    st.tuples(st.just("approve"), pick), st.tuples(st.just("edit_bill"), pick, money),
    st.tuples(st.just("void_bill"), pick), st.tuples(st.just("pay"), pick, money,
                                                     st.booleans()),
    st.tuples(st.just("split_pay"), pick, money),
    st.tuples(st.just("edit_payment"), pick, money), st.tuples(st.just("void_payment"), pick),
    st.tuples(st.just("credit"), pick, money),
    st.tuples(st.just("deposit"), pick, money), st.tuples(st.just("disburse"), pick, money),
    st.tuples(st.just("backdated_deposit"), pick, money),
    st.tuples(st.just("transfer"), pick, pick, money),
    st.tuples(st.just("edit_trust"), pick, money), st.tuples(st.just("delete_trust"), pick),
    st.tuples(st.just("rename"), pick, pick), st.tuples(st.just("email"), pick),
    st.tuples(st.just("edit_in_qbo"), pick),
    st.tuples(st.just("vendor_takes"), pick), st.tuples(st.just("vendor_leaves")),
    st.tuples(st.just("sync")))


class Changes(Steps):
    """The property suite's history, and steps that reach across clients and sides."""

    def backdated_deposit(self, n: object, amount: Decimal) -> None:
        """Before every other movement: the client's whole ledger is checked again."""
        txn = self.books.clio("POST", "trust_transactions", {
            "type": "deposit", "matter": self._matter(n), "amount": str(amount),
            "date": "2026-01-03"})
        self.trust.append(int(txn["data"]["id"]))

    def rename(self, n: object, m: object) -> None:
        """Two contacts may come to share a name: the suffixes are the firm's to decide."""
        contacts = list(self.books.ids["contacts"].values())
        contact = contacts[int(str(n)) % len(contacts)]
        self.books.clio("PATCH", f"contacts/{contact}", {
            "first_name": f"Client{int(str(m)) % 2}", "last_name": "Test"})

    def email(self, n: object) -> None:
        """Not a trust change (trust documents name the client, not its email): the
        client's trust group is not planned, its customer is, trust-only client or not."""
        contacts = list(self.books.ids["contacts"].values())
        contact = contacts[int(str(n)) % len(contacts)]
        self.books.clio("PATCH", f"contacts/{contact}",
                        {"email": f"c{n}.{next(COUNTER)}@example.com"})

    def edit_in_qbo(self, n: object) -> None:
        customers = self.books.qbo("Customer")
        if not customers:
            return
        customer = customers[int(str(n)) % len(customers)]
        with qbo_client(self.books.firm.app, self.books.firm.firm_id) as qbo:
            qbo.update("Customer", {"Id": customer["Id"], "SyncToken": customer["SyncToken"],
                                    "sparse": True, "Notes": f"{customer.get('Notes', '')} "},
                       f"qbo-edit-{customer['Id']}-{customer['SyncToken']}")

    def vendor_takes(self, n: object) -> None:
        """A vendor made in QBO takes a name, when it is free: a contact given it later must
        yield (a suffix), as in a sweep."""
        with qbo_client(self.books.firm.app, self.books.firm.firm_id) as qbo, \
                contextlib.suppress(QboDuplicateName):  # taken: nothing to do
            qbo.create("Vendor", {"DisplayName": f"Client{int(str(n)) % 3} Test"},
                       f"vendor-{next(COUNTER)}")

    def vendor_leaves(self) -> None:
        """Every vendor renamed away: a customer that yielded its name may take it back."""
        with qbo_client(self.books.firm.app, self.books.firm.firm_id) as qbo:
            for vendor in self.books.qbo("Vendor"):
                qbo.update("Vendor", {"Id": vendor["Id"], "SyncToken": vendor["SyncToken"],
                                      "DisplayName": f"Vendor {vendor['Id']}"},
                           f"vendor-{next(COUNTER)}")

    def sync(self) -> None:
        result = self.books.sync()
        assert not result.sweep or result.reason == "first run", result.reason
        swept = dry(self.books, full=True)
        assert swept.plan.is_empty, summary(swept)


def dry(books: Books, *, full: bool) -> SyncResult:
    result = sync_firm(books.firm.app, books.firm.firm_id, dry_run=True, full=full)
    assert result.sweep is full or result.reason == "first run"
    return result


def summary(result: SyncResult) -> list[tuple[str, str, str, str]]:
    return [(op.kind.value, op.entity, str(op.source), op.content_hash)
            for op in result.plan.operations]


def same_plan(books: Books) -> None:
    incremental, swept = dry(books, full=False), dry(books, full=True)
    assert summary(incremental) == summary(swept)
    assert incremental.plan.held == swept.plan.held


@settings(max_examples=6, deadline=None, derandomize=True, phases=PHASES,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=3, max_size=8))
# Every caution at least once: a movement deleted, a transfer joining two clients' ledgers, a
# backdated deposit, a rename onto another contact's name, a QBO-side edit, a voided payment.
@example(steps=[("deposit", 0, Decimal("100.00")), ("deposit", 1, Decimal("50.00")),
                ("approve", 5), ("pay", 0, Decimal("10.00"), False), ("sync",),
                ("delete_trust", 0), ("transfer", 1, 2, Decimal("40.00")),
                ("backdated_deposit", 2, Decimal("5.00")), ("rename", 2, 0),
                ("edit_in_qbo", 1), ("sync",), ("void_payment", 0), ("delete_trust", 1),
                ("edit_bill", 1, Decimal("90.00"))])
# Email edits: of a client whose trust group a transfer widened, and of a client whose bills
# were voided, whose customer only its trust deposit needs (its trust group is not planned).
@example(steps=[("deposit", 0, Decimal("100.00")), ("deposit", 1, Decimal("50.00")),
                ("transfer", 0, 1, Decimal("20.00")), ("void_bill", 0), ("void_bill", 3),
                ("sync",), ("email", 0), ("email", 1), ("sync",), ("email", 0),
                ("rename", 1, 0)])
# Names released in QBO: by lawbooks' own rename (c1 leaves "Client1 Test"), then by a vendor
# that took it and is renamed away: the customer that yielded to it is planned again.
@example(steps=[("rename", 1, 0), ("sync",), ("vendor_takes", 1), ("rename", 2, 1), ("sync",),
                ("vendor_leaves",), ("sync",), ("rename", 0, 1), ("rename", 1, 1)])
def test_incremental_plans_equal_the_sweeps_for_any_history(sandboxes: Sandboxes,
                                                            tmp_path: Path,
                                                            steps: list[tuple]) -> None:
    books = Books.open(sandboxes, tmp_path / f"var{next(COUNTER)}", BASE)
    changes = Changes(books)
    changes.sync()  # the first run: a sweep
    for name, *args in [*steps, ("sync",)]:
        changes.apply(name, *args)
        if name != "sync":
            same_plan(books)


class Reads:
    """What a run read of the groups from the store."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.snapshots: list[list[str]] = []
        self.streams: list[str] = []
        self.clients: list[tuple[str, list[str]]] = []  # (stream, clients) read by client
        snapshot_of, records_of = ClioSource.snapshot_of, SqlRecordStore.records_of
        records = SqlRecordStore.records

        def counted_snapshot(source, clients, **kw):  # type: ignore[no-untyped-def]
            self.snapshots.append(sorted(clients))
            return snapshot_of(source, clients, **kw)

        def counted_records_of(store, stream, clients):  # type: ignore[no-untyped-def]
            self.streams.append(stream)
            self.clients.append((stream, sorted(clients)))
            return records_of(store, stream, clients)

        def counted_records(store, stream):  # type: ignore[no-untyped-def]
            self.streams.append(stream)
            return records(store, stream)

        monkeypatch.setattr(ClioSource, "snapshot_of", counted_snapshot)
        monkeypatch.setattr(SqlRecordStore, "records_of", counted_records_of)
        monkeypatch.setattr(SqlRecordStore, "records", counted_records)


@pytest.fixture
def books(sandboxes: Sandboxes, tmp_path: Path) -> Books:
    books = Books.open(sandboxes, tmp_path / "var", BASE)
    first = books.sync()
    assert first.sweep and first.reason == "first run" and first.groups > 0
    return books


def test_an_idle_run_plans_no_group_and_reads_none(books: Books,
                                                   monkeypatch: pytest.MonkeyPatch):
    reads = Reads(monkeypatch)
    idle = books.sync()
    assert (idle.sweep, idle.groups, sum(idle.planned.values())) == (False, 0, 0)
    assert reads.snapshots == []
    # The outline (contacts, bank accounts) only: no bill, payment or trust movement.
    assert set(reads.streams) <= {"contacts", "bank_accounts"}


def test_one_changed_bill_plans_exactly_its_group(books: Books,
                                                  monkeypatch: pytest.MonkeyPatch):
    bill = books.ids["bills"]["b1"]  # client c1's
    books.clio("PATCH", f"bills/{bill}", {"lines": [{**BASE["bills"][0]["lines"][0],
                                                      "price": "410.00"}]})
    reads = Reads(monkeypatch)
    result = books.sync()
    # c1's billing group alone: the trust plan reads no bill, so c1's trust group is not
    # replanned (a transfer may join it to most of the firm's trust clients).
    assert not result.sweep and result.groups == 1
    client = str(books.ids["contacts"]["c1"])
    assert {tuple(clients) for clients in reads.snapshots} == {(client,)}
    assert sorted(result.planned.elements()) == [("Invoice", "update")]


def test_a_sweep_runs_when_asked_after_a_settings_change_and_when_due(books: Books):
    assert sync_firm(books.firm.app, books.firm.firm_id, full=True).reason == "asked for"
    books.enable_trust(exclude_disbursements=True)
    changed = books.sync()
    assert changed.sweep and changed.reason == "settings changed"
    assert not books.sync().sweep
    books.firm.app.settings.full_sweep_every_hours = 0
    due = books.sync()
    assert due.sweep and due.reason.startswith("last sweep over")


def test_the_run_log_says_how_it_ran(books: Books):
    books.sync()
    last = books.firm.app.runs(books.firm.firm_id).status().last_run
    assert last is not None
    assert (last.counts["run:mode"], last.counts["run:groups"]) == ("incremental", 0)


def test_a_document_edited_in_qbo_marks_its_group_and_our_own_writes_do_not(books: Books):
    books.clio("POST", "trust_transactions", {"type": "deposit", "amount": "80.00",
                                              "matter": books.ids["matters"]["m1"],
                                              "date": "2026-01-15"})  # c1's
    assert books.sync().groups == 2
    assert books.sync().groups == 0  # that run's own writes, in the change feed: ours
    entry = books.qbo("JournalEntry")[0]
    with qbo_client(books.firm.app, books.firm.firm_id) as qbo:
        qbo.update("JournalEntry", {"Id": entry["Id"], "SyncToken": entry["SyncToken"],
                                    "sparse": True, "TxnDate": "2026-01-16"},
                   f"qbo-edit-{entry['Id']}")
    edited = books.sync()  # the change feed, read in the pull, marks c1's groups
    assert (edited.sweep, edited.groups) == (False, 2)


def _joined_by_a_transfer(books: Books) -> tuple[str, str]:
    """c0 and c1 in one trust group (a transfer between them), synced."""
    for matter, amount in (("m0", "100.00"), ("m1", "50.00")):
        books.clio("POST", "trust_transactions", {"type": "deposit", "amount": amount,
                                                  "matter": books.ids["matters"][matter],
                                                  "date": "2026-01-15"})
    books.clio("POST", "transfers", {"amount": "30.00", "date": "2026-01-20",
                                     "from": {"matter": books.ids["matters"]["m0"]},
                                     "to": {"matter": books.ids["matters"]["m1"]}})
    assert books.sync().groups == 3  # c0's and c1's billing groups, their one trust group
    return str(books.ids["contacts"]["c0"]), str(books.ids["contacts"]["c1"])


def test_an_email_edit_plans_the_billing_group_not_the_trust_group(
        books: Books, monkeypatch: pytest.MonkeyPatch):
    c0, _c1 = _joined_by_a_transfer(books)
    books.clio("PATCH", f"contacts/{c0}", {"email": "new.c0@example.com"})
    reads = Reads(monkeypatch)
    result = books.sync()
    assert (result.sweep, result.groups) == (False, 1)  # c0's billing group alone
    # c0's own movements (does it need a customer?), not its trust group's (c1's too).
    assert [clients for stream, clients in reads.clients
            if stream == "bank_transactions"] == [[c0]]
    assert sorted(result.planned.elements()) == [("Customer", "update")]
    customer = next(c for c in books.qbo("Customer") if c["DisplayName"] == "Client0 Test")
    assert customer["PrimaryEmailAddr"]["Address"] == "new.c0@example.com"
    assert books.sync().groups == 0  # its marks answered


def test_a_rename_replans_the_trust_group_and_names_the_client_anew(books: Books):
    c0, _c1 = _joined_by_a_transfer(books)
    books.clio("PATCH", f"contacts/{c0}", {"first_name": "Renamed", "last_name": "Client"})
    result = books.sync()
    assert (result.sweep, result.groups) == (False, 2)  # c0's billing group, the trust group
    assert result.planned[("JournalEntry", "update")] == 2  # c0's deposit, the transfer
    texts = [line.get("Description", "") for entry in books.qbo("JournalEntry")
             for line in entry["Line"]]
    assert any("Renamed Client" in text for text in texts)
    assert not any("Client0 Test" in text for text in texts)
