"""A firm set up headless, as a script would: `lawbooks connect clio|qbo` (the address
printed, the approval received by the command's own short-lived listener), `lawbooks
settings set`, `lawbooks trust off`, `lawbooks go-live`, all configured by a TOML settings
file, against both sandboxes on real ports. Nothing reaches QuickBooks before go-live."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest

from firms import HALE_AND_ORTIZ
from lawbooks.demo import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Sandboxes, make_tenants

LAWBOOKS = Path(sys.executable).with_name("lawbooks")
pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cli:
    def __init__(self, cwd: Path, settings_file: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LAWBOOKS_")}
        self.cwd, self.env = cwd, {**env, "COLUMNS": "200"}
        self.prefix = [str(LAWBOOKS), "--settings", str(settings_file)]

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.prefix, *args], cwd=self.cwd, capture_output=True,
                              text=True, timeout=120, env=self.env, input=stdin)

    def connect(self, provider: str) -> subprocess.CompletedProcess[str]:
        """`lawbooks connect`, with this test as the browser that approves."""
        process = subprocess.Popen([*self.prefix, "connect", provider, "--timeout", "60"],
                                   cwd=self.cwd, env=self.env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None
        url = ""
        for line in process.stdout:
            if line.startswith("http"):
                url = line.strip()
                break
        assert url, process.stderr.read() if process.stderr else "no URL"
        landed = httpx2.get(url, follow_redirects=True, timeout=30)  # consent, then callback
        assert landed.status_code == 200 and "You can close this window" in landed.text
        out, err = process.communicate(timeout=60)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def writes(sandboxes: Sandboxes, realm: str) -> int:
    url = f"{sandboxes.qbo.url}/_sandbox/realms/{realm}/requests"
    counts = httpx2.get(url).raise_for_status().json()
    return int(counts["write"]) + int(counts["batch"])


def test_a_firm_is_set_up_and_goes_live_from_the_command_line(sandboxes, tmp_path):
    clio_firm, realm_made = make_tenants(sandboxes.clio.url, sandboxes.qbo.url, HALE_AND_ORTIZ)
    realm = str(realm_made.json()["realm_id"])
    qbo = sandboxes.qbo.url
    settings = tmp_path / "lawbooks.toml"
    settings.write_text(f'''
data_dir = "{tmp_path / 'var'}"
public_url = "http://127.0.0.1:{free_port()}"
clio_base_url = "{sandboxes.clio.url}"
clio_client_id = "{DEMO_CLIENT_ID}"
clio_client_secret = "{DEMO_CLIENT_SECRET}"
qbo_api_base = "{qbo}"
qbo_authorize_url = "{qbo}/connect/oauth2"
qbo_token_url = "{qbo}/oauth2/v1/tokens/bearer"
qbo_revoke_url = "{qbo}/v2/oauth2/tokens/revoke"
qbo_client_id = "{DEMO_CLIENT_ID}"
qbo_client_secret = "{DEMO_CLIENT_SECRET}"
''')
    cli = Cli(tmp_path, settings)

    clio = cli.connect("clio")
    assert clio.returncode == 0 and "Clio is connected." in clio.stdout, clio.stderr
    connected = cli.connect("qbo")
    assert connected.returncode == 0, connected.stderr
    assert f"QuickBooks company {realm} is connected." in connected.stdout
    assert "Set-up: 2 of 4 steps done" in connected.stdout

    refused = cli.run("sync")
    assert refused.returncode == 2 and "Not syncing yet" in refused.stdout
    mapped = cli.run("settings", "set", "--standard-items", "--sync-start", "2026-01-01",
                     "--interval", "10", "--deposit-account", "undeposited")
    assert mapped.returncode == 0 and "Sync settings saved." in mapped.stdout, mapped.stdout
    assert "Set-up: 3 of 4 steps done" in mapped.stdout
    bad = cli.run("settings", "set", "--item", "service=99999")
    assert bad.returncode == 2 and "does not have: Services (time entries)" in bad.stdout
    off = cli.run("trust", "off")
    assert off.returncode == 0 and "Set-up done: preview the plan" in off.stdout
    shown = cli.run("settings", "show")
    assert "interval (minutes)" in shown.stdout and "10" in shown.stdout
    assert "undeposited" in shown.stdout
    status = cli.run("status")
    assert "Set-up done: preview the plan and press Start syncing" in status.stdout
    httpx2.delete(f"{qbo}/_sandbox/realms/{realm}/requests").raise_for_status()  # items made

    declined = cli.run("go-live", stdin="n\n")
    assert declined.returncode == 1 and "Not started; nothing was written." in declined.stdout
    assert "The first sync would send" in declined.stdout
    assert writes(sandboxes, realm) == 0

    live = cli.run("go-live", "--yes")
    assert live.returncode == 0 and "Live since" in live.stdout, live.stdout + live.stderr
    synced = cli.run("sync")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    invoices = httpx2.get(f"{qbo}/_sandbox/realms/{realm}/entities/Invoice").json()["Invoice"]
    assert sorted(i["DocNumber"] for i in invoices) == ["1001", "1002"]
    status = cli.run("status")
    assert "Live since" in status.stdout and "(command line)" in status.stdout
    assert clio_firm.json()["firm_id"]
