"""An ASGI wrapper that counts the requests a sandbox serves (Clio's sandbox keeps no count).

`GET /_bench/counts` answers the counts by kind: `api` (what a sync spends against the
vendor's limits), `oauth`, `control` (/_sandbox/, the benchmark's own scripting); and each API
request again under `path:<route>`, ids replaced by `{id}` (`path:/api/v4/bills.json`): per
Clio stream, or per QBO operation (query, batch, cdc).
`POST /_bench/enforce` turns the QBO sandbox's rate limits on (its config is read on every
request): the firm is set up first, without them, as lawbooks' item set-up does not pace itself.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

COUNTS_PATH, ENFORCE_PATH = "/_bench/counts", "/_bench/enforce"
PATH_PREFIX = "path:"
_ID = re.compile(r"/\d+(?=/|\.json|$)")


def kind_of(path: str) -> str:
    if path.startswith("/_sandbox"):
        return "control"
    if "oauth" in path or path.startswith(("/connect", "/authorize")):
        return "oauth"
    return "api"


def route_of(path: str) -> str:
    """The path with its ids (a record's, a realm's) as `{id}`: requests of one route count
    together."""
    return _ID.sub("/{id}", path)


def per_route(counts: dict[str, int]) -> dict[str, int]:
    """The `path:` counts of a count answer, by route."""
    return {k.removeprefix(PATH_PREFIX): n for k, n in counts.items()
            if k.startswith(PATH_PREFIX) and n}


class CountingApp:
    def __init__(self, app: Any, config: Any = None) -> None:
        self.app, self.config = app, config
        self.counts: Counter[str] = Counter()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == COUNTS_PATH:
            await self._answer(send)
            return
        if scope["path"] == ENFORCE_PATH and self.config is not None:
            self.config.enforce_rate_limits = True
            await self._answer(send)
            return
        kind = kind_of(scope["path"])
        self.counts[kind] += 1
        if kind == "api":
            self.counts[PATH_PREFIX + route_of(scope["path"])] += 1
        await self.app(scope, receive, send)

    async def _answer(self, send: Any) -> None:
        body = json.dumps(dict(self.counts)).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})
