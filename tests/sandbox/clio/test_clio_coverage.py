"""The sandbox's tables match Clio's OpenAPI document (the in-repo copy), and the committed
coverage page matches the code."""

from __future__ import annotations

import json
from pathlib import Path

from lawbooks.sandbox.clio.coverage import coverage_markdown
from lawbooks.sandbox.clio.declared import DECLARED
from lawbooks.sandbox.clio.openapi_tables import declared_from_openapi
from lawbooks.sandbox.clio.representations import CATALOG
from sandbox.clio.clio_support import OPENAPI

COVERAGE_PAGE = Path(__file__).resolve().parents[3] / "docs" / "clio-sandbox-coverage.md"


def test_the_declared_tables_are_the_documents() -> None:
    # Regenerate with: python -m lawbooks.sandbox.clio.openapi_tables <document> > declared.json
    assert declared_from_openapi(json.loads(OPENAPI.read_text())) == DECLARED


def test_every_declared_field_is_served_and_nothing_else() -> None:
    for resource, declared in DECLARED["resources"].items():
        spec = CATALOG[resource]
        assert set(spec.base) == set(declared["base"]), resource
        assert set(spec.nested) == set(declared["nested"]), resource


def test_each_nested_field_shows_the_base_fields_of_its_schema() -> None:
    for resource, declared in DECLARED["resources"].items():
        for name, target in declared["nested"].items():
            shown = CATALOG[CATALOG[resource].nested[name].resource].base
            wanted = DECLARED["nested_bases"][target["schema"]]
            assert set(shown) == set(wanted), f"{resource}.{name}"


def test_the_committed_coverage_page_is_the_generated_one() -> None:
    # Regenerate with: python -m lawbooks.sandbox.clio.coverage > docs/clio-sandbox-coverage.md
    assert COVERAGE_PAGE.read_text() == coverage_markdown()
