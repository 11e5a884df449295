"""Every byte the sandbox sends: JSON envelopes, money formatting and all fault shapes.

- entities ``{"<Entity>": {...}, "time": ...}``; queries ``{"QueryResponse": {...}}``
  (``{}`` when nothing matches, ``{"totalCount": n}`` for COUNT); batch and CDC envelopes;
- the JSON ``Fault`` (400), the gateway's lowercase ``fault`` (401/403) with its
  ``WWW-Authenticate`` header, and the XML 429 body (conformance/qbo/xml/);
- the injected failures: the 500 ``SystemFault``, the gateway's HTML 502/503/504 and the
  empty 500 of a lost response;
- the OAuth server's token and error bodies.
Money is rendered as QBO does: two decimals, and a bare ``0`` for zero (captured void/invoice).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
from starlette.responses import Response

from .batch import BatchOutcome
from .exceptions import AuthFault, OAuthError, QboFault, ThrottleFault
from .fields import CENT
from .oauth import TokenSet
from .store import Doc

_ENCODER = msgspec.json.Encoder(decimal_format="number")  # money as numbers, every digit
_DECODER = msgspec.json.Decoder(float_hook=Decimal)  # and read back as Decimal
JSON_OK = "application/json;charset=utf-8"
JSON_ERROR = "application/json"
MONEY = frozenset({
    "Amount", "TotalAmt", "Balance", "BalanceWithJobs", "UnappliedAmt", "TotalTax",
    "CurrentBalance", "CurrentBalanceWithSubAccounts", "RemainingCredit", "HomeTotalAmt",
    "HomeBalance", "Deposit", "CreditLimit", "NetAmountTaxable",
})


def _money(node: Any, key: str | None = None) -> Any:
    if isinstance(node, dict):
        return {k: _money(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_money(v, key) for v in node]
    if key in MONEY and isinstance(node, Decimal | int) and not isinstance(node, bool):
        value = Decimal(node)
        return Decimal(0) if value == 0 else value.quantize(CENT)
    return node


def dumps(payload: Any) -> bytes:
    return _ENCODER.encode(_money(payload))


def loads(body: bytes | str) -> Any:
    return _DECODER.decode(body)  # msgspec.DecodeError is a ValueError


def json_response(payload: Any, status: int = 200) -> Response:
    media = JSON_OK if status < 400 else JSON_ERROR
    return Response(dumps(payload), status_code=status, media_type=media)


# Entities QBO wraps under their XSD element name rather than their endpoint's name.
WIRE_NAMES = {"CreditCardPayment": "CreditCardPaymentTxn"}


def wire_name(name: str) -> str:
    return WIRE_NAMES.get(name, name)


def entity(name: str, doc: Doc, time: str) -> Doc:
    return {wire_name(name): doc, "time": time}


def query_result(name: str, result: list[Doc] | int, start: int = 1) -> Doc:
    """The inside of ``QueryResponse`` (also used per batch item)."""
    if isinstance(result, int):
        return {"totalCount": result}
    if not result:
        return {}
    return {wire_name(name): result, "startPosition": start, "maxResults": len(result)}


def query(name: str, result: list[Doc] | int, start: int, time: str) -> Doc:
    return {"QueryResponse": query_result(name, result, start), "time": time}


def fault(exc: QboFault) -> Doc:
    error = {"Message": exc.message, "Detail": exc.detail or exc.message, "code": exc.code,
             "element": exc.element}
    return {"Error": [error], "type": exc.fault_type}


def fault_body(exc: QboFault, time: str) -> Doc:
    return {"Fault": fault(exc), "time": time}


def batch(outcomes: list[BatchOutcome], time: str) -> Doc:
    items = []
    for outcome in outcomes:
        item: Doc
        if outcome.fault is not None:
            item = {"Fault": fault(outcome.fault)}
        elif outcome.query is not None:
            item = {"QueryResponse": query_result(*outcome.query)}
        else:
            item = {wire_name(str(outcome.entity)): outcome.body}
        items.append({**item, "bId": outcome.bid})
    return {"BatchItemResponse": items, "time": time}


def cdc(groups: list[tuple[str, list[Doc]]], time: str) -> Doc:
    responses = [{wire_name(name): rows, "startPosition": 1, "maxResults": len(rows)}
                 for name, rows in groups if rows]
    return {"CDCResponse": [{"QueryResponse": responses or [{}]}], "time": time}


def auth_fault(exc: AuthFault, epoch_ms: int) -> Response:
    """The gateway's lowercase envelope, field for field as conformance/.../error/401.yml."""
    body: Doc = {
        "warnings": None, "intuitObject": None,
        "fault": {"error": [{"message": exc.wire_message, "detail": exc.detail,
                             "code": exc.code, "element": None}], "type": exc.fault_type},
        "report": None, "queryResponse": None, "batchItemResponse": [],
        "attachableResponse": [], "syncErrorResponse": None, "requestId": None,
        "time": epoch_ms, "status": None, "cdcresponse": [],
    }
    headers = {"WWW-Authenticate": 'Bearer realm="Intuit", error="invalid_token"'}
    return Response(dumps(body), status_code=exc.status, media_type=JSON_ERROR,
                    headers=headers if exc.status == 401 else None)


def throttle(exc: ThrottleFault, time: str) -> Response:
    """The XML 429 of conformance/qbo/xml/too_many_requests_error.xml, even to JSON clients."""
    body: str = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<IntuitResponse time="{time}" xmlns="http://schema.intuit.com/finance/v3">\n'
        '  <Fault type="SERVICE">\n'
        f'    <Error code="{exc.code}">\n'
        f"      <Message>{exc.wire_message}</Message>\n"
        f"      <Detail>{exc.detail}</Detail>\n"
        "    </Error>\n"
        "  </Fault>\n"
        "</IntuitResponse>\n"
    )
    return Response(body, status_code=exc.status, media_type="application/xml")


GATEWAY_REASONS = {502: "Bad Gateway", 503: "Service Temporarily Unavailable",
                   504: "Gateway Time-out"}


def gateway_error(status: int) -> Response:
    """What Intuit's load balancer answers when the service behind it fails (HTML, not
    JSON: clients must not expect a Fault). Body shape unverified against captures."""
    title = f"{status} {GATEWAY_REASONS[status]}"
    body = (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
            f"<center><h1>{title}</h1></center>\r\n</body>\r\n</html>\r\n")
    return Response(body, status_code=status, media_type="text/html")


def lost_response(status: int) -> Response:
    """The answer a client gets when the work was done but its response was lost: a gateway
    502/504, or a 500 with an empty body."""
    if status == 500:
        return Response(b"", status_code=500)
    return gateway_error(status)


def tokens(token_set: TokenSet) -> Response:
    body = {"token_type": "bearer", "expires_in": token_set.expires_in,
            "refresh_token": token_set.refresh_token,
            "x_refresh_token_expires_in": token_set.refresh_expires_in,
            "access_token": token_set.access_token}
    return Response(dumps(body), media_type="application/json",
                    headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def oauth_error(exc: OAuthError) -> Response:
    return Response(dumps({"error": exc.error}), status_code=exc.status,
                    media_type="application/json")
