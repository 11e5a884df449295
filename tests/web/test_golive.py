"""The go-live gate, over both sandboxes on real ports and the real web app: until an
administrator presses "Start syncing" after the plan preview, neither the scheduler, nor a
webhook, nor a worker's dispatch, nor "Sync now" writes anything to QuickBooks (the QBO
sandbox's own request counter proves it); then the firm syncs, and a run that held records
back says "needs attention" with the reasons grouped and a link to the fix."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx2

from lawbooks.demo import Sandboxes
from lawbooks.domain.settings import ItemMapping, MappedKind
from lawbooks.services import golive
from lawbooks.services.runner import Scheduler, next_run
from lawbooks.services.webhooks import qbo_signature
from lawbooks.workers.dispatch import due
from web.web_support import QBO_VERIFIER, csrf_of, start_syncing_form


def qbo_requests(sandboxes: Sandboxes, realm: str) -> dict[str, int]:
    url = f"{sandboxes.qbo.url}/_sandbox/realms/{realm}/requests"
    return httpx2.get(url).raise_for_status().json()


def qbo_entities(sandboxes: Sandboxes, realm: str, entity: str) -> list[dict]:
    url = f"{sandboxes.qbo.url}/_sandbox/realms/{realm}/entities/{entity}"
    return list(httpx2.get(url).raise_for_status().json()[entity])


def test_nothing_is_written_to_quickbooks_before_start_syncing(
        sandboxes, sandbox_firm, sandbox_web):
    client, runner = sandbox_web
    firm = sandbox_firm
    app, firm_id = firm.app, firm.firm_id
    assert golive.setup_state(app, firm_id).complete and not golive.is_live(app, firm_id)

    # The scheduler, a webhook's request, a worker's dispatch: none of them starts a sync.
    assert next_run(app, firm_id) == (None, golive.NOT_LIVE)
    assert Scheduler(app, runner).tick() == []
    body = json.dumps({"eventNotifications": [{"realmId": firm.realm_id}]}).encode()
    hook = client.post("/webhooks/qbo", content=body, headers={
        "intuit-signature": qbo_signature(QBO_VERIFIER, body)})
    assert hook.status_code == 200 and hook.json()["firms"] == 1  # a verified webhook
    assert app.runs(firm_id).sync_requested_at() is not None
    assert Scheduler(app, runner).tick() == []
    assert due(app, firm_id, datetime.now(UTC)) is None
    # Even a runner told to start writes nothing: it says why.
    assert runner.start(firm_id, "a stray caller")
    state = runner.wait(firm_id, 30)
    assert state is not None and state.outcome == "not live" and "Start syncing" in state.message

    # "Sync now" shows the plan and asks to confirm there.
    token = csrf_of(client, "/status")
    answer = client.post("/sync", data={"csrf_token": token})
    assert answer.status_code == 303 and answer.headers["location"] == "/plan"
    page = client.get("/plan").text
    assert "has not written anything to QuickBooks yet" in page
    assert "Start syncing?" in page and 'action="/go-live"' in page
    assert "Set-up done: preview the plan and press Start syncing" in page  # every page
    assert qbo_requests(sandboxes, firm.realm_id)["write"] == 0
    assert qbo_requests(sandboxes, firm.realm_id)["batch"] == 0
    assert qbo_entities(sandboxes, firm.realm_id, "Customer") == []

    # Not without a plan preview: a form from nowhere, or a preview over an hour old.
    refused = client.post("/go-live", data={"csrf_token": csrf_of(client, "/status")})
    assert refused.headers["location"] == "/plan" and not golive.is_live(app, firm_id)
    assert "Start syncing from the plan preview" in client.get("/plan").text
    preview = golive.last_preview(app, firm_id)
    assert golive.previewed(app, firm_id, preview)
    assert not golive.previewed(app, firm_id, preview, datetime.now(UTC) + timedelta(hours=2))

    # The explicit act: go live, the first sync runs, and the schedule takes over.
    answer = client.post("/go-live", data=start_syncing_form(client))
    assert answer.status_code == 303 and answer.headers["location"] == "/status"
    state = runner.wait(firm_id, 60)
    assert state is not None and state.outcome == "ok", state
    assert {i["DocNumber"] for i in qbo_entities(sandboxes, firm.realm_id, "Invoice")} == {
        "1001", "1002"}
    status = client.get("/status").text
    assert re.search(r"Live since \d{4}-\d\d-\d\d \d\d:\d\d UTC", status)
    assert "started by partner@hale-ortiz.example" in status
    assert next_run(app, firm_id)[0] is not None


def test_start_syncing_is_refused_until_set_up_is_finished(
        sandboxes, sandbox_firm, sandbox_web):
    client, _ = sandbox_web
    firm = sandbox_firm
    app, firm_id = firm.app, firm.firm_id
    settings = app.firms.settings(firm_id)
    app.firms.save_settings(firm_id, replace(
        settings, mapping=ItemMapping({MappedKind.SERVICE: "1"}),
        trust=replace(settings.trust, decided=False)))
    state = golive.setup_state(app, firm_id)
    assert state.summary == "Set-up: 2 of 4 steps done"
    page = client.get("/status").text
    assert "Set-up: 2 of 4 steps done" in page and "1 of 8 kinds mapped" in page
    plan = client.get("/plan").text
    assert "Finish set-up first" in plan and 'action="/go-live"' not in plan
    client.post("/go-live", data={"csrf_token": csrf_of(client, "/plan"),  # a forged form
                                  "preview_run": str(golive.last_preview(app, firm_id))})
    flashed = client.get("/plan").text
    assert "Set-up is not finished: Map every item kind (1 of 8 kinds mapped); Map trust " \
           "accounts or turn trust sync off" in flashed
    assert not golive.is_live(app, firm_id)
    assert qbo_requests(sandboxes, firm.realm_id)["write"] == 0


def test_a_run_that_held_records_back_needs_attention_with_the_reasons(
        sandboxes, sandbox_firm, sandbox_web):
    client, runner = sandbox_web
    firm = sandbox_firm
    app, firm_id = firm.app, firm.firm_id
    golive.go_live(app, firm_id, "partner@hale-ortiz.example")
    settings = app.firms.settings(firm_id)
    items = dict(settings.mapping.items)
    del items[MappedKind.SERVICE]  # break the mapping after going live
    app.firms.save_settings(firm_id, replace(settings, mapping=ItemMapping(items)))
    assert runner.start(firm_id, "Sync now")
    state = runner.wait(firm_id, 60)
    # The held bills' payment waits for them: a run with failures too, and held records.
    assert state is not None and state.outcome == "partial", state
    page = client.get("/status").text
    assert 'id="last-run-verdict">needs attention<' in page
    assert "2 bills: no QuickBooks product/service is mapped for service." in page
    assert 'href="/settings/items">Open Item mapping' in page
    failures = page[page.index('class="failures failure-groups"'):]
    assert "<details>" in failures and re.search(r"1 × Payment \d+ was not sent", failures)

    app.firms.save_settings(firm_id, settings)  # fixed
    assert runner.start(firm_id, "Sync now")
    assert runner.wait(firm_id, 60).outcome == "ok"
    page = client.get("/status").text
    assert 'id="last-run-verdict">ok<' in page and "Needs attention" not in page
