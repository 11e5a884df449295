"""openapi-core over real sandbox calls: each request and its response, checked against Clio's
OpenAPI document (the in-repo copy) as a whole operation, path, parameters and body.

Two relaxations, both for what the document leaves out rather than what Clio does: every
schema is ``nullable`` (the document never says so though Clio sends nulls for empty values;
only null is allowed, every other value keeps its type and enum), and the test server is
added to ``servers`` so request paths resolve.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import parse_qs, urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict


def _nullable(node: Any) -> Any:
    if isinstance(node, list):
        return [_nullable(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable(v) for k, v in node.items()}
    if isinstance(out.get("type"), str):
        out["nullable"] = True
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


class _Request:
    """An httpx request as openapi-core reads one."""

    def __init__(self, request: Any) -> None:
        url = urlsplit(str(request.url))
        self.host_url = f"{url.scheme}://{url.netloc}"
        self.path = url.path
        self.method = request.method.lower()
        self.body = request.content or None
        self.content_type = request.headers.get("content-type", "application/json")
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(
                [(k, v) for k, vs in parse_qs(url.query).items() for v in vs]),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )


class _Response:
    def __init__(self, response: Any) -> None:
        self.data = response.content
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(dict(response.headers))


class OpenApiCalls:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        relaxed = _nullable(copy.deepcopy(document))
        relaxed["servers"] = [{"url": "http://testserver/api/v4"}, *relaxed["servers"]]
        # The document itself fails openapi-spec-validator (a duplicated tag name): skip that
        # check, it says nothing about the sandbox.
        self.spec = OpenAPI.from_dict(relaxed, config=Config(spec_validator_cls=None))

    def validate(self, response: Any) -> None:
        """The call's request and response both conform (AssertionError naming what does not)."""
        self._check(response, request_too=True)

    def validate_response(self, response: Any) -> None:
        """The response conforms (for calls whose request is wrong on purpose)."""
        self._check(response, request_too=False)

    def _check(self, response: Any, request_too: bool) -> None:
        request = _Request(response.request)
        try:
            if request_too:
                self.spec.validate_request(request)
            self.spec.validate_response(request, _Response(response))
        except Exception as exc:  # openapi-core raises its own tree; show the whole cause
            detail = getattr(exc, "__cause__", None) or exc
            schema_errors = getattr(detail, "schema_errors", None) or []
            messages = [f"{list(e.absolute_path)}: {e.message}" for e in schema_errors[:5]]
            raise AssertionError(f"{request.method.upper()} {request.path}: {exc!r} "
                                 f"{messages}") from exc
