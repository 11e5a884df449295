"""Fault injection for one realm, reproducible from a seed (no HTTP here).

A ``FaultPlan`` says how often (``rate``) and which kinds of trouble hit the realm's API calls;
the ``FaultInjector`` draws from ``random.Random(seed)`` once per call, so the same sequence of
calls meets the same faults on every run. Kinds, as a client meets them at Intuit:

- ``500`` / ``503``: the call fails before anything is done;
- ``timeout``: the gateway holds the call ``timeout_s`` then answers 504, nothing done;
- ``lost_response``: the write IS done (and its ``requestid`` remembered) but the answer is
  lost: 502, 504 or an empty 500;
- ``429_burst``: this call and the next ``burst_length - 1`` are throttled;
- ``revoke_token``: the access token in use stops working (401); the refresh token still does.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

KINDS = ("500", "503", "timeout", "lost_response", "429_burst", "revoke_token")
LOST_STATUSES = (502, 504, 500)
LOG_LIMIT = 1000  # injections kept for GET .../faults; counts are never truncated


class FaultPlanError(ValueError):
    """A fault plan the control plane cannot accept (answered 400 with the message)."""


@dataclass(frozen=True)
class FaultPlan:
    seed: int = 0
    rate: float = 0.1
    kinds: tuple[str, ...] = KINDS
    burst_length: int = 5
    timeout_s: float = 5.0
    max_faults: int | None = None  # stop injecting after this many faults (None: never)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> FaultPlan:
        unknown = set(body) - {"seed", "rate", "kinds", "burst_length", "timeout_s",
                               "max_faults"}
        if unknown:
            raise FaultPlanError(f"unknown fields: {sorted(unknown)}")
        try:
            plan = cls(seed=int(body.get("seed", 0)), rate=float(body.get("rate", 0.1)),
                       kinds=tuple(str(k) for k in body.get("kinds", KINDS)),
                       burst_length=int(body.get("burst_length", 5)),
                       timeout_s=float(body.get("timeout_s", 5.0)),
                       max_faults=_optional_int(body.get("max_faults")))
        except (TypeError, ValueError) as exc:
            raise FaultPlanError(str(exc)) from exc
        plan.validate()
        return plan

    def validate(self) -> None:
        bad = [k for k in self.kinds if k not in KINDS]
        if bad or not self.kinds:
            raise FaultPlanError(f"kinds must be a non-empty subset of {list(KINDS)}")
        if not 0 <= self.rate <= 1:
            raise FaultPlanError("rate must be between 0 and 1")
        if self.burst_length < 1 or self.timeout_s < 0:
            raise FaultPlanError("burst_length must be >= 1 and timeout_s >= 0")

    def to_json(self) -> dict[str, Any]:
        return {"seed": self.seed, "rate": self.rate, "kinds": list(self.kinds),
                "burst_length": self.burst_length, "timeout_s": self.timeout_s,
                "max_faults": self.max_faults}


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True)
class Injection:
    """The fault one call meets; ``status`` is the HTTP status it will be answered with."""

    kind: str
    status: int


@dataclass
class FaultInjector:
    plan: FaultPlan
    rng: random.Random = field(init=False)
    calls: int = 0
    burst_left: int = 0
    started: int = 0  # faults chosen; a whole 429 burst counts once
    counts: Counter[str] = field(default_factory=Counter)
    log: list[dict[str, Any]] = field(default_factory=list)
    # Set when the plan is cleared, so that calls held by a ``timeout`` are let go at once.
    cancelled: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.plan.seed)

    def draw(self, method: str, path: str) -> Injection | None:
        """The fault for the next call, if any. One random draw per call outside a burst."""
        self.calls += 1
        injection = self._choose()
        if injection is not None:
            self.counts[injection.kind] += 1
            if len(self.log) < LOG_LIMIT:
                self.log.append({"call": self.calls, "kind": injection.kind,
                                 "status": injection.status, "method": method, "path": path})
        return injection

    def _choose(self) -> Injection | None:
        if self.burst_left > 0:
            self.burst_left -= 1
            return Injection("429_burst", 429)
        if self.plan.max_faults is not None and self.started >= self.plan.max_faults:
            return None
        if self.rng.random() >= self.plan.rate:
            return None
        kind = self.rng.choice(self.plan.kinds)
        self.started += 1
        if kind == "429_burst":
            self.burst_left = self.plan.burst_length - 1
        return Injection(kind, self._status(kind))

    def _status(self, kind: str) -> int:
        if kind == "lost_response":
            return self.rng.choice(LOST_STATUSES)
        return {"500": 500, "503": 503, "timeout": 504, "429_burst": 429,
                "revoke_token": 401}[kind]

    def report(self) -> dict[str, Any]:
        return {"plan": self.plan.to_json(), "calls": self.calls, "faults": self.started,
                "injected": {kind: self.counts.get(kind, 0) for kind in KINDS},
                "log": list(self.log)}
