"""The TLS context of each HTTP client (bootstrap.tls_for): https gets the process's one
verified context; plain http (the local sandboxes) one that loads no CA bundle (issue #20)
but still requires a verified certificate, so TLS through it can never go unverified."""

from __future__ import annotations

import ssl

from lawbooks.bootstrap import tls_for


def test_https_clients_share_one_verified_context():
    first = tls_for("https://app.clio.com")
    assert tls_for("https://quickbooks.api.intuit.com") is first
    assert first.verify_mode == ssl.CERT_REQUIRED and first.check_hostname


def test_plain_http_loads_no_authorities_and_still_refuses_unverified_tls():
    plain = tls_for("http://127.0.0.1:8123")
    assert plain is not tls_for("https://app.clio.com")
    assert plain.cert_store_stats()["x509_ca"] == 0  # no CA bundle read
    assert plain.verify_mode == ssl.CERT_REQUIRED and plain.check_hostname
    assert tls_for("HTTP://127.0.0.1:8123") is plain


def test_anything_but_plain_http_gets_the_verified_context():
    assert tls_for("httpx://odd.example") is tls_for("https://app.clio.com")
