"""One sync run: read the source, plan against the target, execute (unless dry run)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from lawbooks.domain.model import FirmSnapshot
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.execute import ExecutionReport, ExecutionSettings, Progress, execute
from lawbooks.engine.journal import Journal
from lawbooks.engine.merge import ContactSource, CustomerTarget, come_back
from lawbooks.engine.plan import Plan, plan
from lawbooks.engine.ports import DocumentMapper, TargetReader, TargetWriter


class Source(ContactSource, Protocol):
    def snapshot(self) -> FirmSnapshot:
        """Pull what changed, keep it, and return the whole firm as the domain sees it."""
        ...


class Target(TargetReader, TargetWriter, CustomerTarget, Protocol):
    realm: str

    def mapper(self, settings: SyncSettings) -> DocumentMapper: ...


@dataclass(frozen=True, slots=True)
class SyncResult:
    plan: Plan
    report: ExecutionReport | None  # None for a dry run


def run_sync(source: Source, target: Target, journal: Journal, settings: SyncSettings,
             *, dry_run: bool = False, progress: Progress | None = None,
             execution: ExecutionSettings | None = None) -> SyncResult:
    """Bring QBO-side contact edits back, plan, then (unless `dry_run`) execute. A dry run
    writes nothing anywhere."""
    snapshot = source.snapshot()
    mapper = target.mapper(settings)
    if not dry_run and come_back(source, target, journal, snapshot, mapper, datetime.now(UTC)):
        snapshot = source.snapshot()  # re-read what was just written to Clio
    the_plan = plan(target.realm, snapshot, journal.links(), target.index(), mapper, settings)
    if dry_run:
        return SyncResult(the_plan, None)
    return SyncResult(the_plan, execute(the_plan, target, journal, progress, execution))
