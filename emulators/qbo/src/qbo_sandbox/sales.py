"""Invoice, CreditMemo and Estimate: sales forms with item lines, one discount line and
computed totals.

Rules (reference §2.4, §2.6): CustomerRef and at least one Line are required; each sales line
needs an Amount and, when both Qty and UnitPrice are sent and non-zero, Qty x UnitPrice must
equal it (6070); a line without ItemRef gets the company's default item; a discount line needs an
amount or a percent (6090) and the AllowDiscount preference; TotalAmt is the sum of item
lines less the discount; QBO adds a SubTotalLineDetail line to every response.
Invoice and CreditMemo post to A/R: Balance is TotalAmt less what payments apply, and they can
be voided; an Invoice's DueDate defaults to TxnDate + 30 days (Net 30). An Estimate posts
nothing and has no Balance: it carries a TxnStatus (Pending by default) and the Invoices it
links to (LinkedTxn, each checked to exist); it can be deleted but not voided.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

from qbo_sandbox import numbering
from qbo_sandbox.exceptions import (
    AmountCalculation,
    BusinessValidation,
    DiscountLineIncomplete,
    InvalidEnumeration,
    InvalidReference,
    RequiredParamMissing,
    UnsupportedOperation,
)
from qbo_sandbox.fields import (
    ZERO,
    Realm,
    assign_line_ids,
    cents,
    check_lengths,
    optional_decimal,
    plain_ref,
    resolve_ref,
    to_decimal,
)
from qbo_sandbox.kinds import USD, EntityKind, register, require_open_period
from qbo_sandbox.store import Doc, Record

NET_DAYS = 30
ITEM_REF = "Line.SalesItemLineDetail.ItemRef"
LINE_TYPES = ("SalesItemLineDetail", "DiscountLineDetail", "DescriptionOnly", "GroupLineDetail")
ESTIMATE_STATUSES = ("Pending", "Accepted", "Closed", "Rejected")


def _item_line(realm: Realm, line: Doc) -> Decimal:
    if line.get("Amount") is None:
        raise RequiredParamMissing("Line.Amount")
    amount = cents(to_decimal(line["Amount"], "Line.Amount"))
    detail = dict(line.get("SalesItemLineDetail") or {})
    ref = detail.get("ItemRef") or {"value": realm.other_pref_value("SalesFormsPrefs.DefaultItem")}
    item = resolve_ref(realm, ref, ("Item",), ITEM_REF, required=True)
    assert item is not None
    if item.doc.get("Type") == "Category":
        raise InvalidReference("Categories cannot be used in transactions.")
    qty = optional_decimal(detail, "Qty", "Line.SalesItemLineDetail.Qty")
    price = optional_decimal(detail, "UnitPrice", "Line.SalesItemLineDetail.UnitPrice")
    # A zero Qty or UnitPrice counts as not given: python-quickbooks sends both as 0 by
    # default and its integration tests create such invoices at Intuit.
    if qty and price and cents(qty * price) != amount:
        raise AmountCalculation(line["Amount"])
    detail["ItemRef"] = plain_ref(item)
    detail.setdefault("TaxCodeRef", {"value": "NON"})
    line["Amount"] = amount
    line["SalesItemLineDetail"] = detail
    check_lengths(line, {"Description": 4000}, "Line.")
    return amount


def _discount_line(realm: Realm, line: Doc, subtotal: Decimal) -> Decimal:
    if not realm.pref("SalesFormsPrefs", "AllowDiscount", True):
        raise BusinessValidation(
            "Discounts are turned off for this company (Account and Settings > Sales).",
            "Line.DiscountLineDetail",
        )
    detail = dict(line.get("DiscountLineDetail") or {})
    percent = optional_decimal(detail, "DiscountPercent", "Line.DiscountLineDetail")
    if detail.get("PercentBased") and percent is not None:
        amount = cents(subtotal * percent / 100)
    elif line.get("Amount") is not None:
        amount = cents(to_decimal(line["Amount"], "Line.Amount"))
    else:
        raise DiscountLineIncomplete()
    ref = detail.get("DiscountAccountRef")
    if ref is None:
        default = realm.account_by_subtype("DiscountsRefundsGiven")
        ref = {"value": default.id} if default else None
    account = resolve_ref(realm, ref, ("Account",), "Line.DiscountLineDetail.DiscountAccountRef",
                          required=True)
    assert account is not None
    detail["DiscountAccountRef"] = plain_ref(account)
    detail.setdefault("PercentBased", False)
    line["Amount"] = amount
    line["DiscountLineDetail"] = detail
    return amount


def process_lines(realm: Realm, lines: list[Doc]) -> tuple[list[Doc], Decimal, Decimal]:
    """Validate sales lines; return (kept lines, item subtotal, discount)."""
    kept: list[Doc] = []
    subtotal = discount = ZERO
    for raw in lines:
        line = dict(raw)
        kind = line.get("DetailType")
        if kind == "SubTotalLineDetail":
            continue  # server-computed; a client echoing it back must not double it
        if not kind:
            raise RequiredParamMissing("Line.DetailType")
        if kind not in LINE_TYPES:
            raise InvalidEnumeration(kind, "Line.DetailType")
        if kind == "GroupLineDetail":
            raise UnsupportedOperation("Group item lines are not supported by this sandbox.")
        if kind == "SalesItemLineDetail":
            subtotal += _item_line(realm, line)
        elif kind == "DiscountLineDetail":
            if discount:
                raise BusinessValidation("Only one discount line is allowed.", "Line")
            discount = _discount_line(realm, line, subtotal)
        else:
            line.pop("Amount", None)
        kept.append(line)
    return kept, subtotal, discount


def _number_lines(lines: list[Doc], old_lines: list[Doc]) -> None:
    assign_line_ids(lines, old_lines)
    for position, line in enumerate(lines, start=1):
        line["LineNum"] = position


class SalesFormKind(EntityKind):
    """Shared rules of every sales form: customer, lines, totals, number, addresses, custom
    fields and the SubTotalLineDetail line of responses."""

    deletable = True
    readonly = frozenset({"TotalAmt", "HomeTotalAmt"})
    default_order = ("TxnDate", True)
    defaults: ClassVar[Doc] = {}

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        customer = resolve_ref(realm, doc.get("CustomerRef"), ("Customer",), "CustomerRef",
                               required=True)
        assert customer is not None
        doc["CustomerRef"] = plain_ref(customer)
        if not doc.get("Line"):
            raise RequiredParamMissing("Line")
        if not isinstance(doc["Line"], list):
            raise InvalidEnumeration("Line", "Line")
        check_lengths(doc, {"PrivateNote": 4000})
        check_lengths(doc.get("CustomerMemo") or {}, {"value": 1000}, "CustomerMemo.")
        doc.setdefault("TxnDate", realm.clock.today().isoformat())
        require_open_period(realm, doc["TxnDate"])
        numbering.assign(realm, self.name, doc, old, auto=True)
        lines, subtotal, discount = process_lines(realm, doc["Line"])
        _number_lines(lines, old.doc.get("Line", []) if old else [])
        total = subtotal - discount
        if total < 0:
            raise BusinessValidation("The transaction total cannot be negative.", "TotalAmt")
        doc["Line"] = lines
        doc["TotalAmt"] = total
        self._addresses(customer, doc)
        self._custom_fields(realm, doc)
        return {"CurrencyRef": USD, **self.defaults, **doc}

    def _addresses(self, customer: Record, doc: Doc) -> None:
        for key in ("BillAddr", "ShipAddr"):
            if key not in doc and isinstance(customer.doc.get(key), dict):
                doc[key] = dict(customer.doc[key])

    def _custom_fields(self, realm: Realm, doc: Doc) -> None:
        """Keep only fields the company defined (unknown DefinitionIds are dropped, as QBO
        does) and echo each definition's name."""
        sent = {str(f.get("DefinitionId")): f for f in doc.get("CustomField") or []}
        fields = []
        for definition_id, name in realm.custom_field_definitions().items():
            field = {"DefinitionId": definition_id, "Name": name, "Type": "StringType"}
            value = sent.get(definition_id, {}).get("StringValue")
            if value not in (None, ""):
                field["StringValue"] = str(value)[:31]
            fields.append(field)
        doc["CustomField"] = fields

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return numbering.index_key(self.name, doc)

    def check_update(self, realm: Realm, record: Record) -> None:
        if record.voided:
            raise BusinessValidation("A voided transaction cannot be changed.")

    def view(self, realm: Realm, record: Record) -> Doc:
        out = dict(record.doc)
        lines = [dict(line) for line in out.get("Line", [])]
        subtotal = sum(
            (line["Amount"] for line in lines if line.get("DetailType") == "SalesItemLineDetail"),
            ZERO,
        )
        at = next((i for i, line in enumerate(lines)
                   if line.get("DetailType") == "DiscountLineDetail"), len(lines))
        lines.insert(at, {"Amount": subtotal, "DetailType": "SubTotalLineDetail",
                          "SubTotalLineDetail": {}})
        out["Line"] = lines
        return out


class ReceivableFormKind(SalesFormKind):
    """Invoice and CreditMemo: they post to A/R, carry a Balance and can be voided."""

    voidable = True
    readonly = SalesFormKind.readonly | {"Balance", "HomeBalance", "RemainingCredit",
                                         "LinkedTxn"}

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        out = super().normalize(realm, doc, old)
        out["Balance"] = out["TotalAmt"] - applied_total(old)
        if out["Balance"] < 0:
            raise BusinessValidation(
                "The total cannot be less than the amount already applied to it.", "Line"
            )
        return out

    def check_delete(self, realm: Realm, record: Record) -> None:
        if applied_total(record):
            raise BusinessValidation(
                "This transaction has payments or credits applied. Remove them first."
            )

    def void(self, realm: Realm, record: Record) -> Doc:
        self.check_delete(realm, record)
        require_open_period(realm, record.doc.get("TxnDate"))
        doc = dict(record.doc)
        doc["Line"] = [{**line, "Amount": ZERO} if "Amount" in line else dict(line)
                       for line in doc.get("Line", [])]
        doc["TotalAmt"] = doc["Balance"] = ZERO
        note = doc.get("PrivateNote")
        doc["PrivateNote"] = f"Voided - {note}" if note else "Voided"
        return doc


def applied_total(record: Record | None) -> Decimal:
    """What payments currently apply to ``record`` (kept in ``record.extra`` by Payment)."""
    if record is None:
        return ZERO
    applied: dict[str, Decimal] = record.extra.get("applied", {})
    return sum(applied.values(), ZERO)


def refresh_applied(record: Record) -> None:
    """Recompute Balance (and the read-only LinkedTxn list) after payments changed."""
    applied: dict[str, Decimal] = record.extra.get("applied", {})
    record.doc["Balance"] = record.doc.get("TotalAmt", ZERO) - sum(applied.values(), ZERO)
    if record.kind == "CreditMemo":
        record.doc["RemainingCredit"] = record.doc["Balance"]
    record.doc["LinkedTxn"] = [{"TxnId": pid, "TxnType": "Payment"} for pid in applied]


class InvoiceKind(ReceivableFormKind):
    name = "Invoice"
    defaults: ClassVar[Doc] = {
        "AllowIPNPayment": False,
        "AllowOnlinePayment": False,
        "AllowOnlineCreditCardPayment": False,
        "AllowOnlineACHPayment": False,
        "LinkedTxn": [],
        "TxnTaxDetail": {"TotalTax": ZERO},
        "ApplyTaxAfterDiscount": False,
        "PrintStatus": "NeedToPrint",
        "EmailStatus": "NotSet",
    }

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        out = super().normalize(realm, doc, old)
        if not out.get("DueDate"):
            txn_date = date.fromisoformat(str(out["TxnDate"]))
            out["DueDate"] = (txn_date + timedelta(days=NET_DAYS)).isoformat()
        if old is not None:
            out["LinkedTxn"] = old.doc.get("LinkedTxn", [])
        return out


class CreditMemoKind(ReceivableFormKind):
    name = "CreditMemo"
    defaults: ClassVar[Doc] = {
        "TxnTaxDetail": {"TotalTax": ZERO},
        "ApplyTaxAfterDiscount": False,
        "PrintStatus": "NeedToPrint",
        "EmailStatus": "NotSet",
    }

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        out = super().normalize(realm, doc, old)
        out["RemainingCredit"] = out["Balance"]
        return out


class EstimateKind(SalesFormKind):
    """A quote: a sales form that posts nothing (not in the ledger), has no Balance and is
    never voided. TxnStatus is Pending until the client says otherwise; LinkedTxn names the
    Invoices made from it."""

    name = "Estimate"
    defaults: ClassVar[Doc] = {
        "TxnStatus": "Pending",
        "TxnTaxDetail": {"TotalTax": ZERO},
        "ApplyTaxAfterDiscount": False,
        "PrintStatus": "NeedToPrint",
        "EmailStatus": "NotSet",
    }

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        out = super().normalize(realm, doc, old)
        if out.get("TxnStatus") in (None, ""):
            out["TxnStatus"] = "Pending"
        if out["TxnStatus"] not in ESTIMATE_STATUSES:
            raise InvalidEnumeration(out["TxnStatus"], "TxnStatus")
        linked = [self._linked_invoice(realm, link) for link in out.pop("LinkedTxn", None) or []]
        if linked:
            out["LinkedTxn"] = linked
        return out

    def _linked_invoice(self, realm: Realm, link: object) -> Doc:
        if not isinstance(link, dict):
            raise RequiredParamMissing("LinkedTxn.TxnId")
        if str(link.get("TxnType", "Invoice")) != "Invoice":
            raise InvalidEnumeration(link.get("TxnType"), "LinkedTxn.TxnType")
        invoice = resolve_ref(realm, link.get("TxnId"), ("Invoice",), "LinkedTxn.TxnId",
                              required=True)
        assert invoice is not None
        return {"TxnId": invoice.id, "TxnType": "Invoice"}


INVOICE = register(InvoiceKind())
CREDIT_MEMO = register(CreditMemoKind())
ESTIMATE = register(EstimateKind())
