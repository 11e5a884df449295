"""The processes of a chaos run: the two sandboxes and each `lawbooks sync`.

Every process is started and ended here, by its own handle (never by name). The QBO sandbox
keeps its state in a file so that it can be killed and started again: it is killed only right
after a save with no sync running, so nothing it committed is lost (a real QBO never loses a
committed write; a restart that did would be a test of something QBO never does).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

LAWBOOKS = str(Path(sys.executable).with_name("lawbooks"))
BIN = Path(sys.executable).parent  # where `clio-sandbox` and `qbo-sandbox` are installed
# QBO's batches answer in half a second, as real ones take a while: without it a whole sync
# fits in one burst and few kills would land while it writes.
BATCH_LATENCY_S = "0.5"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"the sandbox on port {port} exited "
                                   f"({process.returncode})") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"the sandbox on port {port} did not start") from None
            time.sleep(0.05)


@dataclass
class Sandbox:
    """`clio-sandbox serve` or `qbo-sandbox serve` as a process of its own, which no sync
    kill touches."""

    kind: str
    port: int
    args: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(BIN / f"{self.kind}-sandbox"), "serve", "--port", str(self.port),
             "--auto-approve", *self.args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.process)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class QboSandbox(Sandbox):
    """The QBO sandbox with its state file. Its request counters start again at zero on each
    start; `writes()` adds what earlier lives counted, so it only ever grows."""

    def __init__(self, state_file: Path) -> None:
        super().__init__("qbo", free_port(), ["--batch-latency", BATCH_LATENCY_S,
                                              "--state-file", str(state_file)])
        self.earlier_writes = 0
        self.restarts = 0
        self.control = httpx2.Client(timeout=5)  # polled every few ms while a sync runs

    def counters(self, realm_id: str) -> dict[str, int] | None:
        """The realm's request counters, or None while the sandbox is down."""
        try:
            response = self.control.get(f"{self.url}/_sandbox/realms/{realm_id}/requests")
        except httpx2.HTTPError:
            return None
        return {k: int(v) for k, v in response.raise_for_status().json().items()
                if k in ("write", "batch")}

    def writes(self, realm_id: str) -> int | None:
        counters = self.counters(realm_id)
        if counters is None:
            return None
        return self.earlier_writes + counters["write"] + counters["batch"]

    def total_writes(self, realm_id: str) -> int:
        """`writes()`, or what earlier lives counted while the sandbox is down."""
        writes = self.writes(realm_id)
        return self.earlier_writes if writes is None else writes

    def save_and_kill(self, realm_id: str) -> None:
        """Save the whole state, then SIGKILL: only ever with no sync running."""
        self.earlier_writes = self.writes(realm_id) or self.earlier_writes
        httpx2.post(f"{self.url}/_sandbox/state/save", timeout=60).raise_for_status()
        self.kill()
        self.restarts += 1


@dataclass
class Launch:
    """One `lawbooks sync` (or `--dry-run`, `reconcile`) process, its output in a file."""

    process: subprocess.Popen[bytes]
    output: Path
    started: float

    @classmethod
    def start(cls, data_dir: Path, output: Path, *args: str) -> Launch:
        env = {**os.environ, "LAWBOOKS_DATA_DIR": str(data_dir)}
        with output.open("wb") as sink:
            process = subprocess.Popen([LAWBOOKS, *args], env=env, stdout=sink,
                                       stderr=subprocess.STDOUT)
        return cls(process, output, time.monotonic())

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def wait(self, seconds: float) -> int:
        return self.process.wait(timeout=seconds)

    def text(self) -> str:
        return self.output.read_text(errors="replace")


def run_cli(data_dir: Path, output: Path, *args: str, seconds: float = 900) -> tuple[int, str]:
    """A `lawbooks` command to its end: (exit code, what it printed)."""
    launch = Launch.start(data_dir, output, *args)
    try:
        code = launch.wait(seconds)
    except subprocess.TimeoutExpired:
        launch.kill()
        raise
    return code, launch.text()
