"""A Clio sandbox saved to its state file comes back with the same firms, ids and tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clio_sandbox.config import ClioSandboxConfig
from clio_sandbox.persistence import StateFileError
from clio_sandbox.sandbox import ClioSandbox


def test_a_saved_sandbox_comes_back_with_its_firm_and_tokens(tmp_path: Path) -> None:
    state = tmp_path / "clio.state"
    before = ClioSandbox(ClioSandboxConfig(state_file=str(state)))
    made = before.create_firm({"generate": {"size": "small", "seed": 3}})
    firm = before.firm(made["firm_id"])
    bill = next(iter(firm.bills.values()))
    before.save()

    after = ClioSandbox(ClioSandboxConfig(state_file=str(state)))
    again = after.firm(made["firm_id"])
    assert sorted(again.bills) == sorted(firm.bills)
    assert again.bills[bill.id].total == bill.total
    assert again.bills[bill.id].matter is again.matters[bill.matter.id]  # links kept as links
    assert after.oauth.authenticate(made["access_token"]) == made["firm_id"]
    assert after.clock.now() >= before.clock.now() - timedelta(seconds=1)
    # Id sequences carry on: a firm made after the restore does not reuse an id.
    second = after.create_firm({"generate": {"size": "small", "seed": 4}})
    assert second["firm_id"] != made["firm_id"]
    assert not set(after.firm(second["firm_id"]).bills) & set(firm.bills)


def test_a_restored_clock_never_runs_behind_the_wall_clock(tmp_path: Path) -> None:
    state = tmp_path / "clio.state"
    past = datetime.now(UTC) - timedelta(days=3)
    ClioSandbox(ClioSandboxConfig(clock_start=past, state_file=str(state))).save()
    restored = ClioSandbox(ClioSandboxConfig(state_file=str(state)))
    assert restored.clock.now() >= datetime.now(UTC) - timedelta(seconds=1)


def test_a_file_of_something_else_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "clio.state"
    state.write_bytes(b"not a state file")
    with pytest.raises(StateFileError, match="not a Clio sandbox state file"):
        ClioSandbox(ClioSandboxConfig(state_file=str(state)))
