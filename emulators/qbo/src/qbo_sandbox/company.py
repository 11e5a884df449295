"""What a brand-new QBO company contains: Preferences, CompanyInfo, chart of accounts, items.

Preferences follow the structure of conformance/qbo/xml/preferences.xml (as JSON) with the
values of a new US company: custom transaction numbers off, discounts allowed, "warn on
duplicate check number" on and the bill/journal duplicate warnings off. Every section of the
XSD's ``Preferences`` a US company shows is present, the email templates named after the
company; sections QBO only shows with a feature on (AdvancedInventoryPrefs, FinanceChargesPrefs,
PrintDocumentPrefs) are left out as QBO leaves them out. The chart holds the
accounts a law firm's sync needs, trust bank and trust liability included.
"""

from __future__ import annotations

import copy
from typing import Any

from .store import Doc

NET_30 = "3"  # Id of the seeded "Net 30" term (named_lists.TERMS): both forms default to it

CHART: list[tuple[str, str, str]] = [
    ("Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"),
    ("Undeposited Funds", "Other Current Asset", "UndepositedFunds"),
    ("Checking", "Bank", "Checking"),
    ("Services", "Income", "ServiceFeeIncome"),
    ("Reimbursed expense income", "Income", "OtherPrimaryIncome"),
    ("Discounts given", "Income", "DiscountsRefundsGiven"),
    ("Opening Balance Equity", "Equity", "OpeningBalanceEquity"),
    ("Retained Earnings", "Equity", "RetainedEarnings"),
    ("Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable"),
    ("Client Trust Account", "Bank", "TrustAccounts"),
    ("Client Trust Liability", "Other Current Liability", "TrustAccountsLiabilities"),
    ("Uncategorized Income", "Income", "OtherPrimaryIncome"),
    ("Uncategorized Expense", "Expense", "OtherMiscellaneousServiceCost"),
    ("Uncategorized Asset", "Other Current Asset", "OtherCurrentAssets"),
    ("Legal & Professional Fees", "Expense", "LegalProfessionalFees"),
]
# Items of a new company: both Service items booked to the "Services" income account (Id 4).
ITEMS: list[tuple[str, str]] = [("Services", "4"), ("Hours", "4")]


def _custom_field_prefs() -> list[Doc]:
    flags = [{"Name": f"SalesFormsPrefs.UseSalesCustom{n}", "Type": "BooleanType",
              "BooleanValue": False} for n in (1, 2, 3)]
    names = [{"Name": f"SalesFormsPrefs.SalesCustomName{n}", "Type": "StringType",
              "StringValue": ""} for n in (1, 2, 3)]
    return [{"CustomField": flags}, {"CustomField": names}]


OTHER_PREFS: list[tuple[str, str]] = [
    ("SalesFormsPrefs.DefaultCustomerMessage", ""),
    ("SalesFormsPrefs.DefaultItem", "1"),
    ("UncategorizedAssetAccountId", "14"),
    ("UncategorizedIncomeAccountId", "12"),
    ("UncategorizedExpenseAccountId", "13"),
    ("WarnDuplicateCheckNumber", "true"),
    ("WarnDuplicateBillNumber", "false"),
    ("WarnDuplicateJournalNumber", "false"),
    ("DateFormat", "Month Date Year separated by a slash"),
    ("NumberFormat", "US Number Format"),
]


def _email_messages(company: str) -> Doc:
    thanks = f"\n\nThanks for your business!\n{company}"
    appreciate = "Thank you for your business - we appreciate it very much."
    return {
        "InvoiceMessage": {"Subject": f"Invoice from {company}", "Message":
                           "Here's your invoice! We appreciate your prompt payment." + thanks},
        "EstimateMessage": {"Subject": f"Estimate from {company}", "Message":
                            "Please review the estimate below.  Feel free to contact us if you "
                            "have any questions.\nWe look forward to working with you." + thanks},
        "SalesReceiptMessage": {"Subject": f"Sales Receipt from {company}", "Message":
                                f"Your sales receipt is attached.\n{appreciate}{thanks}"},
        "StatementMessage": {"Subject": f"Statement from {company}",
                             "Message": "Your statement is attached.  Please remit payment at "
                             f"your earliest convenience.\n{appreciate}{thanks}"},
    }


def _purchase_custom_fields() -> list[Doc]:
    flags = [{"Name": f"PurchasePrefs.UsePurchaseCustom{n}", "Type": "BooleanType",
              "BooleanValue": False} for n in (1, 2, 3)]
    return [{"CustomField": flags}]


def default_preferences(company: str = "Sandbox Company") -> Doc:
    return {
        "AccountingInfoPrefs": {
            "UseAccountNumbers": False, "TrackDepartments": False,
            "ClassTrackingPerTxn": False, "ClassTrackingPerTxnLine": False,
            "FirstMonthOfFiscalYear": "January", "TaxYearMonth": "January",
            "TaxForm": "6", "CustomerTerminology": "Customers",
        },
        "ProductAndServicesPrefs": {
            "ForSales": True, "ForPurchase": True,
            "QuantityWithPriceAndRate": True, "QuantityOnHand": False,
        },
        "SalesFormsPrefs": {
            "CustomField": _custom_field_prefs(), "CustomTxnNumbers": False,
            "EmailCopyToCompany": False, "AllowDeposit": True, "AllowDiscount": True,
            "AllowEstimates": True, "ETransactionEnabledStatus": "NotApplicable",
            "ETransactionAttachPDF": False, "ETransactionPaymentEnabled": False,
            "IPNSupportEnabled": False, "AllowServiceDate": False, "AllowShipping": False,
            "DefaultTerms": {"value": NET_30},
            "AutoApplyCredit": True, "AutoApplyPayments": True, "UsingPriceLevels": False,
            "DefaultCustomerMessage": "",
        },
        "EmailMessagesPrefs": _email_messages(company),
        "VendorAndPurchasesPrefs": {
            "TrackingByCustomer": False, "BillableExpenseTracking": False,
            "DefaultTerms": {"value": NET_30}, "POCustomField": _purchase_custom_fields(),
        },
        "TimeTrackingPrefs": {
            "UseServices": True, "BillCustomers": True, "ShowBillRateToAll": False,
            "WorkWeekStartDate": "Monday", "TimeTrackingEnabled": True,
            "MarkTimeEntriesBillable": True, "MarkExpensesAsBillable": True,
        },
        "TaxPrefs": {"UsingSalesTax": False, "PartnerTaxEnabled": False},
        "CurrencyPrefs": {"MultiCurrencyEnabled": False, "HomeCurrency": {"value": "USD"}},
        "ReportPrefs": {"ReportBasis": "Accrual", "CalcAgingReportFromTxnDate": False},
        "OtherPrefs": {"NameValue": [{"Name": n, "Value": v} for n, v in OTHER_PREFS]},
    }


def _as_pref_value(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def merge_other_prefs(current: Doc, overrides: Any) -> Doc:
    """OtherPrefs merge by Name; accepts ``{"NameValue": [...]}`` or ``{"Name": value}``."""
    pairs = overrides.get("NameValue") if isinstance(overrides, dict) else None
    if pairs is None and isinstance(overrides, dict):
        pairs = [{"Name": k, "Value": v} for k, v in overrides.items()]
    merged = {nv["Name"]: nv["Value"] for nv in current.get("NameValue", [])}
    for pair in pairs or []:
        merged[str(pair["Name"])] = _as_pref_value(pair.get("Value"))
    return {"NameValue": [{"Name": n, "Value": v} for n, v in merged.items()]}


def merge_preferences(current: Doc, overrides: Doc) -> Doc:
    """Deep-merge ``overrides`` into a copy of ``current`` (lists are replaced whole)."""
    out = copy.deepcopy(current)
    for key, value in overrides.items():
        if key == "OtherPrefs":
            out[key] = merge_other_prefs(out.get(key, {}), value)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_preferences(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def custom_field_definitions(preferences: Doc) -> dict[str, str]:
    """DefinitionId -> name of each sales-form custom field the company turned on."""
    values: dict[str, Any] = {}
    for group in preferences.get("SalesFormsPrefs", {}).get("CustomField", []):
        for field in group.get("CustomField", []):
            values[field.get("Name", "")] = field.get("BooleanValue", field.get("StringValue"))
    out = {}
    for n in (1, 2, 3):
        name = values.get(f"SalesFormsPrefs.SalesCustomName{n}")
        if values.get(f"SalesFormsPrefs.UseSalesCustom{n}") and name:
            out[str(n)] = str(name)
    return out


def company_info(name: str, start_date: str) -> Doc:
    address = {"Id": "1", "Line1": "100 Main Street", "City": "Mountain View",
               "CountrySubDivisionCode": "CA", "PostalCode": "94043", "Country": "US"}
    return {
        "CompanyName": name, "LegalName": name, "CompanyAddr": address,
        "CustomerCommunicationAddr": address, "LegalAddr": address,
        "PrimaryPhone": {}, "CompanyStartDate": start_date,
        "FiscalYearStartMonth": "January", "Country": "US",
        "Email": {"Address": "noreply@example.com"}, "WebAddr": {},
        "SupportedLanguages": "en",
        "NameValue": [{"Name": "NeoEnabled", "Value": "true"},
                      {"Name": "IndustryType", "Value": "Legal Services"},
                      {"Name": "OfferingSku", "Value": "QuickBooks Online Plus"}],
    }
