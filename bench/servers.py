"""Both sandboxes in a child process, so that the lawbooks side is measured on its own.

`python -m bench.servers '<json>'` serves them and prints one JSON line with their URLs;
`Servers` starts that child, reads the line, and ends the child on `stop()`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.counting import CountingApp


@dataclass(frozen=True)
class Limits:
    """What the sandboxes enforce: QBO's and Clio's limits on a clock `time_scale` times
    faster than the wall clock (the same scale for both), or nothing at all."""

    enforce: bool = False
    time_scale: float = 1.0
    qbo_webhook_window_s: float = 0.2


@dataclass
class Servers:
    limits: Limits = field(default_factory=Limits)
    clio: str = ""
    qbo: str = ""
    _child: subprocess.Popen[str] | None = None

    def start(self) -> Servers:
        self._child = subprocess.Popen(
            [sys.executable, "-m", "bench.servers", json.dumps(asdict(self.limits))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._child.stdout is not None
        urls = json.loads(self._child.stdout.readline())
        self.clio, self.qbo = urls["clio"], urls["qbo"]
        return self

    def stop(self) -> None:
        if self._child is not None:
            assert self._child.stdin is not None
            self._child.stdin.close()  # the child serves until its stdin closes
            try:
                self._child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._child.kill()
            self._child = None

    def __enter__(self) -> Servers:
        return self.start()

    def __exit__(self, *_: Any) -> None:
        self.stop()


def _serve(limits: Limits) -> dict[str, str]:
    from clio_sandbox.app import create_app as clio_app
    from clio_sandbox.config import CLIO_RATE_LIMIT, ClioSandboxConfig
    from qbo_sandbox.app import create_app as qbo_app
    from qbo_sandbox.config import QboSandboxConfig

    from lawbooks.demo import serve

    clio = ClioSandboxConfig(auto_approve=True, time_scale=limits.time_scale,
                             rate_limit_per_minute=CLIO_RATE_LIMIT if limits.enforce else None)
    # QBO's limits are turned on after the firm's set-up (POST /_bench/enforce).
    qbo = QboSandboxConfig(auto_approve=True, time_scale=limits.time_scale,
                           webhook_batch_window_s=limits.qbo_webhook_window_s)
    return {"clio": serve(CountingApp(clio_app(clio))).url,
            "qbo": serve(CountingApp(qbo_app(qbo), qbo)).url}


def main() -> None:
    urls = _serve(Limits(**json.loads(sys.argv[1])))
    sys.stdout.write(json.dumps(urls) + "\n")
    sys.stdout.flush()
    sys.stdin.read()  # until the parent closes it (or exits)


if __name__ == "__main__":
    main()
