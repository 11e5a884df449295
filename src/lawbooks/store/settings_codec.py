"""SyncSettings <-> the JSON kept on the firm row."""

from __future__ import annotations

from datetime import date
from typing import Any

from lawbooks.domain.settings import ItemMapping, MappedKind, SyncSettings


def encode(settings: SyncSettings) -> dict[str, Any]:
    return {
        "sync_start": settings.sync_start.isoformat(),
        "aggregate_taxes": settings.aggregate_taxes,
        "interval_minutes": settings.interval_minutes,
        "items": {k.value: v for k, v in settings.mapping.items.items()},
        "primary_tax_label": settings.primary_tax_label,
        "secondary_tax_label": settings.secondary_tax_label,
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
    )
