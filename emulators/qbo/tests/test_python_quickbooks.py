"""The third-party proof (issue 3): ``python-quickbooks`` with ``intuit-oauth``'s AuthClient,
unmodified, runs its whole customer / invoice / payment life cycle, a batch and a CDC call
against the sandbox served over real HTTP on a loopback port.

The libraries are only pointed at the sandbox the ways they allow: AuthClient's
``environment`` takes a discovery-document URL, and ``QuickBooks.api_url_v3`` is a class
attribute an instance may override. No sandbox code is patched.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from intuitlib.client import AuthClient
from intuitlib.enums import Scopes
from quickbooks import QuickBooks
from quickbooks.batch import batch_create
from quickbooks.cdc import change_data_capture
from quickbooks.exceptions import (
    AuthorizationException,
    ObjectNotFoundException,
    QuickbooksException,
    UnsupportedException,
)
from quickbooks.objects.customer import Customer
from quickbooks.objects.detailline import SalesItemLine, SalesItemLineDetail
from quickbooks.objects.invoice import Invoice
from quickbooks.objects.item import Item
from quickbooks.objects.payment import Payment, PaymentLine

from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig
from qbo_sandbox.oauth import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from qbo_sandbox.webhooks import sign

from .helpers import serve

REDIRECT_URI = "http://127.0.0.1:8799/callback"

# python-quickbooks 0.9.12 still calls datetime.utcnow() and warns about it.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def base(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # requests-oauthlib refuses plain http unless this oauthlib switch is set; the sandbox
    # serves http on loopback (Intuit serves https), so we set it for the test only.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    with serve(create_app(QboSandboxConfig(auto_approve=True))) as url:
        yield url


def connect(base: str) -> tuple[QuickBooks, AuthClient]:
    """The whole OAuth dance through intuitlib: discovery, consent redirect, code exchange."""
    httpx2.post(f"{base}/_sandbox/realms", json={"company_name": "Library & Co"})
    auth = AuthClient(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, REDIRECT_URI,
                      environment=f"{base}/.well-known/openid_sandbox_configuration/")
    consent = httpx2.get(auth.get_authorization_url([Scopes.ACCOUNTING]))
    assert consent.status_code == 302
    answer = {k: v[0] for k, v in parse_qs(urlsplit(consent.headers["location"]).query).items()}
    assert answer["state"] == auth.state_token
    auth.get_bearer_token(answer["code"], realm_id=answer["realmId"])
    qb = QuickBooks(auth_client=auth, refresh_token=auth.refresh_token,
                    company_id=auth.realm_id, minorversion=75, use_decimal=True)
    qb.api_url_v3 = f"{base}/v3"
    return qb, auth


def new_invoice(customer: Customer, amount: str) -> Invoice:
    item = Item()
    item.Id, item.Name = "1", "Services"  # the new company's first item
    detail = SalesItemLineDetail()
    detail.ItemRef = item.to_ref()
    line = SalesItemLine()
    line.Amount = Decimal(amount)
    line.SalesItemLineDetail = detail
    invoice = Invoice()
    invoice.CustomerRef = customer.to_ref()
    invoice.Line.append(line)
    return invoice


def test_customer_life_cycle(base: str) -> None:
    qb, _ = connect(base)
    customer = Customer()
    customer.DisplayName = "Jane Doe"
    customer.GivenName, customer.FamilyName = "Jane", "Doe"
    created = customer.save(qb=qb, request_id="create-jane")
    assert created.Id and str(created.SyncToken) == "0"
    again = Customer.get(created.Id, qb=qb)
    again.CompanyName = "Doe Law"
    updated = again.save(qb=qb)
    assert Customer.get(created.Id, qb=qb).CompanyName == "Doe Law"
    assert str(updated.SyncToken) == "1"
    assert [c.Id for c in Customer.filter(DisplayName="Jane Doe", qb=qb)] == [created.Id]
    assert Customer.count(qb=qb) == 1
    assert [c.Id for c in Customer.where("GivenName LIKE 'Ja%'", qb=qb)] == [created.Id]
    replay = Customer()
    replay.DisplayName = "Jane Doe"  # a duplicate name: answered from the requestid memory
    assert replay.save(qb=qb, request_id="create-jane").Id == created.Id
    with pytest.raises(UnsupportedException):  # QBO deletes no names...
        qb.delete_object("Customer", f'{{"Id": "{created.Id}", "SyncToken": "1"}}')
    gone = Customer.get(created.Id, qb=qb)
    gone.Active = False  # ...it makes them inactive
    gone.save(qb=qb)
    assert Customer.count(qb=qb) == 0
    assert Customer.count("Active = false", qb=qb) == 1


def test_invoice_and_payment_life_cycle(base: str) -> None:
    qb, _ = connect(base)
    customer = Customer()
    customer.DisplayName = "Acme Holdings"
    customer = customer.save(qb=qb)
    invoice = new_invoice(customer, "150.25").save(qb=qb)
    assert invoice.TotalAmt == Decimal("150.25") and invoice.Balance == Decimal("150.25")
    invoice.PrivateNote = "matter 42"
    invoice = invoice.save(qb=qb)
    assert Invoice.get(invoice.Id, qb=qb).PrivateNote == "matter 42"
    assert [i.Id for i in Invoice.filter(CustomerRef=customer.Id, qb=qb)] == [invoice.Id]

    payment = Payment()
    payment.CustomerRef = customer.to_ref()
    payment.TotalAmt = Decimal("50.25")
    line = PaymentLine()
    line.Amount = Decimal("50.25")
    line.LinkedTxn.append(invoice.to_linked_txn())
    payment.Line.append(line)
    payment = payment.save(qb=qb)
    assert Invoice.get(invoice.Id, qb=qb).Balance == Decimal("100.00")

    payment = Payment.get(payment.Id, qb=qb)
    payment.void(qb=qb)
    assert Payment.get(payment.Id, qb=qb).TotalAmt == 0
    voided_invoice = Invoice.get(invoice.Id, qb=qb)
    assert voided_invoice.Balance == Decimal("150.25")
    voided_invoice.void(qb=qb)
    assert Invoice.get(invoice.Id, qb=qb).Balance == 0

    Payment.get(payment.Id, qb=qb).delete(qb=qb)
    other = new_invoice(customer, "10").save(qb=qb)
    Invoice.get(other.Id, qb=qb).delete(qb=qb)
    with pytest.raises(ObjectNotFoundException):
        Invoice.get(other.Id, qb=qb)
    assert Payment.count(qb=qb) == 0


def test_batch_and_change_data_capture(base: str) -> None:
    qb, _ = connect(base)
    since = datetime.now() - timedelta(minutes=5)
    customers = []
    for name in ("Batch One", "Batch Two", "Batch Three"):
        customer = Customer()
        customer.DisplayName = name
        customers.append(customer)
    duplicate = Customer()
    duplicate.DisplayName = "Batch One"
    result = batch_create([*customers, duplicate], qb=qb)
    assert sorted(c.DisplayName for c in result.successes) == [
        "Batch One", "Batch Three", "Batch Two"]
    [fault] = result.faults
    assert fault.Error[0].code == "6240" and fault.original_object is duplicate

    invoice = new_invoice(result.successes[0], "75").save(qb=qb)
    changes = change_data_capture([Customer, Invoice], since, qb=qb)
    assert {c.DisplayName for c in changes.Customer} == {c.DisplayName for c in customers}
    assert [i.Id for i in changes.Invoice] == [invoice.Id]


def test_refresh_after_the_access_token_dies(base: str) -> None:
    qb, auth = connect(base)
    httpx2.post(f"{base}/_sandbox/realms/{auth.realm_id}/faults",
                json={"rate": 1, "kinds": ["revoke_token"], "max_faults": 1})
    with pytest.raises(AuthorizationException) as raised:
        Customer.count(qb=qb)
    assert raised.value.error_code == 401
    old_refresh = auth.refresh_token
    auth.refresh()
    assert auth.refresh_token != old_refresh
    qb = QuickBooks(auth_client=auth, refresh_token=auth.refresh_token,
                    company_id=auth.realm_id, minorversion=75, use_decimal=True)
    qb.api_url_v3 = f"{base}/v3"
    assert Customer.count(qb=qb) == 0


def test_throttle_and_webhook_signature_as_the_library_sees_them(base: str) -> None:
    qb, auth = connect(base)
    httpx2.post(f"{base}/_sandbox/realms/{auth.realm_id}/faults",
                json={"rate": 1, "kinds": ["429_burst"], "burst_length": 1, "max_faults": 1})
    with pytest.raises(QuickbooksException) as raised:  # the XML 429 is not JSON
        Customer.count(qb=qb)
    assert "ThrottleExceeded" in raised.value.message
    body = '{"eventNotifications":[]}'
    assert qb.validate_webhook_signature(body, sign("secret", body.encode()), "secret")
