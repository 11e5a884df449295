"""The README's Coverage section is the one the code generates, and it tells the truth."""

from __future__ import annotations

from pathlib import Path

from qbo_sandbox.capabilities import coverage_markdown, main, with_coverage

README = Path(__file__).resolve().parent.parent / "README.md"  # emulators/qbo


def test_readme_coverage_matches_the_code() -> None:
    text = README.read_text(encoding="utf-8")
    assert coverage_markdown() in text, "stale: run python -m qbo_sandbox.capabilities README.md"
    assert with_coverage(text) == text


def test_table_reports_what_issue_21_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "README.md"
    out.write_text("# qbo-sandbox\n\nintro\n", encoding="utf-8")
    assert main(["capabilities", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# qbo-sandbox\n\nintro\n\n## Coverage\n")
    assert main(["capabilities", str(out)]) == 0 and out.read_text(encoding="utf-8") == text
    assert "| `SELECT *, Sku FROM Item` | implemented |" in text
    assert "| OR | `SELECT * FROM Term WHERE DueDays = 15 OR DueDays = 30` | refused (4000" in text
    assert "| TaxCode | refused | implemented | implemented | refused |" in text
    term = ["implemented"] * 5 + ["refused"] * 2 + ["implemented"]  # lists are never deleted
    assert "| Term | " + " | ".join(term) + " |" in text
    assert "| Budget | refused |" in text
