"""What users type, and what addresses carry: dates that are probably not meant get a
warning, a bad parameter a clear error (never a silent default), and the deposit account
for payments is a setting. Over both sandboxes and the real web app."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx2

from lawbooks.services.firm_settings import deposit_choices, trust_choices
from lawbooks.store.schema import AuditRow
from web.web_support import csrf_of, start_syncing_form


def texts(client, path: str) -> str:
    return client.get(path).text.replace("&#39;", "'")


def test_the_trust_start_date_defaults_to_today(sandbox_web):
    client, _ = sandbox_web
    page = client.get("/settings/trust").text
    assert f'name="start" value="{date.today().isoformat()}"' in page


def test_start_dates_in_the_future_or_before_the_first_clio_record_get_a_warning(
        sandbox_firm, sandbox_web):
    client, _ = sandbox_web
    client.get("/plan")  # a plan preview reads the firm's records from Clio
    form = {"item_" + k.value: v for k, v in
            sandbox_firm.app.firms.settings(sandbox_firm.firm_id).mapping.items.items()}
    token = csrf_of(client, "/settings/items")
    client.post("/settings/items", data={**form, "csrf_token": token,
                                         "sync_start": "1800-01-01", "interval_minutes": "5"})
    page = texts(client, "/settings/items")
    assert "Sync settings updated." in page
    assert ("The sync start date 1800-01-01 is before the firm's first record in Clio "
            "(2026-01-05), so it changes nothing; check the year.") in page
    token = csrf_of(client, "/settings/trust")
    client.post("/settings/trust", data={"csrf_token": token, "start": "9999-12-31"})
    page = texts(client, "/settings/trust")
    assert "Trust settings saved." in page
    assert "The trust start date 9999-12-31 is in the future: nothing is synced until then." \
        in page
    token = csrf_of(client, "/settings/trust")
    answer = client.post("/settings/trust", data={"csrf_token": token, "start": "2026-02-30"})
    assert answer.status_code == 400
    assert "The trust start date '2026-02-30' is not a date. Use YYYY-MM-DD" in \
        answer.text.replace("&#39;", "'")


def test_a_bad_query_parameter_is_refused_with_the_reason(sandbox_web):
    client, _ = sandbox_web
    page = client.get("/reconciliation?as_of=2024-99-99")
    assert page.status_code == 400
    assert "as_of '2024-99-99' is not a date. Use YYYY-MM-DD" in page.text.replace("&#39;", "'")
    csv = client.get("/reconciliation.csv?as_of=2024-99-99")
    assert csv.status_code == 400 and "is not a date" in csv.text
    audit = client.get("/audit?source=9001")
    assert audit.status_code == 400 and "for example bill/9001" in audit.text


def test_the_deposit_account_for_payments_is_a_setting(sandboxes, sandbox_firm, sandbox_web):
    client, _ = sandbox_web
    app, firm_id = sandbox_firm.app, sandbox_firm.firm_id
    page = client.get("/settings/items").text
    assert "Undeposited Funds (QuickBooks&#39; default)" in page
    banks = deposit_choices(app, firm_id).banks
    assert banks and all("Trust" not in b.name for b in banks)
    form = {"item_" + k.value: v for k, v in app.firms.settings(firm_id).mapping.items.items()}
    token = csrf_of(client, "/settings/items")
    client.post("/settings/items", data={**form, "csrf_token": token, "sync_start": "2026-01-01",
                                         "interval_minutes": "5", "payment_account": banks[0].id})
    assert app.firms.settings(firm_id).payment_account_id == banks[0].id
    assert f'<option value="{banks[0].id}" selected>' in client.get("/settings/items").text
    token = csrf_of(client, "/settings/items")
    refused = client.post("/settings/items", data={**form, "csrf_token": token,
                                                   "sync_start": "2026-01-01",
                                                   "interval_minutes": "5",
                                                   "payment_account": "99999"})
    assert refused.status_code == 400 and "no bank account with id 99999" in refused.text
    # The first payment goes to that account.
    client.post("/go-live", data=start_syncing_form(client))
    url = f"{sandboxes.qbo.url}/_sandbox/realms/{sandbox_firm.realm_id}/entities/Payment"
    _, runner = sandbox_web
    assert runner.wait(firm_id, 60).outcome == "ok"
    payments = httpx2.get(url).raise_for_status().json()["Payment"]
    assert payments and {p["DepositToAccountRef"]["value"] for p in payments} == {banks[0].id}


def test_trust_sync_turned_on_without_a_start_date_starts_today(sandbox_firm, sandbox_web):
    client, _ = sandbox_web
    app, firm_id = sandbox_firm.app, sandbox_firm.firm_id
    choices = trust_choices(app, firm_id)
    account = choices.clio_accounts[0]  # the Clio sandbox gives every firm a trust account
    token = csrf_of(client, "/settings/trust")
    answer = client.post("/settings/trust", data={
        "csrf_token": token, "enabled": "on", "start": "",
        f"bank_{account.id}": choices.banks[0].id,
        f"liability_{account.id}": choices.liabilities[0].id})
    assert answer.status_code == 303, answer.text
    trust = app.firms.settings(firm_id).trust
    assert trust.enabled and trust.start == date.today() and trust.decided


def test_a_long_audit_trail_is_paged_with_counts(sandbox_firm, sandbox_web):
    client, _ = sandbox_web
    app, firm_id = sandbox_firm.app, sandbox_firm.firm_id
    with app.sessions.begin() as session:
        session.add_all(AuditRow(firm_id=firm_id, at=datetime.now(UTC), operation_key=f"{n:064}",
                                 source="contact/12", entity="Customer", action="update",
                                 target_id="58", outcome="done") for n in range(60))
    first = client.get("/audit?source=contact/12").text
    assert "1–50 of 60" in first and first.count("<td>update</td>") == 50
    second = client.get("/audit?source=contact/12&page=2").text
    assert "51–60 of 60" in second and second.count("<td>update</td>") == 10
    beyond = client.get("/audit?source=contact/12&page=3")
    assert beyond.status_code == 400 and "has 2 page(s) of 50; page 3 does not exist" in \
        beyond.text
    garbled = client.get("/audit?source=contact/12&page=two")
    assert garbled.status_code == 400 and "page: " in garbled.text
