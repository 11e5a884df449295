"""The root of every connector's exception tree, classified by what the engine does next.

```text
SyncError
  + FatalError       stop the run: the connection or the configuration is broken
  + RetriableError   try the same request again later, with the same idempotency key
  + SkippableError   this record cannot be posted as it is; hold it with the reason, go on
```

Each connector derives its own errors from these (sources/clio/errors.py,
targets/qbo/errors.py). Every error carries a plain-language `reason` and an `action`: what the
firm should do. Those two are what a bookkeeper sees; the raw vendor body stays in the log.
"""

from __future__ import annotations


class SyncError(Exception):
    """A failure a user may see: what happened, and what to do."""

    def __init__(self, reason: str, action: str = "", *, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.action = action
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.reason} {self.action}".strip()


class FatalError(SyncError):
    """The run cannot go on (revoked connection, missing configuration)."""


class RetriableError(SyncError):
    """A passing fault: the same request may succeed later."""

    retry_after: float | None = None


class SkippableError(SyncError):
    """This one record cannot be posted; the others can."""
