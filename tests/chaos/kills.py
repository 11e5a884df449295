"""One launch of `lawbooks sync` and the moment it is killed (SIGKILL), if it is.

Phases, as the issue asks: `start` (any time from launch: start-up, Clio pull, plan,
recovery), `writing` (up to a second after the run's first write to QBO) and `orphan_window`
(the instant a later write reaches QBO: the sandbox applies a batch as it arrives and answers
half a second later, so a kill a few milliseconds after its write counter moves lands after
QBO committed and before lawbooks recorded the answer). A run that QBO answers a 429 (lawbooks
then waits QBO's 60 s) is killed at once, and one that goes too long without writing (an
outage; `wait_cap_s` since its last write, or a generous cap before its first) is killed
anyway: both count as `stalled`.
"""

from __future__ import annotations

import random
import re
import sqlite3
import statistics
import time
from collections.abc import Callable
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


class Held(Exception):
    """The run is held: QBO answered it a 429 (lawbooks then waits QBO's 60 s)."""


class Killer:
    def __init__(self, qbo: QboSandbox, realm_id: str, database: Path, rng: random.Random,
                 wait_cap_s: float) -> None:
        self.qbo, self.realm_id, self.database = qbo, realm_id, database
        self.rng, self.wait_cap_s = rng, wait_cap_s
        self.first_writes: list[float] = []  # seconds from launch to the first write

    def _writes(self) -> int:
        return self.qbo.total_writes(self.realm_id)

    def _usual_first_write(self) -> float:
        return statistics.median(self.first_writes[-20:]) if self.first_writes else 4.0

    def _first_write_cap(self) -> float:
        """How long a launch may go without writing at all: generous (a large firm pulls,
        plans and recovers for a while), since a held run is caught by its 429."""
        slowest = max(self.first_writes[-20:], default=120.0)  # the first: a whole firm
        return 3 * slowest + 60

    def _poll(self, launch: Launch, deadline: float, done: Callable[[int], bool],
              every: float = POLL_S) -> bool:
        """Poll QBO's write count until `done(writes)`; False if the run ended or the
        deadline passed, `Held` if it was answered a 429. Writing moves the deadline on."""
        previous = self._writes()
        next_look = 0.0
        while launch.alive() and time.monotonic() < deadline:
            writes = self._writes()
            if writes > self.before and self.first_write is None:
                self.first_write = time.monotonic() - launch.started
            if done(writes):
                return True
            if writes > previous:  # still writing: not stalled
                deadline = max(deadline, time.monotonic() + self.wait_cap_s)
            previous = writes
            if time.monotonic() >= next_look:  # a 429 is looked for twice a second
                next_look = time.monotonic() + 0.5
                if self.held():
                    raise Held()
            time.sleep(every)
        return False

    def _wait_for_write(self, launch: Launch, seen: int, invoice: bool = False,
                        first: bool = False) -> bool:
        """Until QBO counts a write past `seen`; with `invoice`, a write that reaches QBO after
        this run journaled an invoice create as pending (so the batch it is in holds one).
        False if the run ended, or went `wait_cap_s` without writing (before its first write:
        the first-write cap)."""
        deadline = time.monotonic() + (self._first_write_cap() if first else self.wait_cap_s)
        earlier = invoice_sends(self.database) if invoice else set()
        state = {"armed": not invoice, "seen": seen, "previous": seen}

        def done(writes: int) -> bool:
            if not state["armed"] and invoice_sends(self.database) - earlier:
                # The count read before the last look (which saw no such send) cannot hold
                # the invoice's batch: an operation is journaled pending before it leaves.
                state["armed"], state["seen"] = True, state["previous"]
            state["previous"] = writes
            return bool(state["armed"]) and writes > state["seen"]

        return self._poll(launch, deadline, done)

    def _sleep(self, launch: Launch, seconds: float) -> None:
        # Nothing to catch to the millisecond here: a slower poll spares the sandbox.
        self._poll(launch, time.monotonic() + seconds, lambda writes: False, every=0.05)

    def run(self, launch: Launch, phase: str, before: int, target_invoice: bool,
            held: Callable[[], bool]) -> Outcome:
        """Kill `launch` at a moment of `phase`; `before`: QBO's writes before it started;
        `held()`: whether QBO answered it a 429 (it is then killed at once: `stalled`).
        In the orphan window the kill follows the first write, or one of the next two; with
        `target_invoice`, the first write of an invoice create."""
        self.before, self.first_write, self.held = before, None, held
        chosen = phase
        try:
            if phase == "start":  # up to the usual first write: start-up, pull, plan, recovery
                self._sleep(launch, self.rng.uniform(0.1, max(4.0, self._usual_first_write())))
            elif phase == "writing":
                if self._wait_for_write(launch, before, first=True):
                    # Within a second: a sync of a few edits writes for only a few seconds.
                    self._sleep(launch, self.rng.uniform(0.0, 1.0))
                else:
                    chosen = "stalled"
            else:
                later = 0 if target_invoice else self.rng.randrange(3)
                reached = self._wait_for_write(launch, before, invoice=target_invoice,
                                               first=True)
                for _ in range(later):
                    reached = reached and self._wait_for_write(launch, self._writes())
                if not reached:
                    chosen = "stalled"
        except Held:
            chosen = "stalled"
        if self.first_write is not None:
            self.first_writes.append(self.first_write)
        after = round(time.monotonic() - launch.started, 2)
        if not launch.alive():
            stopped = STOPPED.search(launch.text())
            return Outcome(phase, False, after, self._writes() - before,
                           launch.process.returncode, stopped.group(0) if stopped else None)
        launch.kill()
        return Outcome(chosen, True, after, self._writes() - before, None, None)
