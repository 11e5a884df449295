"""Payments, credit memos, journal entries, deposits, transfers and the balances they move."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .helpers import Api, fault_of
from .test_qbo_entities import invoice_body

TRUST_BANK, TRUST_LIABILITY, UNDEPOSITED, CHECKING = "10", "11", "2", "3"


def je_line(amount: str, posting: str, account: str, customer: str | None = None
            ) -> dict[str, Any]:
    detail: dict[str, Any] = {"PostingType": posting, "AccountRef": {"value": account}}
    if customer:
        detail["Entity"] = {"Type": "Customer", "EntityRef": {"value": customer}}
    return {"Amount": Decimal(amount), "DetailType": "JournalEntryLineDetail",
            "JournalEntryLineDetail": detail}


def balance(api: Api, entity: str, id_: str, key: str = "Balance") -> Decimal:
    value: Decimal = api.get(f"{entity.lower()}/{id_}")[1][entity][key]
    return value


def pay(api: Api, customer: str, total: str, *links: tuple[str, str, str]) -> dict[str, Any]:
    lines = [{"Amount": Decimal(a), "LinkedTxn": [{"TxnId": t, "TxnType": k}]}
             for k, t, a in links]
    return api.create("Payment", {"CustomerRef": {"value": customer},
                                  "TotalAmt": Decimal(total), "Line": lines})


def test_payment_moves_invoice_and_customer_balances(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "500"))
    payment = pay(api, customer["Id"], "350", ("Invoice", invoice["Id"], "300"))
    assert payment["UnappliedAmt"] == Decimal("50.00")
    assert payment["DepositToAccountRef"]["name"] == "Undeposited Funds"
    _status, body = api.get(f"invoice/{invoice['Id']}")
    assert body["Invoice"]["Balance"] == Decimal("200.00")
    assert body["Invoice"]["SyncToken"] == "1"  # QBO re-saves the invoice it pays
    assert body["Invoice"]["LinkedTxn"] == [{"TxnId": payment["Id"], "TxnType": "Payment"}]
    assert balance(api, "Customer", customer["Id"]) == Decimal("150.00")
    assert balance(api, "Account", UNDEPOSITED, "CurrentBalance") == Decimal("350.00")


def test_void_and_delete_payment_restore_the_invoice(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "100"))
    payment = pay(api, customer["Id"], "100", ("Invoice", invoice["Id"], "100"))
    assert balance(api, "Invoice", invoice["Id"]) == 0
    status, body = api.post("payment", {"Id": payment["Id"], "SyncToken": "0", "sparse": True},
                            operation="update", include="void")
    assert status == 200
    voided = body["Payment"]
    assert voided["TotalAmt"] == 0 and voided["PrivateNote"] == "Voided"
    assert balance(api, "Invoice", invoice["Id"]) == Decimal("100.00")
    second = pay(api, customer["Id"], "40", ("Invoice", invoice["Id"], "40"))
    status, body = api.post("payment", {"Id": second["Id"], "SyncToken": "0"},
                            operation="delete")
    assert body["Payment"]["status"] == "Deleted"
    assert balance(api, "Invoice", invoice["Id"]) == Decimal("100.00")


def test_payment_rules(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "100"))
    other = api.create("Customer", {"DisplayName": "Someone Else"})
    status, body = api.post("payment", {"CustomerRef": {"value": other["Id"]}, "TotalAmt": 10,
                                        "Line": [{"Amount": 10, "LinkedTxn": [
                                            {"TxnId": invoice["Id"], "TxnType": "Invoice"}]}]})
    assert status == 400 and fault_of(body)["code"] == "620"
    status, body = api.post("payment", {"CustomerRef": {"value": customer["Id"]}})
    assert fault_of(body)["code"] == "2020"
    status, body = api.post("invoice", {"Id": invoice["Id"], "SyncToken": "0"}, operation="void")
    assert status == 200
    payment = pay(api, customer["Id"], "5")
    assert payment["UnappliedAmt"] == Decimal("5.00")


def test_credit_memo_applied_by_a_zero_payment(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "100"))
    memo = api.create("CreditMemo", invoice_body(customer["Id"], "30"))
    assert memo["RemainingCredit"] == Decimal("30.00")
    pay(api, customer["Id"], "0", ("Invoice", invoice["Id"], "30"),
        ("CreditMemo", memo["Id"], "30"))
    assert balance(api, "Invoice", invoice["Id"]) == Decimal("70.00")
    assert balance(api, "CreditMemo", memo["Id"]) == 0
    assert balance(api, "Customer", customer["Id"]) == Decimal("70.00")


def test_trust_journal_entries_keep_per_client_ledgers(api: Api, customer: dict[str, Any]) -> None:
    other = api.create("Customer", {"DisplayName": "Roe, Richard"})
    deposit = api.create("JournalEntry", {"DocNumber": "TR-1", "Line": [
        je_line("1000", "Debit", TRUST_BANK),
        je_line("1000", "Credit", TRUST_LIABILITY, customer["Id"])]})
    assert [line["Id"] for line in deposit["Line"]] == ["0", "1"]
    entity = deposit["Line"][1]["JournalEntryLineDetail"]["Entity"]
    assert entity == {"Type": "Customer", "EntityRef": {"value": customer["Id"],
                                                        "name": "Doe, Jane"}}
    api.create("JournalEntry", {"Line": [
        je_line("250", "Debit", TRUST_LIABILITY, customer["Id"]),
        je_line("250", "Credit", TRUST_LIABILITY, other["Id"])]})
    assert balance(api, "Account", TRUST_BANK, "CurrentBalance") == Decimal("1000.00")
    assert balance(api, "Account", TRUST_LIABILITY, "CurrentBalance") == Decimal("1000.00")
    _, body = api.query("SELECT * FROM JournalEntry WHERE DocNumber = 'TR-1'")
    assert body["QueryResponse"]["JournalEntry"][0]["Id"] == deposit["Id"]


def test_duplicate_journal_number_when_warned(api: Api) -> None:
    status, prefs = api.get("preferences")
    api.post("preferences", {"SyncToken": prefs["Preferences"]["SyncToken"], "sparse": True,
                             "OtherPrefs": {"NameValue": [
                                 {"Name": "WarnDuplicateJournalNumber", "Value": "true"}]}})
    lines = [je_line("1", "Debit", TRUST_BANK), je_line("1", "Credit", CHECKING)]
    api.create("JournalEntry", {"DocNumber": "J-1", "Line": lines})
    status, body = api.post("journalentry", {"DocNumber": "J-1", "Line": lines})
    assert status == 400 and fault_of(body)["code"] == "6140"
    assert "TxnType=JournalEntry" in fault_of(body)["Detail"]


def test_deposit_locks_its_payments(api: Api, customer: dict[str, Any]) -> None:
    payment = pay(api, customer["Id"], "80")
    deposit = api.create("Deposit", {"DepositToAccountRef": {"value": CHECKING}, "Line": [
        {"Amount": 80, "LinkedTxn": [{"TxnId": payment["Id"], "TxnType": "Payment",
                                      "TxnLineId": "0"}]}]})
    assert deposit["TotalAmt"] == Decimal("80.00")
    status, body = api.post("payment", {"Id": payment["Id"], "SyncToken": "0", "sparse": True},
                            operation="update", include="void")
    assert status == 400 and fault_of(body)["code"] == "6540"
    assert balance(api, "Account", CHECKING, "CurrentBalance") == Decimal("80.00")
    assert balance(api, "Account", UNDEPOSITED, "CurrentBalance") == 0


def test_transfer_between_asset_accounts(api: Api) -> None:
    transfer = api.create("Transfer", {"FromAccountRef": {"value": CHECKING},
                                       "ToAccountRef": {"value": TRUST_BANK}, "Amount": 12.5})
    assert transfer["Amount"] == Decimal("12.50")
    assert balance(api, "Account", TRUST_BANK, "CurrentBalance") == Decimal("12.50")
    status, body = api.post("transfer", {"FromAccountRef": {"value": CHECKING},
                                         "ToAccountRef": {"value": TRUST_LIABILITY}, "Amount": 1})
    assert status == 400 and fault_of(body)["code"] == "6000"


def test_balance_with_jobs_follows_a_job_to_its_new_parent(api: Api,
                                                           customer: dict[str, Any]) -> None:
    other = api.create("Customer", {"DisplayName": "Other Parent"})
    job = api.create("Customer", {"DisplayName": "Matter 7",
                                  "ParentRef": {"value": customer["Id"]}})
    api.create("Invoice", invoice_body(customer["Id"], "100"))
    api.create("Invoice", invoice_body(job["Id"], "40"))
    assert balance(api, "Customer", customer["Id"]) == Decimal("100.00")
    assert balance(api, "Customer", customer["Id"], "BalanceWithJobs") == Decimal("140.00")
    api.post("customer", {"Id": job["Id"], "SyncToken": job["SyncToken"], "sparse": True,
                          "ParentRef": {"value": other["Id"]}})
    assert balance(api, "Customer", customer["Id"], "BalanceWithJobs") == Decimal("100.00")
    assert balance(api, "Customer", other["Id"], "BalanceWithJobs") == Decimal("40.00")
