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
from lawbooks.engine.ports import JSON, Link


@dataclass(frozen=True, slots=True)
class Recorded:
    """One write's outcome: its link when done, else the error and whether it is final.
    `resolved`: settled by recovery without a known answer (the link, if any, refreshed from
    what the target holds); `note` says what recovery found, for the audit log (and, for a
    failure, replaces the usual "was not sent" message: it may have been)."""

    operation: Operation
    link: Link | None = None
    error: SyncError | None = None
    final: bool = False
    resolved: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class Sent:
    """A write as journaled just before it leaves, with where to look for its object should
    no answer come back (`TargetWriter.locator`)."""

    operation: Operation
    locator: JSON


@dataclass(frozen=True, slots=True)
class Unanswered:
    """A write sent by an earlier run whose outcome was never learnt: its operation (without
    its document, which the journal does not keep) and its locator."""

    operation: Operation
    locator: JSON


class Journal(Protocol):
    def links(self) -> Mapping[SourceRef, Link]: ...

    def links_for(self, sources: Iterable[SourceRef]) -> dict[SourceRef, Link]:
        """The links of these sources only (a firm planned in pieces holds one piece's)."""
        ...

    def linked(self, kinds: Collection[SourceKind]) -> set[SourceRef]:
        """Every source of these kinds that has a link."""
        ...

    def linked_to(self, objects: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Link]:
        """The links of these target objects, by (entity, target id)."""
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

    def unanswered(self) -> list[Unanswered]:
        """Every write that was sent and never got a final answer (pending, or waiting after a
        passing fault), oldest first: what recovery settles before anything is planned."""
        ...

    def record_pending(self, sent: Sequence[Sent]) -> None:
        """Committed before the requests are sent: the crash-recovery anchor."""
        ...

    def record_outcomes(self, outcomes: Sequence[Recorded]) -> None:
        """Every outcome of a batch, with links and audit entries, in one transaction."""
        ...
