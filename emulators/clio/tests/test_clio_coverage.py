"""The sandbox's tables match Clio's OpenAPI document (the in-repo copy), and the committed
coverage page matches the code."""

from __future__ import annotations

import json
from pathlib import Path

from clio_sandbox.coverage import with_coverage
from clio_sandbox.declared import DECLARED
from clio_sandbox.openapi_tables import declared_from_openapi
from clio_sandbox.representations import CATALOG
from clio_support import OPENAPI

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_declared_tables_are_the_documents() -> None:
    # Regenerate with: python -m clio_sandbox.openapi_tables <document> > declared.json
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


def test_the_readmes_coverage_section_is_the_generated_one() -> None:
    # Regenerate from emulators/clio/ with: python -m clio_sandbox.coverage --write README.md
    assert README.read_text() == with_coverage(README.read_text())


def test_the_coverage_section_is_replaced_not_appended_again() -> None:
    once = with_coverage("# Title\n")
    assert with_coverage(once) == once
    assert with_coverage(once.replace("| contacts |", "| stale |")) == once
