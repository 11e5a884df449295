"""Both sets of books, each read on its own: QBO through the sandbox's control plane (every
object, as stored), Clio through its API. Nothing here asks lawbooks anything; the store's
links are read only to say which QBO objects lawbooks accounts for.

Per client: accounts receivable (QBO: the open Balance of the client's invoices less unused
credit and unapplied payments; Clio: the balance of its approved revenue bills) and trust
(QBO: the lines naming the client on trust liability accounts; Clio: the client's own
`account_balances` on trust accounts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chaos.clio_api import ClioReader
from chaos.store_view import LinkRow
from reliability.support import TRANSACTIONS, _tag, entities

ZERO = Decimal("0.00")
LINKED = ("Customer", *TRANSACTIONS)
Balances = dict[int, Decimal]  # Clio client id -> amount (zero amounts left out)


@dataclass(frozen=True)
class QboObject:
    entity: str
    id: str
    source: str | None  # lawbooks' tag: the Clio record it stands for
    state: str  # live | voided | deleted
    row: dict[str, Any]


def _money(value: object) -> Decimal:
    return Decimal(str(value if value not in (None, "") else 0))


def _nonzero(amounts: dict[int, Decimal]) -> Balances:
    return {k: v for k, v in sorted(amounts.items()) if v != 0}


def qbo_objects(qbo_url: str, realm_id: str) -> list[QboObject]:
    found = []
    for entity in LINKED:
        for row in entities(qbo_url, realm_id, entity):
            if row.get("status") == "Deleted":
                found.append(QboObject(entity, str(row["Id"]), None, "deleted", row))
                continue
            note = row.get("Notes") if entity == "Customer" else row.get("PrivateNote")
            voided = str(row.get("PrivateNote") or "").startswith("Voided")
            found.append(QboObject(entity, str(row["Id"]), _tag(note),
                                   "voided" if voided else "live", row))
    return found


def unlinked(objects: list[QboObject], links: dict[str, LinkRow]) -> list[QboObject]:
    """Objects lawbooks made (its tag) that no link accounts for: orphans, or writes QBO
    committed that lawbooks has not recorded yet."""
    lost = []
    for obj in objects:
        link = links.get(obj.source) if obj.source else None
        if obj.source and (link is None or (link.entity, link.target_id) != (obj.entity, obj.id)):
            lost.append(obj)
    return lost


def describe(obj: QboObject, links: dict[str, LinkRow]) -> str:
    link = links.get(obj.source or "")
    return (f"{obj.entity} {obj.id} ({obj.state}) tagged {obj.source}: "
            + ("no link" if link is None else f"its link is {link.entity} {link.target_id}"))


def dead_links(objects: list[QboObject], links: dict[str, LinkRow]) -> list[str]:
    """Links whose object is gone, or live when the link says voided, or the reverse."""
    state = {(o.entity, o.id): o.state for o in objects}
    dead = []
    for link in links.values():
        found = state.get((link.entity, link.target_id), "missing")
        if found == "missing" or (found == "live") == link.voided:
            dead.append(f"{link.source} -> {link.entity} {link.target_id}: {found}, link "
                        f"{'voided' if link.voided else 'live'}")
    return dead


def _client_of_customer(objects: list[QboObject]) -> dict[str, int]:
    return {o.id: int(o.source.split("/")[1]) for o in objects
            if o.entity == "Customer" and o.source and o.source.startswith("contact/")}


def customers(objects: list[QboObject]) -> dict[int, tuple[str, str | None, bool]]:
    """Clio contact -> its customer's (DisplayName, email, active)."""
    clients = _client_of_customer(objects)
    return {clients[o.id]: (str(o.row["DisplayName"]),
                            (o.row.get("PrimaryEmailAddr") or {}).get("Address"),
                            bool(o.row.get("Active", True)))
            for o in objects if o.id in clients and o.entity == "Customer"}


def qbo_receivable(objects: list[QboObject]) -> Balances:
    clients = _client_of_customer(objects)
    owed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    signs = {"Invoice": ("Balance", 1), "CreditMemo": ("Balance", -1),
             "Payment": ("UnappliedAmt", -1)}
    for obj in objects:
        if obj.state == "deleted" or obj.entity not in signs:
            continue
        customer = str((obj.row.get("CustomerRef") or {}).get("value"))
        field, sign = signs[obj.entity]
        owed[clients.get(customer, -1)] += sign * _money(obj.row.get(field))
    return _nonzero(owed)


def invoice_balances(objects: list[QboObject]) -> dict[int, Decimal]:
    """Clio bill -> the open Balance of its live invoice."""
    return {int(o.source.split("/")[1]): _money(o.row.get("Balance")) for o in objects
            if o.entity == "Invoice" and o.state == "live" and o.source
            and o.source.startswith("bill/")}


def qbo_trust(objects: list[QboObject], qbo_url: str, realm_id: str) -> tuple[Balances, Decimal]:
    """Per client, the trust liability lines naming it; and the trust bank's balance."""
    accounts = entities(qbo_url, realm_id, "Account")
    liability = {str(a["Id"]) for a in accounts
                 if a.get("AccountSubType") == "TrustAccountsLiabilities"}
    bank = {str(a["Id"]) for a in accounts if a.get("AccountSubType") == "TrustAccounts"}
    clients = _client_of_customer(objects)
    held: dict[int, Decimal] = defaultdict(lambda: ZERO)
    in_bank = ZERO
    for obj in objects:
        if obj.entity != "JournalEntry" or obj.state == "deleted":
            continue
        for line in obj.row.get("Line") or []:
            detail = line.get("JournalEntryLineDetail") or {}
            account = str((detail.get("AccountRef") or {}).get("value"))
            credit = detail.get("PostingType") == "Credit"
            amount = _money(line.get("Amount"))
            if account in liability:
                holder = str(((detail.get("Entity") or {}).get("EntityRef") or {}).get("value"))
                held[clients.get(holder, -1)] += amount if credit else -amount
            elif account in bank:
                in_bank += -amount if credit else amount
    return _nonzero(held), in_bank


@dataclass(frozen=True)
class ClioBooks:
    receivable: Balances
    trust: Balances
    bill_balances: dict[int, Decimal]  # approved revenue bill -> its balance


def clio_books(reader: ClioReader) -> ClioBooks:
    owed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    bills = {}
    for bill in reader.list("bills", "id,state,kind,balance,client{id}"):
        if bill["kind"] == "revenue_kind" and bill["state"] in ("awaiting_payment", "paid"):
            owed[int(bill["client"]["id"])] += _money(bill["balance"])
            bills[int(bill["id"])] = _money(bill["balance"])
    held: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for contact in reader.list("contacts", "id,account_balances{id,balance,type}"):
        for balance in contact.get("account_balances") or []:
            if balance.get("type") == "Trust":
                held[int(contact["id"])] += _money(balance["balance"])
    return ClioBooks(_nonzero(owed), _nonzero(held), bills)


def differences(ours: dict[int, Decimal], theirs: dict[int, Decimal], limit: int = 10
                ) -> list[str]:
    keys = sorted(k for k in set(ours) | set(theirs) if ours.get(k, ZERO) != theirs.get(k, ZERO))
    return [f"{k}: {ours.get(k, ZERO)} vs {theirs.get(k, ZERO)}" for k in keys[:limit]] + (
        [f"... {len(keys) - limit} more"] if len(keys) > limit else [])
