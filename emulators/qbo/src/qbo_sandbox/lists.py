"""Item and Account: list objects with unique names, deactivated (never deleted).

Account rules follow reference §2.3 and Finance.xsd (``AccountTypeEnum``,
``AccountSubTypeEnum``); Classification is derived from the type; CurrentBalance comes from
the ledger. Item rules follow §2.2: Type is required, Service/Inventory items need an income
account, names are unique among items.
"""

from __future__ import annotations

from decimal import Decimal

from .exceptions import (
    AccountTypeMissing,
    BusinessValidation,
    DuplicateName,
    InvalidAccountType,
    InvalidEnumeration,
    RequiredParamMissing,
)
from .fields import Realm, check_lengths, plain_ref, resolve_ref
from .kinds import USD, EntityKind, register
from .store import Doc, Record

CLASSIFICATION = {
    "Bank": "Asset",
    "Accounts Receivable": "Asset",
    "Other Current Asset": "Asset",
    "Fixed Asset": "Asset",
    "Other Asset": "Asset",
    "Accounts Payable": "Liability",
    "Credit Card": "Liability",
    "Other Current Liability": "Liability",
    "Long Term Liability": "Liability",
    "Equity": "Equity",
    "Income": "Revenue",
    "Other Income": "Revenue",
    "Cost of Goods Sold": "Expense",
    "Expense": "Expense",
    "Other Expense": "Expense",
    "Non-Posting": "Asset",
}
DEFAULT_SUBTYPE = {
    "Bank": "Checking",
    "Accounts Receivable": "AccountsReceivable",
    "Other Current Asset": "OtherCurrentAssets",
    "Fixed Asset": "OtherFixedAssets",
    "Other Asset": "OtherLongTermAssets",
    "Accounts Payable": "AccountsPayable",
    "Credit Card": "CreditCard",
    "Other Current Liability": "OtherCurrentLiabilities",
    "Long Term Liability": "OtherLongTermLiabilities",
    "Equity": "OwnersEquity",
    "Income": "ServiceFeeIncome",
    "Other Income": "OtherMiscellaneousIncome",
    "Cost of Goods Sold": "SuppliesMaterialsCogs",
    "Expense": "OtherBusinessExpenses",
    "Other Expense": "OtherMiscellaneousExpense",
}
_SUBTYPES_OF = {
    "Bank": "CashOnHand Checking MoneyMarket RentsHeldInTrust Savings TrustAccounts "
    "CashAndCashEquivalents OtherEarmarkedBankAccounts",
    "Other Current Asset": "UndepositedFunds OtherCurrentAssets PrepaidExpenses Inventory "
    "AllowanceForBadDebts EmployeeCashAdvances LoansToOfficers LoansToOthers Retainage",
    "Other Current Liability": "TrustAccountsLiabilities OtherCurrentLiabilities "
    "SalesTaxPayable PayrollTaxPayable LineOfCredit LoanPayable InsurancePayable "
    "RentsInTrustLiability DirectDepositPayable PrepaidExpensesPayable",
    "Income": "ServiceFeeIncome OtherPrimaryIncome DiscountsRefundsGiven SalesOfProductIncome "
    "NonProfitIncome UnappliedCashPaymentIncome",
    "Equity": "OpeningBalanceEquity RetainedEarnings OwnersEquity PartnersEquity CommonStock "
    "PaidInCapitalOrSurplus PartnerContributions PartnerDistributions",
    "Accounts Receivable": "AccountsReceivable",
    "Accounts Payable": "AccountsPayable",
    "Credit Card": "CreditCard",
}
TYPE_OF_SUBTYPE = {sub: kind for kind, subs in _SUBTYPES_OF.items() for sub in subs.split()}
ITEM_TYPES = ("Service", "NonInventory", "Inventory", "Category", "Group")
NEEDS_INCOME = ("Service", "Inventory")


def _unique_name(realm: Realm, kind: str, value: str, own: Record | None) -> None:
    holders = realm.store.holders((kind, value.casefold()))
    if holders - ({own.id} if own is not None else set()):
        raise DuplicateName()


def _no_colon(value: str, element: str, quotes: bool = False) -> None:
    if ":" in value or (quotes and '"' in value):
        raise BusinessValidation(f"The {element} cannot contain a colon (:) or quotes.", element)


class AccountKind(EntityKind):
    name = "Account"
    list_entity = True
    readonly = frozenset(
        {"FullyQualifiedName", "Classification", "CurrentBalance",
         "CurrentBalanceWithSubAccounts", "SubAccount"}
    )
    default_order = ("FullyQualifiedName", False)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        name = str(doc.get("Name") or "")
        if not name:
            raise RequiredParamMissing("Name")
        check_lengths(doc, {"Name": 100, "AcctNum": 20, "Description": 100})
        _no_colon(name, "Name", quotes=True)
        _no_colon(str(doc.get("AcctNum") or ""), "AcctNum")
        _unique_name(realm, "Account", name, old)
        self._types(doc)
        parent = resolve_ref(realm, doc.get("ParentRef"), ("Account",), "ParentRef")
        if parent is not None:
            doc["ParentRef"] = plain_ref(parent)
        else:
            doc.pop("ParentRef", None)
        return {"Name": name, "SubAccount": parent is not None, "Active": True,
                "CurrencyRef": USD, **doc}

    def _types(self, doc: Doc) -> None:
        account_type, subtype = doc.get("AccountType"), doc.get("AccountSubType")
        if not account_type and not subtype:
            raise AccountTypeMissing()
        if account_type and account_type not in CLASSIFICATION:
            raise InvalidEnumeration(account_type, "AccountType")
        if subtype and not account_type:
            if subtype not in TYPE_OF_SUBTYPE:
                raise InvalidEnumeration(subtype, "AccountSubType")
            account_type = TYPE_OF_SUBTYPE[subtype]
        known_type = TYPE_OF_SUBTYPE.get(str(subtype))
        if subtype and known_type and known_type != account_type:
            raise InvalidEnumeration(subtype, "AccountSubType")
        doc["AccountType"] = account_type
        doc["AccountSubType"] = subtype or DEFAULT_SUBTYPE.get(str(account_type), "")
        doc["Classification"] = CLASSIFICATION[str(account_type)]

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return [("Account", str(doc.get("Name", "")).casefold())]

    def fully_qualified_name(self, realm: Realm, record: Record) -> str:
        parent_id = (record.doc.get("ParentRef") or {}).get("value")
        parent = realm.store.get("Account", str(parent_id)) if parent_id else None
        own = str(record.doc.get("Name", ""))
        return own if parent is None else f"{self.fully_qualified_name(realm, parent)}:{own}"

    def view(self, realm: Realm, record: Record) -> Doc:
        out = dict(record.doc)
        out["FullyQualifiedName"] = self.fully_qualified_name(realm, record)
        balance, with_subs = realm.account_balance(record.id)
        out["CurrentBalance"] = balance
        out["CurrentBalanceWithSubAccounts"] = with_subs
        return out


class ItemKind(EntityKind):
    name = "Item"
    list_entity = True
    readonly = frozenset({"FullyQualifiedName", "Level", "SubItem"})
    default_order = ("Name", False)
    # QBO's "SELECT * FROM Item" omits Sku; reads return it (python-quickbooks issue 373,
    # fixed in 0.9.12 by sending "SELECT *, Sku").
    opt_in = frozenset({"Sku"})

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        name = str(doc.get("Name") or "")
        if not name:
            raise RequiredParamMissing("Name")
        check_lengths(doc, {"Name": 100, "Description": 4000, "Sku": 100})
        _no_colon(name, "Name")
        _unique_name(realm, "Item", name, old)
        item_type = doc.get("Type")
        if not item_type:
            raise RequiredParamMissing("Type")
        if item_type not in ITEM_TYPES:
            raise InvalidEnumeration(item_type, "Type")
        if item_type == "Group" and old is None:
            raise BusinessValidation("Creating a Group item is not supported.", "Type")
        self._accounts(realm, doc, str(item_type))
        defaults: Doc = {"Active": True, "Taxable": False}
        if item_type != "Category":
            defaults |= {"UnitPrice": Decimal(0), "PurchaseCost": Decimal(0),
                         "TrackQtyOnHand": False}
        return {"Name": name, **defaults, **doc}

    def _accounts(self, realm: Realm, doc: Doc, item_type: str) -> None:
        required = item_type in NEEDS_INCOME
        for key in ("IncomeAccountRef", "ExpenseAccountRef", "AssetAccountRef"):
            account = resolve_ref(
                realm, doc.get(key), ("Account",), key, required and key == "IncomeAccountRef"
            )
            if account is None:
                doc.pop(key, None)
                continue
            if account.doc.get("AccountType") in ("Accounts Receivable", "Accounts Payable"):
                raise InvalidAccountType(f"{key} cannot be an A/R or A/P account", key)
            doc[key] = plain_ref(account)

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return [("Item", str(doc.get("Name", "")).casefold())]

    def view(self, realm: Realm, record: Record) -> Doc:
        out = dict(record.doc)
        out["FullyQualifiedName"] = out.get("Name")
        return out


ACCOUNT = register(AccountKind())
ITEM = register(ItemKind())
