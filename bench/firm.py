"""The generated firms the benchmarks sync, and connecting one to the sandboxes.

The issue asks for at least 5,000 clients, 50,000 bills, 60,000 payments and 20,000 trust
transactions: the generator's "large" size (5,000 contacts, 50,000 bills) makes ~48k payments,
so "full" asks for 6,500 contacts and 65,000 bills (~63k payments, ~22k trust transactions).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2

SEED = 7
# How long before its first incremental sync a backdated firm was made (`backdated`): more
# than two of the cursors' 2-minute overlaps.
BACKDATE_S = 600
FIRMS: dict[str, dict[str, int]] = {
    "full": {"contacts": 6_500, "bills": 65_000},
    "quarter": {"contacts": 1_625, "bills": 16_250},
    "small": {"contacts": 150, "bills": 1_500},
    "tiny": {"contacts": 40, "bills": 400},
}
TRUST_ACCOUNTS = ("t1", "t2")  # the generator's trust accounts (generator_money.ACCOUNTS)
TRUST_KINDS = (("Bank", "TrustAccounts"), ("Other Current Liability", "TrustAccountsLiabilities"))
# What the Clio sandbox's firm record counts are called in the firm JSON.
KINDS = ("contacts", "bills", "payments", "credit_notes", "trust_transactions", "transfers")


def generate_body(firm: str) -> dict[str, Any]:
    return {"generate": {**FIRMS[firm], "seed": SEED}}


def connect(clio_url: str, qbo_url: str, data_dir: Path, firm: str) -> Any:
    """A generated firm in Clio, an empty QBO company, both connected through OAuth, items
    mapped (lawbooks.demo's wiring) and trust sync on for both of its trust accounts;
    returns its `DemoFirm`."""
    from lawbooks.demo import set_up_firm

    demo = set_up_firm(clio_url, qbo_url, data_dir, firm=generate_body(firm))
    enable_trust(demo)
    return demo


def enable_trust(demo: Any) -> None:
    """Map each Clio trust account to a QBO trust bank and liability pair (the company's
    own pair for the first, a new pair for each other), as a firm's admin would."""
    from dataclasses import replace

    from lawbooks.bootstrap import qbo_client
    from lawbooks.domain.settings import TrustMapping, TrustSettings

    pairs = []
    with qbo_client(demo.app, demo.firm_id) as qbo:
        for n, key in enumerate(TRUST_ACCOUNTS):
            pair = [_trust_account(qbo, n, kind, sub) for kind, sub in TRUST_KINDS]
            pairs.append(TrustMapping(str(demo.ids["bank_accounts"][key]), *pair))
    settings = demo.app.firms.settings(demo.firm_id)
    demo.app.firms.save_settings(demo.firm_id, replace(settings, trust=TrustSettings(
        True, tuple(pairs))))


def _trust_account(qbo: Any, n: int, kind: str, sub: str) -> str:
    if n == 0:
        query = f"SELECT * FROM Account WHERE AccountSubType = '{sub}'"
        return str(next(qbo.query(query))["Id"])
    document = {"Name": f"Trust {n + 1} ({sub})", "AccountType": kind, "AccountSubType": sub}
    return str(qbo.create("Account", document, f"bench-trust-{n}-{sub}")["Id"])


def source_counts(firm_ids: dict[str, dict[str, int]]) -> dict[str, int]:
    """How many records of each kind the Clio sandbox made (from the ids it answered)."""
    return {kind: len(firm_ids.get(kind, {})) for kind in KINDS}


def counts(url: str) -> dict[str, int]:
    """Requests a sandbox has served, by kind (bench.counting)."""
    return dict(httpx2.get(f"{url}/_bench/counts", timeout=30).raise_for_status().json())


def enforce_qbo(qbo_url: str) -> None:
    httpx2.post(f"{qbo_url}/_bench/enforce", timeout=30).raise_for_status()


def advance_clio(clio_url: str, seconds: int) -> None:
    """Move the Clio sandbox's clock on (what changed "since" is read on its clock)."""
    httpx2.post(f"{clio_url}/_sandbox/clock/advance", json={"seconds": seconds},
                timeout=30).raise_for_status()


def advance_qbo(qbo_url: str, seconds: float) -> None:
    """Move the QBO sandbox's clock (back too: what it stamps, and what its CDC answers)."""
    httpx2.post(f"{qbo_url}/_sandbox/clock", json={"advance_s": seconds},
                timeout=30).raise_for_status()


@contextmanager
def backdated(clio_url: str, qbo_url: str, seconds: float) -> Iterator[None]:
    """Around a firm's initial sync: a firm whose records, and QBO documents, were made
    `seconds` before its next sync, as a real firm's are. Without it the next sync re-reads,
    once, everything stamped within the cursors' 2-minute overlap (Clio's streams, QBO's
    customer change feed): an artefact of a firm generated just before.

    The Clio sandbox was started `seconds` in the past (`Limits.clio_backdate_s`), so the firm
    is stamped then; its clock is caught up before the sync. QBO's clock is set back during
    the sync, so what it writes is stamped then, and put right after it."""
    if not seconds:
        yield
        return
    advance_clio(clio_url, int(seconds))
    advance_qbo(qbo_url, -seconds)
    try:
        yield
    finally:
        advance_qbo(qbo_url, seconds)


def qbo_report(qbo_url: str, realm_id: str) -> dict[str, Any]:
    """The QBO sandbox's per-realm request counters and observed peak rates."""
    url = f"{qbo_url}/_sandbox/realms/{realm_id}/requests"
    return dict(httpx2.get(url, timeout=30).raise_for_status().json())


def reset_qbo_report(qbo_url: str, realm_id: str) -> None:
    httpx2.delete(f"{qbo_url}/_sandbox/realms/{realm_id}/requests", timeout=30)
