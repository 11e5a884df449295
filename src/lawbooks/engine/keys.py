"""Deterministic content hashes and idempotency keys.

A key is derived from (realm, entity, operation, source, content hash), never from a clock
or a random source: after a crash the same planned write gets the same key, so QBO's
`requestid` replay and our own journal recognise it.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from lawbooks.domain.model import SourceRef


def _decimal(value: object) -> str:
    if isinstance(value, Decimal):
        # 100 and 100.00 are the same money; the hash must not see a difference.
        return format(value.normalize(), "f")
    raise TypeError(f"not JSON: {type(value).__name__}")


def content_hash(document: object) -> str:
    """A stable hash of a JSON-like document (key order and Decimal scale ignored)."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), default=_decimal)
    return hashlib.sha256(text.encode()).hexdigest()


def idempotency_key(realm: str, entity: str, operation: str, source: SourceRef,
                    digest: str) -> str:
    """32 hex characters: fits QBO's requestid limits (50, and 36 inside a batch)."""
    material = "|".join((realm, entity, operation, str(source), digest))
    return hashlib.sha256(material.encode()).hexdigest()[:32]
