"""Local emulator of the QuickBooks Online Accounting API v3 (the "QBO sandbox").

moto-style layout: ``models``-like modules (store, entities, ledger, query, oauth, faults,
ratelimit, webhooks, persistence, sandbox) hold all state and business rules with no HTTP; the
``routes_*`` modules are thin; ``serializers`` owns every envelope and fault shape;
``exceptions`` knows each error's wire code and status; ``webhook_delivery`` is the one
outbound HTTP client (webhook POSTs from a background thread).
Start it with :func:`qbo_sandbox.app.create_app`.
"""

from qbo_sandbox.config import QboSandboxConfig

__all__ = ["QboSandboxConfig"]
