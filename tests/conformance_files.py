"""Paths to the recorded, never-edited conformance data in ../shared/conformance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFORMANCE = next(p for p in (ROOT.parent / "shared" / "conformance",
                               ROOT / "shared" / "conformance") if p.exists())
QBO = CONFORMANCE / "qbo"


def cassette(name: str) -> list[dict[str, Any]]:
    """The interactions of one VCR cassette, e.g. `error/401`."""
    data = yaml.safe_load((QBO / "cassettes" / f"{name}.yml").read_text())
    return list(data["http_interactions"])


def xml_body(name: str) -> str:
    return (QBO / "xml" / f"{name}.xml").read_text()
