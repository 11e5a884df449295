"""What Clio's OpenAPI document declares for the endpoints the sandbox serves: filters,
``order`` values, base and nested fields (``declared.json``, extracted by ``openapi_tables``).
The sandbox's routes, list parameters and field catalog are built against it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DECLARED: dict[str, Any] = json.loads((Path(__file__).parent / "declared.json").read_text())
