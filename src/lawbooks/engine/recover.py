"""Recover: settle every write an earlier run sent and never heard back about, before anything
is planned.

A run that dies (SIGKILL, a lost host, a lost answer) may leave writes that QBO applied and
lawbooks never recorded. Looking for them only when the same record is planned again is not
enough: once the source has changed (a bill voided, a payment deleted) it is never planned
again, and the object stays in QBO, live and unlinked. So every run starts here, whatever the
source looks like now:

- an unanswered create is looked for where its locator says (its id, name or number), and
  recognised by lawbooks' tag: found, it is adopted (its link recorded, its pushed content
  unknown, so the plan brings it to the source's current state: an update, a void or a
  delete); not found, it never arrived, and the plan decides afresh;
- an unanswered update, void or delete is read back: a void or delete QBO applied marks the
  link voided; otherwise the link takes QBO's current version, and its pushed content is
  forgotten so that the plan sends the source's current state again;
- when QBO cannot say (it is down), the operation waits, shown as a failure that says so,
  and the next run looks again. Meanwhile the executor never creates that record blind: it
  looks once more before any create of it (`execute._Run._prepare`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from lawbooks.domain.model import SourceRef
from lawbooks.engine.errors import RetriableError, SyncError
from lawbooks.engine.execute import ExecutionSettings, Outcome
from lawbooks.engine.journal import Journal, Recorded, Unanswered
from lawbooks.engine.ports import Link, OpKind, TargetWriter
from lawbooks.engine.retry import with_retries

T = TypeVar("T")
UNKNOWN = ""  # a pushed hash no document has: the plan sends the source's state again


class Undecided(RetriableError):
    """QBO could not be asked whether an earlier, unanswered write was applied."""


@dataclass(slots=True)
class Recovery:
    """What recovery found: per (entity, finding) counts, and what it could not decide."""

    found: Counter[tuple[str, str]] = field(default_factory=Counter)
    undecided: list[Outcome] = field(default_factory=list)
    requests: int = 0
    # Whose links recovery changed: an incremental run must plan their groups again.
    settled: set[SourceRef] = field(default_factory=set)


@dataclass
class _Recoverer:
    writer: TargetWriter
    settings: ExecutionSettings
    links: dict[str, Link]
    report: Recovery

    def settle(self, item: Unanswered) -> Recorded:
        op = item.operation
        link = self.links.get(str(op.source))
        if op.kind in (OpKind.CREATE, OpKind.ADOPT):
            if link is not None:  # a later attempt made and recorded it
                return self._resolved(item, "linked", f"linked to {link.entity} "
                                                      f"{link.target_id} since")
            return self._created(item)
        if link is None:
            return self._resolved(item, "nothing", "nothing is linked to it any more")
        return self._changed(item, link)

    def _created(self, item: Unanswered) -> Recorded:
        op = item.operation
        found = self._ask(lambda: self.writer.find(op.entity, op.source, item.locator))
        if isinstance(found, SyncError):
            return self._undecided(item, found)
        if found is None:
            return self._resolved(item, "never arrived",
                                  "QuickBooks never received it; planned afresh")
        self.report.found[(op.entity, "adopted")] += 1
        link = Link(op.source, op.entity, found.id, found.sync_token, UNKNOWN)
        self.links[str(op.source)] = link  # a second unanswered create of it sees it linked
        return Recorded(op, link, note=f"adopted {op.entity} {found.id}: an earlier run made "
                                       "it and stopped before recording it")

    def _changed(self, item: Unanswered, link: Link) -> Recorded:
        op = item.operation
        state = self._ask(lambda: self.writer.state(link.entity, link.target_id))
        if isinstance(state, SyncError):
            return self._undecided(item, state)
        unwinding = op.kind in (OpKind.VOID, OpKind.DELETE)
        if state is None or (unwinding and state.voided):
            self.report.found[(op.entity, "unwound")] += 1
            fresh = replace(link, voided=True, sync_token=state.sync_token if state else
                            link.sync_token)
            return Recorded(op, fresh, resolved=True,
                            note=f"{op.entity} {link.target_id} is already "
                                 f"{'deleted' if state is None else 'voided'} in QuickBooks")
        self.report.found[(op.entity, "read back")] += 1
        fresh = replace(link, sync_token=state.sync_token, pushed_hash=UNKNOWN)
        return Recorded(op, fresh, resolved=True,
                        note=f"read back {op.entity} {link.target_id}: the plan sends the "
                             "source's current state")

    def _resolved(self, item: Unanswered, finding: str, note: str) -> Recorded:
        self.report.found[(item.operation.entity, finding)] += 1
        return Recorded(item.operation, resolved=True, note=note)

    def _undecided(self, item: Unanswered, error: SyncError) -> Recorded:
        op = item.operation
        undecided = Undecided(
            f"lawbooks could not tell whether QuickBooks received {op.label} before an "
            f"earlier sync stopped ({error.reason.rstrip('.')}).",
            "lawbooks asks again at the next sync and never sends it twice; nothing to do "
            "unless this stays for a day.", detail=error.detail)
        self.report.undecided.append(Outcome(op, "waiting", str(undecided)))
        return Recorded(op, error=undecided, note=undecided.reason)

    def _ask(self, call: Callable[[], T]) -> T | SyncError:
        def counted() -> None:
            self.report.requests += 1
        return with_retries(call, self.settings.retry, self.settings.sleep, counted)


def recover(writer: TargetWriter, journal: Journal,
            settings: ExecutionSettings | None = None) -> Recovery:
    """Settle every unanswered write of earlier runs; recorded in one transaction."""
    report = Recovery()
    unanswered = journal.unanswered()
    if not unanswered:
        return report
    links = journal.links_for(item.operation.source for item in unanswered)
    recoverer = _Recoverer(writer, settings or ExecutionSettings(),
                           {str(source): link for source, link in links.items()}, report)
    records = [recoverer.settle(item) for item in unanswered]
    journal.record_outcomes(records)
    report.settled = {record.operation.source for record in records}
    return report
