"""Clio's failures, one tree.

```text
ClioError
  + ClioAuthError        Fatal       401 invalid_token, invalid_grant: reconnect Clio
  + ClioForbidden        Fatal       403: the Clio user or app lacks a permission
  + ClioRequestError     Fatal       400/404/410/412/422: lawbooks asked wrongly (or a retired
                                     API version); a bug to report, not a passing fault
  + ClioRateLimited      Retriable   429, with Retry-After
  + ClioServerError      Retriable   5xx
  + ClioTransportError   Retriable   no answer
  + ClioPagingLoop       Fatal       Clio handed back a page token twice
```
"""

from __future__ import annotations

from typing import Any

from lawbooks.engine.errors import FatalError, RetriableError, SyncError
from lawbooks.http import jsonio


class ClioError(SyncError):
    status: int = 0
    body: str = ""


class ClioAuthError(ClioError, FatalError):
    pass


class ClioForbidden(ClioError, FatalError):
    pass


class ClioRequestError(ClioError, FatalError):
    pass


class ClioPagingLoop(ClioError, FatalError):
    pass


class ClioRateLimited(ClioError, RetriableError):
    pass


class ClioServerError(ClioError, RetriableError):
    pass


class ClioTransportError(ClioError, RetriableError):
    pass


def _message(text: str) -> str:
    try:
        body: Any = jsonio.loads(text)
    except ValueError:
        return text[:200]
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or error.get("type") or "")
        return str(body.get("error_description") or error or "")
    return ""


def error_from_response(status: int, text: str, retry_after: str | None = None) -> ClioError:
    """The one place that turns a failed Clio answer into an exception."""
    message = _message(text)
    error: ClioError
    if status == 401:
        error = ClioAuthError("Clio refused lawbooks' credentials.",
                              "Reconnect Clio on the connection page.", detail=message)
    elif status == 403:
        error = ClioForbidden(f"Clio denied access: {message}.",
                              "Give the connected Clio user the Billing permission, "
                              "or reconnect as an administrator.", detail=message)
    elif status == 429:
        error = ClioRateLimited("Clio's rate limit was reached.",
                                "lawbooks waits and retries by itself.", detail=message)
        error.retry_after = float(retry_after) if retry_after else 60.0
    elif status >= 500:
        error = ClioServerError(f"Clio was unavailable (HTTP {status}).",
                                "lawbooks retries by itself.", detail=message)
    else:
        error = ClioRequestError(f"Clio rejected a request (HTTP {status}): {message}.",
                                 "Report this to the lawbooks maintainers with the log.",
                                 detail=message)
    error.status, error.body = status, text
    return error
