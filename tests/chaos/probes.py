"""One passing fault on each read of a quiet sync: none may stop it.

Passing faults (a 500, a 503, a held call answered 504, a read done but its answer lost, a
revoked access token) are what lawbooks retries; a run that stops on one has a call that
does not retry. The random faults of the launches cannot say which call failed or whether
retries were used up, so at the end, with nothing left to write, each call of a sync in turn
meets exactly one fault: the plan's `max_faults` is 1 and its seed is chosen so that the
injector's first draw under `rate` is that call's (the sandbox draws once per call, from
`random.Random(seed)`); the injector's log confirms the call it hit.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import httpx2

from chaos.processes import QboSandbox, run_cli

RATE = 0.5
KINDS = ("500", "503", "timeout", "lost_response", "revoke_token")  # a 429 waits 60 s
STOPPED = re.compile(r"Sync stopped:.*")


def seed_for_call(call: int, rate: float = RATE) -> int:
    """A seed whose first draw below `rate` is the `call`-th (1 = the first call)."""
    seed = 0
    while True:
        seed += 1
        draws = random.Random(seed)
        if all(draws.random() >= rate for _ in range(call - 1)) and draws.random() < rate:
            return seed


@dataclass(frozen=True)
class Probe:
    call: int
    kind: str
    hit: str | None  # "METHOD path" of the call the fault met (None: the run made fewer)
    exit_code: int
    stopped: str | None

    @property
    def failed(self) -> bool:
        """It stopped the run (a run that finishes with some record failed is not stopped:
        the same run without the fault may fail that record too)."""
        return self.hit is not None and self.stopped is not None

    def describe(self) -> str:
        return (f"call {self.call} ({self.hit}) met one {self.kind}: exit {self.exit_code}"
                + (f", {self.stopped}" if self.stopped else ""))


def reads_of_a_sync(qbo: QboSandbox, realm_id: str, data_dir: Path, log: Path) -> int:
    """How many QBO reads a sync makes now (no fault). Once nothing is left to write they
    are all its calls; the writes' faults are the launches' (and tests/reliability's)."""
    before = _reads(qbo, realm_id)
    run_cli(data_dir, log, "sync")
    return _reads(qbo, realm_id) - before


def _reads(qbo: QboSandbox, realm_id: str) -> int:
    counters = httpx2.get(f"{qbo.url}/_sandbox/realms/{realm_id}/requests", timeout=30)
    return int(counters.raise_for_status().json()["read"])


def probe_every_call(qbo: QboSandbox, realm_id: str, data_dir: Path, log: Path) -> list[Probe]:
    probes = []
    url = f"{qbo.url}/_sandbox/realms/{realm_id}/faults"
    for call in range(1, reads_of_a_sync(qbo, realm_id, data_dir, log) + 1):
        kind = KINDS[(call - 1) % len(KINDS)]
        httpx2.post(url, timeout=30, json={
            "seed": seed_for_call(call), "rate": RATE, "kinds": [kind], "max_faults": 1,
            "timeout_s": 0.3}).raise_for_status()
        code, text = run_cli(data_dir, log, "sync")
        report = httpx2.delete(url, timeout=30).raise_for_status().json()
        hits = report.get("log") or []
        if hits:
            assert hits[0]["call"] == call, f"the probe of call {call} hit {hits[0]}"
        stopped = STOPPED.search(text)
        probes.append(Probe(call, kind, f"{hits[0]['method']} {hits[0]['path']}" if hits
                            else None, code, stopped.group(0)[:160] if stopped else None))
    return probes
