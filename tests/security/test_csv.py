"""Issue #18, item 6: CSV cells a spreadsheet would run as formulas get a leading `'`."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from lawbooks.engine.reconcile import ClientBalances, Difference, Reconciliation
from lawbooks.services.reconciliation import to_csv

EVIL = ("=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab")


def _report() -> Reconciliation:
    clients = tuple(ClientBalances(f"c{n}", name, Decimal("-10.00"), Decimal("-10.00"),
                                   Decimal(0), Decimal(0)) for n, name in enumerate(EVIL))
    difference = Difference("=cmd|' /C calc'!A0", "trust", Decimal(1), Decimal(2), ("@x",))
    return Reconciliation(date(2026, 1, 31), clients, (difference,), Decimal(0), Decimal(0),
                          Decimal(0), ("=problem",))


def test_no_exported_cell_starts_a_formula_but_amounts_stay_numbers():
    cells = [cell for row in csv.reader(io.StringIO(to_csv(_report()))) for cell in row]
    assert not [c for c in cells if c[:1] in "=+@\t" and c]
    names = [c for c in cells if c.lstrip("'") in EVIL]
    assert names == [f"'{name}" for name in EVIL]
    assert "-10.00" in cells  # a negative amount is a number, not defused
    assert "'=cmd|' /C calc'!A0" in cells and "'@x" in cells and "'=problem" in cells
