"""Proof of exactly-once across crashes: `lawbooks sync` killed with SIGKILL, again and again.

Both sandboxes run as their own processes (`lawbooks sandbox clio|qbo --auto-approve`), so
they outlive every kill. A generated firm of over 2,000 source records is connected the way
the demo connects it; then the CLI's initial sync is started, killed at a seeded random
moment, restarted, killed again... at least KILLS times, and finally left to finish. Some
kills land while it starts, pulls from Clio and plans; most land while it writes, measured
from its first write to QBO, so the kill points cover the whole initial sync, including the
moment between QBO committing a batch and lawbooks recording it. The final company must
equal a fault-free sync of the same firm (in-process sandboxes of its own): the same
documents, no duplicate, nothing missing. Figures are printed (pytest -s).
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from lawbooks.bootstrap import RealmLimits, build_app, sync_firm
from lawbooks.config import Settings
from lawbooks.demo import serve, set_up_firm
from lawbooks.engine.execute import ExecutionSettings
from lawbooks.engine.retry import RetryPolicy
from lawbooks.sandbox.clio.app import create_app as create_clio_app
from lawbooks.sandbox.clio.config import ClioSandboxConfig
from lawbooks.sandbox.qbo.app import create_app as create_qbo_app
from lawbooks.sandbox.qbo.config import QboSandboxConfig
from reliability.support import (
    TRANSACTIONS,
    assert_same_books,
    firm_document,
    read_company,
    source_records,
)

pytestmark = pytest.mark.reliability

FIRM = firm_document(contacts=165, bills=425, seed=41)  # over 2,000 source records
KILLS = int(os.environ.get("LAWBOOKS_KILLS", "30"))
SEED = 20260401
LAWBOOKS = str(Path(sys.executable).with_name("lawbooks"))
FAST = ExecutionSettings(retry=RetryPolicy(base_delay=0.05), sleep=lambda s: None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[tuple[str, str]]:
    """The Clio and QBO sandboxes as processes of their own, which no kill touches."""
    ports = {"clio": free_port(), "qbo": free_port()}
    # QBO's batches answer in half a second, as real ones take a while: without it a
    # whole sync fits in one burst of QBO's batch window and few kills would land mid-write.
    latency = {"clio": [], "qbo": ["--batch-latency", "0.5"]}
    processes = [subprocess.Popen([LAWBOOKS, "sandbox", kind, "--port", str(port),
                                   "--auto-approve", *latency[kind]], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for kind, port in ports.items()]
    try:
        for port in ports.values():
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "a sandbox did not start"
                    time.sleep(0.1)
        yield f"http://127.0.0.1:{ports['clio']}", f"http://127.0.0.1:{ports['qbo']}"
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def reference(tmp_path: Path):
    """The same firm synced without a crash, in sandboxes of its own (same Clio ids)."""
    clio = serve(create_clio_app(ClioSandboxConfig(auto_approve=True)))
    qbo = serve(create_qbo_app(QboSandboxConfig(auto_approve=True)))
    try:
        firm = set_up_firm(clio.url, qbo.url, tmp_path / "reference", firm=FIRM)
        firm.app.limits = RealmLimits(scale=100.0)
        sync_firm(firm.app, firm.firm_id, execution=FAST)
        settled = planned(sync_firm(firm.app, firm.firm_id, dry_run=True))
        firm.app.engine.dispose()
        return read_company(qbo.url, firm.realm_id), settled
    finally:
        clio.stop()
        qbo.stop()


def planned(result) -> set[str]:
    return {f"{op.entity} {op.kind.value} {op.source}" for op in result.plan.operations}


def writes(qbo_url: str, realm_id: str) -> int:
    counters = httpx2.get(f"{qbo_url}/_sandbox/realms/{realm_id}/requests", timeout=10).json()
    return int(counters["write"]) + int(counters["batch"])


def unrecorded(qbo_url: str, realm_id: str, database: Path) -> int:
    """Objects QBO holds that lawbooks has no link for: committed, not yet recorded."""
    with sqlite3.connect(database) as db:
        links = db.execute("SELECT COUNT(*) FROM links").fetchone()[0]
    company = read_company(qbo_url, realm_id)
    return len(company.customers) + len(company.documents) - int(links)


def wait_for_write(process: subprocess.Popen[bytes], qbo_url: str, realm_id: str,
                   seen: int) -> None:
    while process.poll() is None and writes(qbo_url, realm_id) == seen:
        time.sleep(0.005)


def sync_process(data_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LAWBOOKS_DATA_DIR": str(data_dir)}
    return subprocess.Popen([LAWBOOKS, "sync"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


# Thirty kills take about a hundred launches (a run that finishes first is no kill), each
# a process start: over the suite's default five minutes on a loaded two-core machine.
@pytest.mark.timeout(600)
def test_a_sync_killed_thirty_times_posts_everything_exactly_once(sandboxes, tmp_path):
    started = time.monotonic()
    assert source_records(FIRM) >= 2000  # contacts + bills + line items
    clio_url, qbo_url = sandboxes
    expected, settled = reference(tmp_path)
    data_dir = tmp_path / "crashing"
    firm = set_up_firm(clio_url, qbo_url, data_dir, firm=FIRM)
    firm.app.engine.dispose()
    rng = random.Random(SEED)
    kills: list[dict[str, object]] = []
    finished_early = 0
    while len(kills) < KILLS:
        before = writes(qbo_url, firm.realm_id)
        process = sync_process(data_dir)
        launched = time.monotonic()
        # A third of the kills anywhere from launch (start-up, Clio pull, plan, recovery);
        # the rest a random time after this run's first write to QBO, half of those just
        # as a later write reaches QBO: between QBO committing it and lawbooks recording it.
        phase = rng.choice(["any", "writing", "at_a_write"])
        delay = rng.uniform(0.1, 3.0) if phase == "any" else rng.uniform(0.0, 2.0)
        if phase != "any":
            wait_for_write(process, qbo_url, firm.realm_id, before)
        deadline = time.monotonic() + delay
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if phase == "at_a_write":
            wait_for_write(process, qbo_url, firm.realm_id, writes(qbo_url, firm.realm_id))
            time.sleep(rng.uniform(0.0, 0.03))
        if process.poll() is not None:  # it finished first: not a kill
            finished_early += 1
            continue
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills.append({"after_s": round(time.monotonic() - launched, 2), "phase": phase,
                      "writes": writes(qbo_url, firm.realm_id) - before,
                      "unrecorded": unrecorded(qbo_url, firm.realm_id,
                                               data_dir / "lawbooks.sqlite3")})
    runs_to_finish = 0
    app = build_app(Settings(data_dir=data_dir))
    for _ in range(3):  # left alone: runs to the end (a run the next may still complete)
        runs_to_finish += 1
        process = sync_process(data_dir)
        _, stderr = process.communicate(timeout=300)
        assert process.returncode in (0, 1), stderr.decode()[-2000:]
        if planned(sync_firm(app, firm.firm_id, dry_run=True)) == settled:
            break
    actual = read_company(qbo_url, firm.realm_id)
    figures = {"source_records": source_records(FIRM), "kills": len(kills),
               "kills_by_phase": dict(Counter(str(k["phase"]) for k in kills)),
               "kills_leaving_writes_unrecorded": sum(1 for k in kills if k["unrecorded"]),
               "finished_before_kill": finished_early, "runs_to_finish": runs_to_finish,
               "customers": len(actual.customers),
               **{entity: actual.count(entity) for entity in TRANSACTIONS},
               "seconds": round(time.monotonic() - started, 1), "kill_log": kills}
    print("\nCRASH SUITE", json.dumps(figures))
    assert_same_books(actual, expected)
    assert planned(sync_firm(app, firm.firm_id, dry_run=True)) == settled
    app.engine.dispose()
