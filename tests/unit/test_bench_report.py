"""The benchmark page's logic (bench/report.py, plot.py, seed.py, idle.py's verdicts): each
figure keeps the one it replaced beside it, the page says which scale measured each, the
plot is drawn from the results, and verdicts follow the targets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bench import idle, many_firms, one_change, plot, report, seed, throughput
from bench.report import Figure, Run


def a_run(date: str, scale: str, tree: str) -> Run:
    return Run(command=f"python -m bench --scale {scale}", date=date, wall_s=60.0,
               machine={"CPUs (nproc)": "2"}, scale=scale, tree=f"{tree} + 0 changed file(s)")


def test_a_replaced_figure_stays_beside_its_successor_one_step_back():
    first = report.merge({"benches": {}}, a_run("2026-12-01 10:00 UTC", "small", "aaa"),
                         [Figure("7-idle-sync", "Idle sync", "27.0 s", "<= 1 s", False)])
    second = report.merge(first, a_run("2026-12-02 10:00 UTC", "full", "bbb"),
                          [Figure("7-idle-sync", "Idle sync", "3.0 s", "<= 1 s", False)])
    third = report.merge(second, a_run("2026-12-03 10:00 UTC", "full", "ccc"),
                         [Figure("7-idle-sync", "Idle sync", "0.8 s", "<= 1 s", True),
                          Figure("7-idle-sync", "New figure", "1")])

    figures = {f["name"]: f for f in third["benches"]["7-idle-sync"]["figures"]}
    assert figures["Idle sync"]["value"] == "0.8 s"
    assert figures["Idle sync"]["previous"] == {
        "value": "3.0 s", "passed": False, "date": "2026-12-02 10:00 UTC",
        "tree": "bbb + 0 changed file(s)", "scale": "full"}
    assert figures["New figure"]["previous"] is None


def test_a_subset_run_leaves_other_benchmarks_and_their_previous_values_alone():
    results = report.merge({"benches": {}}, a_run("2026-12-01 10:00 UTC", "full", "aaa"),
                           [Figure("1-throughput", "Rate", "0.67"),
                            Figure("9-cli", "--help", "1.7 s")])
    results = report.merge(results, a_run("2026-12-02 10:00 UTC", "full", "bbb"),
                           [Figure("1-throughput", "Rate", "0.91")])
    results = report.merge(results, a_run("2026-12-03 10:00 UTC", "small", "ccc"),
                           [Figure("9-cli", "--help", "0.2 s")])

    throughput = results["benches"]["1-throughput"]
    assert throughput["run"]["tree"].startswith("bbb")
    assert throughput["figures"][0]["previous"]["value"] == "0.67"
    assert results["benches"]["9-cli"]["figures"][0]["previous"]["value"] == "1.7 s"


def test_the_page_shows_each_figures_scale_and_previous_value():
    results = report.merge({"benches": {}}, a_run("2026-12-01 10:00 UTC", "quarter", "aaa"),
                           [Figure("9-cli", "lawbooks --help", "1.70 s", "<= 0.3 s", False)])
    results = report.merge(results, a_run("2026-12-02 10:00 UTC", "small", "bbb"),
                           [Figure("9-cli", "lawbooks --help", "0.25 s", "<= 0.3 s", True)])

    page = report.render(results, ["9-cli"], {"9-cli": "How."})

    row = next(line for line in page.splitlines() if line.startswith("| 9-cli"))
    assert row.split(" | ")[1:7] == [
        "lawbooks --help", "0.25 s", "<= 0.3 s", "pass", "`small`",
        "1.70 s (**miss**; 2026-12-01, aaa, scale `quarter`)"]
    assert "## 9-cli" in page and "How." in page


@pytest.mark.parametrize(("passed", "shown"), [(True, "pass"), (False, "**miss**"), (None, "-")])
def test_verdicts(passed: bool | None, shown: str):
    assert report.verdict(passed) == shown


def child_result(records: int, initial: tuple[float, float],
                 idle_costs: list[tuple[float, float]], clio: int, qbo: int) -> dict[str, Any]:
    """What bench.child answers: an initial sync, then idle ones (start, end, CPU, served)."""
    def sync(wall: float, cpu: float, done: int) -> dict[str, Any]:
        served = {"clio": {"api": clio, "path:/api/v4/bills.json": clio},
                  "qbo": {"api": qbo, "path:/v3/company/{id}/query": qbo}}
        return {"start": 100.0, "end": 100.0 + wall, "cpu_s": cpu, "done": done,
                "served": served}
    return {"source": {"contacts": records // 2, "bills": records - records // 2},
            "runs": [sync(*initial, records), *(sync(w, c, 0) for w, c in idle_costs)]}


def test_idle_verdicts_follow_the_issues_targets_for_the_full_firm_only():
    small = idle.summary(child_result(3_000, (10, 4), [(0.5, 0.3), (0.4, 0.2), (0.9, 0.4)],
                                      9, 2), "small")
    full = idle.summary(child_result(150_000, (600, 300), [(1.2, 0.5), (1.1, 0.5)], 9, 3),
                        "full")

    assert small["idle"] == {"wall_s": 0.5, "cpu_s": 0.3}  # the median idle sync
    small_sync, _ = idle.figures(small, full=False)
    assert small_sync.passed is None and small_sync.target == ""
    full_sync, full_requests = idle.figures(full, full=True)
    assert full_sync.passed is False  # 1.15 s > 1 s
    assert full_requests.passed is False  # 3 QBO requests > 2
    assert full_requests.value == f"Clio 9 ({idle.streams()} streams), QBO 3"
    ratio = idle.ratio_figure(small, full)
    assert ratio.value == "1.67 (full 0.50 s / small 0.30 s)" and ratio.passed is False
    within = idle.summary(child_result(150_000, (600, 300), [(0.8, 0.4)], 9, 2), "full")
    assert idle.ratio_figure(small, within).passed is True
    assert idle.figures(within, full=True)[1].passed is True


def test_the_plot_is_drawn_from_the_idle_figures_smallest_firm_first(tmp_path: Path):
    costs = [idle.summary(child_result(150_000, (600, 300), [(27, 25)], 9, 2), "full"),
             idle.summary(child_result(3_000, (10, 4), [(2.2, 1.9)], 9, 2), "small")]
    results = report.merge({"benches": {}}, a_run("2026-12-01 10:00 UTC", "full", "aaa"),
                           [f for cost in costs for f in idle.figures(cost, False)])

    assert [p["firm"] for p in plot.points(results)] == ["small", "full"]
    svg = plot.write(results, tmp_path / "plot.svg")
    assert svg is not None
    text = svg.read_text()
    assert text.startswith("<?xml") and "<svg" in text
    assert "Idle sync" in text and "Initial sync" in text and "full" in text
    again = plot.write(results, tmp_path / "again.svg")
    assert again is not None and again.read_text() == text  # no date, no random ids


def test_no_plot_without_a_measured_firm(tmp_path: Path):
    results = report.merge({"benches": {}}, a_run("2026-12-01 10:00 UTC", "small", "aaa"),
                           [Figure("9-cli", "lawbooks --help", "0.2 s")])
    assert plot.write(results, tmp_path / "plot.svg") is None
    assert not (tmp_path / "plot.svg").exists()
    assert "![" not in report.render(results, ["9-cli"], {})


def test_a_rendered_page_reads_back_into_the_same_results():
    results = report.merge({"benches": {}}, a_run("2026-12-01 10:00 UTC", "full", "aaa"),
                           [Figure("3-engine", "Records per second", "1655", ">= 1000", True,
                                   "0.9 0.6 0.6", {"firm": "full", "written": 151831}),
                            Figure("3-engine", "CPU ms per record", "0.47", load="0.9")])
    page = report.render(results, ["3-engine"], {"3-engine": "Note."})

    back = seed.from_page(page)

    results["benches"]["3-engine"]["run"]["wall_s"] = 0.0  # a section does not show it
    assert json.dumps(back["benches"], sort_keys=True) == json.dumps(
        results["benches"], sort_keys=True)
    assert back["last_run"]["command"] == "python -m bench --scale full"


def test_one_change_verdicts_follow_the_issues_targets():
    found = {"arrival_s": 1.5, "sync_wall_s": 1.9, "qbo_requests": 6}
    arrival, requests = one_change.figures(found, "full", full=True)
    assert arrival.passed is True and arrival.value == "1.50 s (sync 1.90 s, full firm)"
    assert requests.passed is False and requests.target == "<= 5"
    never, _ = one_change.figures({**found, "arrival_s": None}, "full", full=True)
    assert never.passed is False and never.value.startswith("never")
    small, _ = one_change.figures(found, "small", full=False)
    assert small.passed is None


def test_many_firms_extrapolates_a_window_to_an_hour():
    found = {"firms": 100, "window_s": 360.0, "cpu_s": {"worker": 30.0, "beat": 1.5},
             "syncs": 100, "requests": {"clio": 900, "qbo": 500}}
    cpu, requests = many_firms.figures(found)
    assert cpu.value == "315 CPU s/h for 100 firms (worker 300, beat 15; 8.8% of a core)"
    assert cpu.details["syncs_per_hour"] == 1000.0
    assert requests.value == "Clio 90, QBO 50 (100 firms)"


def test_a_page_from_before_the_whole_sync_row_gets_it_from_the_write_phases_details():
    details = {"firm": "full", "written": 151831, "time_scale": 18.8,
               "whole_sync_wall_s": 602.5, "ceiling_writes_per_qbo_minute": 1200.0}
    results = report.merge({"benches": {}}, a_run("2026-11-26 02:40 UTC", "full", "f75416e"),
                           [Figure("1-throughput", throughput.WRITE_NAME, "1102 / 1200 = 0.92",
                                   ">= 0.9", True, "0.4", details)])

    back = seed.from_page(report.render(results, ["1-throughput"], {}))

    whole = back["benches"]["1-throughput"]["figures"][1]
    assert whole["name"] == throughput.WHOLE_NAME
    assert whole["value"] == "804 / 1200 = 0.67" and whole["passed"] is False
