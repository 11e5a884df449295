"""The port through which the executor records what it does, before and after each write.

The store implements it: the pending entries of a batch are committed before the batch
leaves, and the batch's outcomes update the journal, the links and the audit log in one
transaction, so a crash at any point leaves a journal the next run can finish from. Two
commits a batch, not two a record: a commit is the dearest thing the executor does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from lawbooks.domain.model import SourceKind, SourceRef
from lawbooks.engine.errors import SyncError
from lawbooks.engine.plan import Operation
from lawbooks.engine.ports import Link


@dataclass(frozen=True, slots=True)
class Recorded:
    """One write's outcome: its link when done, else the error and whether it is final."""

    operation: Operation
    link: Link | None = None
    error: SyncError | None = None
    final: bool = False


class Journal(Protocol):
    def links(self) -> Mapping[SourceRef, Link]: ...

    def links_for(self, sources: Iterable[SourceRef]) -> dict[SourceRef, Link]:
        """The links of these sources only (a firm planned in pieces holds one piece's)."""
        ...

    def linked(self, kinds: Collection[SourceKind]) -> set[SourceRef]:
        """Every source of these kinds that has a link."""
        ...

    def in_flight(self) -> set[SourceRef]:
        """Sources with an attempt that never got a final answer (a crash, a lost response):
        before creating them again, look for what that attempt may have created."""
        ...

    def watermark(self, name: str) -> str | None:
        """Where reading the target's own changes (e.g. QBO's CDC) left off."""
        ...

    def set_watermark(self, name: str, value: str) -> None: ...

    def record_conflict(self, source: SourceRef, message: str) -> None: ...

    def record_pending(self, operations: Sequence[Operation]) -> None:
        """Committed before the requests are sent: the crash-recovery anchor."""
        ...

    def record_outcomes(self, outcomes: Sequence[Recorded]) -> None:
        """Every outcome of a batch, with links and audit entries, in one transaction."""
        ...
