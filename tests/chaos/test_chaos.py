"""The chaos suite, short (part of `make test`): about ten kills of the real `lawbooks sync`
(at least one in the orphan window, whose bill is then voided in Clio), faults injected on a
third of the calls of half the launches, a QBO restart from its saved state, Clio edited
between launches; then every check of `checks.py`. `make chaos` runs the long version of the
same code. Figures are printed (pytest -s)."""

from __future__ import annotations

import json

import pytest

from chaos.harness import ChaosConfig, run_chaos

pytestmark = [pytest.mark.reliability, pytest.mark.chaos]

# More edits than the long run's between launches: more to write, so more launches are
# still writing when their kill comes. The cap keeps a run held by a 429 (QBO asks for 60 s)
# from costing more than a few seconds.
SHORT = ChaosConfig(kills=10, orphan_voids=1, min_restarts=1, min_faults=10, contacts=30,
                    bills=80, edits=(3, 8), wait_cap_s=6.0)


# Each launch is a process start (about 2.5 s on a loaded two-core machine) and a kill may
# wait up to ten seconds for a write; about two minutes in all, the cap leaves room.
@pytest.mark.timeout(600)
def test_killed_faulted_and_edited_syncs_end_in_the_books_of_a_fault_free_sync(tmp_path):
    result = run_chaos(ChaosConfig.from_env(SHORT), tmp_path)
    print("\nCHAOS SUITE", json.dumps(result.figures))
    figures = result.figures
    assert result.failures == {}, json.dumps(result.failures, indent=1)
    assert figures["kills"] >= SHORT.kills
    assert set(figures["kills_by_phase"]) >= {"start", "writing", "orphan_window"}
    assert figures["of_which_after_an_orphan_window_kill"] >= 1
    assert figures["faults_injected"] >= SHORT.min_faults and figures["qbo_restarts"] >= 1
