"""What the planning stages hand the execute stage: one plan, and whom it was planned for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lawbooks.domain.model import SourceId
from lawbooks.engine.plan import Plan


@dataclass(frozen=True, slots=True)
class Step:
    """One plan to execute, and the clients it was planned for."""

    plan: Plan
    part: Literal["customers", "billing", "trust", "gone"]
    clients: tuple[SourceId, ...] = ()
