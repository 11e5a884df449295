"""Issue 4's proof: the third-party ``clio-manage-api-client`` package (unigrated-solutions),
written against real Clio, lists contacts and bills from the sandbox served by a real uvicorn.

If it sends something real Clio accepts and the sandbox refuses, the sandbox is what gets fixed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
import uvicorn

from clio_sandbox.app import create_app
from clio_sandbox.config import CLIO_RATE_LIMIT, ClioSandboxConfig

clio_client = pytest.importorskip("clio_manage_python_client")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    app = create_app(ClioSandboxConfig(rate_limit_per_minute=CLIO_RATE_LIMIT))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert running.started, "uvicorn did not start"
    port = running.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def firm(server: str) -> dict[str, Any]:
    document = {"generate": {"contacts": 30, "bills": 250, "seed": 11}}
    answer: dict[str, Any] = httpx2.post(f"{server}/_sandbox/firms", json=document).json()
    return answer


def _client(server: str, token: str) -> Any:
    """The package's client aimed at the sandbox instead of app.clio.com.

    It has no base-URL option (its region picks one of Clio's hosts), so we rebuild its
    request handlers with our URL exactly the way its own constructor builds them.
    """
    client = clio_client.Manage(access_token=token)
    client.base_url = f"{server}/api/v4"
    for name, handler in client.request_methods.items():
        setattr(client, name, handler(client.base_url, client.request_handler))
    return client


def test_it_lists_contacts_and_bills_page_by_page(server: str, firm: dict[str, Any]) -> None:
    client = _client(server, firm["access_token"])
    contacts = client.all.contacts(fields="id,name,type,primary_email_address", limit=7)
    assert len(contacts["data"]) == 30
    assert {c["id"] for c in contacts["data"]} == set(firm["ids"]["contacts"].values())
    bills = client.all.bills(fields="id,number,state,total,client{id,name}", limit=200)
    assert len(bills["data"]) == 250 + len(firm["ids"]["trust_requests"])
    assert all(b["client"]["name"] for b in bills["data"])


def test_it_reads_one_bill_and_the_money_resources(server: str, firm: dict[str, Any]) -> None:
    client = _client(server, firm["access_token"])
    bill_id = firm["ids"]["bills"]["b1"]
    shown = client.get.bills.show(id=bill_id, fields="id,number,balance")
    assert shown["data"]["id"] == bill_id
    page = client.get.allocations.index(fields="id,amount,bill{id}", limit=5)
    assert len(page["data"]) == 5 and "next" in page["meta"]["paging"]
    trust = client.get.bank_transactions.index(fields="id,funds_in,funds_out", limit=3)
    assert len(trust["data"]) == 3
