"""TaxCode, TaxRate and TaxAgency of a US company that has not set up sales tax.

A new US company carries the two pseudo tax codes ``TAX`` and ``NON`` (their Ids are those
words; lines default to ``NON``) and no tax rate or agency. TaxCode and TaxRate are read-only
through their own endpoints: QBO makes them through TaxService, which this sandbox does not
model, so a POST to them is "Unsupported Operation". A TaxAgency may be created but QBO
offers no update for it.
"""

from __future__ import annotations

from collections.abc import Callable

from .exceptions import RequiredParamMissing
from .fields import Realm, check_lengths
from .kinds import EntityKind, register
from .named_lists import unique_name
from .store import Doc, Record

PSEUDO_TAX_CODES = ("TAX", "NON")  # Ids that are not numbers: reads must accept them
_NO_RATES: Doc = {"TaxRateDetail": []}


class TaxCodeKind(EntityKind):
    name = "TaxCode"
    list_entity = True
    creatable = False
    updatable = False
    default_order = ("Name", False)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        return {"Active": True, "Hidden": False, "TaxGroup": False,
                "SalesTaxRateList": dict(_NO_RATES), "PurchaseTaxRateList": dict(_NO_RATES),
                **doc}


class TaxRateKind(EntityKind):
    name = "TaxRate"
    list_entity = True
    creatable = False
    updatable = False
    default_order = ("Name", False)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        return {"Active": True, **doc}


class TaxAgencyKind(EntityKind):
    name = "TaxAgency"
    updatable = False
    default_order = ("DisplayName", False)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        name = str(doc.get("DisplayName") or "")
        if not name.strip():
            raise RequiredParamMissing("DisplayName")
        check_lengths(doc, {"DisplayName": 100, "TaxRegistrationNumber": 30})
        unique_name(realm, self.name, name, old)
        return {"DisplayName": name, "TaxTrackedOnSales": True,
                "TaxTrackedOnPurchases": False, **doc}

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return [(self.name, str(doc.get("DisplayName", "")).casefold())]


TAX_CODE = register(TaxCodeKind())
TAX_RATE = register(TaxRateKind())
TAX_AGENCY = register(TaxAgencyKind())


def seed_tax_codes(seed: Callable[[str, Doc], Record]) -> None:
    """The pseudo codes every US company has, stored under the Ids ``TAX`` and ``NON``."""
    for code, taxable in (("TAX", True), ("NON", False)):
        seed("TaxCode", {"Id": code, "Name": code, "Description": code, "Taxable": taxable})
