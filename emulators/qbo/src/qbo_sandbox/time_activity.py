"""TimeActivity: time an employee or vendor worked, optionally billable to a customer.

NameOf (Employee or Vendor; 2170 otherwise) and the matching EmployeeRef or VendorRef are
required; so is a duration, as Hours/Minutes or as StartTime and EndTime (2020). Minutes run
0-59; a StartTime/EndTime pair fills Hours and Minutes (less any break), as QBO reports them.
A Billable activity needs a CustomerRef. TimeActivity posts nothing to the ledger and can be
deleted.
"""

from __future__ import annotations

from datetime import datetime

from .bills import dated
from .exceptions import BusinessValidation, InvalidEnumeration, RequiredParamMissing
from .expense_lines import BILLABLE_STATUSES
from .fields import Realm, cents, check_lengths, plain_ref, resolve_ref, to_decimal
from .kinds import EntityKind, register
from .store import Doc, Record

WORKERS = {"Employee": "EmployeeRef", "Vendor": "VendorRef"}
MINUTES_PER_HOUR = 60


def _whole(doc: Doc, key: str, maximum: int | None = None) -> int:
    value = to_decimal(doc.get(key) or 0, key)  # python-quickbooks may send null
    if value < 0 or value != value.to_integral_value() or (
            maximum is not None and value > maximum):
        bound = f" and at most {maximum}" if maximum is not None else ""
        raise BusinessValidation(f"{key} must be a whole number of at least 0{bound}.", key)
    return int(value)


def _span_minutes(doc: Doc) -> int:
    try:
        start = datetime.fromisoformat(str(doc["StartTime"]))
        end = datetime.fromisoformat(str(doc["EndTime"]))
        worked = int((end - start).total_seconds() // 60)
    except (ValueError, TypeError) as exc:  # TypeError: one with an offset, one without
        raise BusinessValidation("StartTime and EndTime must be ISO-8601 date-times, both "
                                 "with or both without a UTC offset.", "StartTime") from exc
    worked -= _whole(doc, "BreakHours") * MINUTES_PER_HOUR + _whole(doc, "BreakMinutes", 59)
    if worked <= 0:
        raise BusinessValidation("EndTime must come after StartTime (and any break).",
                                 "EndTime")
    return worked


class TimeActivityKind(EntityKind):
    name = "TimeActivity"
    deletable = True
    default_order = ("TxnDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        dated(realm, doc)
        check_lengths(doc, {"Description": 4000})
        self._worker(realm, doc)
        if doc.get("StartTime") is not None and doc.get("EndTime") is not None:
            worked = _span_minutes(doc)
            doc["Hours"], doc["Minutes"] = divmod(worked, MINUTES_PER_HOUR)
        elif doc.get("Hours") is None and doc.get("Minutes") is None:
            raise RequiredParamMissing("Hours")
        doc["Hours"], doc["Minutes"] = _whole(doc, "Hours"), _whole(doc, "Minutes", 59)
        customer = resolve_ref(realm, doc.get("CustomerRef"), ("Customer",), "CustomerRef")
        if customer is not None:
            doc["CustomerRef"] = plain_ref(customer)
        item = resolve_ref(realm, doc.get("ItemRef"), ("Item",), "ItemRef")
        if item is not None:
            doc["ItemRef"] = plain_ref(item)
        status = doc.get("BillableStatus") or "NotBillable"
        if status not in BILLABLE_STATUSES:
            raise InvalidEnumeration(status, "BillableStatus")
        if status == "Billable" and customer is None:
            raise BusinessValidation("Billable time needs a customer.", "CustomerRef")
        doc["BillableStatus"] = status
        if doc.get("HourlyRate") is not None:
            doc["HourlyRate"] = cents(to_decimal(doc["HourlyRate"], "HourlyRate"))
        return {"Taxable": False, **doc}

    def _worker(self, realm: Realm, doc: Doc) -> None:
        name_of = doc.get("NameOf")
        if not name_of:
            raise RequiredParamMissing("NameOf")
        if name_of not in WORKERS:
            raise InvalidEnumeration(name_of, "NameOf")
        key = WORKERS[name_of]
        worker = resolve_ref(realm, doc.get(key), (name_of,), key, required=True)
        assert worker is not None
        doc[key] = plain_ref(worker)
        for other in WORKERS.values():
            if other != key:
                doc.pop(other, None)


TIME_ACTIVITY = register(TimeActivityKind())
