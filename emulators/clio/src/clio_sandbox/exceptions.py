"""Every error the Clio sandbox can answer with; each knows its HTTP status and wire type.

Two families, because Clio answers in two shapes (``serializers`` renders both):

    SandboxError
    ├── ClioApiError            {"error": {"type": ..., "message": ...}}  (spec ``Error``)
    │   ├── BadRequest          400  bad params, unknown field, limit over 200
    │   ├── NotFound            404
    │   ├── Gone                410  unknown or retired X-API-VERSION
    │   ├── PreconditionFailed  412  If-Match names a stale ETag
    │   ├── Unprocessable       422  invalid firm JSON, illegal state change
    │   └── RateLimited         429  (+ Retry-After)
    └── OAuthError              {"error": code, "error_description": ...}  (RFC 6749 shape)
        ├── InvalidRequest      400
        ├── InvalidGrant        400  bad, used or expired code; unknown refresh token
        ├── UnsupportedGrant    400
        ├── InvalidClient       401
        └── InvalidToken        401  API call with a bad, expired or revoked token
"""

from __future__ import annotations


class SandboxError(Exception):
    """Base of every sandbox error."""

    status: int = 500

    def __init__(self, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = dict(headers or {})


class ClioApiError(SandboxError):
    """An error rendered in Clio's ``Error`` schema."""

    type: str = "InternalServerError"


class BadRequest(ClioApiError):
    status = 400
    type = "BadRequest"


class NotFound(ClioApiError):
    status = 404
    type = "NotFound"


class Gone(ClioApiError):
    status = 410
    type = "Gone"


class PreconditionFailed(ClioApiError):
    status = 412
    type = "PreconditionFailed"


class Unprocessable(ClioApiError):
    status = 422
    type = "UnprocessableEntity"


class RateLimited(ClioApiError):
    status = 429
    type = "RateLimited"

    def __init__(self, message: str, retry_after: int, headers: dict[str, str]) -> None:
        super().__init__(message, {**headers, "Retry-After": str(retry_after)})
        self.retry_after = retry_after


class OAuthError(SandboxError):
    """An error rendered in the OAuth2 shape Clio uses on /oauth/* and for bad tokens."""

    error: str = "invalid_request"


class InvalidRequest(OAuthError):
    status = 400
    error = "invalid_request"


class InvalidGrant(OAuthError):
    status = 400
    error = "invalid_grant"


class UnsupportedGrant(OAuthError):
    status = 400
    error = "unsupported_grant_type"


class InvalidClient(OAuthError):
    status = 401
    error = "invalid_client"


class InvalidToken(OAuthError):
    status = 401
    error = "invalid_token"

    # Text quoted from Clio's developer support article 360004657734.
    DESCRIPTION = (
        "The access token provided is expired, revoked, malformed or invalid for other reasons."
    )

    def __init__(self, message: str = DESCRIPTION) -> None:
        super().__init__(message)
