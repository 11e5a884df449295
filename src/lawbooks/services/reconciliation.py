"""The reconciliation report in the three forms firms and auditors ask for: text, CSV, JSON."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from lawbooks.engine.reconcile import Reconciliation

COLUMNS = ("client_id", "client", "clio_receivable", "qbo_receivable", "clio_trust",
           "qbo_trust", "agrees")


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def safe_cell(value: str) -> str:
    """A text cell a spreadsheet shows as text: a leading `'` defuses a formula. Amounts are
    not passed here (a negative amount is a number, not a formula)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def rows(report: Reconciliation) -> list[dict[str, str]]:
    """One row a client, then the three-way trust totals."""
    result = []
    for c in report.clients:
        agrees = c.clio_receivable == c.qbo_receivable and c.clio_trust == c.qbo_trust
        result.append({"client_id": c.client_id, "client": c.name,
                       "clio_receivable": _money(c.clio_receivable),
                       "qbo_receivable": _money(c.qbo_receivable),
                       "clio_trust": _money(c.clio_trust), "qbo_trust": _money(c.qbo_trust),
                       "agrees": "yes" if agrees else "no"})
    return result


def to_csv(report: Reconciliation) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({**row, "client_id": safe_cell(row["client_id"]),
                      "client": safe_cell(row["client"])} for row in rows(report))
    out.write("\n")
    summary = csv.writer(out, lineterminator="\n")
    summary.writerow(["three-way trust", "as of", report.as_of.isoformat()])
    summary.writerow(["QuickBooks trust bank", _money(report.trust_bank)])
    summary.writerow(["QuickBooks client trust ledgers", _money(report.trust_ledgers)])
    summary.writerow(["Clio client trust balances", _money(report.clio_trust)])
    for difference in report.differences:
        for line in difference.explained_by or ("(no single document explains it)",):
            summary.writerow(["difference", safe_cell(difference.client),
                              safe_cell(difference.what), safe_cell(line)])
    for problem in report.problems:
        summary.writerow(["problem", safe_cell(problem)])
    return out.getvalue()


def to_json(report: Reconciliation) -> str:
    return json.dumps({
        "as_of": report.as_of.isoformat(), "agrees": report.agrees, "clients": rows(report),
        "trust": {"qbo_bank": _money(report.trust_bank),
                  "qbo_client_ledgers": _money(report.trust_ledgers),
                  "clio_client_balances": _money(report.clio_trust)},
        "differences": [{"client": d.client, "what": d.what, "clio": _money(d.clio),
                         "qbo": _money(d.qbo), "explained_by": list(d.explained_by)}
                        for d in report.differences],
        "problems": list(report.problems)}, indent=2)


def to_text(report: Reconciliation) -> str:
    lines = [f"Reconciliation as of {report.as_of.isoformat()}: "
             + ("everything agrees." if report.agrees else "DIFFERENCES FOUND."), ""]
    lines.append(f"{'client':32} {'Clio AR':>12} {'QBO AR':>12} {'Clio trust':>12} "
                 f"{'QBO trust':>12}")
    for row in rows(report):
        mark = "" if row["agrees"] == "yes" else "  <-- differs"
        lines.append(f"{row['client'][:32]:32} {row['clio_receivable']:>12} "
                     f"{row['qbo_receivable']:>12} {row['clio_trust']:>12} "
                     f"{row['qbo_trust']:>12}{mark}")
    lines += ["", "Three-way trust:",
              f"  QuickBooks trust bank            {_money(report.trust_bank):>14}",
              f"  QuickBooks client trust ledgers  {_money(report.trust_ledgers):>14}",
              f"  Clio client trust balances       {_money(report.clio_trust):>14}"]
    for d in report.differences:
        lines.append(f"\n{d.client}: {d.what} differs (Clio {_money(d.clio)}, "
                     f"QuickBooks {_money(d.qbo)}). Explained by:")
        lines += [f"  - {line}" for line in d.explained_by] or ["  (no single document)"]
    lines += [f"\nProblem: {problem}" for problem in report.problems]
    return "\n".join(lines)
