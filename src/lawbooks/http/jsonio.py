"""JSON with money as Decimal in both directions.

Both APIs send money as JSON numbers. `json.loads` would turn them into floats; msgspec hands
every number with a fraction or exponent to `Decimal` as written (every digit kept), and
writes Decimals back as plain numbers. It replaced simplejson's `use_decimal` (same values
both ways) because a sync decodes and encodes every record of the firm: simplejson spent
about 14 µs a record on that, msgspec under 2. Bad JSON raises `ValueError`, as `json` does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

_DECODER = msgspec.json.Decoder(float_hook=Decimal)
_ENCODER = msgspec.json.Encoder(decimal_format="number")


def loads(text: str | bytes) -> Any:
    return _DECODER.decode(text)  # msgspec.DecodeError is a ValueError


def dumps(value: object) -> str:
    return _ENCODER.encode(value).decode()
