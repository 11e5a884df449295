"""Stage 1 of a first run, pipelined: customers and invoices written while the pull still
reads.

A first run reads the whole firm from Clio (minutes for a large one, at Clio's 50 requests
a minute) and writes it all to QBO (longer, at QBO's 40 batch calls a minute). One after
the other, QBO's channel idles while Clio is read. So on a first run the pull runs in a
thread of its own and tells, as its pages land in the store, which bills it holds (their
clients need customers) and which it holds whole (every line and interest charge: an
invoice can be made). Those customers and invoices are planned here and handed to the
executor (`lane.py`) while the pull goes on. Nothing else is: a payment or credit note
needs every allocation of it, a client's trust ledger every movement (it is checked in date
order), so they wait for the sweep every first run ends with. That sweep waits until the
early writes are done, finds them linked and plans only what is left.

Only creates are planned early: a contact or bill already linked (a first run that died and
is run again) is left to the sweep, which first brings back what was edited in QBO. A run
that dies here leaves links and a first run still to do, as any run that dies does.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace

from lawbooks.domain.model import FirmSnapshot, SourceId, SourceKind, SourceRef
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.journal import Journal
from lawbooks.engine.plan import customers_needed, plan_bills, plan_customers
from lawbooks.engine.plan_billing import billing_refs
from lawbooks.engine.ports import DocumentMapper, TargetIndex, TargetObject
from lawbooks.engine.stages.ports import Source
from lawbooks.engine.stages.step import Step

STEP_BILLS = 3000  # bills planned in one early step at most (memory holds a step or two)
_WAIT_S = 0.5  # how long the planner waits for news before it looks whether the pull ended


@dataclass(slots=True)
class _News:
    """What the pull's thread told, until the planning thread takes it."""

    held: list[SourceId] = field(default_factory=list)
    whole: list[SourceId] = field(default_factory=list)
    done: bool = False
    error: BaseException | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)

    stopped: bool = False

    def tell(self, bills: Collection[SourceId], whole: bool) -> None:
        if self.stopped:  # the run failed: the pull stops at its next page
            raise _Stopped
        with self.changed:
            (self.whole if whole else self.held).extend(bills)
            self.changed.notify()

    def end(self, error: BaseException | None) -> None:
        with self.changed:
            self.done, self.error = True, error
            self.changed.notify()

    def take(self) -> tuple[list[SourceId], list[SourceId], bool]:
        """What was told since the last take (waiting a little for some), and whether the
        pull has ended."""
        with self.changed:
            if not (self.held or self.whole or self.done):
                self.changed.wait(_WAIT_S)
            held, whole, done = self.held, self.whole[:STEP_BILLS], self.done
            self.held, self.whole = [], self.whole[STEP_BILLS:]
            return held, whole, done and not self.whole


class _Stopped(Exception):
    pass


class PullInThread:
    """The source's pull, in a thread of its own, telling what lands."""

    def __init__(self, source: Source) -> None:
        self.news = _News()
        self._thread = threading.Thread(target=self._pull, args=(source,), daemon=True,
                                        name="lawbooks-pull")
        self._thread.start()

    def _pull(self, source: Source) -> None:
        try:
            source.pull(self.news.tell)
        except BaseException as error:  # raised again in the run's thread
            self.news.end(error)
        else:
            self.news.end(None)

    def join(self) -> None:
        """Wait for the pull to end; what it raised, raised here."""
        self._thread.join()
        if self.news.error is not None:
            raise self.news.error

    def stop(self) -> None:
        """The run failed: end the pull at its next page, and wait for it (no thread of a
        failed run may still be writing to the store when the firm is released)."""
        self.news.stopped = True
        self._thread.join()


@dataclass(slots=True)
class Early:
    """Plans the customers and invoices of what the pull has told, step by step."""

    source: Source
    journal: Journal
    settings: SyncSettings
    mapper: DocumentMapper
    index: TargetIndex
    realm: str
    customers: set[SourceRef] = field(default_factory=set)  # planned here, or linked
    claimed: dict[str, TargetObject] = field(default_factory=dict)  # names planned here

    def steps(self, pulling: PullInThread) -> Iterator[Step]:
        while True:
            held, whole, done = pulling.news.take()
            if held:
                yield from self._customers(self.source.bills_by_id(held, bills_only=True))
            if whole:
                yield from self._invoices(whole)
            if done:
                return

    def _customers(self, bills: FirmSnapshot) -> Iterator[Step]:
        needed = customers_needed(bills, self.mapper, self.settings) - self.customers
        if not needed:
            return
        self.customers |= needed
        links = self.journal.links_for(needed)
        new = {ref for ref in needed if ref not in links}
        contacts = FirmSnapshot(contacts=self.source.contacts_of({r.id for r in new}))
        # The names earlier early plans gave count as taken (`claimed`): the index, read
        # before they were executed, does not hold them.
        plan = plan_customers(self.realm, contacts, new, {}, self.index, self.mapper,
                              self.settings, self.claimed)
        if not plan.is_empty:
            yield Step(plan, "customers")

    def _invoices(self, bill_ids: list[SourceId]) -> Iterator[Step]:
        bills = self.source.bills_by_id(bill_ids)
        yield from self._customers(bills)  # a bill told whole before it was told held
        linked = self.journal.links_for(billing_refs(bills))
        fresh = {k: b for k, b in bills.bills.items()
                 if SourceRef(SourceKind.BILL, k) not in linked}
        clients = {bill.client_id for bill in fresh.values()}
        snapshot = FirmSnapshot(bills=fresh, contacts=self.source.contacts_of(clients),
                                trust_accounts={})
        plan = plan_bills(self.realm, snapshot, {}, self.index, self.mapper, self.settings)
        if not plan.is_empty:  # what it would hold is the sweep's to say, from every record
            yield Step(replace(plan, held=()), "billing", tuple(sorted(clients)))
