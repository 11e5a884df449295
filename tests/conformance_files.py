"""Paths to the recorded, never-edited conformance data in tests/conformance/ (its README
says where each file comes from and under which licence)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CONFORMANCE = Path(__file__).resolve().parent / "conformance"
QBO = CONFORMANCE / "qbo"
# Clio's OpenAPI document is kept once, beside the Clio emulator that serves it.
CLIO_OPENAPI = (Path(__file__).resolve().parents[1] / "emulators" / "clio" / "tests"
                / "conformance" / "openapi.json")


def cassette(name: str) -> list[dict[str, Any]]:
    """The interactions of one VCR cassette, e.g. `error/401`."""
    data = yaml.safe_load((QBO / "cassettes" / f"{name}.yml").read_text())
    return list(data["http_interactions"])


def xml_body(name: str) -> str:
    return (QBO / "xml" / f"{name}.xml").read_text()
