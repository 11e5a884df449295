"""ExchangeRate: how many units of the home currency one unit of a foreign currency buys on a
date (reference: ExchangeRate entity; multicurrency companies only).

A rate is keyed by (SourceCurrencyCode, AsOfDate) and has no Id of its own at QBO: it is read
with ``GET /exchangerate?sourcecurrencycode=EUR&asofdate=2026-01-31`` (the latest rate on or
before that date; 610 when there is none) and set with ``POST /exchangerate`` (an update when a
rate for that day exists, SyncToken checked as usual, else a new one). SourceCurrencyCode is a
three-letter code other than the home currency, TargetCurrencyCode is the home currency, and
Rate is more than zero. All of it needs ``CurrencyPrefs.MultiCurrencyEnabled`` (6000 otherwise;
wording unverified).
"""

from __future__ import annotations

from .exceptions import BusinessValidation, ObjectNotFound, RequiredParamMissing
from .fields import Realm, to_decimal
from .kinds import EntityKind, register
from .store import Doc, Record

CODE_LENGTH = 3


def require_multicurrency(realm: Realm) -> None:
    if not realm.pref("CurrencyPrefs", "MultiCurrencyEnabled", False):
        raise BusinessValidation(
            "Multicurrency is not turned on for this company. Turn it on in Account and "
            "Settings > Advanced > Currency before setting exchange rates."
        )


def home_currency(realm: Realm) -> str:
    return str((realm.pref("CurrencyPrefs", "HomeCurrency") or {}).get("value") or "USD")


def key(source: str, as_of: str) -> tuple[str, str]:
    return ("ExchangeRate", f"{source.upper()}|{as_of}")


class ExchangeRateKind(EntityKind):
    name = "ExchangeRate"
    default_order = ("AsOfDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        require_multicurrency(realm)
        source = str(doc.get("SourceCurrencyCode") or "").upper()
        if not source:
            raise RequiredParamMissing("SourceCurrencyCode")
        home = home_currency(realm)
        if len(source) != CODE_LENGTH or not source.isalpha() or source == home:
            raise BusinessValidation(
                f"SourceCurrencyCode must be a three-letter currency code other than {home}.",
                "SourceCurrencyCode",
            )
        target = str(doc.get("TargetCurrencyCode") or home).upper()
        if target != home:
            raise BusinessValidation(
                f"TargetCurrencyCode must be the home currency {home}.", "TargetCurrencyCode"
            )
        if doc.get("Rate") is None:
            raise RequiredParamMissing("Rate")
        rate = to_decimal(doc["Rate"], "Rate")
        if rate <= 0:
            raise BusinessValidation("Rate must be more than zero.", "Rate")
        as_of = str(doc.get("AsOfDate") or realm.clock.today().isoformat())
        if old is not None and (source, as_of) != (old.doc["SourceCurrencyCode"],
                                                   old.doc["AsOfDate"]):
            raise BusinessValidation("A rate's currency and date cannot change.", "AsOfDate")
        return {**doc, "SourceCurrencyCode": source, "TargetCurrencyCode": target,
                "Rate": rate, "AsOfDate": as_of}

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return [key(doc["SourceCurrencyCode"], doc["AsOfDate"])]


def existing(realm: Realm, source: str, as_of: str) -> Record | None:
    ids = realm.store.holders(key(source, as_of))
    return realm.store.get("ExchangeRate", min(ids)) if ids else None


def rate_on(realm: Realm, source: str | None, as_of: str | None) -> Record:
    """The rate in force on ``as_of`` (today by default): the latest set on or before it."""
    require_multicurrency(realm)
    if not source:
        raise RequiredParamMissing("sourcecurrencycode")
    day = as_of or realm.clock.today().isoformat()
    rates = [r for r in realm.store.live("ExchangeRate")
             if r.doc["SourceCurrencyCode"] == source.upper() and r.doc["AsOfDate"] <= day]
    if not rates:
        raise ObjectNotFound(f"Object Not Found : no {source.upper()} rate on or before {day}")
    return max(rates, key=lambda r: str(r.doc["AsOfDate"]))


EXCHANGE_RATE = register(ExchangeRateKind())
