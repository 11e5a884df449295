"""Stage 1, pull: settle what earlier runs left unanswered, read what changed in the source,
bring QBO-side contact edits back (the same change feed reports linked documents edited in
QBO: their groups are marked changed), and read the target's name index.

Recovery comes first (`engine/recover.py`): no plan is made on a journal that may be missing
writes. A dry run recovers too (it writes only lawbooks' own journal), or it would show
creates of records the target already holds. What recovery settled changed links that an
incremental run would not otherwise plan again: their clients are marked changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from lawbooks.domain.model import FirmSnapshot
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.execute import ExecutionSettings
from lawbooks.engine.journal import Journal
from lawbooks.engine.merge import come_back
from lawbooks.engine.ports import DocumentMapper, TargetIndex
from lawbooks.engine.recover import Recovery, recover
from lawbooks.engine.stages.ports import Edited, Source, Target, Tracking


@dataclass(frozen=True, slots=True)
class Pulled:
    """What every later stage reads: the firm's outline, the mapper, the target's names."""

    outline: FirmSnapshot  # contacts and trust accounts
    mapper: DocumentMapper
    index: TargetIndex
    recovery: Recovery


def pull(source: Source, target: Target, journal: Journal, settings: SyncSettings, *,
         dry_run: bool, execution: ExecutionSettings | None,
         tracking: Tracking | None) -> Pulled:
    recovery = recover(target, journal, execution)
    if tracking is not None and recovery.settled:
        tracking.marks.mark(tracking.coverage.clients_of(recovery.settled))
    source.pull()
    outline = source.outline()
    mapper = target.mapper(settings)
    if not dry_run and come_back(source, target, journal, outline, mapper, datetime.now(UTC)):
        source.pull()  # re-read what was just written to Clio (it marks those clients)
        outline = source.outline()
    if not dry_run and tracking is not None and tracking.edits is not None:
        _mark_edited(tracking, tracking.edits.edited_documents(), journal)
    return Pulled(outline, mapper, target.index(), recovery)


def _mark_edited(tracking: Tracking, edited: list[Edited], journal: Journal) -> None:
    """A linked document someone edited in QBO (not lawbooks' own last write, whose version
    the link holds) marks the clients of its group: the next plan of it sees the change."""
    links = journal.linked_to([(e.entity, e.target_id) for e in edited])
    foreign = {links[(e.entity, e.target_id)].source for e in edited
               if (e.entity, e.target_id) in links
               and links[(e.entity, e.target_id)].sync_token != e.sync_token}
    if foreign:
        tracking.marks.mark(tracking.coverage.clients_of(foreign))
