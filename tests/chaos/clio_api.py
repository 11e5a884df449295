"""Reading a Clio sandbox firm through Clio's own API (v4), as any client would: the chaos
harness's view of the firm, independent of lawbooks' store and of its Clio client."""

from __future__ import annotations

from typing import Any

import httpx2
import simplejson

API_VERSION = "4.0.13"


class ClioReader:
    """A grant of its own (the control plane mints it) and paged reads with `fields=`."""

    def __init__(self, clio_url: str, firm_id: int) -> None:
        tokens = httpx2.post(f"{clio_url}/_sandbox/firms/{firm_id}/tokens", timeout=30)
        token = tokens.raise_for_status().json()["access_token"]
        self._http = httpx2.Client(base_url=f"{clio_url}/api/v4/", timeout=60, headers={
            "Authorization": f"Bearer {token}", "X-API-VERSION": API_VERSION})

    def close(self) -> None:
        self._http.close()

    def list(self, resource: str, fields: str, since: str | None = None) -> list[dict[str, Any]]:
        """Every record (changed strictly after `since`, an updated_at), oldest id first."""
        params: dict[str, Any] | None = {"fields": fields, "order": "id(asc)", "limit": 200}
        if since is not None and params is not None:
            params["updated_since"] = since
        url, rows = f"{resource}.json", []
        while url:
            response = self._http.get(url, params=params).raise_for_status()
            body = simplejson.loads(response.text, use_decimal=True)
            rows += body["data"]
            url, params = ((body.get("meta") or {}).get("paging") or {}).get("next"), None
        return rows
