"""ExchangeRate: read by currency and date, set by POST, queried; multicurrency only."""

from __future__ import annotations

from decimal import Decimal

from .helpers import Api, fault_of


def enable_multicurrency(api: Api) -> None:
    token = api.get("preferences")[1]["Preferences"]["SyncToken"]
    status, payload = api.post("preferences", {"SyncToken": token, "CurrencyPrefs": {
        "MultiCurrencyEnabled": True, "HomeCurrency": {"value": "USD"}}})
    assert status == 200, payload


def set_rate(api: Api, **body: object) -> tuple[int, dict[str, object]]:
    return api.post("exchangerate", body)


def test_exchange_rates_need_multicurrency(api: Api) -> None:
    status, payload = set_rate(api, SourceCurrencyCode="EUR", Rate=1.1, AsOfDate="2026-01-02")
    assert (status, fault_of(payload)["code"]) == (400, "6000")
    status, payload = api.get("exchangerate", sourcecurrencycode="EUR")
    assert (status, fault_of(payload)["code"]) == (400, "6000")


def test_set_read_update_and_query_rates(api: Api) -> None:
    enable_multicurrency(api)
    status, payload = set_rate(api, SourceCurrencyCode="eur", Rate="1.0825",
                               AsOfDate="2026-01-02")
    assert status == 200
    rate = payload["ExchangeRate"]
    assert (rate["SourceCurrencyCode"], rate["TargetCurrencyCode"], rate["Rate"],
            rate["SyncToken"]) == ("EUR", "USD", Decimal("1.0825"), "0")
    set_rate(api, SourceCurrencyCode="EUR", Rate="1.09", AsOfDate="2026-01-05")
    status, payload = api.get("exchangerate", sourcecurrencycode="EUR", asofdate="2026-01-04")
    assert payload["ExchangeRate"]["Rate"] == Decimal("1.0825")  # the latest on or before
    status, payload = api.get("exchangerate", sourcecurrencycode="EUR", asofdate="2026-01-01")
    assert (status, fault_of(payload)["code"]) == (400, "610")
    status, payload = set_rate(api, SourceCurrencyCode="EUR", Rate="1.1",
                               AsOfDate="2026-01-02", SyncToken="0")
    assert status == 200 and payload["ExchangeRate"]["SyncToken"] == "1"
    status, payload = set_rate(api, SourceCurrencyCode="EUR", Rate="1.2",
                               AsOfDate="2026-01-02", SyncToken="0")
    assert (status, fault_of(payload)["code"]) == (400, "5010")
    status, payload = api.query("select * from ExchangeRate where AsOfDate = '2026-01-02'")
    assert [r["Rate"] for r in payload["QueryResponse"]["ExchangeRate"]] == [Decimal("1.1")]


def test_rate_rules(api: Api) -> None:
    enable_multicurrency(api)
    for body, code in [({"Rate": 1}, "2020"), ({"SourceCurrencyCode": "EUR"}, "2020"),
                       ({"SourceCurrencyCode": "USD", "Rate": 1}, "6000"),
                       ({"SourceCurrencyCode": "EUR", "Rate": 0}, "6000"),
                       ({"SourceCurrencyCode": "EUR", "TargetCurrencyCode": "GBP", "Rate": 1},
                        "6000")]:
        status, payload = set_rate(api, **body)
        assert (status, fault_of(payload)["code"]) == (400, code), body
