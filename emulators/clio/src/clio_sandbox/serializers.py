"""Everything the sandbox writes on the wire: envelopes, ``fields=`` projection, error shapes.

* Envelopes: ``{"data": [...], "meta": {"paging": {"next": <absolute url>}}}`` for lists
  (``next`` omitted on the last page) and ``{"data": {...}}`` for one record.
* ``fields=`` (docs/reference/clio-api.md §1.4): without it only ``id`` and ``etag``; a comma list
  with at most one level of ``{}``; a nested field named without braces shows its defaults;
  an unknown field or a second level of nesting is a 400.
* Errors: Clio's ``{"error": {"type", "message"}}``, or the OAuth2 shape
  ``{"error": code, "error_description": text}`` for /oauth/* and bad tokens.
* JSON goes through msgspec, numbers with a fraction read as ``Decimal``: money stays Decimal
  end to end and leaves as a JSON number, as Clio sends it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec
from starlette.responses import Response

from clio_sandbox.exceptions import BadRequest, ClioApiError, OAuthError
from clio_sandbox.representations import CATALOG, all_fields

Selection = list[tuple[str, tuple[str, ...] | None]]
JSON_TYPE = "application/json; charset=utf-8"


class ClioJSONResponse(Response):
    """A JSON response rendered so that Decimals keep every digit."""

    media_type = JSON_TYPE

    def render(self, content: Any) -> bytes:
        return dumps(content)


_ENCODER = msgspec.json.Encoder(decimal_format="number")
_DECODER = msgspec.json.Decoder(float_hook=Decimal)


def dumps(content: Any) -> bytes:
    return _ENCODER.encode(content)


def loads(body: bytes) -> Any:
    return _DECODER.decode(body)  # msgspec.DecodeError is a ValueError


# --- fields= ---------------------------------------------------------------------------------


def parse_fields(raw: str | None, resource: str) -> Selection:
    """Validate a ``fields=`` value against the catalog of ``resource``."""
    spec = CATALOG[resource]
    if not raw:
        return [(name, None) for name in spec.defaults]
    selection: Selection = []
    for item in _split_top(raw):
        name, inner = _split_item(item)
        if name in spec.base and inner is None:
            selection.append((name, None))
        elif name in spec.nested:
            selection.append((name, _sub_fields(name, inner, spec.nested[name].resource)))
        else:
            raise BadRequest(f"Invalid field: {item}")
    return selection


def _split_top(raw: str) -> list[str]:
    """Split on commas outside braces; unbalanced braces are a 400."""
    items, depth, current = [], 0, ""
    for char in raw:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            raise BadRequest(f"Invalid fields parameter: unbalanced braces in {raw!r}")
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    if depth != 0:
        raise BadRequest(f"Invalid fields parameter: unbalanced braces in {raw!r}")
    items.append(current.strip())
    return [item for item in items if item]


def _split_item(item: str) -> tuple[str, str | None]:
    if "{" not in item:
        return item, None
    name, _, rest = item.partition("{")
    if not rest.endswith("}"):
        raise BadRequest(f"Invalid field: {item}")
    return name.strip(), rest[:-1]


def _sub_fields(name: str, inner: str | None, resource: str) -> tuple[str, ...] | None:
    if inner is None:
        return None
    if "{" in inner:
        # Clio allows one level of nesting only (docs "fields": 400 on deeper requests).
        raise BadRequest(f"Invalid field: {name}{{{inner}}} (only one level of nesting is allowed)")
    subs = tuple(s.strip() for s in inner.split(",") if s.strip())
    base = CATALOG[resource].base
    for sub in subs:
        if sub not in base:
            raise BadRequest(f"Invalid field: {name}{{{sub}}}")
    return subs or None


# --- projection ------------------------------------------------------------------------------


def render(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def project(record: Any, resource: str, selection: Selection) -> dict[str, Any]:
    spec = CATALOG[resource]
    out: dict[str, Any] = {}
    for name, sub in selection:
        if name not in spec.nested:
            out[name] = render(spec.base[name](record))
            continue
        nested = spec.nested[name]
        fields = sub or CATALOG[nested.resource].defaults
        value = nested.get(record)
        if isinstance(value, list):
            out[name] = [_project_base(v, nested.resource, fields) for v in value]
        else:
            out[name] = None if value is None else _project_base(value, nested.resource, fields)
    return out


def _project_base(value: Any, resource: str, fields: Iterable[str]) -> dict[str, Any]:
    base = CATALOG[resource].base
    return {name: render(base[name](value)) for name in fields}


def full(record: Any, resource: str) -> dict[str, Any]:
    """Every field the sandbox serves (the /_sandbox/ endpoints answer with this)."""
    return project(record, resource, parse_fields(all_fields(resource), resource))


# --- envelopes -------------------------------------------------------------------------------


def show_body(record: Any, resource: str, selection: Selection) -> dict[str, Any]:
    return {"data": project(record, resource, selection)}


def list_body(
    records: list[Any], resource: str, selection: Selection, next_url: str | None
) -> dict[str, Any]:
    paging = {"next": next_url} if next_url else {}
    return {
        "data": [project(r, resource, selection) for r in records],
        "meta": {"paging": paging},
    }


def next_page_url(request_url: str, token: str) -> str:
    """The request's own absolute URL with ``page_token`` set (Clio's ``meta.paging.next``)."""
    parts = urlsplit(request_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page_token"]
    query.append(("page_token", token))
    return urlunsplit(parts._replace(query=urlencode(query, safe="(),{}[]")))


# --- errors ----------------------------------------------------------------------------------


def api_error_body(exc: ClioApiError) -> dict[str, Any]:
    return {"error": {"type": exc.type, "message": exc.message}}


def oauth_error_body(exc: OAuthError) -> dict[str, Any]:
    return {"error": exc.error, "error_description": exc.message}
