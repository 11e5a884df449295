"""The whole demo story as a newcomer lives it: `lawbooks demo` in an empty directory, then
`lawbooks status`, `reconcile` and `sync --dry-run` with no environment set, then
`lawbooks demo --serve --resume --web-port N` bringing the same companies back.

Real processes and ports; nothing of lawbooks is imported."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx2
import pytest

from e2e.test_demo import free_port, interrupt, interruptible, read_until

pytestmark = pytest.mark.e2e
LAWBOOKS = Path(sys.executable).with_name("lawbooks")
PASSWORD = "Ledger-Harbour-Quartz-7141"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def newcomer_env() -> dict[str, str]:
    """The environment of a shell where nothing of lawbooks was ever set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAWBOOKS_")}
    return {**env, "COLUMNS": "200"}


def run(cwd: Path, *args: str, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LAWBOOKS), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env or newcomer_env())


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An empty directory in which `lawbooks demo` ran once: (the directory, its output)."""
    home = tmp_path_factory.mktemp("newcomer")
    demo = run(home, "demo")
    assert demo.returncode == 0, demo.stdout + demo.stderr
    return home, demo.stdout


def test_the_demo_maps_trust_posts_journal_entries_and_reconciles(newcomer):
    _, output = newcomer
    assert re.search(r"Trust: Clio trust account .+ -> QuickBooks .+", output), output
    journal = re.search(r"JournalEntry\s*│\s*(\d+)\s*│\s*(\d+)", output)
    assert journal and int(journal.group(1)) > 0, output
    assert journal.group(1) == journal.group(2), "every planned journal entry was created"
    assert "A second sync plans 0 operations." in output
    assert "everything agrees." in output and "Three-way trust:" in output
    bank, ledgers, clio = (re.search(rf"{label}\s+(-?\d+\.\d\d)", output).group(1)
                           for label in ("QuickBooks trust bank", "client trust ledgers",
                                         "Clio client trust balances"))
    assert bank == ledgers == clio and bank != "0.00"
    assert "Reconciliation agrees" in output


def test_status_reconcile_and_dry_run_find_the_demo_firm_with_no_environment(newcomer):
    home, _ = newcomer
    status = run(home, "status")
    assert status.returncode == 0, status.stdout + status.stderr
    assert "Using the demo firm's store in var/demo" in status.stderr
    assert ": ok" in status.stdout and re.search(r"JournalEntry\s*│\s*[1-9]", status.stdout)

    reconcile = run(home, "reconcile")
    assert reconcile.returncode == 0, reconcile.stdout + reconcile.stderr
    assert "everything agrees." in reconcile.stdout
    assert "lawbooks demo --serve --resume" in reconcile.stderr  # says how to keep them up

    plan = run(home, "sync", "--dry-run")
    assert plan.returncode == 0, plan.stdout + plan.stderr
    assert ": 0 operations" in plan.stdout and "nothing was written" in plan.stdout

    as_json = run(home, "reconcile", "--format", "json")
    assert as_json.stdout.lstrip().startswith("{"), "notes must not reach stdout"


def test_a_chosen_store_is_never_swapped_for_the_demo(newcomer, tmp_path: Path):
    home, _ = newcomer
    chosen = run(home, "status", env={**newcomer_env(), "LAWBOOKS_DATA_DIR": str(tmp_path)})
    assert chosen.returncode == 2 and "No firm is configured" in chosen.stdout
    assert "demo" not in chosen.stderr


def test_resume_serves_the_same_companies_and_the_web_app_on_the_chosen_port(newcomer):
    home, _ = newcomer
    web_port = free_port()
    admin = run(home, "users", "create-admin", "--email", "admin@example.com",
                "--password", PASSWORD,
                env={**newcomer_env(), "LAWBOOKS_DATA_DIR": str(home / "var" / "demo")})
    assert admin.returncode == 0, admin.stdout + admin.stderr
    process = subprocess.Popen(
        [str(LAWBOOKS), "demo", "--serve", "--resume", "--web-port", str(web_port)], cwd=home,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=newcomer_env(),
        preexec_fn=interruptible)
    try:
        output = read_until(process, "Serving", timeout=120)
        assert f"Web app: http://127.0.0.1:{web_port}" in output
        assert "Connected Clio firm" not in output, "resume must not make a new firm"
        # The same firm, synced, while the sandboxes serve: nothing to plan.
        plan = run(home, "sync", "--dry-run")
        assert plan.returncode == 0 and ": 0 operations" in plan.stdout, plan.stdout
        assert "not running" not in plan.stderr
        with httpx2.Client(base_url=f"http://127.0.0.1:{web_port}") as browser:
            token = CSRF.search(browser.get("/login").text)
            assert token
            signed_in = browser.post("/login", data={
                "email": "admin@example.com", "password": PASSWORD,
                "csrf_token": token.group(1)})
            assert signed_in.status_code == 303, signed_in.text
            start = browser.get("/connect/clio/start")
        assert start.status_code in (302, 303), start.text
        query = parse_qs(urlparse(start.headers["location"]).query)
        assert query["redirect_uri"] == [f"http://127.0.0.1:{web_port}/connect/clio/callback"]
    finally:
        interrupt(process)
    assert process.returncode == 0
