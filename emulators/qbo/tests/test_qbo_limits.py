"""Per-realm throttling (10/s, 500/min, 40 batches/min), its time scale, and the peak rates
and refusals that tests and benchmarks read from ``GET /_sandbox/realms/{id}/requests``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig

from .helpers import Api, new_company

BATCH = {"BatchItemRequest": [{"bId": "1", "Query": "select * from Item"}]}


@pytest.fixture
def limited(request: pytest.FixtureRequest) -> Iterator[Api]:
    config = QboSandboxConfig(enforce_rate_limits=True, **getattr(request, "param", {}))
    with TestClient(create_app(config)) as client:
        yield new_company(client)


def counters(api: Api) -> dict[str, Any]:
    result: dict[str, Any] = api.client.get(f"/_sandbox/realms/{api.realm_id}/requests").json()
    return result


def call(api: Api) -> int:
    status: int = api.client.get(f"{api.base}/preferences", headers=api.headers).status_code
    return status


def advance(api: Api, seconds: float) -> None:
    api.client.post("/_sandbox/clock", json={"advance_s": seconds})


def test_peaks_show_a_client_that_went_too_fast(api: Api) -> None:
    for _ in range(12):
        call(api)
    seen = counters(api)
    assert (seen["max_per_second"], seen["max_per_minute"]) == (12, 12)
    assert seen["max_per_second"] > seen["limits"]["requests_per_second"]
    assert seen["rejected"]["total"] == 0 and seen["limits"]["enforced"] is False


def test_a_paced_client_stays_under_every_limit(limited: Api) -> None:
    for _ in range(30):
        assert call(limited) == 200
        advance(limited, 0.2)  # five calls a second
    seen = counters(limited)
    limits = seen["limits"]
    assert seen["max_per_second"] <= limits["requests_per_second"]
    assert seen["max_per_minute"] <= limits["requests_per_minute"]
    assert seen["rejected"]["total"] == 0 and seen["total"] == 30


def test_per_second_limit(limited: Api) -> None:
    assert [call(limited) for _ in range(11)] == [200] * 10 + [429]
    assert counters(limited)["rejected"] == {
        "total": 1, "per_second": 1, "per_minute": 0, "batches_per_minute": 0}
    advance(limited, 1)
    assert call(limited) == 200


@pytest.mark.parametrize("limited", [{"requests_per_second": 1000}], indirect=True)
def test_per_minute_limit(limited: Api) -> None:
    statuses = [call(limited) for _ in range(501)]
    assert statuses.count(200) == 500 and statuses[-1] == 429
    assert counters(limited)["rejected"]["per_minute"] == 1
    advance(limited, 60)
    assert call(limited) == 200


@pytest.mark.parametrize("limited", [{"batches_per_minute": 2}], indirect=True)
def test_batch_calls_per_minute(limited: Api) -> None:
    statuses = [limited.post("batch", BATCH)[0] for _ in range(2)]
    third = limited.client.post(f"{limited.base}/batch", json=BATCH, headers=limited.headers)
    assert statuses == [200, 200] and third.status_code == 429
    seen = counters(limited)
    assert seen["rejected"]["batches_per_minute"] == 1 and seen["max_batches_per_minute"] == 3
    assert call(limited) == 200  # plain calls are still allowed


@pytest.mark.parametrize("limited", [{"time_scale": 60.0, "requests_per_minute": 20,
                                      "requests_per_second": 1000}], indirect=True)
def test_time_scale_compresses_the_minute(limited: Api) -> None:
    statuses = [call(limited) for _ in range(21)]
    assert statuses.count(200) == 20 and statuses[-1] == 429
    time.sleep(1.05)  # one QBO minute at 60x
    assert call(limited) == 200
    assert counters(limited)["limits"]["time_scale"] == 60.0


def test_clearing_the_counters_clears_the_peaks(api: Api) -> None:
    for _ in range(3):
        call(api)
    cleared = api.client.delete(f"/_sandbox/realms/{api.realm_id}/requests").json()
    assert (cleared["total"], cleared["max_per_second"]) == (0, 0)


def test_counters_are_per_realm(client: TestClient) -> None:
    busy, idle = new_company(client), new_company(client)
    for _ in range(5):
        call(busy)
    assert counters(busy)["max_per_second"] == 5
    assert counters(idle)["max_per_second"] == 0


@pytest.mark.parametrize("limited", [{"batch_latency_s": 0.3}], indirect=True)
def test_a_batch_call_takes_its_configured_latency(limited: Api) -> None:
    started = time.monotonic()
    status, _ = limited.post("batch", BATCH)
    assert status == 200 and time.monotonic() - started >= 0.3
    started = time.monotonic()
    assert call(limited) == 200 and time.monotonic() - started < 0.3  # other calls: none
