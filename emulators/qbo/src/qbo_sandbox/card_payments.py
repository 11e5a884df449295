"""CreditCardPayment: paying down a credit card account from a bank account.

CreditCardAccountRef (a Credit Card account) and BankAccountRef (a Bank account) are required
(2020, 2500, 6430 as for any header account), and Amount must be more than zero (6000, with the
message QBO gives a transfer of nothing). VendorRef optionally names the card company. It can be
deleted; the API offers no void for it.
"""

from __future__ import annotations

from .bills import dated
from .exceptions import BusinessValidation, RequiredParamMissing
from .expense_lines import account_of_type
from .fields import Realm, cents, plain_ref, resolve_ref, to_decimal
from .kinds import USD, EntityKind, register
from .store import Doc, Record


class CreditCardPaymentKind(EntityKind):
    name = "CreditCardPayment"
    deletable = True
    default_order = ("TxnDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        dated(realm, doc)
        for key, account_type in (("CreditCardAccountRef", "Credit Card"),
                                  ("BankAccountRef", "Bank")):
            account = account_of_type(realm, doc.get(key), key, (account_type,))
            assert account is not None
            doc[key] = plain_ref(account)
        if doc.get("Amount") is None:
            raise RequiredParamMissing("Amount")
        doc["Amount"] = cents(to_decimal(doc["Amount"], "Amount"))
        if doc["Amount"] <= 0:
            raise BusinessValidation("You must set a transaction amount.", "Amount")
        vendor = resolve_ref(realm, doc.get("VendorRef"), ("Vendor",), "VendorRef")
        if vendor is not None:
            doc["VendorRef"] = plain_ref(vendor)
        return {"CurrencyRef": USD, **doc}


CREDIT_CARD_PAYMENT = register(CreditCardPaymentKind())
