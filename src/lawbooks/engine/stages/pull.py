"""Stage 1, pull: settle what earlier runs left unanswered, read what changed in the source,
bring QBO-side contact edits back (the same change feed reports linked documents edited in
QBO: their groups are marked changed), and read the target's name index (stored, kept
current by the same feed: a name it released marks the clients whose customers yielded it).

Recovery comes first (`engine/recover.py`): no plan is made on a journal that may be missing
writes. A dry run recovers too (it writes only lawbooks' own journal), or it would show
creates of records the target already holds. What recovery settled changed links that an
incremental run would not otherwise plan again: their clients are marked changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from lawbooks.domain.model import SourceId, SourceKind, TrustAccount
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.execute import ExecutionSettings
from lawbooks.engine.journal import Journal
from lawbooks.engine.merge import come_back
from lawbooks.engine.ports import DocumentMapper, TargetIndex
from lawbooks.engine.recover import Recovery, recover
from lawbooks.engine.stages.early import Early, PullInThread
from lawbooks.engine.stages.lane import Lane
from lawbooks.engine.stages.ports import Edited, Source, Target, Tracking


@dataclass(frozen=True, slots=True)
class Pulled:
    """What every later stage reads: the trust accounts, the mapper, the target's names, and
    the clients the pull found changed beyond the source's own marks."""

    trust_accounts: dict[SourceId, TrustAccount]
    mapper: DocumentMapper
    index: TargetIndex
    recovery: Recovery
    touched: frozenset[SourceId] = frozenset()


def pull(source: Source, target: Target, journal: Journal, settings: SyncSettings, *,
         dry_run: bool, full: bool, execution: ExecutionSettings | None,
         tracking: Tracking | None, lane: Lane | None = None) -> Pulled:
    """`lane`: where a first run hands the customers and invoices it writes while the pull
    reads (`early.py`); idle again when this returns."""
    recovery = recover(target, journal, execution)
    if tracking is not None and recovery.settled:
        tracking.marks.mark(tracking.coverage.clients_of(recovery.settled))
    mapper = target.mapper(settings)
    if lane is not None and not dry_run and _first_run(tracking):
        _pull_early(source, target, journal, settings, mapper, lane)
    else:
        source.pull()
    if not dry_run and come_back(source, target, journal, mapper, datetime.now(UTC)):
        source.pull()  # re-read what was just written to Clio (it marks those clients)
    if not dry_run and tracking is not None and tracking.edits is not None:
        _mark_edited(tracking, tracking.edits.edited_documents(), journal)
    index = target.index(full=full, keep=not dry_run)
    touched = _renamable(index, journal)
    if not dry_run and tracking is not None and touched:
        tracking.marks.mark(touched)
    return Pulled(source.trust_accounts(), mapper, index, recovery, frozenset(touched))


def _first_run(tracking: Tracking | None) -> bool:
    return tracking is not None and tracking.coverage.last_sweep() is None


def _pull_early(source: Source, target: Target, journal: Journal, settings: SyncSettings,
                mapper: DocumentMapper, lane: Lane) -> None:
    """A first run's pull, its customers and invoices written as it reads (`early.py`)."""
    early = Early(source, journal, settings, mapper, target.index(full=True, keep=False),
                  target.realm)
    pulling = PullInThread(source)
    try:
        for step in early.steps(pulling):
            lane.put(step)
        pulling.join()
    except BaseException:
        pulling.stop()
        raise
    lane.drain()  # what comes next reads the links and names the early writes made


def _renamable(index: TargetIndex, journal: Journal) -> set[SourceId]:
    """The clients whose customers carry a suffix for a name the target has since released
    (renamed away, deleted): a sweep would give them the shorter name, so they are planned.
    A dry run finds them too, and marks nothing."""
    links = journal.linked_to((holder.entity, holder.id) for holder in index.released)
    return {link.source.id for link in links.values() if link.source.kind is SourceKind.CONTACT}


def _mark_edited(tracking: Tracking, edited: list[Edited], journal: Journal) -> None:
    """A linked document someone edited in QBO (not lawbooks' own last write, whose version
    the link holds) marks the clients of its group: the next plan of it sees the change."""
    links = journal.linked_to([(e.entity, e.target_id) for e in edited])
    foreign = {links[(e.entity, e.target_id)].source for e in edited
               if (e.entity, e.target_id) in links
               and links[(e.entity, e.target_id)].sync_token != e.sync_token}
    if foreign:
        tracking.marks.mark(tracking.coverage.clients_of(foreign))
