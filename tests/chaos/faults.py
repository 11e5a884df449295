"""Fault injection on the QBO sandbox's realm (`/_sandbox/realms/{realm}/faults`), armed for
some launches with a new seed each, and what it injected, summed over every plan."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import httpx2

from chaos.processes import QboSandbox

KINDS = ("500", "503", "timeout", "lost_response", "429_burst", "revoke_token")
# The injector picks a kind uniformly from the plan's list: every kind but the 429 twice, as
# each 429 holds a run for QBO's 60 s (a run held that long is killed as stalled).
DRAWN = tuple(k for k in KINDS for _ in range(1 if k == "429_burst" else 2))


@dataclass
class Faults:
    rate: float
    # Short bursts and holds: a 429 makes lawbooks wait QBO's 60 s, a hold 0.3 s then a 504.
    burst_length: int = 2
    timeout_s: float = 0.3
    injected: Counter[str] = field(default_factory=Counter)  # faulted calls, by kind
    started: int = 0  # faults chosen (a whole 429 burst counts once)
    calls: int = 0  # calls made while a plan was armed
    plans: int = 0

    @property
    def total(self) -> int:
        return sum(self.injected.values())

    def arm(self, qbo: QboSandbox, realm_id: str, seed: int) -> None:
        plan = {"seed": seed, "rate": self.rate, "kinds": list(DRAWN),
                "burst_length": self.burst_length, "timeout_s": self.timeout_s}
        httpx2.post(f"{qbo.url}/_sandbox/realms/{realm_id}/faults", json=plan,
                    timeout=30).raise_for_status()
        self.plans += 1

    def throttles(self, qbo: QboSandbox, realm_id: str) -> int:
        """The 429s the current plan has answered (0 with no plan, or while QBO is down)."""
        try:
            report = httpx2.get(f"{qbo.url}/_sandbox/realms/{realm_id}/faults", timeout=5)
        except httpx2.HTTPError:
            return 0
        body = report.json()
        return int(body["injected"]["429_burst"]) if body.get("plan") is not None else 0

    def collect(self, qbo: QboSandbox, realm_id: str) -> None:
        """Clear the plan (held calls are let go) and add what it injected."""
        report = httpx2.delete(f"{qbo.url}/_sandbox/realms/{realm_id}/faults",
                               timeout=30).raise_for_status().json()
        if report.get("plan") is not None:
            self.injected.update({k: int(n) for k, n in report["injected"].items()})
            self.started += int(report["faults"])
            self.calls += int(report["calls"])

    def figures(self) -> dict[str, object]:
        return {"faults_injected": self.total, "faults_by_kind": {k: self.injected[k]
                                                                  for k in KINDS},
                "fault_bursts_and_single_faults": self.started,
                "calls_under_faults": self.calls, "fault_plans": self.plans}
