"""Issue #18, item 3: failed sign-ins throttled per address across accounts and per account
across addresses, with a "try again in N minutes"; X-Forwarded-For believed only from
LAWBOOKS_TRUSTED_PROXIES."""

from __future__ import annotations

from pathlib import Path

from security.support import running_site, try_sign_in


def test_spraying_many_emails_from_one_address_is_throttled(tmp_path: Path):
    with running_site(tmp_path / "var", login_max_failures_per_client=10) as site:
        site.user("admin@example.com")
        client = site.client()
        codes = [try_sign_in(client, f"user{n}@example.com", "wrong password!").status_code
                 for n in range(12)]
        assert codes[:10] == [400] * 10 and codes[10:] == [429, 429]
        refused = try_sign_in(client, "admin@example.com")  # even the right password
        assert refused.status_code == 429
        assert "Try again in 15 minutes" in refused.text
        assert int(refused.headers["Retry-After"]) > 800


def failures_from_many_addresses(client, count: int) -> list[int]:
    """`count` wrong passwords for one account, each claiming another X-Forwarded-For."""
    return [try_sign_in(client, "admin@example.com", "wrong password!",
                        {"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(count)]


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(tmp_path: Path):
    with running_site(tmp_path / "var") as site:
        site.user("admin@example.com")
        client = site.client()
        codes = failures_from_many_addresses(client, 6)
        assert codes == [400] * 5 + [429]


def test_one_account_from_many_addresses_is_throttled(tmp_path: Path):
    with running_site(tmp_path / "var", trusted_proxies="127.0.0.1",
                      login_max_failures_per_account=6) as site:
        site.user("admin@example.com")
        client = site.client()
        codes = failures_from_many_addresses(client, 7)
        assert codes == [400] * 6 + [429]
        from_elsewhere = try_sign_in(client, "admin@example.com",
                                     headers={"X-Forwarded-For": "198.51.100.7"})
        assert from_elsewhere.status_code == 429
