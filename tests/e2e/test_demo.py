"""`lawbooks demo` as a newcomer runs it: a subprocess, real ports, real HTTP.

After the demo's sync, the test reads both sandboxes over HTTP, independently of lawbooks,
and checks that every approved bill became an invoice with the same number and total to the
cent, and that no contact without an approved bill became a customer.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx2
import pytest
import simplejson

pytestmark = pytest.mark.e2e
APPROVED = {"awaiting_payment", "paid"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def read_until(process: subprocess.Popen[str], marker: str, timeout: float) -> str:
    """Everything the process printed up to the line holding `marker`. Lines are read by a
    thread: a select() on the pipe misses lines already pulled into the reader's buffer
    when two arrive in one chunk (it did, under load: the marker line went unseen)."""
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    stdout = process.stdout

    def pump() -> None:
        for line in stdout:
            lines.put(line)
        lines.put("")  # end of output

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=min(left, 1.0))
        except queue.Empty:
            continue
        if not line:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"no {marker!r} within {timeout}s; output:\n{''.join(seen)}")


def clio_token(base: str, firm_id: int) -> str:
    """Authorize like any Clio app would (the demo's sandbox approves by itself)."""
    redirect = "http://127.0.0.1:9/callback"
    with httpx2.Client(base_url=base) as http:
        consent = http.get("/oauth/authorize", params={
            "response_type": "code", "client_id": "lawbooks-demo", "redirect_uri": redirect,
            "state": "e2e", "firm_id": firm_id})
        code = parse_qs(urlparse(consent.headers["location"]).query)["code"][0]
        token = http.post("/oauth/token", data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
            "client_id": "lawbooks-demo", "client_secret": "lawbooks-demo-secret"})
    return str(token.json()["access_token"])


def clio_list(base: str, token: str, path: str, fields: str) -> list[dict]:
    records, url, params = [], f"{base}/api/v4/{path}", {"fields": fields, "limit": 200,
                                                         "order": "id(asc)"}
    with httpx2.Client(headers={"Authorization": f"Bearer {token}"}) as http:
        while url:
            body = simplejson.loads(http.get(url, params=params).raise_for_status().text,
                                    use_decimal=True)
            records.extend(body["data"])
            url, params = body.get("meta", {}).get("paging", {}).get("next"), None
    return records


def qbo_entities(base: str, realm: str, entity: str) -> list[dict]:
    response = httpx2.get(f"{base}/_sandbox/realms/{realm}/entities/{entity}")
    return list(simplejson.loads(response.raise_for_status().text, use_decimal=True)[entity])


def lawbooks_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    lawbooks = Path(sys.executable).with_name("lawbooks")
    return subprocess.run([str(lawbooks), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "LAWBOOKS_DATA_DIR": str(data_dir),
                               "COLUMNS": "200"})


def interruptible() -> None:
    """In the child: Ctrl-C's default. A suite started as a background job inherits SIGINT
    ignored, and Python then never turns it into KeyboardInterrupt: the demo would not stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt(process: subprocess.Popen[str]) -> None:
    """Ctrl-C, as a user stops `lawbooks demo --serve`; killed if it does not stop."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def demo(tmp_path: Path):
    clio_port, qbo_port, web_port = free_port(), free_port(), free_port()
    lawbooks = Path(sys.executable).with_name("lawbooks")
    process = subprocess.Popen(
        [str(lawbooks), "demo", "--serve", "--clio-port", str(clio_port),
         "--qbo-port", str(qbo_port), "--web-port", str(web_port),
         "--data-dir", str(tmp_path / "demo")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"}, preexec_fn=interruptible)
    try:
        output = read_until(process, "Serving", timeout=180)
        yield (output, f"http://127.0.0.1:{clio_port}", f"http://127.0.0.1:{qbo_port}",
               tmp_path / "demo")
    finally:
        interrupt(process)
    assert process.returncode == 0  # its output is read by read_until's thread


def test_demo_turns_every_approved_bill_into_an_invoice_and_nothing_else(demo):
    output, clio, qbo, _ = demo
    match = re.search(r"Connected Clio firm (\d+) and QBO company (\d+)", output)
    assert match, output
    firm_id, realm = int(match.group(1)), match.group(2)
    assert "A second sync plans 0 operations." in output

    token = clio_token(clio, firm_id)
    bills = clio_list(clio, token, "bills.json", "id,number,state,kind,due,client{id}")
    contacts = clio_list(clio, token, "contacts.json", "id,name")
    approved = [b for b in bills if b["state"] in APPROVED and b["kind"] != "trust_kind"]
    assert approved and len(approved) < len(bills), "the generated firm must mix states"

    invoices = {i["DocNumber"]: i for i in qbo_entities(qbo, realm, "Invoice")}
    assert set(invoices) == {b["number"] for b in approved}
    for bill in approved:
        assert invoices[bill["number"]]["TotalAmt"] == Decimal(bill["due"]).quantize(
            Decimal("0.01")), bill["number"]

    billed_clients = {b["client"]["id"] for b in approved}
    customers = qbo_entities(qbo, realm, "Customer")
    names = {c["DisplayName"] for c in customers}
    unbilled = [c for c in contacts if c["id"] not in billed_clients]
    assert unbilled, "the generated firm must have contacts without approved bills"
    assert len(customers) == len(billed_clients)
    for contact in contacts:
        present = contact["name"] in names or any(
            n.startswith(f"{contact['name']} (Clio {contact['id']}") for n in names)
        assert present == (contact["id"] in billed_clients), contact


def test_sync_dry_run_and_status_work_on_the_demo_firm_while_it_serves(demo):
    *_, data_dir = demo
    dry = lawbooks_cli("sync", "--dry-run", data_dir=data_dir)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "0 operations" in dry.stdout and "nothing was written" in dry.stdout
    status = lawbooks_cli("status", data_dir=data_dir)
    assert status.returncode == 0, status.stdout + status.stderr
    assert "Last run #" in status.stdout and ": ok" in status.stdout
    assert re.search(r"Invoice\s*│\s*\d+", status.stdout)
    assert "No failures." in status.stdout


def test_the_sandbox_commands_serve_the_real_paths(tmp_path: Path):
    ports = {"clio": free_port(), "qbo": free_port()}
    servers = [subprocess.Popen([str(Path(sys.executable).with_name(f"{name}-sandbox")),
                                 "serve", "--port", str(port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for name, port in ports.items()]
    try:
        clio, qbo = (f"http://127.0.0.1:{p}" for p in ports.values())
        deadline = time.monotonic() + 30
        while True:
            try:
                realm = httpx2.post(f"{qbo}/_sandbox/realms", json={}).json()
                firm = httpx2.post(f"{clio}/_sandbox/firms", json={"generate": {
                    "size": "small", "seed": 1}}).json()
                break
            except httpx2.TransportError:
                assert time.monotonic() < deadline, "sandbox servers did not start"
                time.sleep(0.2)
        info = httpx2.get(f"{qbo}/v3/company/{realm['realm_id']}/companyinfo/{realm['realm_id']}",
                          headers={"Authorization": f"Bearer {realm['access_token']}",
                                   "Accept": "application/json"})
        assert info.status_code == 200 and "CompanyInfo" in info.json()
        me = httpx2.get(f"{clio}/api/v4/users/who_am_i.json",
                        headers={"Authorization": f"Bearer {firm['access_token']}"})
        assert me.status_code == 200 and "data" in me.json()
        assert httpx2.get(f"{clio}/api/v4/contacts.json").status_code == 401
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def test_demo_serve_runs_the_web_app_over_the_sandboxes(demo):
    output, *_ = demo
    match = re.search(r"Web app: (http://127\.0\.0\.1:\d+)", output)
    assert match, output
    first_run = httpx2.get(f"{match.group(1)}/", follow_redirects=True)
    assert first_run.status_code == 200
    assert "administrator" in first_run.text.lower()
