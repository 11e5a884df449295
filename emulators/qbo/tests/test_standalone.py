"""The QBO sandbox is a distribution of its own: its wheel holds the package and its consent
page and asks for nothing of lawbooks, and `qbo-sandbox serve` serves real HTTP in a process
where lawbooks cannot be imported at all."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from email.parser import Parser
from pathlib import Path

import httpx2

PROJECT = Path(__file__).resolve().parent.parent  # emulators/qbo: its pyproject.toml
# Any import of lawbooks, at start or while serving, fails in the served process.
WITHOUT_LAWBOOKS = ("import sys; sys.modules['lawbooks'] = None; sys.argv[0] = 'qbo-sandbox'; "
                    "from qbo_sandbox.cli import app; app()")


def source_copy(into: Path) -> Path:
    """What the wheel is built from, copied: setuptools' build/ in the project would keep
    files since deleted from src/ and put them in the wheel."""
    shutil.copytree(PROJECT / "src", into / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, into / name)
    return into


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(*options: str) -> Iterator[str]:
    """`qbo-sandbox serve` on a free loopback port, stopped (SIGTERM) afterwards."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", WITHOUT_LAWBOOKS, "serve", "--port",
                                str(port), *options], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stderr.read().decode()) from None  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "qbo-sandbox serve did not start"
                time.sleep(0.05)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the SIGTERM it caught.
        stopped = process.wait(timeout=15)
        assert stopped in (0, -signal.SIGTERM), process.stderr.read().decode()  # type: ignore[union-attr]


def test_the_wheel_holds_the_sandbox_and_its_consent_page_and_needs_no_lawbooks(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "--disable-pip-version-check", "-w", str(tmp_path),
                    str(source_copy(tmp_path / "source"))],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("qbo_sandbox-0.1.0-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(info).decode())
        scripts = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "qbo_sandbox/templates/consent.html" in names and "qbo_sandbox/cli.py" in names
    assert {name.split("/")[0] for name in names} == {"qbo_sandbox", info.split("/")[0]}
    requires = metadata.get_all("Requires-Dist") or []
    assert requires and not [r for r in requires if r.lower().startswith("lawbooks")]
    assert metadata["License"] == "Apache-2.0" and metadata["Name"] == "qbo-sandbox"
    assert "qbo-sandbox = qbo_sandbox.cli:app" in scripts


def company_info(url: str, realm: dict[str, str]) -> httpx2.Response:
    realm_id = realm["realm_id"]
    return httpx2.get(f"{url}/v3/company/{realm_id}/companyinfo/{realm_id}",
                      headers={"Authorization": f"Bearer {realm['access_token']}",
                               "Accept": "application/json"})


def test_serve_answers_the_v3_api_without_lawbooks():
    with serving() as url:
        realm = httpx2.post(f"{url}/_sandbox/realms", json={}).json()
        info = company_info(url, realm)
        assert info.status_code == 200, info.text
        assert info.json()["CompanyInfo"]["CompanyName"]
        assert httpx2.get(f"{url}/v3/company/{realm['realm_id']}/companyinfo/1").status_code == 401
        assert "intuit_tid" in info.headers


def test_serve_with_a_state_file_comes_back_with_its_company(tmp_path):
    state = tmp_path / "qbo.json"
    with serving("--state-file", str(state)) as url:
        realm = httpx2.post(f"{url}/_sandbox/realms", json={}).json()
        assert httpx2.post(f"{url}/_sandbox/state/save", json={}).status_code == 200
    with serving("--state-file", str(state)) as url:
        info = company_info(url, realm)
    assert info.status_code == 200, info.text
