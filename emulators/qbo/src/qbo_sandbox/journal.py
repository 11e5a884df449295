"""JournalEntry, Deposit and Transfer: the banking and general-ledger transactions.

JournalEntry (reference §2.7): debits must equal credits (6000), amounts are positive, A/R
lines need a Customer and A/P lines a Vendor as ``Entity``; duplicate numbers trip 6140 when
``WarnDuplicateJournalNumber`` is on. Deposit (§2.8): into a Bank or Other Current Asset
account, lines either link Undeposited-Funds payments or post to an account directly.
Transfer: between two asset accounts, positive amount.
"""

from __future__ import annotations

from decimal import Decimal

from . import numbering
from .exceptions import (
    BusinessValidation,
    InvalidAccountType,
    InvalidEnumeration,
    InvalidReference,
    RequiredParamMissing,
)
from .fields import (
    ZERO,
    Realm,
    assign_line_ids,
    cents,
    check_lengths,
    plain_ref,
    resolve_ref,
    to_decimal,
)
from .kinds import USD, EntityKind, register, require_open_period
from .store import Doc, Record

ENTITY_TYPES = ("Customer", "Vendor", "Employee")
JE_DETAIL = "Line.JournalEntryLineDetail"


def _amount(line: Doc) -> Decimal:
    if line.get("Amount") is None:
        raise RequiredParamMissing("Line.Amount")
    amount = cents(to_decimal(line["Amount"], "Line.Amount"))
    if amount < 0:
        raise BusinessValidation("Line amounts cannot be negative.", "Line.Amount")
    return amount


def _account(realm: Realm, ref: object, element: str) -> Record:
    account = resolve_ref(realm, ref, ("Account",), element, required=True)
    assert account is not None
    return account


def _entity(realm: Realm, entity: object, element: str) -> Doc | None:
    if not isinstance(entity, dict):
        return None
    entity_type = str(entity.get("Type") or "")
    if entity_type not in ENTITY_TYPES:
        raise InvalidEnumeration(entity_type, f"{element}.Type")
    record = resolve_ref(realm, entity.get("EntityRef"), (entity_type,), f"{element}.EntityRef",
                         required=True)
    assert record is not None
    return {"Type": entity_type, "EntityRef": plain_ref(record)}


def _reference_entity(realm: Realm, entity: object) -> Doc | None:
    """A deposit line's Entity is a plain reference with a ``type`` (Finance.xsd
    ``ReferenceType``), unlike a journal line's ``{Type, EntityRef}``; both are accepted."""
    if not isinstance(entity, dict):
        return None
    if "EntityRef" in entity:
        entity = {**entity["EntityRef"], "type": entity.get("Type")}
    element = "Line.DepositLineDetail.Entity"
    entity_type = str(entity.get("type") or "Customer").capitalize()
    if entity_type not in ENTITY_TYPES:
        raise InvalidEnumeration(entity.get("type"), element)
    record = resolve_ref(realm, entity, (entity_type,), element, required=True)
    assert record is not None
    return {"value": record.id, "type": entity_type.upper()}


def _header(realm: Realm, doc: Doc) -> None:
    if not doc.get("Line"):
        raise RequiredParamMissing("Line")
    check_lengths(doc, {"PrivateNote": 4000})
    doc.setdefault("TxnDate", realm.clock.today().isoformat())
    require_open_period(realm, doc["TxnDate"])


class JournalEntryKind(EntityKind):
    name = "JournalEntry"
    deletable = True
    readonly = frozenset({"TotalAmt", "HomeTotalAmt"})
    default_order = ("TxnDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        _header(realm, doc)
        numbering.assign(realm, self.name, doc, old, auto=False)
        totals = {"Debit": ZERO, "Credit": ZERO}
        lines = [self._line(realm, dict(line), totals) for line in doc["Line"]]
        if totals["Debit"] != totals["Credit"]:
            raise BusinessValidation(
                "Transaction is not balanced: total debits "
                f"{totals['Debit']} do not equal total credits {totals['Credit']}.", "Line"
            )
        assign_line_ids(lines, old.doc.get("Line", []) if old else [], first=0)
        doc["Line"] = lines
        doc["TotalAmt"] = totals["Debit"]  # QBO reports a journal entry's size as its debits
        return {"CurrencyRef": USD, "Adjustment": False, "TxnTaxDetail": {}, **doc}

    def _line(self, realm: Realm, line: Doc, totals: dict[str, Decimal]) -> Doc:
        if line.get("DetailType") != "JournalEntryLineDetail":
            raise InvalidEnumeration(line.get("DetailType"), "Line.DetailType")
        amount = _amount(line)
        detail = dict(line.get("JournalEntryLineDetail") or {})
        posting = detail.get("PostingType")
        if not posting:
            raise RequiredParamMissing(f"{JE_DETAIL}.PostingType")
        if posting not in totals:
            raise InvalidEnumeration(posting, f"{JE_DETAIL}.PostingType")
        account = _account(realm, detail.get("AccountRef"), f"{JE_DETAIL}.AccountRef")
        detail["AccountRef"] = plain_ref(account)
        entity = _entity(realm, detail.get("Entity"), f"{JE_DETAIL}.Entity")
        detail.pop("Entity", None)
        if entity is not None:
            detail["Entity"] = entity
        self._check_entity(account, entity)
        totals[posting] += amount
        check_lengths(line, {"Description": 4000}, "Line.")
        return {**line, "Amount": amount, "JournalEntryLineDetail": detail}

    def _check_entity(self, account: Record, entity: Doc | None) -> None:
        account_type = account.doc.get("AccountType")
        kind = entity["Type"] if entity else None
        if account_type == "Accounts Receivable" and kind != "Customer":
            raise BusinessValidation(
                "When you use Accounts Receivable, you must choose a customer in the Name "
                "field.", JE_DETAIL
            )
        if account_type == "Accounts Payable" and kind != "Vendor":
            raise BusinessValidation(
                "When you use Accounts Payable, you must select a vendor in the Name field.",
                JE_DETAIL,
            )

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return numbering.index_key(self.name, doc)


class DepositKind(EntityKind):
    name = "Deposit"
    deletable = True
    readonly = frozenset({"TotalAmt", "HomeTotalAmt"})
    default_order = ("TxnDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        _header(realm, doc)
        account = _account(realm, doc.get("DepositToAccountRef"), "DepositToAccountRef")
        if account.doc.get("AccountType") not in ("Bank", "Other Current Asset"):
            raise InvalidAccountType(
                "DepositToAccountRef must be a Bank or Other Current Asset account",
                "DepositToAccountRef",
            )
        doc["DepositToAccountRef"] = plain_ref(account)
        lines = [self._line(realm, dict(line), old) for line in doc["Line"]]
        assign_line_ids(lines, old.doc.get("Line", []) if old else [])
        doc["Line"] = lines
        doc["TotalAmt"] = sum((line["Amount"] for line in lines), ZERO)
        return {"CurrencyRef": USD, **doc}

    def _line(self, realm: Realm, line: Doc, old: Record | None) -> Doc:
        amount = _amount(line)
        linked = line.get("LinkedTxn") or []
        if linked:
            payment = realm.lookup(("Payment",), str(linked[0].get("TxnId")))
            if payment is None or payment.deleted or payment.voided:
                raise InvalidReference("Line.LinkedTxn.TxnId")
            owner = payment.extra.get("deposited_by")
            if owner and (old is None or owner != old.id):
                raise BusinessValidation("This payment has already been deposited.", "Line")
            if amount != payment.doc["TotalAmt"]:
                raise BusinessValidation(
                    "The deposit line amount must equal the linked payment.", "Line.Amount"
                )
            return {**line, "Amount": amount, "LinkedTxn": [
                {"TxnId": payment.id, "TxnType": "Payment", "TxnLineId": "0"}]}
        detail = dict(line.get("DepositLineDetail") or {})
        account = _account(realm, detail.get("AccountRef"), "Line.DepositLineDetail.AccountRef")
        detail["AccountRef"] = plain_ref(account)
        entity = _reference_entity(realm, detail.pop("Entity", None))
        if entity is not None:
            detail["Entity"] = entity
        return {**line, "Amount": amount, "DetailType": "DepositLineDetail",
                "DepositLineDetail": detail}

    def after_write(self, realm: Realm, record: Record, old_doc: Doc | None) -> None:
        before = set(_deposited(old_doc)) if old_doc else set()
        after = set() if record.deleted else set(_deposited(record.doc))
        for payment_id in before - after:
            payment = realm.store.get("Payment", payment_id)
            if payment is not None:
                payment.extra.pop("deposited_by", None)
        for payment_id in after:
            payment = realm.store.get("Payment", payment_id)
            if payment is not None:
                payment.extra["deposited_by"] = record.id


def _deposited(doc: Doc) -> list[str]:
    return [str(linked["TxnId"]) for line in doc.get("Line") or []
            for linked in line.get("LinkedTxn") or [] if linked.get("TxnType") == "Payment"]


class TransferKind(EntityKind):
    name = "Transfer"
    deletable = True
    default_order = ("TxnDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        check_lengths(doc, {"PrivateNote": 4000})
        doc.setdefault("TxnDate", realm.clock.today().isoformat())
        require_open_period(realm, doc["TxnDate"])
        accounts = {}
        for key in ("FromAccountRef", "ToAccountRef"):
            account = _account(realm, doc.get(key), key)
            if account.doc.get("Classification") != "Asset":
                raise BusinessValidation("Both transfer accounts must be asset accounts.", key)
            accounts[key] = account
            doc[key] = plain_ref(account)
        if accounts["FromAccountRef"] is accounts["ToAccountRef"]:
            raise BusinessValidation("Transfer accounts must differ.", "ToAccountRef")
        if doc.get("Amount") is None:
            raise RequiredParamMissing("Amount")
        doc["Amount"] = cents(to_decimal(doc["Amount"], "Amount"))
        if doc["Amount"] <= 0:
            raise BusinessValidation("You must set a transaction amount.", "Amount")
        return {"CurrencyRef": USD, **doc}


JOURNAL_ENTRY = register(JournalEntryKind())
DEPOSIT = register(DepositKind())
TRANSFER = register(TransferKind())
