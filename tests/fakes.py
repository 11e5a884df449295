"""Fakes at the engine's ports: an in-memory journal and a scriptable target writer."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from lawbooks.domain.model import SourceKind, SourceRef
from lawbooks.engine.errors import SyncError
from lawbooks.engine.journal import Recorded, Sent, Unanswered
from lawbooks.engine.ports import JSON, Link, TargetState, WriteRequest, Written


@dataclass
class FakeJournal:
    saved: dict[SourceRef, Link] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)  # op key -> status
    sources: dict[str, SourceRef] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # "pending:<label>" etc, in order
    marks: dict[str, str] = field(default_factory=dict)
    sent: dict[str, Unanswered] = field(default_factory=dict)  # op key -> as last sent

    def links(self) -> dict[SourceRef, Link]:
        return dict(self.saved)

    def links_for(self, sources: Iterable[SourceRef]) -> dict[SourceRef, Link]:
        return {s: self.saved[s] for s in set(sources) if s in self.saved}

    def linked(self, kinds: Collection[SourceKind]) -> set[SourceRef]:
        return {s for s in self.saved if s.kind in kinds}

    def linked_to(self, objects: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Link]:
        wanted = set(objects)
        return {(link.entity, link.target_id): link for link in self.saved.values()
                if (link.entity, link.target_id) in wanted}

    def watermark(self, name: str) -> str | None:
        return self.marks.get(name)

    def set_watermark(self, name: str, value: str) -> None:
        self.marks[name] = value

    def record_conflict(self, source: SourceRef, message: str) -> None:
        self.order.append(f"conflict:{source}")

    def in_flight(self) -> set[SourceRef]:
        return {self.sources[k] for k, s in self.status.items() if s in ("pending", "waiting")}

    def unanswered(self) -> list[Unanswered]:
        return [item for key, item in self.sent.items()
                if self.status.get(key) in ("pending", "waiting")]

    def record_pending(self, sent: Sequence[Sent]) -> None:
        for item in sent:
            operation = item.operation
            self.status[operation.key] = "pending"
            self.sources[operation.key] = operation.source
            self.sent[operation.key] = Unanswered(operation, item.locator)
            self.order.append(f"pending:{operation.source}")
        self.order.append("commit")

    def record_outcomes(self, outcomes: Sequence[Recorded]) -> None:
        for outcome in outcomes:
            op = outcome.operation
            if outcome.link is not None:
                self.saved[op.source] = outcome.link
            if outcome.resolved:
                self.status[op.key] = "resolved"
            elif outcome.link is not None:
                self.status[op.key] = "done"
            else:
                self.status[op.key] = "failed" if outcome.final else "waiting"
            self.order.append(f"{self.status[op.key]}:{op.source}")
        self.order.append("commit")


Script = Callable[[WriteRequest], Written | SyncError]


@dataclass
class FakeWriter:
    """Answers each request through `script` (default: success with a fresh id)."""

    script: Script | None = None
    batch_failure: SyncError | None = None  # the whole batch call fails this often
    batch_failures_left: int = 0
    found: dict[SourceRef, Written] = field(default_factory=dict)
    states: dict[str, TargetState | None] = field(default_factory=dict)  # by target id
    calls: list[tuple[str, list[str]]] = field(default_factory=list)
    next_id: int = 100

    def _answer(self, request: WriteRequest) -> Written | SyncError:
        if self.script is not None:
            result = self.script(request)
            if result is not None:
                return result
        self.next_id += 1
        return Written(request.target_id or str(self.next_id), "0")

    def write(self, request: WriteRequest) -> Written:
        self.calls.append(("write", [str(request.source)]))
        result = self._answer(request)
        if isinstance(result, SyncError):
            raise result
        return result

    def write_batch(self, requests: Sequence[WriteRequest],
                    batch_key: str) -> list[Written | SyncError]:
        self.calls.append(("batch", [str(r.source) for r in requests]))
        if self.batch_failures_left > 0 and self.batch_failure is not None:
            self.batch_failures_left -= 1
            raise self.batch_failure
        return [self._answer(r) for r in requests]

    def locator(self, request: WriteRequest) -> JSON:
        return {"Id": request.target_id} if request.target_id else {"source": str(request.source)}

    def find(self, entity: str, source: SourceRef, locator: JSON) -> Written | None:
        self.calls.append(("find", [str(source)]))
        return self.found.get(source)

    def state(self, entity: str, target_id: str) -> TargetState | None:
        self.calls.append(("state", [target_id]))
        return self.states.get(target_id, TargetState(target_id, "1"))
