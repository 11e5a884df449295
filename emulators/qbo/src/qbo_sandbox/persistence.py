"""Saving the whole sandbox to a JSON file and loading it back, money exact.

What is kept: every company (records with Ids, SyncTokens, timestamps, deleted and voided
flags, Id sequences, remembered ``requestid`` answers), the OAuth server (apps, grants, codes,
tokens and their expiries), webhook endpoints and the clock's manual offset. What is not:
fault plans, rate windows and request counters, which describe a run rather than the books.
Decimals are written as ``{"$decimal": "12.50"}`` so that ``Decimal("100")`` does not come
back as the integer 100 and ``Decimal("1.10")`` keeps its trailing zero.
"""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import simplejson

from qbo_sandbox.backend import RealmBackend
from qbo_sandbox.kinds import REGISTRY
from qbo_sandbox.oauth import App, Code, Grant, OAuthServer, Token
from qbo_sandbox.store import RealmStore, Record

if TYPE_CHECKING:
    from qbo_sandbox.sandbox import QboSandbox

FORMAT, VERSION = "lawbooks-qbo-sandbox-state", 1


class StateFileError(ValueError):
    """Not a state file this sandbox wrote (answered 400 by the control plane)."""


def _tag(node: Any) -> Any:
    if isinstance(node, Decimal):
        return {"$decimal": str(node)}
    if isinstance(node, dict):
        return {k: _tag(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_tag(v) for v in node]
    return node


def _untag(node: dict[str, Any]) -> Any:
    return Decimal(node["$decimal"]) if set(node) == {"$decimal"} else node


def save(sandbox: QboSandbox, path: str | os.PathLike[str]) -> Path:
    """Write the state atomically (a temporary file renamed over ``path``)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = simplejson.dumps(_tag(dump(sandbox)), indent=1)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent,
                                     delete=False, suffix=".tmp") as handle:
        handle.write(text)
    os.replace(handle.name, target)
    return target


def load(sandbox: QboSandbox, path: str | os.PathLike[str]) -> None:
    text = Path(path).read_text(encoding="utf-8")
    try:
        state = simplejson.loads(text, object_hook=_untag)
    except ValueError as exc:
        raise StateFileError(f"not JSON: {exc}") from exc
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise StateFileError(f"not a {FORMAT} file")
    restore(sandbox, state)


def dump(sandbox: QboSandbox) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "clock_offset_s": sandbox.clock.offset_s,
            "realms": [_dump_realm(r) for r in sandbox.realms.values()],
            "oauth": _dump_oauth(sandbox.oauth),
            "webhooks": [s.settings() for s in sandbox.webhooks.subscriptions.values()]}


def restore(sandbox: QboSandbox, state: dict[str, Any]) -> None:
    sandbox.reset()
    sandbox.clock.offset_s = float(state.get("clock_offset_s", 0))
    for data in state.get("realms", []):
        sandbox.add_realm(_load_realm(sandbox, data))
    _load_oauth(sandbox.oauth, state.get("oauth", {}))
    for hook in state.get("webhooks", []):
        sandbox.webhooks.register(hook["url"], hook["verifier_token"], hook["format"],
                                  hook["client_id"], hook["id"])


def _dump_realm(realm: RealmBackend) -> dict[str, Any]:
    store = realm.store
    records = [vars(record) for kind in store.kinds() for record in store.every(kind)]
    replays = {rid: [status, body.decode("utf-8"), media]
               for rid, (status, body, media) in realm.replays.items()}
    return {"realm_id": realm.realm_id, "sequences": dict(store.sequences),
            "version": store.version, "records": records, "replays": replays}


def _load_realm(sandbox: QboSandbox, data: dict[str, Any]) -> RealmBackend:
    store = RealmStore()
    store.sequences.update(data["sequences"])
    for fields in data["records"]:
        record = Record(**fields)
        store.records[record.kind][record.id] = record
        if record.kind in REGISTRY:
            store.reindex(record, REGISTRY[record.kind].index_keys(record.doc))
    store.version = int(data["version"])
    realm = RealmBackend(data["realm_id"], "", sandbox.clock, store=store)
    realm.replays = {rid: (int(status), body.encode("utf-8"), media)
                     for rid, (status, body, media) in data["replays"].items()}
    return realm


def _dump_oauth(oauth: OAuthServer) -> dict[str, Any]:
    def token(t: Token) -> dict[str, Any]:
        return {"value": t.value, "grant": t.grant.id, "expires_at": t.expires_at,
                "superseded_at": t.superseded_at, "revoked": t.revoked}

    return {"apps": [vars(app) for app in oauth.apps.values()],
            "grants": [vars(grant) for grant in oauth.grants],
            "codes": [vars(code) for code in oauth.codes.values()],
            "access": [token(t) for t in oauth.access.values()],
            "refresh": [token(t) for t in oauth.refresh.values()]}


def _load_oauth(oauth: OAuthServer, data: dict[str, Any]) -> None:
    for fields in data.get("apps", []):
        app = App(**fields)
        oauth.apps[app.client_id] = app
    oauth.grants = [Grant(**fields) for fields in data.get("grants", [])]
    grants = {grant.id: grant for grant in oauth.grants}
    oauth.codes = {c["value"]: Code(**c) for c in data.get("codes", [])}
    for table, rows in ((oauth.access, data.get("access", [])),
                        (oauth.refresh, data.get("refresh", []))):
        for row in rows:
            table[row["value"]] = Token(**{**row, "grant": grants[row["grant"]]})
