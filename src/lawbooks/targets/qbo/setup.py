"""Company setup in QBO that a firm's administrator would otherwise click through: the
Products/Services lawbooks posts to. Idempotent: an item that exists is reused."""

from __future__ import annotations

from lawbooks.domain.settings import ItemMapping, MappedKind
from lawbooks.engine.keys import content_hash
from lawbooks.targets.qbo.client import QboClient, quote

DEFAULT_ITEMS: dict[MappedKind, str] = {
    MappedKind.SERVICE: "Legal Services",
    MappedKind.FLAT_FEE: "Flat Fees",
    MappedKind.EXPENSE: "Reimbursable Expenses",
    MappedKind.INTEREST: "Interest Charges",
    MappedKind.PRIMARY_TAX: "Sales Tax (Clio)",
    MappedKind.SECONDARY_TAX: "Secondary Tax (Clio)",
    MappedKind.DISCOUNT: "Discounts",
    MappedKind.CREDIT_NOTE: "Credit Notes",
}


def income_account(client: QboClient) -> str:
    rows = list(client.query("SELECT * FROM Account WHERE AccountType = 'Income'"))
    if not rows:
        raise LookupError("QuickBooks has no income account. Add one, then map items again.")
    return str(sorted(rows, key=lambda r: int(r["Id"]))[0]["Id"])


def ensure_items(client: QboClient, names: dict[MappedKind, str] | None = None) -> ItemMapping:
    """The item for each kind, created as a Service item on an income account if missing."""
    wanted = names or DEFAULT_ITEMS
    mapping: dict[MappedKind, str] = {}
    account: str | None = None
    for kind, name in wanted.items():
        found = list(client.query(f"SELECT * FROM Item WHERE Name = {quote(name)}"))
        if found:
            mapping[kind] = str(found[0]["Id"])
            continue
        account = account or income_account(client)
        document = {"Name": name, "Type": "Service", "IncomeAccountRef": {"value": account}}
        created = client.create("Item", document, content_hash(document)[:32])
        mapping[kind] = str(created["Id"])
    return ItemMapping(mapping)
