"""One launch of `lawbooks sync` and the moment it is killed (SIGKILL), if it is.

Phases, as the issue asks: `start` (any time from launch: start-up, Clio pull, plan,
recovery), `writing` (a random time after the run's first write to QBO) and `orphan_window`
(the instant a later write reaches QBO: the sandbox applies a batch as it arrives and answers
half a second later, so a kill a few milliseconds after its write counter moves lands after
QBO committed and before lawbooks recorded the answer). A run that goes too long without
writing (a 429 makes it wait QBO's 60 s; an outage) is killed anyway: `stalled`. Too long:
`wait_cap_s` since its last write, or before its first twice the usual time to it
plus `wait_cap_s` (a large firm pulls and plans for a while before it writes).
"""

from __future__ import annotations

import random
import re
import sqlite3
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from chaos.processes import Launch, QboSandbox

PHASES = ("start", "writing", "orphan_window")
POLL_S = 0.003
STOPPED = re.compile(r"Sync stopped:.*")


@dataclass(frozen=True)
class Outcome:
    phase: str  # the phase chosen; "stalled" when the awaited write never came
    killed: bool
    after_s: float
    writes: int  # QBO writes (single + batch calls) this launch made
    exit_code: int | None  # when it ended by itself
    stopped: str | None  # its "Sync stopped: ..." line, if any


def invoice_sends(database: Path) -> set[tuple[int, int]]:
    """Invoice creates journaled `pending` (about to leave, or on the wire), as (operation,
    attempt): each send journals its operation pending again with one more attempt. Read
    without waiting; a busy store reads as nothing, tried again at the next poll."""
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.05) as db:
            rows = db.execute("SELECT id, attempts FROM operations WHERE status = 'pending' "
                              "AND entity = 'Invoice' AND kind = 'create'").fetchall()
    except sqlite3.Error:
        return set()
    return {(int(i), int(a)) for i, a in rows}


class Killer:
    def __init__(self, qbo: QboSandbox, realm_id: str, database: Path, rng: random.Random,
                 wait_cap_s: float) -> None:
        self.qbo, self.realm_id, self.database = qbo, realm_id, database
        self.rng, self.wait_cap_s = rng, wait_cap_s
        self.first_writes: list[float] = []  # seconds from launch to the first write

    def _writes(self) -> int:
        return self.qbo.total_writes(self.realm_id)

    def _first_write_cap(self) -> float:
        """How long a launch may go without its first write before it counts as stalled."""
        if not self.first_writes:  # the first launch pulls the whole firm first
            return 5 * self.wait_cap_s
        return 2 * statistics.median(self.first_writes[-20:]) + self.wait_cap_s

    def _wait_for_write(self, launch: Launch, seen: int, invoice: bool = False,
                        first: bool = False) -> bool:
        """Until QBO counts a write past `seen`; with `invoice`, a write that reaches QBO after
        this run journaled an invoice create as pending (so the batch it is in holds one).
        False if the run ended, or went `wait_cap_s` without writing (the first write: the
        first-write cap): a run held by a 429 or an outage."""
        deadline = time.monotonic() + (self._first_write_cap() if first else self.wait_cap_s)
        earlier = invoice_sends(self.database) if invoice else set()
        armed, previous = not invoice, seen
        while launch.alive() and time.monotonic() < deadline:
            writes = self._writes()
            if not armed and invoice_sends(self.database) - earlier:
                # The count read before the last look (which saw no such send) cannot hold
                # the invoice's batch: an operation is journaled pending before it leaves.
                armed, seen = True, previous
            if armed and writes > seen:
                return True
            if writes > previous:  # still writing: not stalled
                deadline = max(deadline, time.monotonic() + self.wait_cap_s)
            previous = writes
            time.sleep(POLL_S)
        return False

    def _sleep(self, launch: Launch, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while launch.alive() and time.monotonic() < deadline:
            time.sleep(0.01)

    def run(self, launch: Launch, phase: str, before: int, target_invoice: bool) -> Outcome:
        """Kill `launch` at a moment of `phase`; `before`: QBO's writes before it started.
        In the orphan window the kill follows the first write, or one of the next two; with
        `target_invoice`, the first write of an invoice create."""
        chosen = phase
        if phase == "start":
            self._sleep(launch, self.rng.uniform(0.1, 4.0))
        elif phase == "writing":
            if self._wait_for_write(launch, before, first=True):
                self.first_writes.append(time.monotonic() - launch.started)
                self._sleep(launch, self.rng.uniform(0.0, 2.0))
            else:
                chosen = "stalled"
        else:
            later = 0 if target_invoice else self.rng.randrange(3)
            reached = self._wait_for_write(launch, before, invoice=target_invoice, first=True)
            for _ in range(later):
                reached = reached and self._wait_for_write(launch, self._writes())
            if not reached:
                chosen = "stalled"
        after = round(time.monotonic() - launch.started, 2)
        if not launch.alive():
            stopped = STOPPED.search(launch.text())
            return Outcome(phase, False, after, self._writes() - before,
                           launch.process.returncode, stopped.group(0) if stopped else None)
        launch.kill()
        return Outcome(chosen, True, after, self._writes() - before, None, None)
