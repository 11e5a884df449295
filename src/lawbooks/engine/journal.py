"""The port through which the executor records what it does, before and after each write.

The store implements it: a pending entry is committed before the request leaves, and each
outcome updates the journal, the link and the audit log in one transaction, so a crash at
any point leaves a journal the next run can finish from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from lawbooks.domain.model import SourceRef
from lawbooks.engine.errors import SyncError
from lawbooks.engine.plan import Operation
from lawbooks.engine.ports import Link


class Journal(Protocol):
    def links(self) -> Mapping[SourceRef, Link]: ...

    def in_flight(self) -> set[SourceRef]:
        """Sources with an attempt that never got a final answer (a crash, a lost response):
        before creating them again, look for what that attempt may have created."""
        ...

    def watermark(self, name: str) -> str | None:
        """Where reading the target's own changes (e.g. QBO's CDC) left off."""
        ...

    def set_watermark(self, name: str, value: str) -> None: ...

    def record_conflict(self, source: SourceRef, message: str) -> None: ...

    def record_pending(self, operation: Operation) -> None: ...

    def record_success(self, operation: Operation, link: Link) -> None: ...

    def record_failure(self, operation: Operation, error: SyncError, *, final: bool) -> None: ...
