"""The committed coverage table is the one the code generates, and it tells the truth."""

from __future__ import annotations

from pathlib import Path

from lawbooks.sandbox.qbo.capabilities import coverage_markdown, main

TABLE = Path(__file__).resolve().parents[3] / "docs" / "qbo-sandbox-coverage.md"
REGENERATE = "python -m lawbooks.sandbox.qbo.capabilities docs/qbo-sandbox-coverage.md"


def test_committed_table_matches_the_code() -> None:
    assert TABLE.read_text(encoding="utf-8") == coverage_markdown(), f"stale: run {REGENERATE}"


def test_table_reports_what_issue_21_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "coverage.md"
    assert main(["capabilities", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "| `SELECT *, Sku FROM Item` | implemented |" in text
    assert "| OR | `SELECT * FROM Term WHERE DueDays = 15 OR DueDays = 30` | refused (4000" in text
    assert "| TaxCode | refused | implemented | implemented | refused |" in text
    term = ["implemented"] * 5 + ["refused"] * 2 + ["implemented"]  # lists are never deleted
    assert "| Term | " + " | ".join(term) + " |" in text
    assert "| Budget | refused |" in text
