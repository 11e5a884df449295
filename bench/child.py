"""One lawbooks process doing what a benchmark measures, apart from the harness.

`python -m bench.child '<json Job>'` connects a generated firm, runs `syncs` syncs and prints
one JSON line: wall and CPU time, peak RSS, what was written, what each sandbox served. Peak
RSS (`ru_maxrss`) is this process's alone: the sandboxes run in another one.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench import firm as firms


@dataclass(frozen=True)
class Job:
    clio: str
    qbo: str
    data_dir: str
    firm: str
    qbo_time_scale: float | None = None  # lawbooks' own QBO buckets; None: no buckets
    enforce: bool = False  # turn the QBO sandbox's limits on once the firm is set up
    batch_size: int = 30
    syncs: int = 1
    advance_clio_s: int = 0  # before each sync after the first: time passing between syncs
    backdate_s: float = 0  # the firm was made this long before its first sync (firm.backdated)


@dataclass
class Clock:
    """When the sync's first and last QBO write landed, and how many were done."""

    first: float = 0.0
    last: float = 0.0
    done: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def __call__(self, _op: Any, status: str) -> None:
        now = time.monotonic()
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status == "done":
            self.first = self.first or now
            self.last, self.done = now, self.done + 1


class NoLimits:
    """lawbooks' QBO buckets switched off (the sandboxes enforce nothing either)."""

    def for_realm(self, _realm_id: str) -> Any:
        from lawbooks.engine.ratelimit import Limits

        return Limits({})


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def count_commits(engine: Any) -> list[int]:
    """A one-item list counting the store's committed transactions (each a disk sync on
    SQLite), from now on."""
    from sqlalchemy import event

    counter = [0]

    def committed(_connection: Any) -> None:
        counter[0] += 1
    event.listen(engine, "commit", committed)
    return counter


def run(job: Job) -> dict[str, Any]:
    from lawbooks.bootstrap import RealmLimits, sync_firm

    demo = firms.connect(job.clio, job.qbo, Path(job.data_dir), job.firm)
    source = firms.source_counts(demo.ids)
    demo.ids.clear()  # the harness's map of every generated id is no part of lawbooks' memory
    app = demo.app
    app.limits = (NoLimits() if job.qbo_time_scale is None
                  else RealmLimits(app.sessions, job.qbo_time_scale))
    if job.enforce:
        firms.enforce_qbo(job.qbo)
    before = _counts(job)
    firms.reset_qbo_report(job.qbo, demo.realm_id)
    rss_before, cpu_before, runs = rss_kb(), cpu_s(), []
    commits = count_commits(app.engine)
    for n in range(job.syncs):
        if n and job.advance_clio_s:
            firms.advance_clio(job.clio, job.advance_clio_s)
        clock, start, served, cpu = Clock(), time.monotonic(), _counts(job), cpu_s()
        commits_before = commits[0]
        with firms.backdated(job.clio, job.qbo, job.backdate_s if n == 0 else 0):
            sync_firm(app, demo.firm_id, progress=clock, execution=_execution(job))
        runs.append({"start": start, "end": time.monotonic(), "first_write": clock.first,
                     "last_write": clock.last, "done": clock.done, "statuses": clock.statuses,
                     "served": _served(job, served), "cpu_s": cpu_s() - cpu,
                     "commits": commits[0] - commits_before})
    return {"runs": runs, "cpu_s": cpu_s() - cpu_before, "rss_before_kb": rss_before,
            "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "source": source,
            "served": _served(job, before), "qbo_report": firms.qbo_report(job.qbo, demo.realm_id)}


def _execution(job: Job) -> Any:
    """Batches of the job's size; on a compressed clock the executor's waits are compressed
    too (QBO's "wait 60 s" after a 429 is 60 s of QBO's time, not of the wall's)."""
    from lawbooks.engine.execute import ExecutionSettings

    scale = job.qbo_time_scale or 1.0
    return ExecutionSettings(sleep=lambda seconds: time.sleep(seconds / scale),
                             batch_size=job.batch_size)


def _counts(job: Job) -> dict[str, dict[str, int]]:
    return {"clio": firms.counts(job.clio), "qbo": firms.counts(job.qbo)}


def _served(job: Job, before: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    after = _counts(job)
    return {side: {k: n - before[side].get(k, 0) for k, n in after[side].items()}
            for side in after}


def spawn(job: Job) -> dict[str, Any]:
    """Run `job` in a fresh interpreter and answer its JSON line."""
    out = subprocess.run([sys.executable, "-m", "bench.child", json.dumps(asdict(job))],
                         check=True, stdout=subprocess.PIPE, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


if __name__ == "__main__":
    sys.stdout.write(json.dumps(run(Job(**json.loads(sys.argv[1])))) + "\n")
