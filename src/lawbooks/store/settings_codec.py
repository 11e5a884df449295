"""SyncSettings <-> the JSON kept on the firm row."""

from __future__ import annotations

from datetime import date
from typing import Any

from lawbooks.domain.settings import (
    ItemMapping,
    MappedKind,
    SyncSettings,
    TrustMapping,
    TrustSettings,
)


def _encode_trust(trust: TrustSettings) -> dict[str, Any]:
    return {"enabled": trust.enabled,
            "accounts": [[m.clio_account_id, m.qbo_bank_account_id, m.qbo_liability_account_id]
                         for m in trust.accounts],
            "start": trust.start.isoformat() if trust.start else None,
            "exclude_disbursements": trust.exclude_disbursements,
            "exclude_bill_payments": trust.exclude_bill_payments,
            "opening_balances": trust.opening_balances,
            "decided": trust.decided}


def _decode_trust(data: dict[str, Any]) -> TrustSettings:
    return TrustSettings(
        enabled=bool(data.get("enabled", False)),
        accounts=tuple(TrustMapping(*map(str, row)) for row in data.get("accounts", [])),
        start=date.fromisoformat(data["start"]) if data.get("start") else None,
        exclude_disbursements=bool(data.get("exclude_disbursements", False)),
        exclude_bill_payments=bool(data.get("exclude_bill_payments", False)),
        opening_balances=bool(data.get("opening_balances", False)),
        decided=bool(data.get("decided", False)))


def encode(settings: SyncSettings) -> dict[str, Any]:
    return {
        "sync_start": settings.sync_start.isoformat(),
        "aggregate_taxes": settings.aggregate_taxes,
        "interval_minutes": settings.interval_minutes,
        "items": {k.value: v for k, v in settings.mapping.items.items()},
        "primary_tax_label": settings.primary_tax_label,
        "secondary_tax_label": settings.secondary_tax_label,
        "payment_account_id": settings.payment_account_id,
        "delete_voided_payments": settings.delete_voided_payments,
        "credit_memo_prefix": settings.credit_memo_prefix,
        "journal_prefix": settings.journal_prefix,
        "trust": _encode_trust(settings.trust),
    }


def decode(data: dict[str, Any]) -> SyncSettings:
    defaults = SyncSettings()
    return SyncSettings(
        sync_start=date.fromisoformat(data.get("sync_start", defaults.sync_start.isoformat())),
        aggregate_taxes=bool(data.get("aggregate_taxes", defaults.aggregate_taxes)),
        interval_minutes=int(data.get("interval_minutes", defaults.interval_minutes)),
        mapping=ItemMapping({MappedKind(k): str(v) for k, v in data.get("items", {}).items()}),
        primary_tax_label=data.get("primary_tax_label", defaults.primary_tax_label),
        secondary_tax_label=data.get("secondary_tax_label", defaults.secondary_tax_label),
        payment_account_id=data.get("payment_account_id"),
        delete_voided_payments=bool(data.get("delete_voided_payments", False)),
        credit_memo_prefix=data.get("credit_memo_prefix", defaults.credit_memo_prefix),
        journal_prefix=data.get("journal_prefix", defaults.journal_prefix),
        trust=_decode_trust(data.get("trust", {})),
    )
