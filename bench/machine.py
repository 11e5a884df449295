"""What the benchmarks ran on, and how busy it was (other work shares the machine)."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path


def load() -> str:
    """The 1-, 5- and 15-minute load averages, as `uptime` shows them."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _ram_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def describe() -> dict[str, str]:
    return {"CPUs (nproc)": str(os.cpu_count()), "CPU": _cpu_model(),
            "RAM": f"{_ram_gb():.1f} GB", "Python": platform.python_version(),
            "OS": f"{platform.system()} {platform.release()}"}


def tree() -> str:
    """The commit measured, and how many files under src/ differ from it (read-only git)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True).stdout.strip()

    changed = len(git("status", "--porcelain", "--", "src").splitlines())
    return f"{git('rev-parse', '--short', 'HEAD') or 'unknown'} + {changed} changed file(s) in src/"


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None  # gone meanwhile
    return text[text.rindex(")") + 2:].split()  # after "pid (name) ": state, ppid, ...


def tree_cpu_s(root: int) -> float:
    """User + system CPU seconds of `root` and every live process below it (a prefork
    worker's pool), read from /proc."""
    stats = {int(p.name): s for p in Path("/proc").iterdir() if p.name.isdigit()
             if (s := _stat(int(p.name))) is not None}
    below, tree = {root}, set()
    while below:
        tree |= below
        below = {pid for pid, s in stats.items() if int(s[1]) in below} - tree
    ticks = sum(int(stats[pid][11]) + int(stats[pid][12]) for pid in tree if pid in stats)
    return ticks / os.sysconf("SC_CLK_TCK")
