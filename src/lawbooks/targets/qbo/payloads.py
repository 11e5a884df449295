"""Domain -> QBO JSON. Pure: no I/O, no clock, no settings lookups beyond its arguments.

Vendor field names (DisplayName, CustomerRef, SalesItemLineDetail ...) live here and in the
client only. Amounts stay Decimal; the JSON writer renders them as numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from lawbooks.domain.model import (
    Address,
    Bill,
    BillLine,
    Contact,
    ContactType,
    CreditNote,
    LineKind,
    Payment,
    SourceId,
    SourceKind,
    SourceRef,
    TrustTransaction,
    TrustTransactionKind,
)
from lawbooks.domain.money import Money, quantize
from lawbooks.domain.settings import ItemMapping, MappedKind, SyncSettings, TrustMapping
from lawbooks.engine.errors import SkippableError
from lawbooks.engine.ports import id_placeholder, link_placeholder

JSON = dict[str, Any]
NON_TAXABLE = {"value": "NON"}  # QBO adds no tax of its own: Clio's taxes come as lines

_LINE_KIND = {LineKind.SERVICE: MappedKind.SERVICE, LineKind.FLAT_FEE: MappedKind.FLAT_FEE,
              LineKind.EXPENSE: MappedKind.EXPENSE, LineKind.INTEREST: MappedKind.INTEREST}


class MissingMapping(SkippableError):
    """A kind the bill uses has no QBO item mapped."""

    def __init__(self, kind: MappedKind) -> None:
        label = kind.value.replace("_", " ")
        super().__init__(f"no QuickBooks product/service is mapped for {label}.",
                         "Map one in the item mapping, then sync again.")
        self.kind = kind


TAG_PREFIX = "lawbooks: Clio "


def tag(source: str) -> str:
    """The marker lawbooks leaves on what it creates, to recognise it after a crash."""
    return f"{TAG_PREFIX}{source}"


def tag_of(note: str) -> str | None:
    """The source ref in a tag (`bill/100`), or None when the note carries none."""
    if not note.startswith(TAG_PREFIX):
        return None
    return note.removeprefix(TAG_PREFIX).split()[0]


def _address(address: Address | None) -> JSON | None:
    if address is None:
        return None
    fields = {"Line1": address.street, "City": address.city,
              "CountrySubDivisionCode": address.province, "PostalCode": address.postal_code,
              "Country": address.country}
    return {k: v for k, v in fields.items() if v}


def customer(contact: Contact, display_name: str) -> JSON:
    """The QBO Customer for a Clio contact (Clio's field mapping: primary email only, phones
    by role, billing and work addresses)."""
    doc: JSON = {"DisplayName": display_name, "Notes": tag(str(contact.ref))}
    if contact.type is ContactType.PERSON:
        doc.update(GivenName=contact.first_name or None, FamilyName=contact.last_name or None)
    else:
        doc["CompanyName"] = contact.name
    doc["PrimaryEmailAddr"] = {"Address": contact.email} if contact.email else None
    doc["PrimaryPhone"] = {"FreeFormNumber": contact.phone} if contact.phone else None
    doc["Mobile"] = {"FreeFormNumber": contact.mobile} if contact.mobile else None
    doc["Fax"] = {"FreeFormNumber": contact.fax} if contact.fax else None
    doc["BillAddr"] = _address(contact.billing_address)
    doc["ShipAddr"] = _address(contact.shipping_address)
    return {k: v for k, v in doc.items() if v is not None}


def _item(mapping: ItemMapping, kind: MappedKind) -> JSON:
    item = mapping.item_for(kind)
    if item is None:
        raise MissingMapping(kind)
    return {"value": item}


def _sales_line(amount: Money, description: str, item: JSON, *, qty: Decimal | None = None,
                price: Money | None = None, service_date: str | None = None) -> JSON:
    detail: JSON = {"ItemRef": item, "TaxCodeRef": NON_TAXABLE}
    # QBO rejects Qty x UnitPrice != Amount (6070): send them only when they agree.
    if qty is not None and price is not None and quantize(qty * price.amount) == amount.amount:
        detail.update(Qty=qty, UnitPrice=price.amount)
    if service_date:
        detail["ServiceDate"] = service_date
    line: JSON = {"DetailType": "SalesItemLineDetail", "Amount": quantize(amount.amount),
                  "SalesItemLineDetail": detail}
    if description:
        line["Description"] = description[:4000]
    return line


def _bill_line(line: BillLine, mapping: ItemMapping) -> JSON:
    return _sales_line(line.total, line.description, _item(mapping, _LINE_KIND[line.kind]),
                       qty=line.quantity, price=line.price,
                       service_date=line.date.isoformat() if line.date else None)


def _discount_line(bill: Bill, settings: SyncSettings, allow_discount: bool) -> JSON:
    if allow_discount:
        return {"DetailType": "DiscountLineDetail", "Amount": quantize(bill.discount.amount),
                "DiscountLineDetail": {"PercentBased": False}}
    return _sales_line(-bill.discount, "Discount", _item(settings.mapping, MappedKind.DISCOUNT))


def _tax_lines(bill: Bill, settings: SyncSettings) -> list[tuple[str | None, JSON]]:
    """Clio's taxes as lines on the mapped tax items, each with the id of the bill line it
    follows (None: at the end). Aggregated: one line per tax. Not aggregated: one after each
    taxed line, the last absorbing Clio's rounding so the tax lines always sum to the bill's
    tax to the cent."""
    lines: list[tuple[str | None, JSON]] = []
    taxes = ((bill.tax, MappedKind.PRIMARY_TAX, settings.primary_tax_label, "tax"),
             (bill.secondary_tax, MappedKind.SECONDARY_TAX, settings.secondary_tax_label,
              "secondary_tax"))
    for amount, kind, label, attribute in taxes:
        if amount.is_zero():
            continue
        item = _item(settings.mapping, kind)
        shares = [] if settings.aggregate_taxes else [
            (ln, getattr(ln, attribute)) for ln in bill.lines if getattr(ln, attribute)]
        remaining = amount
        for i, (bill_line, share) in enumerate(shares):
            part = remaining if i == len(shares) - 1 else share
            remaining = remaining - share
            lines.append((bill_line.id, _sales_line(
                part, f"{label} on {bill_line.description}"[:4000], item)))
        if not shares:
            lines.append((None, _sales_line(amount, label, item)))
    return lines


def invoice(bill: Bill, customer_ref: JSON, settings: SyncSettings,
            allow_discount: bool = True) -> JSON:
    """The QBO Invoice for an approved Clio bill. Its total is the bill's total to the cent:
    lines, less the discount, plus the tax lines."""
    taxes = _tax_lines(bill, settings)
    lines: list[JSON] = []
    for line in bill.lines:
        lines.append(_bill_line(line, settings.mapping))
        lines.extend(tax for after, tax in taxes if after == line.id)
    if not bill.discount.is_zero():
        lines.append(_discount_line(bill, settings, allow_discount))
    lines.extend(tax for after, tax in taxes if after is None)
    doc: JSON = {"DocNumber": bill.number, "TxnDate": bill.issued_at.isoformat(),
                 "CustomerRef": customer_ref, "Line": lines,
                 "PrivateNote": tag(str(bill.ref))}
    if bill.due_at:
        doc["DueDate"] = bill.due_at.isoformat()
    return doc


def invoice_total(document: JSON) -> Decimal:
    """What QBO will compute as TotalAmt for `document` (sales lines less discount lines)."""
    result = Decimal(0)
    for line in document["Line"]:
        sign = -1 if line["DetailType"] == "DiscountLineDetail" else 1
        result += sign * line["Amount"]
    return result


def _linked(source: SourceRef, txn_type: str, amount: Money) -> JSON:
    return {"Amount": quantize(amount.amount),
            "LinkedTxn": [{"TxnId": id_placeholder(source), "TxnType": txn_type}]}


def payment(paid: Payment, settings: SyncSettings) -> JSON:
    """A QBO Payment linked to the invoices a Clio payment pays (its live allocations only,
    so an overpayment's unallocated rest is never counted twice)."""
    per_bill: dict[SourceRef, Money] = {}
    for allocation in paid.live:
        bill_ref = SourceRef(SourceKind.BILL, allocation.bill_id)
        per_bill[bill_ref] = per_bill.get(bill_ref, Money.zero(allocation.amount.currency)) \
            + allocation.amount
    lines = [_linked(ref, "Invoice", amount) for ref, amount in sorted(per_bill.items())]
    doc: JSON = {"CustomerRef": link_placeholder(SourceRef(SourceKind.CONTACT, paid.client_id)),
                 "TxnDate": paid.date.isoformat(),
                 "TotalAmt": sum((line["Amount"] for line in lines), Decimal("0.00")),
                 "PrivateNote": tag(str(paid.ref)), "Line": lines}
    if paid.reference:
        doc["PaymentRefNum"] = paid.reference[:21]
    if settings.payment_account_id:
        doc["DepositToAccountRef"] = {"value": settings.payment_account_id}
    return doc


def credit_memo(note: CreditNote, settings: SyncSettings) -> JSON:
    """A CreditMemo on the mapped credit-note item, numbered with the firm's prefix."""
    line = _sales_line(note.amount, note.description or "Credit note",
                       _item(settings.mapping, MappedKind.CREDIT_NOTE))
    return {"CustomerRef": link_placeholder(SourceRef(SourceKind.CONTACT, note.client_id)),
            "DocNumber": f"{settings.credit_memo_prefix}{note.id}"[:21],
            "TxnDate": note.date.isoformat(), "PrivateNote": tag(str(note.ref)), "Line": [line]}


def credit_application(note: CreditNote) -> JSON:
    """A zero-total Payment linking the invoice and the credit memo: how QBO applies a credit
    to one invoice."""
    lines: list[JSON] = []
    for allocation in note.allocations:
        if not allocation.voided:
            lines.append(_linked(SourceRef(SourceKind.BILL, allocation.bill_id), "Invoice",
                                 allocation.amount))
            lines.append(_linked(note.ref, "CreditMemo", allocation.amount))
    return {"CustomerRef": link_placeholder(SourceRef(SourceKind.CONTACT, note.client_id)),
            "TxnDate": note.date.isoformat(), "TotalAmt": Decimal("0.00"),
            "PrivateNote": tag(str(note.application_ref)), "Line": lines}


_TRUST_LABEL = {TrustTransactionKind.DEPOSIT: "Trust deposit",
                TrustTransactionKind.DISBURSEMENT: "Trust disbursement",
                TrustTransactionKind.BILL_PAYMENT: "Bill paid from trust",
                TrustTransactionKind.TRANSFER: "Trust transfer"}


def _je_line(amount: Money, posting: str, account: str, description: str,
             client: str | None = None) -> JSON:
    detail: JSON = {"PostingType": posting, "AccountRef": {"value": account}}
    if client is not None:
        detail["Entity"] = {"Type": "Customer", "EntityRef": link_placeholder(
            SourceRef(SourceKind.CONTACT, SourceId(client)))}
    return {"DetailType": "JournalEntryLineDetail", "Amount": quantize(amount.amount),
            "Description": description[:4000], "JournalEntryLineDetail": detail}


def journal_entry(txn: TrustTransaction, source: SourceRef, accounts: TrustMapping,
                  names: Mapping[str, str], settings: SyncSettings) -> JSON:
    """Dr trust bank / Cr the client's trust liability for money in, the reverse for money
    out, liability to liability for a transfer. Every liability line names its client."""
    bank, liability = accounts.qbo_bank_account_id, accounts.qbo_liability_account_id
    what = _TRUST_LABEL[txn.kind]
    note = f" {txn.description}" if txn.description else ""

    def describe(client: str, matter: str) -> str:
        return f"{what}: {names.get(client, client)}" + (f", matter {matter}" if matter else "") \
            + ("." if not note else f".{note}")

    client, amount = str(txn.client_id), txn.amount
    if txn.kind is TrustTransactionKind.DEPOSIT:
        lines = [_je_line(amount, "Debit", bank, describe(client, txn.matter)),
                 _je_line(amount, "Credit", liability, describe(client, txn.matter), client)]
    elif txn.kind is TrustTransactionKind.TRANSFER:
        to = str(txn.to_client_id or txn.client_id)
        lines = [_je_line(amount, "Debit", liability, describe(client, txn.matter), client),
                 _je_line(amount, "Credit", liability, describe(to, txn.to_matter), to)]
    else:
        lines = [_je_line(amount, "Debit", liability, describe(client, txn.matter), client),
                 _je_line(amount, "Credit", bank, describe(client, txn.matter))]
    number = f"{settings.journal_prefix}{'OB-' if source.kind is SourceKind.TRUST_OPENING else ''}"
    return {"DocNumber": f"{number}{txn.id}"[:21], "TxnDate": txn.date.isoformat(),
            "PrivateNote": tag(str(source)), "Line": lines}


def _flat_address(address: Any) -> str | None:
    if not isinstance(address, dict):
        return None
    parts = [str(address.get(k) or "") for k in
             ("Line1", "City", "CountrySubDivisionCode", "PostalCode", "Country")]
    return "|".join(parts) if any(parts) else None


def customer_fields(doc: JSON) -> dict[str, str | None]:
    """The contact fields a customer carries, flat, for the three-way merge (the same
    projection of what we pushed, what Clio maps to now, and what QBO holds)."""
    def text(key: str, inner: str) -> str | None:
        value = doc.get(key)
        return str(value.get(inner)) if isinstance(value, dict) and value.get(inner) else None

    return {"given_name": doc.get("GivenName") or None,
            "family_name": doc.get("FamilyName") or None,
            "company_name": doc.get("CompanyName") or None,
            "email": text("PrimaryEmailAddr", "Address"),
            "phone": text("PrimaryPhone", "FreeFormNumber"),
            "mobile": text("Mobile", "FreeFormNumber"), "fax": text("Fax", "FreeFormNumber"),
            "billing": _flat_address(doc.get("BillAddr")),
            "shipping": _flat_address(doc.get("ShipAddr"))}


class QboMapper:
    """The engine's `DocumentMapper` for QBO, closed over the firm's settings."""

    def __init__(self, settings: SyncSettings, allow_discount: bool = True) -> None:
        self._settings = settings
        self._allow_discount = allow_discount

    def customer(self, contact: Contact, display_name: str) -> JSON:
        return customer(contact, display_name)

    def invoice(self, bill: Bill, customer: JSON) -> JSON:
        return invoice(bill, customer, self._settings, self._allow_discount)

    def payment(self, paid: Payment) -> JSON:
        return payment(paid, self._settings)

    def credit_memo(self, note: CreditNote) -> JSON:
        return credit_memo(note, self._settings)

    def credit_application(self, note: CreditNote) -> JSON:
        return credit_application(note)

    def journal_entry(self, txn: TrustTransaction, source: SourceRef, accounts: TrustMapping,
                      names: Mapping[str, str]) -> JSON:
        return journal_entry(txn, source, accounts, names, self._settings)
