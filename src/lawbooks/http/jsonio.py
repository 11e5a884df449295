"""JSON with money as Decimal in both directions.

Both APIs send money as JSON numbers. `json.loads` would turn them into floats; simplejson's
`use_decimal` keeps every digit, and writes Decimals back as plain numbers.
"""

from __future__ import annotations

from typing import Any

import simplejson


def loads(text: str | bytes) -> Any:
    return simplejson.loads(text, use_decimal=True)


def dumps(value: object) -> str:
    return str(simplejson.dumps(value, use_decimal=True, separators=(",", ":")))
