"""The port through which a run remembers what it planned, so that the next one may plan only
what changed.

Per client and part (billing or trust): the source records its group covered when last
planned (a record that vanishes from a changed group is unwound: its link is among these).
Beside them, when the last full
sweep completed and under which settings: a sweep is due on a schedule and after a settings
change.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from lawbooks.domain.model import SourceId, SourceRef

Part = Literal["billing", "trust"]
PARTS: tuple[Part, ...] = ("billing", "trust")


@dataclass(frozen=True, slots=True)
class Sweep:
    """The last full sweep that completed."""

    at: datetime
    settings: str  # the digest of the settings it planned under


class Coverage(Protocol):
    def covered(self, part: Part, clients: Collection[SourceId]) -> set[SourceRef]:
        """The records these clients' groups covered when last planned."""
        ...

    def clients_of(self, sources: Iterable[SourceRef]) -> set[SourceId]:
        """The clients whose groups covered these records."""
        ...

    def replace(self, part: Part, clients: Collection[SourceId] | None,
                rows: Iterable[tuple[SourceId, SourceRef]]) -> None:
        """What these clients' groups cover now (None: every client: a sweep's)."""
        ...

    def last_sweep(self) -> Sweep | None: ...

    def swept(self, sweep: Sweep) -> None: ...
