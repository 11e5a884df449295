"""Planning payments, credit notes and trust movements, one posting rule at a time."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

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
from lawbooks.domain.model import SourceRef
from lawbooks.domain.model import TrustTransactionKind as K
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.plan import Plan, plan
from lawbooks.engine.ports import Link, OpKind, TargetIndex
from lawbooks.targets.qbo.payloads import QboMapper


def run(snapshot, links=None, **settings) -> Plan:
    chosen = replace(SETTINGS, **settings)
    return plan("9341", snapshot, links or {}, TargetIndex(), QboMapper(chosen), chosen)


def pushed(p: Plan, links=None) -> dict:
    done = dict(links or {})
    for n, op in enumerate(p.operations):
        done[op.source] = Link(op.source, op.entity, f"q{n}", "0", op.content_hash,
                               voided=op.kind in (OpKind.VOID, OpKind.DELETE))
    return done


def ops(p: Plan) -> list[tuple[str, str, str]]:
    return [(op.kind.value, op.entity, str(op.source)) for op in p.operations]


def trusted(*records):
    return ledger_firm(contact("1", "Jane Doe"), contact("2", "Acme LLC"), *records)


def test_a_payment_over_two_bills_is_one_payment_linked_to_both_invoices():
    snapshot = ledger_firm(contact("1"), bill("100", "1"), bill("101", "1"),
                           payment("P1", allocation("a1", "P1", "100", "575.40"),
                                   allocation("a2", "P1", "101", "100.00")))
    p = run(snapshot)
    pay = next(op for op in p.operations if op.entity == "Payment")
    assert pay.document["TotalAmt"] == Decimal("675.40")
    assert [ln["LinkedTxn"][0]["TxnId"] for ln in pay.document["Line"]] == [
        {"$id": "bill/100"}, {"$id": "bill/101"}]
    assert pay.document["PaymentRefNum"] == "CHK 1882"
    assert "DepositToAccountRef" not in pay.document  # Undeposited Funds
    assert [e for _, e, _ in ops(p)] == ["Customer", "Invoice", "Invoice", "Payment"]


def test_a_mapped_deposit_account_is_used():
    snapshot = ledger_firm(contact("1"), bill("100", "1"),
                           payment("P1", allocation("a1", "P1", "100", "50")))
    pay = run(snapshot, payment_account_id="35").operations[-1]
    assert pay.document["DepositToAccountRef"] == {"value": "35"}


def test_an_edited_allocation_updates_the_payment_in_place():
    first = ledger_firm(contact("1"), bill("100", "1"),
                        payment("P1", allocation("a1", "P1", "100", "200.00")))
    links = pushed(run(first))
    edited = ledger_firm(contact("1"), bill("100", "1"),
                         payment("P1", allocation("a1", "P1", "100", "250.00")))
    assert ops(run(edited, links)) == [("update", "Payment", "payment/P1")]


def test_a_voided_payment_is_voided_or_deleted_per_setting():
    first = ledger_firm(contact("1"), bill("100", "1"),
                        payment("P1", allocation("a1", "P1", "100", "200.00")))
    links = pushed(run(first))
    voided = ledger_firm(contact("1"), bill("100", "1"),
                         payment("P1", allocation("a1", "P1", "100", "200.00", voided=True)))
    assert ops(run(voided, links)) == [("void", "Payment", "payment/P1")]
    assert ops(run(voided, links, delete_voided_payments=True)) == [
        ("delete", "Payment", "payment/P1")]


def test_a_payment_deleted_in_clio_is_unwound_though_it_is_in_no_snapshot():
    first = ledger_firm(contact("1"), bill("100", "1"),
                        payment("P1", allocation("a1", "P1", "100", "200.00")))
    links = pushed(run(first))
    deleted = ledger_firm(contact("1"), bill("100", "1"))  # its allocations went with it
    assert ops(run(deleted, links)) == [("void", "Payment", "payment/P1")]
    assert ops(run(deleted, links, delete_voided_payments=True)) == [
        ("delete", "Payment", "payment/P1")]
    unwound = pushed(run(deleted, links), links)
    assert run(deleted, unwound).is_empty  # once


def test_a_voided_bill_voids_its_payments_first():
    first = ledger_firm(contact("1"), bill("100", "1"),
                        payment("P1", allocation("a1", "P1", "100", "200.00")))
    links = pushed(run(first))
    from lawbooks.domain.model import BillState

    gone = ledger_firm(contact("1"), bill("100", "1", state=BillState.VOID),
                       payment("P1", allocation("a1", "P1", "100", "200.00", voided=True)))
    assert ops(run(gone, links)) == [("void", "Payment", "payment/P1"),
                                     ("void", "Invoice", "bill/100")]


def test_a_payment_of_an_unsynced_bill_is_held_not_dropped():
    snapshot = ledger_firm(contact("1"), bill("100", "1", issued=date(2025, 1, 1)),
                           bill("101", "1"),
                           payment("P1", allocation("a1", "P1", "100", "10")))
    p = run(snapshot, sync_start=date(2026, 1, 1))
    assert "payment/P1" not in [s for *_, s in ops(p)]
    assert "pays bill(s) 100, which are not synced" in str(p.held[0].error)


def test_a_credit_note_is_a_credit_memo_applied_by_a_zero_payment():
    snapshot = ledger_firm(contact("1"), bill("100", "1"), credit_note("C1", "100", "75.40"))
    p = run(snapshot)
    memo = next(op for op in p.operations if op.entity == "CreditMemo")
    application = next(op for op in p.operations if str(op.source) == "credit_application/C1")
    assert memo.document["DocNumber"] == "CN-C1"
    assert memo.document["Line"][0]["Amount"] == Decimal("75.40")
    assert application.document["TotalAmt"] == Decimal("0.00")
    assert [ln["LinkedTxn"][0] for ln in application.document["Line"]] == [
        {"TxnId": {"$id": "bill/100"}, "TxnType": "Invoice"},
        {"TxnId": {"$id": "credit_note/C1"}, "TxnType": "CreditMemo"}]
    assert SourceRef.parse("credit_note/C1") in application.depends_on


def test_a_voided_credit_note_unwinds_application_then_memo():
    first = ledger_firm(contact("1"), bill("100", "1"), credit_note("C1", "100", "75.40"))
    links = pushed(run(first))
    voided = ledger_firm(contact("1"), bill("100", "1"),
                         credit_note("C1", "100", "75.40", voided=True))
    assert ops(run(voided, links)) == [
        ("void", "Payment", "credit_application/C1"), ("delete", "CreditMemo", "credit_note/C1")]


def test_trust_deposit_debits_bank_and_credits_the_clients_liability():
    p = run(trusted(trust_txn("t1", K.DEPOSIT, "5000.00")), trust=TRUST)
    assert ops(p) == [("create", "Customer", "contact/1"),
                      ("create", "JournalEntry", "trust_transaction/t1")]
    debit, credit = p.operations[1].document["Line"]
    assert debit["JournalEntryLineDetail"] == {"PostingType": "Debit",
                                               "AccountRef": {"value": "90"}}
    assert credit["JournalEntryLineDetail"] == {
        "PostingType": "Credit", "AccountRef": {"value": "91"},
        "Entity": {"Type": "Customer", "EntityRef": {"$link": "contact/1"}}}
    assert credit["Amount"] == Decimal("5000.00")
    assert "Jane Doe, matter 00001-Doe" in credit["Description"]
    assert p.operations[1].document["DocNumber"] == "TR-t1"


def test_disbursement_and_bill_payment_from_trust_credit_the_bank():
    p = run(trusted(trust_txn("t1", K.DEPOSIT, "500"),
                    trust_txn("t2", K.DISBURSEMENT, "100", on=date(2026, 1, 11)),
                    trust_txn("t3", K.BILL_PAYMENT, "50", on=date(2026, 1, 12))), trust=TRUST)
    for source in ("trust_transaction/t2", "trust_transaction/t3"):
        debit, credit = next(op for op in p.operations if str(op.source) == source
                             ).document["Line"]
        assert debit["JournalEntryLineDetail"]["AccountRef"] == {"value": "91"}
        assert debit["JournalEntryLineDetail"]["Entity"]["EntityRef"] == {"$link": "contact/1"}
        assert credit["JournalEntryLineDetail"]["AccountRef"] == {"value": "90"}


def test_exclusions_leave_disbursements_and_bill_payments_out():
    settings = replace(TRUST, exclude_disbursements=True, exclude_bill_payments=True)
    p = run(trusted(trust_txn("t1", K.DEPOSIT, "500"),
                    trust_txn("t2", K.DISBURSEMENT, "100", on=date(2026, 1, 11)),
                    trust_txn("t3", K.BILL_PAYMENT, "50", on=date(2026, 1, 12))),
            trust=settings)
    assert [s for *_, s in ops(p)] == ["contact/1", "trust_transaction/t1"]


def test_client_to_client_transfer_moves_liability_between_customers():
    p = run(trusted(trust_txn("t1", K.DEPOSIT, "500"),
                    trust_txn("x1", K.TRANSFER, "200", on=date(2026, 1, 11), to_client="2")),
            trust=TRUST)
    transfer = next(op for op in p.operations if str(op.source) == "trust_transfer/x1")
    debit, credit = transfer.document["Line"]
    assert debit["JournalEntryLineDetail"]["AccountRef"] == {"value": "91"}
    assert credit["JournalEntryLineDetail"]["AccountRef"] == {"value": "91"}
    assert debit["JournalEntryLineDetail"]["Entity"]["EntityRef"] == {"$link": "contact/1"}
    assert credit["JournalEntryLineDetail"]["Entity"]["EntityRef"] == {"$link": "contact/2"}
    assert "matter 00002-Acme" in credit["Description"]
    assert {"contact/1", "contact/2"} <= {s for *_, s in ops(p)}


def test_a_disbursement_that_would_overdraw_a_client_is_held_with_the_reason():
    p = run(trusted(trust_txn("t1", K.DEPOSIT, "100"),
                    trust_txn("t2", K.DISBURSEMENT, "150", on=date(2026, 1, 11))), trust=TRUST)
    assert "trust_transaction/t2" not in [s for *_, s in ops(p)]
    assert "would take Jane Doe's trust balance in QuickBooks below zero (-50.00 USD)" in str(
        p.held[0].error)


def test_trust_start_date_and_opening_balances():
    history = trusted(trust_txn("t0", K.DEPOSIT, "1000", on=date(2025, 12, 1)),
                      trust_txn("t1", K.DISBURSEMENT, "300", on=date(2026, 1, 11)))
    late = replace(TRUST, start=date(2026, 1, 1))
    without = run(history, trust=late)
    assert "below zero" in str(without.held[0].error)  # the deposit came before the start
    opened = run(history, trust=replace(late, opening_balances=True))
    assert [s for *_, s in ops(opened)] == ["contact/1", "trust_opening/T1:1",
                                            "trust_transaction/t1"]
    opening = opened.operations[1].document
    assert opening["Line"][1]["Amount"] == Decimal("1000.00")
    assert opening["TxnDate"] == "2026-01-01" and opening["DocNumber"] == "TR-OB-T1:1"
    assert not opened.held


def test_edited_and_deleted_trust_movements_follow():
    first = trusted(trust_txn("t1", K.DEPOSIT, "500"), trust_txn("t2", K.DEPOSIT, "20"))
    links = pushed(run(first, trust=TRUST))
    later = trusted(trust_txn("t1", K.DEPOSIT, "550"))
    assert ops(run(later, links, trust=TRUST)) == [
        ("delete", "JournalEntry", "trust_transaction/t2"),
        ("update", "JournalEntry", "trust_transaction/t1")]


def test_trust_sync_off_posts_no_trust_and_an_unmapped_account_is_held():
    history = trusted(trust_txn("t1", K.DEPOSIT, "500"),
                      trust_txn("t9", K.DEPOSIT, "5", account="T2"))
    assert run(history).is_empty
    from lawbooks.domain.model import SourceId, TrustAccount

    two = replace(history, trust_accounts={**history.trust_accounts,
                                           SourceId("T2"): TrustAccount(SourceId("T2"), "Escrow")})
    p = run(two, trust=TRUST)
    assert any("Clio trust account Escrow" in str(h.error) for h in p.held)


def test_every_plan_is_empty_once_pushed():
    snapshot = trusted(bill("100", "1"), payment("P1", allocation("a1", "P1", "100", "10")),
                       credit_note("C1", "100", "5"), trust_txn("t1", K.DEPOSIT, "500"),
                       trust_txn("x1", K.TRANSFER, "200", on=date(2026, 1, 11), to_client="2"))
    first = run(snapshot, trust=TRUST)
    assert run(snapshot, pushed(first), trust=TRUST).is_empty


def test_settings_default_is_trust_off():
    assert SyncSettings().trust.enabled is False
