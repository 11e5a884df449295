"""QBO's failures, mapped from its three wire shapes to one tree.

```text
QboError                                  (every class also derives from an engine class)
  + QboAuthError            Fatal       401 lowercase `fault`, 3200/100/110/120, invalid_grant
  + QboThrottled            Retriable   429, XML body (code 3001): wait 60 s
  + QboServerError          Retriable   5xx, 10000 SystemFault
  + QboTransportError       Retriable   no answer: connect/read timeouts, resets
  + QboStaleObject          Retriable   5010: re-read, re-apply, retry
  + QboValidationError      Skippable   any other Fault (2xxx, 6xxx ...)
      + QboDuplicateName        6240
      + QboDuplicateDocNumber   6140 (Detail names the existing TxnType and TxnId)
```

`error_from_response()` is the one function that picks the class. Each error carries
`status`, `code`, `intuit_tid` and the raw body, and a plain-language reason and action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lawbooks.engine.errors import FatalError, RetriableError, SkippableError, SyncError
from lawbooks.http import jsonio


class QboError(SyncError):
    status: int = 0
    code: str = ""
    intuit_tid: str | None = None
    body: str = ""


class QboAuthError(QboError, FatalError):
    pass


class QboThrottled(QboError, RetriableError):
    retry_after: float | None = 60.0  # QBO's limits page: wait 60 s after a 429


class QboServerError(QboError, RetriableError):
    pass


class QboTransportError(QboError, RetriableError):
    pass


class QboStaleObject(QboError, RetriableError):
    pass


class QboValidationError(QboError, SkippableError):
    pass


class QboDuplicateName(QboValidationError):
    pass


class QboDuplicateDocNumber(QboValidationError):
    @property
    def existing(self) -> tuple[str, str] | None:
        """(TxnType, TxnId) of the document that already holds the number."""
        match = re.search(r"TxnType=([\w ]+?) with TxnId=(\d+)", self.detail)
        return (match.group(1), match.group(2)) if match else None


@dataclass(frozen=True, slots=True)
class FaultError:
    code: str
    message: str
    detail: str
    element: str = ""


# What each code means to a bookkeeper, and what to do. Codes not here get a generic text.
_PLAIN: dict[str, tuple[str, str]] = {
    "6240": ("QuickBooks already has a customer, vendor or employee with this name.",
             "Rename one of them in QuickBooks, or let lawbooks add its suffix, then retry."),
    "6140": ("QuickBooks already has a document with this number.",
             "Renumber one of them, then retry."),
    "2500": ("a product, account or customer this document names does not exist in QuickBooks.",
             "Check the item mapping and that the record was not deleted in QuickBooks."),
    "610": ("a record this document names was deleted or made inactive in QuickBooks.",
            "Reactivate it in QuickBooks, or change the mapping, then retry."),
    "6210": ("the date falls in a period closed in QuickBooks.",
             "Move the closing date in QuickBooks or change the date in Clio, then retry."),
    "6540": ("the payment was deposited in QuickBooks and can no longer be changed.",
             "Remove it from the deposit in QuickBooks, then retry."),
    "6000": ("QuickBooks refused the document as invalid.", "Read the detail, fix it, retry."),
}


def _json(text: str) -> Any:
    try:
        return jsonio.loads(text)
    except ValueError:
        return None


def parse_faults(status: int, text: str) -> list[FaultError]:
    """The errors in any of QBO's three shapes: `Fault`, lowercase `fault`, or XML."""
    if text.lstrip().startswith("<"):
        return _xml_faults(text)
    body = _json(text)
    if not isinstance(body, dict):
        return []
    fault = body.get("Fault") or body.get("fault") or {}
    errors = fault.get("Error") or fault.get("error") or []
    return [FaultError(str(e.get("code", "")), str(e.get("Message") or e.get("message") or ""),
                       str(e.get("Detail") or e.get("detail") or ""),
                       str(e.get("element") or "")) for e in errors]


def _xml_faults(text: str) -> list[FaultError]:
    import xml.etree.ElementTree as ET  # only for an XML fault: a sync need not load it

    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return []
    found = []
    for node in root.iter():
        if node.tag.split("}")[-1] == "Error":
            parts = {child.tag.split("}")[-1]: (child.text or "") for child in node}
            found.append(FaultError(node.get("code", ""), parts.get("Message", ""),
                                    parts.get("Detail", ""), node.get("element", "")))
    return found


def _pick_class(status: int, code: str) -> type[QboError]:
    if status == 401 or code in ("3200", "100", "110", "120"):
        return QboAuthError
    if status == 429 or code == "3001":
        return QboThrottled
    if status >= 500 or code == "10000":
        return QboServerError
    return {"5010": QboStaleObject, "6240": QboDuplicateName,
            "6140": QboDuplicateDocNumber}.get(code, QboValidationError)


def error_from_batch_item(fault: dict[str, Any]) -> QboError:
    """A batch item's own Fault (the batch call itself answered 200)."""
    return error_from_response(400, jsonio.dumps({"Fault": fault}))


def error_from_response(status: int, text: str, intuit_tid: str | None = None) -> QboError:
    """The one place that turns a failed QBO answer into an exception."""
    faults = parse_faults(status, text)
    first = faults[0] if faults else FaultError("", f"HTTP {status}", text[:300])
    cls = _pick_class(status, first.code)
    reason, action = _PLAIN.get(first.code, (f"QuickBooks answered: {first.message}.",
                                             "Read the detail; retry once it is fixed."))
    if cls is QboAuthError:
        reason, action = ("QuickBooks refused lawbooks' credentials.",
                          "Reconnect QuickBooks on the connection page.")
    elif cls in (QboThrottled, QboServerError):
        reason, action = (f"QuickBooks was unavailable (HTTP {status}).",
                          "lawbooks retries by itself; nothing to do.")
    detail = "; ".join(f"{f.code} {f.message}: {f.detail}" for f in faults) or text[:300]
    error = cls(reason, action, detail=detail)
    error.status, error.code, error.intuit_tid, error.body = status, first.code, intuit_tid, text
    if isinstance(error, QboDuplicateDocNumber):
        error.detail = first.detail
    return error
