"""Declarative streams over Clio's list endpoints.

Each names its path and the `fields=` it needs, nested one level so that no stream makes a
request per record (Clio returns only `id` and `etag` without `fields=`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Stream:
    name: str
    path: str
    fields: str
    params: dict[str, str] = field(default_factory=dict)
    parent_field: str | None = None  # e.g. line items belong to a bill
    # Read whole every run, not since a cursor: a handful of records whose figures Clio may
    # change without a new `updated_at` or `etag` (a bank account's balance and transaction
    # count move with its transactions), which the deletion check needs current.
    whole: bool = False
    # Clio's document gives line items and interest charges no ``order`` parameter: those
    # lists are read in their own (id) order without asking for one.
    ordered: bool = True


CONTACTS = Stream(
    "contacts", "contacts.json",
    "id,etag,name,first_name,last_name,type,primary_email_address,primary_phone_number,"
    "phone_numbers{number,name,primary},addresses{street,city,province,postal_code,country,"
    "name,primary},updated_at")
MATTERS = Stream("matters", "matters.json",
                 "id,etag,display_number,description,status,client{id},updated_at")
BILLS = Stream(
    "bills", "bills.json",
    "id,etag,number,state,kind,type,issued_at,due_at,sub_total,tax_sum,secondary_tax_sum,"
    "total,due,balance,paid,credits_issued,discount{rate,type},client{id,name},matters{id},"
    "currency{code},updated_at")
LINE_ITEMS = Stream(
    "line_items", "line_items.json",
    "id,etag,kind,type,description,note,date,quantity,price,sub_total,total,tax,secondary_tax,"
    "taxable,secondary_taxable,bill{id},updated_at", parent_field="bill", ordered=False)

ALLOCATIONS = Stream(
    "allocations", "allocations.json",
    "id,etag,date,amount,voided_at,description,bill{id},contact{id},matter{id},parent{id,type},"
    "source_bank_account{id,type},destination_bank_account{id,type},updated_at",
    parent_field="bill")
INTEREST_CHARGES = Stream("interest_charges", "interest_charges.json",
                          "id,etag,date,description,total,bill{id},updated_at",
                          parent_field="bill", ordered=False)
CREDIT_MEMOS = Stream("credit_memos", "credit_memos.json",
                      "id,etag,date,amount,description,discount,voided_at,contact{id},updated_at")
BANK_ACCOUNTS = Stream("bank_accounts", "bank_accounts.json",
                       "id,etag,name,type,currency,balance,bank_transactions_count,updated_at",
                       whole=True)
BANK_TRANSACTIONS = Stream(
    "bank_transactions", "bank_transactions.json",
    "id,etag,bank_account_id,date,amount,funds_in,funds_out,transaction_type,source,"
    "confirmation,description,client{id},matter{id,display_number},bill{id},allocation{id},"
    "bank_account{id},updated_at", parent_field="bank_account")

# Bills before the records that hang on them; bank accounts before their transactions.
# Interest charges (a few) before line items (the most pages of all): a first pull tells a
# bill whole as its lines land (`ready.py`), so that its invoice can go out meanwhile.
STREAMS = (CONTACTS, MATTERS, BILLS, INTEREST_CHARGES, LINE_ITEMS, ALLOCATIONS, CREDIT_MEMOS,
           BANK_ACCOUNTS, BANK_TRANSACTIONS)
# Re-read whole for every bill that changed: Clio announces no deleted line or allocation.
BILL_CHILDREN = (LINE_ITEMS, INTEREST_CHARGES, ALLOCATIONS)
