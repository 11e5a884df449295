"""What QBO holds, read for the reconciliation: receivables per customer, trust per client
ledger, the trust bank. Each document is named by lawbooks' tag when it carries one, so a
difference can be explained document by document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from lawbooks.domain.settings import TrustSettings
from lawbooks.engine.reconcile import Entry, LedgerFacts
from lawbooks.targets.qbo.client import QboClient
from lawbooks.targets.qbo.payloads import tag_of

# Documents that raise (+) or lower (-) what a customer owes.
RECEIVABLE = {"Invoice": Decimal(1), "Payment": Decimal(-1), "CreditMemo": Decimal(-1)}


def _name(entity: str, row: dict[str, Any], field: str = "PrivateNote") -> str:
    return tag_of(str(row.get(field) or "")) or f"QBO {entity} {row['Id']}"


def _on(row: dict[str, Any]) -> date:
    return date.fromisoformat(str(row.get("TxnDate") or "1970-01-01")[:10])


def _all(client: QboClient, entity: str) -> Iterable[dict[str, Any]]:
    return client.query(f"SELECT * FROM {entity}")


def read_facts(client: QboClient, trust: TrustSettings) -> LedgerFacts:
    receivable: dict[str, list[Entry]] = defaultdict(list)
    for entity, sign in RECEIVABLE.items():
        for row in _all(client, entity):
            customer = str((row.get("CustomerRef") or {}).get("value") or "")
            amount = sign * Decimal(row.get("TotalAmt") or 0)
            if amount:
                receivable[customer].append(Entry(_name(entity, row), _on(row), amount))
    ledgers: dict[str, list[Entry]] = defaultdict(list)
    bank: list[Entry] = []
    untagged: list[Entry] = []
    banks = {m.qbo_bank_account_id for m in trust.accounts}
    liabilities = {m.qbo_liability_account_id for m in trust.accounts}
    for row in _all(client, "JournalEntry") if trust.accounts else ():
        name, on = _name("JournalEntry", row), _on(row)
        for line in row.get("Line") or []:
            detail = line.get("JournalEntryLineDetail") or {}
            account = str((detail.get("AccountRef") or {}).get("value"))
            debit = detail.get("PostingType") == "Debit"
            amount = Decimal(line.get("Amount") or 0)
            if account in banks:
                bank.append(Entry(name, on, amount if debit else -amount))
            elif account in liabilities:
                holder = ((detail.get("Entity") or {}).get("EntityRef") or {}).get("value")
                entry = Entry(name, on, -amount if debit else amount)
                if holder:
                    ledgers[str(holder)].append(entry)
                else:
                    untagged.append(entry)
    return LedgerFacts(receivable, ledgers, bank, untagged)
