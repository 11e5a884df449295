"""Between plan and execute: a bounded hand-over, so that the next step is planned (its
records read, its documents mapped) while this one's writes are out.

QBO's batch limit is the pace of a large sync. Planned and executed in turn, every
partition's planning was time in which nothing was on the wire; here one thread executes
the steps in the order they are handed over, while the caller plans the next one (at most
`depth` waiting, so memory still holds a step or two, never the firm). The steps a run plans
touch disjoint records (customers, then each partition's billing or trust, then what
vanished), and each one's execution reads the links it needs when it starts, after every
earlier step is done, so the order of writes is the order of steps, as before. Where a
planner must see what earlier steps wrote (the sweep after a first run's early writes,
`early.py`), it waits with `drain()`.

A failure in execution stops the hand-over: no later step is sent, and the error comes out
of the next `put()` or of `close()`. A failure in planning discards the steps not yet
started and waits for the one on the wire to finish, so that no write of this run is still
going out when the caller releases the firm.
"""

from __future__ import annotations

import queue
import threading
from types import TracebackType

from lawbooks.engine.stages.execute import Executor
from lawbooks.engine.stages.step import Step

_STOP = object()
_POLL_S = 0.2  # how often a blocked put() looks for a failure of the executing thread


class Lane:
    def __init__(self, executor: Executor, *, threaded: bool = True, depth: int = 1) -> None:
        self._executor = executor
        self._threaded = threaded
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max(1, depth))
        self._error: BaseException | None = None
        self._discard = False
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Lane:
        if self._threaded:
            self._thread = threading.Thread(target=self._work, name="lawbooks-execute",
                                            daemon=True)
            self._thread.start()
        return self

    def put(self, step: Step) -> None:
        """Hand a planned step over (run it, without a thread); raises what failed."""
        self._raise()
        if self._thread is None:
            self._executor.run(step)
            return
        while True:
            try:
                self._queue.put(step, timeout=_POLL_S)
                return
            except queue.Full:
                self._raise()

    def drain(self) -> None:
        """Wait until every step handed over is executed."""
        if self._thread is not None:
            self._queue.join()
        self._raise()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._thread is None:
            return
        self._discard = error is not None
        self._queue.put(_STOP)
        self._thread.join()
        if error is None:
            self._raise()

    def _work(self) -> None:
        while (step := self._queue.get()) is not _STOP:
            try:
                if self._error is None and not self._discard:
                    assert isinstance(step, Step)
                    self._executor.run(step)
            except BaseException as failure:
                self._error = failure
            finally:
                self._queue.task_done()
        self._queue.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error
