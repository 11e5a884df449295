"""The groups an incremental run plans, found through the records' filing alone, are the
groups the full sweep's index makes of the whole firm (`partition.index_firm`), and a saved
record marks the right clients: its own, the one it left, its bill's; never an unchanged one.

Random billing records, with what Clio's API refuses but its data model allows (an allocation
whose payer is not the bill's client, a payment over two clients' bills, a credit memo
applied to another client's bill), and transfers between clients' trust ledgers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawbooks.bootstrap import App
from lawbooks.domain.model import SourceId
from lawbooks.sources.clio.groups import billing_groups, trust_groups
from lawbooks.sources.clio.keys import KEYS
from lawbooks.sources.clio.partition import index_firm
from lawbooks.sources.clio.streams import (
    ALLOCATIONS,
    BANK_ACCOUNTS,
    BANK_TRANSACTIONS,
    BILLS,
    CONTACTS,
    CREDIT_MEMOS,
    LINE_ITEMS,
    Stream,
)
from lawbooks.store.records import SqlRecordStore

pytestmark = pytest.mark.usefixtures("database_url")

client = st.integers(min_value=1, max_value=8).map(str)
bills = st.lists(client, min_size=1, max_size=8)  # bill n is client bills[n]'s
# (payer or None, bill number, parent kind, parent id)
allocation = st.tuples(st.none() | client, st.integers(0, 7),
                       st.sampled_from(["Payment", "CreditMemo"]), st.integers(1, 4))
movement = st.tuples(client, st.none() | st.integers(1, 3))  # (client, transfer confirmation)


def save(store: SqlRecordStore, stream: Stream, records: list[dict[str, Any]]) -> None:
    store.save_records(stream.name, records, stream.parent_field, KEYS[stream.name])


def firm(store: SqlRecordStore, owners: list[str], allocations: list[tuple],
         movements: list[tuple]) -> None:
    save(store, BILLS, [{"id": n, "client": {"id": c}} for n, c in enumerate(owners)])
    save(store, ALLOCATIONS, [
        {"id": 100 + i, "bill": {"id": bill % len(owners)},
         "contact": None if payer is None else {"id": payer},
         "parent": {"id": parent, "type": kind}}
        for i, (payer, bill, kind, parent) in enumerate(allocations)])
    memos = sorted({parent for _, _, kind, parent in allocations if kind == "CreditMemo"})
    save(store, CREDIT_MEMOS, [{"id": m, "contact": {"id": str(m)}} for m in memos])
    save(store, BANK_ACCOUNTS, [{"id": 7, "type": "Trust", "name": "Trust"}])
    save(store, BANK_TRANSACTIONS, [
        {"id": 500 + i, "bank_account_id": 7, "bank_account": {"id": 7},
         "client": {"id": c}, "source": "bank_transfer" if conf else "manual",
         "confirmation": f"T{conf}" if conf else None}
        for i, (c, conf) in enumerate(movements)])


def containing(groups: list[frozenset[SourceId]], clients: set[str]) -> set[frozenset[str]]:
    return {g for g in groups if g & clients}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(owners=bills, allocations=st.lists(allocation, max_size=8),
       movements=st.lists(movement, max_size=8), wanted=st.sets(client, min_size=1, max_size=3))
def test_groups_found_from_some_clients_are_the_whole_firms(app: App, owners: list[str],
                                                           allocations: list[tuple],
                                                           movements: list[tuple],
                                                           wanted: set[str]) -> None:
    store = SqlRecordStore(app.sessions, app.firms.create("Groups"))
    firm(store, owners, allocations, movements)
    index = index_firm(store)
    clients = {SourceId(c) for c in wanted}
    for found, swept in ((billing_groups(store, clients), index.groups),
                         (trust_groups(store, clients), index.trust_groups)):
        lonely = wanted - {c for g in swept for c in g}  # no records: a group of one
        assert containing(found, wanted) == (containing(swept, wanted)
                                             | {frozenset({c}) for c in lonely})


def test_a_record_marks_its_clients_when_it_changes_and_only_then(app: App, tmp_path: Path):
    store = SqlRecordStore(app.sessions, app.firms.create("Marks"))
    save(store, BILLS, [{"id": 1, "client": {"id": "a"}, "total": "10"}])
    save(store, ALLOCATIONS, [{"id": 9, "bill": {"id": 1}, "contact": {"id": "p"},
                               "parent": {"id": 3, "type": "Payment"}}])
    assert store.changed() == {"a", "p"}  # the payer, and the bill's client
    store.clear_changes(None)
    save(store, BILLS, [{"id": 1, "client": {"id": "a"}, "total": "10"}])  # read again
    assert store.changed() == set()
    save(store, BILLS, [{"id": 1, "client": {"id": "b"}, "total": "10"}])  # moved
    assert store.changed() == {"a", "b"}
    store.clear_changes(["a", "b"])
    save(store, LINE_ITEMS, [{"id": 4, "bill": {"id": 1}, "total": "10"}])
    assert store.changed() == {"b"}  # a line marks its bill's client
    store.clear_changes(None)
    store.drop(ALLOCATIONS.name, ["9"], KEYS[ALLOCATIONS.name])
    assert store.changed() == {"p", "b"}  # deleted in Clio: its groups are planned again
    store.clear_changes(None)
    save(store, BANK_ACCOUNTS, [{"id": 7, "type": "Trust", "name": "T", "balance": "1"}])
    store.clear_changes(None)
    save(store, BANK_ACCOUNTS, [{"id": 7, "type": "Trust", "name": "T", "balance": "2"}])
    assert store.changed() == set()  # a balance moves with every movement, which marks
    save(store, BANK_ACCOUNTS, [{"id": 7, "type": "Operating", "name": "T", "balance": "2"}])
    assert store.changed() == {"*"}  # no longer trust: every client's ledger changes


def test_a_mark_names_the_parts_whose_plans_the_change_can_alter(app: App):
    store = SqlRecordStore(app.sessions, app.firms.create("Parts"))
    person = {"id": 5, "type": "Person", "first_name": "Ann", "last_name": "Lee",
              "primary_email_address": "ann@example.com"}
    save(store, CONTACTS, [person])
    assert (store.changed("billing"), store.changed("trust")) == ({"5"}, {"5"})  # new
    store.clear_changes(None)
    save(store, CONTACTS, [{**person, "primary_email_address": "lee@example.com"}])
    # No trust document or hold message reads an email: billing alone.
    assert (store.changed("billing"), store.changed("trust")) == ({"5"}, set())
    store.clear_changes(["5"], "billing")
    save(store, CONTACTS, [{**person, "primary_email_address": "lee@example.com",
                            "last_name": "Lee-Smith"}])
    assert (store.changed("billing"), store.changed("trust")) == ({"5"}, {"5"})  # renamed
    store.clear_changes(["5"], "trust")
    assert (store.changed("billing"), store.changed("trust")) == ({"5"}, set())
    store.clear_changes(None)
    save(store, BILLS, [{"id": 1, "client": {"id": "a"}, "total": "10"}])
    save(store, LINE_ITEMS, [{"id": 4, "bill": {"id": 1}, "total": "10"}])
    assert (store.changed("billing"), store.changed("trust")) == ({"a"}, set())
    store.clear_changes(None)
    save(store, BANK_TRANSACTIONS, [{"id": 50, "bank_account_id": 7, "bank_account": {"id": 7},
                                     "client": {"id": "a"}}])
    assert (store.changed("billing"), store.changed("trust")) == ({"a"}, {"a"})
    store.drop(BANK_TRANSACTIONS.name, ["50"], KEYS[BANK_TRANSACTIONS.name])
    store.drop(LINE_ITEMS.name, ["4"], KEYS[LINE_ITEMS.name])
    store.clear_changes(None)
    store.drop(BILLS.name, ["1"], KEYS[BILLS.name])
    assert (store.changed("billing"), store.changed("trust")) == ({"a"}, set())
