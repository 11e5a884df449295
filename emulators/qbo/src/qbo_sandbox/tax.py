"""TaxCode, TaxRate and TaxAgency of a US company that has not set up sales tax.

A new US company carries the two pseudo tax codes ``TAX`` and ``NON`` (their Ids are those
words; lines default to ``NON``) and no tax rate or agency. TaxCode and TaxRate are read-only
through their own endpoints (a POST to them is "Unsupported Operation"): QBO makes them
through TaxService (``POST /taxservice/taxcode``), which creates a tax code and, for each
detail naming no existing TaxRateId, a new rate filed with an existing agency. A TaxAgency
may be created but QBO offers no update for it. Sales tax amounts are still not computed.
"""

from __future__ import annotations

from collections.abc import Callable

from .exceptions import InvalidEnumeration, RequiredParamMissing
from .fields import Realm, check_lengths, resolve_ref, to_decimal
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

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return [(self.name, str(doc.get("Name", "")).casefold())]

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


APPLICABLE_ON = ("Sales", "Purchase")


def _insert(realm: Realm, kind: TaxCodeKind | TaxRateKind, doc: Doc) -> Record:
    """Store an object the API may not POST directly (TaxService makes it)."""
    record = realm.store.insert(kind.name, kind.normalize(realm, doc, None), realm.clock.stamp())
    realm.store.reindex(record, kind.index_keys(record.doc))
    return record


def _rate(realm: Realm, detail: Doc, at: int) -> tuple[Record, Doc]:
    """The rate a TaxRateDetails entry names, or the new one it describes."""
    where = f"TaxRateDetails[{at}]"
    if detail.get("TaxRateId") not in (None, "", 0, "0"):
        rate = resolve_ref(realm, {"value": str(detail["TaxRateId"])}, ("TaxRate",),
                           f"{where}.TaxRateId")
        assert rate is not None
        return rate, {"TaxRateId": rate.id, "TaxRateName": rate.doc.get("Name"),
                      "RateValue": rate.doc.get("RateValue"),
                      "TaxAgencyId": (rate.doc.get("AgencyRef") or {}).get("value"),
                      "TaxApplicableOn": detail.get("TaxApplicableOn") or "Sales"}
    name = str(detail.get("TaxRateName") or "")
    if not name:
        raise RequiredParamMissing(f"{where}.TaxRateName")
    if detail.get("RateValue") in (None, ""):
        raise RequiredParamMissing(f"{where}.RateValue")
    value = to_decimal(detail["RateValue"], f"{where}.RateValue")
    agency = resolve_ref(realm, {"value": str(detail.get("TaxAgencyId") or "")},
                         ("TaxAgency",), f"{where}.TaxAgencyId", required=True)
    assert agency is not None
    applicable = detail.get("TaxApplicableOn") or "Sales"
    if applicable not in APPLICABLE_ON:
        raise InvalidEnumeration(applicable, f"{where}.TaxApplicableOn")
    rate = _insert(realm, TAX_RATE, {"Name": name, "Description": name, "RateValue": value,
                                     "AgencyRef": {"value": agency.id},
                                     "SpecialTaxType": "NONE", "DisplayType": "ReadOnly"})
    return rate, {"TaxRateId": rate.id, "TaxRateName": name, "RateValue": value,
                  "TaxAgencyId": agency.id, "TaxApplicableOn": applicable}


def tax_service(realm: Realm, body: Doc) -> Doc:
    """``POST /taxservice/taxcode``: a new tax code over new or existing rates. The answer
    is TaxService's own shape (no entity envelope): TaxCode, TaxCodeId, TaxRateDetails."""
    name = str(body.get("TaxCode") or "")
    if not name:
        raise RequiredParamMissing("TaxCode")
    details = body.get("TaxRateDetails") or []
    if not isinstance(details, list) or not details:
        raise RequiredParamMissing("TaxRateDetails")
    unique_name(realm, "TaxCode", name, None)
    rates = [_rate(realm, dict(detail), at) for at, detail in enumerate(details)]
    rate_list = {"TaxRateDetail": [
        {"TaxRateRef": {"value": rate.id}, "TaxTypeApplicable": "TaxOnAmount",
         "TaxOrder": 0} for rate, _ in rates]}
    code = _insert(realm, TAX_CODE, {"Name": name, "Description": name, "Taxable": True,
                                     "TaxGroup": True, "SalesTaxRateList": rate_list})
    return {"TaxCode": name, "TaxCodeId": code.id, "TaxRateDetails": [d for _, d in rates]}
