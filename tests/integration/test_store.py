"""The store on SQLite: migrations, sealed secrets, snapshots, journal and links."""

import stat

from alembic import command
from sqlalchemy import select, text

from builders import SETTINGS, bill, contact, firm
from lawbooks.bootstrap import build_app
from lawbooks.config import Settings
from lawbooks.domain.model import SourceKind, SourceRef
from lawbooks.engine.errors import SkippableError
from lawbooks.engine.journal import Recorded, Sent
from lawbooks.engine.plan import plan
from lawbooks.engine.ports import Link, TargetIndex
from lawbooks.http.oauth import OAuthTokens
from lawbooks.store.db import alembic_config
from lawbooks.store.firms import Connection
from lawbooks.store.journal import SqlJournal
from lawbooks.store.records import SqlRecordStore
from lawbooks.store.runs import SqlRuns
from lawbooks.store.schema import AuditRow, OperationRow
from lawbooks.targets.qbo.payloads import QboMapper


def test_migrations_build_exactly_the_declared_schema(app):
    command.check(alembic_config(app.engine))  # raises if models and migrations differ


def test_tokens_and_client_secret_are_sealed_at_rest(app):
    firm_id = app.firms.create("Hale & Ortiz")
    app.firms.connect(firm_id, Connection("qbo", "https://qbo", "https://qbo/token", "9341",
                                          "cid", "client-secret-xyz",
                                          OAuthTokens("access-abc", "refresh-def", 1.0),
                                          "connected"))
    with app.engine.connect() as db:
        raw = db.execute(text("SELECT client_secret, access_token, refresh_token "
                              "FROM connections")).one()
    for column, secret in zip(raw, ("client-secret-xyz", "access-abc", "refresh-def"),
                              strict=True):
        assert secret.encode() not in bytes(column)
    back = app.firms.connection(firm_id, "qbo")
    assert back.tokens.access_token == "access-abc" and back.client_secret == "client-secret-xyz"
    assert "secret" not in repr(back)


def test_rotated_tokens_replace_the_old_pair(app):
    firm_id = app.firms.create("F")
    app.firms.connect(firm_id, Connection("clio", "u", "t", "", "c", "s",
                                          OAuthTokens("a1", "r1", 1.0), "connected"))
    app.firms.save_tokens(firm_id, "clio", OAuthTokens("a2", "r2", 2.0))
    assert app.firms.connection(firm_id, "clio").tokens == OAuthTokens("a2", "r2", 2.0)


def test_the_key_file_is_made_once_with_owner_only_permissions(tmp_path):
    settings = Settings(data_dir=tmp_path / "d")
    first = build_app(settings)
    firm_id = first.firms.create("F")
    first.firms.connect(firm_id, Connection("clio", "u", "t", "", "c", "s",
                                            OAuthTokens("a", "r", 1.0), "connected"))
    mode = stat.S_IMODE(settings.key_file.stat().st_mode)
    assert mode == 0o600
    second = build_app(settings)  # a later process reads the same key back
    assert second.firms.connection(firm_id, "clio").tokens.access_token == "a"


def test_records_upsert_by_id_and_children_can_be_dropped(app):
    store = SqlRecordStore(app.sessions, app.firms.create("F"))
    store.save_records("bills", [{"id": 1, "number": "1"}, {"id": 2, "number": "2"}])
    store.save_records("bills", [{"id": 1, "number": "1b"}])
    assert sorted((r["id"], r["number"]) for r in store.records("bills")) == [(1, "1b"),
                                                                             (2, "2")]
    store.save_records("line_items", [{"id": 5, "bill": {"id": 1}}, {"id": 6, "bill": {"id": 2}}],
                       parent_field="bill")
    store.drop_children("line_items", ["1"])
    assert [r["id"] for r in store.records("line_items")] == [6]
    assert store.cursor("bills") is None
    store.set_cursor("bills", "2026-01-01T00:00:00+00:00")
    store.set_cursor("bills", "2026-01-02T00:00:00+00:00")
    assert store.cursor("bills") == "2026-01-02T00:00:00+00:00"


def test_records_are_read_back_by_id_and_by_parent_in_chunks(app):
    store = SqlRecordStore(app.sessions, app.firms.create("F"))
    store.save_records("bills", ({"id": n, "client": {"id": n % 7}} for n in range(1200)))
    store.save_records("line_items", ({"id": 10_000 + n, "bill": {"id": n // 2}}
                                      for n in range(2400)), parent_field="bill")
    wanted = [str(n) for n in range(0, 1200, 2)] + ["no-such-bill"]
    assert sorted(r["id"] for r in store.records_by_id("bills", wanted)) == list(
        range(0, 1200, 2))
    lines = list(store.children("line_items", [str(n) for n in range(1100)]))
    assert len(lines) == 2200 and {r["bill"]["id"] for r in lines} == set(range(1100))


def test_index_groups_the_clients_one_payment_or_one_transfer_joins(app):
    from lawbooks.sources.clio.partition import index_firm

    store = SqlRecordStore(app.sessions, app.firms.create("F"))
    store.save_records("bills", [{"id": b, "client": {"id": c}}
                                 for b, c in ((100, 1), (200, 2), (300, 3), (500, 5))])
    store.save_records("allocations", [  # contact 4 pays client 2's bill
        {"id": 1, "bill": {"id": 200}, "contact": {"id": 4}, "parent": {"id": 9, "type":
                                                                         "Payment"}},
        {"id": 2, "bill": {"id": 500}, "contact": {"id": 5}, "parent": {"id": 8, "type":
                                                                         "Payment"}}],
        parent_field="bill")
    store.save_records("bank_accounts", [{"id": 70, "type": "Trust", "name": "IOLTA"},
                                         {"id": 71, "type": "Operating", "name": "Ops"}])
    halves = [{"id": 11, "bank_account_id": 70, "client": {"id": 1}, "source": "bank_transfer",
               "confirmation": "T-1"},
              {"id": 12, "bank_account_id": 70, "client": {"id": 3}, "source": "bank_transfer",
               "confirmation": "T-1"},
              {"id": 13, "bank_account_id": 71, "client": {"id": 5}, "source": "bank_transfer",
               "confirmation": "T-2"},
              {"id": 14, "bank_account_id": 71, "client": {"id": 6}, "source": "bank_transfer",
               "confirmation": "T-2"}]  # an operating account's transfer joins no one
    store.save_records("bank_transactions", halves, parent_field="bank_account")
    index = index_firm(store)
    assert sorted(sorted(g) for g in index.groups) == [["1"], ["2", "4"], ["3"], ["5"]]
    assert sorted(sorted(g) for g in index.trust_groups) == [["1", "3"]]
    assert index.ids(index.transactions, ["1", "3", "5"]) == ["11", "12"]
    assert index.ids(index.allocations, ["2", "4"]) == ["1"]


def test_links_are_read_for_chosen_sources_or_kinds(app):
    firm_id = app.firms.create("F")
    journal = SqlJournal(app.sessions, firm_id)
    ops = _one_plan().operations
    for n, op in enumerate(ops):
        link = Link(op.source, op.entity, f"5{n}", "0", op.content_hash)
        journal.record_outcomes([Recorded(op, link)])
    contact_ref, bill_ref = (op.source for op in ops)
    many = [SourceRef.parse(f"bill/{n}") for n in range(1200)]  # more than one IN (...)
    assert set(journal.links_for([contact_ref, *many])) == {contact_ref, bill_ref}
    assert journal.links_for([]) == {}
    assert journal.linked([SourceKind.BILL]) == {bill_ref}
    assert journal.linked([SourceKind.TRUST_TRANSACTION, SourceKind.TRUST_OPENING]) == set()


def _one_plan():
    return plan("9341", firm(contact("1"), bill("100", "1")), {}, TargetIndex(),
                QboMapper(SETTINGS))


def test_a_success_records_journal_link_and_audit_together(app):
    firm_id = app.firms.create("F")
    journal = SqlJournal(app.sessions, firm_id)
    op = _one_plan().operations[0]
    journal.record_pending([Sent(op, {})])
    journal.record_outcomes([Recorded(op, Link(op.source, op.entity, "58", "0",
                                             op.content_hash))])
    assert journal.links()[SourceRef.parse("contact/1")].target_id == "58"
    with app.sessions() as session:
        row = session.scalars(select(OperationRow)).one()
        assert (row.status, row.attempts, row.target_id) == ("done", 1, "58")
        audit = session.scalars(select(AuditRow)).one()
        assert (audit.operation_key, audit.outcome) == (op.key, "ok")


def test_failures_show_in_status_until_the_record_succeeds(app):
    firm_id = app.firms.create("F")
    journal, runs = SqlJournal(app.sessions, firm_id), SqlRuns(app.sessions, firm_id)
    op = _one_plan().operations[1]
    journal.record_pending([Sent(op, {})])
    refused = SkippableError("QuickBooks refused it.", "Fix the item.")
    journal.record_outcomes([Recorded(op, error=refused, final=True)])
    [failure] = runs.status().failures
    assert failure.message == "Invoice 100 was not sent: QuickBooks refused it."
    assert failure.action == "Fix the item."
    retried = type(op)(**{**{f: getattr(op, f) for f in op.__slots__}, "key": "k2"})
    journal.record_outcomes([Recorded(retried, Link(op.source, op.entity, "77", "0",
                                                  op.content_hash))])
    assert runs.status().failures == ()


def test_every_setting_survives_the_round_trip(app):
    from datetime import date

    from lawbooks.domain.settings import (
        ItemMapping,
        MappedKind,
        SyncSettings,
        TrustMapping,
        TrustSettings,
    )

    settings = SyncSettings(
        sync_start=date(2026, 1, 1), aggregate_taxes=False, interval_minutes=15,
        mapping=ItemMapping({MappedKind.SERVICE: "21", MappedKind.PRIMARY_TAX: "30"}),
        payment_account_id="35", delete_voided_payments=True, credit_memo_prefix="C-",
        journal_prefix="J-",
        trust=TrustSettings(True, (TrustMapping("7", "90", "91"),), date(2026, 2, 1),
                            True, True, True, decided=True))
    firm_id = app.firms.create("F", settings)
    assert app.firms.settings(firm_id) == settings


def database_at(tmp_path, revision: str):  # type: ignore[no-untyped-def]
    """A SQLite store migrated up to `revision`: where an upgrade test starts."""
    from lawbooks.store.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = alembic_config(engine)
    command.upgrade(config, revision)
    return engine, config


def test_a_firm_that_synced_before_the_go_live_gate_stays_live_after_the_upgrade(tmp_path):
    """Revision 0011 adds the gate; a firm whose syncs already ran went live by them, and
    one that never synced must still press Start syncing."""
    engine, config = database_at(tmp_path, "0010")
    with engine.begin() as db:
        db.execute(text("INSERT INTO firms (id, name, settings, created_at) VALUES "
                        "(1, 'Synced', '{}', '2026-01-01'), (2, 'New', '{}', '2026-01-01')"))
        db.execute(text("INSERT INTO sync_runs (firm_id, started_at, status, dry_run, counts) "
                        "VALUES (1, '2026-01-02 09:00:00', 'ok', 0, '{}'), "
                        "(1, '2026-01-03 09:00:00', 'ok', 0, '{}'), "
                        "(2, '2026-01-02 09:00:00', 'ok', 1, '{}')"))
    command.upgrade(config, "head")
    with engine.connect() as db:
        rows = dict(db.execute(text("SELECT id, live_since FROM firms")).all())
    assert str(rows[1]).startswith("2026-01-02 09:00:00") and rows[2] is None
    engine.dispose()


def test_records_stored_before_incremental_sync_are_filed_by_the_upgrade(tmp_path):
    """Revision 0012 files each stored record by client and join (an incremental run reads
    groups by them): the records already pulled are filed from their payloads."""
    engine, config = database_at(tmp_path, "0011")
    records = [("bills", "1", '{"id": 1, "client": {"id": 5}}'),
               ("allocations", "2", '{"id": 2, "contact": {"id": 6}, '
                                    '"parent": {"id": 9, "type": "Payment"}}'),
               ("bank_transactions", "3", '{"id": 3, "client": {"id": 7}, '
                                          '"source": "bank_transfer", "confirmation": "T1"}'),
               ("line_items", "4", '{"id": 4, "bill": {"id": 1}}')]
    with engine.begin() as db:
        db.execute(text("INSERT INTO firms (id, name, settings, created_at) VALUES "
                        "(1, 'F', '{}', '2026-01-01')"))
        for stream, record, payload in records:
            db.execute(text("INSERT INTO source_records (firm_id, stream, record_id, payload) "
                            "VALUES (1, :s, :r, :p)"), {"s": stream, "r": record, "p": payload})
    command.upgrade(config, "head")
    with engine.connect() as db:
        filed = {r.stream: (r.client_id, r.join_id) for r in db.execute(text(
            "SELECT stream, client_id, join_id FROM source_records"))}
    assert filed == {"bills": ("5", None), "allocations": ("6", "Payment:9"),
                     "bank_transactions": ("7", "transfer:T1"), "line_items": (None, None)}
    engine.dispose()


def test_marks_pending_at_the_upgrade_to_parts_ask_for_both(tmp_path):
    """Revision 0014 gives each change mark its part (billing or trust): a mark left by a
    run before the upgrade still asks for both, and the downgrade keeps one a client."""
    engine, config = database_at(tmp_path, "0013")
    with engine.begin() as db:
        db.execute(text("INSERT INTO firms (id, name, settings, created_at) VALUES "
                        "(1, 'F', '{}', '2026-01-01')"))
        db.execute(text("INSERT INTO change_marks (firm_id, client_id) VALUES (1, '5'), "
                        "(1, '*')"))
    command.upgrade(config, "head")
    with engine.connect() as db:
        marks = set(db.execute(text("SELECT client_id, part FROM change_marks")).all())
    assert marks == {(c, p) for c in ("5", "*") for p in ("billing", "trust")}
    command.downgrade(config, "0013")
    with engine.connect() as db:
        assert set(db.execute(text("SELECT client_id FROM change_marks")).scalars()) == {
            "5", "*"}
    engine.dispose()
