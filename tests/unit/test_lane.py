"""The hand-over between planning and execution (`engine/stages/lane.py`): steps run in the
order handed over, in another thread, the next planned while one executes; a failure on
either side stops the other, and nothing of the run is still executing once it returns."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from lawbooks.engine.errors import FatalError
from lawbooks.engine.plan import Plan
from lawbooks.engine.stages.lane import Lane
from lawbooks.engine.stages.step import Step


def step(n: int) -> Step:
    return Step(Plan(str(n)), "billing")


@dataclass
class Recording:
    """An executor that notes the steps it ran, and can be held inside one."""

    ran: list[str] = field(default_factory=list)
    threads: set[str] = field(default_factory=set)
    hold: threading.Event | None = None
    started: threading.Event = field(default_factory=threading.Event)
    fail_on: str | None = None

    def run(self, s: Step) -> None:
        self.threads.add(threading.current_thread().name)
        self.started.set()
        if self.hold is not None:
            assert self.hold.wait(10)
        if s.plan.realm == self.fail_on:
            raise FatalError("QuickBooks refused the token.", "Reconnect QuickBooks.")
        self.ran.append(s.plan.realm)


def test_steps_run_in_order_in_another_thread():
    executor = Recording()
    with Lane(executor) as lane:  # type: ignore[arg-type]
        for n in range(20):
            lane.put(step(n))
    assert executor.ran == [str(n) for n in range(20)]
    assert executor.threads == {"lawbooks-execute"}


def test_the_next_step_is_handed_over_while_one_executes():
    executor = Recording(hold=threading.Event())
    with Lane(executor, depth=1) as lane:  # type: ignore[arg-type]
        lane.put(step(1))
        assert executor.started.wait(10)
        lane.put(step(2))  # returns while step 1 is still executing
        assert executor.ran == []
        executor.hold.set()
    assert executor.ran == ["1", "2"]


def test_drain_waits_for_every_step_handed_over():
    executor = Recording()
    with Lane(executor) as lane:  # type: ignore[arg-type]
        lane.put(step(1))
        lane.put(step(2))
        lane.drain()
        assert executor.ran == ["1", "2"]


def test_a_failed_execution_stops_the_steps_after_it_and_reaches_the_planner():
    executor = Recording(fail_on="2")
    with pytest.raises(FatalError), Lane(executor) as lane:  # type: ignore[arg-type]
        for n in range(1, 50):
            lane.put(step(n))
    assert executor.ran == ["1"]


def test_a_failed_plan_discards_what_waits_and_waits_for_what_runs():
    executor = Recording(hold=threading.Event())
    with pytest.raises(ValueError), Lane(executor, depth=1) as lane:  # type: ignore[arg-type]
        lane.put(step(1))
        assert executor.started.wait(10)
        lane.put(step(2))
        threading.Timer(0.2, executor.hold.set).start()
        raise ValueError("a record could not be read")
    assert executor.ran == ["1"]  # step 1 finished before the run returned; step 2 never ran


def test_without_a_thread_each_step_runs_as_it_is_handed_over():
    executor = Recording()
    with Lane(executor, threaded=False) as lane:  # type: ignore[arg-type]
        lane.put(step(1))
        assert executor.ran == ["1"]
    assert executor.threads == {threading.current_thread().name}
