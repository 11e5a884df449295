"""`make chaos`: the long chaos run (PYTHONPATH=tests python -m chaos), its figures written
into docs/reliability.md. Defaults: 200 kills, 500 injected faults, the generator's medium
firm; LAWBOOKS_CHAOS_* override them (`harness.ChaosConfig.from_env`). Run from the
repository root. Exits 1 when a check failed (the figures are written all the same).
`--render-only` writes the figures block again from var/chaos/results.json."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from clio_sandbox.generator import SIZES

from chaos import report
from chaos.harness import ChaosConfig, run_chaos

CONTACTS, BILLS = SIZES["medium"]
LONG = ChaosConfig(kills=200, min_faults=500, orphan_voids=5, min_restarts=5,
                   restart_rate=0.05, contacts=CONTACTS, bills=BILLS)


def main(argv: list[str]) -> int:
    if argv == ["--render-only"]:
        sys.stderr.write(f"chaos: wrote {report.rerender()} from {report.RESULTS}\n")
        return 0
    config = ChaosConfig.from_env(LONG)
    with tempfile.TemporaryDirectory(prefix="lawbooks-chaos-") as workdir:
        result = run_chaos(config, Path(workdir))
    print("CHAOS SUITE", json.dumps(result.figures))
    settings = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items())
                        if k.startswith("LAWBOOKS_CHAOS_"))
    page = report.write(report.save(result, f"{settings + ' ' if settings else ''}make chaos"))
    sys.stderr.write(f"chaos: wrote {page}\n")
    for name, problems in result.failures.items():
        sys.stderr.write(f"FAILED {name}:\n" + "".join(f"  {p}\n" for p in problems))
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
