"""A firm of one's own, locally: `lawbooks demo --firm FILE.json` syncs a firm in the
documented firm format, and `lawbooks serve --sandboxes --firm FILE.json` serves the real
onboarding over both sandboxes in one command, keeping their state on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest

from firms import HALE_AND_ORTIZ

LAWBOOKS = Path(sys.executable).with_name("lawbooks")
pytestmark = pytest.mark.e2e


def env(data_dir: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LAWBOOKS_")}
    return {**clean, "COLUMNS": "200", "LAWBOOKS_DATA_DIR": str(data_dir)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_demo_syncs_a_firm_of_ones_own(tmp_path: Path):
    firm = tmp_path / "hale-ortiz.json"
    firm.write_text(json.dumps(HALE_AND_ORTIZ))
    done = subprocess.run([str(LAWBOOKS), "demo", "--firm", str(firm), "--data-dir",
                           str(tmp_path / "demo")], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, env=env(tmp_path / "unused"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Trust: Clio trust account" in done.stdout  # the sandbox gives every firm one
    assert "Started syncing" in done.stdout and "A second sync plans 0 operations." in done.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    refused = subprocess.run([str(LAWBOOKS), "demo", "--firm", str(bad)], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60, env=env(tmp_path))
    assert refused.returncode == 2 and "is not JSON" in refused.stdout
    assert "docs/sandbox.md" in refused.stdout


def test_serve_with_sandboxes_wires_the_onboarding_and_keeps_the_state(tmp_path: Path):
    firm = tmp_path / "hale-ortiz.json"
    firm.write_text(json.dumps(HALE_AND_ORTIZ))
    port = free_port()
    server = subprocess.Popen([str(LAWBOOKS), "serve", "--sandboxes", "--port", str(port),
                               "--firm", str(firm)], cwd=tmp_path, env=env(tmp_path / "var"),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                first = httpx2.get(url + "/", timeout=2)
                break
            except httpx2.HTTPError:
                assert time.monotonic() < deadline and server.poll() is None, "did not start"
                time.sleep(0.3)
        assert first.status_code in (302, 303, 307) and first.headers["location"] == "/setup"
        setup = httpx2.get(url + "/setup", timeout=10)
        assert setup.status_code == 200 and "administrator" in setup.text.lower()
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=60)
    assert "Clio sandbox: http://127.0.0.1:" in out and f"serving at {url}" in out
    assert (tmp_path / "var" / "sandboxes" / "clio.state").is_file()
    assert (tmp_path / "var" / "sandboxes" / "qbo.json").is_file()
