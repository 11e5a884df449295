"""Issue #18, item 1, end to end: lawbooks registers the firm's webhooks with the Clio
sandbox, each on its own token URL, and the sandbox's handshakes to them are accepted."""

from __future__ import annotations

from pathlib import Path

import httpx2

from lawbooks.bootstrap import App, clio_client
from lawbooks.demo import Sandboxes, serve, set_up_demo_firm
from lawbooks.services.webhooks import CLIO_MODELS, register_clio_webhooks
from lawbooks.store.schema import WebhookRegistrationRow
from lawbooks.web.app import create_app
from web.web_support import web_settings


def test_lawbooks_registers_clio_webhooks_that_the_handshake_activates(
        sandboxes: Sandboxes, tmp_path: Path):
    firm = set_up_demo_firm(sandboxes, tmp_path / "var", size="small", seed=5)
    server = serve(create_app(web_settings(firm.app.settings.data_dir), lb=firm.app))
    try:
        ids = register_clio_webhooks(firm.app, firm.firm_id, server.url)
        assert httpx2.post(f"{sandboxes.clio.url}/_sandbox/webhooks/drain").status_code == 204
        assert firm.app.runs(firm.firm_id).sync_requested_at() is None
        _edit_a_contact(firm.app, firm.firm_id)
        assert httpx2.post(f"{sandboxes.clio.url}/_sandbox/webhooks/drain").status_code == 204
        log = httpx2.get(f"{sandboxes.clio.url}/_sandbox/webhooks/deliveries").json()
    finally:
        server.stop()
    activations = [d for d in log["deliveries"]
                   if d["webhook_id"] in ids and d["kind"] == "activation"]
    assert len(ids) == len(CLIO_MODELS) == len(activations)
    assert all(d["status"] == 200 and "/webhooks/clio/" in d["url"] for d in activations), log
    assert len({d["url"] for d in activations}) == len(ids)  # a URL per registration
    delivered = [d for d in log["deliveries"] if d["kind"] == "delivery"]
    assert delivered and all(d["status"] == 200 for d in delivered), log
    assert firm.app.runs(firm.firm_id).sync_requested_at() is not None
    with firm.app.sessions() as session:
        rows = session.query(WebhookRegistrationRow).all()
    assert len(rows) == len(ids) and all(r.secret and r.firm_id == firm.firm_id for r in rows)


def _edit_a_contact(app: App, firm_id: int) -> None:
    with clio_client(app, firm_id) as clio:
        contact = clio.get("contacts.json", {"fields": "id,etag", "limit": 1})["data"][0]
        clio.patch(f"contacts/{contact['id']}.json", {"title": "Edited"}, contact["etag"])
