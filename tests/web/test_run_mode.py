"""The status page says how the last run ran: a full sweep, or only what changed, and how
many client groups it planned."""

from __future__ import annotations

from fastapi.testclient import TestClient

from lawbooks.bootstrap import RUN_GROUPS, RUN_MODE, App


def test_the_status_page_says_whether_the_last_run_was_a_sweep(admin: TestClient, lb: App):
    firm_id = lb.firms.create("Hale & Ortiz")
    runs = lb.runs(firm_id)
    runs.finish(runs.start(dry_run=False), "ok", {RUN_MODE: "sweep", RUN_GROUPS: 12})
    assert "Full sweep: 12 client group(s) planned" in admin.get("/status").text
    runs.finish(runs.start(dry_run=False), "ok", {RUN_MODE: "incremental", RUN_GROUPS: 1})
    assert "Only what changed: 1 client group(s) planned" in admin.get("/status").text
