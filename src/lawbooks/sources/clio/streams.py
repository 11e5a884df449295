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
    "taxable,secondary_taxable,bill{id},updated_at", parent_field="bill")

STREAMS = (CONTACTS, MATTERS, BILLS, LINE_ITEMS)
