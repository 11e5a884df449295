"""Clio's allocations, credit memos and bank transactions -> payments, credits, trust events."""

from decimal import Decimal

from lawbooks.domain.model import FundSource, SourceRef, TrustTransactionKind
from lawbooks.http import jsonio
from lawbooks.sources.clio import mapping_ledger as m

ALLOCATIONS = jsonio.loads("""[
 {"id": 11, "date": "2026-01-20", "amount": 300.0, "voided_at": null, "bill": {"id": 100},
  "contact": {"id": 1}, "parent": {"id": 500, "type": "Payment"},
  "source_bank_account": {"id": 7, "type": "Operating"}},
 {"id": 12, "date": "2026-01-20", "amount": 75.4, "voided_at": null, "bill": {"id": 101},
  "contact": {"id": 1}, "parent": {"id": 500, "type": "Payment"},
  "source_bank_account": {"id": 7, "type": "Operating"}},
 {"id": 13, "date": "2026-01-22", "amount": 50.0, "voided_at": "2026-01-23T10:00:00Z",
  "bill": {"id": 101}, "contact": {"id": 1}, "parent": {"id": 501, "type": "Payment"},
  "source_bank_account": {"id": 8, "type": "Trust"}},
 {"id": 14, "date": "2026-01-25", "amount": 20.0, "voided_at": null, "bill": {"id": 100},
  "contact": {"id": 1}, "parent": {"id": 900, "type": "CreditMemo"}}]""")


def test_allocations_sharing_a_parent_payment_are_one_payment():
    payments = m.payments(ALLOCATIONS)
    assert set(payments) == {"500", "501"}
    both = payments["500"]
    assert [(a.bill_id, a.amount.amount) for a in both.live] == [
        ("100", Decimal("300.00")), ("101", Decimal("75.40"))]
    from_trust = payments["501"]
    assert from_trust.source is FundSource.TRUST and from_trust.live == ()
    assert from_trust.allocations[0].trust_account_id == "8"


def test_credit_memos_carry_the_allocations_whose_parent_they_are():
    memos = jsonio.loads('[{"id": 900, "date": "2026-01-25", "amount": 20.0, '
                         '"description": "Courtesy", "voided_at": null, "contact": {"id": 1}}]')
    note = m.credit_notes(memos, ALLOCATIONS)["900"]
    assert note.amount.amount == Decimal("20.00") and not note.voided
    assert [a.bill_id for a in note.allocations] == ["100"]


ACCOUNTS = jsonio.loads('[{"id": 7, "name": "Operating", "type": "Operating"}, '
                        '{"id": 8, "name": "IOLTA", "type": "Trust", "currency": "USD"}]')


def txn(tid, funds_in=0.0, funds_out=0.0, account=8, client=1, **extra):
    body = {"id": tid, "bank_account_id": account, "date": "2026-01-10",
            "funds_in": funds_in, "funds_out": funds_out, "client": {"id": client},
            "matter": {"id": 3, "display_number": "00003-Doe"}, "description": "x", **extra}
    return body


def test_trust_movements_are_classified_as_section_2b_says():
    rows = [jsonio.loads(jsonio.dumps(r)) for r in (
        {**txn(1), "funds_in": Decimal("1000")},
        {**txn(2), "funds_out": Decimal("200")},
        {**txn(3), "funds_out": Decimal("50"), "bill": {"id": 100}, "allocation": {"id": 13}},
        {**txn(4), "funds_in": Decimal("400"), "bill": {"id": 150}},
        {**txn(5, account=7), "funds_in": Decimal("9")},
        {**txn(6), "funds_out": Decimal("80"), "source": "bank_transfer", "confirmation": "77"},
        {**txn(7, client=2), "funds_in": Decimal("80"), "source": "bank_transfer",
         "confirmation": "77", "matter": {"id": 4, "display_number": "00004-Acme"}})]
    accounts = m.trust_accounts(ACCOUNTS)
    events = m.trust_transactions(rows, accounts)
    kinds = {str(ref): (t.kind, t.amount.amount) for ref, t in events.items()}
    assert kinds == {
        "trust_transaction/1": (TrustTransactionKind.DEPOSIT, Decimal("1000.00")),
        "trust_transaction/2": (TrustTransactionKind.DISBURSEMENT, Decimal("200.00")),
        "trust_transaction/3": (TrustTransactionKind.BILL_PAYMENT, Decimal("50.00")),
        "trust_transaction/4": (TrustTransactionKind.DEPOSIT, Decimal("400.00")),
        "trust_transfer/77": (TrustTransactionKind.TRANSFER, Decimal("80.00"))}
    transfer = events[SourceRef.parse("trust_transfer/77")]
    assert (transfer.client_id, transfer.to_client_id) == ("1", "2")
    assert (transfer.matter, transfer.to_matter) == ("00003-Doe", "00004-Acme")
    assert set(accounts) == {"8"}
