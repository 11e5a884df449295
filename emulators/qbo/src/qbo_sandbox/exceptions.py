"""Every error the sandbox can answer, each knowing its wire code, message and HTTP status.

Three families, as at Intuit (reference §4): ``QboFault`` renders as the JSON ``Fault``
envelope; ``AuthFault`` as the lowercase gateway ``fault`` (401/403); ``ThrottleFault`` as the
XML 429 body. ``OAuthError`` is the OAuth server's ``{"error": ...}``. Wording marked
"unverified" in docs/sandbox-qbo.md was not seen in captured traffic.
"""

from __future__ import annotations

INACTIVE_DETAIL = (
    "Something you're trying to use has been made inactive. "
    "Check the fields with accounts, customers, items, vendors or employees."
)


class QboFault(Exception):
    """A ``{"Fault": {"Error": [...], "type": ...}}`` answer (HTTP 400 unless overridden)."""

    code = "10000"
    message = "An application error has occurred while processing your request"
    status = 400
    fault_type = "ValidationFault"

    def __init__(self, detail: str = "", element: str = "") -> None:
        super().__init__(detail or self.message)
        self.detail = detail
        self.element = element


class UnsupportedOperation(QboFault):
    code, message = "500", "Unsupported Operation"


class ObjectNotFound(QboFault):
    code, message = "610", "Object Not Found"

    def __init__(self, detail: str = f"Object Not Found : {INACTIVE_DETAIL}") -> None:
        super().__init__(detail)


class DeletedTransaction(ObjectNotFound):
    def __init__(self) -> None:
        super().__init__("Object Not Found : Another user has deleted this transaction.")


class TxnCannotBeLinked(QboFault):
    code, message = "620", "Transaction cannot be linked"


class BatchTooLarge(QboFault):
    code, message = "1040", "Batch size exceeds allowed limit"


class UnsupportedProperty(QboFault):
    code, message = "2010", "Request has invalid or unsupported property"


class RequiredParamMissing(QboFault):
    code = "2020"
    message = "Required param missing, need to supply the required value for the API"

    def __init__(self, name: str) -> None:
        super().__init__(f"Required parameter {name} is missing in the request", name)


class InvalidId(QboFault):
    code, message = "2030", "Invalid ID"

    def __init__(self, value: str) -> None:
        super().__init__(f"Id should be a valid number. Supplied value:{value}", "Id")


class StringTooLong(QboFault):
    code = "2050"
    message = "String length is either shorter or longer than supported by specification"

    def __init__(self, element: str, maximum: int, supplied: int) -> None:
        detail = (
            "String length specified does not match the supported length. "
            f"Min:0 Max:{maximum} supplied length:{supplied}"
        )
        super().__init__(detail, element)


class InvalidEnumeration(QboFault):
    code, message = "2170", "Invalid Enumeration"

    def __init__(self, value: object, element: str = "") -> None:
        super().__init__(f"Invalid Enumeration : {value}", element)


class InvalidReference(QboFault):
    code, message = "2500", "Invalid Reference Id"

    def __init__(self, element: str) -> None:
        super().__init__(f"Invalid Reference Id : {element}", element)


class QueryParseError(QboFault):
    code, message = "4000", "Error parsing query"


class InvalidQuery(QboFault):
    code, message = "4001", "Invalid query"


class StaleObject(QboFault):
    code, message = "5010", "Stale Object Error"

    def __init__(self) -> None:
        user = "QuickBooks Sandbox User"
        super().__init__(
            f"Stale Object Error : You and {user} were working on this at the same time. "
            f"{user} finished before you did, so your work was not saved."
        )


class BusinessValidation(QboFault):
    code = "6000"
    message = "A business validation error has occurred while processing your request"

    def __init__(self, reason: str, element: str = "") -> None:
        super().__init__(f"Business Validation Error: {reason}", element)


class AmountCalculation(QboFault):
    code, message = "6070", "Amount calculation incorrect in the request"

    def __init__(self, supplied: object) -> None:
        super().__init__(f"Amount is not equal to Qty * UnitPrice. Supplied value:{supplied}")


class NoNameProvided(QboFault):
    code, message = "6080", "No Name Provided"

    def __init__(self) -> None:
        super().__init__(
            "Title, GivenName, MiddleName, FamilyName, DisplayName, Suffix - "
            "one of these must be non-empty"
        )


class DiscountLineIncomplete(QboFault):
    code, message = "6090", "Discount Line missing required info."

    def __init__(self) -> None:
        super().__init__("Discount amount or percent should be provided.")


class DuplicateDocNumber(QboFault):
    code, message = "6140", "Duplicate Document Number Error"

    def __init__(self, doc_number: str, txn_type: str, txn_id: str) -> None:
        super().__init__(
            "Duplicate Document Number Error : You must specify a different number. "
            f"This number has already been used. DocNumber={doc_number} is assigned to "
            f"TxnType={txn_type} with TxnId={txn_id}"
        )


class AccountPeriodClosed(QboFault):
    code, message = "6210", "Account Period Closed, Cannot Update Through Services API"

    def __init__(self) -> None:
        super().__init__(
            "The account period has closed and the books cannot be updated through the QBO "
            "Services API. Please use the QBO website to make these changes."
        )


class DuplicateName(QboFault):
    code, message = "6240", "Duplicate Name Exists Error"

    def __init__(self) -> None:
        # Exactly as captured (conformance/qbo/cassettes/error/validation.yml).
        super().__init__("The name supplied already exists. : null")


class InvalidAccountType(QboFault):
    code, message = "6430", "Invalid account type"

    def __init__(self, reason: str, element: str = "") -> None:
        super().__init__(f"Invalid account type : {reason}", element)


class DepositedTransaction(QboFault):
    code, message = "6540", "Deposited Transaction cannot be changed"

    def __init__(self) -> None:
        super().__init__(
            "This transaction has been deposited. If you want to change or delete it, you "
            "must first edit the deposit it appears on and remove it."
        )


class AuthFault(Exception):
    """The gateway's lowercase ``fault`` (401 AuthenticationFailed / 403 authorization)."""

    status = 401
    code = "3200"
    wire_message = "message=AuthenticationFailed; errorCode=003200; statusCode=401"
    fault_type = "AUTHENTICATION"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class AuthorizationFault(AuthFault):
    status = 403
    code = "3100"
    wire_message = "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403"
    fault_type = "AUTHORIZATION"


class ThrottleFault(Exception):
    """HTTP 429, answered in XML even to JSON clients (captured, reference §0)."""

    status = 429
    code = "3001"
    wire_message = "message=ThrottleExceeded; errorCode=003001; statusCode=429"
    detail = "The request limit was reached.  Try again later"


class OAuthError(Exception):
    """``{"error": "invalid_grant"}`` and friends from the OAuth token/revoke endpoints."""

    def __init__(self, error: str, status: int = 400) -> None:
        super().__init__(error)
        self.error = error
        self.status = status


class AccountTypeMissing(QboFault):
    code, message = "6010", "Invalid Account.AccountType && Account.SubType"

    def __init__(self) -> None:
        super().__init__(
            "Either an Account.AccountType or an Account.AccountSubType must be specified"
        )


class SystemFault(QboFault):
    """HTTP 500 ``SystemFault`` (code 10000): QBO failed inside; retry with the same requestid.
    Wording as integrators report it (unverified against captured traffic)."""

    code, message = "10000", "An application error has occurred while processing your request"
    status = 500
    fault_type = "SystemFault"

    def __init__(self) -> None:
        super().__init__(
            "System Failure Error: An unexpected error occurred while accessing or saving "
            "your data. Please wait a few minutes and try again. If the problem persists, "
            "contact customer support."
        )
