"""Issue #18, item 1, end to end: lawbooks registers the firm's webhooks with the Clio
sandbox, each on its own token URL, and the sandbox's handshakes to them are accepted."""

from __future__ import annotations

from pathlib import Path

import httpx2

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
        log = httpx2.get(f"{sandboxes.clio.url}/_sandbox/webhooks/deliveries").json()
    finally:
        server.stop()
    activations = [d for d in log["deliveries"]
                   if d["webhook_id"] in ids and d["kind"] == "activation"]
    assert len(ids) == len(CLIO_MODELS) == len(activations)
    assert all(d["status"] == 200 and "/webhooks/clio/" in d["url"] for d in activations), log
    assert len({d["url"] for d in activations}) == len(ids)  # a URL per registration
    with firm.app.sessions() as session:
        rows = session.query(WebhookRegistrationRow).all()
    assert len(rows) == len(ids) and all(r.secret and r.firm_id == firm.firm_id for r in rows)
